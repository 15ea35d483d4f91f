//! Statement execution with counting: every SQL statement the store sends
//! goes through [`Db`], which bumps the shared counter behind
//! `Store::query_count` (tests use it to prove there is no N+1).

use std::sync::atomic::{AtomicU64, Ordering};

use sqlx::AnyConnection;
use sqlx::any::{AnyArguments, AnyRow};
use sqlx::{Any, AssertSqlSafe};

/// A query with its bound arguments.
pub(crate) type Query = sqlx::query::Query<'static, Any, AnyArguments>;

/// A query from static SQL text (the usual case).
pub(crate) fn query(sql: &'static str) -> Query {
    sqlx::query(sql)
}

/// A query whose text was assembled at run time (placeholder lists). Only
/// placeholders and fixed fragments are ever spliced in, never values. Not
/// kept in the statement cache: the text varies with the list length.
pub(crate) fn dynamic(sql: String) -> Query {
    sqlx::query(AssertSqlSafe(sql)).persistent(false)
}

/// `$first, $first+1, …` for `n` values: the inside of an `in (…)` list.
pub(crate) fn placeholders(first: usize, n: usize) -> String {
    (first..first + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A connection (plain or inside a transaction) plus the statement counter.
pub(crate) struct Db<'c> {
    conn: &'c mut AnyConnection,
    count: &'c AtomicU64,
}

impl<'c> Db<'c> {
    /// Wraps a connection; `count` is the store's counter.
    pub(crate) fn new(conn: &'c mut AnyConnection, count: &'c AtomicU64) -> Self {
        Self { conn, count }
    }

    fn tick(&self) {
        self.count.fetch_add(1, Ordering::Relaxed);
    }

    /// Every row.
    pub(crate) async fn all(&mut self, q: Query) -> Result<Vec<AnyRow>, sqlx::Error> {
        self.tick();
        q.fetch_all(&mut *self.conn).await
    }

    /// The first row, if any.
    pub(crate) async fn optional(&mut self, q: Query) -> Result<Option<AnyRow>, sqlx::Error> {
        self.tick();
        q.fetch_optional(&mut *self.conn).await
    }

    /// Exactly one row; none is `RowNotFound`.
    pub(crate) async fn one(&mut self, q: Query) -> Result<AnyRow, sqlx::Error> {
        self.tick();
        q.fetch_one(&mut *self.conn).await
    }

    /// Runs a statement and returns the rows it affected.
    pub(crate) async fn execute(&mut self, q: Query) -> Result<u64, sqlx::Error> {
        self.tick();
        Ok(q.execute(&mut *self.conn).await?.rows_affected())
    }
}
