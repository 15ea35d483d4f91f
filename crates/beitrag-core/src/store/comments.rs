//! Responses to posts (comments and linkbacks) and the spam classifier's
//! token counts.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::StoreResult;
use crate::comment_page::CommentPlace;
use crate::model::{
    Comment, CommentFeedRow, CommentId, CommentKind, CommentStatus, NewComment, PostId,
};

/// Which responses [`CommentReads::comments_page`] lists.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommentFilter {
    /// Only this status; all when `None`.
    pub status: Option<CommentStatus>,
    /// Only responses to this post.
    pub post: Option<PostId>,
    /// Rows to skip.
    pub offset: i64,
    /// Rows to return.
    pub limit: i64,
}

/// One moderation move, as [`CommentWrites::moderate_comments`] applies it.
#[derive(Debug, Clone, PartialEq)]
pub struct CommentMove {
    /// The response.
    pub id: CommentId,
    /// Its status when the move was decided; a response whose status
    /// changed in the meantime makes the whole batch a `Conflict`.
    pub from: CommentStatus,
    /// The new status; `None` deletes it.
    pub to: Option<CommentStatus>,
    /// The classifier tokens of its text.
    pub tokens: Vec<String>,
    /// Added to the spam counts of the tokens (-1, 0 or 1).
    pub spam: i64,
    /// Added to the ham counts of the tokens (-1, 0 or 1).
    pub ham: i64,
}

/// Reading responses.
#[async_trait]
pub trait CommentReads: Send + Sync {
    /// One response by id, whatever its status.
    async fn comment(&self, id: CommentId) -> StoreResult<Option<Comment>>;
    /// Responses for moderation, newest first, filtered by status and post,
    /// and how many match in all.
    async fn comments_page(&self, filter: &CommentFilter) -> StoreResult<(Vec<Comment>, i64)>;
    /// Where each of these responses stands among its post's responses
    /// (for links to the comment page it is on); unknown ids are left out.
    async fn comment_places(
        &self,
        ids: &[CommentId],
    ) -> StoreResult<Vec<(CommentId, CommentPlace)>>;
    /// Newest approved comments (all posts, or one), for comment feeds.
    async fn recent_comments(
        &self,
        post: Option<PostId>,
        now: DateTime<Utc>,
        limit: i64,
    ) -> StoreResult<Vec<CommentFeedRow>>;
    /// Responses of one post with these ids (a commenter's own pending ones).
    async fn comments_of_post_by_ids(
        &self,
        post: PostId,
        ids: &[CommentId],
    ) -> StoreResult<Vec<Comment>>;
    /// A post's response of a linkback kind from `source`, if any.
    async fn comment_by_source(
        &self,
        post: PostId,
        kind: CommentKind,
        source: &str,
    ) -> StoreResult<Option<Comment>>;
    /// Every response sent with this email address (privacy export).
    async fn comments_by_email(&self, email: &str) -> StoreResult<Vec<Comment>>;
    /// How many responses have each status (statuses without any are left out).
    async fn comment_counts(&self) -> StoreResult<Vec<(CommentStatus, i64)>>;
    /// Whether this email address has an approved comment.
    async fn known_commenter(&self, email: &str) -> StoreResult<bool>;
    /// Whether a linkback from a page on this host was ever approved.
    async fn known_linkback_host(&self, host: &str) -> StoreResult<bool>;
    /// Whether the post already has this comment (same email and HTML) or,
    /// for linkback kinds, a linkback from this source URL.
    async fn has_duplicate(
        &self,
        post: PostId,
        linkback: bool,
        sender: &str,
        html: &str,
    ) -> StoreResult<bool>;
    /// Spam and ham counts of these tokens and the message totals.
    async fn spam_counts(&self, tokens: &[String]) -> StoreResult<crate::spam::Counts>;
}

/// Changing responses.
#[async_trait]
pub trait CommentWrites: Send + Sync {
    /// Inserts a comment.
    async fn add_comment(&self, comment: &NewComment) -> StoreResult<CommentId>;
    /// Applies moderation moves and their classifier training in one
    /// transaction: all of them, or none (`NotFound` when a response is
    /// gone, `Conflict` when one changed status in the meantime).
    async fn moderate_comments(&self, moves: &[CommentMove]) -> StoreResult<()>;
    /// Deletes responses; returns how many were deleted.
    async fn delete_comments(&self, ids: &[CommentId]) -> StoreResult<u64>;
    /// Replaces what a response shows (a linkback whose source changed, a
    /// moderator's edit).
    async fn update_linkback(
        &self,
        id: CommentId,
        author_name: &str,
        author_url: &str,
        html: &str,
        source_title: &str,
    ) -> StoreResult<()>;
    /// Blanks stored addresses of responses older than `before`.
    async fn purge_ips(&self, before: DateTime<Utc>) -> StoreResult<u64>;
    /// Turns reply notifications of a comment on or off.
    async fn set_comment_notify(&self, id: CommentId, on: bool) -> StoreResult<u64>;
}
