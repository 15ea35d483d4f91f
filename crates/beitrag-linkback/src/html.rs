//! Small HTML and URL helpers shared by [`crate::discover`] and [`crate::mf2`].

use scraper::{ElementRef, Html};
use url::{Position, Url};

/// Whether `rel` (a space-separated token list, ASCII case-insensitive) holds `token`.
pub(crate) fn rel_has(rel: &str, token: &str) -> bool {
    rel.split_ascii_whitespace()
        .any(|t| t.eq_ignore_ascii_case(token))
}

/// Whether the URL is `http:` or `https:`.
pub(crate) fn is_http(url: &Url) -> bool {
    matches!(url.scheme(), "http" | "https")
}

/// Resolves an attribute value (trimmed, as browsers do) against `base`.
pub(crate) fn resolve(base: &Url, href: &str) -> Option<Url> {
    base.join(href.trim()).ok()
}

/// The document base URL: the first `<base href>` resolved against the page URL,
/// else the page URL ([HTML, document base URL](https://html.spec.whatwg.org/multipage/urls-and-fetching.html#document-base-url)).
pub(crate) fn document_base(page: &Url, doc: &Html) -> Url {
    doc.root_element()
        .descendent_elements()
        .find(|e| e.value().name() == "base" && e.attr("href").is_some())
        .and_then(|e| e.attr("href"))
        .and_then(|href| resolve(page, href))
        .filter(is_http)
        .unwrap_or_else(|| page.clone())
}

/// A comparison key for "same resource": fragment dropped and trailing slashes
/// of the path ignored, so `http://a/b`, `http://a/b/` and `http://a/b#c` match.
pub(crate) fn url_key(url: &Url) -> String {
    let mut key = url[..Position::AfterPath].trim_end_matches('/').to_owned();
    if let Some(q) = url.query() {
        key.push('?');
        key.push_str(q);
    }
    key
}

/// The text content of an element as microformats2 reads it: text nodes in
/// order, `<img>` replaced by its `alt`, `<script>`/`<style>`/`<template>` skipped.
pub(crate) fn text_content(el: ElementRef<'_>) -> String {
    let mut out = String::new();
    for node in el.descendants() {
        if let Some(text) = node.value().as_text() {
            let hidden = node
                .parent()
                .and_then(|p| p.value().as_element().map(|e| e.name()))
                .is_some_and(|n| matches!(n, "script" | "style" | "template"));
            if !hidden {
                out.push_str(text);
            }
        } else if let Some(img) = node.value().as_element()
            && img.name() == "img"
            && let Some(alt) = img.attr("alt")
        {
            out.push(' ');
            out.push_str(alt);
            out.push(' ');
        }
    }
    out
}

/// Collapses runs of whitespace into single spaces and trims.
pub(crate) fn collapse_whitespace(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
