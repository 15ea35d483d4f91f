//! Jobs of the durable queue.

use chrono::{DateTime, Utc};

/// Primary key of a job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct JobId(pub i64);

/// A claimed job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    /// Primary key.
    pub id: JobId,
    /// What to do, e.g. `webmention.verify`.
    pub kind: String,
    /// Its input (kind-specific text, usually JSON).
    pub payload: String,
    /// Attempts so far, this one included.
    pub attempts: i64,
    /// Attempts allowed.
    pub max_attempts: i64,
}

/// The state of a job, for status pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobState {
    /// The job.
    pub job: Job,
    /// When it finished, if it did.
    pub done_at: Option<DateTime<Utc>>,
    /// The last failure.
    pub last_error: String,
}
