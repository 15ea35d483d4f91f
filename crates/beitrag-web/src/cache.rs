//! Hot pages served from memory. Every local write clears the cache; a TTL
//! bounds staleness for writes made elsewhere (another instance on the same
//! PostgreSQL, the CLI, a scheduled post whose time has come).

use std::collections::HashMap;
use std::sync::RwLock;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use chrono::{DateTime, Utc};

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
            created: Instant::now(),
        }
    }
}

/// The page cache, keyed by request path.
#[derive(Debug)]
pub struct PageCache {
    pages: RwLock<HashMap<String, CachedPage>>,
    ttl: Duration,
    max_entries: usize,
}

impl PageCache {
    /// An empty cache.
    pub fn new(ttl: Duration, max_entries: usize) -> Self {
        Self {
            pages: RwLock::new(HashMap::new()),
            ttl,
            max_entries,
        }
    }

    /// A fresh cached page.
    pub fn get(&self, key: &str) -> Option<CachedPage> {
        let pages = self.pages.read().unwrap_or_else(|e| e.into_inner());
        pages
            .get(key)
            .filter(|p| p.created.elapsed() < self.ttl)
            .cloned()
    }

    /// Stores a page; when full, expired entries go first, then everything
    /// (a simple bound that never lets hostile URLs grow memory).
    pub fn put(&self, key: String, page: CachedPage) {
        if self.ttl.is_zero() || self.max_entries == 0 {
            return;
        }
        let mut pages = self.pages.write().unwrap_or_else(|e| e.into_inner());
        if pages.len() >= self.max_entries {
            let ttl = self.ttl;
            pages.retain(|_, p| p.created.elapsed() < ttl);
            if pages.len() >= self.max_entries {
                pages.clear();
            }
        }
        pages.insert(key, page);
    }

    /// Drops every page (after any write).
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
