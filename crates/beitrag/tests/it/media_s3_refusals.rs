//! `[media] store = "s3"` when something is wrong: a section without a
//! bucket (or with half a key pair, or plain http not allowed) stops
//! `beitrag serve` before it touches the database, with a message naming
//! the key; a bucket nobody answers for, or one that does not exist, makes
//! `/readyz` answer 503 without its address; and the secret key never
//! reaches the log, not even at debug level.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use beitrag::config::{MediaConfig, MediaStoreKind, Secret};

use crate::harness::{Backend, TestApp};
use crate::media_s3::{Moto, free_port, options};

const SECRET: &str = "s3cr3t-never-in-a-log";

fn media(endpoint: String, bucket: &str) -> MediaConfig {
    MediaConfig {
        store: MediaStoreKind::S3,
        bucket: bucket.into(),
        region: "us-east-1".into(),
        endpoint,
        allow_http: true,
        access_key_id: "AKIATEST".into(),
        secret_access_key: Secret(SECRET.into()),
        ..MediaConfig::default()
    }
}

/// `/readyz` is a 503 naming the media storage and none of `hidden`.
async fn not_ready(media: MediaConfig, hidden: &[&str]) {
    let app = TestApp::start_with(Backend::Sqlite, options(media)).await;
    let started = Instant::now();
    let res = app.get("/readyz").await;
    assert_eq!(res.status(), 503);
    let body = res.text().await.unwrap();
    assert_eq!(body, "not ready: media storage\n");
    for h in hidden {
        assert!(!body.contains(h), "{body} shows {h}");
    }
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(app.get("/healthz").await.status(), 200);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readyz_names_an_unreachable_bucket_without_its_address() {
    let port = free_port();
    not_ready(
        media(format!("http://127.0.0.1:{port}"), "nirgends"),
        &[&port.to_string(), "127.0.0.1", "nirgends", SECRET],
    )
    .await;
}

/// S3 answers a `HEAD` of a missing key in a missing bucket with the same
/// bodiless 404 as in an existing one; the probe must not take it for "ready".
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readyz_names_a_missing_bucket() {
    let Some(moto) = Moto::start().await else {
        return;
    };
    not_ready(
        media(moto.endpoint.clone(), "gibt-es-nicht"),
        &["gibt-es-nicht", "NoSuchBucket"],
    )
    .await;
}

/// The real binary at debug level, asked for `/readyz` of a missing bucket
/// (signed requests, an error logged with its details): its whole output
/// holds the warning but not the secret key.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keeps_the_secret_key_out_of_the_log() {
    let Some(moto) = Moto::start().await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("beitrag.toml");
    std::fs::write(
        &config,
        format!(
            "[media]\nstore = \"s3\"\nbucket = \"fehlt\"\nregion = \"us-east-1\"\n\
             endpoint = {:?}\nallow_http = true\naccess_key_id = \"AKIATEST\"\n\
             secret_access_key = {SECRET:?}\n",
            moto.endpoint
        ),
    )
    .unwrap();
    let port = free_port();
    let stderr = dir.path().join("stderr.log");
    let mut child = Command::new(env!("CARGO_BIN_EXE_beitrag"))
        .current_dir(dir.path())
        .arg("-v")
        .arg("--config")
        .arg(&config)
        .args(["--database", "sqlite:beitrag.db", "serve", "--no-demo"])
        .args(["--listen", &format!("127.0.0.1:{port}")])
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(&stderr).unwrap())
        .spawn()
        .unwrap();
    let mut stdout = String::new();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    for line in lines.by_ref() {
        let line = line.unwrap();
        stdout.push_str(&line);
        stdout.push('\n');
        if line.starts_with("The admin is at") {
            break;
        }
    }
    // On a busy machine moto may take over the 2 s readiness bound, which
    // logs a timeout instead of the error under test: ask again until the
    // error itself was logged.
    for attempt in 1.. {
        let res = reqwest::get(format!("http://127.0.0.1:{port}/readyz"))
            .await
            .unwrap();
        assert_eq!(res.status(), 503);
        let log = std::fs::read_to_string(&stderr).unwrap();
        if log.contains("not ready: media storage") || attempt == 5 {
            break;
        }
    }
    let term = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(term.success());
    for line in lines {
        stdout.push_str(&line.unwrap());
        stdout.push('\n');
    }
    assert!(child.wait().unwrap().success());
    let log = std::fs::read_to_string(&stderr).unwrap();
    assert!(log.contains("not ready: media storage"), "{log}");
    assert!(!log.contains(SECRET), "the log shows the secret key");
    assert!(!stdout.contains(SECRET), "{stdout}");
}

/// Runs `beitrag serve` with `config` and `env`; it must stop on its own,
/// without a panic and before creating the database. Returns its stderr.
fn serve_refused(config: &str, env: &[(&str, &str)]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("beitrag.toml");
    std::fs::write(&file, config).unwrap();
    let db = dir.path().join("beitrag.db");
    let mut child = Command::new(env!("CARGO_BIN_EXE_beitrag"))
        .arg("--config")
        .arg(&file)
        .arg("--database")
        .arg(format!("sqlite:{}", db.display()))
        .args(["serve", "--listen", "127.0.0.1:0"])
        .envs(env.iter().copied())
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("beitrag serve started despite a broken [media]");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!status.success(), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!db.exists(), "the database was created: {stderr}");
    stderr
}

#[test]
fn refuses_to_start_with_s3_but_no_bucket() {
    let stderr = serve_refused("[media]\nstore = \"s3\"\nregion = \"auto\"\n", &[]);
    assert!(stderr.contains("[media] bucket"), "{stderr}");
    // Chosen in the environment as well; half a key pair names its other half.
    let stderr = serve_refused(
        "[media]\nbucket = \"fotos\"\nregion = \"auto\"\naccess_key_id = \"AKIAHALF\"\n",
        &[("BEITRAG_MEDIA__STORE", "s3")],
    );
    assert!(stderr.contains("[media] secret_access_key"), "{stderr}");
    assert!(!stderr.contains("AKIAHALF"), "{stderr}");
    let stderr = serve_refused(
        "[media]\nstore = \"s3\"\nbucket = \"fotos\"\nregion = \"auto\"\nendpoint = \"http://127.0.0.1:9\"\n",
        &[],
    );
    assert!(stderr.contains("allow_http"), "{stderr}");
}
