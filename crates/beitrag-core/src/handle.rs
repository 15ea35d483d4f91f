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
    /// The site secret: signs form tokens, cookies and one-time links.
    pub secret: String,
}

impl Default for CoreOptions {
    fn default() -> Self {
        Self {
            mail: false,
            comments_per_minute_per_ip: 6,
            comments_per_minute_per_post: 30,
            secret: String::new(),
        }
    }
}

/// Change-log writes with group commit: topics published while a write is
/// under way go into the next batch, which the next writer takes whole, so
/// a burst of comments costs a few change-log writes, not one each.
#[derive(Default)]
struct ChangeBuffer {
    next: std::sync::Mutex<Batch>,
    writer: tokio::sync::Mutex<()>,
    /// One past the id of the last batch written.
    written: std::sync::atomic::AtomicU64,
}

#[derive(Default)]
struct Batch {
    id: u64,
    topics: Vec<String>,
}

impl ChangeBuffer {
    /// Returns once `topics` are in the change log (or the write failed).
    async fn record(
        &self,
        store: &dyn Store,
        topics: Vec<String>,
    ) -> Result<(), crate::StoreError> {
        use std::sync::atomic::Ordering;
        let mine = {
            let mut next = self.next.lock().unwrap_or_else(|e| e.into_inner());
            for t in topics {
                if !next.topics.contains(&t) {
                    next.topics.push(t);
                }
            }
            next.id
        };
        let _writing = self.writer.lock().await;
        if self.written.load(Ordering::Acquire) > mine {
            // Another caller wrote the batch these topics joined.
            return Ok(());
        }
        let (id, batch) = {
            let mut next = self.next.lock().unwrap_or_else(|e| e.into_inner());
            let batch = std::mem::take(&mut next.topics);
            let id = next.id;
            next.id += 1;
            (id, batch)
        };
        let result = if batch.is_empty() {
            Ok(())
        } else {
            store.record_changes(&batch, Utc::now()).await.map(drop)
        };
        self.written.store(id + 1, Ordering::Release);
        result
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
            ),
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

    /// Records what a write touched in the change log and tells this
    /// process's listeners. A failure to record is logged, not returned:
    /// the write itself succeeded, and the caches' TTL still bounds how
    /// long another process may show the old state.
    pub(crate) async fn publish(&self, changes: &[Change]) {
        if changes.is_empty() {
            return;
        }
        let shared: Vec<String> = changes
            .iter()
            .filter(|c| c.is_shared())
            .map(Change::topic)
            .collect();
        if !shared.is_empty()
            && let Err(e) = self.0.changes.record(self.0.store.as_ref(), shared).await
        {
            tracing::warn!(error = %e, "cannot record a change; other processes see it after the cache TTL");
        }
        self.notify(changes);
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
