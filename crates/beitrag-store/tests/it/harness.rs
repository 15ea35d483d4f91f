//! Test databases: a fresh SQLite file per test, always, and a fresh
//! PostgreSQL database per test when `BEITRAG_TEST_POSTGRES_URL` names a
//! server (a maintenance URL; each test creates `beitrag_test_<random>` and
//! drops it at the end, even when the scenario panics).

use std::collections::hash_map::RandomState;
use std::future::Future;
use std::hash::{BuildHasher, Hasher};

use beitrag_core::store::prelude::*;
use beitrag_store::SqlStore;
use sqlx::{AnyConnection, AssertSqlSafe, Connection};

/// Which engine a scenario runs on.
pub use beitrag_core::store::Backend;

/// A migrated, empty database and the store connected to it.
pub struct TestDb {
    pub store: SqlStore,
    /// The URL the store was opened with (for raw inspection).
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    /// Removed with the directory.
    Sqlite(#[allow(dead_code)] tempfile::TempDir),
    Postgres {
        admin_url: String,
        name: String,
    },
}

/// The PostgreSQL maintenance URL, if tests should use PostgreSQL. In CI a
/// missing URL is an error: the suite must not silently test half the code.
pub fn postgres_admin_url() -> Option<String> {
    match std::env::var("BEITRAG_TEST_POSTGRES_URL") {
        Ok(url) if !url.trim().is_empty() => Some(url),
        _ => {
            if std::env::var("CI").as_deref() == Ok("true") {
                panic!(
                    "CI=true but BEITRAG_TEST_POSTGRES_URL is not set: the store conformance suite must run \
                     against PostgreSQL in CI (e.g. `pg_virtualenv sh -c 'BEITRAG_TEST_POSTGRES_URL=\
                     \"postgres://$PGUSER:$PGPASSWORD@$PGHOST:$PGPORT/postgres\" cargo test -p beitrag-store'`)"
                );
            }
            None
        }
    }
}

/// `url` with its database name replaced by `name` (query string kept).
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let authority = base.find("://").map_or(0, |i| i + 3);
    let prefix = match base[authority..].find('/') {
        Some(i) => &base[..authority + i],
        None => base,
    };
    match query {
        Some(q) => format!("{prefix}/{name}?{q}"),
        None => format!("{prefix}/{name}"),
    }
}

fn random_name() -> String {
    // RandomState is seeded randomly per process and per instance.
    let mut h = RandomState::new().build_hasher();
    h.write_u32(std::process::id());
    format!("beitrag_test_{:016x}", h.finish())
}

async fn admin_execute(admin_url: &str, sql: String) {
    sqlx::any::install_default_drivers();
    let mut conn = AnyConnection::connect(admin_url)
        .await
        .expect("connect to the PostgreSQL maintenance URL");
    sqlx::query(AssertSqlSafe(sql))
        .execute(&mut conn)
        .await
        .expect("maintenance statement");
    conn.close().await.expect("close maintenance connection");
}

impl TestDb {
    /// A migrated database on `backend`; `None` when PostgreSQL is not configured.
    pub async fn open(backend: Backend) -> Option<TestDb> {
        let db = Self::empty(backend).await?;
        db.store.migrate().await.expect("migrate");
        Some(db)
    }

    /// A database on `backend` without any migration applied.
    pub async fn empty(backend: Backend) -> Option<TestDb> {
        let (url, cleanup) = match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("temp dir");
                let url = format!("sqlite:{}", dir.path().join("blog.db").display());
                (url, Cleanup::Sqlite(dir))
            }
            Backend::Postgres => {
                let admin_url = postgres_admin_url()?;
                let name = random_name();
                admin_execute(&admin_url, format!("create database {name}")).await;
                (
                    with_database(&admin_url, &name),
                    Cleanup::Postgres { admin_url, name },
                )
            }
        };
        Some(TestDb {
            store: SqlStore::connect(&url, 4).await.expect("connect"),
            url,
            cleanup,
        })
    }

    /// Closes the pool and drops the PostgreSQL database.
    pub async fn finish(self) {
        self.store.close().await;
        if let Cleanup::Postgres { admin_url, name } = &self.cleanup {
            admin_execute(
                admin_url,
                format!("drop database if exists {name} with (force)"),
            )
            .await;
        }
    }
}

/// Runs one scenario on a fresh database of `backend` and cleans up after
/// it, re-raising its panic afterwards. Skips (passes) a PostgreSQL run when
/// no server is configured outside CI.
pub async fn run<F, Fut>(backend: Backend, scenario: F)
where
    F: FnOnce(SqlStore) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let Some(db) = TestDb::open(backend).await else {
        eprintln!("skipped: BEITRAG_TEST_POSTGRES_URL is not set");
        return;
    };
    // A separate task, so a failing assertion still lets us drop the database.
    let outcome = tokio::spawn(scenario(db.store.clone())).await;
    db.finish().await;
    if let Err(e) = outcome {
        match e.try_into_panic() {
            Ok(panic) => std::panic::resume_unwind(panic),
            Err(e) => panic!("scenario task failed: {e}"),
        }
    }
}

#[test]
fn replaces_database_when_url_has_one() {
    assert_eq!(
        with_database("postgres://u:p@h:5432/postgres", "x"),
        "postgres://u:p@h:5432/x"
    );
    assert_eq!(
        with_database("postgres://u@h/postgres?sslmode=disable", "x"),
        "postgres://u@h/x?sslmode=disable"
    );
    assert_eq!(with_database("postgres://u@h", "x"), "postgres://u@h/x");
}
