//! Endpoint discovery and link extraction on a fetched page.
//!
//! * [`webmention_endpoint`]: [Webmention §3.1.2](https://www.w3.org/TR/webmention/#sender-discovers-receiver-webmention-endpoint),
//!   checked against the discovery tests of <https://webmention.rocks/>.
//! * [`pingback_endpoint`]: [Pingback 1.0, autodiscovery](http://www.hixie.ch/specs/pingback/pingback#TOC2).
//! * [`links`]: the outgoing links of our own post, to send linkbacks to.
//! * [`links_to`]: whether a source page really links to a target, to verify
//!   incoming pingbacks ([Pingback 1.0 §3](http://www.hixie.ch/specs/pingback/pingback#TOC3))
//!   and Webmentions ([Webmention §3.2.2](https://www.w3.org/TR/webmention/#webmention-verification)).
//!
//! The caller fetches the page (following redirects) and passes its final URL
//! as `base`, its `Link` header values and its body. Only `http:` and `https:`
//! endpoints and links are ever returned.

use std::collections::HashSet;

use scraper::Html;
use url::Url;

use crate::html::{document_base, is_http, rel_has, resolve, url_key};

/// One link-value of an HTTP `Link` header ([RFC 8288 §3](https://www.rfc-editor.org/rfc/rfc8288#section-3)).
#[derive(Debug, Clone, PartialEq, Eq)]
struct LinkValue {
    target: String,
    rel: String,
}

/// Parses one `Link` header field value into its link-values. Commas and
/// semicolons inside `<…>` and quoted strings are handled; parameter names are
/// case-insensitive and only the first `rel` of a link-value counts.
fn parse_link_header(header: &str) -> Vec<LinkValue> {
    let chars: Vec<char> = header.chars().collect();
    let mut i = 0;
    let mut out = Vec::new();
    let skip_ws = |i: &mut usize| {
        while *i < chars.len() && chars[*i].is_whitespace() {
            *i += 1;
        }
    };
    while i < chars.len() {
        skip_ws(&mut i);
        if i >= chars.len() {
            break;
        }
        if chars[i] != '<' {
            // Garbage: skip to the next link-value.
            skip_to_comma(&chars, &mut i);
            continue;
        }
        i += 1;
        let start = i;
        while i < chars.len() && chars[i] != '>' {
            i += 1;
        }
        if i >= chars.len() {
            break; // unterminated <…>
        }
        let target: String = chars[start..i].iter().collect();
        i += 1;
        let mut rel: Option<String> = None;
        loop {
            skip_ws(&mut i);
            match chars.get(i) {
                Some(';') => {
                    i += 1;
                    skip_ws(&mut i);
                    let name_start = i;
                    while i < chars.len()
                        && !matches!(chars[i], '=' | ';' | ',')
                        && !chars[i].is_whitespace()
                    {
                        i += 1;
                    }
                    let name: String = chars[name_start..i].iter().collect();
                    skip_ws(&mut i);
                    let mut value = String::new();
                    if chars.get(i) == Some(&'=') {
                        i += 1;
                        skip_ws(&mut i);
                        if chars.get(i) == Some(&'"') {
                            i += 1;
                            while i < chars.len() && chars[i] != '"' {
                                if chars[i] == '\\' && i + 1 < chars.len() {
                                    i += 1;
                                }
                                value.push(chars[i]);
                                i += 1;
                            }
                            i += 1; // closing quote (or past the end)
                        } else {
                            while i < chars.len()
                                && !matches!(chars[i], ';' | ',')
                                && !chars[i].is_whitespace()
                            {
                                value.push(chars[i]);
                                i += 1;
                            }
                        }
                    }
                    if name.eq_ignore_ascii_case("rel") && rel.is_none() {
                        rel = Some(value);
                    }
                }
                Some(',') => {
                    i += 1;
                    break;
                }
                None => break,
                Some(_) => {
                    skip_to_comma(&chars, &mut i);
                    break;
                }
            }
        }
        if let Some(rel) = rel {
            out.push(LinkValue { target, rel });
        }
    }
    out
}

/// Advances past the next comma that is outside `<…>` and quotes.
fn skip_to_comma(chars: &[char], i: &mut usize) {
    let mut quoted = false;
    let mut bracket = false;
    while *i < chars.len() {
        match chars[*i] {
            '"' if !bracket => quoted = !quoted,
            '<' if !quoted => bracket = true,
            '>' if !quoted => bracket = false,
            ',' if !quoted && !bracket => {
                *i += 1;
                return;
            }
            _ => {}
        }
        *i += 1;
    }
}

/// Finds a page's Webmention endpoint ([Webmention §3.1.2](https://www.w3.org/TR/webmention/#sender-discovers-receiver-webmention-endpoint)).
///
/// `base` is the page's final URL after redirects, `link_headers` the values of
/// all its `Link` headers (several link-values per header allowed), `html` its
/// body. The first `Link` header link-value whose `rel` holds `webmention`
/// wins; otherwise the first `<link>` or `<a>` element with `rel` holding
/// `webmention` and an `href`, in document order (HTML comments and escaped
/// markup are ignored by the HTML parser). Relative URLs resolve against
/// `base` as the spec says (not against `<base href>`); an empty `href` means
/// the page itself; query strings are preserved. Candidates that do not
/// resolve to an `http(s)` URL are skipped.
pub fn webmention_endpoint(base: &Url, link_headers: &[String], html: &str) -> Option<Url> {
    let from_header = link_headers
        .iter()
        .flat_map(|h| parse_link_header(h))
        .filter(|l| rel_has(&l.rel, "webmention"))
        .filter_map(|l| resolve(base, &l.target))
        .find(is_http);
    if from_header.is_some() {
        return from_header;
    }
    let doc = Html::parse_document(html);
    doc.root_element()
        .descendent_elements()
        .filter(|e| matches!(e.value().name(), "link" | "a"))
        .filter(|e| e.attr("rel").is_some_and(|r| rel_has(r, "webmention")))
        .filter_map(|e| e.attr("href"))
        .filter_map(|href| resolve(base, href))
        .find(is_http)
}

/// Finds a page's Pingback server ([Pingback 1.0, autodiscovery](http://www.hixie.ch/specs/pingback/pingback#TOC2)).
///
/// The `X-Pingback` header wins; otherwise the first `<link rel="pingback" href>`.
/// Both must be absolute `http(s)` URLs, as the spec requires; an unusable
/// header falls back to the HTML.
pub fn pingback_endpoint(x_pingback: Option<&str>, html: &str) -> Option<Url> {
    let absolute = |s: &str| Url::parse(s.trim()).ok().filter(is_http);
    if let Some(url) = x_pingback.and_then(absolute) {
        return Some(url);
    }
    let doc = Html::parse_document(html);
    doc.root_element()
        .descendent_elements()
        .filter(|e| e.value().name() == "link")
        .filter(|e| e.attr("rel").is_some_and(|r| rel_has(r, "pingback")))
        .filter_map(|e| e.attr("href"))
        .find_map(absolute)
}

/// The distinct absolute `http(s)` targets of `<a href>` elements in document
/// order: the candidates for outgoing Webmentions and pingbacks
/// ([Webmention §3.1](https://www.w3.org/TR/webmention/#sending-webmentions)).
///
/// Relative links resolve against the document base (`<base href>` or `base`);
/// fragments are dropped (one notification per page), and links back to `base`
/// itself are left out.
pub fn links(base: &Url, html: &str) -> Vec<Url> {
    let doc = Html::parse_document(html);
    let doc_base = document_base(base, &doc);
    let mut self_url = base.clone();
    self_url.set_fragment(None);
    let mut seen: HashSet<String> = HashSet::new();
    seen.insert(self_url.to_string());
    let mut out = Vec::new();
    for href in doc
        .root_element()
        .descendent_elements()
        .filter(|e| e.value().name() == "a")
        .filter_map(|e| e.attr("href"))
    {
        let Some(mut url) = resolve(&doc_base, href).filter(is_http) else {
            continue;
        };
        url.set_fragment(None);
        if seen.insert(url.to_string()) {
            out.push(url);
        }
    }
    out
}

/// Elements and attributes that count as "links to" for verification.
const LINK_ATTRS: &[(&str, &str)] = &[
    ("a", "href"),
    ("area", "href"),
    ("img", "src"),
    ("video", "src"),
    ("audio", "src"),
    ("source", "src"),
    ("iframe", "src"),
    ("blockquote", "cite"),
    ("q", "cite"),
];

/// Whether the source page links to `target` ([Webmention §3.2.2](https://www.w3.org/TR/webmention/#webmention-verification),
/// [Pingback 1.0 §3](http://www.hixie.ch/specs/pingback/pingback#TOC3)).
///
/// Looks at `<a>`/`<area>` `href`, `<img>`/`<video>`/`<audio>`/`<source>`/`<iframe>`
/// `src` and `<blockquote>`/`<q>` `cite`, resolved against the document base
/// (`<base href>` or `base`, the source URL). URLs are compared after URL
/// normalisation, ignoring the fragment and a trailing-slash difference.
pub fn links_to(html: &str, base: &Url, target: &str) -> bool {
    let Ok(target) = Url::parse(target.trim()) else {
        return false;
    };
    let want = url_key(&target);
    let doc = Html::parse_document(html);
    let doc_base = document_base(base, &doc);
    doc.root_element().descendent_elements().any(|e| {
        let name = e.value().name();
        LINK_ATTRS
            .iter()
            .filter(|(el, _)| *el == name)
            .filter_map(|(_, attr)| e.attr(attr))
            .filter_map(|v| resolve(&doc_base, v))
            .any(|u| url_key(&u) == want)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(n: u32) -> Url {
        Url::parse(&format!("https://webmention.rocks/test/{n}")).unwrap()
    }

    fn found(n: u32, headers: &[&str], html: &str) -> Option<String> {
        let headers: Vec<String> = headers.iter().map(|h| (*h).to_owned()).collect();
        webmention_endpoint(&page(n), &headers, html).map(|u| u.to_string())
    }

    const NOTHING: &str =
        "<!doctype html><html><head><title>t</title></head><body><p>nothing</p></body></html>";

    #[test]
    fn discovers_endpoint_when_link_header_relative() {
        // webmention.rocks test 1
        assert_eq!(
            found(
                1,
                &["</test/1/webmention?head=true>; rel=webmention"],
                NOTHING
            )
            .as_deref(),
            Some("https://webmention.rocks/test/1/webmention?head=true")
        );
    }

    #[test]
    fn discovers_endpoint_when_link_header_absolute() {
        // webmention.rocks tests 2 and 8 (quoted rel)
        assert_eq!(
            found(
                2,
                &["<https://webmention.rocks/test/2/webmention?head=true>; rel=webmention"],
                NOTHING
            )
            .as_deref(),
            Some("https://webmention.rocks/test/2/webmention?head=true")
        );
        assert_eq!(
            found(
                8,
                &["<https://webmention.rocks/test/8/webmention?head=true>; rel=\"webmention\""],
                NOTHING
            )
            .as_deref(),
            Some("https://webmention.rocks/test/8/webmention?head=true")
        );
    }

    #[test]
    fn discovers_endpoint_when_link_header_rel_has_several_values() {
        // webmention.rocks test 10, plus odd parameter casing
        assert_eq!(
            found(10, &["<https://webmention.rocks/test/10/webmention?head=true>; REL=\"webmention somethingelse\""], NOTHING)
                .as_deref(),
            Some("https://webmention.rocks/test/10/webmention?head=true")
        );
    }

    #[test]
    fn discovers_endpoint_when_several_link_headers_or_values() {
        // webmention.rocks test 18: two Link headers
        assert_eq!(
            found(
                18,
                &[
                    "<https://webmention.rocks/test/18/webmention/error>; rel=\"other\"",
                    "<https://webmention.rocks/test/18/webmention?head=true>; rel=\"webmention\"",
                ],
                NOTHING
            )
            .as_deref(),
            Some("https://webmention.rocks/test/18/webmention?head=true")
        );
        // webmention.rocks test 19: one header, several link-values
        assert_eq!(
            found(
                19,
                &["<https://webmention.rocks/test/19/webmention/error>; rel=\"other\", <https://webmention.rocks/test/19/webmention?head=true>; rel=\"webmention\""],
                NOTHING
            )
            .as_deref(),
            Some("https://webmention.rocks/test/19/webmention?head=true")
        );
        // a comma inside the URL and a quoted parameter does not split the value
        assert_eq!(
            found(
                19,
                &["<https://e.example/a,b>; title=\"x, y\"; rel=webmention"],
                NOTHING
            )
            .as_deref(),
            Some("https://e.example/a,b")
        );
    }

    #[test]
    fn prefers_link_header_when_html_also_advertises() {
        // webmention.rocks test 11
        let html = r#"<html><head><link rel="webmention" href="/test/11/webmention/error"></head>
<body><a rel="webmention" href="/test/11/webmention/error">x</a></body></html>"#;
        assert_eq!(
            found(
                11,
                &["<https://webmention.rocks/test/11/webmention>; rel=\"webmention\""],
                html
            )
            .as_deref(),
            Some("https://webmention.rocks/test/11/webmention")
        );
    }

    #[test]
    fn discovers_endpoint_when_link_or_a_element_relative_or_absolute() {
        // webmention.rocks tests 3–6
        let cases = [
            (
                3,
                r#"<link rel="webmention" href="/test/3/webmention">"#,
                "https://webmention.rocks/test/3/webmention",
            ),
            (
                4,
                r#"<link rel="webmention" href="https://webmention.rocks/test/4/webmention">"#,
                "https://webmention.rocks/test/4/webmention",
            ),
            (
                5,
                r#"<p><a rel="webmention" href="/test/5/webmention">e</a></p>"#,
                "https://webmention.rocks/test/5/webmention",
            ),
            (
                6,
                r#"<p><a rel="webmention" href="https://webmention.rocks/test/6/webmention">e</a></p>"#,
                "https://webmention.rocks/test/6/webmention",
            ),
        ];
        for (n, html, want) in cases {
            assert_eq!(found(n, &[], html).as_deref(), Some(want), "test {n}");
        }
    }

    #[test]
    fn discovers_endpoint_when_link_rel_has_several_values() {
        // webmention.rocks test 9
        let html = r#"<link rel="somethingelse webmention" href="/test/9/webmention">"#;
        assert_eq!(
            found(9, &[], html).as_deref(),
            Some("https://webmention.rocks/test/9/webmention")
        );
    }

    #[test]
    fn takes_first_element_when_a_before_link_or_link_before_a() {
        // webmention.rocks tests 16 and 17: document order, whatever the element
        let html16 = r#"<html><body><a href="/test/16/webmention" rel="webmention">a</a><link rel="webmention" href="/test/16/webmention/error"></body></html>"#;
        assert_eq!(
            found(16, &[], html16).as_deref(),
            Some("https://webmention.rocks/test/16/webmention")
        );
        let html17 = r#"<html><head><link rel="webmention" href="/test/17/webmention"></head><body><a href="/test/17/webmention/error" rel="webmention">a</a></body></html>"#;
        assert_eq!(
            found(17, &[], html17).as_deref(),
            Some("https://webmention.rocks/test/17/webmention")
        );
    }

    #[test]
    fn ignores_rel_when_not_exactly_webmention() {
        // webmention.rocks test 12
        let html = r#"<link rel="not-webmention" href="/test/12/webmention/error"><link rel="webmention" href="/test/12/webmention">"#;
        assert_eq!(
            found(12, &[], html).as_deref(),
            Some("https://webmention.rocks/test/12/webmention")
        );
    }

    #[test]
    fn ignores_endpoint_when_inside_comment_or_escaped_html() {
        // webmention.rocks tests 13 and 14
        let html13 = r#"<!-- <link rel="webmention" href="/test/13/webmention/error"> --><link rel="webmention" href="/test/13/webmention">"#;
        assert_eq!(
            found(13, &[], html13).as_deref(),
            Some("https://webmention.rocks/test/13/webmention")
        );
        let html14 = r#"<p><code>&lt;a href="/test/14/webmention/error" rel="webmention"&gt;&lt;/a&gt;</code></p><a href="/test/14/webmention" rel="webmention">e</a>"#;
        assert_eq!(
            found(14, &[], html14).as_deref(),
            Some("https://webmention.rocks/test/14/webmention")
        );
    }

    #[test]
    fn uses_page_itself_when_href_empty() {
        // webmention.rocks test 15
        assert_eq!(
            found(15, &[], r#"<link rel="webmention" href="">"#).as_deref(),
            Some("https://webmention.rocks/test/15")
        );
    }

    #[test]
    fn skips_element_when_href_missing() {
        // webmention.rocks test 20
        let html = r#"<link rel="webmention"><a rel="webmention" href="/test/20/webmention">e</a>"#;
        assert_eq!(
            found(20, &[], html).as_deref(),
            Some("https://webmention.rocks/test/20/webmention")
        );
    }

    #[test]
    fn preserves_query_string_when_endpoint_has_one() {
        // webmention.rocks test 21
        let html = r#"<link rel="webmention" href="/test/21/webmention?query=yes">"#;
        assert_eq!(
            found(21, &[], html).as_deref(),
            Some("https://webmention.rocks/test/21/webmention?query=yes")
        );
    }

    #[test]
    fn resolves_against_page_path_when_href_path_relative() {
        // webmention.rocks tests 22 (relative to the path) and 23 (base is the
        // final URL after redirects, which the caller passes in)
        let html = r#"<link rel="webmention" href="22/webmention">"#;
        assert_eq!(
            found(22, &[], html).as_deref(),
            Some("https://webmention.rocks/test/22/webmention")
        );
        let redirected = Url::parse("https://webmention.rocks/test/23/page/final").unwrap();
        let found = webmention_endpoint(
            &redirected,
            &[],
            r#"<link rel="webmention" href="webmention-endpoint/x">"#,
        );
        assert_eq!(
            found.unwrap().as_str(),
            "https://webmention.rocks/test/23/page/webmention-endpoint/x"
        );
    }

    #[test]
    fn finds_nothing_when_no_endpoint_or_not_http() {
        assert_eq!(
            found(1, &["<https://x.example/>; rel=\"other\""], NOTHING),
            None
        );
        assert_eq!(
            found(
                1,
                &[],
                r#"<a rel="webmention" href="javascript:alert(1)">x</a>"#
            ),
            None
        );
        assert_eq!(found(1, &["garbage, ;;; <"], ""), None);
    }

    #[test]
    fn prefers_pingback_header_when_both_present() {
        let html = r#"<html><head><link rel="pingback" href="https://b.example/xmlrpc.php"></head></html>"#;
        assert_eq!(
            pingback_endpoint(Some(" https://a.example/xmlrpc "), html)
                .unwrap()
                .as_str(),
            "https://a.example/xmlrpc"
        );
        assert_eq!(
            pingback_endpoint(None, html).unwrap().as_str(),
            "https://b.example/xmlrpc.php"
        );
        // an unusable header falls back to the link element
        assert_eq!(
            pingback_endpoint(Some("/relative"), html).unwrap().as_str(),
            "https://b.example/xmlrpc.php"
        );
        assert_eq!(pingback_endpoint(None, "<p>none</p>"), None);
        assert_eq!(
            pingback_endpoint(None, r#"<link rel="pingback" href="/xmlrpc.php">"#),
            None
        );
    }

    #[test]
    fn decodes_pingback_href_when_html_entities() {
        let html = r#"<link rel="pingback" href="https://b.example/x?a=1&amp;b=2">"#;
        assert_eq!(
            pingback_endpoint(None, html).unwrap().as_str(),
            "https://b.example/x?a=1&b=2"
        );
    }

    #[test]
    fn lists_distinct_http_links_when_extracting() {
        let base = Url::parse("https://me.example/posts/1").unwrap();
        let html = r##"<p><a href="https://a.example/x">a</a> <a href="/y#frag">y</a>
<a href="https://a.example/x#again">dup</a> <a href="mailto:x@y">m</a> <a href="#top">self</a>
<a href="javascript:void(0)">j</a> <a>none</a> <a href="ftp://f.example/">f</a> <a href="../z?q=1">z</a></p>"##;
        let got: Vec<String> = links(&base, html).iter().map(Url::to_string).collect();
        assert_eq!(
            got,
            vec![
                "https://a.example/x",
                "https://me.example/y",
                "https://me.example/z?q=1"
            ]
        );
    }

    #[test]
    fn resolves_links_when_base_element_present() {
        let base = Url::parse("https://me.example/posts/1").unwrap();
        let html = r#"<head><base href="https://cdn.example/dir/"></head><a href="x">x</a>"#;
        assert_eq!(links(&base, html)[0].as_str(), "https://cdn.example/dir/x");
    }

    #[test]
    fn verifies_link_when_source_links_to_target() {
        let source = Url::parse("https://them.example/reply/5").unwrap();
        let html = r#"<p>Re: <a href="https://me.example/posts/hello/#comments">your post</a></p>"#;
        assert!(links_to(html, &source, "https://me.example/posts/hello"));
        assert!(links_to(
            html,
            &source,
            "https://ME.example:443/posts/hello/"
        ));
        let rel = r#"<p><a href="/posts/hello">same host</a></p>"#;
        assert!(links_to(
            rel,
            &Url::parse("https://me.example/a/b").unwrap(),
            "https://me.example/posts/hello"
        ));
        let img = r#"<img src="https://me.example/media/p.jpg">"#;
        assert!(links_to(img, &source, "https://me.example/media/p.jpg"));
    }

    #[test]
    fn rejects_link_when_source_does_not_link_to_target() {
        let source = Url::parse("https://them.example/reply/5").unwrap();
        let html = r#"<p>https://me.example/posts/hello <a href="https://me.example/posts/hello-world">other</a>
<!-- <a href="https://me.example/posts/hello">commented</a> -->
<span data-href="https://me.example/posts/hello">no</span>
<a href="https://me.example/posts/hello?x=1">query differs</a>
<a href="http://me.example/posts/hello">scheme differs</a></p>"#;
        assert!(!links_to(html, &source, "https://me.example/posts/hello"));
        assert!(!links_to(html, &source, "not a url"));
    }

    #[test]
    fn parses_link_header_when_quoted_escapes() {
        let v = parse_link_header(r#"<a>; rel="x \"y\" webmention", <b>;rel=next"#);
        assert_eq!(v.len(), 2);
        assert_eq!(v[0].rel, "x \"y\" webmention");
        assert_eq!(v[1].target, "b");
        assert_eq!(v[1].rel, "next");
    }
}
