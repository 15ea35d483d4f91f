//! The words around a link, as WordPress quotes a Pingback whose source has
//! no microformats: the block that links to us, cut to a window of words
//! around the link's own text.

use scraper::{ElementRef, Html};
use url::Url;

use crate::html::{collapse_whitespace, document_base, resolve, text_content, url_key};

/// Elements whose text is "the sentence the link stands in".
const BLOCKS: &[&str] = &[
    "p",
    "li",
    "blockquote",
    "dd",
    "td",
    "th",
    "figcaption",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "article",
    "section",
    "div",
    "body",
];

/// The text around the first `<a>` on the page that links to `target`:
/// up to `words` words on each side of the link's text, with `[…]` where
/// the block goes on. `None` when no link points at `target`.
pub fn link_context(html: &str, base: &Url, target: &str, words: usize) -> Option<String> {
    let want = url_key(&Url::parse(target.trim()).ok()?);
    let doc = Html::parse_document(html);
    let doc_base = document_base(base, &doc);
    let link = doc.root_element().descendent_elements().find(|e| {
        e.value().name() == "a"
            && e.attr("href")
                .and_then(|h| resolve(&doc_base, h))
                .is_some_and(|u| url_key(&u) == want)
    })?;
    let block = link
        .ancestors()
        .filter_map(ElementRef::wrap)
        .find(|e| BLOCKS.contains(&e.value().name()))?;
    let all: Vec<String> = collapse_whitespace(&text_content(block))
        .split(' ')
        .map(str::to_owned)
        .collect();
    let anchor = collapse_whitespace(&text_content(link));
    let anchor: Vec<&str> = anchor.split(' ').filter(|w| !w.is_empty()).collect();
    let at = (0..all.len())
        .find(|&i| !anchor.is_empty() && all[i..].iter().take(anchor.len()).eq(anchor.iter()))
        .unwrap_or(0);
    let start = at.saturating_sub(words);
    let end = (at + anchor.len() + words).min(all.len());
    let mut out = all[start..end].join(" ");
    if out.trim().is_empty() {
        return None;
    }
    if start > 0 {
        out = format!("[…] {out}");
    }
    if end < all.len() {
        out.push_str(" […]");
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TARGET: &str = "https://blog.example/2011/02/moderation/";

    fn context(html: &str, words: usize) -> Option<String> {
        let base = Url::parse("https://anderes.example/post/").unwrap();
        link_context(html, &base, TARGET, words)
    }

    #[test]
    fn quotes_the_words_around_the_link() {
        let html = r#"<html><head><title>Anderes Blog</title></head><body>
            <nav><a href="/">Start</a></nav>
            <p>Wie schon    in <a href="https://blog.example/2011/02/moderation">diesem Artikel über
            Moderation</a> steht, braucht jede Gemeinschaft Regeln, die alle kennen.</p></body></html>"#;
        assert_eq!(
            context(html, 2).as_deref(),
            Some("[…] schon in diesem Artikel über Moderation steht, braucht […]")
        );
        assert_eq!(
            context(html, 20).as_deref(),
            Some(
                "Wie schon in diesem Artikel über Moderation steht, braucht jede Gemeinschaft Regeln, die alle kennen."
            )
        );
    }

    #[test]
    fn finds_nothing_without_a_link_to_the_target() {
        assert_eq!(
            context(r#"<p><a href="https://elsewhere.example/">x</a></p>"#, 5),
            None
        );
        assert_eq!(context("<p>kein Link</p>", 5), None);
    }
}
