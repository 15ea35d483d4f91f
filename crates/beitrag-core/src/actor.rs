//! Who is doing something: the first argument of every service that writes.
//! A signed-in user acts with their role's capabilities; the CLI acts as
//! the machine's operator, an import run and the background jobs as the
//! system, and a remote server (TrackBack, Pingback, Webmention, later
//! ActivityPub) only as the sender of responses.

use crate::message::texts;
use crate::model::{Role, User, UserId};
use crate::service::access::{self, Capability};
use crate::{Error, Result};

/// The actor of an operation.
#[derive(Debug, Clone, PartialEq)]
pub enum Actor {
    /// A signed-in account (admin or API), with its role. Boxed: a user
    /// is large beside the other variants, and actors are passed around.
    User(Box<User>),
    /// Whoever runs the `beitrag` command on the machine: may do anything.
    Operator,
    /// An import run (Markdown, later WordPress): may write any content,
    /// and its responses skip the spam defences but not sanitising.
    Import,
    /// The background jobs and the scheduler.
    System,
    /// Another server or an anonymous reader: may only send responses.
    Remote,
}

impl Actor {
    /// Whether the actor has `cap`.
    pub fn can(&self, cap: Capability) -> bool {
        match self {
            Self::User(u) => !u.disabled && access::can(u.role, cap),
            Self::Operator | Self::Import | Self::System => true,
            Self::Remote => false,
        }
    }

    /// `Ok` when the actor has `cap`, else [`Error::Forbidden`].
    pub fn require(&self, cap: Capability) -> Result<()> {
        if self.can(cap) {
            Ok(())
        } else {
            Err(Error::Forbidden(match self {
                Self::User(u) => texts::ROLE_MAY_NOT.with("role", u.role.to_string()),
                _ => texts::SIGNED_IN_ONLY.into(),
            }))
        }
    }

    /// The account, when a user acts.
    pub fn user(&self) -> Option<&User> {
        match self {
            Self::User(u) => Some(u),
            _ => None,
        }
    }

    /// The account's id, when a user acts.
    pub fn user_id(&self) -> Option<UserId> {
        self.user().map(|u| u.id)
    }

    /// Whether the actor may publish raw HTML: administrators, and the
    /// machine's own operator and imports.
    pub fn trusted_with_html(&self) -> bool {
        match self {
            Self::User(u) => u.role == Role::Administrator,
            Self::Operator | Self::Import | Self::System => true,
            Self::Remote => false,
        }
    }

    /// Whether this is `user` acting on their own account.
    pub fn is(&self, user: UserId) -> bool {
        self.user_id() == Some(user)
    }
}
