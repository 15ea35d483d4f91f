//! The durable job queue. Claiming is one `update … returning` statement;
//! on PostgreSQL `for update skip locked` lets several instances claim in
//! parallel, while SQLite serialises writers anyway.

use beitrag_core::model::{JobId, JobRow, JobState, JobStatus};
use beitrag_core::store::{Backend, JobBacklog, JobFilter, JobOutcomes};
use chrono::{DateTime, Utc};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::exec::{Db, query};
use crate::rows::secs;

fn job_from_row(row: &AnyRow) -> Result<JobRow, sqlx::Error> {
    Ok(JobRow {
        id: JobId(row.try_get("id")?),
        kind: row.try_get("kind")?,
        payload: row.try_get("payload")?,
        attempts: row.try_get("attempts")?,
        max_attempts: row.try_get("max_attempts")?,
        leased_until: row
            .try_get::<Option<i64>, _>("locked_until")?
            .and_then(|s| DateTime::from_timestamp(s, 0)),
    })
}

/// Queues a job (idempotent per dedupe key).
pub(crate) async fn enqueue(
    db: &mut Db<'_>,
    kind: &str,
    payload: &str,
    dedupe_key: Option<&str>,
    run_at: DateTime<Utc>,
    max_attempts: i64,
    now: DateTime<Utc>,
) -> Result<JobId, sqlx::Error> {
    // `do update` with a no-op assignment, so `returning` yields the existing id.
    let row = db
        .one(
            query(
                "insert into jobs (kind, payload, dedupe_key, run_at, created_at, max_attempts) values ($1, $2, $3, $4, $5, $6) \
                 on conflict (dedupe_key) do update set dedupe_key = excluded.dedupe_key returning id",
            )
            .bind(kind.to_owned())
            .bind(payload.to_owned())
            .bind(dedupe_key.map(str::to_owned))
            .bind(secs(run_at))
            .bind(secs(now))
            .bind(max_attempts.max(1)),
        )
        .await?;
    Ok(JobId(row.try_get("id")?))
}

const CLAIM_SQLITE: &str = "update jobs set locked_until = $2, attempts = attempts + 1 where id = \
     (select id from jobs where done_at is null and run_at <= $1 and attempts < max_attempts \
      and (locked_until is null or locked_until < $1) order by run_at, id limit 1) \
     returning id, kind, payload, attempts, max_attempts, locked_until";

const CLAIM_POSTGRES: &str = "update jobs set locked_until = $2, attempts = attempts + 1 where id = \
     (select id from jobs where done_at is null and run_at <= $1 and attempts < max_attempts \
      and (locked_until is null or locked_until < $1) order by run_at, id limit 1 for update skip locked) \
     returning id, kind, payload, attempts, max_attempts, locked_until";

/// Claims the next due job.
pub(crate) async fn claim(
    db: &mut Db<'_>,
    backend: Backend,
    now: DateTime<Utc>,
    lease: i64,
) -> Result<Option<JobRow>, sqlx::Error> {
    let sql = if backend == Backend::Postgres {
        CLAIM_POSTGRES
    } else {
        CLAIM_SQLITE
    };
    let row = db
        .optional(query(sql).bind(secs(now)).bind(secs(now) + lease.max(1)))
        .await?;
    row.as_ref().map(job_from_row).transpose()
}

/// The claim `job` names, as bound parameters: its id and lease end.
/// Writes of a worker match both, so one whose lease another worker took
/// over changes nothing (see `JobRow::leased_until`).
fn claim_of(job: &JobRow) -> (i64, i64) {
    (job.id.0, job.leased_until.map_or(i64::MIN, secs))
}

/// Marks a claimed job done; `false` when the claim is no longer ours.
pub(crate) async fn finish(
    db: &mut Db<'_>,
    job: &JobRow,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let (id, lease) = claim_of(job);
    let n = db
        .execute(
            query(
                "update jobs set done_at = $3, locked_until = null, outcome = 'done' \
                 where id = $1 and locked_until = $2",
            )
            .bind(id)
            .bind(lease)
            .bind(secs(now)),
        )
        .await?;
    Ok(n > 0)
}

/// Extends a claim's lease to `until`; `false` when it is no longer ours.
pub(crate) async fn extend(
    db: &mut Db<'_>,
    job: &JobRow,
    until: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let (id, lease) = claim_of(job);
    let n = db
        .execute(
            query("update jobs set locked_until = $3 where id = $1 and locked_until = $2 and done_at is null")
                .bind(id)
                .bind(lease)
                .bind(secs(until)),
        )
        .await?;
    Ok(n > 0)
}

/// Releases a claimed job for a later attempt; `false` when the claim is
/// no longer ours.
pub(crate) async fn retry(
    db: &mut Db<'_>,
    job: &JobRow,
    error: &str,
    run_at: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let (id, lease) = claim_of(job);
    let n = db
        .execute(
            query(
                "update jobs set locked_until = null, last_error = $3, run_at = $4, \
                 outcome = case when attempts >= max_attempts then 'failed' else outcome end, \
                 done_at = case when attempts >= max_attempts then $4 else done_at end \
                 where id = $1 and locked_until = $2",
            )
            .bind(id)
            .bind(lease)
            .bind(error.chars().take(500).collect::<String>())
            .bind(secs(run_at)),
        )
        .await?;
    Ok(n > 0)
}

/// Ends a claimed job as failed, keeping the reason; `false` when the
/// claim is no longer ours.
pub(crate) async fn fail(
    db: &mut Db<'_>,
    job: &JobRow,
    error: &str,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let (id, lease) = claim_of(job);
    let n = db
        .execute(
            query(
                "update jobs set locked_until = null, last_error = $3, done_at = $4, outcome = 'failed' \
                 where id = $1 and locked_until = $2",
            )
            .bind(id)
            .bind(lease)
            .bind(error.chars().take(500).collect::<String>())
            .bind(secs(now)),
        )
        .await?;
    Ok(n > 0)
}

/// Queues a failed or cancelled job again with fresh attempts.
pub(crate) async fn requeue(
    db: &mut Db<'_>,
    id: JobId,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let n = db
        .execute(
            query(
                "update jobs set done_at = null, outcome = '', attempts = 0, locked_until = null, run_at = $2 \
                 where id = $1 and (outcome in ('failed', 'cancelled') \
                 or (done_at is null and attempts >= max_attempts))",
            )
            .bind(id.0)
            .bind(secs(now)),
        )
        .await?;
    Ok(n > 0)
}

/// Cancels a queued job (not one a worker holds).
pub(crate) async fn cancel(
    db: &mut Db<'_>,
    id: JobId,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let n = db
        .execute(
            query(
                "update jobs set done_at = $2, outcome = 'cancelled' \
                 where id = $1 and done_at is null and attempts < max_attempts \
                 and (locked_until is null or locked_until < $2)",
            )
            .bind(id.0)
            .bind(secs(now)),
        )
        .await?;
    Ok(n > 0)
}

const STATE_COLUMNS: &str = "id, kind, payload, attempts, max_attempts, done_at, last_error, outcome, run_at, created_at, locked_until";

fn state_from_row(row: &AnyRow, now: i64) -> Result<JobState, sqlx::Error> {
    let time = |col: &str| -> Result<Option<DateTime<Utc>>, sqlx::Error> {
        Ok(row
            .try_get::<Option<i64>, _>(col)?
            .and_then(|s| DateTime::from_timestamp(s, 0)))
    };
    let job = job_from_row(row)?;
    let outcome: String = row.try_get("outcome")?;
    let done_at = time("done_at")?;
    let locked: Option<i64> = row.try_get("locked_until")?;
    let status = match outcome.as_str() {
        "failed" => JobStatus::Failed,
        "cancelled" => JobStatus::Cancelled,
        _ if done_at.is_some() => JobStatus::Done,
        _ if job.attempts >= job.max_attempts => JobStatus::Failed,
        _ if locked.is_some_and(|l| l >= now) => JobStatus::Running,
        _ => JobStatus::Queued,
    };
    Ok(JobState {
        status,
        created_at: time("created_at")?.unwrap_or_default(),
        run_at: time("run_at")?.unwrap_or_default(),
        done_at,
        last_error: row.try_get("last_error")?,
        job,
    })
}

/// A job's state.
pub(crate) async fn state(db: &mut Db<'_>, id: JobId) -> Result<Option<JobState>, sqlx::Error> {
    let row = db
        .optional(
            crate::exec::dynamic(format!("select {STATE_COLUMNS} from jobs where id = $1"))
                .bind(id.0),
        )
        .await?;
    let now = Utc::now().timestamp();
    row.as_ref().map(|r| state_from_row(r, now)).transpose()
}

/// Jobs, newest first, optionally of one status.
pub(crate) async fn list(
    db: &mut Db<'_>,
    filter: &JobFilter,
    now: DateTime<Utc>,
) -> Result<Vec<JobState>, sqlx::Error> {
    // Each status as a condition on the columns `state_from_row` reads.
    let condition = match filter.status {
        None => "1 = 1",
        Some(JobStatus::Done) => "outcome = 'done'",
        Some(JobStatus::Cancelled) => "outcome = 'cancelled'",
        Some(JobStatus::Failed) => {
            "(outcome = 'failed' or (done_at is null and attempts >= max_attempts))"
        }
        Some(JobStatus::Running) => {
            "(done_at is null and attempts < max_attempts and locked_until >= $2)"
        }
        Some(JobStatus::Queued) => {
            "(done_at is null and attempts < max_attempts and (locked_until is null or locked_until < $2))"
        }
    };
    let sql = format!(
        "select {STATE_COLUMNS} from jobs where {condition} and $2 = $2 order by id desc limit $1 + 0"
    );
    let rows = db
        .all(
            crate::exec::dynamic(sql)
                .bind(filter.limit.clamp(1, 10_000))
                .bind(secs(now)),
        )
        .await?;
    rows.iter().map(|r| state_from_row(r, secs(now))).collect()
}

/// Unfinished jobs by kind and state (see `JobReads::job_backlog`); the
/// states are those `state_from_row` gives unfinished rows.
pub(crate) async fn backlog(
    db: &mut Db<'_>,
    now: DateTime<Utc>,
) -> Result<Vec<JobBacklog>, sqlx::Error> {
    let rows = db
        .all(
            crate::exec::query(
                "select kind, case when attempts >= max_attempts then 'failed' \
             when locked_until >= $1 then 'running' else 'queued' end as state, \
             count(*) as n, min(run_at) as oldest from jobs where done_at is null \
             group by kind, state order by kind, state",
            )
            .bind(secs(now)),
        )
        .await?;
    rows.iter()
        .map(|r| {
            let status = match r.try_get::<String, _>("state")?.as_str() {
                "failed" => JobStatus::Failed,
                "running" => JobStatus::Running,
                _ => JobStatus::Queued,
            };
            Ok(JobBacklog {
                kind: r.try_get("kind")?,
                status,
                count: r.try_get("n")?,
                oldest_due: DateTime::from_timestamp(r.try_get("oldest")?, 0).unwrap_or_default(),
            })
        })
        .collect()
}

/// Jobs finished since `since` by kind and outcome; the `done_at` index
/// bounds the rows read to that window.
pub(crate) async fn finished_since(
    db: &mut Db<'_>,
    since: DateTime<Utc>,
) -> Result<Vec<JobOutcomes>, sqlx::Error> {
    let rows = db
        .all(
            query(
                "select kind, outcome, count(*) as n from jobs where done_at >= $1 \
                 group by kind, outcome order by kind, outcome",
            )
            .bind(secs(since)),
        )
        .await?;
    rows.iter()
        .map(|r| {
            Ok(JobOutcomes {
                kind: r.try_get("kind")?,
                outcome: r.try_get("outcome")?,
                count: r.try_get("n")?,
            })
        })
        .collect()
}
