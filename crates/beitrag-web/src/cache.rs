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

use std::collections::HashMap;
use std::sync::RwLock;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use beitrag_core::Change;
use beitrag_core::model::PostId;
use chrono::{DateTime, Utc};

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

/// Tag of the pages listing the newest responses of the whole site.
pub const ALL_COMMENTS: &str = "comments";

/// A finished response body with what conditional GET needs.
#[derive(Debug, Clone)]
pub struct CachedPage {
    /// Response body.
    pub body: Bytes,
    /// `Content-Type` header value.
    pub content_type: &'static str,
    /// Strong validator: a hash of the body.
    pub etag: String,
    /// Newest change of the content shown.
    pub last_modified: Option<DateTime<Utc>>,
    /// Shared, so a cache hit clones a pointer, not the list.
    tags: std::sync::Arc<[String]>,
    created: Instant,
}

impl CachedPage {
    /// Wraps a rendered body.
    pub fn new(
        body: String,
        content_type: &'static str,
        last_modified: Option<DateTime<Utc>>,
    ) -> Self {
        use sha2::{Digest, Sha256};
        let digest = Sha256::digest(body.as_bytes());
        let etag = format!(
            "\"{}\"",
            digest
                .iter()
                .take(12)
                .map(|b| format!("{b:02x}"))
                .collect::<String>()
        );
        Self {
            body: Bytes::from(body),
            content_type,
            etag,
            last_modified,
            tags: std::sync::Arc::from(Vec::new()),
            created: Instant::now(),
        }
    }

    /// The page with the cache tags it depends on.
    pub fn tagged(mut self, tags: impl IntoIterator<Item = String>) -> Self {
        let mut all: Vec<String> = self.tags.iter().cloned().chain(tags).collect();
        all.sort_unstable();
        all.dedup();
        self.tags = all.into();
        self
    }

    /// Its cache tags.
    pub fn tags(&self) -> &[String] {
        &self.tags
    }
}

/// Most tags whose last change is remembered; past that the cache forgets
/// them and treats the next put as racing a site-wide change (safe).
const MAX_REMEMBERED_TAGS: usize = 10_000;

/// The page cache, keyed by request path.
#[derive(Debug)]
pub struct PageCache {
    pages: RwLock<HashMap<String, CachedPage>>,
    /// Epochs: the current one, the last site-wide change, and the last
    /// change of each tag dropped since.
    epochs: std::sync::Mutex<Epochs>,
    /// The current epoch, readable without a lock (every request reads it).
    now: std::sync::atomic::AtomicU64,
    ttl: Duration,
    max_entries: usize,
}

#[derive(Debug, Default)]
struct Epochs {
    site: u64,
    tags: HashMap<String, u64>,
}

impl PageCache {
    /// An empty cache.
    pub fn new(ttl: Duration, max_entries: usize) -> Self {
        Self {
            pages: RwLock::new(HashMap::new()),
            epochs: std::sync::Mutex::new(Epochs::default()),
            now: std::sync::atomic::AtomicU64::new(0),
            ttl,
            max_entries,
        }
    }

    /// The epoch a render starts in; pass it to [`PageCache::put`].
    pub fn epoch(&self) -> u64 {
        self.now.load(std::sync::atomic::Ordering::Acquire)
    }

    /// Whether a site-wide change happened after `since`.
    pub fn site_changed_since(&self, since: u64) -> bool {
        self.epochs.lock().unwrap_or_else(|e| e.into_inner()).site > since
    }

    /// A fresh cached page.
    pub fn get(&self, key: &str) -> Option<CachedPage> {
        let pages = self.pages.read().unwrap_or_else(|e| e.into_inner());
        pages
            .get(key)
            .filter(|p| p.created.elapsed() < self.ttl)
            .cloned()
    }

    /// Stores a page rendered from data read in epoch `since`, unless a
    /// change after that touched it; when full, expired entries go first,
    /// then everything (a simple bound that never lets hostile URLs grow
    /// memory).
    pub fn put(&self, key: String, page: CachedPage, since: u64) {
        if self.ttl.is_zero() || self.max_entries == 0 {
            return;
        }
        // Checked and inserted under the pages' lock, which `apply` holds
        // while it moves the epochs: no change slips in between.
        let mut pages = self.pages.write().unwrap_or_else(|e| e.into_inner());
        {
            let epochs = self.epochs.lock().unwrap_or_else(|e| e.into_inner());
            let stale = epochs.site > since
                || page
                    .tags
                    .iter()
                    .any(|t| epochs.tags.get(t).is_some_and(|at| *at > since));
            if stale {
                return;
            }
        }
        if pages.len() >= self.max_entries {
            let ttl = self.ttl;
            pages.retain(|_, p| p.created.elapsed() < ttl);
            if pages.len() >= self.max_entries {
                pages.clear();
            }
        }
        pages.insert(key, page);
    }

    /// Drops the pages that depend on what `changes` touched.
    pub fn apply(&self, changes: &[Change]) {
        let mut drop: Vec<String> = Vec::new();
        let mut site = false;
        for change in changes {
            match change {
                Change::Site => site = true,
                Change::Post(id) => drop.push(post_tag(*id)),
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
        let mut pages = self.pages.write().unwrap_or_else(|e| e.into_inner());
        {
            let mut e = self.epochs.lock().unwrap_or_else(|e| e.into_inner());
            let now = self.now.fetch_add(1, std::sync::atomic::Ordering::AcqRel) + 1;
            if site || e.tags.len() + drop.len() > MAX_REMEMBERED_TAGS {
                e.tags.clear();
                e.site = now;
            } else {
                for t in &drop {
                    e.tags.insert(t.clone(), now);
                }
            }
        }
        if site {
            pages.clear();
        } else {
            pages.retain(|_, p| !p.tags.iter().any(|t| drop.contains(t)));
        }
    }

    /// Drops every page.
    pub fn clear(&self) {
        self.pages
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }

    /// Pages held.
    pub fn len(&self) -> usize {
        self.pages.read().unwrap_or_else(|e| e.into_inner()).len()
    }

    /// Whether nothing is cached.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(tags: &[&str]) -> CachedPage {
        CachedPage::new("x".into(), "text/html", None).tagged(tags.iter().map(|t| t.to_string()))
    }

    #[test]
    fn drops_only_tagged_pages_when_a_post_changes() {
        let cache = PageCache::new(Duration::from_secs(60), 100);
        let e = cache.epoch();
        cache.put("/a/".into(), page(&["post:1", "comments:1", "timeline"]), e);
        cache.put("/b/".into(), page(&["post:2", "comments:2", "timeline"]), e);
        cache.put(
            "/".into(),
            page(&["post:1", "post:2", "comments:1", "comments:2", "timeline"]),
            e,
        );
        cache.put("/comments/feed/".into(), page(&["comments"]), e);
        cache.apply(&[Change::Comments(PostId(2))]);
        assert!(cache.get("/a/").is_some());
        assert!(cache.get("/b/").is_none());
        assert!(cache.get("/").is_none());
        assert!(cache.get("/comments/feed/").is_none());
        cache.apply(&[Change::Media, Change::Jobs]);
        assert!(cache.get("/a/").is_some());
        cache.apply(&[Change::Timeline]);
        assert!(cache.is_empty());
    }

    #[test]
    fn drops_everything_when_the_site_changes() {
        let cache = PageCache::new(Duration::from_secs(60), 100);
        let e = cache.epoch();
        cache.put("/a/".into(), page(&["post:1"]), e);
        cache.put("/x/".into(), page(&[]), e);
        cache.apply(&[Change::Site]);
        assert!(cache.is_empty());
    }

    #[test]
    fn refuses_a_page_rendered_before_a_change_that_touched_it() {
        let cache = PageCache::new(Duration::from_secs(60), 100);
        let started = cache.epoch();
        // A comment arrives while the two pages render.
        cache.apply(&[Change::Comments(PostId(1))]);
        cache.put("/one/".into(), page(&["post:1", "comments:1"]), started);
        cache.put("/two/".into(), page(&["post:2", "comments:2"]), started);
        assert!(cache.get("/one/").is_none(), "stale render not kept");
        assert!(cache.get("/two/").is_some(), "untouched render kept");
        let started = cache.epoch();
        cache.apply(&[Change::Site]);
        cache.put("/two/".into(), page(&["post:2"]), started);
        assert!(cache.get("/two/").is_none());
        assert!(cache.site_changed_since(started));
    }
}
