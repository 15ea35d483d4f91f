//! Users, sessions, API tokens and login throttling.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::StoreResult;
use crate::model::{
    ApiToken, AuthCode, NewSession, NewToken, NewUser, Session, SessionId, TokenId, User, UserId,
};

/// Reading accounts.
#[async_trait]
pub trait AccountReads: Send + Sync {
    /// Looks a user up by login.
    async fn user_by_login(&self, login: &str) -> StoreResult<Option<User>>;
    /// A user by id.
    async fn user_by_id(&self, id: UserId) -> StoreResult<Option<User>>;
    /// Every user, by id.
    async fn users(&self) -> StoreResult<Vec<User>>;
    /// The live session with this token hash and its enabled user.
    async fn session_by_token(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<(Session, User)>>;
    /// A user's live sessions, newest first.
    async fn sessions_of_user(&self, user: UserId, now: DateTime<Utc>)
    -> StoreResult<Vec<Session>>;
    /// Failures under `key` since `since`: how many, and the latest.
    async fn login_failures(
        &self,
        key: &str,
        since: DateTime<Utc>,
    ) -> StoreResult<(i64, Option<DateTime<Utc>>)>;
    /// A user's tokens, newest first.
    async fn tokens_of_user(&self, user: UserId) -> StoreResult<Vec<ApiToken>>;
}

/// Changing accounts.
#[async_trait]
pub trait AccountWrites: Send + Sync {
    /// Inserts a user.
    async fn create_user(&self, user: &NewUser) -> StoreResult<User>;
    /// Replaces a user's password hash.
    async fn set_password_hash(&self, id: UserId, hash: &str) -> StoreResult<()>;
    /// Stores a user's name, email, bio, avatar, role and disabled flag.
    async fn update_user(&self, user: &User) -> StoreResult<()>;
    /// Turns two-factor authentication on (base32 secret) or off (empty).
    async fn set_totp(&self, user: UserId, secret: &str) -> StoreResult<()>;
    /// Marks a TOTP time step as used; `false` when it (or a later one) was.
    async fn use_totp_step(&self, user: UserId, step: i64) -> StoreResult<bool>;
    /// Stores a new session.
    async fn create_session(&self, session: &NewSession) -> StoreResult<SessionId>;
    /// Records activity on a session.
    async fn touch_session(&self, id: SessionId, now: DateTime<Utc>) -> StoreResult<()>;
    /// Ends one session of a user, or all of them when `only` is `None`.
    async fn delete_sessions(&self, user: UserId, only: Option<SessionId>) -> StoreResult<u64>;
    /// Records a failed login under each key.
    async fn add_login_failure(&self, keys: &[String], now: DateTime<Utc>) -> StoreResult<()>;
    /// Forgets the failures under `key` (after a successful login).
    async fn clear_login_failures(&self, key: &str) -> StoreResult<()>;
    /// Stores a token.
    async fn create_token(&self, token: &NewToken) -> StoreResult<TokenId>;
    /// The token with this hash and its enabled user; records the use.
    async fn use_token(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<(ApiToken, User)>>;
    /// Revokes one of a user's tokens.
    async fn delete_token(&self, user: UserId, id: TokenId) -> StoreResult<u64>;
    /// Stores an authorization code (and forgets expired ones).
    async fn add_auth_code(&self, code: &AuthCode) -> StoreResult<()>;
    /// The live code with this hash, removed in the same step: a code works once.
    async fn take_auth_code(
        &self,
        code_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<AuthCode>>;
}
