//! [`Core`]: the one handle every entry point holds. It owns the store and
//! hands out only its reads; writes happen inside the services, which take
//! the [`Actor`](crate::actor::Actor) and check what it may do first. Every
//! service write ends in [`Core::publish`], which records what it touched
//! and tells this process's listeners at once.

use std::sync::{Arc, RwLock};
use std::time::Duration;

use chrono::Utc;

use crate::Store;
use crate::change::{Change, ChangeListener};
use crate::service::comment::SpamChecker;
use crate::service::rate::RateLimits;
use crate::sign::Signer;
use crate::store::{Backend, Reads};

/// What the core is told by the configuration.
#[derive(Debug, Clone)]
pub struct CoreOptions {
    /// Whether email is configured; without it no notification is queued.
    pub mail: bool,
    /// Responses one address may send per minute (0 = no limit).
    pub comments_per_minute_per_ip: u32,
    /// Responses one post may receive per minute (0 = no limit).
    pub comments_per_minute_per_post: u32,
    /// Activities one fediverse server may deliver per minute (0 = no limit).
    pub activities_per_minute_per_instance: u32,
    /// The site secret: signs form tokens, cookies and one-time links.
    pub secret: String,
}

impl Default for CoreOptions {
    fn default() -> Self {
        Self {
            mail: false,
            comments_per_minute_per_ip: 6,
            comments_per_minute_per_post: 30,
            activities_per_minute_per_instance: 600,
            secret: String::new(),
        }
    }
}

/// Change-log writes, coalesced: topics published within
/// [`COALESCE`] go into one write by a background flusher, so a burst of
/// comments costs a handful of change-log writes a second, not one each
/// (this process's listeners hear at once either way). A process about to
/// exit calls [`Core::flush_changes`].
#[derive(Default)]
struct ChangeBuffer {
    pending: std::sync::Mutex<Vec<String>>,
    flusher_running: std::sync::atomic::AtomicBool,
    writer: tokio::sync::Mutex<()>,
}

/// How long the flusher gathers topics before it writes them.
const COALESCE: Duration = Duration::from_millis(50);

impl ChangeBuffer {
    fn push(&self, topics: Vec<String>) {
        let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        for t in topics {
            if !pending.contains(&t) {
                pending.push(t);
            }
        }
    }

    fn take(&self) -> Vec<String> {
        std::mem::take(&mut *self.pending.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// Writes what is pending now.
    async fn flush(&self, store: &dyn Store) {
        let _writing = self.writer.lock().await;
        let batch = self.take();
        if batch.is_empty() {
            return;
        }
        if let Err(e) = store.record_changes(&batch, Utc::now()).await {
            tracing::warn!(error = %e, "cannot record a change; other processes see it after the cache TTL");
        }
    }
}

struct Inner {
    store: Arc<dyn Store>,
    changes: ChangeBuffer,
    signer: Signer,
    options: CoreOptions,
    limits: RateLimits,
    listeners: RwLock<Vec<Arc<dyn ChangeListener>>>,
    spam_checker: RwLock<Option<Arc<dyn SpamChecker>>>,
}

/// The services' handle on the store; cheap to clone.
#[derive(Clone)]
pub struct Core(Arc<Inner>);

impl std::fmt::Debug for Core {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Core")
            .field("backend", &self.0.store.backend())
            .finish_non_exhaustive()
    }
}

impl Core {
    /// Wraps a store.
    pub fn new(store: Arc<dyn Store>, options: CoreOptions) -> Self {
        Self(Arc::new(Inner {
            limits: RateLimits::new(
                options.comments_per_minute_per_ip,
                options.comments_per_minute_per_post,
            )
            .with_instances(options.activities_per_minute_per_instance),
            signer: Signer::new(&options.secret),
            changes: ChangeBuffer::default(),
            store,
            options,
            listeners: RwLock::new(Vec::new()),
            spam_checker: RwLock::new(None),
        }))
    }

    /// Every read query; writes go through the services.
    pub fn read(&self) -> &dyn Reads {
        self.0.store.as_ref()
    }

    /// The whole store, for the services of this crate only.
    pub(crate) fn store(&self) -> &dyn Store {
        self.0.store.as_ref()
    }

    /// The engine.
    pub fn backend(&self) -> Backend {
        self.0.store.backend()
    }

    /// The database pool's connections, for monitoring.
    pub fn pool_stats(&self) -> crate::store::PoolStats {
        self.0.store.pool_stats()
    }

    /// Whether the database answers and its schema is this binary's: what
    /// a load balancer's readiness check asks before sending requests.
    pub async fn database_ready(&self) -> Result<(), crate::StoreError> {
        self.0.store.ping().await?;
        if self.0.store.schema_current().await? {
            Ok(())
        } else {
            Err(crate::StoreError::Backend(
                "migrations are pending (run `beitrag migrate`)".into(),
            ))
        }
    }

    /// SQL statements run so far (tests and benchmarks).
    pub fn query_count(&self) -> u64 {
        self.0.store.query_count()
    }

    /// The options.
    pub fn options(&self) -> &CoreOptions {
        &self.0.options
    }

    /// Signs and checks form tokens, cookies and one-time links.
    pub fn signer(&self) -> &Signer {
        &self.0.signer
    }

    pub(crate) fn limits(&self) -> &RateLimits {
        &self.0.limits
    }

    /// Adds a listener for changes (the page cache, the job worker).
    pub fn subscribe(&self, listener: Arc<dyn ChangeListener>) {
        self.0
            .listeners
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .push(listener);
    }

    /// Sets the outside spam opinion asked for every new response.
    pub fn set_spam_checker(&self, checker: Arc<dyn SpamChecker>) {
        *self
            .0
            .spam_checker
            .write()
            .unwrap_or_else(|e| e.into_inner()) = Some(checker);
    }

    pub(crate) fn spam_checker(&self) -> Option<Arc<dyn SpamChecker>> {
        self.0
            .spam_checker
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    fn notify(&self, changes: &[Change]) {
        let listeners = self
            .0
            .listeners
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        for l in listeners {
            l.changed(changes);
        }
    }

    /// Tells this process's listeners what a write touched, at once, and
    /// queues it for the change log (written within [`COALESCE`]), where
    /// other processes read it. A failure to record is logged, not
    /// returned: the write itself succeeded, and the caches' TTL still
    /// bounds how long another process may show the old state.
    pub(crate) async fn publish(&self, changes: &[Change]) {
        if changes.is_empty() {
            return;
        }
        let shared: Vec<String> = changes
            .iter()
            .filter(|c| c.is_shared())
            .map(Change::topic)
            .collect();
        self.notify(changes);
        if shared.is_empty() {
            return;
        }
        self.0.changes.push(shared);
        use std::sync::atomic::Ordering;
        if !self.0.changes.flusher_running.swap(true, Ordering::AcqRel) {
            let core = self.clone();
            tokio::spawn(async move {
                loop {
                    tokio::time::sleep(COALESCE).await;
                    core.0.changes.flush(core.0.store.as_ref()).await;
                    core.0
                        .changes
                        .flusher_running
                        .store(false, Ordering::Release);
                    // Topics pushed after the flush took its batch, and
                    // before the flag fell, need a flusher still.
                    let more = !core
                        .0
                        .changes
                        .pending
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .is_empty();
                    if !more || core.0.changes.flusher_running.swap(true, Ordering::AcqRel) {
                        return;
                    }
                }
            });
        }
    }

    /// Writes every change still waiting for the change log; call before
    /// the process exits (the CLI does after each command).
    pub async fn flush_changes(&self) {
        self.0.changes.flush(self.0.store.as_ref()).await;
    }

    /// Follows the change log until `shutdown` completes, telling this
    /// process's listeners of what other processes wrote (what this one
    /// wrote it hears again; dropping a page twice costs nothing).
    pub async fn follow_changes(&self, shutdown: impl std::future::Future<Output = ()>) {
        const BATCH: i64 = 1000;
        tokio::pin!(shutdown);
        let mut last = match self.0.store.last_change().await {
            Ok(id) => id,
            Err(e) => {
                tracing::warn!(error = %e, "cannot read the change log");
                0
            }
        };
        let mut last_prune = std::time::Instant::now();
        loop {
            tokio::select! {
                () = &mut shutdown => return,
                () = self.0.store.wait_for_changes(Duration::from_millis(250)) => {}
            }
            match self.0.store.changes_since(last, BATCH).await {
                Ok(rows) if rows.is_empty() => {}
                Ok(rows) => {
                    if let Some((id, _)) = rows.last() {
                        last = *id;
                    }
                    let changes: Vec<Change> = if rows.len() as i64 >= BATCH {
                        // Too far behind to be precise: drop everything.
                        vec![Change::Site]
                    } else {
                        rows.iter()
                            .map(|(_, t)| Change::from_topic(t).unwrap_or(Change::Site))
                            .collect()
                    };
                    self.notify(&changes);
                }
                Err(e) => tracing::warn!(error = %e, "cannot read the change log"),
            }
            if last_prune.elapsed() > Duration::from_secs(600) {
                last_prune = std::time::Instant::now();
                let before = Utc::now() - chrono::Duration::hours(1);
                if let Err(e) = self.0.store.prune_changes(before).await {
                    tracing::warn!(error = %e, "cannot prune the change log");
                }
            }
        }
    }
}
