//! Several `beitrag serve` processes on one PostgreSQL database, as behind
//! a load balancer: a comment approved on one instance shows on all within
//! a second, 1,000 queued jobs run exactly once across three instances, and
//! a job whose instance is killed mid-job is run again by another after its
//! lease (and not before: the live instance renews it). PostgreSQL only; a
//! restart of the database server under load is `instances_restart.rs`.
//!
//! Each instance is the real binary on its own loopback port; the test
//! prepares the site through a core of its own (as the CLI would) and
//! reads the database directly to check the queue.

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use beitrag_core::job::Job;
use beitrag_core::model::{CommentStatus, PostId, PostKind, Scope};
use beitrag_core::service::{auth, jobs, settings};
use beitrag_core::{Actor, Core, Store};
use serde_json::Value;

use crate::harness::{Backend, TestDb, postgres_url};

/// Seconds a claim lasts in these tests (the default is 120): short, yet
/// leaving a renewal every second over a second of slack on a busy machine.
const LEASE: u64 = 3;

/// One `beitrag serve` process; killed (SIGKILL) when dropped.
pub(crate) struct Instance {
    pub base: String,
    child: Child,
    log: PathBuf,
    _dir: tempfile::TempDir,
}

impl Instance {
    /// Starts the binary on a free loopback port against `db_url`, with
    /// JSON logs (jobs at debug) in a file, and waits until it answers.
    pub async fn start(db_url: &str, media: &Path) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let base = format!("http://127.0.0.1:{port}");
        let config = dir.path().join("beitrag.toml");
        std::fs::File::create(&config)
            .unwrap()
            .write_all(
                format!(
                    "[database]\nurl = {db:?}\nmax_connections = 4\n\
                     [site]\nbase_url = {base:?}\n\
                     [limits]\ncomments_per_minute_per_ip = 0\ncomments_per_minute_per_post = 0\n\
                     [outbound]\nallow_private = [\"127.0.0.0/8\"]\n\
                     [jobs]\nlease_seconds = {LEASE}\n\
                     [log]\nformat = \"json\"\n\
                     [media]\ndir = {media:?}\n",
                    db = db_url,
                    media = media.display().to_string(),
                )
                .as_bytes(),
            )
            .unwrap();
        let log = dir.path().join("stderr.log");
        let child = Command::new(env!("CARGO_BIN_EXE_beitrag"))
            .current_dir(dir.path())
            .env(
                "RUST_LOG",
                "info,sqlx=warn,tower_http=warn,beitrag_jobs=debug",
            )
            .args(["--config", config.to_str().unwrap(), "serve", "--no-demo"])
            .args(["--listen", &format!("127.0.0.1:{port}")])
            .stdout(Stdio::null())
            .stderr(Stdio::from(std::fs::File::create(&log).unwrap()))
            .spawn()
            .expect("start beitrag serve");
        let mut me = Self {
            base,
            child,
            log,
            _dir: dir,
        };
        me.wait_ready().await;
        me
    }

    async fn wait_ready(&mut self) {
        let client = client();
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok(r) = client.get(self.url("/healthz")).send().await
                && r.status() == 200
            {
                return;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("beitrag serve exited with {status}: {}", self.log());
            }
            assert!(Instant::now() < deadline, "no answer: {}", self.log());
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// What the process wrote to stderr so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// The ids of the jobs this instance logged `message` for (at debug:
    /// "job claimed", "job done").
    fn jobs_logged(&self, message: &str) -> Vec<i64> {
        self.log()
            .lines()
            .filter_map(|l| serde_json::from_str::<Value>(l).ok())
            .filter(|v| v["fields"]["message"] == message)
            .filter_map(|v| v["fields"]["job"].as_i64())
            .collect()
    }

    fn jobs_done(&self) -> Vec<i64> {
        self.jobs_logged("job done")
    }

    /// SIGKILL: no graceful shutdown, jobs in hand are abandoned.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A client that shows redirects as they are and pools nothing.
pub(crate) fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(0)
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap()
}

/// A new site on `db_url` prepared as `beitrag` commands would: migrated,
/// first start done (administrator, no demo), comments accepted at once
/// (no minimum fill time), and one open post at `/2020/06/mehrere/`.
pub(crate) async fn prepare_site(db_url: &str, media: &Path) -> (Arc<dyn Store>, Core) {
    let mut cfg = beitrag::config::Config::default();
    cfg.database.url = beitrag::config::Secret(db_url.to_owned());
    cfg.database.max_connections = 2;
    cfg.media.dir = media.to_owned();
    let (store, core) = beitrag::server::open_core(&cfg).await.unwrap();
    beitrag::server::first_start(&core, &cfg, "127.0.0.1:8080", false)
        .await
        .unwrap();
    settings::set(&core, &Actor::Operator, "comment_min_seconds", "0")
        .await
        .unwrap();
    let mut post = crate::harness::published(
        PostKind::Post,
        "mehrere",
        "Mehrere Instanzen",
        "Ein Beitrag, drei Prozesse.",
        "admin",
    );
    post.published_at = chrono::DateTime::from_timestamp(1_592_222_400, 0); // 2020-06-15
    crate::harness::save_posts(&core, vec![post]).await.unwrap();
    core.flush_changes().await;
    (store, core)
}

pub(crate) const POST: &str = "/2020/06/mehrere/";

/// The comment form's fields on `instance`'s page of [`POST`].
pub(crate) async fn form(client: &reqwest::Client, instance: &Instance) -> (String, String) {
    let html = client
        .get(instance.url(POST))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let doc = scraper::Html::parse_document(&html);
    (
        crate::harness::attr(&doc, "input[name=comment_post_ID]", "value"),
        crate::harness::attr(&doc, "input[name=token]", "value"),
    )
}

/// Posts the comment form to `instance`.
pub(crate) async fn post_comment(
    client: &reqwest::Client,
    instance: &Instance,
    (post_id, token): &(String, String),
    author: &str,
    text: &str,
) -> reqwest::Result<reqwest::Response> {
    let body = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs([
            ("comment_post_ID", post_id.as_str()),
            ("token", token.as_str()),
            ("author", author),
            ("email", "viele@example.net"),
            ("comment", text),
            ("website_url", ""),
        ])
        .finish();
    client
        .post(instance.url("/comments/"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
}

/// A fresh database on the shared test server, or `None` (skip) without one.
async fn database() -> Option<TestDb> {
    postgres_url()?;
    Some(TestDb::new(Backend::Postgres).await)
}

/// Starts three instances on `db` at once, as a deployment would (on an
/// empty database too: they migrate and make the first start together).
async fn three(db: &TestDb, media: &Path) -> [Instance; 3] {
    let (a, b, c) = tokio::join!(
        Instance::start(&db.url, media),
        Instance::start(&db.url, media),
        Instance::start(&db.url, media)
    );
    [a, b, c]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_comment_approved_on_one_instance_shows_on_all_within_a_second() {
    let Some(db) = database().await else { return };
    let media = tempfile::tempdir().unwrap();
    let (store, core) = prepare_site(&db.url, media.path()).await;
    settings::set(&core, &Actor::Operator, "comment_moderation", "all")
        .await
        .unwrap();
    core.flush_changes().await;
    let admin = store.user_by_login("admin").await.unwrap().unwrap();
    let (_, token) = auth::create_token(
        &core,
        &Actor::Operator,
        &admin,
        "instances",
        Scope::Write,
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    let all = three(&db, media.path()).await;
    let [a, b, _] = &all;
    let client = client();
    // Every instance renders and caches the page (TTL 30 s).
    for instance in &all {
        for _ in 0..2 {
            let res = client.get(instance.url(POST)).send().await.unwrap();
            assert_eq!(res.status(), 200);
        }
    }

    let text = "Auf A geschrieben, auf B freigegeben.";
    let res = post_comment(&client, a, &form(&client, a).await, "Ada", text)
        .await
        .unwrap();
    assert_eq!(res.status(), 303, "comment accepted on A");
    let held = crate::harness::all_comments(store.as_ref(), None, 10).await;
    let held = held.iter().find(|c| c.html.contains("Auf A")).unwrap();
    assert_eq!(held.status, CommentStatus::Pending);
    for instance in &all {
        let body = client.get(instance.url(POST)).send().await.unwrap();
        assert!(!body.text().await.unwrap().contains(text), "held back");
    }

    let res = client
        .patch(b.url(&format!("/api/v1/comments/{}", held.id.0)))
        .bearer_auth(&token)
        .json(&serde_json::json!({"status": "approved"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "approved on B");
    let approved = Instant::now();
    let mut missing: Vec<&Instance> = all.iter().collect();
    while !missing.is_empty() {
        let mut still = Vec::new();
        for instance in missing {
            let body = client.get(instance.url(POST)).send().await.unwrap();
            if !body.text().await.unwrap().contains(text) {
                still.push(instance);
            }
        }
        missing = still;
        assert!(
            missing.is_empty() || approved.elapsed() < Duration::from_secs(1),
            "not shown within 1 s on {:?}",
            missing.iter().map(|i| &i.base).collect::<Vec<_>>()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    eprintln!("shown on all three after {:?}", approved.elapsed());
    drop(all);
    db.drop_database().await;
}

/// A loopback HTTP server that counts requests by path. Paths under
/// `/stall/` leave the first request unanswered for a minute (a receiver
/// that hangs), and answer later ones at once.
#[derive(Clone, Default)]
struct Sink {
    hits: Arc<Mutex<HashMap<String, usize>>>,
}

impl Sink {
    async fn start() -> (Self, String) {
        let sink = Self::default();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let app = axum::Router::new()
            .fallback(Self::hit)
            .with_state(sink.clone());
        tokio::spawn(async move { axum::serve(listener, app).await });
        (sink, base)
    }

    async fn hit(
        axum::extract::State(sink): axum::extract::State<Self>,
        uri: axum::http::Uri,
    ) -> impl axum::response::IntoResponse {
        let path = uri.path().to_owned();
        let n = {
            let mut hits = sink.hits.lock().unwrap();
            let n = hits.entry(path.clone()).or_default();
            *n += 1;
            *n
        };
        if path.starts_with("/stall/") && n == 1 {
            tokio::time::sleep(Duration::from_secs(60)).await;
        }
        (
            [("content-type", "text/html; charset=utf-8")],
            "<!doctype html><title>Ziel</title><p>Kein Endpunkt.",
        )
    }

    fn hits(&self, path: &str) -> usize {
        self.hits.lock().unwrap().get(path).copied().unwrap_or(0)
    }

    fn all(&self) -> HashMap<String, usize> {
        self.hits.lock().unwrap().clone()
    }
}

/// A ping to `target`: the worker GETs it, finds no endpoint, and is done.
fn ping(target: String) -> Job {
    Job::Ping {
        post: PostId(1),
        source: "http://127.0.0.1/2020/06/mehrere/".into(),
        target,
    }
}

/// One row of `sql` (integers) straight from the database.
async fn numbers(db: &TestDb, sql: &str) -> Vec<i64> {
    use sqlx::{Connection, Row};
    let mut conn = sqlx::PgConnection::connect(&db.url).await.unwrap();
    let row = sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
        .fetch_one(&mut conn)
        .await
        .unwrap();
    (0..row.len()).map(|i| row.get::<i64, _>(i)).collect()
}

/// Waits (bounded) until `sql`'s first number is `want`.
async fn wait_for(db: &TestDb, sql: &str, want: i64, limit: Duration) {
    let deadline = Instant::now() + limit;
    loop {
        let got = numbers(db, sql).await[0];
        if got == want {
            return;
        }
        assert!(Instant::now() < deadline, "{sql}: {got}, not {want}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_jobs_run_exactly_once_across_three_instances() {
    let Some(db) = database().await else { return };
    let media = tempfile::tempdir().unwrap();
    let (sink, sink_base) = Sink::start().await;
    // Started at once on an empty database: they migrate and make the
    // first start together, and agree on one administrator and one secret.
    let all = three(&db, media.path()).await;
    let (store, core) = prepare_site(&db.url, media.path()).await;
    assert_eq!(store.users().await.unwrap().len(), 1, "one administrator");
    let client = client();
    let fields = form(&client, &all[0]).await;
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        // A's form is accepted by B (once B has the new settings).
        let res = post_comment(&client, &all[1], &fields, "Ben", "Von A nach B.")
            .await
            .unwrap();
        if res.status() == 303 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "A's form refused by B: {}",
            res.status()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // Queued as a command would: each enqueue announces the work, so every
    // instance wakes as the jobs arrive.
    let mut ids = HashSet::new();
    for n in 0..1000 {
        let job = ping(format!("{sink_base}/t/{n}"));
        let id = jobs::enqueue(&core, &job, None, chrono::Utc::now())
            .await
            .unwrap();
        ids.insert(id.0);
    }
    core.flush_changes().await;
    assert_eq!(ids.len(), 1000);
    wait_for(
        &db,
        "select count(*) from jobs where kind = 'linkback.ping' and outcome = 'done'",
        1000,
        Duration::from_secs(30),
    )
    .await;

    // Claimed once each (one attempt), fetched once each.
    let claims = numbers(
        &db,
        "select count(*), coalesce(max(attempts), 0), coalesce(min(attempts), 0) \
         from jobs where kind = 'linkback.ping'",
    )
    .await;
    assert_eq!(claims, vec![1000, 1, 1], "(jobs, most, fewest attempts)");
    let hits = sink.all();
    assert_eq!(hits.len(), 1000, "every target fetched");
    assert!(hits.values().all(|&n| n == 1), "each fetched once");
    // Each instance's own account of what it ran: together every job,
    // none twice, and all three took part.
    let mut seen = HashSet::new();
    let mut shares = Vec::new();
    for instance in &all {
        let done: Vec<i64> = instance
            .jobs_done()
            .into_iter()
            .filter(|id| ids.contains(id))
            .collect();
        shares.push(done.len());
        for id in done {
            assert!(seen.insert(id), "job {id} recorded twice");
        }
    }
    assert_eq!(seen, ids, "every job recorded by one instance");
    eprintln!("jobs per instance: {shares:?}");
    assert!(shares.iter().all(|&n| n > 0), "all took part: {shares:?}");
    drop(all);
    db.drop_database().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_of_a_killed_instance_runs_again_on_another_after_its_lease() {
    let Some(db) = database().await else { return };
    let media = tempfile::tempdir().unwrap();
    let (_store, core) = prepare_site(&db.url, media.path()).await;
    let (sink, sink_base) = Sink::start().await;
    let mut all = three(&db, media.path()).await;
    let id = jobs::enqueue(
        &core,
        &ping(format!("{sink_base}/stall/1")),
        None,
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    core.flush_changes().await;
    let deadline = Instant::now() + Duration::from_secs(10);
    while sink.hits("/stall/1") == 0 {
        assert!(Instant::now() < deadline, "nobody started the job");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // The receiver hangs; the instance that claimed the job is mid-job.
    let holder = all
        .iter()
        .position(|i| i.jobs_logged("job claimed").contains(&id.0))
        .expect("one instance logged the claim");
    // Alive, it renews its claim: past the lease nobody else runs the job.
    // (A fixed wait: what is checked is that nothing happens meanwhile;
    // shorter than the outbound timeout of 10 s, which would end it.)
    tokio::time::sleep(Duration::from_secs(LEASE + 1)).await;
    assert_eq!(sink.hits("/stall/1"), 1, "not taken over while alive");
    let running = format!(
        "select attempts from jobs where id = {} and done_at is null",
        id.0
    );
    assert_eq!(numbers(&db, &running).await, vec![1]);

    all[holder].kill();
    let killed = Instant::now();
    wait_for(
        &db,
        &format!(
            "select count(*) from jobs where id = {} and outcome = 'done'",
            id.0
        ),
        1,
        Duration::from_secs(LEASE + 10),
    )
    .await;
    eprintln!("retried and done {:?} after the kill", killed.elapsed());
    // The last renewal, at most a third of the lease before the kill,
    // holds the job for over two thirds of it after.
    assert!(
        killed.elapsed() >= Duration::from_secs(LEASE - 1),
        "not before the lease ran out"
    );
    assert_eq!(sink.hits("/stall/1"), 2, "run once more, by one instance");
    let attempts = format!("select attempts from jobs where id = {}", id.0);
    assert_eq!(numbers(&db, &attempts).await, vec![2]);
    let finished_by: Vec<usize> = (0..3)
        .filter(|&i| all[i].jobs_done().contains(&id.0))
        .collect();
    assert_eq!(finished_by.len(), 1, "{finished_by:?}");
    assert_ne!(finished_by[0], holder, "not by the killed instance");
    drop(all);
    db.drop_database().await;
}
