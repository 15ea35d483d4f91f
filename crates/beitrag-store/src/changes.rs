//! The change log (`changes` table) and, on PostgreSQL, the `LISTEN`
//! connection that wakes followers as soon as another process commits a
//! change. Notifications are only a shortcut: followers poll the table
//! anyway, so a lost connection delays nothing beyond the poll interval.

use std::time::Duration;

use chrono::{DateTime, Utc};
use sqlx::Row;
use sqlx::postgres::PgListener;

use crate::exec::{Db, dynamic, query};
use crate::rows::secs;

/// The channel writers notify on PostgreSQL.
const CHANNEL: &str = "beitrag_changes";

/// Appends topics; returns the last id.
pub(crate) async fn record(
    db: &mut Db<'_>,
    topics: &[String],
    now: DateTime<Utc>,
    notify: bool,
) -> Result<i64, sqlx::Error> {
    let mut last = 0;
    for topic in topics {
        let row = db
            .one(
                query("insert into changes (topic, at) values ($1, $2) returning id")
                    .bind(topic.clone())
                    .bind(secs(now)),
            )
            .await?;
        last = row.try_get("id")?;
    }
    if notify {
        // Delivered when the transaction commits.
        db.execute(dynamic(format!("select pg_notify('{CHANNEL}', '')")))
            .await?;
    }
    Ok(last)
}

/// The newest id.
pub(crate) async fn last(db: &mut Db<'_>) -> Result<i64, sqlx::Error> {
    let row = db
        .one(query("select coalesce(max(id), 0) as id from changes"))
        .await?;
    row.try_get("id")
}

/// Changes after `after`.
pub(crate) async fn since(
    db: &mut Db<'_>,
    after: i64,
    limit: i64,
) -> Result<Vec<(i64, String)>, sqlx::Error> {
    let rows = db
        .all(
            query("select id, topic from changes where id > $1 order by id limit $2 + 0")
                .bind(after)
                .bind(limit.max(1)),
        )
        .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("id")?, r.try_get("topic")?)))
        .collect()
}

/// Deletes changes older than `before`.
pub(crate) async fn prune(db: &mut Db<'_>, before: DateTime<Utc>) -> Result<u64, sqlx::Error> {
    db.execute(query("delete from changes where at < $1").bind(secs(before)))
        .await
}

/// Waits for notifications on PostgreSQL; on SQLite there is nothing to
/// listen to and [`Listener::wait`] just sleeps.
pub(crate) struct Listener {
    url: Option<String>,
    conn: tokio::sync::Mutex<Option<PgListener>>,
}

impl std::fmt::Debug for Listener {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Listener")
            .field("listens", &self.url.is_some())
            .finish_non_exhaustive()
    }
}

impl Listener {
    /// A listener for the PostgreSQL server at `url`, or none.
    pub(crate) fn new(url: Option<String>) -> Self {
        Self {
            url,
            conn: tokio::sync::Mutex::new(None),
        }
    }

    /// Returns on a notification or after `timeout`.
    pub(crate) async fn wait(&self, timeout: Duration) {
        let Some(url) = &self.url else {
            tokio::time::sleep(timeout).await;
            return;
        };
        let mut conn = self.conn.lock().await;
        if conn.is_none() {
            match PgListener::connect(url).await {
                Ok(mut l) => match l.listen(CHANNEL).await {
                    Ok(()) => *conn = Some(l),
                    Err(e) => tracing::debug!(error = %e, "cannot listen for changes"),
                },
                Err(e) => tracing::debug!(error = %e, "cannot connect to listen for changes"),
            }
        }
        let Some(listener) = conn.as_mut() else {
            drop(conn);
            tokio::time::sleep(timeout).await;
            return;
        };
        match tokio::time::timeout(timeout, listener.try_recv()).await {
            Ok(Ok(Some(_))) | Err(_) => {}
            // The connection was lost (notifications meanwhile are gone;
            // the caller's poll finds their changes). Connect afresh next time.
            Ok(Ok(None)) | Ok(Err(_)) => *conn = None,
        }
    }
}
