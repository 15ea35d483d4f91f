//! Plain-text views of HTML: tag stripping and excerpts for lists, feeds and
//! meta descriptions.

/// Escapes plain text for HTML element content or a quoted attribute.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

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
    let decoded = decode_entities(&out);
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Decodes the few entities our renderer emits (`&amp;` last, so an
/// escaped entity stays text).
pub(crate) fn decode_entities(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
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

/// `html` with site-relative links and images (`href="/…"`, `src="/…"`,
/// each `srcset` candidate) made absolute against `base` (no trailing
/// slash), as feeds need: a reader fetches them from elsewhere. Attribute
/// values are matched in either quote style, as our renderer and hand-made
/// HTML write them; protocol-relative `//host` URLs are left alone.
pub fn absolute_urls(html: &str, base: &str) -> String {
    let mut out = String::with_capacity(html.len() + 64);
    let mut rest = html;
    while let Some(at) = rest.find(['h', 's']) {
        let (before, from) = rest.split_at(at);
        out.push_str(before);
        let attr = ["href=", "src=", "srcset="].into_iter().find(|a| {
            from.starts_with(a) && !before.ends_with(|c: char| c.is_alphanumeric() || c == '-')
        });
        let Some(attr) = attr else {
            out.push_str(&from[..1]);
            rest = &from[1..];
            continue;
        };
        let value = &from[attr.len()..];
        let Some(quote) = value.chars().next().filter(|q| *q == '"' || *q == '\'') else {
            out.push_str(attr);
            rest = value;
            continue;
        };
        let inner = &value[1..];
        let end = inner.find(quote).unwrap_or(inner.len());
        out.push_str(attr);
        out.push(quote);
        if attr == "srcset=" {
            let candidates: Vec<String> = inner[..end]
                .split(',')
                .map(|c| absolute(c.trim_start(), base))
                .collect();
            out.push_str(&candidates.join(", "));
        } else {
            out.push_str(&absolute(&inner[..end], base));
        }
        rest = &inner[end..];
    }
    out.push_str(rest);
    out
}

fn absolute(url: &str, base: &str) -> String {
    if url.starts_with('/') && !url.starts_with("//") {
        format!("{base}{url}")
    } else {
        url.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn makes_site_relative_urls_absolute() {
        let base = "https://blog.example";
        assert_eq!(
            absolute_urls(
                r#"<p><a href="/2011/01/x/">x</a> <img src='/media/a.png' srcset="/media/a-1.webp 1x, /media/a-2.webp 2x" alt="a"></p>"#,
                base
            ),
            r#"<p><a href="https://blog.example/2011/01/x/">x</a> <img src='https://blog.example/media/a.png' srcset="https://blog.example/media/a-1.webp 1x, https://blog.example/media/a-2.webp 2x" alt="a"></p>"#
        );
        for kept in [
            r#"<a href="https://other.example/">o</a>"#,
            r#"<a href="//cdn.example/x">c</a>"#,
            r##"<a href="#fn-1">1</a>"##,
            r#"<a data-href="/x">d</a>"#,
            "<p>href=/nix und src= ohne Anführung</p>",
        ] {
            assert_eq!(absolute_urls(kept, base), kept);
        }
    }

    #[test]
    fn cuts_with_ellipsis_when_text_is_long() {
        assert_eq!(
            excerpt("<p>eins zwei <b>drei</b> vier</p>", 2),
            "eins zwei …"
        );
        assert_eq!(excerpt("<p>a &amp; b</p>", 10), "a & b");
    }
}
