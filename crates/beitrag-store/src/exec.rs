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
///
/// A bound `limit` is written `limit $n + 0`: SQLite plans a bare `limit $n`
/// with the value bound at the time and marks the statement to be compiled
/// again whenever that parameter is bound anew, that is on every execution.
/// Those recompilations were 37% of an uncached post page. PostgreSQL
/// reads both spellings alike. A test below keeps every query to it.
pub(crate) fn query(sql: &'static str) -> Query {
    sqlx::query(sql)
}

/// A query whose text was assembled at run time (filters, placeholder
/// lists). Only placeholders and fixed fragments are ever spliced in, never
/// values, so few distinct texts exist: they are kept in the connection's
/// statement cache like static SQL (a least-recently-used cache, so a rare
/// list length costs one preparation and evicts nothing in use). Preparing
/// a listing's statements anew was a third of an uncached archive page.
pub(crate) fn dynamic(sql: String) -> Query {
    sqlx::query(AssertSqlSafe(sql))
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

    /// Whether the connection is PostgreSQL's, for the few statements
    /// (full-text search) that the engines spell differently.
    pub(crate) fn is_postgres(&self) -> bool {
        self.conn.backend_name() == <sqlx::Postgres as sqlx::Database>::NAME
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

#[cfg(test)]
mod tests {
    use std::path::Path;

    /// Every `limit` bound to a parameter is an expression (see [`super::query`]).
    #[test]
    fn no_bare_bound_limit() {
        let mut dirs = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
        let mut bare = Vec::new();
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                    continue;
                }
                // This file states the rule.
                if path.ends_with("exec.rs") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                for (n, line) in text.lines().enumerate() {
                    let mut rest = line;
                    while let Some(at) = rest.find("limit $") {
                        let after = &rest[at + "limit $".len()..];
                        let param = after
                            .find(|c: char| !(c.is_ascii_alphanumeric() || "{}_".contains(c)))
                            .unwrap_or(after.len());
                        if !after[param..].starts_with(" + ") {
                            bare.push(format!("{}:{}", path.display(), n + 1));
                        }
                        rest = &after[param..];
                    }
                }
            }
        }
        assert!(bare.is_empty(), "bare `limit $n` at {bare:?}");
    }
}
