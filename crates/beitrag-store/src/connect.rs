//! Connecting: picking the backend from the URL, SQLite's per-connection
//! settings, and the embedded migration trees.

use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use std::time::Duration;

use beitrag_core::StoreError;
use beitrag_core::store::Backend;
use sqlx::any::AnyPoolOptions;
use sqlx::migrate::Migrator;

use crate::error::map;
use crate::store::SqlStore;

/// The SQLite migration tree. Same version list as [`POSTGRES`], forever.
static SQLITE: Migrator = sqlx::migrate!("./migrations/sqlite");
/// The PostgreSQL migration tree. Same version list as [`SQLITE`], forever.
static POSTGRES: Migrator = sqlx::migrate!("./migrations/postgres");

/// Run on every new SQLite connection. WAL lets readers proceed while one
/// writer commits; foreign keys are off by default in SQLite and the schema
/// relies on their cascades; the busy timeout makes a second writer wait
/// instead of failing at once; `synchronous=normal` is durable enough under
/// WAL and much cheaper than `full`.
const SQLITE_PRAGMAS: &[&str] = &[
    "pragma journal_mode = wal",
    "pragma foreign_keys = on",
    "pragma busy_timeout = 5000",
    "pragma synchronous = normal",
];

/// The backend a database URL selects: SQLite for `sqlite:…`, PostgreSQL
/// for `postgres://…` (or `postgresql://…`), `None` for anything else.
pub fn backend_of(url: &str) -> Option<Backend> {
    if url.starts_with("sqlite:") {
        Some(Backend::Sqlite)
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Some(Backend::Postgres)
    } else {
        None
    }
}

/// Adds `mode=rwc` to a SQLite URL that names no mode, so a missing database
/// file is created rather than reported (sqlx opens read-write only by
/// default). In-memory databases are left alone.
fn sqlite_url(url: &str) -> String {
    let has_mode = url
        .split_once('?')
        .is_some_and(|(_, query)| query.split('&').any(|kv| kv.starts_with("mode=")));
    if has_mode || url.contains(":memory:") {
        url.to_owned()
    } else if url.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    }
}

/// How long a PostgreSQL request waits for a connection (see `connect`).
const PG_ACQUIRE_TIMEOUT: Duration = Duration::from_secs(8);

impl SqlStore {
    /// Opens a pool of at most `max_connections` connections to `url`
    /// (`sqlite:PATH`, `sqlite://PATH` or `postgres://…`). Does not migrate;
    /// call `Store::migrate` for that. An unknown scheme, an unreachable
    /// server or an unwritable path is an error.
    pub async fn connect(url: &str, max_connections: u32) -> Result<SqlStore, StoreError> {
        let Some(backend) = backend_of(url) else {
            // The URL itself is not repeated: it may hold a password.
            return Err(map(sqlx::Error::Configuration(
                "unsupported database URL: expected `sqlite:` or `postgres://`".into(),
            )));
        };
        sqlx::any::install_default_drivers();
        let is_sqlite = backend == Backend::Sqlite;
        let url = if is_sqlite {
            sqlite_url(url)
        } else {
            url.to_owned()
        };
        let pool = AnyPoolOptions::new()
            .max_connections(max_connections.max(1))
            // A SQLite connection is a local file that cannot drop away;
            // pinging it before every read was a round trip to its worker
            // thread per request. A PostgreSQL server may close idle
            // connections, so those are still tested.
            .test_before_acquire(!is_sqlite)
            // While a PostgreSQL server restarts, sqlx keeps retrying to
            // connect until the acquire timeout (30 s by default): longer
            // than a reader or a load balancer waits. A restart that takes
            // a few seconds is waited out; a longer outage becomes a clean
            // error page. SQLite waits for its writer as before.
            .acquire_timeout(if is_sqlite {
                Duration::from_secs(30)
            } else {
                PG_ACQUIRE_TIMEOUT
            })
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if is_sqlite {
                        for pragma in SQLITE_PRAGMAS {
                            sqlx::query(*pragma).execute(&mut *conn).await?;
                        }
                    }
                    Ok(())
                })
            })
            .connect(&url)
            .await
            .map_err(map)?;
        tracing::debug!(%backend, "database pool opened");
        Ok(SqlStore {
            write_lock: Arc::default(),
            listener: Arc::new(crate::changes::Listener::new(
                (!is_sqlite).then(|| url.clone()),
            )),
            pool,
            backend,
            count: Arc::new(AtomicU64::new(0)),
        })
    }

    /// This backend's migrations, as embedded in the binary.
    pub(crate) fn migrator(&self) -> &'static Migrator {
        if self.backend == Backend::Sqlite {
            &SQLITE
        } else {
            &POSTGRES
        }
    }

    /// Applies pending migrations of this backend's tree, each in its own
    /// transaction; applied ones are skipped (sqlx checks their checksums).
    pub(crate) async fn run_migrations(&self) -> Result<(), StoreError> {
        self.migrator()
            .run(&self.pool)
            .await
            .map_err(|e| map(e.into()))
    }

    /// The migrations of this backend's tree not applied yet, oldest first,
    /// as (version, description); nothing is written (`migrate --dry-run`).
    pub async fn pending_migrations(&self) -> Result<Vec<(i64, String)>, StoreError> {
        let applied = self.applied_migrations().await?;
        Ok(self
            .migrator()
            .iter()
            .filter(|m| !applied.contains(&m.version))
            .map(|m| (m.version, m.description.to_string()))
            .collect())
    }

    /// The versions of the migrations applied to the database.
    pub(crate) async fn applied_migrations(&self) -> Result<Vec<i64>, StoreError> {
        // A new database has no bookkeeping table yet: nothing is applied.
        let has_table = if self.backend == Backend::Sqlite {
            "select count(*) from sqlite_master where type = 'table' and name = '_sqlx_migrations'"
        } else {
            "select count(*) from information_schema.tables \
             where table_name = '_sqlx_migrations' and table_schema = current_schema()"
        };
        let tables: i64 = sqlx::query_scalar(has_table)
            .fetch_one(&self.pool)
            .await
            .map_err(map)?;
        if tables == 0 {
            return Ok(Vec::new());
        }
        sqlx::query_scalar("select version from _sqlx_migrations where success")
            .fetch_all(&self.pool)
            .await
            .map_err(map)
    }

    /// Applies this backend's migrations up to and including `version`
    /// (a restore brings the schema to the archive's before writing).
    pub(crate) async fn run_migrations_to(&self, version: i64) -> Result<(), StoreError> {
        self.migrator()
            .run_to(version, &self.pool)
            .await
            .map_err(|e| map(e.into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_backend_when_scheme_known() {
        assert_eq!(backend_of("sqlite:blog.db"), Some(Backend::Sqlite));
        assert_eq!(
            backend_of("sqlite:///var/lib/blog.db"),
            Some(Backend::Sqlite)
        );
        assert_eq!(backend_of("postgres://u@h/db"), Some(Backend::Postgres));
        assert_eq!(backend_of("postgresql://u@h/db"), Some(Backend::Postgres));
        assert_eq!(backend_of("mysql://u@h/db"), None);
    }

    #[test]
    fn adds_create_mode_when_none_given() {
        assert_eq!(sqlite_url("sqlite:blog.db"), "sqlite:blog.db?mode=rwc");
        assert_eq!(
            sqlite_url("sqlite:blog.db?cache=shared"),
            "sqlite:blog.db?cache=shared&mode=rwc"
        );
        assert_eq!(
            sqlite_url("sqlite:blog.db?mode=ro"),
            "sqlite:blog.db?mode=ro"
        );
        assert_eq!(sqlite_url("sqlite::memory:"), "sqlite::memory:");
    }
}
