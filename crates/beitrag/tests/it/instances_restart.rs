//! The database server restarts under load (`pg_ctl restart -m fast`):
//! comments keep arriving at a running `beitrag serve`; those that meet
//! the restart fail cleanly (a 5xx error page, in bounded time, no panic),
//! the instance recovers by itself, and every comment that was answered
//! with success is in the database afterwards.
//!
//! This needs a PostgreSQL server of its own, not the shared test server:
//! a private cluster made with `initdb` and `pg_ctl` (run as the
//! `postgres` user when the tests run as root) in a temporary directory.
//! Without the PostgreSQL binaries the test is skipped, under `CI=true` it
//! fails.

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use tokio::sync::Mutex;

use crate::instances::{Instance, POST, client, form, post_comment, prepare_site};

/// The slowest answer accepted while the database is away: the pool's
/// acquire timeout (8 s) and some slack, far below the client's 20 s.
const BOUND: Duration = Duration::from_secs(15);

/// A throwaway PostgreSQL cluster on a free loopback port; stopped when
/// dropped.
struct Cluster {
    bin: PathBuf,
    data: PathBuf,
    log: PathBuf,
    port: u16,
    /// The server's options (`pg_ctl start` needs them each time;
    /// `restart` reuses the running server's).
    options: String,
    as_postgres: bool,
    _dir: tempfile::TempDir,
}

fn postgres_bin() -> Option<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| Some(e.ok()?.path().join("bin")))
        .filter(|bin| bin.join("initdb").is_file() && bin.join("pg_ctl").is_file())
        .collect();
    found.sort();
    found.pop()
}

impl Cluster {
    /// Creates and starts the cluster; `None` (skip) without PostgreSQL's
    /// binaries outside CI.
    fn start() -> Option<Self> {
        let Some(bin) = postgres_bin() else {
            if std::env::var("CI").as_deref() == Ok("true") {
                panic!("CI=true but initdb/pg_ctl are missing: scripts/test installs postgresql");
            }
            eprintln!("skipping: no initdb/pg_ctl in /usr/lib/postgresql/*/bin");
            return None;
        };
        let uid = Command::new("id").arg("-u").output().ok()?;
        // PostgreSQL refuses to run as root.
        let as_postgres = String::from_utf8_lossy(&uid.stdout).trim() == "0";
        let dir = tempfile::tempdir().unwrap();
        if as_postgres {
            let owned = Command::new("chown")
                .args(["postgres:postgres"])
                .arg(dir.path())
                .status()
                .unwrap();
            assert!(owned.success(), "chown the cluster directory to postgres");
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let options = format!(
            "-p {port} -c listen_addresses=127.0.0.1 -k {}",
            dir.path().display()
        );
        let me = Self {
            options,
            data: dir.path().join("data"),
            log: dir.path().join("postgres.log"),
            bin,
            port,
            as_postgres,
            _dir: dir,
        };
        me.run(
            "initdb",
            &["-D", &me.data.display().to_string()],
            &["-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"],
        );
        me.start_server();
        Some(me)
    }

    fn start_server(&self) {
        self.pg_ctl(&["-o", &self.options, "start"]);
    }

    fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    /// Runs one of the cluster's programs (as `postgres` under root) and
    /// asserts it succeeded.
    fn run(&self, program: &str, first: &[&str], rest: &[&str]) {
        let exe = self.bin.join(program);
        let mut cmd = if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(&exe);
            c
        } else {
            Command::new(&exe)
        };
        // Output to files, never pipes: a postmaster started by pg_ctl
        // would hold a pipe open and a reader would wait forever.
        let status = cmd
            .args(first)
            .args(rest)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .unwrap_or_else(|e| panic!("cannot run {program}: {e}"));
        assert!(
            status.success(),
            "{program} {rest:?}: {status}; {}",
            std::fs::read_to_string(&self.log).unwrap_or_default()
        );
    }

    /// `pg_ctl -D data -l log -w …`.
    fn pg_ctl(&self, args: &[&str]) {
        let data = self.data.display().to_string();
        let log = self.log.display().to_string();
        self.run("pg_ctl", &["-D", &data, "-l", &log, "-w"], args);
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let data = self.data.display().to_string();
        let exe = self.bin.join("pg_ctl");
        let mut cmd = if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(&exe);
            c
        } else {
            Command::new(&exe)
        };
        let _ = cmd
            .args(["-D", &data, "-m", "immediate", "-w", "stop"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}

/// How one comment submission went.
struct Sent {
    text: String,
    status: Option<u16>,
    content_type: String,
    retry_after: Option<String>,
    body: String,
    took: Duration,
    at: Instant,
}

impl Sent {
    fn ok(&self) -> bool {
        self.status == Some(303)
    }
}

/// Submits comments to `instance` one after another until `stop`.
async fn load(
    instance: Arc<Instance>,
    task: usize,
    stop: Arc<AtomicBool>,
    sent: Arc<Mutex<Vec<Sent>>>,
) {
    let client = client();
    let fields = form(&client, &instance).await;
    let mut n = 0;
    while !stop.load(Ordering::Relaxed) {
        n += 1;
        let text = format!("Kommentar {task}-{n} trotz Neustart.");
        let start = Instant::now();
        let res = post_comment(&client, &instance, &fields, "Last", &text).await;
        let took = start.elapsed();
        let record = match res {
            Ok(r) => {
                let status = r.status().as_u16();
                let content_type = r
                    .headers()
                    .get("content-type")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("")
                    .to_owned();
                let retry_after = r
                    .headers()
                    .get("retry-after")
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned);
                let body = r.text().await.unwrap_or_default();
                Sent {
                    text,
                    status: Some(status),
                    content_type,
                    retry_after,
                    body,
                    took,
                    at: start,
                }
            }
            Err(e) => Sent {
                text,
                status: None,
                content_type: String::new(),
                retry_after: None,
                body: e.to_string(),
                took,
                at: start,
            },
        };
        sent.lock().await.push(record);
    }
}

async fn successes_since(sent: &Mutex<Vec<Sent>>, since: Instant) -> usize {
    sent.lock()
        .await
        .iter()
        .filter(|s| s.ok() && s.at >= since)
        .count()
}

/// Waits (bounded) until `n` comments submitted after `since` succeeded.
async fn until_successes(sent: &Mutex<Vec<Sent>>, since: Instant, n: usize, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while successes_since(sent, since).await < n {
        assert!(Instant::now() < deadline, "no {n} successes {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_database_restart_under_load_fails_cleanly_and_loses_no_acknowledged_comment() {
    let Some(cluster) = tokio::task::spawn_blocking(Cluster::start).await.unwrap() else {
        return;
    };
    let media = tempfile::tempdir().unwrap();
    let url = cluster.url();
    let (store, _core) = prepare_site(&url, media.path()).await;
    let instance = Arc::new(Instance::start(&url, media.path()).await);
    let fields = form(&client(), &instance).await;
    let stop = Arc::new(AtomicBool::new(false));
    let sent = Arc::new(Mutex::new(Vec::new()));
    let loaders: Vec<_> = (0..4)
        .map(|task| tokio::spawn(load(instance.clone(), task, stop.clone(), sent.clone())))
        .collect();
    let begin = Instant::now();
    until_successes(&sent, begin, 20, "before the restart").await;

    let restart = Instant::now();
    let cluster = tokio::task::spawn_blocking(move || {
        cluster.pg_ctl(&["-m", "fast", "restart"]);
        cluster
    })
    .await
    .unwrap();
    let restarted = Instant::now();
    eprintln!("pg_ctl restart took {:?}", restarted - restart);
    until_successes(&sent, restarted, 20, "after the restart").await;
    stop.store(true, Ordering::Relaxed);
    for l in loaders {
        l.await.unwrap();
    }

    let sent = sent.lock().await;
    let failed: Vec<&Sent> = sent.iter().filter(|s| !s.ok()).collect();
    eprintln!(
        "{} comments sent, {} failed (all while the database restarted)",
        sent.len(),
        failed.len()
    );
    for s in &failed {
        let status = s.status.unwrap_or_else(|| panic!("no answer: {}", s.body));
        // 503 while the database is away (with when to retry); a 500 only
        // for a statement cut off by the shutdown in some other way.
        assert!(
            status == 503 || status == 500,
            "a clean server error, not {status}: {}",
            s.body
        );
        if status == 503 {
            assert_eq!(s.retry_after.as_deref(), Some("5"), "503 says when");
        }
        assert!(
            s.content_type.starts_with("text/html") && s.body.contains("<h1>"),
            "an error page, not {status} {}: {}",
            s.content_type,
            s.body
        );
        assert!(
            !s.body.contains("sqlx") && !s.body.contains("postgres"),
            "no cause shown"
        );
        // Only requests that met the restart fail.
        assert!(
            s.at + s.took >= restart && s.at <= restarted + BOUND,
            "failed outside the restart: {}",
            s.body
        );
    }
    let statuses: std::collections::BTreeMap<u16, usize> =
        failed.iter().fold(Default::default(), |mut m, s| {
            *m.entry(s.status.unwrap_or(0)).or_default() += 1;
            m
        });
    eprintln!("failures by status: {statuses:?}");
    let slowest = sent.iter().map(|s| s.took).max().unwrap();
    eprintln!("slowest answer {slowest:?}");
    assert!(slowest < BOUND, "an answer took {slowest:?}");

    // Every acknowledged comment is stored.
    let stored = crate::harness::all_comments(store.as_ref(), None, 100_000).await;
    let stored: std::collections::HashSet<String> = stored.iter().map(|c| c.html.clone()).collect();
    let stored = stored.into_iter().collect::<Vec<_>>().join("\n");
    for s in sent.iter().filter(|s| s.ok()) {
        assert!(
            stored.contains(&s.text),
            "acknowledged but lost: {}",
            s.text
        );
    }
    let ready = client().get(instance.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), 200, "ready again");
    drop(sent);

    // Longer away: a request waits at most the pool's acquire timeout and
    // gets a 503; a cached page is served from memory all along.
    let client = client();
    // The last comments' changes settle (the change log comes back to the
    // writer too): the page is cached once its ETag stays the same.
    let (mut last, mut same) = (String::new(), 0);
    let deadline = Instant::now() + Duration::from_secs(10);
    while same < 3 {
        let res = client.get(instance.url(POST)).send().await.unwrap();
        assert_eq!(res.status(), 200);
        let etag = res.headers()["etag"].to_str().unwrap().to_owned();
        same = if etag == last { same + 1 } else { 0 };
        last = etag;
        assert!(Instant::now() < deadline, "the page does not settle");
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
    let cluster = tokio::task::spawn_blocking(move || {
        cluster.pg_ctl(&["-m", "fast", "stop"]);
        cluster
    })
    .await
    .unwrap();
    let page = client.get(instance.url(POST)).send().await.unwrap();
    assert_eq!(
        page.status(),
        200,
        "the cached page while the database is down"
    );
    let start = Instant::now();
    let res = post_comment(&client, &instance, &fields, "Last", "Während der Pause.")
        .await
        .unwrap();
    let took = start.elapsed();
    assert_eq!(res.status(), 503, "after {took:?}");
    assert_eq!(res.headers()["retry-after"], "5");
    assert!(took < BOUND, "answered within the bound: {took:?}");
    let ready = client.get(instance.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), 503, "not ready while the database is down");
    let cluster = tokio::task::spawn_blocking(move || {
        cluster.start_server();
        cluster
    })
    .await
    .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let res = post_comment(&client, &instance, &fields, "Last", "Nach der Pause.")
            .await
            .unwrap();
        if res.status() == 303 {
            break;
        }
        assert!(Instant::now() < deadline, "no recovery: {}", res.status());
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    eprintln!("a request while the database was down was answered 503 after {took:?}");
    let log = instance.log();
    assert!(!log.contains("panicked"), "no panic: {log}");
    drop(cluster);
}
