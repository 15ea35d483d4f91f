//! The backend-neutral storage interface, one trait per area (posts,
//! comments, terms, accounts, jobs, media, settings, the change log), each
//! split into reads and writes. `beitrag-store` implements them for SQLite
//! and PostgreSQL.
//!
//! Who may write is decided by types, not by convention: the web layer gets
//! [`Reads`] (every read trait, no write) from [`crate::Core`], so the only
//! way for a handler to change anything is a service, which takes the actor
//! and checks its capability before it writes.

use async_trait::async_trait;

use crate::StoreError;

mod accounts;
mod changes;
mod comments;
mod fediverse;
mod jobs;
mod media;
mod posts;
mod settings;
mod subscriptions;
mod terms;
mod theme;

pub use accounts::{AccountReads, AccountWrites};
pub use changes::ChangeLog;
pub use comments::{CommentFilter, CommentMove, CommentReads, CommentWrites};
pub use fediverse::{FediverseReads, FediverseWrites};
pub use jobs::{JobBacklog, JobFilter, JobOutcomes, JobReads, JobWrites};
pub use media::{MediaReads, MediaWrites};
pub use posts::{PostReads, PostWithTerms, PostWrites};
pub use settings::{SettingReads, SettingWrites};
pub use subscriptions::{SubscriptionReads, SubscriptionWrites};
pub use terms::{TermReads, TermWrites};
pub use theme::{ThemeReads, ThemeWrites};

/// Every storage trait, for code that calls a concrete store's methods
/// (the store's own tests): `use beitrag_core::store::prelude::*;`.
pub mod prelude {
    pub use super::{
        AccountReads, AccountWrites, ChangeLog, CommentReads, CommentWrites, FediverseReads,
        FediverseWrites, JobReads, JobWrites, MediaReads, MediaWrites, PostReads, PostWrites,
        Reads, SettingReads, SettingWrites, Store, SubscriptionReads, SubscriptionWrites,
        TermReads, TermWrites, ThemeReads, ThemeWrites,
    };
}

/// Result of store calls.
pub type StoreResult<T> = Result<T, StoreError>;

/// The database engine behind a store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Backend {
    /// Embedded SQLite (the default).
    Sqlite,
    /// PostgreSQL.
    Postgres,
}

impl Backend {
    /// `sqlite` or `postgres`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sqlite => "sqlite",
            Self::Postgres => "postgres",
        }
    }
}

/// The database pool's connections.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PoolStats {
    /// Open connections.
    pub open: u32,
    /// Of those, idle ones.
    pub idle: u32,
    /// The most it may open.
    pub max: u32,
}

impl std::fmt::Display for Backend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Every read of every area: what the web layer and job handlers may ask
/// directly. Implemented for anything that implements all read traits.
pub trait Reads:
    PostReads
    + CommentReads
    + TermReads
    + AccountReads
    + JobReads
    + MediaReads
    + SettingReads
    + ThemeReads
    + FediverseReads
    + SubscriptionReads
{
}

impl<T> Reads for T where
    T: PostReads
        + CommentReads
        + TermReads
        + AccountReads
        + JobReads
        + MediaReads
        + SettingReads
        + ThemeReads
        + FediverseReads
        + SubscriptionReads
{
}

/// Storage for everything beitrag keeps: every read and write of every
/// area, plus the housekeeping of the database itself.
#[async_trait]
pub trait Store:
    Reads
    + PostWrites
    + CommentWrites
    + TermWrites
    + AccountWrites
    + JobWrites
    + MediaWrites
    + SettingWrites
    + ThemeWrites
    + FediverseWrites
    + SubscriptionWrites
    + ChangeLog
{
    /// The engine.
    fn backend(&self) -> Backend;
    /// SQL statements run since start (for tests and benchmarks).
    fn query_count(&self) -> u64;
    /// Applies pending migrations, each in its own transaction.
    async fn migrate(&self) -> StoreResult<()>;
    /// A cheap round trip, for health checks.
    async fn ping(&self) -> StoreResult<()>;
    /// Whether every migration this binary knows has been applied (a
    /// newer binary on an older schema is not ready to serve).
    async fn schema_current(&self) -> StoreResult<bool>;
    /// Connections open and idle in the pool.
    fn pool_stats(&self) -> PoolStats;
    /// Closes every connection (graceful shutdown).
    async fn close(&self);
}
