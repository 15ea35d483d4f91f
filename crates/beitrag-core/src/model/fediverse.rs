//! The fediverse as stored: our actors' keys, their followers, and the
//! actors of other servers we have heard from.

use chrono::{DateTime, Utc};

/// The key pair of one of our actors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorKey {
    /// Our actor (`blog`, or an author's login).
    pub actor: String,
    /// PKCS#8 PEM; never leaves the server.
    pub private_pem: String,
    /// SPKI PEM, published on the actor.
    pub public_pem: String,
    /// When it was made.
    pub created_at: DateTime<Utc>,
}

/// Whether a follow request was granted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FollowStatus {
    /// Held for the owner's approval.
    Pending,
    /// Following: gets what the actor publishes.
    Accepted,
}

impl FollowStatus {
    /// The stored word.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Accepted => "accepted",
        }
    }

    /// Parses the stored word.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "pending" => Some(Self::Pending),
            "accepted" => Some(Self::Accepted),
            _ => None,
        }
    }
}

/// Someone on another server following one of our actors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Follower {
    /// Row id (for removal from lists).
    pub id: i64,
    /// Our actor followed.
    pub actor: String,
    /// Their actor id.
    pub remote: String,
    /// Their inbox.
    pub inbox: String,
    /// Their server's shared inbox; empty when none.
    pub shared_inbox: String,
    /// `@user@host`.
    pub handle: String,
    /// Their `Follow` activity's id.
    pub follow_id: String,
    /// Granted or waiting.
    pub status: FollowStatus,
    /// Since when.
    pub created_at: DateTime<Utc>,
}

impl Follower {
    /// Where deliveries to this follower go: the shared inbox when the
    /// server has one (one request for all its followers), else theirs.
    pub fn delivery_inbox(&self) -> &str {
        if self.shared_inbox.is_empty() {
            &self.inbox
        } else {
            &self.shared_inbox
        }
    }
}

/// An actor of another server, as last fetched.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct KnownActor {
    /// Its id.
    pub id: String,
    /// Its key's id.
    pub key_id: String,
    /// Its key (SPKI PEM); empty when it publishes none.
    pub public_pem: String,
    /// Its inbox.
    pub inbox: String,
    /// Its server's shared inbox; empty when none.
    pub shared_inbox: String,
    /// `@user@host`.
    pub handle: String,
    /// Display name.
    pub name: String,
    /// Profile page.
    pub url: String,
    /// Avatar URL at its origin (stored for a later local copy).
    pub icon: String,
    /// When it was fetched.
    pub fetched_at: DateTime<Utc>,
}

/// A reaction from the fediverse to a post.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReactionKind {
    /// `Like` (a favourite).
    Like,
    /// `Announce` (a boost).
    Announce,
}

impl ReactionKind {
    /// The stored word.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Like => "like",
            Self::Announce => "announce",
        }
    }
}

/// How often a post was liked and boosted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct ReactionCounts {
    /// Likes.
    pub likes: i64,
    /// Boosts.
    pub announces: i64,
}
