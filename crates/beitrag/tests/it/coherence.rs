//! Writes made by another process reach a running server within a second:
//! the `beitrag` command approves a comment or renames the blog while the
//! server holds the pages in its cache (TTL 30 s), and the server drops
//! exactly what changed. On SQLite the server polls the change log; on
//! PostgreSQL a `NOTIFY` wakes it.

use std::process::Command;
use std::time::{Duration, Instant};

use beitrag_core::Actor;
use beitrag_core::model::{CommentStatus, PostId};
use beitrag_core::service::comment::{self, Submission};

use crate::harness::{Backend, TestApp};
use crate::on_both_backends;

const POST: &str = "/2011/02/fuenf-regeln-fuer-gute-moderation/";
const OTHER_POST: &str = "/2011/01/social-media-wird-so-normal-wie-das-telefon/";

fn cli(app: &TestApp, args: &[&str]) {
    let out = Command::new(env!("CARGO_BIN_EXE_beitrag"))
        .current_dir(app.media_dir.path())
        .env_remove("RUST_LOG")
        .args(["--database", &app.db.url])
        .args(args)
        .output()
        .expect("beitrag runs");
    assert!(
        out.status.success(),
        "beitrag {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Polls `path` until its body contains `needle`; the time it took.
async fn seen_within(app: &TestApp, path: &str, needle: &str, limit: Duration) -> Duration {
    let start = Instant::now();
    loop {
        let body = app.get(path).await.text().await.unwrap();
        if body.contains(needle) {
            return start.elapsed();
        }
        assert!(
            start.elapsed() < limit,
            "`{needle}` did not appear on {path} within {limit:?}"
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

async fn cli_writes_reach_the_running_server_within_a_second(backend: Backend) {
    let app = TestApp::start(backend).await;
    let settings = beitrag_core::service::settings::set(
        &app.core,
        &Actor::Operator,
        "comment_moderation",
        "all",
    )
    .await
    .unwrap();
    let post = app
        .store
        .post_by_slug(
            beitrag_core::model::PostKind::Post,
            "fuenf-regeln-fuer-gute-moderation",
        )
        .await
        .unwrap()
        .unwrap();
    let held = comment::submit(
        &app.core,
        &Actor::Remote,
        &settings,
        Submission {
            post_id: Some(PostId(post.id.0)),
            author_name: "Clara".into(),
            author_email: "clara@example.net".into(),
            text: "Aus einem anderen Prozess freigegeben.".into(),
            ..Submission::default()
        },
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    assert_eq!(held.status, CommentStatus::Pending);

    // Both pages are now cached; the other post's page must stay so.
    let before = app.get(POST).await.text().await.unwrap();
    assert!(!before.contains("Aus einem anderen Prozess"));
    let other = app.get(OTHER_POST).await;
    let other_etag = other.headers()["etag"].clone();
    let other_body = other.text().await.unwrap();

    cli(&app, &["comments", "approve", &held.id.0.to_string()]);
    let took = seen_within(
        &app,
        POST,
        "Aus einem anderen Prozess freigegeben.",
        Duration::from_secs(1),
    )
    .await;
    eprintln!("comment approved by the CLI shown after {took:?}");
    let again = app.get(OTHER_POST).await;
    assert_eq!(again.headers()["etag"], other_etag, "untouched page kept");
    assert_eq!(again.text().await.unwrap(), other_body);

    cli(&app, &["settings", "set", "title", "Ein neuer Name"]);
    let took = seen_within(&app, "/", "Ein neuer Name", Duration::from_secs(1)).await;
    eprintln!("title set by the CLI shown after {took:?}");
    seen_within(&app, OTHER_POST, "Ein neuer Name", Duration::from_secs(1)).await;
    app.stop().await;
}

async fn a_comment_drops_only_the_pages_that_show_it(backend: Backend) {
    let app = TestApp::start(backend).await;
    let settings = beitrag_core::service::settings::load(app.core.read())
        .await
        .unwrap();
    let post = app
        .store
        .post_by_slug(
            beitrag_core::model::PostKind::Post,
            "fuenf-regeln-fuer-gute-moderation",
        )
        .await
        .unwrap()
        .unwrap();
    let etag = |res: &reqwest::Response| res.headers()["etag"].to_str().unwrap().to_owned();
    let other = etag(&app.get(OTHER_POST).await);
    let page = etag(&app.get(POST).await);
    let home = etag(&app.get("/").await);
    comment::submit(
        &app.core,
        &Actor::Import,
        &settings,
        Submission {
            post_id: Some(post.id),
            author_name: "Dora".into(),
            author_email: "dora@example.net".into(),
            text: "Neu hier.".into(),
            status: Some(CommentStatus::Approved),
            ..Submission::default()
        },
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    assert_eq!(etag(&app.get(OTHER_POST).await), other, "other post kept");
    assert_ne!(etag(&app.get(POST).await), page, "its page re-rendered");
    assert_ne!(etag(&app.get("/").await), home, "its comment count changed");
    app.stop().await;
}

on_both_backends!(
    cli_writes_reach_the_running_server_within_a_second,
    a_comment_drops_only_the_pages_that_show_it
);
