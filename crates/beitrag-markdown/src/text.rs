//! Plain-text views of HTML: tag stripping and excerpts for lists, feeds and
//! meta descriptions.

/// Removes tags and decodes the few entities our renderer emits, collapsing
/// whitespace. Good enough for excerpts; not a sanitiser.
pub fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for ch in html.chars() {
        match ch {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let decoded = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The first `max_words` words of the text of `html`, with an ellipsis when cut.
pub fn excerpt(html: &str, max_words: usize) -> String {
    let text = strip_tags(html);
    let words: Vec<&str> = text.split(' ').filter(|w| !w.is_empty()).collect();
    if words.len() <= max_words {
        words.join(" ")
    } else {
        format!("{} …", words[..max_words].join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_with_ellipsis_when_text_is_long() {
        assert_eq!(
            excerpt("<p>eins zwei <b>drei</b> vier</p>", 2),
            "eins zwei …"
        );
        assert_eq!(excerpt("<p>a &amp; b</p>", 10), "a & b");
    }
}
