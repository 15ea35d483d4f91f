//! The change log: `beitrag_core::store::ChangeLog` for [`SqlStore`].

use std::time::Duration;

use async_trait::async_trait;
use beitrag_core::store::{Backend, ChangeLog, StoreResult};
use chrono::{DateTime, Utc};

use crate::changes;
use crate::error::map;
use crate::exec::Db;
use crate::store::{SqlStore, exclusive, read, transaction};

#[async_trait]
impl ChangeLog for SqlStore {
    async fn record_changes(&self, topics: &[String], now: DateTime<Utc>) -> StoreResult<i64> {
        let notify = self.backend == Backend::Postgres;
        transaction!(self, |db| changes::record(db, topics, now, notify))
    }

    async fn last_change(&self) -> StoreResult<i64> {
        read!(self, changes::last)
    }

    async fn changes_since(&self, after: i64, limit: i64) -> StoreResult<Vec<(i64, String)>> {
        read!(self, changes::since, after, limit)
    }

    async fn wait_for_changes(&self, timeout: Duration) {
        self.listener.wait(timeout).await;
    }

    async fn prune_changes(&self, before: DateTime<Utc>) -> StoreResult<u64> {
        exclusive!(self, changes::prune, before)
    }
}
