//! Feed documents for beitrag: RSS 2.0, Atom (RFC 4287 with RFC 4685 threading)
//! and JSON Feed 1.1, and the sitemaps that list what a crawler should read.
//!
//! This crate owns one job: turning an already-assembled [`Feed`] into the bytes
//! of a feed document. It deliberately knows nothing about HTTP, the database,
//! templates or URL routing; callers load posts, build absolute URLs and pick the
//! format, then hand the model to [`to_rss`], [`to_atom`] or [`to_json`] and serve
//! the result with the matching `*_MIME` content type. Keeping it pure makes the
//! output easy to test byte-for-byte and reusable from the web server, static
//! export and importers alike.

mod atom;
mod json;
mod model;
mod rss;
mod sitemap;
mod xml;

#[cfg(test)]
mod tests;

pub use crate::atom::to_atom;
pub use crate::json::to_json;
pub use crate::model::{Feed, FeedIcon, FeedImage, FeedItem, FeedUrls, SMALL_ICON_SIDE};
pub use crate::rss::to_rss;
pub use crate::sitemap::{MAX_URLS, SITEMAP_MIME, SitemapEntry, to_sitemap_index, to_urlset};

/// `Content-Type` for documents produced by [`to_rss`].
pub const RSS_MIME: &str = "application/rss+xml; charset=utf-8";

/// `Content-Type` for documents produced by [`to_atom`].
pub const ATOM_MIME: &str = "application/atom+xml; charset=utf-8";

/// `Content-Type` for documents produced by [`to_json`].
pub const JSON_MIME: &str = "application/feed+json; charset=utf-8";
