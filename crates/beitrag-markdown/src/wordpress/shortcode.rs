//! Finding shortcodes (`[name attrs]`, `[name]content[/name]`, `[[escaped]]`)
//! the way WordPress's `get_shortcode_regex` and `shortcode_parse_atts` do,
//! and handing the ones we can express in plain HTML to `media`.
//!
//! WordPress only recognises registered names; we know a handful and leave
//! every other shortcode-looking tag as visible text, but report its name so
//! an import can tell which plugins the old site relied on.

use std::collections::HashSet;

use super::GalleryImage;
use super::media;
use super::scan::{Memo, find, find_ci, has_ci, is_space};

/// Shortcodes we turn into HTML, with the closing tag of their enclosing form.
const KNOWN: [(&str, &str); 6] = [
    ("caption", "[/caption]"),
    ("wp_caption", "[/wp_caption]"),
    ("gallery", "[/gallery]"),
    ("embed", "[/embed]"),
    ("audio", "[/audio]"),
    ("video", "[/video]"),
];

/// Elements whose content is shown as written (or is not text at all), so
/// a bracket inside is never a shortcode.
const VERBATIM: [&str; 4] = ["pre", "code", "script", "style"];

pub(super) struct Expander<'g> {
    gallery: &'g dyn Fn(&[i64]) -> Vec<GalleryImage>,
    unknown: Vec<String>,
    seen: HashSet<String>,
}

/// An opening tag, `[` to `]`.
struct Open<'t> {
    name: &'t str,
    attrs: &'t str,
    self_closing: bool,
    /// `[[name …` — escaped if the tag also ends in `]]`.
    doubled: bool,
    end: usize,
}

impl<'g> Expander<'g> {
    pub(super) fn new(gallery: &'g dyn Fn(&[i64]) -> Vec<GalleryImage>) -> Self {
        Self {
            gallery,
            unknown: Vec::new(),
            seen: HashSet::new(),
        }
    }

    /// Names of unknown shortcodes, in order of first appearance.
    pub(super) fn into_unknown(self) -> Vec<String> {
        self.unknown
    }

    /// Replaces the known shortcodes in `text`. Unchanged text is copied in
    /// runs; every look-ahead goes through a [`Memo`], so the scan stays
    /// linear however many openers are never closed.
    pub(super) fn expand(&mut self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut bracket = Memo::new("]");
        let mut angle = Memo::new(">");
        let mut closers = KNOWN.map(|(_, closer)| Memo::new(closer));
        let bytes = text.as_bytes();
        let mut copied = 0;
        let mut i = 0;
        while let Some(off) = bytes
            .get(i..)
            .and_then(|b| b.iter().position(|&c| c == b'[' || c == b'<'))
        {
            let at = i + off;
            if bytes.get(at) == Some(&b'<') {
                i = skip_markup(text, at, &mut angle);
                continue;
            }
            i = at + 1;
            let Some(open) = parse_open(text, at, &mut bracket) else {
                continue;
            };
            let Some(known) = KNOWN.iter().position(|(name, _)| *name == open.name) else {
                if open.doubled && bytes.get(open.end) == Some(&b']') {
                    out.push_str(text.get(copied..at).unwrap_or_default());
                    out.push_str(text.get(at + 1..open.end).unwrap_or_default());
                    copied = open.end + 1;
                    i = copied;
                } else if !open.doubled {
                    self.note_unknown(open.name);
                    i = open.end;
                }
                // `[[name]…` without `]]`: the second bracket is looked at
                // on the next turn, as an ordinary opener.
                continue;
            };
            let (content, end) = match (open.self_closing, closers.get_mut(known)) {
                (false, Some(memo)) => match memo.next(text, open.end) {
                    Some(c) => (
                        text.get(open.end..c),
                        c + KNOWN.get(known).map_or(0, |k| k.1.len()),
                    ),
                    None => (None, open.end),
                },
                _ => (None, open.end),
            };
            out.push_str(text.get(copied..at).unwrap_or_default());
            if open.doubled && bytes.get(end) == Some(&b']') {
                out.push_str(text.get(at + 1..end).unwrap_or_default());
                copied = end + 1;
            } else {
                if open.doubled {
                    out.push('[');
                }
                let attrs = Attrs::parse(open.attrs);
                let content = content.unwrap_or_default();
                out.push_str(&match open.name {
                    "caption" | "wp_caption" => media::caption(&attrs, content),
                    "gallery" => media::gallery(&attrs, self.gallery),
                    "embed" => media::embed(&attrs, content),
                    "audio" => media::audio(&attrs),
                    _ => media::video(&attrs),
                });
                copied = end;
            }
            i = copied;
        }
        out.push_str(text.get(copied..).unwrap_or_default());
        out
    }

    fn note_unknown(&mut self, name: &str) {
        if self.seen.insert(name.to_owned()) {
            self.unknown.push(name.to_owned());
        }
    }
}

/// Where scanning goes on after the `<` at `lt`: past a whole `<pre>`,
/// `<code>`, `<script>` or `<style>` element, past any other tag (brackets
/// in attribute values are not shortcodes), or just past a lone `<`.
fn skip_markup(text: &str, lt: usize, angle: &mut Memo) -> usize {
    let b = text.as_bytes();
    let verbatim = VERBATIM.iter().find(|name| {
        has_ci(text, lt + 1, name)
            && b.get(lt + 1 + name.len())
                .is_some_and(|&c| c == b'>' || c == b'/' || is_space(c))
    });
    if let Some(name) = verbatim {
        return find_ci(text, &format!("</{name}"), lt + 1)
            .and_then(|c| find(text, ">", c))
            .map_or(text.len(), |gt| gt + 1);
    }
    let starts_tag = b
        .get(lt + 1)
        .is_some_and(|&c| c.is_ascii_alphabetic() || c == b'/' || c == b'!');
    match angle.next(text, lt + 1) {
        Some(gt) if starts_tag => gt + 1,
        _ => lt + 1,
    }
}

/// Parses `[name attrs]`, `[name attrs /]` or `[[name attrs]` at `at`.
///
/// The name starts with a letter, so footnote marks (`[1]`) and empty
/// checkboxes (`[ ]`) stay text, and ends at whitespace, `/` or `]`, so
/// prose such as `[Note: …]` is not a shortcode. Bracketed words (`[x]`,
/// `[sic]`) do look like one and get listed, which only costs a report line.
/// Attributes hold no `[` (WordPress allows one, but then `[a [caption]…`
/// would hide the caption) and, for names we do not know, no `<`.
fn parse_open<'t>(text: &'t str, at: usize, bracket: &mut Memo) -> Option<Open<'t>> {
    let b = text.as_bytes();
    let doubled = b.get(at + 1) == Some(&b'[');
    let name_start = at + 1 + usize::from(doubled);
    if !b.get(name_start)?.is_ascii_alphabetic() {
        return None;
    }
    let name_len = b
        .get(name_start..)?
        .iter()
        .take_while(|&&c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-')
        .count();
    let name_end = name_start + name_len;
    let next = *b.get(name_end)?;
    if !(next == b']' || next == b'/' || is_space(next)) {
        return None;
    }
    let close = bracket.next(text, name_end)?;
    let raw = text.get(name_end..close)?;
    if raw.contains('[') {
        return None;
    }
    let name = text.get(name_start..name_end)?;
    if raw.contains('<') && !KNOWN.iter().any(|(k, _)| *k == name) {
        return None;
    }
    let (attrs, self_closing) = match raw.strip_suffix('/') {
        Some(attrs) => (attrs, true),
        None => (raw, false),
    };
    Some(Open {
        name,
        attrs,
        self_closing,
        doubled,
        end: close + 1,
    })
}

/// Shortcode attributes as `shortcode_parse_atts` reads them: `a="x"`,
/// `a='x'`, `a=x` (names lower-cased) and positional values.
#[derive(Debug, Default)]
pub(super) struct Attrs {
    named: Vec<(String, String)>,
    positional: Vec<String>,
}

impl Attrs {
    pub(super) fn parse(text: &str) -> Self {
        // WordPress's editor leaves no-break and zero-width spaces between
        // attributes; they separate like spaces.
        let text = text.replace(['\u{a0}', '\u{200b}'], " ");
        let mut attrs = Self::default();
        let mut rest = text.as_str();
        loop {
            rest = rest.trim_start_matches(|c: char| c.is_ascii() && is_space(c as u8));
            if rest.is_empty() {
                return attrs;
            }
            let name_len = rest
                .bytes()
                .take_while(|&c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-')
                .count();
            let (name, after) = rest.split_at(name_len);
            let after_name = after.trim_start_matches(|c: char| c.is_ascii() && is_space(c as u8));
            if name_len > 0 && after_name.starts_with('=') {
                let value_at = after_name
                    .get(1..)
                    .unwrap_or_default()
                    .trim_start_matches(|c: char| c.is_ascii() && is_space(c as u8));
                let (value, tail) = take_value(value_at);
                attrs
                    .named
                    .push((name.to_ascii_lowercase(), value.to_owned()));
                rest = tail;
            } else {
                let (value, tail) = take_value(rest);
                attrs.positional.push(value.to_owned());
                rest = tail;
            }
        }
    }

    /// The value of `name`; the last one wins, as in PHP's array.
    pub(super) fn get(&self, name: &str) -> Option<&str> {
        self.named
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The first non-empty value among `names`, in that order.
    pub(super) fn first_of(&self, names: &[&str]) -> Option<&str> {
        names
            .iter()
            .filter_map(|n| self.get(n))
            .map(str::trim)
            .find(|v| !v.is_empty())
    }

    pub(super) fn positional(&self) -> Option<&str> {
        self.positional.first().map(String::as_str)
    }
}

/// A quoted value up to its closing quote (or the end), else a bare word.
/// The closing quote is never a multi-byte char, so the split is safe.
fn take_value(s: &str) -> (&str, &str) {
    for quote in ['"', '\''] {
        if let Some(inner) = s.strip_prefix(quote) {
            return match inner.find(quote) {
                Some(end) => (
                    inner.get(..end).unwrap_or_default(),
                    inner.get(end + 1..).unwrap_or_default(),
                ),
                None => (inner, ""),
            };
        }
    }
    let end = s
        .find(|c: char| c.is_ascii() && is_space(c as u8))
        .unwrap_or(s.len());
    s.split_at(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_attributes_when_quoted_bare_or_positional() {
        let a = Attrs::parse(
            " id=\"attachment_1\" Align='alignleft'\u{a0}width=300 https://x.example/v \"pos two\" caption=\"Grüße 😀\"",
        );
        assert_eq!(a.get("id"), Some("attachment_1"));
        assert_eq!(a.get("align"), Some("alignleft"));
        assert_eq!(a.get("width"), Some("300"));
        assert_eq!(a.get("caption"), Some("Grüße 😀"));
        assert_eq!(a.positional(), Some("https://x.example/v"));
        assert_eq!(a.positional.get(1).map(String::as_str), Some("pos two"));
        assert_eq!(a.first_of(&["mp3", "width"]), Some("300"));
    }

    #[test]
    fn parses_attributes_when_unterminated() {
        let a = Attrs::parse("a=\"open b='x");
        assert_eq!(a.get("a"), Some("open b='x"));
        assert!(Attrs::parse("= =").positional().is_some());
        assert_eq!(Attrs::parse("").positional(), None);
    }
}
