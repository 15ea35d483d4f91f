//! Job handlers without an HTTP server: a real SQLite store behind the
//! core, the handlers called directly or through the worker's loop.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use beitrag_core::change::{Change, ChangeListener};
use beitrag_core::job::Job;
use beitrag_core::model::{JobStatus, PostId, PostKind, PostStatus, Role};
use beitrag_core::service::jobs::{self, Outcome};
use beitrag_core::service::post::{PostInput, save_batch};
use beitrag_core::service::user::{UserInput, create};
use beitrag_core::store::{JobFilter, Store};
use beitrag_core::{Actor, Core, CoreOptions};
use beitrag_jobs::{Texts, Worker};
use chrono::Utc;

struct Keys;

impl Texts for Keys {
    fn text(&self, _lang: &str, key: &str, _args: &[(&str, String)]) -> String {
        key.to_owned()
    }
}

/// Remembers every change published.
#[derive(Default)]
struct Seen(Mutex<Vec<Change>>);

impl ChangeListener for Seen {
    fn changed(&self, changes: &[Change]) {
        self.0.lock().unwrap().extend_from_slice(changes);
    }
}

struct Fixture {
    core: Core,
    store: Arc<dyn Store>,
    worker: Arc<Worker>,
    seen: Arc<Seen>,
    _dir: tempfile::TempDir,
}

async fn fixture(concurrency: usize) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("jobs.db").display());
    let store = beitrag_store::SqlStore::connect(&url, 4).await.unwrap();
    store.migrate().await.unwrap();
    let store: Arc<dyn Store> = Arc::new(store);
    let core = Core::new(
        store.clone(),
        CoreOptions {
            secret: "s".repeat(32),
            ..CoreOptions::default()
        },
    );
    create(
        &core,
        &Actor::Operator,
        UserInput {
            login: "anna".into(),
            display_name: "Anna".into(),
            email: "anna@example.org".into(),
            role: Role::Author,
            bio: String::new(),
        },
        "geheim123",
    )
    .await
    .unwrap();
    let seen = Arc::new(Seen::default());
    core.subscribe(seen.clone());
    let outbound =
        beitrag_outbound::Client::new(&[], beitrag_outbound::Limits::default(), "test").unwrap();
    let worker = Worker::new(core.clone(), outbound, None, Arc::new(Keys), concurrency);
    Fixture {
        core,
        store,
        worker,
        seen,
        _dir: dir,
    }
}

fn post(title: &str, status: PostStatus, source: &str) -> PostInput {
    PostInput {
        id: None,
        kind: PostKind::Post,
        status,
        title: title.into(),
        slug: None,
        source: source.into(),
        format: beitrag_core::model::SourceFormat::Markdown,
        excerpt: String::new(),
        author: "anna".into(),
        published_at: None,
        updated_at: None,
        comment_status: None,
        ping_status: None,
        sticky: false,
        trackbacks: Vec::new(),
        tags: Vec::new(),
        categories: Vec::new(),
        featured_media: None,
    }
}

#[tokio::test]
async fn publishes_a_scheduled_post_once_when_its_time_has_come() {
    let f = fixture(1).await;
    let mut input = post("Später", PostStatus::Scheduled, "Text");
    input.published_at = Some(Utc::now() + chrono::Duration::seconds(1));
    let id = save_batch(&f.core, &Actor::Import, vec![input], false)
        .await
        .unwrap()[0];
    let job = Job::PublishScheduled { post: id };
    tokio::time::sleep(Duration::from_millis(1100)).await;
    f.seen.0.lock().unwrap().clear();
    assert_eq!(f.worker.handle(&job).await, Outcome::Done);
    let stored = f.core.read().post_by_id(id).await.unwrap().unwrap();
    assert_eq!(stored.status, PostStatus::Published);
    let seen = f.seen.0.lock().unwrap().clone();
    assert!(seen.contains(&Change::Post(id)) && seen.contains(&Change::Timeline));
    // Again: nothing to do, and nothing published twice.
    f.seen.0.lock().unwrap().clear();
    assert_eq!(f.worker.handle(&job).await, Outcome::Done);
    assert!(f.seen.0.lock().unwrap().is_empty());
}

#[tokio::test]
async fn expands_a_post_into_one_ping_per_foreign_link_and_trackback() {
    let f = fixture(1).await;
    let mut input = post(
        "Verlinkt",
        PostStatus::Published,
        "Siehe [A](https://a.example/x), [B](https://b.example/y) und [hier](/intern/).",
    );
    input.trackbacks = vec!["https://c.example/trackback/".into()];
    let id = save_batch(&f.core, &Actor::Import, vec![input], false)
        .await
        .unwrap()[0];
    assert_eq!(
        f.worker.handle(&Job::SendLinkbacks { post: id }).await,
        Outcome::Done
    );
    let queued = f
        .core
        .read()
        .jobs(
            &JobFilter {
                status: Some(JobStatus::Queued),
                limit: 100,
            },
            Utc::now(),
        )
        .await
        .unwrap();
    let mut jobs: Vec<Job> = queued
        .iter()
        .map(|j| Job::decode(&j.job.kind, &j.job.payload).unwrap())
        .collect();
    jobs.sort_by_key(|j| format!("{j:?}"));
    let targets: Vec<(&str, &str)> = jobs
        .iter()
        .map(|j| match j {
            Job::Ping { target, .. } => ("ping", target.as_str()),
            Job::Trackback { target, .. } => ("trackback", target.as_str()),
            other => panic!("unexpected {other:?}"),
        })
        .collect();
    assert_eq!(
        targets,
        vec![
            ("ping", "https://a.example/x"),
            ("ping", "https://b.example/y"),
            ("trackback", "https://c.example/trackback/"),
        ]
    );
    // A gone post fails for good instead of retrying.
    assert!(matches!(
        f.worker
            .handle(&Job::SendLinkbacks { post: PostId(9999) })
            .await,
        Outcome::Fail(_)
    ));
}

#[tokio::test]
async fn fails_a_job_whose_payload_cannot_be_read() {
    let f = fixture(1).await;
    // Written past the services, as an older or broken writer would.
    let bad = f
        .store
        .enqueue_job(
            "linkback.send-post",
            "{\"v\":7,\"kind\":\"linkback.send-post\",\"post\":1}",
            None,
            Utc::now(),
            5,
        )
        .await
        .unwrap();
    assert!(f.worker.run_one().await);
    let state = f.core.read().job(bad).await.unwrap().unwrap();
    assert_eq!(state.status, JobStatus::Failed);
    assert_eq!(state.job.attempts, 1, "not retried");
    assert!(
        state.last_error.contains("version 7"),
        "{}",
        state.last_error
    );
    assert!(!f.worker.run_one().await, "nothing else is due");
}

#[tokio::test]
async fn runs_many_jobs_each_once_with_several_loops() {
    let f = fixture(4).await;
    let mut ids = Vec::new();
    for n in 0..40 {
        // Publishing a post that is not scheduled is a quick no-op.
        let job = Job::PublishScheduled { post: PostId(n) };
        ids.push(
            jobs::enqueue(&f.core, &job, None, Utc::now())
                .await
                .unwrap(),
        );
    }
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let run = tokio::spawn(f.worker.clone().run(async move {
        let _ = stopped.await;
    }));
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    loop {
        let done = f
            .core
            .read()
            .jobs(
                &JobFilter {
                    status: Some(JobStatus::Done),
                    limit: 100,
                },
                Utc::now(),
            )
            .await
            .unwrap();
        if done.len() == ids.len() {
            assert!(done.iter().all(|j| j.job.attempts == 1), "each ran once");
            break;
        }
        assert!(std::time::Instant::now() < deadline, "{} done", done.len());
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let _ = stop.send(());
    run.await.unwrap();
}
