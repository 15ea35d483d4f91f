//! Tests of the WordPress conversion, by topic; the scanners' own small
//! tests sit beside them.

mod autop;
mod hostile;
mod shortcodes;

use super::*;

/// A resolver for posts without galleries.
fn no_gallery(_: &[i64]) -> Vec<GalleryImage> {
    Vec::new()
}

fn post(content: &str) -> Converted {
    convert_post(content, &no_gallery)
}

#[test]
fn strips_block_comments_without_autop_when_block_content() {
    let content = "<!-- wp:paragraph -->\n<p>Hi\nthere</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:separator /-->\n<hr class=\"wp-block-separator has-alpha-channel-opacity\"/>\n<!-- /wp:separator -->\n\n<!-- wp:more -->\n<!--more-->\n<!-- /wp:more -->\n\n<!-- wp:list -->\n<ul><!-- wp:list-item -->\n<li>One</li>\n<!-- /wp:list-item --></ul>\n<!-- /wp:list -->\n";
    let c = post(content);
    assert!(!c.html.contains("<!--"), "{}", c.html);
    assert!(!c.html.contains("<br"), "no wpautop: {}", c.html);
    assert!(c.html.starts_with("<p>Hi\nthere</p>\n\n<hr "), "{}", c.html);
    assert!(c.html.contains("<ul>\n<li>One</li>\n</ul>"), "{}", c.html);
    assert!(c.unknown_shortcodes.is_empty());
}

#[test]
fn expands_shortcodes_when_in_shortcode_block() {
    let c = convert_post(
        "<!-- wp:shortcode -->\n[gallery ids=\"7\"]\n<!-- /wp:shortcode -->",
        &|ids: &[i64]| {
            ids.iter()
                .map(|id| GalleryImage {
                    src: format!("/m/{id}.jpg"),
                    ..GalleryImage::default()
                })
                .collect()
        },
    );
    assert!(
        c.html.contains(r#"<img src="/m/7.jpg" alt="">"#),
        "{}",
        c.html
    );
}

#[test]
fn drops_more_and_comments_when_classic_content() {
    let c = post("Intro\n<!--more-->\nRest <!-- note -->here\n\n<!--nextpage-->\n\nPage two");
    assert_eq!(
        c.html,
        "<p>Intro<br />\n<span id=\"more\"></span>Rest here</p>\n<p>Page two</p>\n"
    );
}

#[test]
fn sanitises_and_paragraphs_when_comment() {
    let html = convert_comment(
        "Nice post!\nSecond line <img src=\"https://evil.example/p.gif\"> <script>alert(1)</script>\n\n<b>bold</b> <a href=\"https://ex.example/\" onclick=\"x()\">link</a> <a href=\"javascript:alert(1)\">j</a>",
    );
    assert!(html.starts_with("<p>Nice post!<br>"), "{html}");
    assert!(html.contains("</p>\n<p>"), "{html}");
    assert!(!html.contains("<img"), "{html}");
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("alert"), "{html}");
    assert!(!html.contains("onclick"), "{html}");
    assert!(html.contains("<b>bold</b>"), "{html}");
    assert!(
        html.contains(r#"<a href="https://ex.example/" rel="nofollow ugc noopener">link</a>"#),
        "{html}"
    );
    assert!(!html.contains("javascript:"), "{html}");
    assert_eq!(convert_comment("  \n "), "");
}

/// Every post body of the WordPress export fixtures converts without
/// panicking. The bodies are cut out with plain string search: enough for
/// CDATA sections, and a test must not depend on the importer's parser.
#[test]
fn converts_every_fixture_post_when_fixtures_present() {
    const DIR: &str = "/work/shared/testdata/wxr";
    const OPEN: &str = "<content:encoded><![CDATA[";
    const CLOSE: &str = "]]></content:encoded>";
    let Ok(entries) = std::fs::read_dir(DIR) else {
        assert_ne!(
            std::env::var("CI").as_deref(),
            Ok("true"),
            "{DIR} is missing under CI"
        );
        return;
    };
    let mut bodies = 0;
    let mut unknown = Vec::new();
    for entry in entries {
        let path = entry.expect("dir entry").path();
        if path.extension().is_none_or(|e| e != "xml") {
            continue;
        }
        let xml =
            String::from_utf8_lossy(&std::fs::read(&path).expect("readable fixture")).into_owned();
        let mut rest = xml.as_str();
        while let Some(at) = rest.find(OPEN) {
            let body = &rest[at + OPEN.len()..];
            let end = body.find(CLOSE).unwrap_or(body.len());
            let content = &body[..end];
            let c = convert_post(content, &|ids: &[i64]| {
                ids.iter()
                    .map(|id| GalleryImage {
                        src: format!("https://ex.example/{id}.jpg"),
                        alt: String::new(),
                        caption: String::new(),
                    })
                    .collect()
            });
            if blocks::is_block_content(content) {
                assert!(!c.html.contains("<!-- wp:"), "{}", path.display());
            }
            unknown.extend(c.unknown_shortcodes);
            let _ = crate::render_html(&c.html, crate::Trust::Sanitised);
            bodies += 1;
            rest = &body[end..];
        }
    }
    assert!(bodies > 100, "only {bodies} post bodies found");
    println!("{bodies} bodies; unknown shortcodes: {unknown:?}");
}
