//! Markdown → HTML for posts and pages, WordPress content → HTML for
//! imports, plus the small text helpers every writer of content needs
//! (slugs, excerpts).
//!
//! Pure functions only: no I/O, no database, no HTTP. Rendering happens once
//! when a post is saved; the stored HTML is what readers get.

mod comment;
mod render;
mod slug;
mod summary;
mod text;
pub mod wordpress;

pub use comment::{count_links, render_comment, sanitize_comment_html};
pub use render::{Trust, render, render_html};
pub use slug::slugify;
pub use summary::{MORE_MARKER, mark_more, summary};
pub use text::{absolute_urls, escape_html, excerpt, strip_tags};
pub use wordpress::{Converted, GalleryImage, convert_comment, convert_post, wpautop};
