//! The job queue: `beitrag_core::store` traits for [`SqlStore`].

use async_trait::async_trait;
use beitrag_core::model::{JobId, JobRow, JobState};
use beitrag_core::store::{JobBacklog, JobFilter, JobOutcomes, JobReads, JobWrites, StoreResult};
use chrono::{DateTime, Utc};

use crate::error::map;
use crate::exec::Db;
use crate::jobs;
use crate::store::{SqlStore, exclusive, read};

#[async_trait]
impl JobReads for SqlStore {
    async fn job(&self, id: JobId) -> StoreResult<Option<JobState>> {
        read!(self, jobs::state, id)
    }

    async fn jobs(&self, filter: &JobFilter, now: DateTime<Utc>) -> StoreResult<Vec<JobState>> {
        read!(self, jobs::list, filter, now)
    }
    async fn job_backlog(&self, now: DateTime<Utc>) -> StoreResult<Vec<JobBacklog>> {
        read!(self, jobs::backlog, now)
    }
    async fn jobs_finished_since(&self, since: DateTime<Utc>) -> StoreResult<Vec<JobOutcomes>> {
        read!(self, jobs::finished_since, since)
    }
}

#[async_trait]
impl JobWrites for SqlStore {
    async fn enqueue_job(
        &self,
        kind: &str,
        payload: &str,
        dedupe_key: Option<&str>,
        run_at: DateTime<Utc>,
        max_attempts: i64,
    ) -> StoreResult<JobId> {
        let now = Utc::now();
        exclusive!(
            self,
            jobs::enqueue,
            kind,
            payload,
            dedupe_key,
            run_at,
            max_attempts,
            now
        )
    }

    async fn claim_job(
        &self,
        now: DateTime<Utc>,
        lease_seconds: i64,
    ) -> StoreResult<Option<JobRow>> {
        let backend = self.backend;
        exclusive!(self, jobs::claim, backend, now, lease_seconds)
    }

    async fn finish_job(&self, job: &JobRow, now: DateTime<Utc>) -> StoreResult<bool> {
        exclusive!(self, jobs::finish, job, now)
    }

    async fn extend_job(&self, job: &JobRow, until: DateTime<Utc>) -> StoreResult<bool> {
        exclusive!(self, jobs::extend, job, until)
    }

    async fn retry_job(
        &self,
        job: &JobRow,
        error: &str,
        run_at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        exclusive!(self, jobs::retry, job, error, run_at)
    }

    async fn fail_job(&self, job: &JobRow, error: &str, now: DateTime<Utc>) -> StoreResult<bool> {
        exclusive!(self, jobs::fail, job, error, now)
    }

    async fn requeue_job(&self, id: JobId, now: DateTime<Utc>) -> StoreResult<bool> {
        exclusive!(self, jobs::requeue, id, now)
    }

    async fn cancel_job(&self, id: JobId, now: DateTime<Utc>) -> StoreResult<bool> {
        exclusive!(self, jobs::cancel, id, now)
    }
}
