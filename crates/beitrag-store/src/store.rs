//! [`SqlStore`] and its implementation of the core's `Store` trait. Each
//! method borrows one pooled connection (or opens one transaction) and hands
//! it to the module that owns the SQL.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use async_trait::async_trait;
use beitrag_core::Store;
use beitrag_core::model::{
    AdminPostQuery, ApiToken, Comment, CommentFeedRow, CommentId, CommentStatus, Media, MediaId,
    NewComment, NewSession, NewToken, NewUser, Post, PostId, PostKey, PostKind, PostList, PostPage,
    PostQuery, PostWrite, Revision, RevisionId, Session, SessionId, Term, TokenId, User, UserId,
};
use beitrag_core::store::{PostWithTerms, StoreResult};
use chrono::{DateTime, Utc};
use sqlx::AnyPool;
use sqlx::pool::PoolConnection;

use crate::error::map;
use crate::exec::Db;
use crate::{
    accounts, comments, editing, jobs, media, moderation, posts, save, settings, terms, users,
};

/// A SQLite or PostgreSQL database behind one connection pool. Cheap to
/// clone: clones share the pool and the statement counter.
#[derive(Debug, Clone)]
pub struct SqlStore {
    pub(crate) pool: AnyPool,
    pub(crate) backend: &'static str,
    pub(crate) count: Arc<AtomicU64>,
    /// SQLite allows one writer at a time; waiting here, in line, beats
    /// SQLite's busy handler, which sleeps in growing steps while it retries.
    pub(crate) write_lock: Arc<tokio::sync::Mutex<()>>,
}

impl SqlStore {
    async fn conn(&self) -> StoreResult<PoolConnection<sqlx::Any>> {
        self.pool.acquire().await.map_err(map)
    }

    /// Holds the writer's place on SQLite; PostgreSQL needs no such line.
    async fn writing(&self) -> Option<tokio::sync::MutexGuard<'_, ()>> {
        (self.backend == "sqlite").then_some(self.write_lock.lock().await)
    }
}

/// A read on one pooled connection: `read!(self, module::function, args…)`.
macro_rules! read {
    ($store:ident, $f:path $(, $arg:expr)*) => {{
        let mut conn = $store.conn().await?;
        $f(&mut Db::new(&mut conn, &$store.count) $(, $arg)*)
            .await
            .map_err(map)
    }};
}

/// Like `read!`, holding the writer's place on SQLite.
macro_rules! exclusive {
    ($store:ident, $f:path $(, $arg:expr)*) => {{
        let _writer = $store.writing().await;
        read!($store, $f $(, $arg)*)
    }};
}

#[async_trait]
impl Store for SqlStore {
    fn backend(&self) -> &'static str {
        self.backend
    }

    /// Statements sent by store methods, including those inside
    /// transactions. Not counted: `begin`/`commit`, connection setup and
    /// migrations.
    fn query_count(&self) -> u64 {
        self.count.load(Ordering::Relaxed)
    }

    async fn migrate(&self) -> StoreResult<()> {
        self.run_migrations().await
    }

    async fn ping(&self) -> StoreResult<()> {
        let mut conn = self.conn().await?;
        Db::new(&mut conn, &self.count)
            .execute(crate::exec::query("select 1"))
            .await
            .map(drop)
            .map_err(map)
    }

    async fn close(&self) {
        self.pool.close().await;
    }

    async fn settings(&self) -> StoreResult<Vec<(String, String)>> {
        let mut conn = self.conn().await?;
        settings::all(&mut Db::new(&mut conn, &self.count))
            .await
            .map_err(map)
    }

    async fn put_settings(
        &self,
        pairs: &[(String, String)],
        redirects: &[(String, String)],
    ) -> StoreResult<()> {
        let _writer = self.writing().await;
        let mut tx = self.pool.begin().await.map_err(map)?;
        {
            let mut db = Db::new(&mut tx, &self.count);
            settings::put(&mut db, pairs).await.map_err(map)?;
            settings::add_redirects(&mut db, redirects)
                .await
                .map_err(map)?;
        }
        tx.commit().await.map_err(map)
    }

    async fn create_user(&self, user: &NewUser) -> StoreResult<User> {
        let _writer = self.writing().await;
        let mut conn = self.conn().await?;
        users::create(&mut Db::new(&mut conn, &self.count), user)
            .await
            .map_err(map)
    }

    async fn user_by_login(&self, login: &str) -> StoreResult<Option<User>> {
        let mut conn = self.conn().await?;
        users::by_login(&mut Db::new(&mut conn, &self.count), login)
            .await
            .map_err(map)
    }

    async fn users(&self) -> StoreResult<Vec<User>> {
        let mut conn = self.conn().await?;
        users::all(&mut Db::new(&mut conn, &self.count))
            .await
            .map_err(map)
    }

    async fn set_password_hash(&self, id: UserId, hash: &str) -> StoreResult<()> {
        let _writer = self.writing().await;
        let mut conn = self.conn().await?;
        users::set_password_hash(&mut Db::new(&mut conn, &self.count), id, hash)
            .await
            .map_err(map)
    }

    async fn save_posts(&self, writes: &[PostWrite]) -> StoreResult<Vec<PostId>> {
        let _writer = self.writing().await;
        // Dropping the transaction on an error rolls the whole batch back.
        let mut tx = self.pool.begin().await.map_err(map)?;
        let mut ids = Vec::with_capacity(writes.len());
        {
            let mut db = Db::new(&mut tx, &self.count);
            for w in writes {
                ids.push(save::save_post(&mut db, w).await.map_err(map)?);
            }
        }
        tx.commit().await.map_err(map)?;
        Ok(ids)
    }

    async fn post_by_id(&self, id: PostId) -> StoreResult<Option<Post>> {
        let mut conn = self.conn().await?;
        posts::by_id(&mut Db::new(&mut conn, &self.count), id)
            .await
            .map_err(map)
    }

    async fn post_by_slug(&self, kind: PostKind, slug: &str) -> StoreResult<Option<Post>> {
        let mut conn = self.conn().await?;
        posts::by_slug(&mut Db::new(&mut conn, &self.count), kind, slug)
            .await
            .map_err(map)
    }

    async fn post_page(&self, key: &PostKey, now: DateTime<Utc>) -> StoreResult<Option<PostPage>> {
        let mut conn = self.conn().await?;
        posts::page(&mut Db::new(&mut conn, &self.count), key, now)
            .await
            .map_err(map)
    }

    async fn list_posts(&self, query: &PostQuery) -> StoreResult<PostList> {
        let mut conn = self.conn().await?;
        posts::list(&mut Db::new(&mut conn, &self.count), query)
            .await
            .map_err(map)
    }

    async fn public_pages(&self, now: DateTime<Utc>) -> StoreResult<Vec<Post>> {
        let mut conn = self.conn().await?;
        posts::public_pages(&mut Db::new(&mut conn, &self.count), now)
            .await
            .map_err(map)
    }

    async fn all_posts(&self) -> StoreResult<Vec<PostWithTerms>> {
        let mut conn = self.conn().await?;
        posts::all(&mut Db::new(&mut conn, &self.count))
            .await
            .map_err(map)
    }

    async fn terms(&self) -> StoreResult<Vec<Term>> {
        let mut conn = self.conn().await?;
        terms::all(&mut Db::new(&mut conn, &self.count))
            .await
            .map_err(map)
    }

    async fn add_comment(&self, comment: &NewComment) -> StoreResult<CommentId> {
        let _writer = self.writing().await;
        let mut conn = self.conn().await?;
        comments::add(&mut Db::new(&mut conn, &self.count), comment)
            .await
            .map_err(map)
    }

    async fn recent_comments(
        &self,
        post: Option<PostId>,
        now: DateTime<Utc>,
        limit: i64,
    ) -> StoreResult<Vec<CommentFeedRow>> {
        let mut conn = self.conn().await?;
        comments::recent(&mut Db::new(&mut conn, &self.count), post, now, limit)
            .await
            .map_err(map)
    }

    async fn comment(&self, id: CommentId) -> StoreResult<Option<Comment>> {
        let mut conn = self.conn().await?;
        moderation::by_id(&mut Db::new(&mut conn, &self.count), id)
            .await
            .map_err(map)
    }

    async fn comments_by_status(
        &self,
        status: Option<CommentStatus>,
        limit: i64,
        offset: i64,
    ) -> StoreResult<Vec<Comment>> {
        let mut conn = self.conn().await?;
        moderation::by_status(&mut Db::new(&mut conn, &self.count), status, limit, offset)
            .await
            .map_err(map)
    }

    async fn comments_of_post_by_ids(
        &self,
        post: PostId,
        ids: &[CommentId],
    ) -> StoreResult<Vec<Comment>> {
        let mut conn = self.conn().await?;
        moderation::of_post_by_ids(&mut Db::new(&mut conn, &self.count), post, ids)
            .await
            .map_err(map)
    }

    async fn set_comment_status(
        &self,
        ids: &[CommentId],
        status: CommentStatus,
    ) -> StoreResult<u64> {
        let _writer = self.writing().await;
        let mut conn = self.conn().await?;
        moderation::set_status(&mut Db::new(&mut conn, &self.count), ids, status)
            .await
            .map_err(map)
    }

    async fn delete_comments(&self, ids: &[CommentId]) -> StoreResult<u64> {
        let _writer = self.writing().await;
        let mut conn = self.conn().await?;
        moderation::delete(&mut Db::new(&mut conn, &self.count), ids)
            .await
            .map_err(map)
    }

    async fn known_commenter(&self, email: &str) -> StoreResult<bool> {
        let mut conn = self.conn().await?;
        moderation::known(&mut Db::new(&mut conn, &self.count), email)
            .await
            .map_err(map)
    }

    async fn has_duplicate(
        &self,
        post: PostId,
        linkback: bool,
        sender: &str,
        html: &str,
    ) -> StoreResult<bool> {
        let mut conn = self.conn().await?;
        moderation::duplicate(
            &mut Db::new(&mut conn, &self.count),
            post,
            linkback,
            sender,
            html,
        )
        .await
        .map_err(map)
    }

    async fn spam_counts(&self, tokens: &[String]) -> StoreResult<beitrag_core::spam::Counts> {
        let mut conn = self.conn().await?;
        moderation::spam_counts(&mut Db::new(&mut conn, &self.count), tokens)
            .await
            .map_err(map)
    }

    async fn train_spam(&self, tokens: &[String], spam: i64, ham: i64) -> StoreResult<()> {
        let _writer = self.writing().await;
        let mut tx = self.pool.begin().await.map_err(map)?;
        moderation::train(&mut Db::new(&mut tx, &self.count), tokens, spam, ham)
            .await
            .map_err(map)?;
        tx.commit().await.map_err(map)
    }

    async fn enqueue_job(
        &self,
        kind: &str,
        payload: &str,
        dedupe_key: Option<&str>,
        run_at: DateTime<Utc>,
    ) -> StoreResult<beitrag_core::model::JobId> {
        let _writer = self.writing().await;
        let mut conn = self.conn().await?;
        jobs::enqueue(
            &mut Db::new(&mut conn, &self.count),
            kind,
            payload,
            dedupe_key,
            run_at,
            Utc::now(),
        )
        .await
        .map_err(map)
    }

    async fn claim_job(
        &self,
        now: DateTime<Utc>,
        lease_seconds: i64,
    ) -> StoreResult<Option<beitrag_core::model::Job>> {
        let _writer = self.writing().await;
        let mut conn = self.conn().await?;
        jobs::claim(
            &mut Db::new(&mut conn, &self.count),
            self.backend(),
            now,
            lease_seconds,
        )
        .await
        .map_err(map)
    }

    async fn finish_job(
        &self,
        id: beitrag_core::model::JobId,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let _writer = self.writing().await;
        let mut conn = self.conn().await?;
        jobs::finish(&mut Db::new(&mut conn, &self.count), id, now)
            .await
            .map_err(map)
    }

    async fn retry_job(
        &self,
        id: beitrag_core::model::JobId,
        error: &str,
        run_at: DateTime<Utc>,
    ) -> StoreResult<()> {
        let _writer = self.writing().await;
        let mut conn = self.conn().await?;
        jobs::retry(&mut Db::new(&mut conn, &self.count), id, error, run_at)
            .await
            .map_err(map)
    }

    async fn job(
        &self,
        id: beitrag_core::model::JobId,
    ) -> StoreResult<Option<beitrag_core::model::JobState>> {
        let mut conn = self.conn().await?;
        jobs::state(&mut Db::new(&mut conn, &self.count), id)
            .await
            .map_err(map)
    }

    async fn comment_by_source(
        &self,
        post: PostId,
        kind: beitrag_core::model::CommentKind,
        source: &str,
    ) -> StoreResult<Option<Comment>> {
        let mut conn = self.conn().await?;
        jobs::by_source(&mut Db::new(&mut conn, &self.count), post, kind, source)
            .await
            .map_err(map)
    }

    async fn update_linkback(
        &self,
        id: CommentId,
        author_name: &str,
        author_url: &str,
        html: &str,
        source_title: &str,
    ) -> StoreResult<()> {
        let _writer = self.writing().await;
        let mut conn = self.conn().await?;
        jobs::update_linkback(
            &mut Db::new(&mut conn, &self.count),
            id,
            author_name,
            author_url,
            html,
            source_title,
        )
        .await
        .map_err(map)
    }

    async fn comments_by_email(&self, email: &str) -> StoreResult<Vec<Comment>> {
        let mut conn = self.conn().await?;
        moderation::by_email(&mut Db::new(&mut conn, &self.count), email)
            .await
            .map_err(map)
    }

    async fn purge_ips(&self, before: DateTime<Utc>) -> StoreResult<u64> {
        let _writer = self.writing().await;
        let mut conn = self.conn().await?;
        moderation::purge_ips(&mut Db::new(&mut conn, &self.count), before.timestamp())
            .await
            .map_err(map)
    }

    async fn set_comment_notify(&self, id: CommentId, on: bool) -> StoreResult<u64> {
        let _writer = self.writing().await;
        let mut conn = self.conn().await?;
        moderation::set_notify(&mut Db::new(&mut conn, &self.count), id, on)
            .await
            .map_err(map)
    }

    async fn redirect_for(&self, path: &str) -> StoreResult<Option<String>> {
        let mut conn = self.conn().await?;
        settings::redirect_for(&mut Db::new(&mut conn, &self.count), path)
            .await
            .map_err(map)
    }

    async fn user_by_id(&self, id: UserId) -> StoreResult<Option<User>> {
        read!(self, accounts::user_by_id, id)
    }

    async fn update_user(&self, user: &User) -> StoreResult<()> {
        exclusive!(self, accounts::update_user, user)
    }

    async fn set_totp(&self, user: UserId, secret: &str) -> StoreResult<()> {
        exclusive!(self, accounts::set_totp, user, secret)
    }

    async fn use_totp_step(&self, user: UserId, step: i64) -> StoreResult<bool> {
        exclusive!(self, accounts::use_totp_step, user, step)
    }

    async fn create_session(&self, session: &NewSession) -> StoreResult<SessionId> {
        exclusive!(self, accounts::create_session, session)
    }

    async fn session_by_token(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<(Session, User)>> {
        read!(self, accounts::session_by_token, token_hash, now)
    }

    async fn touch_session(&self, id: SessionId, now: DateTime<Utc>) -> StoreResult<()> {
        exclusive!(self, accounts::touch_session, id, now)
    }

    async fn sessions_of_user(
        &self,
        user: UserId,
        now: DateTime<Utc>,
    ) -> StoreResult<Vec<Session>> {
        read!(self, accounts::sessions_of_user, user, now)
    }

    async fn delete_sessions(&self, user: UserId, only: Option<SessionId>) -> StoreResult<u64> {
        exclusive!(self, accounts::delete_sessions, user, only)
    }

    async fn add_login_failure(&self, keys: &[String], now: DateTime<Utc>) -> StoreResult<()> {
        exclusive!(self, accounts::add_login_failure, keys, now)
    }

    async fn login_failures(
        &self,
        key: &str,
        since: DateTime<Utc>,
    ) -> StoreResult<(i64, Option<DateTime<Utc>>)> {
        read!(self, accounts::login_failures, key, since)
    }

    async fn clear_login_failures(&self, key: &str) -> StoreResult<()> {
        exclusive!(self, accounts::clear_login_failures, key)
    }

    async fn create_token(&self, token: &NewToken) -> StoreResult<TokenId> {
        exclusive!(self, accounts::create_token, token)
    }

    async fn use_token(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<(ApiToken, User)>> {
        exclusive!(self, accounts::use_token, token_hash, now)
    }

    async fn tokens_of_user(&self, user: UserId) -> StoreResult<Vec<ApiToken>> {
        read!(self, accounts::tokens_of_user, user)
    }

    async fn delete_token(&self, user: UserId, id: TokenId) -> StoreResult<u64> {
        exclusive!(self, accounts::delete_token, user, id)
    }

    async fn admin_posts(&self, query: &AdminPostQuery) -> StoreResult<PostList> {
        read!(self, editing::admin_posts, query)
    }

    async fn delete_posts(&self, ids: &[PostId]) -> StoreResult<u64> {
        exclusive!(self, editing::delete_posts, ids)
    }

    async fn revisions(&self, post: PostId) -> StoreResult<Vec<Revision>> {
        read!(self, editing::revisions, post)
    }

    async fn comment_counts(&self) -> StoreResult<Vec<(CommentStatus, i64)>> {
        read!(self, moderation::counts)
    }

    async fn terms_of_post(&self, post: PostId) -> StoreResult<Vec<Term>> {
        let mut conn = self.conn().await?;
        let mut by_post = terms::of_posts(&mut Db::new(&mut conn, &self.count), &[post])
            .await
            .map_err(map)?;
        Ok(by_post.remove(&post).unwrap_or_default())
    }

    async fn add_media(&self, m: &Media) -> StoreResult<Media> {
        exclusive!(self, media::add, m)
    }

    async fn media_by_id(&self, id: MediaId) -> StoreResult<Option<Media>> {
        read!(self, media::by_id, id)
    }

    async fn media_by_paths(&self, paths: &[String]) -> StoreResult<Vec<Media>> {
        read!(self, media::by_paths, paths)
    }

    async fn media_list(&self, limit: i64, offset: i64) -> StoreResult<(Vec<Media>, i64)> {
        read!(self, media::list, limit, offset)
    }

    async fn delete_media(&self, id: MediaId) -> StoreResult<u64> {
        exclusive!(self, media::delete, id)
    }

    async fn publish_scheduled(&self, id: PostId, now: DateTime<Utc>) -> StoreResult<bool> {
        exclusive!(self, editing::publish_scheduled, id, now)
    }

    async fn latest_revision(&self, post: PostId) -> StoreResult<Option<RevisionId>> {
        read!(self, editing::latest_revision, post)
    }

    async fn comments_page(
        &self,
        filter: &beitrag_core::store::CommentFilter,
    ) -> StoreResult<(Vec<Comment>, i64)> {
        read!(self, crate::comment_admin::page, filter)
    }

    async fn term_post_counts(
        &self,
        now: DateTime<Utc>,
    ) -> StoreResult<Vec<(beitrag_core::model::TermId, i64)>> {
        read!(self, crate::term_admin::post_counts, now)
    }

    async fn update_term(&self, term: &Term, redirects: &[(String, String)]) -> StoreResult<()> {
        let _writer = self.writing().await;
        // Dropping the transaction on an error rolls the rename back.
        let mut tx = self.pool.begin().await.map_err(map)?;
        crate::term_admin::update(&mut Db::new(&mut tx, &self.count), term, redirects)
            .await
            .map_err(map)?;
        tx.commit().await.map_err(map)
    }

    async fn merge_terms(
        &self,
        from: beitrag_core::model::TermId,
        into: beitrag_core::model::TermId,
        redirects: &[(String, String)],
    ) -> StoreResult<u64> {
        let _writer = self.writing().await;
        let mut tx = self.pool.begin().await.map_err(map)?;
        let gained =
            crate::term_admin::merge(&mut Db::new(&mut tx, &self.count), from, into, redirects)
                .await
                .map_err(map)?;
        tx.commit().await.map_err(map)?;
        Ok(gained)
    }
}
