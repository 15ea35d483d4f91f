//! Byte-level scanning and escaping shared by the WordPress converters.
//!
//! Every needle here is ASCII, so a position where one is found is always a
//! char boundary and slicing there cannot panic, whatever the input holds.

/// ASCII whitespace as PHP's `\s` sees it; Unicode spaces (such as U+00A0)
/// are text to WordPress and therefore to us.
pub(super) fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C)
}

/// Position of `needle` in `hay` at or after `from`.
pub(super) fn find(hay: &str, needle: &str, from: usize) -> Option<usize> {
    let rest = hay.as_bytes().get(from..)?;
    let n = needle.as_bytes();
    match n {
        [] => Some(from),
        [one] => rest.iter().position(|b| b == one).map(|p| p + from),
        _ => rest.windows(n.len()).position(|w| w == n).map(|p| p + from),
    }
}

/// Like [`find`], ignoring ASCII case (HTML tag names).
pub(super) fn find_ci(hay: &str, needle: &str, from: usize) -> Option<usize> {
    let rest = hay.as_bytes().get(from..)?;
    let n = needle.as_bytes();
    if n.is_empty() {
        return Some(from);
    }
    rest.windows(n.len())
        .position(|w| w.eq_ignore_ascii_case(n))
        .map(|p| p + from)
}

/// Whether `hay` has `prefix` at byte `at`, ignoring ASCII case.
pub(super) fn has_ci(hay: &str, at: usize, prefix: &str) -> bool {
    hay.as_bytes()
        .get(at..at.saturating_add(prefix.len()))
        .is_some_and(|w| w.eq_ignore_ascii_case(prefix.as_bytes()))
}

/// The next occurrence of one needle, remembered between calls.
///
/// Without it, a scanner that looks ahead for a closer (`]`, `>`,
/// `[/caption]`) from every opener turns quadratic on input with thousands
/// of unclosed openers. Positions only move forward, so a remembered hit
/// stays valid until the scanner passes it, and a miss stays a miss.
pub(super) struct Memo {
    needle: &'static str,
    last: Option<Option<usize>>,
}

impl Memo {
    pub(super) const fn new(needle: &'static str) -> Self {
        Self { needle, last: None }
    }

    /// The next occurrence at or after `from` in `hay`, which must be the
    /// same text on every call.
    pub(super) fn next(&mut self, hay: &str, from: usize) -> Option<usize> {
        match self.last {
            Some(None) => return None,
            Some(Some(p)) if p >= from => return Some(p),
            _ => {}
        }
        let found = find(hay, self.needle, from);
        self.last = Some(found);
        found
    }
}

/// Escapes plain text for element content or a double-quoted attribute.
pub(super) use crate::text::escape_html as escape;

/// Makes a value taken from HTML source (a shortcode attribute, an embed's
/// URL) safe inside a double-quoted attribute. Its character references are
/// already encoded and stay as they are; escaping them again would turn
/// `&amp;` in a URL into `&amp;amp;`.
pub(super) fn escape_source(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        match c {
            '&' if starts_reference(text.get(i..).unwrap_or_default()) => out.push('&'),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

/// `&name;`, `&#123;` or `&#x1F;` at the start of `s`. Bounded so a long
/// run of `&` stays linear.
fn starts_reference(s: &str) -> bool {
    let b = s.as_bytes();
    let body = b.get(1..b.len().min(34)).unwrap_or_default();
    let Some(semi) = body.iter().position(|&c| c == b';') else {
        return false;
    };
    let name = body.get(..semi).unwrap_or_default();
    match name {
        [b'#', b'x' | b'X', hex @ ..] => !hex.is_empty() && hex.iter().all(u8::is_ascii_hexdigit),
        [b'#', dec @ ..] => !dec.is_empty() && dec.iter().all(u8::is_ascii_digit),
        [first, ..] => first.is_ascii_alphabetic() && name.iter().all(u8::is_ascii_alphanumeric),
        [] => false,
    }
}

/// Keeps only the characters WordPress's `sanitize_html_class` keeps.
pub(super) fn class_name(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_needles_when_case_or_offset_differ() {
        assert_eq!(find("ab]cd]", "]", 3), Some(5));
        assert_eq!(find("ab", "]", 9), None);
        assert_eq!(find_ci("x</PRE>", "</pre", 0), Some(1));
        assert!(has_ci("<Pre>", 0, "<pre"));
        assert!(!has_ci("<p", 0, "<pre"));
    }

    #[test]
    fn memo_reuses_hits_and_misses_when_scanning_forward() {
        let hay = "a]b]c";
        let mut m = Memo::new("]");
        assert_eq!(m.next(hay, 0), Some(1));
        assert_eq!(m.next(hay, 1), Some(1));
        assert_eq!(m.next(hay, 2), Some(3));
        assert_eq!(m.next(hay, 4), None);
        assert_eq!(m.next(hay, 4), None);
    }

    #[test]
    fn keeps_references_when_escaping_source() {
        assert_eq!(
            escape_source("a?b=1&amp;c=2&d=\"<é>&#38;&#x26;"),
            "a?b=1&amp;c=2&amp;d=&quot;&lt;é&gt;&#38;&#x26;"
        );
        assert_eq!(escape("&amp;\"'"), "&amp;amp;&quot;&#39;");
        assert_eq!(class_name("align center\"><"), "aligncenter");
    }
}
