//! Shared state of the web layer: the store, the theme, the catalogs, the
//! page cache, and a snapshot of site-wide data (settings, terms, authors)
//! so that building a link never costs a query.

use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use beitrag_core::model::{Post, User};
use beitrag_core::service::links::Directory;
use beitrag_core::{Settings, Store};

use crate::cache::PageCache;
use crate::error::WebError;
use crate::i18n::I18n;
use crate::templates::Templates;

/// Options the binary passes in from its configuration.
#[derive(Debug, Clone)]
pub struct WebOptions {
    /// Theme override directory.
    pub theme_dir: Option<PathBuf>,
    /// Page cache lifetime.
    pub cache_ttl: Duration,
    /// Page cache size bound.
    pub cache_max_entries: usize,
    /// Largest request body.
    pub max_body_bytes: usize,
    /// Secret for form tokens and cookies.
    pub secret: String,
    /// Responses one address may send per minute (0 = no limit).
    pub comments_per_minute_per_ip: u32,
    /// Responses one post may receive per minute (0 = no limit).
    pub comments_per_minute_per_post: u32,
    /// Networks outbound requests may reach despite being private.
    pub allow_private: Vec<String>,
    /// SMTP server URL; empty turns email off.
    pub smtp_url: String,
    /// Sender of notifications.
    pub mail_from: String,
    /// Where uploads are stored; in memory when `None` (tests of this crate).
    pub media_dir: Option<PathBuf>,
    /// Largest upload in bytes.
    pub max_upload_bytes: u64,
}

impl Default for WebOptions {
    fn default() -> Self {
        Self {
            theme_dir: None,
            cache_ttl: Duration::from_secs(30),
            cache_max_entries: 2000,
            max_body_bytes: 1024 * 1024,
            secret: String::new(),
            comments_per_minute_per_ip: 6,
            comments_per_minute_per_post: 30,
            allow_private: Vec::new(),
            smtp_url: String::new(),
            mail_from: "beitrag <beitrag@localhost>".into(),
            media_dir: None,
            max_upload_bytes: 10 * 1024 * 1024,
        }
    }
}

/// Site-wide data every page needs.
#[derive(Debug)]
pub struct Site {
    /// Validated settings.
    pub settings: Settings,
    /// Terms and author logins.
    pub directory: Directory,
    /// Every user (authors are few).
    pub users: Vec<User>,
    /// Published pages, for the navigation.
    pub pages: Vec<Post>,
}

impl Site {
    /// Absolute URL of a site path.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.settings.base_url, path)
    }
}

type KeyedLimiter<K> = governor::DefaultKeyedRateLimiter<K>;

fn limiter<K: std::hash::Hash + Eq + Clone>(per_minute: u32) -> Option<KeyedLimiter<K>> {
    std::num::NonZeroU32::new(per_minute)
        .map(|n| governor::RateLimiter::keyed(governor::Quota::per_minute(n)))
}

struct Inner {
    media: beitrag_media::MediaStore,
    store: Arc<dyn Store>,
    mailer: Option<crate::mail::Mailer>,
    wakeup: tokio::sync::Notify,
    outbound: beitrag_outbound::Client,
    signer: crate::forms::Signer,
    per_ip: Option<KeyedLimiter<std::net::IpAddr>>,
    per_post: Option<KeyedLimiter<i64>>,
    i18n: Arc<I18n>,
    templates: Templates,
    cache: PageCache,
    site: RwLock<Option<(Instant, Arc<Site>)>>,
    options: WebOptions,
}

/// Cheap to clone; handed to every handler.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("backend", &self.0.store.backend())
            .finish_non_exhaustive()
    }
}

impl AppState {
    /// Builds the state; fails when the theme or catalogs are broken.
    pub fn new(store: Arc<dyn Store>, options: WebOptions) -> Result<Self, WebError> {
        let i18n = Arc::new(I18n::load()?);
        let templates = Templates::new(options.theme_dir.clone(), i18n.clone())?;
        let cache = PageCache::new(options.cache_ttl, options.cache_max_entries);
        if options.secret.len() < 16 {
            return Err(WebError::Startup(
                "the site secret is missing or too short".into(),
            ));
        }
        let outbound = beitrag_outbound::Client::new(
            &options.allow_private,
            beitrag_outbound::Limits::default(),
            concat!("beitrag/", env!("CARGO_PKG_VERSION")),
        )
        .map_err(|e| WebError::Startup(e.to_string()))?;
        let mailer = crate::mail::Mailer::new(&options.smtp_url, &options.mail_from)?;
        let media = match &options.media_dir {
            Some(dir) => beitrag_media::MediaStore::local(dir).map_err(|e| {
                WebError::Startup(format!("media directory {}: {e}", dir.display()))
            })?,
            None => beitrag_media::MediaStore::memory(),
        };
        Ok(Self(Arc::new(Inner {
            media,
            mailer,
            wakeup: tokio::sync::Notify::new(),
            outbound,
            signer: crate::forms::Signer::new(&options.secret),
            per_ip: limiter(options.comments_per_minute_per_ip),
            per_post: limiter(options.comments_per_minute_per_post),
            store,
            i18n,
            templates,
            cache,
            site: RwLock::new(None),
            options,
        })))
    }

    /// Where uploads live.
    pub fn media(&self) -> &beitrag_media::MediaStore {
        &self.0.media
    }

    /// The store.
    pub fn store(&self) -> &dyn Store {
        self.0.store.as_ref()
    }

    /// The catalogs.
    pub fn i18n(&self) -> &I18n {
        &self.0.i18n
    }

    /// The theme.
    pub fn templates(&self) -> &Templates {
        &self.0.templates
    }

    /// The page cache.
    pub fn cache(&self) -> &PageCache {
        &self.0.cache
    }

    /// The one SSRF-safe client for every outbound request.
    pub fn outbound(&self) -> &beitrag_outbound::Client {
        &self.0.outbound
    }

    /// The mail transport, when `[mail] smtp_url` is set.
    pub fn mailer(&self) -> Option<&crate::mail::Mailer> {
        self.0.mailer.as_ref()
    }

    /// Wakes the job worker when work was queued in this process.
    pub fn worker_wakeup(&self) -> &tokio::sync::Notify {
        &self.0.wakeup
    }

    /// Signs form tokens and cookies.
    pub fn signer(&self) -> &crate::forms::Signer {
        &self.0.signer
    }

    /// Counts one response from `ip` to `post`; `Err(seconds)` to wait when
    /// either limit is exhausted.
    pub fn check_rate(&self, ip: std::net::IpAddr, post: i64) -> Result<(), u64> {
        use governor::clock::{Clock, DefaultClock};
        let wait = |n: governor::NotUntil<_>| {
            n.wait_time_from(DefaultClock::default().now())
                .as_secs()
                .max(1)
        };
        if let Some(l) = &self.0.per_ip {
            l.check_key(&ip).map_err(wait)?;
        }
        if let Some(l) = &self.0.per_post {
            l.check_key(&post).map_err(wait)?;
        }
        Ok(())
    }

    /// Options.
    pub fn options(&self) -> &WebOptions {
        &self.0.options
    }

    /// The site snapshot, reloaded after invalidation or when its TTL ran out.
    pub async fn site(&self) -> Result<Arc<Site>, WebError> {
        {
            let guard = self.0.site.read().unwrap_or_else(|e| e.into_inner());
            if let Some((at, site)) = guard.as_ref()
                && at.elapsed() < self.0.options.cache_ttl
            {
                return Ok(site.clone());
            }
        }
        let store = self.store();
        let settings = beitrag_core::service::settings::load(store).await?;
        let users = store.users().await?;
        let terms = store.terms().await?;
        let pages = store.public_pages(chrono::Utc::now()).await?;
        let site = Arc::new(Site {
            directory: Directory::new(terms, &users),
            settings,
            users,
            pages,
        });
        *self.0.site.write().unwrap_or_else(|e| e.into_inner()) =
            Some((Instant::now(), site.clone()));
        Ok(site)
    }

    /// Forgets cached pages but keeps the site snapshot: for responses
    /// (comments, linkbacks), which change pages but never settings, terms,
    /// authors or the navigation.
    pub fn invalidate_pages(&self) {
        self.0.cache.clear();
    }

    /// Forgets cached pages and the site snapshot; call after every write.
    pub fn invalidate(&self) {
        self.0.cache.clear();
        *self.0.site.write().unwrap_or_else(|e| e.into_inner()) = None;
    }
}
