//! Items brought from another blog engine, as the import service hands
//! them to the store.

use super::{CommentId, NewComment, PostId, PostWrite};

/// Item types whose origin is remembered.
pub mod origin_kind {
    /// A post, page or other entry.
    pub const POST: &str = "post";
    /// A comment, trackback or pingback.
    pub const COMMENT: &str = "comment";
    /// An author account.
    pub const USER: &str = "user";
    /// An attachment stored as an upload.
    pub const MEDIA: &str = "media";
}

/// One item of an import run: its post and its responses, written together.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportWrite {
    /// The item's id on the engine it comes from.
    pub external_id: String,
    /// What to do with the post itself.
    pub post: ImportPost,
    /// Its responses, parents before their replies.
    pub comments: Vec<ImportComment>,
}

/// A new post, or the one an earlier run of the import already made.
#[derive(Debug, Clone, PartialEq)]
pub enum ImportPost {
    /// Insert this post.
    New(Box<PostWrite>),
    /// Imported before: keep it as it is.
    Known(PostId),
}

/// One response of an imported item.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportComment {
    /// Its id on the engine it comes from.
    pub external_id: String,
    /// The external id of the comment it answers.
    pub parent: Option<String>,
    /// The response; `post_id` and `parent` are filled in by the store.
    pub comment: NewComment,
}

/// What the store made of one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportedItem {
    /// The post the item is now.
    pub post: PostId,
    /// Whether the post was inserted by this write.
    pub inserted: bool,
    /// Responses inserted by this write (those of earlier runs are skipped).
    pub comments: usize,
}

impl ImportComment {
    /// The parent once resolved, for the store.
    pub fn with_parent(&self, post: PostId, parent: Option<CommentId>) -> NewComment {
        NewComment {
            post_id: post,
            parent,
            ..self.comment.clone()
        }
    }
}
