//! WordPress content (as found in WXR exports) → the HTML beitrag stores.
//!
//! WordPress keeps post content as source and formats it on every view:
//! shortcodes and, for classic posts, automatic paragraphs. We apply those
//! once at import, so the stored HTML looks as the post looked on the old
//! site without needing WordPress's filters afterwards.

mod autop;
mod blocks;
mod media;
mod scan;
mod shortcode;

#[cfg(test)]
mod tests;

pub use autop::wpautop;

use crate::comment::COMMENT_SANITISER;
use std::borrow::Cow;

/// Result of converting one post's content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Converted {
    /// HTML source to store; sanitising is left to [`crate::render_html`].
    pub html: String,
    /// Shortcode names left as text, deduplicated, in order of first appearance.
    pub unknown_shortcodes: Vec<String>,
}

/// One image of a `[gallery]`, as the importer knows it from the export's
/// attachments.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GalleryImage {
    /// Image URL (plain text; escaped on output).
    pub src: String,
    /// Alternative text (plain text; escaped on output).
    pub alt: String,
    /// Caption as HTML source, like the attachment's excerpt in WordPress;
    /// empty for none.
    pub caption: String,
}

/// WordPress post content (`content:encoded`) → HTML source to store.
///
/// Block-editor content (it contains `<!-- wp:`) loses its block comments
/// and keeps the HTML between them, without automatic paragraphs, as
/// WordPress renders it. Classic content gets shortcodes, then `wpautop`.
/// Both lose every other HTML comment, `<!--more-->` and `<!--nextpage-->`
/// included, and both get shortcodes: WordPress expands them in block
/// content too (the shortcode block, or a shortcode typed into a paragraph).
///
/// Known shortcodes become plain HTML: `[caption]`, `[gallery]` (through the
/// `gallery` resolver, which maps attachment ids to images), `[embed]`,
/// `[audio]` and `[video]`. `[[name]]` becomes the literal `[name]`. Any
/// other shortcode stays as text and is listed in
/// [`Converted::unknown_shortcodes`]. Inside `<pre>` and `<code>` nothing
/// is expanded.
pub fn convert_post(content: &str, gallery: &dyn Fn(&[i64]) -> Vec<GalleryImage>) -> Converted {
    let block_content = blocks::is_block_content(content);
    let uncommented = blocks::strip_comments(content);
    let mut expander = shortcode::Expander::new(gallery);
    let expanded = expander.expand(&uncommented);
    let html = if block_content {
        expanded.trim().to_owned()
    } else {
        wpautop(&expanded)
    };
    Converted {
        html,
        unknown_shortcodes: expander.into_unknown(),
    }
}

/// WordPress comment content → sanitised comment HTML: `wpautop` (unless
/// the text already is paragraphs, as an export of ours writes it: autop
/// again would turn a `<br>` pair into a new paragraph), then the
/// allow-list reader comments get ([`crate::render_comment`]'s): images,
/// scripts, styles and headings go, links get `rel="nofollow ugc noopener"`.
pub fn convert_comment(content: &str) -> String {
    let trimmed = content.trim();
    let paragraphs = trimmed.starts_with("<p>") && trimmed.ends_with("</p>");
    let html = if paragraphs {
        Cow::Borrowed(content)
    } else {
        Cow::Owned(wpautop(content))
    };
    COMMENT_SANITISER.clean(&html).to_string()
}
