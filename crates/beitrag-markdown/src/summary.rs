//! Automatic summaries of a post for lists, feeds and meta descriptions, as
//! a reader would retell the start: the text before `<!--more-->` when the
//! author set one, otherwise the first words of the running text. Tables,
//! code, figures, media and footnotes are left out (their words read as
//! noise out of place), and every block ends a word, so cells and list
//! items never run together.

/// Where the author's `<!--more-->` was; the renderers put it in place of
/// the comment, as WordPress marks the spot on the single post's page.
pub const MORE_MARKER: &str = "<span id=\"more\"></span>";

/// Elements whose content is not retold.
const SKIPPED: &[&str] = &[
    "table", "pre", "figure", "audio", "video", "script", "style", "svg", "math", "sup", "section",
];

/// Elements inside a line of text: no word ends at their tags.
const INLINE: &[&str] = &[
    "a", "abbr", "b", "cite", "code", "del", "em", "i", "ins", "kbd", "mark", "q", "s", "small",
    "span", "strong", "sub", "sup", "time", "u", "var",
];

/// Words of a teaser before `<!--more-->` kept at most: an author's teaser
/// is kept whole up to a length no list would show.
const MAX_TEASER_WORDS: usize = 300;

/// `source` with its first `<!--more-->` (or `<!--more Weiter…-->`) as the
/// marker; other comments stay for the renderer to handle.
pub fn mark_more(source: &str) -> std::borrow::Cow<'_, str> {
    let Some(at) = source.find("<!--more") else {
        return source.into();
    };
    let Some(len) = source[at..].find("-->") else {
        return source.into();
    };
    let mut out = String::with_capacity(source.len() + MORE_MARKER.len());
    out.push_str(&source[..at]);
    out.push_str(MORE_MARKER);
    out.push_str(&source[at + len + 3..]);
    out.into()
}

/// The summary of a post's HTML: the teaser before the more marker, or the
/// first `max_words` words of the running text, with an ellipsis when cut.
pub fn summary(html: &str, max_words: usize) -> String {
    let (text, limit) = match html.find(MORE_MARKER) {
        Some(at) => (readable_text(&html[..at]), MAX_TEASER_WORDS),
        None => (readable_text(html), max_words),
    };
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() <= limit {
        words.join(" ")
    } else {
        format!("{} …", words[..limit].join(" "))
    }
}

/// The text of `html` outside the skipped elements, a space at every tag
/// that is not inline.
fn readable_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    // The skipped element we are in and how deeply it nests in itself.
    let mut skipping: Option<(&str, usize)> = None;
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        if skipping.is_none() {
            out.push_str(&rest[..lt]);
        }
        let Some(gt) = rest[lt..].find('>') else {
            rest = "";
            break;
        };
        let tag = &rest[lt + 1..lt + gt];
        rest = &rest[lt + gt + 1..];
        let closing = tag.starts_with('/');
        let name = tag
            .trim_start_matches('/')
            .split(|c: char| c.is_whitespace() || c == '/')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        if !INLINE.contains(&name.as_str()) {
            out.push(' ');
        }
        let self_closing = tag.ends_with('/');
        match &mut skipping {
            Some((open, depth)) if *open == name => {
                if closing {
                    *depth -= 1;
                    if *depth == 0 {
                        skipping = None;
                    }
                } else if !self_closing {
                    *depth += 1;
                }
            }
            Some(_) => {}
            None => {
                if !closing
                    && !self_closing
                    && let Some(skip) = SKIPPED.iter().find(|s| **s == name)
                {
                    skipping = Some((skip, 1));
                }
            }
        }
    }
    if skipping.is_none() {
        out.push_str(rest);
    }
    crate::text::decode_entities(&out.replace("&nbsp;", " "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_teaser_wins() {
        let html = format!("<p>Kurz gesagt.</p>\n<p>{MORE_MARKER}</p>\n<p>Der Rest.</p>");
        assert_eq!(summary(&html, 2), "Kurz gesagt.");
        assert_eq!(
            mark_more("a\n<!--more-->\nb"),
            format!("a\n{MORE_MARKER}\nb")
        );
        assert_eq!(
            mark_more("a <!--more Weiter…--> b"),
            format!("a {MORE_MARKER} b")
        );
        assert_eq!(mark_more("a <!--more b"), "a <!--more b");
    }

    #[test]
    fn leaves_out_tables_code_and_footnotes() {
        let html = "<p>Vorher<sup class=\"footnote-ref\"><a href=\"#fn-1\">1</a></sup> gesagt.</p>\
            <table><tr><td>Zelle</td><td>Nachbar</td></tr></table>\
            <pre><code>let x = 1;</code></pre>\
            <ul><li>eins</li><li>zwei</li></ul>\
            <section class=\"footnotes\"><ol><li>Die Fußnote.</li></ol></section>";
        assert_eq!(summary(html, 55), "Vorher gesagt. eins zwei");
        assert_eq!(summary("<p>a &amp; b</p><p>c</p>", 55), "a & b c");
        assert_eq!(
            summary("<p>eins zwei <b>drei</b> vier</p>", 2),
            "eins zwei …"
        );
        // Nested skipped elements and broken markup end cleanly.
        assert_eq!(
            summary(
                "<table><tr><td><table><tr><td>x</td></tr></table>y</td></tr></table>z",
                9
            ),
            "z"
        );
        assert_eq!(summary("<p>offen <b", 9), "offen");
    }
}
