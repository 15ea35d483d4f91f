//! Accounts of the people who write and run the blog.

use chrono::{DateTime, Utc};

use super::Role;

/// Primary key of a user.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(transparent)]
pub struct UserId(pub i64);

/// A user as stored.
#[derive(Clone, PartialEq)]
pub struct User {
    /// Primary key.
    pub id: UserId,
    /// Unique login.
    pub login: String,
    /// Name shown to readers.
    pub display_name: String,
    /// Contact address; never shown publicly.
    pub email: String,
    /// Biography (plain text).
    pub bio: String,
    /// Explicit avatar URL.
    pub avatar_url: Option<String>,
    /// What the user may do.
    pub role: Role,
    /// Argon2id PHC string.
    pub password_hash: String,
    /// A disabled account cannot log in or use its tokens.
    pub disabled: bool,
    /// TOTP secret (base32); empty when two-factor authentication is off.
    pub totp_secret: String,
    /// Language of the admin for this user, one of
    /// [`crate::settings::LANGUAGES`]; empty = the site's language.
    pub language: String,
    /// Account creation.
    pub created_at: DateTime<Utc>,
}

// The hash stays out of logs even in debug output.
impl std::fmt::Debug for User {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("User")
            .field("id", &self.id)
            .field("login", &self.login)
            .field("role", &self.role)
            .finish_non_exhaustive()
    }
}

/// A user to insert.
#[derive(Clone)]
pub struct NewUser {
    /// Unique login.
    pub login: String,
    /// Name shown to readers.
    pub display_name: String,
    /// Contact address.
    pub email: String,
    /// Biography.
    pub bio: String,
    /// Explicit avatar URL.
    pub avatar_url: Option<String>,
    /// Role.
    pub role: Role,
    /// Argon2id PHC string.
    pub password_hash: String,
}
