//! URL-encoded form bodies and query strings as ordered pairs: checkbox
//! groups (`ids`, `category`) repeat a name, which flat serde structs
//! cannot express, and unknown or malformed values must never turn into a
//! 400 of the extractor when the page can say what is wrong instead.

use crate::auth::{AdminSession, check_csrf};
use crate::error::WebError;

/// The fields of one form submission or query string, in order.
#[derive(Debug, Default)]
pub(crate) struct Fields(Vec<(String, String)>);

impl Fields {
    /// Decodes `application/x-www-form-urlencoded` bytes (a body or a query).
    pub(crate) fn parse(bytes: &[u8]) -> Self {
        Self(
            url::form_urlencoded::parse(bytes)
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    /// Decodes an optional query string.
    pub(crate) fn query(raw: Option<&str>) -> Self {
        raw.map(|q| Self::parse(q.as_bytes())).unwrap_or_default()
    }

    /// The first value of `name`.
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The first value of `name`, trimmed, when not empty.
    pub(crate) fn non_empty(&self, name: &str) -> Option<&str> {
        self.get(name).map(str::trim).filter(|v| !v.is_empty())
    }

    /// The first value of `name`, or the empty string.
    pub(crate) fn text(&self, name: &str) -> String {
        self.get(name).unwrap_or_default().to_owned()
    }

    /// Every value of `name`.
    pub(crate) fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// Whether the field was sent at all (a checked checkbox).
    pub(crate) fn has(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// A positive whole number, or `None`.
    pub(crate) fn id(&self, name: &str) -> Option<i64> {
        self.non_empty(name)
            .and_then(|v| v.parse().ok())
            .filter(|n| *n > 0)
    }

    /// Every positive whole number sent as `name` (other values are
    /// ignored: they can only come from a forged form).
    pub(crate) fn ids(&self, name: &str) -> Vec<i64> {
        let mut ids: Vec<i64> = self
            .all(name)
            .iter()
            .filter_map(|v| v.trim().parse().ok())
            .filter(|n| *n > 0)
            .collect();
        ids.dedup();
        ids
    }

    /// The page number (`page`, 1 when absent or nonsense).
    pub(crate) fn page(&self) -> i64 {
        self.id("page").unwrap_or(1).min(100_000)
    }

    /// Checks the form's CSRF token against the session's.
    pub(crate) fn check_csrf(&self, me: &AdminSession) -> Result<(), WebError> {
        check_csrf(&me.session, self.get("csrf"))
    }
}

/// Only local admin paths under `prefix` are followed back after an action
/// (no open redirect); anything else goes to `prefix`.
pub(crate) fn back_to(sent: Option<&str>, prefix: &str) -> String {
    match sent {
        Some(p)
            if p.starts_with(prefix)
                && !p.contains(['\\', '\r', '\n'])
                && !p.contains("//")
                && p.len() < 2000 =>
        {
            p.to_owned()
        }
        _ => prefix.to_owned(),
    }
}

/// Adds `key=value` to a local path that may already have a query.
pub(crate) fn with_param(path: &str, key: &str, value: &str) -> String {
    let sep = if path.contains('?') { '&' } else { '?' };
    let value: String = url::form_urlencoded::byte_serialize(value.as_bytes()).collect();
    format!("{path}{sep}{key}={value}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_repeated_fields_when_parsing() {
        let f = Fields::parse(b"ids=3&ids=x&ids=5&ids=-1&q=a+b&empty=");
        assert_eq!(f.ids("ids"), vec![3, 5]);
        assert_eq!(f.get("q"), Some("a b"));
        assert_eq!(f.non_empty("empty"), None);
        assert!(f.has("empty"));
        assert_eq!(Fields::query(Some("page=zz")).page(), 1);
    }

    #[test]
    fn follows_only_local_paths_when_going_back() {
        assert_eq!(
            back_to(Some("/admin/posts/?kind=page"), "/admin/posts/"),
            "/admin/posts/?kind=page"
        );
        assert_eq!(
            back_to(Some("https://evil.example/"), "/admin/posts/"),
            "/admin/posts/"
        );
        assert_eq!(
            back_to(Some("/admin/posts//evil.example"), "/admin/posts/"),
            "/admin/posts/"
        );
        assert_eq!(with_param("/a/?x=1", "done", "a b"), "/a/?x=1&done=a+b");
    }
}
