//! The format-neutral feed model shared by all renderers.
//!
//! Every URL in here is expected to be absolute already: feed readers resolve
//! relative links inconsistently, so the caller (which knows the site's base URL)
//! does that once instead of each renderer guessing.

use chrono::{DateTime, Utc};

/// A feed (or a comment feed) ready to be rendered in any supported format.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Feed {
    /// Human-readable feed title, usually the blog name.
    pub title: String,
    /// Short description such as the blog tagline.
    pub description: String,
    /// Language tag of the content, e.g. `"de"` or `"en"`.
    pub language: String,
    /// Absolute URL of the HTML page this feed mirrors.
    pub home_url: String,
    /// Absolute URL of this feed in the format being rendered.
    ///
    /// The caller sets this per format, so it normally equals the matching
    /// field of [`Feed::alternates`].
    pub self_url: String,
    /// Stable identifier used as the Atom `<id>`, e.g. the home URL.
    pub feed_id: String,
    /// Time of the newest item update, or a fixed time when the feed is empty
    /// (so that an unchanged empty feed renders identically every time).
    pub updated: DateTime<Utc>,
    /// Generator name and version, e.g. `"beitrag 0.1.0"`.
    pub generator: String,
    /// Absolute URLs of this feed in each format, used for `rel="self"` and
    /// `rel="alternate"` links.
    pub alternates: FeedUrls,
    /// Items, in the order they should appear (usually newest first).
    pub items: Vec<FeedItem>,
    /// The site's icon, if it has one of its own.
    pub icon: Option<FeedIcon>,
    /// The WebSub hub to subscribe at, if any: `rel="hub"` in RSS and
    /// Atom, `hubs` in JSON Feed ([WebSub §4](https://www.w3.org/TR/websub/#discovery)).
    pub hub: Option<String>,
}

/// Absolute URLs of a square site icon in two sizes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeedIcon {
    /// 64 × 64 pixels: RSS `<image>`, Atom `<icon>`, JSON Feed `favicon`.
    pub small: String,
    /// 512 × 512 pixels: Atom `<logo>`, JSON Feed `icon`.
    pub large: String,
}

/// Side in pixels of [`FeedIcon::small`].
pub const SMALL_ICON_SIDE: u32 = 64;

/// Absolute URLs of the same feed in every supported format.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeedUrls {
    /// URL of the RSS 2.0 document.
    pub rss: String,
    /// URL of the Atom document.
    pub atom: String,
    /// URL of the JSON Feed document.
    pub json: String,
}

/// One entry of a feed: a post, a page or a comment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeedItem {
    /// Stable GUID that survives edits of title or slug, e.g.
    /// `"https://blog.example/?p=42"`. Rendered as an RSS guid with
    /// `isPermaLink="false"` because it need not be dereferenceable.
    pub id: String,
    /// Absolute permalink of the item's HTML page.
    pub url: String,
    /// Plain-text title.
    pub title: String,
    /// Display name of the author.
    pub author_name: String,
    /// Optional author homepage.
    pub author_url: Option<String>,
    /// First publication time.
    pub published: DateTime<Utc>,
    /// Time of the last significant edit.
    pub updated: DateTime<Utc>,
    /// Plain-text excerpt (not HTML).
    pub summary: Option<String>,
    /// Full content as an HTML fragment.
    pub content_html: String,
    /// Tag and category names.
    pub categories: Vec<String>,
    /// URL of the comments section on the HTML page (RSS `<comments>`).
    pub comments_url: Option<String>,
    /// URL of this item's comment feed (`wfw:commentRss`).
    pub comments_feed_url: Option<String>,
    /// Number of published comments (`slash:comments`, `thr:total`).
    pub comment_count: Option<u64>,
    /// For comment feeds: URL of the post this comment replies to
    /// (Atom `thr:in-reply-to`, RFC 4685).
    pub in_reply_to: Option<String>,
    /// The image the item is shown with (RSS `<enclosure>`, Atom
    /// `<link rel="enclosure">`, JSON Feed `image`).
    pub image: Option<FeedImage>,
}

/// An item's image, as an enclosure: RSS requires its length and type.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeedImage {
    /// Absolute URL.
    pub url: String,
    /// MIME type, e.g. `image/jpeg`.
    pub mime: String,
    /// Size in bytes.
    pub length: u64,
}
