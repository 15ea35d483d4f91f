//! The HTML `srcset` attribute for a stored image.
//!
//! See the HTML standard, "srcset attributes":
//! <https://html.spec.whatwg.org/multipage/images.html#srcset-attributes>.

use crate::storage::StoredMedia;

/// Builds a `srcset` value such as
/// `/m/a-320w.webp 320w, /m/a-768w.webp 768w, /m/a.jpg 1600w`: the variants,
/// narrowest first, then the original at its own width.
///
/// `url_of` turns an object path into the URL to put in the page. The result
/// must not contain whitespace or commas (they separate candidates), which
/// holds for paths this crate generates joined to an ordinary base URL. The
/// value is not HTML-escaped; templates must escape attributes as usual.
///
/// Returns an empty string for plain files, which have no width.
pub fn srcset(url_of: impl Fn(&str) -> String, stored: &StoredMedia) -> String {
    let Some(original_width) = stored.width else {
        return String::new();
    };
    // The standard forbids two candidates with the same width descriptor.
    let mut candidates: Vec<(u32, &str)> = stored
        .variants
        .iter()
        .filter(|v| v.width < original_width)
        .map(|v| (v.width, v.path.as_str()))
        .collect();
    candidates.sort_unstable_by_key(|&(width, _)| width);
    candidates.dedup_by_key(|&mut (width, _)| width);
    candidates.push((original_width, stored.original.as_str()));
    candidates
        .iter()
        .map(|&(width, path)| format!("{} {width}w", url_of(path)))
        .collect::<Vec<_>>()
        .join(", ")
}
