//! Responses to posts: comments, linkbacks and fediverse replies share one
//! table, told apart by [`CommentKind`].

use chrono::{DateTime, Utc};

use super::{CommentKind, CommentStatus, PostId};

/// Primary key of a comment.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(transparent)]
pub struct CommentId(pub i64);

/// A response as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Comment {
    /// Primary key.
    pub id: CommentId,
    /// The post answered.
    pub post_id: PostId,
    /// The comment answered, for threads.
    pub parent: Option<CommentId>,
    /// Where it came from.
    pub kind: CommentKind,
    /// Moderation state.
    pub status: CommentStatus,
    /// Name (or the linking blog's name).
    pub author_name: String,
    /// Never shown; used for the local avatar and notifications.
    pub author_email: String,
    /// Author's website.
    pub author_url: String,
    /// Sanitised HTML.
    pub html: String,
    /// For linkbacks: the linking page.
    pub source_url: String,
    /// For linkbacks: the linking page's title.
    pub source_title: String,
    /// The author asked to be told of replies by email.
    pub notify: bool,
    /// When received.
    pub created_at: DateTime<Utc>,
}

impl Comment {
    /// The address WordPress keeps in `comment_author_url`: the linking
    /// page of a linkback, else the author's website.
    pub fn wordpress_url(&self) -> &str {
        if self.kind.is_linkback() {
            &self.source_url
        } else {
            &self.author_url
        }
    }

    /// WordPress's `comment_type`: empty for a comment (and a fediverse
    /// reply), else the linkback's kind (`trackback`, `pingback`, …).
    pub fn wordpress_type(&self) -> &'static str {
        if self.kind.is_linkback() {
            self.kind.as_str()
        } else {
            ""
        }
    }
}

/// A response to insert.
#[derive(Debug, Clone, PartialEq)]
pub struct NewComment {
    /// The post answered.
    pub post_id: PostId,
    /// The comment answered.
    pub parent: Option<CommentId>,
    /// Where it came from.
    pub kind: CommentKind,
    /// Moderation state.
    pub status: CommentStatus,
    /// Name.
    pub author_name: String,
    /// Email.
    pub author_email: String,
    /// Website.
    pub author_url: String,
    /// Sanitised HTML.
    pub html: String,
    /// Linking page.
    pub source_url: String,
    /// Linking page's title.
    pub source_title: String,
    /// Truncated sender address (IPv4 /24, IPv6 /48); empty when unknown.
    pub author_ip: String,
    /// The author asks to be told of replies by email.
    pub notify: bool,
    /// When received.
    pub created_at: DateTime<Utc>,
}

/// A comment with its post, for comment feeds.
#[derive(Debug, Clone, PartialEq)]
pub struct CommentFeedRow {
    /// The comment.
    pub comment: Comment,
    /// The post it answers.
    pub post: super::Post,
}
