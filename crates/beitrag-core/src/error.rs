//! Errors of the core services and of any [`crate::Store`] implementation.

use crate::message::Message;

/// What a store backend can report. Each backend maps its driver errors into
/// this in exactly one place.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The row asked for does not exist.
    #[error("not found")]
    NotFound,
    /// A uniqueness rule was violated; `what` names the constraint or columns.
    #[error("conflict on {what}")]
    Conflict {
        /// The constraint or columns as the backend reported them.
        what: String,
    },
    /// The database cannot be reached right now: the connection was
    /// refused or lost, the server is shutting down or starting up, or no
    /// connection came free within the pool's timeout (a restart, a
    /// failover). Worth retrying in a moment. Never shown to readers.
    #[error("database unavailable")]
    Unavailable(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// Anything else the database said. Never shown to readers.
    #[error("database error")]
    Backend(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl StoreError {
    /// Seconds a client should wait before trying again, for an outage
    /// that is likely to pass (a 503's `Retry-After`).
    pub const RETRY_AFTER_SECONDS: u64 = 5;
}

/// Errors of the core services.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The thing asked for does not exist.
    #[error("not found")]
    NotFound,
    /// Input failed validation; `field` names the offending field.
    #[error("{field}: {message}")]
    Invalid {
        /// Field or setting name.
        field: String,
        /// The reason, worded by the catalogs (English as `Display`).
        message: Message,
    },
    /// Another post of the same kind already uses this slug.
    #[error("slug `{0}` is already taken")]
    SlugTaken(String),
    /// Another user already has this login.
    #[error("login `{0}` is already taken")]
    LoginTaken(String),
    /// The post does not accept this kind of response (closed or too old).
    #[error("{0}")]
    Closed(Message),
    /// The same response was already received.
    #[error("duplicate: this was already received")]
    Duplicate,
    /// The sender is on a block list.
    #[error("{0}")]
    Blocked(Message),
    /// The caller is not logged in, or the credentials are wrong. The
    /// message is the same whatever was wrong.
    #[error("wrong login or password")]
    Unauthenticated,
    /// The caller may not do this; the text says what is missing.
    #[error("forbidden: {0}")]
    Forbidden(Message),
    /// Too many failed attempts; try again after this many seconds.
    #[error("too many failed attempts; try again in {0} seconds")]
    Throttled(i64),
    /// Someone else saved the post since the editor was opened.
    #[error("the post was changed by someone else since you opened it")]
    EditConflict(Box<crate::model::Post>),
    /// Too many responses from one address or to one post; try again after
    /// this many seconds.
    #[error("too many responses; try again in {0} seconds")]
    RateLimited(u64),
    /// A link or token that worked once no longer does (used or expired).
    #[error("this link is no longer valid")]
    Gone,
    /// The response changed while a moderation batch was applied; nothing
    /// of the batch was stored.
    #[error("a response changed meanwhile; nothing was changed, please reload")]
    Changed,
    /// An upload was refused or could not be stored.
    #[error("{message}")]
    Upload {
        /// What was wrong.
        problem: UploadProblem,
        /// The reason, worded by the catalogs (English as `Display`).
        message: Message,
    },
    /// Password hashing failed (never for user input reasons).
    #[error("password hashing failed: {0}")]
    Password(String),
    /// The storage backend failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A step of our own failed (making a key); never the caller's fault.
    #[error("internal error: {0}")]
    Internal(String),
}

impl Error {
    /// Shorthand for a validation error.
    pub fn invalid(field: impl Into<String>, message: impl Into<Message>) -> Self {
        Self::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// Result with the core [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why an upload failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UploadProblem {
    /// Too many bytes or pixels.
    TooLarge,
    /// Not a type we take, or not the type it claims to be.
    UnsupportedType,
    /// The file cannot be read as what it is.
    Unreadable,
    /// A name or path that cannot be used.
    BadName,
    /// Storing the objects failed (ours, not the uploader's).
    Storage,
}
