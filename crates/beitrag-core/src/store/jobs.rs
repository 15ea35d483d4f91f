//! The durable job queue. The store keeps a job's kind and payload as text;
//! `crate::job::Job` turns them into typed values.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::StoreResult;
use crate::model::{JobId, JobRow, JobState, JobStatus};

/// Which jobs [`JobReads::jobs`] lists.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JobFilter {
    /// Only jobs in this state; all when `None`.
    pub status: Option<JobStatus>,
    /// Rows to return, newest first.
    pub limit: i64,
}

/// Reading the queue.
#[async_trait]
pub trait JobReads: Send + Sync {
    /// A job's state, for status URLs and the CLI.
    async fn job(&self, id: JobId) -> StoreResult<Option<JobState>>;
    /// Jobs, newest first.
    async fn jobs(&self, filter: &JobFilter, now: DateTime<Utc>) -> StoreResult<Vec<JobState>>;
    /// Unfinished jobs by kind, for monitoring: only rows not done yet are
    /// read, so the cost follows the backlog, not the queue's history.
    async fn job_backlog(&self, now: DateTime<Utc>) -> StoreResult<Vec<JobBacklog>>;
    /// Jobs finished at or after `since`, by kind and outcome (`done`,
    /// `failed`, `cancelled`): deliveries and their results, for monitoring.
    async fn jobs_finished_since(&self, since: DateTime<Utc>) -> StoreResult<Vec<JobOutcomes>>;
}

/// How many jobs of one kind ended one way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobOutcomes {
    /// Job kind.
    pub kind: String,
    /// `done`, `failed` or `cancelled`.
    pub outcome: String,
    /// How many.
    pub count: i64,
}

/// The unfinished jobs of one kind in one state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobBacklog {
    /// Job kind, e.g. `linkback.send`.
    pub kind: String,
    /// `queued`, `running` or `failed` (out of attempts, never finished).
    pub status: JobStatus,
    /// How many.
    pub count: i64,
    /// When the longest-waiting of them was due.
    pub oldest_due: DateTime<Utc>,
}

/// Changing the queue.
#[async_trait]
pub trait JobWrites: Send + Sync {
    /// Queues a job to run at `run_at`; with a `dedupe_key` already queued,
    /// nothing is added and the existing job's id is returned.
    async fn enqueue_job(
        &self,
        kind: &str,
        payload: &str,
        dedupe_key: Option<&str>,
        run_at: DateTime<Utc>,
        max_attempts: i64,
    ) -> StoreResult<JobId>;
    /// Claims the next due job for `lease_seconds` (other workers skip it).
    async fn claim_job(
        &self,
        now: DateTime<Utc>,
        lease_seconds: i64,
    ) -> StoreResult<Option<JobRow>>;
    /// Marks a claimed job done; `false` (and nothing written) when the
    /// claim is no longer this worker's: its lease ran out and another
    /// worker claimed the job.
    async fn finish_job(&self, job: &JobRow, now: DateTime<Utc>) -> StoreResult<bool>;
    /// Extends the lease of a claim still held to `until` (the worker's
    /// heartbeat while a job runs); `false` when the claim was lost. On
    /// success the caller's claim now ends at `until`.
    async fn extend_job(&self, job: &JobRow, until: DateTime<Utc>) -> StoreResult<bool>;
    /// Releases a claimed job to run again at `run_at` (or never, once its
    /// attempts are used up: then it is failed), recording why it failed;
    /// `false` when the claim was lost.
    async fn retry_job(
        &self,
        job: &JobRow,
        error: &str,
        run_at: DateTime<Utc>,
    ) -> StoreResult<bool>;
    /// Ends a claimed job as failed for good, keeping the reason for
    /// inspection; `false` when the claim was lost.
    async fn fail_job(&self, job: &JobRow, error: &str, now: DateTime<Utc>) -> StoreResult<bool>;
    /// Queues a failed or cancelled job again, now, with fresh attempts;
    /// `false` when there is no such job or it is queued, running or done.
    async fn requeue_job(&self, id: JobId, now: DateTime<Utc>) -> StoreResult<bool>;
    /// Cancels a queued job; `false` when there is no such job or it is
    /// running or over.
    async fn cancel_job(&self, id: JobId, now: DateTime<Utc>) -> StoreResult<bool>;
}
