//! Reader comments: plain text with paragraphs and autolinked URLs, plus a
//! small Markdown subset (emphasis, code, quotes, lists, links). The result
//! is cleaned with a strict allow-list: no images, scripts, styles or
//! headings, and every link gets `rel="nofollow ugc noopener"`.

use std::collections::HashSet;
use std::sync::LazyLock;

use comrak::{Options, markdown_to_html};

pub(crate) static COMMENT_SANITISER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::empty();
    b.tags(HashSet::from([
        "p",
        "br",
        "a",
        "em",
        "strong",
        "code",
        "pre",
        "blockquote",
        "ul",
        "ol",
        "li",
        "del",
        // Inline markup WordPress allows in comments (its `allowedtags`).
        "b",
        "i",
        "q",
        "cite",
        "abbr",
    ]));
    b.tag_attributes(std::collections::HashMap::from([(
        "a",
        HashSet::from(["href"]),
    )]));
    b.url_schemes(HashSet::from(["http", "https", "mailto"]));
    b.link_rel(Some("nofollow ugc noopener"));
    // Imported WordPress comments are HTML; a script's code must not
    // survive as visible text once its tags are gone.
    b.clean_content_tags(HashSet::from(["script", "style"]));
    b
});

/// Renders and sanitises a reader's comment.
pub fn render_comment(text: &str) -> String {
    let mut o = Options::default();
    o.extension.autolink = true;
    o.extension.strikethrough = true;
    // A line break in a comment is a line break, as readers expect.
    o.render.hardbreaks = true;
    // Raw HTML is escaped, not interpreted: readers write text.
    o.render.escape = true;
    let html = markdown_to_html(text, &o);
    COMMENT_SANITISER.clean(&html).to_string()
}

/// Cleans HTML from elsewhere (a fediverse reply) with the comments'
/// allow-list.
pub fn sanitize_comment_html(html: &str) -> String {
    COMMENT_SANITISER.clean(html).to_string()
}

/// Number of links in rendered HTML (for the link-count rule).
pub fn count_links(html: &str) -> usize {
    html.matches("<a ").count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn autolinks_with_ugc_rel_when_text_has_urls() {
        let html =
            render_comment("Siehe https://example.org/x\nzweite Zeile\n\nNeuer Absatz *betont*");
        assert!(
            html.contains(r#"<a href="https://example.org/x" rel="nofollow ugc noopener">"#),
            "{html}"
        );
        assert!(html.contains("<br"), "{html}");
        assert!(html.contains("<em>betont</em>"), "{html}");
        assert_eq!(count_links(&html), 1);
    }

    #[test]
    fn drops_images_scripts_and_styles_when_hostile() {
        let html = render_comment(
            "![x](https://evil.example/p.png) <script>alert(1)</script> <b style=\"x\">b</b> [y](javascript:alert(1))\n\n# Titel",
        );
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("<h1"), "{html}");
        assert!(!html.contains("<b"), "{html}");
        assert!(
            html.contains("&lt;script&gt;"),
            "raw HTML is shown as text: {html}"
        );
    }
}
