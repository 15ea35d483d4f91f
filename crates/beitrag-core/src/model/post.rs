//! Posts and pages, and the read models the public site is built from.

use chrono::{DateTime, Utc};

use super::{
    Comment, MediaId, OpenClosed, PostKind, PostStatus, SourceFormat, Term, TermId, UserId,
};

/// Primary key of a post or page.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(transparent)]
pub struct PostId(pub i64);

/// A post or page as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Post {
    /// Primary key.
    pub id: PostId,
    /// Post or page.
    pub kind: PostKind,
    /// Publication state.
    pub status: PostStatus,
    /// URL slug, unique per kind.
    pub slug: String,
    /// Title as written.
    pub title: String,
    /// Source as written (Markdown or HTML, see `format`).
    pub source: String,
    /// What `source` is written in.
    pub format: SourceFormat,
    /// HTML rendered from `source` when it was saved.
    pub html: String,
    /// Hand-written excerpt; empty when none.
    pub excerpt: String,
    /// Who wrote it.
    pub author_id: UserId,
    /// Publication time (UTC); `None` for drafts never published.
    pub published_at: Option<DateTime<Utc>>,
    /// Last content change (UTC).
    pub updated_at: DateTime<Utc>,
    /// Whether readers may comment.
    pub comment_status: OpenClosed,
    /// Whether trackbacks and pingbacks are accepted.
    pub ping_status: OpenClosed,
    /// Shown above other posts on the home page.
    pub sticky: bool,
    /// URLs to send a TrackBack ping to when the post is published.
    pub trackbacks: Vec<String>,
    /// The lowest-id category, used by the `%category%` permalink token.
    pub primary_category: Option<TermId>,
    /// The feed id it had on the engine it was imported from; empty for
    /// posts written here (their id is derived from the permalink).
    pub guid: String,
    /// The image it is shown with (theme, OpenGraph, feeds).
    pub featured_media: Option<MediaId>,
}

impl Post {
    /// The id feeds (and exports) give the post: the one it had on the
    /// engine it was imported from, else `{base_url}/?p={id}`, which
    /// survives edits of title, slug and date.
    pub fn feed_id(&self, base_url: &str) -> String {
        if self.guid.is_empty() {
            format!("{base_url}/?p={}", self.id.0)
        } else {
            self.guid.clone()
        }
    }

    /// Visible to anonymous readers at `now`.
    pub fn is_public_at(&self, now: DateTime<Utc>) -> bool {
        matches!(self.status, PostStatus::Published | PostStatus::Scheduled)
            && self.published_at.is_some_and(|t| t <= now)
    }
}

/// The public face of a post's author.
#[derive(Debug, Clone, PartialEq)]
pub struct Author {
    /// Primary key.
    pub id: UserId,
    /// Login, used in author archive URLs.
    pub login: String,
    /// Name shown to readers.
    pub display_name: String,
    /// Used only to derive a local avatar; never shown.
    pub email: String,
    /// Biography (plain text).
    pub bio: String,
    /// Explicit avatar URL, if the user set one.
    pub avatar_url: Option<String>,
}

/// A post with what lists and feeds show beside it.
#[derive(Debug, Clone, PartialEq)]
pub struct PostCard {
    /// The post itself.
    pub post: Post,
    /// Its author.
    pub author: Author,
    /// Approved comments and fediverse replies.
    pub comment_count: i64,
    /// Approved trackbacks, pingbacks and Webmentions.
    pub ping_count: i64,
    /// Approved top-level comments and fediverse replies: the threads that
    /// comment pages are made of.
    pub thread_count: i64,
    /// Likes and boosts from the fediverse.
    pub reactions: super::ReactionCounts,
    /// Tags and categories (filled by list and page queries).
    pub terms: Vec<Term>,
}

/// Everything the single-post page needs, fetched in at most three queries
/// (four for a post with a featured image).
#[derive(Debug, Clone, PartialEq)]
pub struct PostPage {
    /// The post with author, counts and terms.
    pub card: PostCard,
    /// The next older visible post.
    pub previous: Option<Post>,
    /// The next newer visible post.
    pub next: Option<Post>,
    /// Approved responses of one comment page, oldest first: its threads
    /// with all their replies, and its slice of the linkbacks.
    pub comments: Vec<Comment>,
    /// The comment page shown (1 = the oldest).
    pub comment_page: i64,
    /// Comment pages in all.
    pub comment_pages: i64,
    /// The post's featured image, when it has one.
    pub featured: Option<super::Media>,
}

impl PostPage {
    /// Responses listed under "Kommentare": comments and fediverse replies.
    pub fn conversation(&self) -> impl Iterator<Item = &Comment> {
        self.comments.iter().filter(|c| !c.kind.is_linkback())
    }

    /// Responses listed under "Trackbacks".
    pub fn linkbacks(&self) -> impl Iterator<Item = &Comment> {
        self.comments.iter().filter(|c| c.kind.is_linkback())
    }
}

/// How the single-post page finds its post.
#[derive(Debug, Clone, PartialEq)]
pub enum PostKey {
    /// By kind and slug.
    Slug(PostKind, String),
    /// By id (the `%post_id%` token).
    Id(PostId),
}

/// Which posts an archive shows.
#[derive(Debug, Clone, PartialEq)]
pub enum ArchiveFilter {
    /// All posts (home page, main feed).
    All,
    /// Posts with this tag.
    Tag(TermId),
    /// Posts in any of these categories (a category and its descendants).
    Categories(Vec<TermId>),
    /// Posts by this author.
    Author(UserId),
    /// Posts published in `[from, to)`.
    Between(DateTime<Utc>, DateTime<Utc>),
}

/// A page of the admin's post list. Every filter is optional.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AdminPostQuery {
    /// Posts or pages.
    pub kind: Option<PostKind>,
    /// Only this status.
    pub status: Option<PostStatus>,
    /// Only by this author.
    pub author: Option<UserId>,
    /// Only with this tag or category.
    pub term: Option<TermId>,
    /// Only posts matching this search (the one full-text search).
    pub search: Option<crate::search::SearchExpr>,
    /// Rows to skip.
    pub offset: i64,
    /// Rows to return.
    pub limit: i64,
}

/// A page of an archive.
#[derive(Debug, Clone, PartialEq)]
pub struct PostQuery {
    /// Which posts.
    pub filter: ArchiveFilter,
    /// Sticky posts first (home page only).
    pub sticky_first: bool,
    /// Visibility is evaluated at this instant.
    pub now: DateTime<Utc>,
    /// Rows to skip.
    pub offset: i64,
    /// Rows to return.
    pub limit: i64,
}

/// A page of posts and the total for pagination.
#[derive(Debug, Clone, PartialEq)]
pub struct PostList {
    /// The posts on this page.
    pub items: Vec<PostCard>,
    /// How many posts match the filter in all.
    pub total: i64,
}

/// The complete desired state of one post, as written by a service.
#[derive(Debug, Clone, PartialEq)]
pub struct PostWrite {
    /// `None` to insert, `Some` to replace.
    pub id: Option<PostId>,
    /// Post or page.
    pub kind: PostKind,
    /// Publication state.
    pub status: PostStatus,
    /// Unique per kind.
    pub slug: String,
    /// Title.
    pub title: String,
    /// Source as written.
    pub source: String,
    /// What `source` is written in.
    pub format: SourceFormat,
    /// Rendered HTML.
    pub html: String,
    /// Hand-written excerpt or empty.
    pub excerpt: String,
    /// Author.
    pub author_id: UserId,
    /// Who saves this version (kept with the revision).
    pub saved_by: UserId,
    /// Publication time.
    pub published_at: Option<DateTime<Utc>>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
    /// Comments open?
    pub comment_status: OpenClosed,
    /// Pings open?
    pub ping_status: OpenClosed,
    /// Sticky?
    pub sticky: bool,
    /// TrackBack URLs to ping.
    pub trackbacks: Vec<String>,
    /// Tag names; created when missing.
    pub tags: Vec<String>,
    /// Category paths of names (`["Social Media", "Strategie"]`); created when missing.
    pub categories: Vec<Vec<String>>,
    /// Old path → new path redirects to record with this write.
    pub redirects: Vec<(String, String)>,
    /// The imported feed id (kept from the stored post on later saves).
    pub guid: String,
    /// The featured image (checked by the service to be a stored image).
    pub featured_media: Option<MediaId>,
    /// The search index's words for it, written in the same transaction.
    pub search: crate::search::SearchDocument,
}
