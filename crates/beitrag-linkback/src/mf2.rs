//! A sensible subset of [microformats2](http://microformats.org/wiki/microformats2-parsing)
//! for incoming Webmentions: one [h-entry](http://microformats.org/wiki/h-entry)
//! with its [h-card](http://microformats.org/wiki/h-card) author, enough to show
//! the mention as a comment.
//!
//! What is parsed:
//!
//! * the entry: the first `.h-entry` in the page, or, when there are several,
//!   the one whose `u-url` is the page URL;
//! * properties are found in the entry's descendants without descending into
//!   nested microformats (a nested root can itself be a property, such as
//!   `p-author h-card`);
//! * `p-name`, `u-url`, `dt-published`, `e-content` (inner HTML and text) or
//!   `p-content` (text), `p-author`/`u-author`;
//! * author: an `h-card` author's `p-name`/`u-url`/`u-photo` (with the implied
//!   name, url and photo rules), else the plain text of `p-author` (or the URL of
//!   `u-author`); without one, the `p-author` of an enclosing `h-feed`, then the
//!   page's first top-level `h-card` (as in the
//!   [authorship algorithm](https://indieweb.org/authorship-spec));
//! * `u-*` values from `href`/`src`/`data` by element, `dt-*` from `datetime`,
//!   `title` or `value`; relative URLs resolve against the document base
//!   (`<base href>` or the page URL).
//!
//! Left out: the value-class pattern, `rel` parsing, the classic microformats
//! (`hentry`, `vcard`) back-compat names, implied `name` for the entry itself,
//! `srcset`/`alt` on photos, multiple values per property (the first wins), and
//! URL resolution inside `content_html`.
//!
//! Safety: `url`, `author_url` and `author_photo` are only kept when they are
//! `http(s)` URLs. `content_html` is the remote page's markup, untouched:
//! sanitise it (ammonia) before rendering.

use scraper::{ElementRef, Html};
use serde::{Deserialize, Serialize};
use url::Url;

use crate::html::{collapse_whitespace, document_base, is_http, resolve, text_content, url_key};

/// The parts of an [h-entry](http://microformats.org/wiki/h-entry) a comment needs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The author's name (h-card `p-name`, implied name, or text of `p-author`).
    pub author_name: Option<String>,
    /// The author's `http(s)` URL (h-card `u-url` or implied url).
    pub author_url: Option<String>,
    /// The author's `http(s)` photo URL (h-card `u-photo` or implied photo).
    pub author_photo: Option<String>,
    /// Inner HTML of `e-content`, trimmed and unsanitised.
    pub content_html: Option<String>,
    /// Text of `e-content` or `p-content`, trimmed.
    pub content_text: Option<String>,
    /// `p-name`, whitespace collapsed.
    pub name: Option<String>,
    /// `dt-published` as written (ISO 8601 expected, not validated).
    pub published: Option<String>,
    /// `u-url` (or the implied url), an `http(s)` URL.
    pub url: Option<String>,
}

#[derive(Debug, Default)]
struct Card {
    name: Option<String>,
    url: Option<String>,
    photo: Option<String>,
}

impl Card {
    fn is_empty(&self) -> bool {
        self.name.is_none() && self.url.is_none() && self.photo.is_none()
    }
}

fn is_root_class(class: &str) -> bool {
    class.strip_prefix("h-").is_some_and(|rest| {
        !rest.is_empty()
            && rest
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    })
}

fn is_root(el: ElementRef<'_>) -> bool {
    el.value().classes().any(is_root_class)
}

fn has_class(el: ElementRef<'_>, class: &str) -> bool {
    el.value().classes().any(|c| c == class)
}

/// Descendant elements that may carry properties of `root`: everything below
/// it, not descending into nested microformats (which are included themselves).
fn property_elements(root: ElementRef<'_>) -> Vec<ElementRef<'_>> {
    let mut out = Vec::new();
    let mut stack: Vec<ElementRef<'_>> = root.child_elements().collect();
    stack.reverse();
    while let Some(el) = stack.pop() {
        out.push(el);
        if !is_root(el) {
            let mut kids: Vec<_> = el.child_elements().collect();
            kids.reverse();
            stack.extend(kids);
        }
    }
    out
}

fn first_with<'a>(props: &[ElementRef<'a>], class: &str) -> Option<ElementRef<'a>> {
    props.iter().copied().find(|e| has_class(*e, class))
}

fn non_empty(s: String) -> Option<String> {
    if s.is_empty() { None } else { Some(s) }
}

/// `p-*` value: the element's text (alt/title/value for a few elements), collapsed.
fn text_value(el: ElementRef<'_>) -> Option<String> {
    let v = el.value();
    let special = match v.name() {
        "abbr" | "link" => v.attr("title"),
        "data" | "input" => v.attr("value"),
        "img" | "area" => v.attr("alt"),
        _ => None,
    };
    let raw = special.map_or_else(|| text_content(el), str::to_owned);
    non_empty(collapse_whitespace(&raw))
}

/// Keeps only absolute `http(s)` URLs.
fn http_url(base: &Url, raw: &str) -> Option<String> {
    resolve(base, raw).filter(is_http).map(String::from)
}

/// `u-*` value ([microformats2 parsing, u-* property](http://microformats.org/wiki/microformats2-parsing#parsing_a_u-_property)).
fn url_value(el: ElementRef<'_>, base: &Url) -> Option<String> {
    let v = el.value();
    let attr = match v.name() {
        "a" | "area" | "link" => v.attr("href"),
        "img" | "audio" | "video" | "source" | "iframe" | "embed" => v.attr("src"),
        "object" => v.attr("data"),
        "abbr" => v.attr("title"),
        "data" | "input" => v.attr("value"),
        _ => None,
    };
    let raw = attr.map_or_else(|| text_content(el), str::to_owned);
    let raw = raw.trim();
    if raw.is_empty() {
        None
    } else {
        http_url(base, raw)
    }
}

/// `dt-*` value (without the value-class pattern).
fn date_value(el: ElementRef<'_>) -> Option<String> {
    let v = el.value();
    let attr = match v.name() {
        "time" | "ins" | "del" => v.attr("datetime"),
        "abbr" => v.attr("title"),
        "data" | "input" => v.attr("value"),
        _ => None,
    };
    let raw = attr.map_or_else(|| text_content(el), str::to_owned);
    non_empty(raw.trim().to_owned())
}

/// The single child element of `el` that is not a microformat root, if exactly one.
fn only_child(el: ElementRef<'_>) -> Option<ElementRef<'_>> {
    let mut kids = el.child_elements();
    let first = kids.next()?;
    if kids.next().is_some() || is_root(first) {
        return None;
    }
    Some(first)
}

/// Implied url: the root's `href` on `a`/`area`, or that of its only child (or grandchild).
fn implied_url(root: ElementRef<'_>, base: &Url) -> Option<String> {
    fn href<'a>(e: ElementRef<'a>) -> Option<&'a str> {
        match e.value().name() {
            "a" | "area" => e.attr("href"),
            _ => None,
        }
    }
    let raw = href(root)
        .or_else(|| only_child(root).and_then(href))
        .or_else(|| only_child(root).and_then(only_child).and_then(href))?;
    http_url(base, raw)
}

/// Implied photo: the root's `src` on `img`, or that of its only child (or grandchild).
fn implied_photo(root: ElementRef<'_>, base: &Url) -> Option<String> {
    fn src<'a>(e: ElementRef<'a>) -> Option<&'a str> {
        match e.value().name() {
            "img" => e.attr("src"),
            "object" => e.attr("data"),
            _ => None,
        }
    }
    let raw = src(root)
        .or_else(|| only_child(root).and_then(src))
        .or_else(|| only_child(root).and_then(only_child).and_then(src))?;
    http_url(base, raw)
}

/// Parses an [h-card](http://microformats.org/wiki/h-card) root.
fn card(root: ElementRef<'_>, base: &Url) -> Card {
    let props = property_elements(root);
    let name = first_with(&props, "p-name")
        .and_then(text_value)
        .or_else(|| text_value(root));
    let url = first_with(&props, "u-url")
        .and_then(|e| url_value(e, base))
        .or_else(|| implied_url(root, base));
    let photo = first_with(&props, "u-photo")
        .and_then(|e| url_value(e, base))
        .or_else(|| implied_photo(root, base));
    Card { name, url, photo }
}

/// The author named by a `p-author`/`u-author` property among `props`.
fn author_property(props: &[ElementRef<'_>], base: &Url) -> Option<Card> {
    let el = props
        .iter()
        .copied()
        .find(|e| has_class(*e, "p-author") || has_class(*e, "u-author"))?;
    let card = if has_class(el, "h-card") {
        card(el, base)
    } else if has_class(el, "u-author") {
        Card {
            url: url_value(el, base),
            ..Card::default()
        }
    } else {
        Card {
            name: text_value(el),
            ..Card::default()
        }
    };
    (!card.is_empty()).then_some(card)
}

/// Whether `el` is nested inside any microformat root.
fn is_nested(el: ElementRef<'_>) -> bool {
    el.ancestors().filter_map(ElementRef::wrap).any(is_root)
}

fn find_author(
    entry: ElementRef<'_>,
    props: &[ElementRef<'_>],
    doc: &Html,
    base: &Url,
) -> Option<Card> {
    if let Some(card) = author_property(props, base) {
        return Some(card);
    }
    let from_feed = entry
        .ancestors()
        .filter_map(ElementRef::wrap)
        .find(|e| has_class(*e, "h-feed"))
        .and_then(|feed| author_property(&property_elements(feed), base));
    if from_feed.is_some() {
        return from_feed;
    }
    doc.root_element()
        .descendent_elements()
        .find(|e| has_class(*e, "h-card") && !is_nested(*e))
        .map(|e| card(e, base))
        .filter(|c| !c.is_empty())
}

/// Finds the page's [h-entry](http://microformats.org/wiki/h-entry) and reads the
/// parts a comment needs ([microformats2 parsing](http://microformats.org/wiki/microformats2-parsing)).
///
/// `base` is the page URL (the Webmention source, after redirects). Returns
/// `None` when the page has no `.h-entry`. See the [module documentation](self)
/// for the subset implemented.
pub fn h_entry(base: &Url, html: &str) -> Option<Entry> {
    let doc = Html::parse_document(html);
    let doc_base = document_base(base, &doc);
    let entries: Vec<ElementRef<'_>> = doc
        .root_element()
        .descendent_elements()
        .filter(|e| has_class(*e, "h-entry"))
        .collect();
    let page_key = url_key(base);
    let entry = if entries.len() > 1 {
        entries
            .iter()
            .copied()
            .find(|e| {
                first_with(&property_elements(*e), "u-url")
                    .and_then(|u| url_value(u, &doc_base))
                    .and_then(|u| Url::parse(&u).ok())
                    .is_some_and(|u| url_key(&u) == page_key)
            })
            .or_else(|| entries.first().copied())
    } else {
        entries.first().copied()
    }?;

    let props = property_elements(entry);
    let name = first_with(&props, "p-name").and_then(text_value);
    let url = first_with(&props, "u-url")
        .and_then(|e| url_value(e, &doc_base))
        .or_else(|| implied_url(entry, &doc_base));
    let published = first_with(&props, "dt-published").and_then(date_value);
    let (content_html, content_text) = if let Some(e) = first_with(&props, "e-content") {
        (
            non_empty(e.inner_html().trim().to_owned()),
            non_empty(text_content(e).trim().to_owned()),
        )
    } else if let Some(p) = first_with(&props, "p-content") {
        (None, non_empty(text_content(p).trim().to_owned()))
    } else {
        (None, None)
    };
    let author = find_author(entry, &props, &doc, &doc_base).unwrap_or_default();
    Some(Entry {
        author_name: author.name,
        author_url: author.url,
        author_photo: author.photo,
        content_html,
        content_text,
        name,
        published,
        url,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Url {
        Url::parse("https://them.example/notes/5").unwrap()
    }

    #[test]
    fn parses_full_entry_when_h_card_author() {
        let html = r#"<!doctype html><html><body>
<article class="h-entry">
  <h1 class="p-name">Re:   your   post</h1>
  <div class="p-author h-card">
    <img class="u-photo" src="/me.jpg" alt="">
    <a class="p-name u-url" href="https://them.example/">Ada Lovelace</a>
  </div>
  <a class="u-url" href="/notes/5"><time class="dt-published" datetime="2026-01-02T03:04:05+01:00">2 Jan</time></a>
  <div class="e-content"><p>Nice <a href="https://me.example/posts/hello">post</a> &amp; thanks!</p></div>
  <div class="h-cite p-in-reply-to"><a class="u-url p-name" href="https://me.example/posts/hello">orig</a></div>
</article></body></html>"#;
        let entry = h_entry(&base(), html).unwrap();
        assert_eq!(
            entry,
            Entry {
                author_name: Some("Ada Lovelace".into()),
                author_url: Some("https://them.example/".into()),
                author_photo: Some("https://them.example/me.jpg".into()),
                content_html: Some(
                    r#"<p>Nice <a href="https://me.example/posts/hello">post</a> &amp; thanks!</p>"#.into()
                ),
                content_text: Some("Nice post & thanks!".into()),
                name: Some("Re: your post".into()),
                published: Some("2026-01-02T03:04:05+01:00".into()),
                url: Some("https://them.example/notes/5".into()),
            }
        );
    }

    #[test]
    fn returns_none_when_no_h_entry() {
        assert_eq!(
            h_entry(
                &base(),
                "<p class=\"entry\">hi</p><div class=\"h-card\">X</div>"
            ),
            None
        );
        assert_eq!(h_entry(&base(), ""), None);
    }

    #[test]
    fn resolves_photo_when_relative() {
        let html = r#"<div class="h-entry"><a class="p-author h-card" href="/"><img src="../img/me.png" alt="Bo"></a><p class="p-content">hi</p></div>"#;
        let entry = h_entry(&base(), html).unwrap();
        assert_eq!(
            entry.author_photo.as_deref(),
            Some("https://them.example/img/me.png")
        );
        // implied name (from the img alt) and implied url (the a href)
        assert_eq!(entry.author_name.as_deref(), Some("Bo"));
        assert_eq!(entry.author_url.as_deref(), Some("https://them.example/"));
        assert_eq!(entry.content_text.as_deref(), Some("hi"));
        assert_eq!(entry.content_html, None);
    }

    #[test]
    fn resolves_urls_when_base_element_present() {
        let html = r#"<head><base href="https://cdn.example/x/"></head><div class="h-entry"><span class="p-author h-card"><img class="u-photo" src="p.png"><span class="p-name">C</span></span></div>"#;
        let entry = h_entry(&base(), html).unwrap();
        assert_eq!(
            entry.author_photo.as_deref(),
            Some("https://cdn.example/x/p.png")
        );
    }

    #[test]
    fn uses_author_text_when_p_author_is_not_h_card() {
        let html = r#"<div class="h-entry"><span class="p-author">  Plain
  Name </span><div class="e-content">x</div></div>"#;
        let entry = h_entry(&base(), html).unwrap();
        assert_eq!(entry.author_name.as_deref(), Some("Plain Name"));
        assert_eq!(entry.author_url, None);
    }

    #[test]
    fn falls_back_to_top_level_h_card_when_entry_has_no_author() {
        let html = r#"<header class="h-card"><a class="u-url p-name" href="/">Site Owner</a></header>
<main><div class="h-entry"><div class="e-content">note</div>
<div class="h-card p-comment">not this one</div></div></main>"#;
        let entry = h_entry(&base(), html).unwrap();
        assert_eq!(entry.author_name.as_deref(), Some("Site Owner"));
        assert_eq!(entry.author_url.as_deref(), Some("https://them.example/"));
    }

    #[test]
    fn uses_feed_author_when_entry_inside_h_feed() {
        let html = r#"<div class="h-feed"><span class="p-author h-card">Feed Author</span>
<div class="h-entry"><div class="e-content">one</div></div></div>"#;
        let entry = h_entry(&base(), html).unwrap();
        assert_eq!(entry.author_name.as_deref(), Some("Feed Author"));
    }

    #[test]
    fn picks_entry_matching_page_url_when_several() {
        let html = r#"<div class="h-entry"><a class="u-url" href="/notes/4">4</a><p class="p-name">four</p></div>
<div class="h-entry"><a class="u-url" href="/notes/5/">5</a><p class="p-name">five</p></div>"#;
        assert_eq!(
            h_entry(&base(), html).unwrap().name.as_deref(),
            Some("five")
        );
        let other = Url::parse("https://them.example/notes/9").unwrap();
        assert_eq!(h_entry(&other, html).unwrap().name.as_deref(), Some("four"));
    }

    #[test]
    fn ignores_nested_properties_when_inside_other_microformat() {
        let html = r#"<div class="h-entry"><div class="h-cite"><span class="p-name">cited</span><div class="e-content">cited content</div></div><span class="p-name">mine</span></div>"#;
        let entry = h_entry(&base(), html).unwrap();
        assert_eq!(entry.name.as_deref(), Some("mine"));
        assert_eq!(entry.content_html, None);
    }

    #[test]
    fn drops_urls_when_not_http() {
        let html = r#"<div class="h-entry"><a class="u-url" href="javascript:alert(1)">x</a><a class="p-author h-card" href="javascript:alert(2)">Eve</a></div>"#;
        let entry = h_entry(&base(), html).unwrap();
        assert_eq!(entry.url, None);
        assert_eq!(entry.author_url, None);
        assert_eq!(entry.author_name.as_deref(), Some("Eve"));
    }

    #[test]
    fn reads_published_when_text_only() {
        let html =
            r#"<div class="h-entry"><span class="dt-published"> 2025-12-24 10:00 </span></div>"#;
        assert_eq!(
            h_entry(&base(), html).unwrap().published.as_deref(),
            Some("2025-12-24 10:00")
        );
    }
}
