//! The real `beitrag` binary: configuration errors, start-up failures,
//! serving with graceful shutdown, users and settings.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::harness::{Backend, TestDb};

fn beitrag(db: &str, args: &[&str]) -> Output {
    beitrag_in(std::env::temp_dir().as_path(), db, args, None)
}

fn beitrag_in(dir: &std::path::Path, db: &str, args: &[&str], stdin: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_beitrag"));
    cmd.current_dir(dir)
        .env_remove("RUST_LOG")
        .args(["--database", db])
        .args(args);
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("spawn beitrag");
    if let Some(mut input) = child.stdin.take() {
        let _ = input.write_all(stdin.unwrap_or("").as_bytes());
    }
    child.wait_with_output().expect("beitrag runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn prints_default_config_that_parses() {
    let out = Command::new(env!("CARGO_BIN_EXE_beitrag"))
        .args(["config", "default"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let cfg = beitrag::config::parse(&stdout(&out)).expect("example parses");
    assert_eq!(cfg.server.listen, "127.0.0.1:8080");
}

#[test]
fn creates_sqlite_file_where_it_runs_by_default() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_beitrag"))
        .current_dir(dir.path())
        .arg("migrate")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(dir.path().join("beitrag.db").is_file());
    let mode = Command::new(env!("CARGO_BIN_EXE_beitrag"))
        .current_dir(dir.path())
        .arg("check")
        .output()
        .unwrap();
    assert!(
        stdout(&mode).contains("database: ok (sqlite"),
        "{}",
        stdout(&mode)
    );
}

#[test]
fn rejects_unknown_config_key_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("beitrag.toml");
    std::fs::write(&file, "[server]\nlisten = \"127.0.0.1:0\"\nlistne = true\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_beitrag"))
        .args(["--config", file.to_str().unwrap(), "check"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("listne"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    let missing = Command::new(env!("CARGO_BIN_EXE_beitrag"))
        .args(["--config", "/nonexistent.toml", "check"])
        .output()
        .unwrap();
    assert!(!missing.status.success());
    assert!(stderr(&missing).contains("does not exist"));
    let empty = dir.path().join("empty.toml");
    std::fs::write(&empty, "").unwrap();
    let env = Command::new(env!("CARGO_BIN_EXE_beitrag"))
        .current_dir(dir.path())
        .args(["--config", empty.to_str().unwrap(), "check"])
        .env("BEITRAG_SERVER__LISTNE", "1")
        .output()
        .unwrap();
    assert!(!env.status.success(), "unknown env key must fail");
    assert!(stderr(&env).contains("listne"), "{}", stderr(&env));
    // Every section is read from the environment, [jobs] and [log] too.
    for (key, field) in [
        ("BEITRAG_JOBS__CONCURENCY", "concurency"),
        ("BEITRAG_LOG__FORMT", "formt"),
    ] {
        let env = Command::new(env!("CARGO_BIN_EXE_beitrag"))
            .current_dir(dir.path())
            .args(["--config", empty.to_str().unwrap(), "check"])
            .env(key, "1")
            .output()
            .unwrap();
        assert!(!env.status.success(), "{key} must be read");
        assert!(stderr(&env).contains(field), "{}", stderr(&env));
    }
}

#[test]
fn reports_unwritable_database_and_busy_port() {
    let out = beitrag("sqlite:/proc/beitrag-nope/x.db", &["migrate"]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.starts_with("error: cannot open database sqlite:/proc/beitrag-nope/x.db"),
        "{err}"
    );
    assert_eq!(err.trim().lines().count(), 1, "{err}");

    let busy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = busy.local_addr().unwrap().port();
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite:{}", dir.path().join("b.db").display());
    let out = beitrag(&db, &["serve", "--listen", &format!("127.0.0.1:{port}")]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains(&format!("cannot listen on 127.0.0.1:{port}")),
        "{}",
        stderr(&out)
    );
    let bad_url = beitrag("mysql://x", &["check"]);
    assert!(!bad_url.status.success());
}

async fn serves_demo_and_shuts_down_on_sigterm(backend: Backend) {
    let db = TestDb::new(backend).await;
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_beitrag"))
        .current_dir(dir.path())
        .args([
            "--database",
            &db.url,
            "serve",
            "--listen",
            &format!("127.0.0.1:{port}"),
        ])
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(dir.path().join("stderr.log")).unwrap())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    assert!(
        first.starts_with("Created administrator `admin` with password: "),
        "{first}"
    );
    let password = first.rsplit(' ').next().unwrap().to_owned();
    assert_eq!(password.len(), 20);
    loop {
        let line = lines.next().unwrap().unwrap();
        if line.starts_with("beitrag is running at") {
            break;
        }
    }
    assert_eq!(
        lines.next().unwrap().unwrap(),
        format!("The admin is at http://127.0.0.1:{port}/admin/")
    );
    let client = reqwest::Client::new();
    let home = client
        .get(format!("http://127.0.0.1:{port}/"))
        .send()
        .await
        .unwrap();
    assert_eq!(home.status(), 200);
    assert!(
        home.text()
            .await
            .unwrap()
            .contains("Social Media wird so normal wie das Telefon")
    );
    let term = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(term.success());
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(Instant::now() < deadline, "server did not stop on SIGTERM");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(status.success(), "{status:?}");
    // Logs to a file carry no colour codes.
    let log = std::fs::read_to_string(dir.path().join("stderr.log")).unwrap();
    assert!(log.contains("serving"), "{log}");
    assert!(!log.contains('\u{1b}'), "{log}");
    // A second start finds the data and prints no new password.
    let store = beitrag::server::open_store(&{
        let mut c = beitrag::config::Config::default();
        c.database.url = beitrag::config::Secret(db.url.clone());
        c
    })
    .await
    .unwrap();
    let admin = store.user_by_login("admin").await.unwrap().unwrap();
    assert!(beitrag_core::service::user::verify_password(
        &password,
        &admin.password_hash
    ));
}

async fn manages_users_and_settings(backend: Backend) {
    let db = TestDb::new(backend).await;
    let dir = tempfile::tempdir().unwrap();
    // A dry run on the new database lists every migration and applies none.
    let dry = beitrag(&db.url, &["migrate", "--dry-run"]);
    assert!(dry.status.success(), "{}", stderr(&dry));
    let listed = stdout(&dry);
    assert!(
        listed.contains("pending migrations (not applied):"),
        "{listed}"
    );
    assert!(listed.contains("  0001 init"), "{listed}");
    assert!(listed.contains("search visibility"), "{listed}");
    assert_eq!(
        stdout(&beitrag(&db.url, &["migrate", "--dry-run"])),
        listed,
        "the dry run changed nothing"
    );
    assert!(beitrag(&db.url, &["migrate"]).status.success());
    assert!(
        beitrag(&db.url, &["migrate"]).status.success(),
        "migrate is idempotent"
    );
    let dry = stdout(&beitrag(&db.url, &["migrate", "--dry-run"]));
    assert!(dry.contains("is up to date"), "{dry}");
    let add = beitrag(
        &db.url,
        &[
            "user",
            "add",
            "clara",
            "--name",
            "Clara Neumann",
            "--email",
            "clara@example.org",
            "--role",
            "editor",
            "--bio",
            "Redakteurin",
        ],
    );
    assert!(add.status.success(), "{}", stderr(&add));
    assert!(stdout(&add).contains("Created editor `clara` with password: "));
    let dup = beitrag(
        &db.url,
        &[
            "user",
            "add",
            "clara",
            "--name",
            "C",
            "--email",
            "c@example.org",
        ],
    );
    assert!(!dup.status.success());
    assert!(stderr(&dup).contains("already taken"), "{}", stderr(&dup));
    let bad = beitrag(
        &db.url,
        &["user", "add", "x y", "--name", "X", "--email", "nope"],
    );
    assert!(!bad.status.success());
    let role = beitrag(
        &db.url,
        &[
            "user",
            "add",
            "dora",
            "--name",
            "D",
            "--email",
            "d@example.org",
            "--role",
            "king",
        ],
    );
    assert!(stderr(&role).contains("unknown role"));
    let list = stdout(&beitrag(&db.url, &["user", "list"]));
    assert!(
        list.contains("clara\teditor\tClara Neumann\tclara@example.org"),
        "{list}"
    );
    let pw = beitrag_in(
        dir.path(),
        &db.url,
        &["user", "passwd", "clara"],
        Some("ein-neues-passwort\n"),
    );
    assert!(pw.status.success(), "{}", stderr(&pw));
    let short = beitrag_in(
        dir.path(),
        &db.url,
        &["user", "passwd", "clara"],
        Some("kurz\n"),
    );
    assert!(!short.status.success());
    let nobody = beitrag_in(
        dir.path(),
        &db.url,
        &["user", "passwd", "nobody"],
        Some("ein-neues-passwort\n"),
    );
    assert!(stderr(&nobody).contains("no user `nobody`"));

    let set = beitrag(&db.url, &["settings", "set", "language", "en"]);
    assert!(set.status.success(), "{}", stderr(&set));
    assert_eq!(
        stdout(&beitrag(&db.url, &["settings", "get", "language"])).trim(),
        "en"
    );
    for (k, v) in [
        ("language", "fr"),
        ("timezone", "Mars/Base"),
        ("nope", "1"),
        ("permalink", "/%year%/"),
        ("posts_per_page", "0"),
    ] {
        let out = beitrag(&db.url, &["settings", "set", k, v]);
        assert!(!out.status.success(), "{k}={v}");
        assert!(stderr(&out).starts_with("error: "), "{}", stderr(&out));
    }
    assert_eq!(
        stdout(&beitrag(&db.url, &["settings", "get", "language"])).trim(),
        "en",
        "failed sets change nothing"
    );
    let check = beitrag(&db.url, &["check"]);
    assert!(check.status.success(), "{}", stderr(&check));
    assert!(stdout(&check).contains("database: ok"));
}

/// `comments list` reads in pages and honours any `--limit` in full.
async fn lists_comments_past_one_page(backend: Backend) {
    let db = TestDb::new(backend).await;
    assert!(beitrag(&db.url, &["migrate"]).status.success());
    let add = beitrag(
        &db.url,
        &[
            "user",
            "add",
            "autor",
            "--name",
            "Autor",
            "--role",
            "author",
            "--email",
            "a@example.org",
        ],
    );
    assert!(add.status.success(), "{}", stderr(&add));
    let seed = beitrag(&db.url, &["seed", "--posts", "2", "--comments", "5100"]);
    assert!(seed.status.success(), "{}", stderr(&seed));
    let lines = |limit: &str| {
        let out = beitrag(&db.url, &["comments", "list", "--limit", limit]);
        assert!(out.status.success(), "{}", stderr(&out));
        let ids: Vec<i64> = stdout(&out)
            .lines()
            .map(|l| l.split('\t').next().unwrap().parse().unwrap())
            .collect();
        let mut unique = ids.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), ids.len(), "no row twice");
        ids.len()
    };
    // More than the 10,000 rows one query used to stop at, silently.
    assert_eq!(lines("10100"), 10100);
    assert_eq!(lines("100000"), 10200);
    assert_eq!(lines("7"), 7);
}

crate::on_both_backends!(
    serves_demo_and_shuts_down_on_sigterm,
    manages_users_and_settings,
    lists_comments_past_one_page
);
