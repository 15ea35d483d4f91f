//! Hot pages served from memory. Each page records the cache tags it
//! depends on (`post:42`, `comments:42`, `timeline`, `comments`; every page
//! depends on the site as a whole), and a change drops exactly the pages
//! tagged with what it touched ([`PageCache::apply`]). Changes made by
//! other processes arrive through the core's change log within a second;
//! the TTL remains only as a safety net.
//!
//! A page rendered while a change arrives must not be cached with the old
//! data: a render notes the cache's epoch when it starts ([`PageCache::epoch`]),
//! and [`PageCache::put`] refuses it when a change since then touched one of
//! its tags (or the whole site).
//!
//! A viral post must not cost a render per reader. [`PageCache::lookup`]
//! lets one request render a missing page while the others for the same
//! path wait for it (a *flight*, Go's `singleflight`, nginx's
//! `proxy_cache_lock`); a page a change dropped stays for [`STALE_GRACE`]
//! as a stale copy handed to everyone but the one re-rendering it (nginx's
//! `proxy_cache_use_stale updating`). Memory is bounded in bytes, bodies
//! and their compressed forms together.

mod page;
#[cfg(test)]
mod tests;

pub use page::{CachedPage, Encoding, Variant, http_date};

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::Duration;

use beitrag_core::Change;
use beitrag_core::model::PostId;
use tokio::sync::watch;
// tokio's clock: the same as std's, except in tests that pause it.
use tokio::time::Instant;

/// Tag of the pages showing one post (its page, cards, feed entries,
/// neighbours' previous/next links).
pub fn post_tag(id: PostId) -> String {
    format!("post:{}", id.0)
}

/// Tag of the pages showing the responses, or the response count, of one post.
pub fn comments_tag(id: PostId) -> String {
    format!("comments:{}", id.0)
}

/// Tag of the pages whose set or order of posts changes when a post is
/// published, deleted or re-dated (lists, feeds, previous/next links).
pub const TIMELINE: &str = "timeline";

/// Tag of the sitemap index, whose dates change with any post's.
pub const SITEMAP_INDEX: &str = "sitemap-index";

/// Tag of the pages listing the newest responses of the whole site.
pub const ALL_COMMENTS: &str = "comments";

/// How long a dropped (or expired) page may still be served while one
/// request renders its successor: long enough to cover a render under load,
/// short enough that a reader never notices.
pub const STALE_GRACE: Duration = Duration::from_secs(1);

/// Longest a request waits for another's render of the same page; a render
/// stuck on a slow database must not hold every reader with it.
pub const FLIGHT_WAIT: Duration = Duration::from_secs(2);

/// Flights a request joins in turn when the one it waited for ends without
/// a page (an error, a redirect, a render outdated by a change): the next
/// one is led by one of the waiters; after that each renders alone.
const FLIGHT_ROUNDS: u32 = 2;

/// One page may take at most this part of the budget: a huge page is
/// served but not kept, so it cannot flush everything else.
const MAX_SHARE: usize = 4;

/// What an entry costs besides its page: the key twice (map and eviction
/// order), the map slot, the order node.
const ENTRY_OVERHEAD: usize = 128;

/// Most tags whose last change is remembered; past that the cache forgets
/// them and treats the next put as racing a site-wide change (safe).
const MAX_REMEMBERED_TAGS: usize = 10_000;

/// The page cache, keyed by request path.
#[derive(Debug)]
pub struct PageCache {
    inner: RwLock<Inner>,
    /// Epochs: the current one, the last site-wide change, and the last
    /// change of each tag dropped since.
    epochs: Mutex<Epochs>,
    /// The current epoch, readable without a lock (every request reads it).
    now: AtomicU64,
    ttl: Duration,
    max_bytes: usize,
}

#[derive(Debug, Default)]
struct Epochs {
    site: u64,
    tags: HashMap<String, u64>,
}

#[derive(Debug, Default)]
struct Inner {
    pages: HashMap<String, Entry>,
    /// Insertion number → key, oldest first: the eviction order, and, as
    /// every page lives for the same TTL, the order in which they expire.
    order: BTreeMap<u64, String>,
    /// Pages a change dropped, by the end of their grace. Entries whose page
    /// was replaced since are skipped by their insertion number.
    stale: VecDeque<(Instant, u64, String)>,
    /// Renders under way, by key.
    flights: HashMap<String, Flight>,
    bytes: usize,
    next: u64,
}

#[derive(Debug)]
struct Entry {
    page: Arc<CachedPage>,
    seq: u64,
    size: usize,
    /// Served as it is until then…
    fresh_until: Instant,
    /// …and until then only while another request renders its successor.
    stale_until: Instant,
}

/// A render under way; waiters clone the receiver. The leader's sender
/// ends with the page, or is dropped without one, which wakes them too.
#[derive(Debug)]
struct Flight {
    id: u64,
    done: watch::Receiver<Option<Arc<CachedPage>>>,
}

/// What [`PageCache::lookup`] found.
#[derive(Debug)]
pub enum Lookup<'a> {
    /// A page to answer with: fresh, or stale while another request renders it.
    Hit(Arc<CachedPage>),
    /// Render the page and hand it to [`Render::put`].
    Render(Render<'a>),
}

/// The right, and the duty, to render one page. Dropped without
/// [`Render::put`] (an error, a redirect, a cancelled request), it wakes
/// the requests waiting for it, so none of them hangs.
#[derive(Debug)]
pub struct Render<'a> {
    cache: &'a PageCache,
    key: String,
    /// `None` when nobody waits for this render (a personal page, a
    /// disabled cache, a waiter that gave up).
    flight: Option<(u64, watch::Sender<Option<Arc<CachedPage>>>)>,
}

impl Render<'_> {
    /// Stores the page rendered from data read in epoch `since` (see
    /// [`PageCache::put`]) and hands it to the waiting requests; returns it
    /// with its compressed forms, ready to be served.
    pub fn put(mut self, page: CachedPage, since: u64) -> Arc<CachedPage> {
        let flight = self.flight.take();
        let key = std::mem::take(&mut self.key);
        let (page, _) = self
            .cache
            .store(key, page, since, flight.as_ref().map(|f| f.0));
        // An outdated page is handed on too: it is at most one render
        // behind, never stored as fresh, and every waiter rendering itself
        // is the stampede a post taking comments every second would cause.
        if let Some((_, done)) = flight {
            done.send_replace(Some(page.clone()));
        }
        page
    }
}

impl Drop for Render<'_> {
    fn drop(&mut self) {
        if let Some((id, _done)) = self.flight.take() {
            self.cache.write().end_flight(&self.key, id);
            // `_done` goes here: every waiter wakes without a page.
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stored {
    Kept,
    /// Too large, or the cache is off: not kept, but current.
    Skipped,
    /// A change since the render started touched it.
    Outdated,
}

/// What a look at the map found.
enum Found {
    Page(Arc<CachedPage>),
    Wait(watch::Receiver<Option<Arc<CachedPage>>>),
    Missing,
}

impl PageCache {
    /// An empty cache holding at most `max_bytes` of pages.
    pub fn new(ttl: Duration, max_bytes: usize) -> Self {
        Self {
            inner: RwLock::new(Inner::default()),
            epochs: Mutex::new(Epochs::default()),
            now: AtomicU64::new(0),
            ttl,
            max_bytes,
        }
    }

    fn enabled(&self) -> bool {
        !self.ttl.is_zero() && self.max_bytes > 0
    }

    // A panic while holding a lock leaves the maps consistent (every
    // mutation is a few plain steps), so a poisoned lock is used as is.
    fn read(&self) -> RwLockReadGuard<'_, Inner> {
        self.inner.read().unwrap_or_else(|e| e.into_inner())
    }

    fn write(&self) -> RwLockWriteGuard<'_, Inner> {
        self.inner.write().unwrap_or_else(|e| e.into_inner())
    }

    /// The epoch a render starts in; pass it to [`PageCache::put`].
    pub fn epoch(&self) -> u64 {
        self.now.load(Ordering::Acquire)
    }

    /// Whether a site-wide change happened after `since`.
    pub fn site_changed_since(&self, since: u64) -> bool {
        self.epochs.lock().unwrap_or_else(|e| e.into_inner()).site > since
    }

    /// Whether a site-wide change, or a change of one of `tags`, happened
    /// after `since` (for snapshots that follow the same tags as pages).
    pub fn changed_since(&self, since: u64, tags: &[String]) -> bool {
        let e = self.epochs.lock().unwrap_or_else(|e| e.into_inner());
        e.site > since
            || tags
                .iter()
                .any(|t| e.tags.get(t).is_some_and(|at| *at > since))
    }

    /// A page to answer with at once — fresh, or the stale copy while
    /// another request renders its successor — without waiting or taking
    /// the duty to render (the hot path before routing).
    pub fn hit(&self, key: &str) -> Option<Arc<CachedPage>> {
        if !self.enabled() {
            return None;
        }
        match self.read().peek(key, Instant::now()) {
            Found::Page(page) => Some(page),
            Found::Wait(_) | Found::Missing => None,
        }
    }

    /// A fresh cached page, without waiting and without stale copies.
    pub fn get(&self, key: &str) -> Option<Arc<CachedPage>> {
        let now = Instant::now();
        self.read()
            .pages
            .get(key)
            .filter(|e| now < e.fresh_until)
            .map(|e| e.page.clone())
    }

    /// The page for `key`, or the duty to render it. While another request
    /// renders it, this one gets the stale copy a change left, if it is
    /// younger than [`STALE_GRACE`], or waits for that render (at most
    /// [`FLIGHT_WAIT`]); a render that ends without a page wakes it at once.
    pub async fn lookup(&self, key: &str) -> Lookup<'_> {
        if !self.enabled() {
            return Lookup::Render(self.render_alone(key));
        }
        let deadline = Instant::now() + FLIGHT_WAIT;
        for _ in 0..FLIGHT_ROUNDS {
            let mut done = match self.find(key) {
                Step::Page(page) => return Lookup::Hit(page),
                Step::Lead(render) => return Lookup::Render(render),
                Step::Wait(done) => done,
            };
            match tokio::time::timeout_at(deadline, done.wait_for(Option::is_some)).await {
                Ok(Ok(page)) => {
                    if let Some(page) = page.as_ref() {
                        return Lookup::Hit(page.clone());
                    }
                }
                // The render ended without a page: the next round has a
                // new leader (perhaps this request).
                Ok(Err(_)) => {}
                Err(_) => break,
            }
        }
        Lookup::Render(self.render_alone(key))
    }

    /// A render nobody waits for (a page of one visitor's own).
    pub fn render_alone(&self, key: &str) -> Render<'_> {
        Render {
            cache: self,
            key: key.to_owned(),
            flight: None,
        }
    }

    /// One look, under the read lock for the hit path; a miss looks again
    /// under the write lock and starts a flight, so two requests can never
    /// both lead one.
    fn find(&self, key: &str) -> Step<'_> {
        let now = Instant::now();
        match self.read().peek(key, now) {
            Found::Page(page) => return Step::Page(page),
            Found::Wait(done) => return Step::Wait(done),
            Found::Missing => {}
        }
        let mut inner = self.write();
        match inner.peek(key, now) {
            Found::Page(page) => Step::Page(page),
            Found::Wait(done) => Step::Wait(done),
            Found::Missing => {
                let id = inner.next;
                inner.next += 1;
                let (tx, rx) = watch::channel(None);
                inner
                    .flights
                    .insert(key.to_owned(), Flight { id, done: rx });
                Step::Lead(Render {
                    cache: self,
                    key: key.to_owned(),
                    flight: Some((id, tx)),
                })
            }
        }
    }

    /// Stores a page rendered from data read in epoch `since`, unless a
    /// change after that touched it; returns whether it was kept. (The
    /// dispatcher stores through [`Render::put`], which also wakes waiters.)
    pub fn put(&self, key: String, page: CachedPage, since: u64) -> bool {
        self.store(key, page, since, None).1 == Stored::Kept
    }

    fn store(
        &self,
        key: String,
        page: CachedPage,
        since: u64,
        flight: Option<u64>,
    ) -> (Arc<CachedPage>, Stored) {
        let enabled = self.enabled();
        // Compressed before the lock is taken: it is the slow part.
        let page = Arc::new(if enabled { page.compressed() } else { page });
        let size = page.size() + key.len() * 2 + ENTRY_OVERHEAD;
        // Checked and inserted under the pages' lock, which `apply` holds
        // while it moves the epochs: no change slips in between.
        let mut inner = self.write();
        if let Some(id) = flight {
            inner.end_flight(&key, id);
        }
        if !enabled || size > self.max_bytes / MAX_SHARE {
            return (page, Stored::Skipped);
        }
        {
            let epochs = self.epochs.lock().unwrap_or_else(|e| e.into_inner());
            let outdated = epochs.site > since
                || page
                    .tags()
                    .iter()
                    .any(|t| epochs.tags.get(t).is_some_and(|at| *at > since));
            if outdated {
                // Never fresh; but newer than the stale copy a change left
                // (or than nothing), so it becomes that copy, for one grace
                // from now: the next reader re-renders while the others get
                // it. A fresh page stored meanwhile by a later render wins.
                let now = Instant::now();
                if inner.pages.get(&key).is_none_or(|e| e.fresh_until <= now) {
                    inner.insert(key, page.clone(), size, now, now, self.max_bytes);
                }
                return (page, Stored::Outdated);
            }
        }
        let now = Instant::now();
        let fresh_until = now + self.ttl;
        inner.insert(key, page.clone(), size, now, fresh_until, self.max_bytes);
        (page, Stored::Kept)
    }

    /// Turns the pages that depend on what `changes` touched stale: they
    /// are served for at most [`STALE_GRACE`] more, and only while another
    /// request renders their successor.
    pub fn apply(&self, changes: &[Change]) {
        let mut drop: Vec<String> = Vec::new();
        let mut site = false;
        for change in changes {
            match change {
                Change::Site => site = true,
                Change::Post(id) => {
                    drop.push(post_tag(*id));
                    drop.push(SITEMAP_INDEX.to_owned());
                }
                Change::Timeline => drop.push(TIMELINE.to_owned()),
                Change::Comments(id) => {
                    drop.push(comments_tag(*id));
                    drop.push(ALL_COMMENTS.to_owned());
                }
                Change::Media | Change::Jobs => {}
            }
        }
        if !site && drop.is_empty() {
            return;
        }
        let mut inner = self.write();
        {
            let mut e = self.epochs.lock().unwrap_or_else(|e| e.into_inner());
            let now = self.now.fetch_add(1, Ordering::AcqRel) + 1;
            if site || e.tags.len() + drop.len() > MAX_REMEMBERED_TAGS {
                e.tags.clear();
                e.site = now;
            } else {
                for t in &drop {
                    e.tags.insert(t.clone(), now);
                }
            }
        }
        let now = Instant::now();
        let until = now + STALE_GRACE;
        let Inner { pages, stale, .. } = &mut *inner;
        for (key, e) in pages.iter_mut() {
            let touched = site || e.page.tags().iter().any(|t| drop.contains(t));
            if touched && now < e.fresh_until {
                e.fresh_until = now;
                e.stale_until = e.stale_until.min(until);
                stale.push_back((e.stale_until, e.seq, key.clone()));
            }
        }
        inner.purge(now);
    }

    /// Drops every page at once, stale copies included.
    pub fn clear(&self) {
        let mut inner = self.write();
        inner.pages.clear();
        inner.order.clear();
        inner.stale.clear();
        inner.bytes = 0;
    }

    /// Pages held, stale copies included.
    pub fn len(&self) -> usize {
        self.read().pages.len()
    }

    /// Whether nothing is cached.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Bytes held, by the count the bound applies to.
    pub fn bytes(&self) -> usize {
        self.read().bytes
    }
}

/// What [`PageCache::find`] decided.
enum Step<'a> {
    Page(Arc<CachedPage>),
    Lead(Render<'a>),
    Wait(watch::Receiver<Option<Arc<CachedPage>>>),
}

impl Inner {
    fn peek(&self, key: &str, now: Instant) -> Found {
        let flight = self.flights.get(key);
        match self.pages.get(key) {
            Some(e) if now < e.fresh_until => return Found::Page(e.page.clone()),
            Some(e) if now < e.stale_until && flight.is_some() => {
                return Found::Page(e.page.clone());
            }
            _ => {}
        }
        match flight {
            Some(f) => Found::Wait(f.done.clone()),
            None => Found::Missing,
        }
    }

    /// Stores `page` fresh until `fresh_until` and servable (while another
    /// request renders its successor) for a grace after that.
    fn insert(
        &mut self,
        key: String,
        page: Arc<CachedPage>,
        size: usize,
        now: Instant,
        fresh_until: Instant,
        max: usize,
    ) {
        self.purge(now);
        self.remove(&key);
        self.make_room(size, max);
        let seq = self.next;
        self.next += 1;
        self.order.insert(seq, key.clone());
        self.bytes += size;
        let stale_until = fresh_until + STALE_GRACE;
        if fresh_until <= now {
            self.stale.push_back((stale_until, seq, key.clone()));
        }
        self.pages.insert(
            key,
            Entry {
                page,
                seq,
                size,
                fresh_until,
                stale_until,
            },
        );
    }

    fn end_flight(&mut self, key: &str, id: u64) {
        if self.flights.get(key).is_some_and(|f| f.id == id) {
            self.flights.remove(key);
        }
    }

    fn remove(&mut self, key: &str) {
        if let Some(e) = self.pages.remove(key) {
            self.order.remove(&e.seq);
            self.bytes -= e.size;
        }
    }

    /// Forgets pages past their grace: first those a change dropped, then,
    /// from the oldest, those past their TTL and grace.
    fn purge(&mut self, now: Instant) {
        // Not quite sorted (a page near its TTL keeps its earlier end), so
        // a straggler goes a little later; it is never served meanwhile,
        // as serving checks `stale_until` itself.
        while let Some((at, _, _)) = self.stale.front()
            && *at <= now
        {
            if let Some((_, seq, key)) = self.stale.pop_front()
                && self.pages.get(&key).is_some_and(|e| e.seq == seq)
            {
                self.remove(&key);
            }
        }
        while let Some((_, key)) = self.order.first_key_value()
            && self.pages.get(key).is_none_or(|e| e.stale_until <= now)
        {
            if let Some((_, key)) = self.order.pop_first()
                && let Some(e) = self.pages.remove(&key)
            {
                self.bytes -= e.size;
            }
        }
    }

    /// Evicts until `size` more bytes fit: stale copies first (they have a
    /// second left at most), then the oldest pages, which expire first.
    fn make_room(&mut self, size: usize, max: usize) {
        while self.bytes + size > max {
            if let Some((_, seq, key)) = self.stale.pop_front() {
                if self.pages.get(&key).is_some_and(|e| e.seq == seq) {
                    self.remove(&key);
                }
            } else if let Some((_, key)) = self.order.pop_first() {
                if let Some(e) = self.pages.remove(&key) {
                    self.bytes -= e.size;
                }
            } else {
                break;
            }
        }
    }
}
