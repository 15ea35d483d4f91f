//! [`SqlStore`] and its implementation of the core's `Store` trait. Each
//! method borrows one pooled connection (or opens one transaction) and hands
//! it to the module that owns the SQL.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use async_trait::async_trait;
use beitrag_core::Store;
use beitrag_core::store::Backend;
use beitrag_core::store::{PoolStats, StoreResult};
use sqlx::AnyPool;
use sqlx::pool::PoolConnection;

use crate::error::map;
use crate::exec::Db;

/// A SQLite or PostgreSQL database behind one connection pool. Cheap to
/// clone: clones share the pool and the statement counter.
#[derive(Debug, Clone)]
pub struct SqlStore {
    pub(crate) pool: AnyPool,
    pub(crate) backend: Backend,
    pub(crate) count: Arc<AtomicU64>,
    /// SQLite allows one writer at a time; waiting here, in line, beats
    /// SQLite's busy handler, which sleeps in growing steps while it retries.
    pub(crate) write_lock: Arc<tokio::sync::Mutex<()>>,
    /// PostgreSQL's `LISTEN` connection for the change log.
    pub(crate) listener: Arc<crate::changes::Listener>,
}

impl SqlStore {
    pub(crate) async fn conn(&self) -> StoreResult<PoolConnection<sqlx::Any>> {
        self.pool.acquire().await.map_err(map)
    }

    /// Holds the writer's place on SQLite; PostgreSQL needs no such line.
    pub(crate) async fn writing(&self) -> Option<tokio::sync::MutexGuard<'_, ()>> {
        (self.backend == Backend::Sqlite).then_some(self.write_lock.lock().await)
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

/// Steps in one transaction, holding the writer's place on SQLite:
/// `transaction!(self, |db| async { … })`. An error drops the transaction,
/// which rolls everything back.
macro_rules! transaction {
    ($store:ident, |$db:ident| $body:expr) => {{
        let _writer = $store.writing().await;
        let mut tx = $store.pool.begin().await.map_err(map)?;
        let out = {
            let mut inner = Db::new(&mut tx, &$store.count);
            let $db = &mut inner;
            $body.await.map_err(map)?
        };
        tx.commit().await.map_err(map)?;
        Ok(out)
    }};
}

pub(crate) use {exclusive, read, transaction};

#[async_trait]
impl Store for SqlStore {
    fn backend(&self) -> Backend {
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
    async fn schema_current(&self) -> StoreResult<bool> {
        // One rule for readiness and `migrate --dry-run`: nothing pending.
        Ok(self.pending_migrations().await?.is_empty())
    }
    fn pool_stats(&self) -> PoolStats {
        PoolStats {
            open: self.pool.size(),
            idle: u32::try_from(self.pool.num_idle()).unwrap_or(u32::MAX),
            max: self.pool.options().get_max_connections(),
        }
    }
    async fn close(&self) {
        self.pool.close().await;
    }
}
