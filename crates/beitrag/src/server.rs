//! Wiring — the one place that holds the store itself: open it, wrap it in
//! the [`Core`] every entry point uses, prepare a new site on first start,
//! and serve HTTP, the job worker and the change follower until a shutdown
//! signal, finishing in-flight requests.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use crate::config::{Config, MediaTarget};
use anyhow::{Context, Result};
use beitrag_core::model::Role;
use beitrag_core::service::{settings, user};
use beitrag_core::{Actor, Core, CoreOptions, Settings, Store};
use beitrag_media::MediaStore;
use beitrag_store::SqlStore;
use beitrag_web::{AppState, WebOptions};
use tokio::net::TcpListener;

/// Login and password of the administrator created on first start.
#[derive(Debug, Clone)]
pub struct Credentials {
    /// Login.
    pub login: String,
    /// Password, shown once.
    pub password: String,
}

/// The database URL without any password, for messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            format!("{}://***{}", &url[..scheme], &url[at..])
        }
        _ => url.to_owned(),
    }
}

/// Connects and migrates.
pub async fn open_store(cfg: &Config) -> Result<Arc<dyn Store>> {
    let url = cfg.database.url.expose();
    let store = SqlStore::connect(url, cfg.database.max_connections)
        .await
        .with_context(|| format!("cannot open database {}", redact(url)))?;
    store
        .migrate()
        .await
        .with_context(|| format!("cannot migrate database {}", redact(url)))?;
    Ok(Arc::new(store))
}

/// Connects, migrates and wraps the store in the core, with the options of
/// the configuration and the site secret.
pub async fn open_core(cfg: &Config) -> Result<(Arc<dyn Store>, Core)> {
    let store = open_store(cfg).await?;
    let core = core_of(store.clone(), cfg).await?;
    Ok((store, core))
}

/// The core over an open store.
pub async fn core_of(store: Arc<dyn Store>, cfg: &Config) -> Result<Core> {
    let core = bare_core(store, cfg).await?;
    // Posts saved before the index existed, or in another language.
    beitrag_core::service::search::ensure_index(&core)
        .await
        .context("cannot check the search index")?;
    Ok(core)
}

/// The core over an open store, the search index left as it is (a
/// restore builds it at once instead of queueing the job).
pub async fn bare_core(store: Arc<dyn Store>, cfg: &Config) -> Result<Core> {
    let secret = site_secret(store.as_ref()).await?;
    let options = CoreOptions {
        mail: !cfg.mail.smtp_url.expose().trim().is_empty(),
        comments_per_minute_per_ip: cfg.limits.comments_per_minute_per_ip,
        comments_per_minute_per_post: cfg.limits.comments_per_minute_per_post,
        activities_per_minute_per_instance: cfg.limits.activities_per_minute_per_instance,
        secret,
    };
    Ok(Core::new(store, options))
}

/// Initial settings from the `[site]` section.
pub fn initial_settings(cfg: &Config, listen: &str) -> Result<Settings> {
    let mut s = Settings::default();
    let base = if cfg.site.base_url.is_empty() {
        format!("http://{listen}")
    } else {
        cfg.site.base_url.clone()
    };
    for (key, value) in [
        ("title", cfg.site.title.as_str()),
        ("tagline", cfg.site.tagline.as_str()),
        ("language", cfg.site.language.as_str()),
        ("timezone", cfg.site.timezone.as_str()),
        ("base_url", base.as_str()),
    ] {
        s.set(key, value)
            .with_context(|| format!("invalid [site] {key}"))?;
    }
    Ok(s)
}

/// On a new database: store the initial settings, create the administrator
/// (returned so the caller can print the password once) and, unless
/// `demo` is false, the demo content.
pub async fn first_start(
    core: &Core,
    cfg: &Config,
    listen: &str,
    demo: bool,
) -> Result<Option<Credentials>> {
    settings::initialise(core, &initial_settings(cfg, listen)?).await?;
    // The first settings may name another language than the defaults.
    beitrag_core::service::search::ensure_index(core)
        .await
        .context("cannot check the search index")?;
    if !core.read().users().await?.is_empty() {
        core.flush_changes().await;
        return Ok(None);
    }
    let password = user::generate_password();
    let created = user::create(
        core,
        &Actor::Operator,
        user::UserInput {
            login: "admin".into(),
            display_name: "Administrator".into(),
            email: "admin@example.org".into(),
            role: Role::Administrator,
            bio: String::new(),
        },
        &password,
    )
    .await;
    let admin = match created {
        Ok(admin) => admin,
        // Several instances started at once on a new database: another
        // one created the administrator (and the demo) a moment ago.
        Err(beitrag_core::Error::LoginTaken(_)) => {
            core.flush_changes().await;
            return Ok(None);
        }
        Err(e) => return Err(anyhow::Error::new(e).context("cannot create the administrator")),
    };
    if demo {
        crate::demo::create(core)
            .await
            .context("cannot create demo content")?;
    }
    // The first start is one batch of writes, like a CLI command: its
    // change events are in the log before the server answers anyone.
    core.flush_changes().await;
    Ok(Some(Credentials {
        login: admin.login,
        password,
    }))
}

/// The site's secret for signed form tokens and cookies, created on first
/// use and kept in the database so every instance shares it. Created with
/// an insert that keeps an existing value, so instances starting at once
/// on a new database agree on one (a form rendered by one instance is
/// accepted by another).
pub async fn site_secret(store: &dyn Store) -> Result<String> {
    const KEY: &str = "form_secret";
    if let Some((_, v)) = store.settings().await?.into_iter().find(|(k, _)| k == KEY) {
        return Ok(v);
    }
    let secret = format!("{}{}", user::generate_password(), user::generate_password());
    Ok(store.add_setting(KEY, &secret).await?)
}

/// The media store `[media]` describes: a directory, or an S3 bucket.
///
/// The one way every entry point opens it (`serve`, `import wordpress
/// --fetch-media`, any command that reads or writes uploads), so they all
/// see the same files. Nothing is contacted yet: an unreachable bucket
/// shows on `/readyz` and on the first upload, not as a failed start.
pub fn open_media(cfg: &Config) -> Result<MediaStore> {
    match cfg.media.target()? {
        MediaTarget::Local(dir) => MediaStore::local(&dir)
            .with_context(|| format!("cannot open the media directory {}", dir.display())),
        // The builder's error names a bad setting, never the keys.
        MediaTarget::S3(options) => MediaStore::s3(&options)
            .with_context(|| format!("cannot set up the media bucket {}", options.bucket)),
    }
}

/// Web options from the configuration, with the media store opened.
pub fn web_options(cfg: &Config) -> Result<WebOptions> {
    Ok(WebOptions {
        theme_dir: cfg.site.theme_dir.clone(),
        cache_ttl: Duration::from_secs(cfg.cache.ttl_seconds),
        cache_max_bytes: cfg.cache.max_bytes,
        max_body_bytes: cfg.server.max_body_bytes,
        allow_private: cfg.outbound.allow_private.clone(),
        media: Some(open_media(cfg)?),
        max_upload_bytes: cfg.media.max_upload_bytes,
        trusted_proxies: cfg.server.trusted_proxies.clone(),
        metrics_on_main: cfg.server.metrics_listen.is_none(),
    })
}

/// The web layer's catalogs as the jobs' mail texts.
struct Catalogs(Arc<beitrag_web::i18n::I18n>);

impl beitrag_jobs::Texts for Catalogs {
    fn text(&self, lang: &str, key: &str, args: &[(&str, String)]) -> String {
        self.0.text(lang, key, args)
    }
}

/// The job worker of this process.
fn worker(core: &Core, cfg: &Config, state: &AppState) -> Result<Arc<beitrag_jobs::Worker>> {
    let outbound = beitrag_outbound::Client::new(
        &cfg.outbound.allow_private,
        beitrag_outbound::Limits::default(),
        concat!("beitrag/", env!("CARGO_PKG_VERSION")),
    )
    .map_err(|e| anyhow::anyhow!("cannot set up outbound requests: {e}"))?;
    let mailer = beitrag_jobs::Mailer::new(cfg.mail.smtp_url.expose(), &cfg.mail.from)
        .map_err(anyhow::Error::msg)?;
    let worker = beitrag_jobs::Worker::new(
        core.clone(),
        outbound,
        mailer,
        Arc::new(Catalogs(state.i18n_shared())),
        cfg.jobs.concurrency,
    );
    worker.set_lease(i64::from(cfg.jobs.lease_seconds));
    worker.set_feeds(Arc::new(Feeds(state.clone())));
    Ok(worker)
}

/// The web layer's feeds as the WebSub hub's documents.
struct Feeds(AppState);

#[async_trait::async_trait]
impl beitrag_jobs::Feeds for Feeds {
    async fn topics(&self, post: beitrag_core::model::PostId) -> Vec<String> {
        beitrag_web::routes::websub::topics(&self.0, post)
            .await
            .unwrap_or_else(|e| {
                tracing::warn!(error = %e, "cannot list the feeds of a post");
                Vec::new()
            })
    }

    async fn document(&self, topic: &str) -> Result<Option<(String, Vec<u8>)>, String> {
        beitrag_web::routes::websub::document(&self.0, topic)
            .await
            .map_err(|e| e.to_string())
    }
}

/// Serves on `listener` until `shutdown` completes, then lets in-flight
/// requests finish and closes the database.
pub async fn serve(
    store: Arc<dyn Store>,
    core: Core,
    cfg: &Config,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<()> {
    serve_with_worker(store, core, cfg, listener, shutdown, true).await
}

/// [`serve`], optionally without the background tasks — the job worker and
/// the change follower, which is how writes of other processes arrive.
/// Tests that count the queries of a page run without their polling.
pub async fn serve_with_worker(
    store: Arc<dyn Store>,
    core: Core,
    cfg: &Config,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
    run_worker: bool,
) -> Result<()> {
    let state = AppState::new(core.clone(), web_options(cfg)?).context("cannot load the theme")?;
    // Bound before anything starts, so a taken port stops the start cleanly.
    let metrics_listener = match &cfg.server.metrics_listen {
        Some(addr) => Some(
            TcpListener::bind(addr)
                .await
                .with_context(|| format!("cannot listen for /metrics on {addr}"))?,
        ),
        None => None,
    };
    let (stop, _) = tokio::sync::watch::channel(false);
    let stopped = |mut rx: tokio::sync::watch::Receiver<bool>| async move {
        let _ = rx.wait_for(|s| *s).await;
    };
    let worker = worker(&core, cfg, &state)?;
    let worker = {
        let done = stopped(stop.subscribe());
        tokio::spawn(async move {
            if run_worker {
                worker.run(done).await;
            }
        })
    };
    let follower = {
        let (core, done) = (core.clone(), stopped(stop.subscribe()));
        tokio::spawn(async move {
            if run_worker {
                core.follow_changes(done).await;
            }
        })
    };
    let metrics = match metrics_listener {
        Some(listener) => {
            let app = beitrag_web::metrics_only(state.clone());
            let done = stopped(stop.subscribe());
            Some(tokio::spawn(async move {
                if let Err(e) = axum::serve(listener, app)
                    .with_graceful_shutdown(done)
                    .await
                {
                    tracing::error!(error = %e, "the /metrics listener failed");
                }
            }))
        }
        None => None,
    };
    let app = beitrag_web::HotPath::new(state);
    let served =
        axum::serve(
            listener,
            axum::ServiceExt::<axum::extract::Request>::into_make_service_with_connect_info::<
                SocketAddr,
            >(app),
        )
        .with_graceful_shutdown(shutdown)
        .await
        .context("server failed");
    // The worker finishes the jobs in hand; unfinished jobs stay queued.
    let _ = stop.send(true);
    let _ = worker.await;
    let _ = follower.await;
    if let Some(metrics) = metrics {
        let _ = metrics.await;
    }
    core.flush_changes().await;
    store.close().await;
    served
}

/// Everything `beitrag serve` does, on a listener the caller bound (tests
/// bind port 0). Returns the first-start credentials through `on_ready`.
pub async fn serve_with_listener(
    cfg: Config,
    listener: TcpListener,
    demo: bool,
    shutdown: impl Future<Output = ()> + Send + 'static,
    on_ready: impl FnOnce(Option<Credentials>),
) -> Result<()> {
    let addr = listener.local_addr().context("listener has no address")?;
    let (store, core) = open_core(&cfg).await?;
    let credentials = first_start(&core, &cfg, &addr.to_string(), demo).await?;
    on_ready(credentials);
    serve(store, core, &cfg, listener, shutdown).await
}

/// Completes on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down");
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn hides_password_when_url_has_credentials() {
        assert_eq!(redact("postgres://u:secret@db/x"), "postgres://***@db/x");
        assert_eq!(redact("sqlite:beitrag.db"), "sqlite:beitrag.db");
    }
}
