//! Jobs of the durable queue, as the store keeps them. The typed view of a
//! job's work is [`crate::job::Job`].

use chrono::{DateTime, Utc};

/// Primary key of a job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct JobId(pub i64);

/// A job as stored: its kind and payload are text until
/// [`crate::job::Job::decode`] reads them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobRow {
    /// Primary key.
    pub id: JobId,
    /// What to do, e.g. `webmention.verify`.
    pub kind: String,
    /// Its input: versioned JSON.
    pub payload: String,
    /// Attempts so far, this one included.
    pub attempts: i64,
    /// Attempts allowed.
    pub max_attempts: i64,
    /// When the lease of the claim that returned this row ends (`None` for
    /// a row read, not claimed). With the id it names the claim: a new
    /// claim needs the old lease to have ended and sets a later one, so a
    /// worker whose lease was taken over can no longer write the job.
    pub leased_until: Option<DateTime<Utc>>,
}

/// Where a job stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JobStatus {
    /// Waiting for its time or for a worker.
    Queued,
    /// Claimed by a worker whose lease has not run out.
    Running,
    /// Finished.
    Done,
    /// Given up: its attempts are used up or it can never succeed.
    Failed,
    /// Cancelled by an operator.
    Cancelled,
}

impl JobStatus {
    /// Every status, for listings and parsing.
    pub const ALL: [Self; 5] = [
        Self::Queued,
        Self::Running,
        Self::Done,
        Self::Failed,
        Self::Cancelled,
    ];

    /// The lowercase word.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Running => "running",
            Self::Done => "done",
            Self::Failed => "failed",
            Self::Cancelled => "cancelled",
        }
    }
}

impl std::fmt::Display for JobStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for JobStatus {
    type Err = crate::Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|v| v.as_str() == s)
            .ok_or_else(|| {
                crate::Error::invalid("status", crate::message::texts::JOB_STATUS.with("value", s))
            })
    }
}

/// A job with its history, for status pages and the CLI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobState {
    /// The job.
    pub job: JobRow,
    /// Where it stands.
    pub status: JobStatus,
    /// When it was queued.
    pub created_at: DateTime<Utc>,
    /// When it runs (next).
    pub run_at: DateTime<Utc>,
    /// When it ended (done, failed or cancelled), if it did.
    pub done_at: Option<DateTime<Utc>>,
    /// The last failure.
    pub last_error: String,
}
