//! The durable job queue. Claiming is one `update … returning` statement;
//! on PostgreSQL `for update skip locked` lets several instances claim in
//! parallel, while SQLite serialises writers anyway.

use beitrag_core::model::{Comment, CommentId, CommentKind, Job, JobId, JobState, PostId};
use chrono::{DateTime, Utc};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::exec::{Db, query};
use crate::rows::{comment_from_row, secs};
use crate::sql::comment_columns;

fn job_from_row(row: &AnyRow) -> Result<Job, sqlx::Error> {
    Ok(Job {
        id: JobId(row.try_get("id")?),
        kind: row.try_get("kind")?,
        payload: row.try_get("payload")?,
        attempts: row.try_get("attempts")?,
        max_attempts: row.try_get("max_attempts")?,
    })
}

/// Queues a job (idempotent per dedupe key).
pub(crate) async fn enqueue(
    db: &mut Db<'_>,
    kind: &str,
    payload: &str,
    dedupe_key: Option<&str>,
    run_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<JobId, sqlx::Error> {
    // `do update` with a no-op assignment, so `returning` yields the existing id.
    let row = db
        .one(
            query(
                "insert into jobs (kind, payload, dedupe_key, run_at, created_at) values ($1, $2, $3, $4, $5) \
                 on conflict (dedupe_key) do update set dedupe_key = excluded.dedupe_key returning id",
            )
            .bind(kind.to_owned())
            .bind(payload.to_owned())
            .bind(dedupe_key.map(str::to_owned))
            .bind(secs(run_at))
            .bind(secs(now)),
        )
        .await?;
    Ok(JobId(row.try_get("id")?))
}

const CLAIM_SQLITE: &str = "update jobs set locked_until = $2, attempts = attempts + 1 where id = \
     (select id from jobs where done_at is null and run_at <= $1 and attempts < max_attempts \
      and (locked_until is null or locked_until < $1) order by run_at, id limit 1) \
     returning id, kind, payload, attempts, max_attempts";

const CLAIM_POSTGRES: &str = "update jobs set locked_until = $2, attempts = attempts + 1 where id = \
     (select id from jobs where done_at is null and run_at <= $1 and attempts < max_attempts \
      and (locked_until is null or locked_until < $1) order by run_at, id limit 1 for update skip locked) \
     returning id, kind, payload, attempts, max_attempts";

/// Claims the next due job.
pub(crate) async fn claim(
    db: &mut Db<'_>,
    backend: &str,
    now: DateTime<Utc>,
    lease: i64,
) -> Result<Option<Job>, sqlx::Error> {
    let sql = if backend == "postgres" {
        CLAIM_POSTGRES
    } else {
        CLAIM_SQLITE
    };
    let row = db
        .optional(query(sql).bind(secs(now)).bind(secs(now) + lease.max(1)))
        .await?;
    row.as_ref().map(job_from_row).transpose()
}

/// Marks a job done.
pub(crate) async fn finish(
    db: &mut Db<'_>,
    id: JobId,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    db.execute(
        query("update jobs set done_at = $2, locked_until = null where id = $1")
            .bind(id.0)
            .bind(secs(now)),
    )
    .await?;
    Ok(())
}

/// Releases a job for a later attempt.
pub(crate) async fn retry(
    db: &mut Db<'_>,
    id: JobId,
    error: &str,
    run_at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    db.execute(
        query("update jobs set locked_until = null, last_error = $2, run_at = $3 where id = $1")
            .bind(id.0)
            .bind(error.chars().take(500).collect::<String>())
            .bind(secs(run_at)),
    )
    .await?;
    Ok(())
}

/// A job's state.
pub(crate) async fn state(db: &mut Db<'_>, id: JobId) -> Result<Option<JobState>, sqlx::Error> {
    let row = db
        .optional(
            query("select id, kind, payload, attempts, max_attempts, done_at, last_error from jobs where id = $1")
                .bind(id.0),
        )
        .await?;
    let Some(row) = row else { return Ok(None) };
    let done: Option<i64> = row.try_get("done_at")?;
    Ok(Some(JobState {
        job: job_from_row(&row)?,
        done_at: done.and_then(|s| DateTime::from_timestamp(s, 0)),
        last_error: row.try_get("last_error")?,
    }))
}

/// A post's linkback of `kind` from `source`.
pub(crate) async fn by_source(
    db: &mut Db<'_>,
    post: PostId,
    kind: CommentKind,
    source: &str,
) -> Result<Option<Comment>, sqlx::Error> {
    let row = db
        .optional(
            query(concat!(
                "select ",
                comment_columns!(),
                " from comments c where c.post_id = $1 and c.kind = $2 and c.source_url = $3 order by c.id limit 1"
            ))
            .bind(post.0)
            .bind(kind.as_str())
            .bind(source.to_owned()),
        )
        .await?;
    row.as_ref().map(comment_from_row).transpose()
}

/// Updates what a linkback shows.
pub(crate) async fn update_linkback(
    db: &mut Db<'_>,
    id: CommentId,
    author_name: &str,
    author_url: &str,
    html: &str,
    source_title: &str,
) -> Result<(), sqlx::Error> {
    db.execute(
        query("update comments set author_name = $2, author_url = $3, html = $4, source_title = $5 where id = $1")
            .bind(id.0)
            .bind(author_name.to_owned())
            .bind(author_url.to_owned())
            .bind(html.to_owned())
            .bind(source_title.to_owned()),
    )
    .await?;
    Ok(())
}
