//! Domain types: posts and pages, users, terms (tags and categories),
//! comments of every kind, and redirects. Plain data; behaviour lives in
//! [`crate::service`].

mod comment;
mod enums;
mod job;
mod post;
mod term;
mod user;

pub use comment::{Comment, CommentFeedRow, CommentId, NewComment};
pub use enums::{CommentKind, CommentStatus, OpenClosed, PostKind, PostStatus, Role};
pub use job::{Job, JobId, JobState};
pub use post::{
    ArchiveFilter, Author, Post, PostCard, PostId, PostKey, PostList, PostPage, PostQuery,
    PostWrite,
};
pub use term::{Taxonomy, Term, TermId};
pub use user::{NewUser, User, UserId};
