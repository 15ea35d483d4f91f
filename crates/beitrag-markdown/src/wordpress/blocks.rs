//! Block-editor (Gutenberg) markup: the blocks are delimited by HTML
//! comments whose HTML in between is already the rendered block, so
//! dropping the comments leaves what WordPress would show for static blocks.

use super::scan::{find, find_ci, has_ci};

/// Whether the content was written with the block editor. WordPress's own
/// test (`has_blocks`) looks for the same opening delimiter.
pub(super) fn is_block_content(content: &str) -> bool {
    content.contains("<!-- wp:")
}

/// Elements whose text is not HTML, so a `<!--` inside is not a comment:
/// dropping it would gut an old `<script><!-- … //--></script>`.
const RAW_TEXT: [&str; 3] = ["script", "style", "textarea"];

/// Drops every HTML comment: block delimiters (`<!-- wp:… -->`,
/// `<!-- /wp:… -->`, `<!-- wp:… /-->`), `<!--nextpage-->` and any other
/// (invisible anyway); the first `<!--more-->` becomes [`crate::MORE_MARKER`]. A comment that starts a line takes its
/// line break along, so block delimiters leave no blank lines behind.
/// An unclosed comment is left as it is rather than swallowing the rest.
pub(super) fn strip_comments(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut copied = 0;
    let mut i = 0;
    while let Some(lt) = find(html, "<", i) {
        if let Some(end) = raw_text_end(html, lt) {
            i = end;
            continue;
        }
        if !html.get(lt..).is_some_and(|t| t.starts_with("<!--")) {
            i = lt + 1;
            continue;
        }
        // From the first dash, so `<!-->` closes itself as in HTML.
        let Some(close) = find(html, "-->", lt + 2) else {
            break;
        };
        out.push_str(html.get(copied..lt).unwrap_or_default());
        // The teaser's end is kept, as the marker the summaries look for.
        let is_more = html.get(lt..).is_some_and(|t| t.starts_with("<!--more"));
        let own_line = starts_line(&out);
        if is_more && !out.contains(crate::MORE_MARKER) {
            out.push_str(crate::MORE_MARKER);
        }
        let mut end = close + 3;
        if own_line {
            let rest = html.get(end..).unwrap_or_default();
            if rest.starts_with("\r\n") {
                end += 2;
            } else if rest.starts_with('\n') {
                end += 1;
            }
        }
        copied = end;
        i = end;
    }
    out.push_str(html.get(copied..).unwrap_or_default());
    out
}

/// Where the raw-text element opening at `lt` ends (after its closing tag,
/// or the end of the text when it is never closed).
fn raw_text_end(html: &str, lt: usize) -> Option<usize> {
    let name = RAW_TEXT.iter().find(|name| {
        has_ci(html, lt + 1, name)
            && html
                .as_bytes()
                .get(lt + 1 + name.len())
                .is_some_and(|&b| b == b'>' || b == b'/' || super::scan::is_space(b))
    })?;
    let closer = format!("</{name}");
    Some(
        find_ci(html, &closer, lt + 1 + name.len())
            .and_then(|c| find(html, ">", c))
            .map_or(html.len(), |gt| gt + 1),
    )
}

/// Whether only spaces or tabs follow the last line break of `out` (or
/// nothing at all). Looks back a bounded distance to stay linear.
fn starts_line(out: &str) -> bool {
    let tail = out.as_bytes().iter().rev().take(64);
    for &b in tail {
        match b {
            b'\n' => return true,
            b' ' | b'\t' => {}
            _ => return false,
        }
    }
    out.len() <= 64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_block_delimiters_when_gutenberg_markup() {
        let html = "<!-- wp:paragraph -->\n<p>Hi</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:separator /-->\n<hr class=\"wp-block-separator\"/>\n<!-- wp:image {\"id\":5,\"sizeSlug\":\"large\"} -->\n<figure class=\"wp-block-image size-large\"><img src=\"a.jpg\" alt=\"\"/></figure>\n<!-- /wp:image -->";
        assert!(is_block_content(html));
        assert_eq!(
            strip_comments(html),
            "<p>Hi</p>\n\n<hr class=\"wp-block-separator\"/>\n<figure class=\"wp-block-image size-large\"><img src=\"a.jpg\" alt=\"\"/></figure>\n"
        );
    }

    #[test]
    fn drops_more_and_nextpage_when_inline_or_on_own_line() {
        assert_eq!(
            strip_comments("Intro<!--more--> rest\n<!--nextpage-->\nPage 2"),
            "Intro<span id=\"more\"></span> rest\nPage 2"
        );
        assert_eq!(strip_comments("a<!---->b<!-->c"), "abc");
    }

    #[test]
    fn keeps_comments_when_in_script_or_unclosed() {
        let s = "<script type=\"text/javascript\"><!--\nx = 1;\n//--></script><!-- gone -->";
        assert_eq!(
            strip_comments(s),
            "<script type=\"text/javascript\"><!--\nx = 1;\n//--></script>"
        );
        assert_eq!(strip_comments("a <!-- open"), "a <!-- open");
        assert_eq!(strip_comments("<SCRIPT>x<!--"), "<SCRIPT>x<!--");
    }
}
