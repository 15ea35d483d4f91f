//! Test harness: a fresh database per test (SQLite temp file, or a uniquely
//! named PostgreSQL database on the server named by
//! `BEITRAG_TEST_POSTGRES_URL`) and the real server on an ephemeral port.

use std::sync::Arc;

use beitrag::config::{Config, Secret};
use beitrag::server::Credentials;
use beitrag_core::Store;
use tokio::net::TcpListener;
use tokio::sync::oneshot;

/// Which database a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Instantiates each scenario once per backend: `sqlite::name`, `postgres::name`.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() { super::$name($crate::harness::Backend::Sqlite).await })*
        }
        mod postgres {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                if $crate::harness::postgres_url().is_none() { return; }
                super::$name($crate::harness::Backend::Postgres).await
            })*
        }
    };
}

/// The PostgreSQL server for tests. Under `CI=true` its absence fails the
/// run instead of skipping.
pub fn postgres_url() -> Option<String> {
    match std::env::var("BEITRAG_TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ if std::env::var("CI").as_deref() == Ok("true") => {
            panic!(
                "CI=true but BEITRAG_TEST_POSTGRES_URL is not set: run the suite through scripts/test"
            )
        }
        _ => {
            eprintln!(
                "skipping PostgreSQL test: BEITRAG_TEST_POSTGRES_URL is not set (scripts/test sets it)"
            );
            None
        }
    }
}

/// A database that lives as long as the test.
pub struct TestDb {
    pub url: String,
    /// The maintenance URL and database name on PostgreSQL, to drop it.
    postgres: Option<(String, String)>,
    _dir: tempfile::TempDir,
}

impl TestDb {
    pub async fn new(backend: Backend) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut postgres = None;
        let url = match backend {
            Backend::Sqlite => format!("sqlite:{}", dir.path().join("beitrag.db").display()),
            Backend::Postgres => {
                let admin = postgres_url().expect("postgres url");
                let name = format!("beitrag_it_{}", rand_suffix());
                let mut conn = <sqlx::PgConnection as sqlx::Connection>::connect(&admin)
                    .await
                    .expect("connect to test postgres");
                sqlx::query(sqlx::AssertSqlSafe(format!("create database {name}")))
                    .execute(&mut conn)
                    .await
                    .expect("create database");
                postgres = Some((admin.clone(), name.clone()));
                match admin.rfind('/') {
                    Some(i) => format!("{}/{name}", &admin[..i]),
                    None => panic!("BEITRAG_TEST_POSTGRES_URL has no database part"),
                }
            }
        };
        Self {
            url,
            postgres,
            _dir: dir,
        }
    }

    /// No database: what a [`TestApp`] keeps after handing its own on.
    fn none() -> Self {
        Self {
            url: String::new(),
            postgres: None,
            _dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// Drops the PostgreSQL database (SQLite's file goes with its directory).
    pub async fn drop_database(&self) {
        let Some((admin, name)) = &self.postgres else {
            return;
        };
        if let Ok(mut conn) = <sqlx::PgConnection as sqlx::Connection>::connect(admin).await {
            let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
                "drop database if exists {name} with (force)"
            )))
            .execute(&mut conn)
            .await;
        }
    }
}

fn rand_suffix() -> String {
    use std::time::{SystemTime, UNIX_EPOCH};
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!("{}_{}", std::process::id(), nanos ^ (rand::random::<u32>()))
}

/// A running server.
pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub credentials: Option<Credentials>,
    pub store: Arc<dyn Store>,
    /// The core the server uses: writes through its services reach the
    /// server's cache at once, as the server's own writes do.
    pub core: beitrag_core::Core,
    pub db: TestDb,
    /// Where uploads go (removed with the app).
    pub media_dir: tempfile::TempDir,
    shutdown: Option<oneshot::Sender<()>>,
    handle: Option<tokio::task::JoinHandle<anyhow::Result<()>>>,
}

/// Options for [`TestApp::start_with`].
pub struct Options {
    pub language: &'static str,
    pub demo: bool,
    pub cache_ttl: u64,
    pub theme_dir: Option<std::path::PathBuf>,
    /// Comments per minute per address and per post; tests other than the
    /// flood test send many.
    pub rate_limits: (u32, u32),
    /// `[outbound] allow_private` (loopback for linkback tests).
    pub allow_private: Vec<String>,
    /// `[limits] activities_per_minute_per_instance`.
    pub instance_limit: u32,
    /// `[mail] smtp_url`.
    pub smtp_url: String,
    /// Run the job worker (off only where queries are counted).
    pub worker: bool,
    /// `[server] metrics_listen`.
    pub metrics_listen: Option<String>,
    /// `[server] trusted_proxies`.
    pub trusted_proxies: Vec<String>,
    /// `[media]`; `None`: a temporary directory ([`TestApp::media_dir`]).
    pub media: Option<beitrag::config::MediaConfig>,
    /// `[media] dir`, when not a fresh temporary directory (a restored blog's).
    pub media_dir: Option<std::path::PathBuf>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            language: "de",
            demo: true,
            cache_ttl: 30,
            theme_dir: None,
            rate_limits: (1000, 1000),
            allow_private: Vec::new(),
            instance_limit: 600,
            smtp_url: String::new(),
            worker: true,
            metrics_listen: None,
            trusted_proxies: Vec::new(),
            media: None,
            media_dir: None,
        }
    }
}

impl TestApp {
    pub async fn start(backend: Backend) -> Self {
        Self::start_with(backend, Options::default()).await
    }

    pub async fn start_with(backend: Backend, options: Options) -> Self {
        let db = TestDb::new(backend).await;
        Self::start_on(db, options).await
    }

    pub async fn start_on(db: TestDb, options: Options) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let mut cfg = Config::default();
        cfg.database.url = Secret(db.url.clone());
        cfg.database.max_connections = 4;
        cfg.server.listen = addr.to_string();
        cfg.site.language = options.language.into();
        cfg.site.base_url = format!("http://{addr}");
        cfg.cache.ttl_seconds = options.cache_ttl;
        cfg.site.theme_dir = options.theme_dir;
        cfg.limits.comments_per_minute_per_ip = options.rate_limits.0;
        cfg.limits.comments_per_minute_per_post = options.rate_limits.1;
        cfg.outbound.allow_private = options.allow_private;
        cfg.limits.activities_per_minute_per_instance = options.instance_limit;
        cfg.mail.smtp_url = Secret(options.smtp_url);
        cfg.server.metrics_listen = options.metrics_listen;
        cfg.server.trusted_proxies = options.trusted_proxies;
        let media_dir = tempfile::tempdir().expect("media dir");
        cfg.media = options.media.clone().unwrap_or_default();
        cfg.media.dir = options
            .media_dir
            .clone()
            .unwrap_or_else(|| media_dir.path().to_owned());
        let (tx, rx) = oneshot::channel::<()>();
        // The server and the test share one store, so the test can count
        // the server's queries and write through the same pool.
        let (store, core) = beitrag::server::open_core(&cfg).await.expect("open store");
        let credentials =
            beitrag::server::first_start(&core, &cfg, &addr.to_string(), options.demo)
                .await
                .expect("first start");
        let (server_store, server_core) = (store.clone(), core.clone());
        let handle = tokio::spawn(async move {
            beitrag::server::serve_with_worker(
                server_store,
                server_core,
                &cfg,
                listener,
                async move {
                    let _ = rx.await;
                },
                options.worker,
            )
            .await
        });
        // No pooled connections: after a 413 the server may close the
        // connection without reading the rest of the body (as HTTP allows),
        // and a reused connection would fail the next, unrelated request.
        let client = reqwest::Client::builder()
            .pool_max_idle_per_host(0)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client");
        Self {
            base: format!("http://{addr}"),
            client,
            credentials,
            store,
            core,
            db,
            media_dir,
            shutdown: Some(tx),
            handle: Some(handle),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request")
    }

    /// GET, assert 200, parse as HTML and assert it parsed without errors.
    pub async fn page(&self, path: &str) -> scraper::Html {
        let res = self.get(path).await;
        assert_eq!(res.status(), 200, "GET {path}");
        let ct = res.headers()["content-type"]
            .to_str()
            .expect("ct")
            .to_owned();
        assert!(ct.starts_with("text/html"), "{ct}");
        let body = res.text().await.expect("body");
        let doc = scraper::Html::parse_document(&body);
        assert!(
            doc.errors.is_empty(),
            "HTML parse errors on {path}: {:?}",
            doc.errors
        );
        doc
    }

    /// Stops the server gracefully and waits for it.
    pub async fn stop(mut self) {
        self.halt().await;
        self.db.drop_database().await;
    }

    /// Stops the server and starts a new one on the same database, as a
    /// restart of the process would (the media directory is a new one:
    /// restart with a shared store such as a bucket).
    pub async fn restart(mut self, options: Options) -> Self {
        self.halt().await;
        let db = std::mem::replace(&mut self.db, TestDb::none());
        Self::start_on(db, options).await
    }

    async fn halt(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(h) = self.handle.take() {
            h.await.expect("server task").expect("server result");
        }
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// Text of the first element matching `selector`.
pub fn text(doc: &scraper::Html, selector: &str) -> String {
    let sel = scraper::Selector::parse(selector).expect("selector");
    let el = doc
        .select(&sel)
        .next()
        .unwrap_or_else(|| panic!("no element matches {selector}"));
    el.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Number of elements matching `selector`.
pub fn count(doc: &scraper::Html, selector: &str) -> usize {
    let sel = scraper::Selector::parse(selector).expect("selector");
    doc.select(&sel).count()
}

/// An attribute of the first element matching `selector`.
pub fn attr(doc: &scraper::Html, selector: &str, name: &str) -> String {
    let sel = scraper::Selector::parse(selector).expect("selector");
    let el = doc
        .select(&sel)
        .next()
        .unwrap_or_else(|| panic!("no element matches {selector}"));
    el.value()
        .attr(name)
        .unwrap_or_else(|| panic!("{selector} has no {name}"))
        .to_owned()
}

/// Position in document order of the first element matching each selector.
pub fn order(doc: &scraper::Html, selectors: &[&str]) -> Vec<usize> {
    let index: std::collections::HashMap<_, _> = doc
        .root_element()
        .descendants()
        .enumerate()
        .map(|(i, n)| (n.id(), i))
        .collect();
    selectors
        .iter()
        .map(|s| {
            let sel = scraper::Selector::parse(s).expect("selector");
            let el = doc
                .select(&sel)
                .next()
                .unwrap_or_else(|| panic!("no element matches {s}"));
            index[&el.id()]
        })
        .collect()
}

/// A real SMTP sink: Python's aiosmtpd writing every message to a maildir.
pub struct SmtpSink {
    pub url: String,
    dir: tempfile::TempDir,
    child: std::process::Child,
}

impl SmtpSink {
    /// Starts the sink; `None` (skip) when aiosmtpd is missing outside CI.
    pub async fn start() -> Option<Self> {
        let present = std::process::Command::new("python3")
            .args(["-c", "import aiosmtpd"])
            .status()
            .is_ok_and(|s| s.success());
        if !present {
            if std::env::var("CI").as_deref() == Ok("true") {
                panic!("CI=true but Python's aiosmtpd is missing: scripts/test installs it");
            }
            eprintln!("skipping mail test: Python's aiosmtpd is missing (pip install aiosmtpd)");
            return None;
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .ok()?
            .local_addr()
            .ok()?
            .port();
        let dir = tempfile::tempdir().ok()?;
        let child = std::process::Command::new("python3")
            .args([
                "-m",
                "aiosmtpd",
                "-n",
                "-l",
                &format!("127.0.0.1:{port}"),
                "-c",
                "aiosmtpd.handlers.Mailbox",
            ])
            .arg(dir.path().join("maildir"))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start aiosmtpd");
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_err()
        {
            assert!(
                std::time::Instant::now() < deadline,
                "aiosmtpd did not start"
            );
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        Some(Self {
            url: format!("smtp://127.0.0.1:{port}"),
            dir,
            child,
        })
    }

    /// Every delivered message, raw.
    pub fn messages(&self) -> Vec<String> {
        let Ok(entries) = std::fs::read_dir(self.dir.path().join("maildir").join("new")) else {
            return Vec::new();
        };
        entries
            .filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
            .collect()
    }

    /// Waits (bounded) until at least `n` messages arrived.
    pub async fn wait_for(&self, n: usize) -> Vec<String> {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
        loop {
            let m = self.messages();
            if m.len() >= n || std::time::Instant::now() > deadline {
                return m;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A published entry dated a few minutes ago with every optional field at
/// its default; tests override only what they are about.
pub fn published(
    kind: beitrag_core::model::PostKind,
    slug: &str,
    title: &str,
    source: &str,
    author: &str,
) -> beitrag_core::service::post::PostInput {
    beitrag_core::service::post::PostInput {
        id: None,
        kind,
        status: beitrag_core::model::PostStatus::Published,
        title: title.into(),
        slug: Some(slug.into()),
        source: source.into(),
        format: beitrag_core::model::SourceFormat::Markdown,
        excerpt: String::new(),
        author: author.into(),
        published_at: Some(chrono::Utc::now() - chrono::Duration::minutes(5)),
        updated_at: None,
        comment_status: None,
        ping_status: None,
        sticky: false,
        trackbacks: Vec::new(),
        tags: vec![],
        categories: vec![],
        featured_media: None,
    }
}

/// Every response of any status, newest first (at most `limit`).
pub async fn all_comments(
    store: &dyn Store,
    status: Option<beitrag_core::model::CommentStatus>,
    limit: i64,
) -> Vec<beitrag_core::model::Comment> {
    store
        .comments_page(&beitrag_core::store::CommentFilter {
            status,
            post: None,
            offset: 0,
            limit,
        })
        .await
        .expect("comments")
        .0
}

/// Saves posts as an import would (all or nothing, with every side effect
/// of a save), through the server's core.
pub async fn save_posts(
    core: &beitrag_core::Core,
    inputs: Vec<beitrag_core::service::post::PostInput>,
) -> Result<Vec<beitrag_core::model::PostId>, beitrag_core::service::post::BatchError> {
    beitrag_core::service::post::save_batch(core, &beitrag_core::Actor::Import, inputs, false).await
}

/// Publishes comments and linkbacks at once (`comment_moderation = none`),
/// for tests of what happens after moderation.
pub async fn moderate_nothing(app: &TestApp) {
    beitrag_core::service::settings::set(
        &app.core,
        &beitrag_core::Actor::Operator,
        "comment_moderation",
        "none",
    )
    .await
    .unwrap();
}

/// The first column of `sql`'s rows as text, read straight from the
/// database (for what no store method shows, such as stored addresses).
pub async fn raw_strings(app: &TestApp, sql: &str) -> Vec<String> {
    use sqlx::{Connection, Row};
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(&app.db.url).await.unwrap();
    sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
        .fetch_all(&mut conn)
        .await
        .unwrap()
        .iter()
        .map(|r| r.get::<String, _>(0))
        .collect()
}

/// Runs one statement straight on the database.
pub async fn raw_execute(app: &TestApp, sql: &str) {
    use sqlx::Connection;
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(&app.db.url).await.unwrap();
    sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
        .execute(&mut conn)
        .await
        .unwrap();
}

/// Empties the sidebar: tests whose linkback sources are pages of this
/// blog need pages that link only where their text does (recent posts in
/// the sidebar would link every page to the newest posts).
pub async fn no_sidebar(app: &TestApp) {
    beitrag_core::service::theme::save_widgets(&app.core, &beitrag_core::Actor::Operator, &[])
        .await
        .unwrap();
}
