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

/// Seconds a claimed job is reserved for its worker; a worker that dies
/// leaves the job to another once this passes.
const LEASE: i64 = 120;

/// What the handlers need.
pub struct Worker {
    core: Core,
    outbound: beitrag_outbound::Client,
    mailer: Option<Mailer>,
    texts: Arc<dyn Texts>,
    feeds: std::sync::OnceLock<Arc<dyn Feeds>>,
    concurrency: usize,
    wakeup: tokio::sync::Notify,
}

impl std::fmt::Debug for Worker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Worker")
            .field("concurrency", &self.concurrency)
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
            wakeup: tokio::sync::Notify::new(),
        });
        core.subscribe(Arc::new(Wake(worker.clone())));
        worker
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
        let row = match jobs::claim(&self.core, Utc::now(), LEASE).await {
            Ok(Some(row)) => row,
            Ok(None) => return false,
            Err(e) => {
                tracing::warn!(error = %e, "cannot claim a job");
                return false;
            }
        };
        let job = Job::decode(&row.kind, &row.payload);
        let outcome = match &job {
            Ok(job) => self.handle(job).await,
            Err(e) => Outcome::Fail(e.to_string()),
        };
        self.record(&row, job.as_ref().ok(), &outcome).await;
        true
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
        if let Err(e) = jobs::record(&self.core, row, job, outcome).await {
            tracing::warn!(error = %e, job = row.id.0, "cannot record a job's outcome");
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
