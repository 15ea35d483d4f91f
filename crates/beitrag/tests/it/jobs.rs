//! `beitrag jobs list|retry|cancel` against the real binary: typed jobs
//! with versioned JSON payloads, failed jobs kept for inspection, and the
//! operator's retry and cancel.

use std::process::{Command, Output};
use std::sync::Arc;

use beitrag_core::job::Job;
use beitrag_core::model::PostId;
use beitrag_core::service::jobs;
use serde_json::Value;

use crate::harness::{Backend, Options, TestApp};
use crate::on_both_backends;

fn cli(app: &TestApp, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_beitrag"))
        .current_dir(app.media_dir.path())
        .env_remove("RUST_LOG")
        .args(["--database", &app.db.url])
        .args(args)
        .output()
        .expect("beitrag runs")
}

fn listed(app: &TestApp, status: &str) -> Vec<Value> {
    let out = cli(
        app,
        &["jobs", "list", "--status", status, "--format", "json"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice::<Vec<Value>>(&out.stdout).expect("json list")
}

struct NoTexts;

impl beitrag_jobs::Texts for NoTexts {
    fn text(&self, _lang: &str, key: &str, _args: &[(&str, String)]) -> String {
        key.to_owned()
    }
}

async fn operator_lists_retries_and_cancels_jobs(backend: Backend) {
    let app = TestApp::start_with(
        backend,
        Options {
            worker: false,
            ..Options::default()
        },
    )
    .await;
    let later = chrono::Utc::now() + chrono::Duration::hours(1);
    let queued = jobs::enqueue(
        &app.core,
        &Job::SendLinkbacks { post: PostId(1) },
        None,
        later,
    )
    .await
    .unwrap();
    let rows = listed(&app, "queued");
    let row = rows
        .iter()
        .find(|r| r["id"] == queued.0)
        .expect("the queued job is listed");
    assert_eq!(row["kind"], "linkback.send-post");
    assert_eq!(row["payload"]["v"], 1, "versioned JSON payload");
    assert_eq!(row["payload"]["post"], 1);

    let id = queued.0.to_string();
    assert!(cli(&app, &["jobs", "cancel", &id]).status.success());
    assert!(
        listed(&app, "cancelled")
            .iter()
            .any(|r| r["id"] == queued.0)
    );
    let twice = cli(&app, &["jobs", "cancel", &id]);
    assert!(!twice.status.success());
    assert!(String::from_utf8_lossy(&twice.stderr).contains("only queued jobs"));
    assert!(cli(&app, &["jobs", "retry", &id]).status.success());
    assert!(listed(&app, "queued").iter().any(|r| r["id"] == queued.0));

    // A payload no handler can read fails for good and stays for inspection.
    let broken = app
        .store
        .enqueue_job(
            "linkback.send-post",
            "{\"v\":9}",
            None,
            chrono::Utc::now(),
            5,
        )
        .await
        .unwrap();
    let worker = beitrag_jobs::Worker::new(
        app.core.clone(),
        beitrag_outbound::Client::new(&[], beitrag_outbound::Limits::default(), "test").unwrap(),
        None,
        Arc::new(NoTexts),
        1,
    );
    assert!(worker.run_one().await, "a due job was claimed");
    while worker.run_one().await {}
    let failed = listed(&app, "failed");
    let row = failed
        .iter()
        .find(|r| r["id"] == broken.0)
        .expect("the broken job failed");
    assert_eq!(row["attempts"], 1, "not retried");
    assert!(
        row["last_error"].as_str().unwrap().contains("cannot read"),
        "{row:?}"
    );

    let missing = cli(&app, &["jobs", "retry", "999999"]);
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no job 999999"));
    let bad = cli(&app, &["jobs", "list", "--status", "stuck"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("`stuck` is not one of"));
    app.stop().await;
}

on_both_backends!(operator_lists_retries_and_cancels_jobs);
