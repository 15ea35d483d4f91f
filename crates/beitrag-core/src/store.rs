//! The backend-neutral storage interface. `beitrag-store` implements it for
//! SQLite and PostgreSQL; services, handlers and the CLI only see this trait.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::StoreError;
use crate::model::{
    AdminPostQuery, ApiToken, Comment, CommentFeedRow, CommentId, CommentStatus, Media, MediaId,
    NewComment, NewSession, NewToken, NewUser, Post, PostId, PostKey, PostKind, PostList, PostPage,
    PostQuery, PostWrite, Revision, RevisionId, Session, SessionId, Term, TokenId, User, UserId,
};

/// Result of store calls.
pub type StoreResult<T> = Result<T, StoreError>;

/// A post with its terms, for export and bulk operations.
#[derive(Debug, Clone, PartialEq)]
pub struct PostWithTerms {
    /// The post.
    pub post: Post,
    /// Author login.
    pub author_login: String,
    /// Its tags and categories.
    pub terms: Vec<Term>,
}

/// Storage for everything beitrag keeps.
#[async_trait]
pub trait Store: Send + Sync {
    /// `sqlite` or `postgres`.
    fn backend(&self) -> &'static str;
    /// SQL statements run since start (for tests and benchmarks).
    fn query_count(&self) -> u64;
    /// Applies pending migrations, each in its own transaction.
    async fn migrate(&self) -> StoreResult<()>;
    /// A cheap round trip, for health checks.
    async fn ping(&self) -> StoreResult<()>;
    /// Closes every connection (graceful shutdown).
    async fn close(&self);

    /// All stored settings.
    async fn settings(&self) -> StoreResult<Vec<(String, String)>>;
    /// Writes settings and records redirects, in one transaction.
    async fn put_settings(
        &self,
        pairs: &[(String, String)],
        redirects: &[(String, String)],
    ) -> StoreResult<()>;

    /// Inserts a user.
    async fn create_user(&self, user: &NewUser) -> StoreResult<User>;
    /// Looks a user up by login.
    async fn user_by_login(&self, login: &str) -> StoreResult<Option<User>>;
    /// Every user, by id.
    async fn users(&self) -> StoreResult<Vec<User>>;
    /// Replaces a user's password hash.
    async fn set_password_hash(&self, id: UserId, hash: &str) -> StoreResult<()>;

    /// Inserts or replaces posts with their terms and redirects, all in one
    /// transaction: either every post is written or none.
    async fn save_posts(&self, posts: &[PostWrite]) -> StoreResult<Vec<PostId>>;
    /// A post by id, whatever its status.
    async fn post_by_id(&self, id: PostId) -> StoreResult<Option<Post>>;
    /// A post by kind and slug, whatever its status.
    async fn post_by_slug(&self, kind: PostKind, slug: &str) -> StoreResult<Option<Post>>;
    /// The single-post page of a post visible at `now`: at most three queries.
    async fn post_page(&self, key: &PostKey, now: DateTime<Utc>) -> StoreResult<Option<PostPage>>;
    /// An archive page of visible posts with authors, counts and terms.
    async fn list_posts(&self, query: &PostQuery) -> StoreResult<PostList>;
    /// Pages visible at `now`, by title, for the navigation.
    async fn public_pages(&self, now: DateTime<Utc>) -> StoreResult<Vec<Post>>;
    /// Every post and page with terms, for export.
    async fn all_posts(&self) -> StoreResult<Vec<PostWithTerms>>;

    /// Every tag and category.
    async fn terms(&self) -> StoreResult<Vec<Term>>;
    /// The tags and categories of one post.
    async fn terms_of_post(&self, post: PostId) -> StoreResult<Vec<Term>>;

    /// Inserts a comment.
    async fn add_comment(&self, comment: &NewComment) -> StoreResult<CommentId>;
    /// Newest approved comments (all posts, or one), for comment feeds.
    async fn recent_comments(
        &self,
        post: Option<PostId>,
        now: DateTime<Utc>,
        limit: i64,
    ) -> StoreResult<Vec<CommentFeedRow>>;

    /// One response by id, whatever its status.
    async fn comment(&self, id: CommentId) -> StoreResult<Option<Comment>>;
    /// Responses for moderation, newest first; all statuses when `None`.
    async fn comments_by_status(
        &self,
        status: Option<CommentStatus>,
        limit: i64,
        offset: i64,
    ) -> StoreResult<Vec<Comment>>;
    /// Responses of one post with these ids (a commenter's own pending ones).
    async fn comments_of_post_by_ids(
        &self,
        post: PostId,
        ids: &[CommentId],
    ) -> StoreResult<Vec<Comment>>;
    /// Sets the status of responses; returns how many changed.
    async fn set_comment_status(
        &self,
        ids: &[CommentId],
        status: CommentStatus,
    ) -> StoreResult<u64>;
    /// Deletes responses; returns how many were deleted.
    async fn delete_comments(&self, ids: &[CommentId]) -> StoreResult<u64>;
    /// Whether this email address has an approved comment.
    async fn known_commenter(&self, email: &str) -> StoreResult<bool>;
    /// Whether the post already has this comment (same email and HTML) or,
    /// for linkback kinds, a linkback from this source URL.
    async fn has_duplicate(
        &self,
        post: PostId,
        linkback: bool,
        sender: &str,
        html: &str,
    ) -> StoreResult<bool>;
    /// Spam and ham counts of these tokens and the message totals.
    async fn spam_counts(&self, tokens: &[String]) -> StoreResult<crate::spam::Counts>;
    /// Adds `spam` and `ham` (each -1, 0 or 1) to every token and to the
    /// message totals, in one transaction.
    async fn train_spam(&self, tokens: &[String], spam: i64, ham: i64) -> StoreResult<()>;

    /// Queues a job to run at `run_at`; with a `dedupe_key` already queued,
    /// nothing is added and the existing job's id is returned.
    async fn enqueue_job(
        &self,
        kind: &str,
        payload: &str,
        dedupe_key: Option<&str>,
        run_at: DateTime<Utc>,
    ) -> StoreResult<crate::model::JobId>;
    /// Claims the next due job for `lease_seconds` (other workers skip it).
    async fn claim_job(
        &self,
        now: DateTime<Utc>,
        lease_seconds: i64,
    ) -> StoreResult<Option<crate::model::Job>>;
    /// Marks a claimed job done.
    async fn finish_job(&self, id: crate::model::JobId, now: DateTime<Utc>) -> StoreResult<()>;
    /// Releases a claimed job to run again at `run_at` (or never, once its
    /// attempts are used up), recording why it failed.
    async fn retry_job(
        &self,
        id: crate::model::JobId,
        error: &str,
        run_at: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// A job's state, for status URLs.
    async fn job(&self, id: crate::model::JobId) -> StoreResult<Option<crate::model::JobState>>;
    /// A post's response of a linkback kind from `source`, if any.
    async fn comment_by_source(
        &self,
        post: PostId,
        kind: crate::model::CommentKind,
        source: &str,
    ) -> StoreResult<Option<Comment>>;
    /// Replaces what a linkback shows after its source changed.
    async fn update_linkback(
        &self,
        id: CommentId,
        author_name: &str,
        author_url: &str,
        html: &str,
        source_title: &str,
    ) -> StoreResult<()>;

    /// Every response sent with this email address (privacy export).
    async fn comments_by_email(&self, email: &str) -> StoreResult<Vec<Comment>>;
    /// Blanks stored addresses of responses older than `before`.
    async fn purge_ips(&self, before: DateTime<Utc>) -> StoreResult<u64>;

    /// Turns reply notifications of a comment on or off.
    async fn set_comment_notify(&self, id: CommentId, on: bool) -> StoreResult<u64>;

    /// Where an old path now lives.
    async fn redirect_for(&self, path: &str) -> StoreResult<Option<String>>;

    // Accounts, sessions and tokens.

    /// A user by id.
    async fn user_by_id(&self, id: UserId) -> StoreResult<Option<User>>;
    /// Stores a user's name, email, bio, avatar, role and disabled flag.
    async fn update_user(&self, user: &User) -> StoreResult<()>;
    /// Turns two-factor authentication on (base32 secret) or off (empty).
    async fn set_totp(&self, user: UserId, secret: &str) -> StoreResult<()>;
    /// Marks a TOTP time step as used; `false` when it (or a later one) was.
    async fn use_totp_step(&self, user: UserId, step: i64) -> StoreResult<bool>;
    /// Stores a new session.
    async fn create_session(&self, session: &NewSession) -> StoreResult<SessionId>;
    /// The live session with this token hash and its enabled user.
    async fn session_by_token(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<(Session, User)>>;
    /// Records activity on a session.
    async fn touch_session(&self, id: SessionId, now: DateTime<Utc>) -> StoreResult<()>;
    /// A user's live sessions, newest first.
    async fn sessions_of_user(&self, user: UserId, now: DateTime<Utc>)
    -> StoreResult<Vec<Session>>;
    /// Ends one session of a user, or all of them when `only` is `None`.
    async fn delete_sessions(&self, user: UserId, only: Option<SessionId>) -> StoreResult<u64>;
    /// Records a failed login under each key.
    async fn add_login_failure(&self, keys: &[String], now: DateTime<Utc>) -> StoreResult<()>;
    /// Failures under `key` since `since`: how many, and the latest.
    async fn login_failures(
        &self,
        key: &str,
        since: DateTime<Utc>,
    ) -> StoreResult<(i64, Option<DateTime<Utc>>)>;
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
    /// A user's tokens, newest first.
    async fn tokens_of_user(&self, user: UserId) -> StoreResult<Vec<ApiToken>>;
    /// Revokes one of a user's tokens.
    async fn delete_token(&self, user: UserId, id: TokenId) -> StoreResult<u64>;

    // Editing.

    /// Posts for the admin: any status, filtered, newest change first.
    async fn admin_posts(&self, query: &AdminPostQuery) -> StoreResult<PostList>;
    /// Deletes posts with their comments, terms and revisions.
    async fn delete_posts(&self, ids: &[PostId]) -> StoreResult<u64>;
    /// A post's revisions, oldest first.
    async fn revisions(&self, post: PostId) -> StoreResult<Vec<Revision>>;
    /// How many responses have each status (statuses without any are left out).
    async fn comment_counts(&self) -> StoreResult<Vec<(CommentStatus, i64)>>;
    /// Records an upload (its `id` is ignored) and returns it with its id.
    async fn add_media(&self, media: &Media) -> StoreResult<Media>;
    /// One upload.
    async fn media_by_id(&self, id: MediaId) -> StoreResult<Option<Media>>;
    /// Uploads whose original lives at one of these paths.
    async fn media_by_paths(&self, paths: &[String]) -> StoreResult<Vec<Media>>;
    /// Uploads, newest first, and how many there are.
    async fn media_list(&self, limit: i64, offset: i64) -> StoreResult<(Vec<Media>, i64)>;
    /// Forgets an upload (the caller deletes the objects).
    async fn delete_media(&self, id: MediaId) -> StoreResult<u64>;
    /// Turns a due scheduled post into a published one; `false` when it
    /// was not (any more) scheduled or not yet due. Exactly one caller wins.
    async fn publish_scheduled(&self, id: PostId, now: DateTime<Utc>) -> StoreResult<bool>;
    /// The id of a post's newest revision.
    async fn latest_revision(&self, post: PostId) -> StoreResult<Option<RevisionId>>;

    // Comments management.

    /// Responses for moderation, newest first, filtered by status and post,
    /// and how many match in all.
    async fn comments_page(&self, filter: &CommentFilter) -> StoreResult<(Vec<Comment>, i64)>;

    // Terms management.

    /// How many posts visible at `now` each term has (terms without any
    /// are left out).
    async fn term_post_counts(
        &self,
        now: DateTime<Utc>,
    ) -> StoreResult<Vec<(crate::model::TermId, i64)>>;
    /// Stores a term's name, slug and parent and records redirects, in one
    /// transaction. No such term is `NotFound`; a slug another term of the
    /// taxonomy has is `Conflict` (and nothing is written).
    async fn update_term(&self, term: &Term, redirects: &[(String, String)]) -> StoreResult<()>;
    /// Merges `from` into `into` in one transaction: every post of `from`
    /// gets `into`, `from`'s child categories move under `into`, `from` is
    /// deleted and the redirects are recorded. Returns how many posts
    /// gained `into`. Either term missing is `NotFound`.
    async fn merge_terms(
        &self,
        from: crate::model::TermId,
        into: crate::model::TermId,
        redirects: &[(String, String)],
    ) -> StoreResult<u64>;
}

/// Which responses [`Store::comments_page`] lists.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommentFilter {
    /// Only this status; all when `None`.
    pub status: Option<CommentStatus>,
    /// Only responses to this post.
    pub post: Option<PostId>,
    /// Rows to skip.
    pub offset: i64,
    /// Rows to return.
    pub limit: i64,
}
