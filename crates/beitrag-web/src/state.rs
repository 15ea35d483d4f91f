//! Shared state of the web layer: the core (services and read queries, no
//! store writes), the theme, the catalogs, the page cache, and a snapshot
//! of site-wide data (settings, terms, authors) so that building a link
//! never costs a query. The cache and the snapshot follow the core's
//! change events.

use std::path::PathBuf;
use std::sync::{Arc, RwLock, Weak};
use std::time::{Duration, Instant};

use beitrag_core::change::{Change, ChangeListener};
use beitrag_core::model::{MenuItem, Post, User, Widget};
use beitrag_core::service::links::Directory;
use beitrag_core::store::Reads;
use beitrag_core::{Core, Settings};

use crate::cache::PageCache;
use crate::error::WebError;
use crate::i18n::I18n;
use crate::sidebar::Sidebar;
use crate::templates::Templates;

/// Options the binary passes in from its configuration.
#[derive(Debug, Clone)]
pub struct WebOptions {
    /// Theme override directory.
    pub theme_dir: Option<PathBuf>,
    /// Page cache lifetime.
    pub cache_ttl: Duration,
    /// Page cache size bound: bodies and their compressed forms, in bytes.
    pub cache_max_bytes: usize,
    /// Largest request body.
    pub max_body_bytes: usize,
    /// Networks outbound requests may reach despite being private.
    pub allow_private: Vec<String>,
    /// Where uploads are stored (the binary opens it from `[media]`); in
    /// memory when `None` (tests of this crate).
    pub media: Option<beitrag_media::MediaStore>,
    /// Largest upload in bytes.
    pub max_upload_bytes: u64,
    /// `[server] trusted_proxies`: whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<String>,
    /// Whether `/metrics` is served with the site; off when it has an
    /// address of its own ([`crate::metrics_only`]).
    pub metrics_on_main: bool,
}

impl Default for WebOptions {
    fn default() -> Self {
        Self {
            theme_dir: None,
            cache_ttl: Duration::from_secs(30),
            cache_max_bytes: 64 * 1024 * 1024,
            max_body_bytes: 1024 * 1024,
            allow_private: Vec::new(),
            media: None,
            max_upload_bytes: 10 * 1024 * 1024,
            trusted_proxies: Vec::new(),
            metrics_on_main: true,
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
    /// The navigation menu (empty: home, pages and RSS, as without one).
    pub menu: Vec<MenuItem>,
    /// The sidebar's widgets, in order.
    pub widgets: Vec<Widget>,
    /// The cache epoch it was read in: a sidebar built from another
    /// snapshot is not this one's.
    pub epoch: u64,
    /// [`crate::views::SiteView`] as a template value, made once per
    /// snapshot: every page shows it, and converting it per render was a
    /// tenth of an uncached page.
    pub view: std::sync::OnceLock<minijinja::Value>,
}

impl Site {
    /// Absolute URL of a site path.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.settings.base_url, path)
    }

    /// The site as templates see it (`site`); a cheap handle after the
    /// first call.
    pub fn view(&self) -> minijinja::Value {
        self.view
            .get_or_init(|| {
                minijinja::Value::from(minijinja::value::Serde(crate::views::SiteView::new(self)))
            })
            .clone()
    }
}

pub(crate) struct Inner {
    media: beitrag_media::MediaStore,
    files: crate::media::Files,
    core: Core,
    outbound: beitrag_outbound::Client,
    i18n: Arc<I18n>,
    templates: Templates,
    cache: PageCache,
    metrics: crate::metrics::Metrics,
    proxies: crate::proxy::TrustedProxies,
    site: RwLock<Option<(Instant, Arc<Site>)>>,
    sidebar: RwLock<Option<(Instant, u64, Arc<Sidebar>)>>,
    options: WebOptions,
}

/// Cheap to clone; handed to every handler.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("backend", &self.0.core.backend())
            .finish_non_exhaustive()
    }
}

impl AppState {
    /// Builds the state and subscribes its cache to the core's changes;
    /// fails when the theme or catalogs are broken.
    pub fn new(core: Core, options: WebOptions) -> Result<Self, WebError> {
        let i18n = Arc::new(I18n::load()?);
        let templates = Templates::new(options.theme_dir.clone(), i18n.clone())?;
        let cache = PageCache::new(options.cache_ttl, options.cache_max_bytes);
        let proxies = crate::proxy::TrustedProxies::parse(&options.trusted_proxies)
            .map_err(WebError::Startup)?;
        if core.options().secret.len() < 16 {
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
        let media = options
            .media
            .clone()
            .unwrap_or_else(beitrag_media::MediaStore::memory);
        let state = Self(Arc::new(Inner {
            files: crate::media::Files::new(media.clone(), options.max_upload_bytes),
            media,
            outbound,
            core: core.clone(),
            i18n,
            templates,
            cache,
            metrics: crate::metrics::Metrics::default(),
            proxies,
            site: RwLock::new(None),
            sidebar: RwLock::new(None),
            options,
        }));
        core.subscribe(Arc::new(Follower(Arc::downgrade(&state.0))));
        core.set_spam_checker(Arc::new(crate::akismet::Akismet::new(&state)));
        Ok(state)
    }

    /// The state, if it still exists (for listeners that must not keep it).
    pub(crate) fn upgrade(weak: &Weak<Inner>) -> Option<Self> {
        weak.upgrade().map(Self)
    }

    pub(crate) fn downgrade(&self) -> Weak<Inner> {
        Arc::downgrade(&self.0)
    }

    /// Where uploads live, as the core's media storage.
    pub fn files(&self) -> &crate::media::Files {
        &self.0.files
    }

    /// Where uploads live.
    pub fn media(&self) -> &beitrag_media::MediaStore {
        &self.0.media
    }

    /// The services' handle: every write goes through `core` services.
    pub fn core(&self) -> &Core {
        &self.0.core
    }

    /// Every read query (writes go through the services).
    pub fn read(&self) -> &dyn Reads {
        self.0.core.read()
    }

    /// The catalogs, shared (the job worker's mail uses them too).
    pub fn i18n_shared(&self) -> Arc<I18n> {
        self.0.i18n.clone()
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

    /// Whose forwarding headers are believed.
    pub fn trusted_proxies(&self) -> &crate::proxy::TrustedProxies {
        &self.0.proxies
    }

    /// What `/metrics` reports.
    pub fn metrics(&self) -> &crate::metrics::Metrics {
        &self.0.metrics
    }

    /// The one SSRF-safe client for every outbound request.
    pub fn outbound(&self) -> &beitrag_outbound::Client {
        &self.0.outbound
    }

    /// Signs form tokens and cookies.
    pub fn signer(&self) -> &beitrag_core::sign::Signer {
        self.0.core.signer()
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
        let epoch = self.0.cache.epoch();
        let store = self.read();
        let settings = beitrag_core::service::settings::load(store).await?;
        let users = store.users().await?;
        let terms = store.terms().await?;
        let pages = store.public_pages(chrono::Utc::now()).await?;
        let menu = store.menu_items().await?;
        let widgets = store.widgets().await?;
        let site = Arc::new(Site {
            directory: Directory::new(terms, &users),
            settings,
            users,
            pages,
            menu,
            widgets,
            epoch,
            view: std::sync::OnceLock::new(),
        });
        // A snapshot read while the site changed serves this request only.
        // Checked under the lock `apply` takes after moving the epoch.
        let mut slot = self.0.site.write().unwrap_or_else(|e| e.into_inner());
        if !self.0.cache.site_changed_since(epoch) {
            *slot = Some((Instant::now(), site.clone()));
        }
        Ok(site)
    }

    /// The sidebar's data for `site`, built once and shared until a change
    /// touches what it shows (or its TTL runs out).
    pub async fn sidebar(&self, site: &Site) -> Result<Arc<Sidebar>, WebError> {
        {
            let guard = self.0.sidebar.read().unwrap_or_else(|e| e.into_inner());
            if let Some((at, of, sidebar)) = guard.as_ref()
                && at.elapsed() < self.0.options.cache_ttl
                && *of == site.epoch
            {
                return Ok(sidebar.clone());
            }
        }
        let epoch = self.0.cache.epoch();
        let sidebar = Arc::new(
            Sidebar::build(self, site)
                .await?
                .rendered(self.templates(), site)?,
        );
        // As with the site: one read while its data changed serves this
        // request only.
        let mut slot = self.0.sidebar.write().unwrap_or_else(|e| e.into_inner());
        if !self.0.cache.changed_since(epoch, &sidebar.tags) {
            *slot = Some((Instant::now(), site.epoch, sidebar.clone()));
        }
        Ok(sidebar)
    }

    /// Drops what `changes` touched: cached pages by tag, the site
    /// snapshot when settings, terms, users, pages or the theme changed,
    /// the sidebar's when it shows something they touched.
    pub fn apply(&self, changes: &[Change]) {
        self.0.cache.apply(changes);
        if changes.contains(&Change::Site) {
            *self.0.site.write().unwrap_or_else(|e| e.into_inner()) = None;
        }
        let mut sidebar = self.0.sidebar.write().unwrap_or_else(|e| e.into_inner());
        if sidebar
            .as_ref()
            .is_some_and(|(_, _, s)| s.outdated_by(changes))
        {
            *sidebar = None;
        }
    }
}

/// Keeps the cache and snapshot in step with the core's changes, without
/// keeping the state alive.
struct Follower(Weak<Inner>);

impl ChangeListener for Follower {
    fn changed(&self, changes: &[Change]) {
        if let Some(state) = AppState::upgrade(&self.0) {
            state.apply(changes);
        }
    }
}
