//! The change log: what each write touched, so every process that caches
//! pages (this one, another instance, one started after a CLI command)
//! can drop exactly those.

use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::StoreResult;

/// Recording and following changes.
#[async_trait]
pub trait ChangeLog: Send + Sync {
    /// Appends change topics (see `crate::change::Change::topic`); returns
    /// the id of the last one.
    async fn record_changes(&self, topics: &[String], now: DateTime<Utc>) -> StoreResult<i64>;
    /// The newest change's id (0 for none).
    async fn last_change(&self) -> StoreResult<i64>;
    /// Changes after `after`, oldest first, at most `limit`.
    async fn changes_since(&self, after: i64, limit: i64) -> StoreResult<Vec<(i64, String)>>;
    /// Returns when another process may have recorded a change, or after
    /// `timeout`: on PostgreSQL a `LISTEN` notification wakes it, on SQLite
    /// it simply waits (the caller polls).
    async fn wait_for_changes(&self, timeout: Duration);
    /// Forgets changes recorded before `before`.
    async fn prune_changes(&self, before: DateTime<Utc>) -> StoreResult<u64>;
}
