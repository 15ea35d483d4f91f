//! Sessions of the admin, personal access tokens of the API, and the
//! revisions every save of a post leaves behind.

use chrono::{DateTime, Utc};

use super::{PostId, Scope, UserId};

/// Primary key of a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SessionId(pub i64);

/// A logged-in browser. The cookie holds a random token; only its hash is
/// stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    /// Primary key.
    pub id: SessionId,
    /// Whose session.
    pub user_id: UserId,
    /// The CSRF token every form and unsafe API call of this session sends.
    pub csrf: String,
    /// Login time.
    pub created_at: DateTime<Utc>,
    /// Last request seen (updated at most every few minutes).
    pub last_seen: DateTime<Utc>,
    /// The session ends here.
    pub expires_at: DateTime<Utc>,
    /// Truncated address at login.
    pub ip: String,
    /// Browser at login (shortened).
    pub user_agent: String,
}

/// A session to store.
#[derive(Debug, Clone)]
pub struct NewSession {
    /// SHA-256 of the cookie token, hex.
    pub token_hash: String,
    /// Whose session.
    pub user_id: UserId,
    /// CSRF token.
    pub csrf: String,
    /// Login time.
    pub created_at: DateTime<Utc>,
    /// End of the session.
    pub expires_at: DateTime<Utc>,
    /// Truncated address.
    pub ip: String,
    /// Browser.
    pub user_agent: String,
}

/// Primary key of an API token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TokenId(pub i64);

/// A personal access token (without its secret, which is shown only once).
#[derive(Debug, Clone, PartialEq)]
pub struct ApiToken {
    /// Primary key.
    pub id: TokenId,
    /// Owner.
    pub user_id: UserId,
    /// What the owner called it.
    pub name: String,
    /// Read or write.
    pub scope: Scope,
    /// Creation.
    pub created_at: DateTime<Utc>,
    /// Last use, if any.
    pub last_used_at: Option<DateTime<Utc>>,
}

/// A token to store.
#[derive(Debug, Clone)]
pub struct NewToken {
    /// Owner.
    pub user_id: UserId,
    /// Name.
    pub name: String,
    /// SHA-256 of the secret, hex.
    pub token_hash: String,
    /// Scope.
    pub scope: Scope,
    /// Creation.
    pub created_at: DateTime<Utc>,
}

/// Primary key of a revision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RevisionId(pub i64);

/// A saved version of a post without its texts, for lists.
#[derive(Debug, Clone, PartialEq)]
pub struct RevisionInfo {
    /// Primary key; grows with every save.
    pub id: RevisionId,
    /// The post.
    pub post_id: PostId,
    /// Who saved it.
    pub author_id: UserId,
    /// Title then.
    pub title: String,
    /// When.
    pub saved_at: DateTime<Utc>,
}

/// One saved version of a post.
#[derive(Debug, Clone, PartialEq)]
pub struct Revision {
    /// Primary key; grows with every save.
    pub id: RevisionId,
    /// The post.
    pub post_id: PostId,
    /// Who saved it.
    pub author_id: UserId,
    /// Title then.
    pub title: String,
    /// Markdown then.
    pub source: String,
    /// Excerpt then.
    pub excerpt: String,
    /// When.
    pub saved_at: DateTime<Utc>,
}

/// An IndieAuth authorization code as issued (only its hash is stored).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthCode {
    /// SHA-256 of the code, hex.
    pub code_hash: String,
    /// Who approved it.
    pub user_id: UserId,
    /// The client it was issued to.
    pub client_id: String,
    /// Where it was sent.
    pub redirect_uri: String,
    /// Space-separated scopes granted.
    pub scope: String,
    /// The PKCE challenge (S256), base64url.
    pub challenge: String,
    /// When it stops working.
    pub expires_at: DateTime<Utc>,
}
