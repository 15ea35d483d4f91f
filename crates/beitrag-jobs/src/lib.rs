//! The background jobs of beitrag: every [`Job`] kind has its handler here
//! (verify a received Webmention, send Webmentions, Pingbacks and
//! TrackBacks, publish a scheduled post, send notification mail, verify
//! and deliver WebSub subscriptions, mail email subscribers). Web
//! handlers and the CLI only queue jobs through `core::service::jobs`;
//! [`Worker`] claims them from the durable queue, up to `concurrency` at a
//! time, and records each outcome (retries with the kind's backoff, failed
//! jobs kept for `beitrag jobs list`).
//!
//! This crate talks to the database only through [`Core`] and its
//! services; every outbound request goes through `beitrag-outbound`.

mod federation;
mod followers;
mod linkbacks;
mod mail;
mod notify;
mod site;
mod webmention;
mod websub;

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use beitrag_core::change::{Change, ChangeListener};
use beitrag_core::job::Job;
use beitrag_core::model::JobRow;
use beitrag_core::service::jobs::{self, Outcome};
use beitrag_core::{Core, Result};
use chrono::Utc;

pub use mail::Mailer;

/// Interface texts in the site's language (the web layer's catalogs), for
/// the mail the jobs send.
pub trait Texts: Send + Sync {
    /// The message `key` in `lang` with its arguments filled in.
    fn text(&self, lang: &str, key: &str, args: &[(&str, String)]) -> String;
}

/// The feeds as readers get them, from the web layer (which alone knows
/// the site's paths and renders them): what the WebSub hub delivers.
#[async_trait::async_trait]
pub trait Feeds: Send + Sync {
    /// Absolute URLs of the post feeds that list `post` (the site's, its
    /// categories', tags' and author's, in every format).
    async fn topics(&self, post: beitrag_core::model::PostId) -> Vec<String>;
    /// The current document at a topic URL: its content type and body;
    /// `None` when the URL is not one of our post feeds, an error when it
    /// cannot be rendered now.
    async fn document(&self, topic: &str) -> Result<Option<(String, Vec<u8>)>, String>;
}

/// Seconds a claimed job is reserved for its worker unless
/// [`Worker::set_lease`] says otherwise (`[jobs] lease_seconds`).
pub const DEFAULT_LEASE: i64 = 120;

/// What the handlers need.
pub struct Worker {
    core: Core,
    outbound: beitrag_outbound::Client,
    mailer: Option<Mailer>,
    texts: Arc<dyn Texts>,
    feeds: std::sync::OnceLock<Arc<dyn Feeds>>,
    concurrency: usize,
    /// Seconds a claim lasts without a heartbeat: a worker that dies (or
    /// cannot reach the database) leaves its job to another once it passes.
    lease: AtomicI64,
    wakeup: tokio::sync::Notify,
}

impl std::fmt::Debug for Worker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Worker")
            .field("concurrency", &self.concurrency)
            .field("lease", &self.lease())
            .finish_non_exhaustive()
    }
}

/// Wakes the worker when this process queued work.
struct Wake(Arc<Worker>);

impl ChangeListener for Wake {
    fn changed(&self, changes: &[Change]) {
        if changes.contains(&Change::Jobs) {
            self.0.wakeup.notify_waiters();
        }
    }
}

impl Worker {
    /// A worker running up to `concurrency` jobs at once (at least one);
    /// it subscribes to the core's changes to wake when work is queued.
    pub fn new(
        core: Core,
        outbound: beitrag_outbound::Client,
        mailer: Option<Mailer>,
        texts: Arc<dyn Texts>,
        concurrency: usize,
    ) -> Arc<Self> {
        let worker = Arc::new(Self {
            core: core.clone(),
            outbound,
            mailer,
            texts,
            feeds: std::sync::OnceLock::new(),
            concurrency: concurrency.max(1),
            lease: AtomicI64::new(DEFAULT_LEASE),
            wakeup: tokio::sync::Notify::new(),
        });
        core.subscribe(Arc::new(Wake(worker.clone())));
        worker
    }

    /// Makes claims last `seconds` (at least 1) between heartbeats, from
    /// the next claim on (the wiring sets it from `[jobs] lease_seconds`).
    pub fn set_lease(&self, seconds: i64) {
        self.lease.store(seconds.max(1), Ordering::Relaxed);
    }

    fn lease(&self) -> i64 {
        self.lease.load(Ordering::Relaxed)
    }

    /// Gives the worker the feeds the WebSub hub delivers (set once, by
    /// the wiring, after the web state exists; later calls are ignored).
    pub fn set_feeds(&self, feeds: Arc<dyn Feeds>) {
        let _ = self.feeds.set(feeds);
    }

    /// Runs jobs until `shutdown` completes: `concurrency` loops that each
    /// claim a due job, handle it and record the outcome, plus the hourly
    /// erasure of old commenter addresses.
    pub async fn run(self: Arc<Self>, shutdown: impl Future<Output = ()>) {
        let (stop, _) = tokio::sync::watch::channel(false);
        let mut loops = tokio::task::JoinSet::new();
        for _ in 0..self.concurrency {
            let (worker, mut stopped) = (self.clone(), stop.subscribe());
            loops.spawn(async move {
                loop {
                    while worker.run_one().await {
                        if *stopped.borrow() {
                            return;
                        }
                    }
                    tokio::select! {
                        _ = stopped.changed() => return,
                        () = worker.wakeup.notified() => {}
                        () = tokio::time::sleep(Duration::from_millis(500)) => {}
                    }
                }
            });
        }
        let housekeeping = {
            let (worker, mut stopped) = (self.clone(), stop.subscribe());
            async move {
                loop {
                    worker.purge_addresses().await;
                    tokio::select! {
                        _ = stopped.changed() => return,
                        () = tokio::time::sleep(Duration::from_secs(3600)) => {}
                    }
                }
            }
        };
        loops.spawn(housekeeping);
        shutdown.await;
        let _ = stop.send(true);
        while loops.join_next().await.is_some() {}
    }

    /// Claims and handles one due job; `false` when there was none.
    pub async fn run_one(&self) -> bool {
        let mut row = match jobs::claim(&self.core, Utc::now(), self.lease()).await {
            Ok(Some(row)) => row,
            Ok(None) => return false,
            Err(e) => {
                tracing::warn!(error = %e, "cannot claim a job");
                return false;
            }
        };
        tracing::debug!(job = row.id.0, kind = %row.kind, attempt = row.attempts, "job claimed");
        let job = Job::decode(&row.kind, &row.payload);
        let outcome = match &job {
            Ok(job) => self.handle_leased(job, &mut row).await,
            Err(e) => Outcome::Fail(e.to_string()),
        };
        self.record(&row, job.as_ref().ok(), &outcome).await;
        true
    }

    /// Runs `job` while renewing its claim every third of the lease, so a
    /// job that takes longer than the lease is not taken over by another
    /// instance while this one is alive. A lost claim is only logged: the
    /// handler finishes, and `record` then writes nothing.
    async fn handle_leased(&self, job: &Job, row: &mut JobRow) -> Outcome {
        let lease = self.lease();
        let beat = Duration::from_millis(u64::try_from(lease).unwrap_or(1) * 1000 / 3);
        let handled = self.handle(job);
        tokio::pin!(handled);
        let mut lost = false;
        loop {
            tokio::select! {
                outcome = &mut handled => return outcome,
                () = tokio::time::sleep(beat), if !lost => {
                    match jobs::extend(&self.core, row, lease).await {
                        Ok(true) => {}
                        Ok(false) => {
                            lost = true;
                            tracing::warn!(job = row.id.0, kind = %row.kind, "lost the claim on a running job");
                        }
                        Err(e) => tracing::warn!(error = %e, job = row.id.0, "cannot renew a job's claim"),
                    }
                }
            }
        }
    }

    async fn record(&self, row: &JobRow, job: Option<&Job>, outcome: &Outcome) {
        match outcome {
            Outcome::Done => {}
            Outcome::Retry(why) => {
                tracing::info!(job = row.id.0, kind = %row.kind, attempt = row.attempts, %why, "job will be retried");
            }
            Outcome::Fail(why) => {
                tracing::info!(job = row.id.0, kind = %row.kind, %why, "job failed");
            }
        }
        match jobs::record(&self.core, row, job, outcome).await {
            // Which instance ran which job, for operators (and the
            // several-instances test) following a job through the logs.
            Ok(true) if *outcome == Outcome::Done => {
                tracing::debug!(job = row.id.0, kind = %row.kind, attempt = row.attempts, "job done");
            }
            Ok(true) => {}
            Ok(false) => {
                tracing::warn!(job = row.id.0, kind = %row.kind, "a job's outcome was not recorded: another worker claimed it after this one's lease ran out");
            }
            Err(e) => tracing::warn!(error = %e, job = row.id.0, "cannot record a job's outcome"),
        }
    }

    /// Runs one job's handler (tests call this directly).
    pub async fn handle(&self, job: &Job) -> Outcome {
        match job {
            Job::VerifyWebmention {
                post,
                source,
                target,
            } => webmention::verify(self, *post, source, target).await,
            Job::SendLinkbacks { post } => linkbacks::send_post(self, *post).await,
            Job::Ping { source, target, .. } => linkbacks::ping(self, source, target).await,
            Job::Trackback { post, target, .. } => linkbacks::trackback(self, *post, target).await,
            Job::PublishScheduled { post } => publish(self, *post).await,
            Job::MailComment { comment } => notify::comment(self, *comment).await,
            Job::MailReply { comment } => notify::reply(self, *comment).await,
            Job::MailPasswordReset { user } => notify::reset(self, *user).await,
            Job::FederatePost { post, verb, url } => {
                federation::post(self, *post, *verb, url.as_deref()).await
            }
            Job::FederateComment { comment, verb } => {
                federation::comment(self, *comment, *verb).await
            }
            Job::Deliver {
                inbox, activity, ..
            } => federation::deliver(self, inbox, activity).await,
            Job::ReindexSearch => {
                retry_store(beitrag_core::service::search::rebuild(&self.core).await)
                    .map_or_else(|outcome| outcome, |_| Outcome::Done)
            }
            Job::Announce { post, new } => followers::announce(self, *post, *new).await,
            Job::VerifyWebSub {
                mode,
                topic,
                callback,
                lease_seconds,
                secret,
            } => websub::verify(self, mode, topic, callback, *lease_seconds, secret).await,
            Job::DeliverWebSub { subscription } => websub::deliver(self, *subscription).await,
            Job::PingHub { hub, topic } => websub::ping(self, hub, topic).await,
            Job::MailSubscribeConfirm { subscriber } => followers::confirm(self, *subscriber).await,
            Job::MailSubscriberPost { post, subscriber } => {
                followers::post(self, *post, *subscriber).await
            }
        }
    }

    /// Erases stored commenter addresses past the retention period.
    async fn purge_addresses(&self) {
        let Ok(site) = site::Site::load(&self.core).await else {
            return;
        };
        let before =
            Utc::now() - chrono::Duration::days(i64::from(site.settings.ip_retention_days));
        match beitrag_core::service::comment::purge_addresses(&self.core, before).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(erased = n, "erased old commenter addresses"),
            Err(e) => tracing::warn!(error = %e, "cannot erase old commenter addresses"),
        }
    }
}

/// Turns a failed step into the outcome: storage trouble is worth another
/// attempt, anything else is not.
fn retry_store<T>(r: Result<T>) -> std::result::Result<T, Outcome> {
    r.map_err(|e| match e {
        beitrag_core::Error::Store(e) => Outcome::Retry(e.to_string()),
        other => Outcome::Fail(other.to_string()),
    })
}

/// Publishes a scheduled post at its time; a post that was unscheduled or
/// moved in the meantime is left alone.
async fn publish(worker: &Worker, post: beitrag_core::model::PostId) -> Outcome {
    match beitrag_core::service::post::publish_due(&worker.core, post).await {
        Ok(true) => {
            tracing::info!(post = post.0, "published scheduled post");
            Outcome::Done
        }
        Ok(false) => Outcome::Done,
        Err(e) => Outcome::Retry(e.to_string()),
    }
}
