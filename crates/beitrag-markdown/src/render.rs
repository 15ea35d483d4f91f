//! CommonMark + GFM extensions rendered by comrak, then sanitised by ammonia
//! unless the author is trusted with raw HTML.

use std::collections::HashSet;
use std::sync::LazyLock;

use comrak::{Options, markdown_to_html};

/// How far the author of a text is trusted with raw HTML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trust {
    /// Administrators: raw HTML is kept as written (WordPress's `unfiltered_html`).
    RawHtml,
    /// Everyone else: raw HTML goes through the allow-list.
    Sanitised,
}

fn options() -> Options<'static> {
    let mut o = Options::default();
    o.extension.strikethrough = true;
    o.extension.table = true;
    o.extension.autolink = true;
    o.extension.tasklist = true;
    // `contains-task-list` lets the theme drop the bullet beside the box.
    o.render.tasklist_classes = true;
    o.extension.footnotes = true;
    o.extension.header_id_prefix = Some(String::new());
    // Raw HTML is rendered and then cleaned by ammonia for untrusted authors;
    // dropping it silently (comrak's default) would lose an author's markup.
    o.render.r#unsafe = true;
    o
}

// Built once: the allow-list is the same for every call and building it
// allocates several hash sets.
static SANITISER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.add_tags([
        "input",
        "sup",
        "section",
        "details",
        "summary",
        "figure",
        "figcaption",
        "label",
    ]);
    b.add_generic_attributes(["id"]);
    b.add_tag_attributes("input", ["type", "checked", "disabled"]);
    b.add_tag_attributes("a", ["aria-label"]);
    b.add_tag_attributes("section", ["class"]);
    b.add_tag_attributes("sup", ["class"]);
    b.add_tag_attributes("li", ["class"]);
    b.add_tag_attributes("ul", ["class"]);
    b.add_tag_attributes("td", ["align", "style"]);
    b.add_tag_attributes("th", ["align", "style"]);
    b.attribute_filter(|element, attribute, value| match (element, attribute) {
        ("input", "type") if value != "checkbox" => None,
        ("td" | "th", "style") if !value.starts_with("text-align:") => None,
        _ => Some(value.into()),
    });
    b.link_rel(Some("noopener"));
    b.url_schemes(HashSet::from(["http", "https", "mailto"]));
    b
});

/// Renders Markdown to HTML. Untrusted output contains no script, style,
/// event handler or `javascript:` URL.
pub fn render(markdown: &str, trust: Trust) -> String {
    let html = label_tasks(&markdown_to_html(markdown, &options()));
    match trust {
        Trust::RawHtml => html,
        Trust::Sanitised => SANITISER.clean(&html).to_string(),
    }
}

/// Each task-list checkbox gets its item's text as a `<label>`: a
/// checkbox without one is a critical accessibility failure. Only the
/// boxes that begin a list item (a task list's, tight or loose) are
/// touched, never a checkbox in an author's own HTML elsewhere; the label
/// ends where the item's own text does (before a nested list).
fn label_tasks(html: &str) -> String {
    const BOX: &str = "<input type=\"checkbox\"";
    let mut out = String::with_capacity(html.len() + 64);
    let mut rest = html;
    while let Some(at) = rest.find(BOX) {
        let (before, from) = rest.split_at(at);
        out.push_str(before);
        let starts_item = before.ends_with("<li class=\"task-list-item\">")
            || before.ends_with("<li class=\"task-list-item\">\n<p>");
        let end = if starts_item {
            ["</li>", "</p>", "\n<ul", "\n<ol"]
                .iter()
                .filter_map(|m| from.find(m))
                .min()
        } else {
            None
        };
        match end {
            Some(end) => {
                out.push_str("<label>");
                out.push_str(&from[..end]);
                out.push_str("</label>");
                rest = &from[end..];
            }
            None => {
                out.push_str(BOX);
                rest = &from[BOX.len()..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_gfm_extensions_when_enabled() {
        let md = "# Hallo Welt\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n~~alt~~ https://example.org\n\n- [x] erledigt\n\nText[^1]\n\n[^1]: Fußnote\n";
        let html = render(md, Trust::Sanitised);
        assert!(html.contains(r##"id="hallo-welt""##), "{html}");
        assert!(html.contains("<table>"), "{html}");
        assert!(html.contains("<del>alt</del>"), "{html}");
        assert!(html.contains(r#"<a href="https://example.org""#), "{html}");
        assert!(html.contains(r#"type="checkbox""#), "{html}");
        assert!(html.contains("Fußnote"), "{html}");
        assert!(html.contains("footnote"), "{html}");
    }

    #[test]
    fn labels_task_list_checkboxes_with_their_text() {
        let md = "- [x] erledigt\n- [ ] offen mit `Code`\n  - [ ] darunter\n\n<p><input type=\"checkbox\"> eigenes HTML</p>\n";
        let html = render(md, Trust::Sanitised);
        assert!(
            html.contains(r#"<ul class="contains-task-list">"#),
            "{html}"
        );
        assert!(
            html.contains(
                r#"<label><input type="checkbox" checked="" disabled=""> erledigt</label></li>"#
            ),
            "{html}"
        );
        assert!(
            html.contains(
                r#"<label><input type="checkbox" disabled=""> offen mit <code>Code</code></label>"#
            ),
            "{html}"
        );
        assert!(
            html.contains(r#"<label><input type="checkbox" disabled=""> darunter</label>"#),
            "{html}"
        );
        assert_eq!(html.matches("<label>").count(), 3, "{html}");
    }

    #[test]
    fn strips_scripts_when_untrusted() {
        let md = "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1))\n\n<b style=\"color:red\">ok</b>";
        let html = render(md, Trust::Sanitised);
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("style="), "{html}");
        assert!(html.contains("<b>ok</b>"), "{html}");
    }

    #[test]
    fn keeps_raw_html_when_trusted() {
        let html = render(
            "<iframe src=\"https://example.org/v\"></iframe>",
            Trust::RawHtml,
        );
        assert!(html.contains("<iframe"), "{html}");
    }
}
