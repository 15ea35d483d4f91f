//! Plain data read from a WordPress export (WXR 1.0, 1.1, 1.2).
//!
//! These types mirror the file, not beitrag's domain: every value is an owned
//! string exactly as exported (dates stay raw, e.g. `2011-01-18 07:40:14` or
//! `0000-00-00 00:00:00`), and only ids are parsed. Mapping to core types is
//! the loader's job. No dependencies beyond std.
//!
//! Format reference: WordPress `wp-admin/includes/export.php` (the exporter)
//! and `WXR_Parser_*` in the wordpress-importer plugin.

/// The `<channel>` header: everything before and between the entries that
/// describes the exported site.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Channel {
    /// `wp:wxr_version`: "1.0", "1.1" or "1.2" once seen.
    pub version: Option<String>,
    /// Site title (`<title>` of the channel).
    pub title: String,
    /// Site URL (`<link>` of the channel).
    pub link: String,
    /// `wp:base_site_url`: the WordPress install URL; links in content start with it.
    pub base_site_url: String,
    /// `wp:base_blog_url`: the blog's home URL.
    pub base_blog_url: String,
    /// `<language>`, e.g. "en-US".
    pub language: String,
}

/// A `wp:author` (WXR 1.1+): a user who wrote something in the export.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Author {
    /// Line of the `<wp:author>` start tag.
    pub line: u64,
    /// `wp:author_id`.
    pub id: Option<i64>,
    /// `wp:author_login`; items refer to it through `dc:creator`.
    pub login: String,
    /// `wp:author_email`.
    pub email: String,
    /// `wp:author_display_name`.
    pub display_name: String,
    /// `wp:author_first_name`.
    pub first_name: String,
    /// `wp:author_last_name`.
    pub last_name: String,
}

/// A taxonomy term declared in the channel: `wp:category`, `wp:tag` or `wp:term`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Term {
    /// Line of the start tag.
    pub line: u64,
    /// `wp:term_id`.
    pub id: Option<i64>,
    /// "category" for `wp:category`, "post_tag" for `wp:tag`, `wp:term_taxonomy` for `wp:term`.
    pub taxonomy: String,
    /// The slug (`category_nicename`, `tag_slug` or `term_slug`).
    pub slug: String,
    /// The display name (`cat_name`, `tag_name` or `term_name`).
    pub name: String,
    /// Slug of the parent term (parents are referenced by slug); empty when none.
    pub parent_slug: String,
    /// `category_description`, `tag_description` or `term_description`.
    pub description: String,
}

/// An item's `<category domain="…" nicename="…">Name</category>`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ItemTerm {
    /// Taxonomy: "category", "post_tag", "post_format", "nav_menu", …
    /// (WXR 1.0 writes "tag" for tags).
    pub domain: String,
    /// The `nicename` attribute (slug).
    pub slug: String,
    /// Element text (display name).
    pub name: String,
}

/// One `wp:postmeta` or `wp:commentmeta` pair. Values are often PHP-serialized;
/// they are kept as the exact string (PHP's byte lengths depend on it).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    /// `wp:meta_key`.
    pub key: String,
    /// `wp:meta_value`.
    pub value: String,
}

/// A `wp:comment` of an item (also pingbacks and trackbacks).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Comment {
    /// `wp:comment_id`.
    pub id: Option<i64>,
    /// `wp:comment_author` (a name, or the site title for pingbacks).
    pub author: String,
    /// `wp:comment_author_email`.
    pub author_email: String,
    /// `wp:comment_author_url`.
    pub author_url: String,
    /// `wp:comment_author_IP`.
    pub author_ip: String,
    /// `wp:comment_date` (site-local time, raw).
    pub date: String,
    /// `wp:comment_date_gmt` (raw).
    pub date_gmt: String,
    /// `wp:comment_content` as given (untrimmed).
    pub content: String,
    /// `wp:comment_approved`: "1", "0", "spam", "trash" or "post-trashed".
    pub approved: String,
    /// `wp:comment_type`: "", "comment", "pingback", "trackback" (or a plugin's type).
    pub kind: String,
    /// `wp:comment_parent`: id of the comment this one answers; 0 or None for top level.
    pub parent: Option<i64>,
    /// `wp:comment_user_id`: the WordPress user who wrote it; 0 or None for guests.
    pub user_id: Option<i64>,
    /// `wp:commentmeta` pairs.
    pub meta: Vec<Meta>,
}

/// An `<item>`: a post, page, attachment, nav menu item or any custom post type.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Item {
    /// Line of the `<item>` start tag.
    pub line: u64,
    /// `<title>`.
    pub title: String,
    /// `<link>`: the permalink on the old site.
    pub link: String,
    /// `<pubDate>` (RFC 822, raw).
    pub pub_date: String,
    /// `dc:creator`: the author's login.
    pub creator: String,
    /// `<guid>`.
    pub guid: String,
    /// `<description>` (usually empty).
    pub description: String,
    /// `content:encoded`: the post body (HTML or block markup), untrimmed.
    pub content: String,
    /// `excerpt:encoded`, untrimmed.
    pub excerpt: String,
    /// `wp:post_id`.
    pub post_id: Option<i64>,
    /// `wp:post_date` (site-local time, raw).
    pub post_date: String,
    /// `wp:post_date_gmt` (raw; "0000-00-00 00:00:00" for drafts).
    pub post_date_gmt: String,
    /// `wp:post_modified` (WXR 1.2+).
    pub post_modified: String,
    /// `wp:post_modified_gmt` (WXR 1.2+).
    pub post_modified_gmt: String,
    /// `wp:comment_status`: "open" or "closed".
    pub comment_status: String,
    /// `wp:ping_status`: "open" or "closed".
    pub ping_status: String,
    /// `wp:post_name`: the slug.
    pub post_name: String,
    /// `wp:status`: "publish", "draft", "pending", "private", "future", "trash", "inherit"…
    pub status: String,
    /// `wp:post_parent`: id of the parent item; 0 or None for none.
    pub post_parent: Option<i64>,
    /// `wp:menu_order` (0 when empty).
    pub menu_order: i64,
    /// `wp:post_type`: "post", "page", "attachment", "nav_menu_item", …
    pub post_type: String,
    /// `wp:post_password` as given.
    pub post_password: String,
    /// `wp:is_sticky` was "1".
    pub is_sticky: bool,
    /// `wp:attachment_url`: where to download an attachment's file.
    pub attachment_url: String,
    /// The item's `<category>` elements that carry a `nicename`.
    pub terms: Vec<ItemTerm>,
    /// `wp:postmeta` pairs.
    pub meta: Vec<Meta>,
    /// `wp:comment`s.
    pub comments: Vec<Comment>,
}

/// One thing the reader hands out, in document order.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(
    clippy::large_enum_variant,
    reason = "one entry is alive at a time and moved once; a Box buys nothing"
)]
pub enum Entry {
    /// A `wp:author`.
    Author(Author),
    /// A `wp:category`, `wp:tag` or `wp:term`.
    Term(Term),
    /// An `<item>`.
    Item(Item),
}
