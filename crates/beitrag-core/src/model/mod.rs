//! Domain types: posts and pages, users, terms (tags and categories),
//! comments of every kind, and redirects. Plain data; behaviour lives in
//! [`crate::service`].

mod account;
mod comment;
mod enums;
mod fediverse;
mod import;
mod job;
mod media;
mod post;
mod subscription;
mod term;
mod theme;
mod user;

pub use account::{
    ApiToken, AuthCode, NewSession, NewToken, Revision, RevisionId, RevisionInfo, Session,
    SessionId, TokenId,
};
pub use comment::{Comment, CommentFeedRow, CommentId, NewComment};
pub use enums::{
    CommentKind, CommentStatus, OpenClosed, PostKind, PostStatus, Role, Scope, SourceFormat,
};
pub use fediverse::{ActorKey, FollowStatus, Follower, KnownActor, ReactionCounts, ReactionKind};
pub use import::{ImportComment, ImportPost, ImportWrite, ImportedItem, origin_kind};
pub use job::{JobId, JobRow, JobState, JobStatus};
pub use media::{Media, MediaId, MediaVariant};
pub use post::{
    AdminPostQuery, ArchiveFilter, Author, Post, PostCard, PostId, PostKey, PostList, PostPage,
    PostQuery, PostWrite,
};
pub use subscription::{Subscriber, SubscriberId, SubscriptionId, WebSubSubscription};
pub use term::{Taxonomy, Term, TermId};
pub use theme::{MenuItem, MenuKind, MonthCount, Widget, WidgetKind, WidgetLink};
pub use user::{NewUser, User, UserId};
