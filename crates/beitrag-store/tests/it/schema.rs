//! Migrations and connection: both trees stay in step, migrating twice is
//! harmless, and both engines end up with the same tables and columns.

use std::path::Path;

use beitrag_core::store::prelude::*;
use beitrag_store::{SqlStore, backend_of};
use sqlx::{AnyConnection, Connection, Row};

use crate::harness::{Backend, TestDb};

conformance!(migrates_twice_harmlessly);

async fn migrates_twice_harmlessly(store: SqlStore) {
    store.migrate().await.unwrap();
    store.migrate().await.unwrap();
    store.ping().await.unwrap();
    assert!(store.users().await.unwrap().is_empty());
    assert!(["sqlite", "postgres"].contains(&store.backend().as_str()));
}

fn versions(tree: &str) -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("migrations")
        .join(tree);
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn migration_trees_list_same_versions() {
    let sqlite = versions("sqlite");
    let postgres = versions("postgres");
    assert!(!sqlite.is_empty());
    assert_eq!(
        sqlite, postgres,
        "migrations/sqlite and migrations/postgres must list the same files"
    );
    for name in &sqlite {
        let (version, rest) = name.split_once('_').unwrap();
        assert!(
            version.len() == 4 && version.chars().all(|c| c.is_ascii_digit()),
            "{name}"
        );
        assert!(rest.ends_with(".sql"), "{name}");
    }
}

/// `(table, column, nullable)` of every application table, sorted. A
/// primary-key column counts as not null (SQLite reports its rowid alias as
/// nullable). The full-text index (`post_search…`) is left out: it is each
/// engine's own kind of table (FTS5 with its shadow tables, a `tsvector`).
async fn columns(db: &TestDb) -> Vec<(String, String, bool)> {
    let mut conn = AnyConnection::connect(&db.url).await.unwrap();
    let sql = if db.store.backend() == Backend::Sqlite {
        "select m.name as tbl, c.name as col, c.\"notnull\" = 0 and c.pk = 0 as nullable \
         from sqlite_master m join pragma_table_info(m.name) c \
         where m.type = 'table' and m.name not like 'sqlite_%' and m.name <> '_sqlx_migrations' \
         and m.name not like 'post_search%'"
    } else {
        "select table_name::text as tbl, column_name::text as col, \
         case when is_nullable = 'YES' then 1 else 0 end as nullable \
         from information_schema.columns \
         where table_schema = 'public' and table_name <> '_sqlx_migrations' \
         and table_name not like 'post_search%'"
    };
    let rows = sqlx::query(sql).fetch_all(&mut conn).await.unwrap();
    conn.close().await.unwrap();
    let mut out: Vec<_> = rows
        .iter()
        .map(|r| {
            (
                r.try_get::<String, _>("tbl").unwrap(),
                r.try_get::<String, _>("col").unwrap(),
                r.try_get::<i64, _>("nullable").unwrap() != 0,
            )
        })
        .collect();
    out.sort();
    out
}

#[tokio::test]
async fn both_backends_have_same_tables_and_columns() {
    let sqlite = TestDb::open(Backend::Sqlite).await.unwrap();
    let lite = columns(&sqlite).await;
    sqlite.finish().await;

    // The nullable columns are exactly the optional fields of the model.
    let nullable: Vec<String> = lite
        .iter()
        .filter(|c| c.2)
        .map(|c| format!("{}.{}", c.0, c.1))
        .collect();
    assert_eq!(
        nullable,
        vec![
            "api_tokens.last_used_at",
            "comments.parent_id",
            "jobs.dedupe_key",
            "jobs.done_at",
            "jobs.locked_until",
            "media.height",
            "media.width",
            "menu_items.parent",
            "menu_items.target_id",
            "post_terms.published_at",
            "posts.featured_media",
            "posts.published_at",
            "subscribers.confirmed_at",
            "terms.parent_id",
            "users.avatar_url"
        ]
    );
    let tables: std::collections::BTreeSet<&str> = lite.iter().map(|c| c.0.as_str()).collect();
    assert_eq!(
        tables.into_iter().collect::<Vec<_>>(),
        vec![
            "api_tokens",
            "auth_codes",
            "changes",
            "comments",
            "fediverse_actors",
            "fediverse_followers",
            "fediverse_keys",
            "fediverse_reactions",
            "fediverse_tombstones",
            "follower_announcements",
            "import_origins",
            "jobs",
            "login_failures",
            "media",
            "menu_items",
            "post_terms",
            "posts",
            "redirects",
            "revisions",
            "search_state",
            "sessions",
            "settings",
            "spam_tokens",
            "subscribers",
            "terms",
            "timeline_counts",
            "users",
            "websub_subscriptions",
            "widgets"
        ]
    );

    // Backups know every table (a new one must be added to their list).
    let mut known: Vec<&str> = beitrag_store::backup::TABLES
        .iter()
        .map(|t| t.name)
        .collect();
    known.sort_unstable();
    assert_eq!(
        known,
        lite.iter()
            .map(|c| c.0.as_str())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect::<Vec<_>>(),
        "beitrag_store::backup::TABLES must list every table"
    );

    let Some(pg) = TestDb::open(Backend::Postgres).await else {
        eprintln!("PostgreSQL not configured: compared SQLite against the expected list only");
        return;
    };
    let postgres = columns(&pg).await;
    pg.finish().await;
    assert_eq!(lite, postgres, "SQLite and PostgreSQL schemas differ");
}

#[tokio::test]
async fn rejects_bad_urls_without_panicking() {
    assert_eq!(backend_of("mysql://x"), None);
    assert!(SqlStore::connect("mysql://localhost/x", 1).await.is_err());
    // A path below a regular file cannot be created, even by root.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("file");
    std::fs::write(&file, b"").unwrap();
    let url = format!("sqlite:{}", file.join("blog.db").display());
    assert!(SqlStore::connect(&url, 1).await.is_err());
}

#[tokio::test]
async fn creates_sqlite_file_and_reports_backend() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.db");
    let store = SqlStore::connect(&format!("sqlite://{}", path.display()), 2)
        .await
        .unwrap();
    store.migrate().await.unwrap();
    assert_eq!(store.backend(), Backend::Sqlite);
    assert!(path.exists());
    store.close().await;
}

#[tokio::test]
async fn sqlite_file_runs_in_wal_mode() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("wal.db").display());
    let store = SqlStore::connect(&url, 2).await.unwrap();
    store.migrate().await.unwrap();
    // WAL is a property of the file, so a fresh connection sees it.
    let mut conn = <sqlx::SqliteConnection as Connection>::connect(&url)
        .await
        .unwrap();
    let mode: String = sqlx::query("pragma journal_mode")
        .fetch_one(&mut conn)
        .await
        .unwrap()
        .get(0);
    assert_eq!(mode, "wal");
    store.close().await;
}

#[tokio::test]
async fn reports_unwritable_sqlite_path_as_error() {
    let err = SqlStore::connect("sqlite:/proc/no-such-dir/x.db", 1)
        .await
        .unwrap_err();
    assert!(!err.to_string().is_empty());
    assert!(SqlStore::connect("mysql://localhost/x", 1).await.is_err());
}

#[tokio::test]
async fn claims_jobs_once_and_retries_with_lease() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("jobs.db").display());
    let store = SqlStore::connect(&url, 2).await.unwrap();
    store.migrate().await.unwrap();
    let now = chrono::Utc::now();
    let id = store
        .enqueue_job("k", "p", Some("once"), now, 8)
        .await
        .unwrap();
    assert_eq!(
        store
            .enqueue_job("k", "p", Some("once"), now, 8)
            .await
            .unwrap(),
        id,
        "deduplicated"
    );
    let job = store.claim_job(now, 60).await.unwrap().expect("a due job");
    assert_eq!((job.id, job.attempts), (id, 1));
    assert!(store.claim_job(now, 60).await.unwrap().is_none(), "leased");
    assert!(store.retry_job(&job, "boom", now).await.unwrap());
    let again = store.claim_job(now, 60).await.unwrap().expect("due again");
    assert_eq!(again.attempts, 2);
    assert!(store.finish_job(&again, now).await.unwrap());
    assert!(
        store
            .claim_job(now + chrono::Duration::hours(1), 60)
            .await
            .unwrap()
            .is_none()
    );
    assert!(store.job(id).await.unwrap().unwrap().done_at.is_some());
}

/// Backups restore tables in the order of their list: every table a
/// foreign key points to comes earlier, and a key to the table itself is
/// declared as its `self_ref` (restored once both rows exist).
#[tokio::test]
async fn backup_tables_come_after_the_tables_they_refer_to() {
    let db = TestDb::open(Backend::Sqlite).await.unwrap();
    let mut conn = AnyConnection::connect(&db.url).await.unwrap();
    let tables = beitrag_store::backup::TABLES;
    let mut seen = 0;
    for (at, table) in tables.iter().enumerate() {
        let keys = sqlx::query(
            "select \"table\" as parent, \"from\" as col from pragma_foreign_key_list($1)",
        )
        .bind(table.name)
        .fetch_all(&mut conn)
        .await
        .unwrap();
        for key in keys {
            seen += 1;
            let parent: String = key.try_get("parent").unwrap();
            let col: String = key.try_get("col").unwrap();
            if parent == table.name {
                assert_eq!(table.self_ref, Some(col.as_str()), "{}.{col}", table.name);
                continue;
            }
            let before = tables[..at].iter().any(|t| t.name == parent);
            assert!(before, "{} refers to {parent}, listed later", table.name);
        }
    }
    assert!(seen >= 10, "the keys were read: {seen}");
    conn.close().await.unwrap();
    db.finish().await;
}
