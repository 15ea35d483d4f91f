//! The job queue's operations: services queue typed [`Job`]s; the workers
//! (`beitrag-jobs`) claim them and record how each attempt ended; the
//! operator lists, retries and cancels them.

use crate::message::texts;
use chrono::{DateTime, Utc};

use crate::actor::Actor;
use crate::change::Change;
use crate::job::Job;
use crate::model::{JobId, JobRow, JobState};
use crate::service::access::Capability;
use crate::store::JobFilter;
use crate::{Core, Error, Result};

/// Queues `job` to run at `run_at` and wakes this process's workers; with a
/// `dedupe_key` that is already queued nothing is added and the existing
/// job's id is returned.
pub async fn enqueue(
    core: &Core,
    job: &Job,
    dedupe_key: Option<&str>,
    run_at: DateTime<Utc>,
) -> Result<JobId> {
    let id = core
        .store()
        .enqueue_job(
            job.kind(),
            &job.payload(),
            dedupe_key,
            run_at,
            job.retry_policy().max_attempts,
        )
        .await?;
    core.publish(&[Change::Jobs]).await;
    Ok(id)
}

/// Claims the next due job for `lease_seconds`; other workers, in this
/// process or another, skip it until the lease ends.
pub async fn claim(core: &Core, now: DateTime<Utc>, lease_seconds: i64) -> Result<Option<JobRow>> {
    Ok(core.store().claim_job(now, lease_seconds).await?)
}

/// How an attempt ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Done.
    Done,
    /// Failed for now: try again after the kind's backoff.
    Retry(String),
    /// Can never succeed: failed for good, reason kept.
    Fail(String),
}

/// Keeps a claim alive while its job runs: moves the lease's end to
/// `lease_seconds` from now. `false` when the claim was lost (its lease ran
/// out and another worker took the job); then `row` is left as it was.
pub async fn extend(core: &Core, row: &mut JobRow, lease_seconds: i64) -> Result<bool> {
    let until = Utc::now() + chrono::Duration::seconds(lease_seconds.max(1));
    if !core.store().extend_job(row, until).await? {
        return Ok(false);
    }
    // The store keeps whole seconds; the claim is named by what it keeps.
    row.leased_until = DateTime::from_timestamp(until.timestamp(), 0);
    Ok(true)
}

/// Records how an attempt of a claimed job ended. `false` when nothing was
/// written because the claim is no longer ours: another worker claimed
/// the job after this one's lease ran out, and its outcome is the one
/// that counts (so a job is never marked done by a worker that lost it).
pub async fn record(
    core: &Core,
    row: &JobRow,
    job: Option<&Job>,
    outcome: &Outcome,
) -> Result<bool> {
    let store = core.store();
    let now = Utc::now();
    let written = match outcome {
        Outcome::Done => store.finish_job(row, now).await?,
        Outcome::Retry(why) => {
            let run_at = match job {
                Some(job) => job.retry_policy().next_run(row.attempts, now),
                None => now,
            };
            store.retry_job(row, why, run_at).await?
        }
        Outcome::Fail(why) => store.fail_job(row, why, now).await?,
    };
    Ok(written)
}

/// Jobs for the operator, newest first.
pub async fn list(core: &Core, actor: &Actor, filter: &JobFilter) -> Result<Vec<JobState>> {
    actor.require(Capability::ManageSettings)?;
    Ok(core.read().jobs(filter, Utc::now()).await?)
}

/// Queues a failed or cancelled job again, now, with fresh attempts.
/// `NotFound` when there is no such job, `Invalid` when it is queued,
/// running or done.
pub async fn retry(core: &Core, actor: &Actor, id: JobId) -> Result<()> {
    actor.require(Capability::ManageSettings)?;
    if core.read().job(id).await?.is_none() {
        return Err(Error::NotFound);
    }
    if !core.store().requeue_job(id, Utc::now()).await? {
        return Err(Error::invalid("id", texts::RETRY_ONLY));
    }
    core.publish(&[Change::Jobs]).await;
    Ok(())
}

/// Cancels a queued job. `NotFound` when there is no such job, `Invalid`
/// when it is running or over.
pub async fn cancel(core: &Core, actor: &Actor, id: JobId) -> Result<()> {
    actor.require(Capability::ManageSettings)?;
    if core.read().job(id).await?.is_none() {
        return Err(Error::NotFound);
    }
    if !core.store().cancel_job(id, Utc::now()).await? {
        return Err(Error::invalid("id", texts::CANCEL_ONLY));
    }
    Ok(())
}
