//! The users, sessions, tokens and login throttling: `beitrag_core::store` traits for [`SqlStore`].

use async_trait::async_trait;
use beitrag_core::model::*;
use beitrag_core::store::*;
use chrono::{DateTime, Utc};

use crate::error::map;
use crate::exec::Db;
use crate::store::SqlStore;
use crate::store::{exclusive, read, transaction};

#[async_trait]
impl AccountReads for SqlStore {
    async fn user_by_login(&self, login: &str) -> StoreResult<Option<User>> {
        read!(self, crate::users::by_login, login)
    }

    async fn user_by_id(&self, id: UserId) -> StoreResult<Option<User>> {
        read!(self, crate::accounts::user_by_id, id)
    }

    async fn users(&self) -> StoreResult<Vec<User>> {
        read!(self, crate::users::all)
    }

    async fn session_by_token(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<(Session, User)>> {
        read!(self, crate::accounts::session_by_token, token_hash, now)
    }

    async fn sessions_of_user(
        &self,
        user: UserId,
        now: DateTime<Utc>,
    ) -> StoreResult<Vec<Session>> {
        read!(self, crate::accounts::sessions_of_user, user, now)
    }

    async fn login_failures(
        &self,
        key: &str,
        since: DateTime<Utc>,
    ) -> StoreResult<(i64, Option<DateTime<Utc>>)> {
        read!(self, crate::accounts::login_failures, key, since)
    }

    async fn tokens_of_user(&self, user: UserId) -> StoreResult<Vec<ApiToken>> {
        read!(self, crate::accounts::tokens_of_user, user)
    }
}

#[async_trait]
impl AccountWrites for SqlStore {
    async fn create_user(&self, user: &NewUser) -> StoreResult<User> {
        exclusive!(self, crate::users::create, user)
    }

    async fn set_password_hash(&self, id: UserId, hash: &str) -> StoreResult<()> {
        exclusive!(self, crate::users::set_password_hash, id, hash)
    }

    async fn update_user(&self, user: &User) -> StoreResult<()> {
        exclusive!(self, crate::accounts::update_user, user)
    }

    async fn set_totp(&self, user: UserId, secret: &str) -> StoreResult<()> {
        exclusive!(self, crate::accounts::set_totp, user, secret)
    }

    async fn use_totp_step(&self, user: UserId, step: i64) -> StoreResult<bool> {
        exclusive!(self, crate::accounts::use_totp_step, user, step)
    }

    async fn create_session(&self, session: &NewSession) -> StoreResult<SessionId> {
        exclusive!(self, crate::accounts::create_session, session)
    }

    async fn touch_session(&self, id: SessionId, now: DateTime<Utc>) -> StoreResult<()> {
        exclusive!(self, crate::accounts::touch_session, id, now)
    }

    async fn delete_sessions(&self, user: UserId, only: Option<SessionId>) -> StoreResult<u64> {
        exclusive!(self, crate::accounts::delete_sessions, user, only)
    }

    async fn add_login_failure(&self, keys: &[String], now: DateTime<Utc>) -> StoreResult<()> {
        exclusive!(self, crate::accounts::add_login_failure, keys, now)
    }

    async fn clear_login_failures(&self, key: &str) -> StoreResult<()> {
        exclusive!(self, crate::accounts::clear_login_failures, key)
    }

    async fn create_token(&self, token: &NewToken) -> StoreResult<TokenId> {
        exclusive!(self, crate::accounts::create_token, token)
    }

    async fn use_token(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<(ApiToken, User)>> {
        exclusive!(self, crate::accounts::use_token, token_hash, now)
    }

    async fn delete_token(&self, user: UserId, id: TokenId) -> StoreResult<u64> {
        exclusive!(self, crate::accounts::delete_token, user, id)
    }

    async fn add_auth_code(&self, code: &AuthCode) -> StoreResult<()> {
        transaction!(self, |db| crate::auth_codes::add(db, code))
    }

    async fn take_auth_code(
        &self,
        code_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<AuthCode>> {
        exclusive!(self, crate::auth_codes::take, code_hash, now)
    }
}
