//! Helpers shared by the two XML renderers.

/// Removes characters that XML 1.0 forbids even in escaped form.
///
/// The XML writers escape markup but pass control characters through, and a
/// single stray `\u{8}` (common in content imported from old blogs) makes the
/// whole document unparseable. See <https://www.w3.org/TR/xml/#charsets>.
pub(crate) fn clean(text: &str) -> String {
    text.chars().filter(|&c| is_xml_char(c)).collect()
}

/// [`clean`] for optional values, also dropping empty ones so that no empty
/// elements are emitted.
pub(crate) fn clean_opt(text: Option<&str>) -> Option<String> {
    text.filter(|t| !t.is_empty()).map(clean)
}

fn is_xml_char(c: char) -> bool {
    // Surrogates cannot occur in a Rust `char`, so only the control range and
    // the two non-characters at the end of the BMP remain to be excluded.
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Media types without parameters, as used in `type` attributes of links.
pub(crate) mod media_type {
    pub(crate) const RSS: &str = "application/rss+xml";
    pub(crate) const ATOM: &str = "application/atom+xml";
    pub(crate) const JSON: &str = "application/feed+json";
    pub(crate) const HTML: &str = "text/html";
}
