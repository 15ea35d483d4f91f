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
        // ammonia leaves `tfoot` out; without it a table footer's rows
        // land outside any row group and change on every sanitising.
        "tfoot",
        // Imported WordPress media (`[audio]`/`[video]` and their blocks).
        "audio",
        "video",
        "source",
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
    // ammonia checks the schemes of `src` and video `poster`, not `srcset`.
    b.add_tag_attributes("audio", ["src", "controls"]);
    b.add_tag_attributes("video", ["src", "controls", "width", "height", "poster"]);
    b.add_tag_attributes("source", ["src", "type"]);
    // WordPress's alignment and size classes (`aligncenter`, `wp-image-12`)
    // and responsive images; alt, width and height are ammonia defaults.
    b.add_tag_attributes("figure", ["class"]);
    b.add_tag_attributes("img", ["class", "srcset", "sizes"]);
    b.attribute_filter(|element, attribute, value| match (element, attribute) {
        ("input", "type") if value != "checkbox" => None,
        ("td" | "th", "style") if !value.starts_with("text-align:") => None,
        ("img", "srcset") if !srcset_is_safe(value) => None,
        _ => Some(value.into()),
    });
    b.link_rel(Some("noopener"));
    b.url_schemes(HashSet::from(["http", "https", "mailto"]));
    b
});

/// Renders Markdown to HTML. Untrusted output contains no script, style,
/// event handler or `javascript:` URL.
pub fn render(markdown: &str, trust: Trust) -> String {
    let html = label_tasks(&markdown_to_html(&crate::mark_more(markdown), &options()));
    match trust {
        Trust::RawHtml => html,
        Trust::Sanitised => SANITISER.clean(&html).to_string(),
    }
}

/// Whether every candidate URL in a `srcset` is relative or http(s), the
/// rule ammonia applies to `src`.
fn srcset_is_safe(srcset: &str) -> bool {
    srcset.split(',').all(|candidate| {
        let url = candidate.split_whitespace().next().unwrap_or_default();
        match url.split_once(':') {
            None => true,
            // A colon after a path, query or fragment is not a scheme.
            Some((scheme, _)) if scheme.contains(['/', '?', '#']) => true,
            Some((scheme, _)) => {
                scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https")
            }
        }
    })
}

/// HTML source (a WordPress import, a post written in HTML) → stored HTML:
/// kept as written for trusted authors, else cleaned with the same
/// allow-list as Markdown posts, so no script, style, event handler or
/// `javascript:` URL survives.
pub fn render_html(html: &str, trust: Trust) -> String {
    let html = crate::mark_more(html);
    match trust {
        Trust::RawHtml => html.into_owned(),
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
    fn sanitises_html_but_keeps_media_when_untrusted() {
        let html = render_html(
            concat!(
                "<script>alert(1)</script><p onclick=\"x()\">Hi <a href=\"javascript:alert(1)\">j</a></p>",
                "<audio controls src=\"https://ex.example/a.mp3\"></audio>",
                "<video controls src=\"v.mp4\" width=\"640\" height=\"360\" poster=\"javascript:x\" onplay=\"x()\">",
                "<source src=\"v.webm\" type=\"video/webm\"></video>",
                "<figure class=\"wp-caption aligncenter\" style=\"width:10px\"><img class=\"wp-image-3\" src=\"i.jpg\" alt=\"A\" width=\"10\" height=\"20\" ",
                "srcset=\"i-300.jpg 300w, i.jpg 600w\" sizes=\"(max-width: 600px) 100vw\"><figcaption>C</figcaption></figure>",
                "<img src=\"j.jpg\" srcset=\"javascript:alert(1) 1x\">",
            ),
            Trust::Sanitised,
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("alert"), "{html}");
        assert!(!html.contains("onclick"), "{html}");
        assert!(!html.contains("onplay"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("style="), "{html}");
        assert!(
            html.contains(r#"<audio controls="" src="https://ex.example/a.mp3"></audio>"#),
            "{html}"
        );
        assert!(
            html.contains(r#"<video controls="" src="v.mp4" width="640" height="360">"#),
            "{html}"
        );
        assert!(
            html.contains(r#"<source src="v.webm" type="video/webm">"#),
            "{html}"
        );
        assert!(
            html.contains(r#"<figure class="wp-caption aligncenter">"#),
            "{html}"
        );
        assert!(html.contains(r#"class="wp-image-3""#), "{html}");
        assert!(
            html.contains(r#"srcset="i-300.jpg 300w, i.jpg 600w""#),
            "{html}"
        );
        assert!(
            html.contains(r#"sizes="(max-width: 600px) 100vw""#),
            "{html}"
        );
        assert!(html.contains(r#"<img src="j.jpg">"#), "{html}");
        assert_eq!(
            render_html("<script>x</script>", Trust::RawHtml),
            "<script>x</script>"
        );
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
