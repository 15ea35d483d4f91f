//! Validation of object paths before they reach a store.
//!
//! Paths come back to us from the database and from URLs, so every one is
//! checked against the shape this crate generates: `/`-separated segments of
//! lowercase ASCII letters, digits, `-`, `_` and `.`, none empty and none
//! starting with a dot. That rules out `..`, absolute paths, hidden files,
//! backslashes, encoded characters and case tricks on case-insensitive disks.

use object_store::path::Path as ObjectPath;

use crate::error::{MediaError, Result};

/// Longer paths are never generated and only risk hitting filesystem limits.
const MAX_PATH_LEN: usize = 512;

/// Checks a full object path (prefix plus file name).
pub(crate) fn validate_path(path: &str) -> Result<ObjectPath> {
    if path.is_empty() || !is_valid(path) {
        return Err(MediaError::BadPath(path.to_owned()));
    }
    ObjectPath::parse(path).map_err(|_| MediaError::BadPath(path.to_owned()))
}

/// Checks a key prefix; the empty prefix means the store's root.
pub(crate) fn validate_prefix(prefix: &str) -> Result<()> {
    if prefix.is_empty() || is_valid(prefix) {
        Ok(())
    } else {
        Err(MediaError::BadPath(prefix.to_owned()))
    }
}

fn is_valid(path: &str) -> bool {
    path.len() <= MAX_PATH_LEN
        && path.split('/').all(|segment| {
            !segment.is_empty()
                && !segment.starts_with('.')
                && segment.bytes().all(|b| {
                    b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_' | b'.')
                })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_paths_we_generate() {
        for ok in ["a.jpg", "media/2026/11/urlaub-320w.webp", "u_1/x.y.pdf"] {
            assert!(validate_path(ok).is_ok(), "{ok}");
        }
        assert!(validate_prefix("").is_ok());
        assert!(validate_prefix("media/2026").is_ok());
    }

    #[test]
    fn rejects_traversal_absolute_and_foreign_characters() {
        for bad in [
            "",
            "../etc/passwd",
            "a/../b.jpg",
            "./a.jpg",
            "/abs.jpg",
            "a//b.jpg",
            "a/",
            ".hidden",
            "A.JPG",
            "a b.jpg",
            "a\\b.jpg",
            "a%2e%2e/b.jpg",
            "ä.jpg",
            "a\0.jpg",
        ] {
            assert!(
                matches!(validate_path(bad), Err(MediaError::BadPath(p)) if p == bad),
                "{bad:?}"
            );
        }
        assert!(validate_prefix("/media").is_err());
        assert!(validate_prefix("media/").is_err());
        assert!(validate_path(&"a".repeat(MAX_PATH_LEN + 1)).is_err());
    }
}
