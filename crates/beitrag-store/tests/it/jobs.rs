//! The job queue on both engines: claiming with leases, per-kind attempts,
//! failed jobs kept, operator requeue and cancel, and the migration that
//! turned the old newline payloads into typed, versioned JSON.

use beitrag_core::job::Job;
use beitrag_core::model::{CommentId, JobStatus, PostId, UserId};
use beitrag_core::store::JobFilter;
use beitrag_core::store::prelude::*;
use beitrag_store::SqlStore;
use chrono::{Duration, Utc};
use sqlx::{Any, AnyPool};

use crate::harness::{Backend, TestDb};

fn all() -> JobFilter {
    JobFilter {
        status: None,
        limit: 100,
    }
}

async fn status_of(store: &SqlStore, id: beitrag_core::model::JobId) -> JobStatus {
    store.job(id).await.unwrap().unwrap().status
}

async fn jobs_fail_requeue_and_cancel(store: SqlStore) {
    let now = Utc::now();
    let a = store.enqueue_job("k", "{}", None, now, 2).await.unwrap();
    let later = store
        .enqueue_job("k", "{}", None, now + Duration::hours(1), 2)
        .await
        .unwrap();
    assert_eq!(status_of(&store, a).await, JobStatus::Queued);
    let claimed = store.claim_job(now, 60).await.unwrap().unwrap();
    assert_eq!(claimed.id, a);
    assert_eq!(status_of(&store, a).await, JobStatus::Running);
    assert!(
        !store.cancel_job(a, now).await.unwrap(),
        "a running job stays"
    );
    // Two attempts allowed: the second failure fails it for good.
    assert!(store.retry_job(&claimed, "first", now).await.unwrap());
    let second = store.claim_job(now, 60).await.unwrap().unwrap();
    assert!(store.retry_job(&second, "second", now).await.unwrap());
    let state = store.job(a).await.unwrap().unwrap();
    assert_eq!(
        (state.status, state.last_error.as_str()),
        (JobStatus::Failed, "second")
    );
    assert!(store.claim_job(now, 60).await.unwrap().is_none());
    let failed = store
        .jobs(
            &JobFilter {
                status: Some(JobStatus::Failed),
                limit: 10,
            },
            now,
        )
        .await
        .unwrap();
    assert_eq!(failed.len(), 1);
    assert!(store.requeue_job(a, now).await.unwrap());
    assert_eq!(status_of(&store, a).await, JobStatus::Queued);
    assert!(!store.requeue_job(a, now).await.unwrap(), "already queued");
    assert!(store.cancel_job(later, now).await.unwrap());
    assert_eq!(status_of(&store, later).await, JobStatus::Cancelled);
    let claimed = store
        .claim_job(now + Duration::hours(2), 60)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(claimed.id, a, "the cancelled one is skipped");
    assert!(store.fail_job(&claimed, "for good", now).await.unwrap());
    assert_eq!(status_of(&store, a).await, JobStatus::Failed);
    assert_eq!(store.jobs(&all(), now).await.unwrap().len(), 2);
    assert_eq!(
        store.jobs(&all(), now).await.unwrap()[0].job.id,
        later,
        "newest first"
    );
}

async fn old_payloads_become_typed_jobs(backend: Backend) {
    let Some(db) = TestDb::empty(backend).await else {
        return;
    };
    sqlx::any::install_default_drivers();
    let dir = format!(
        "{}/migrations/{}",
        env!("CARGO_MANIFEST_DIR"),
        backend.as_str()
    );
    let mut before = sqlx::migrate::Migrator::new(std::path::Path::new(&dir))
        .await
        .unwrap();
    before.migrations = before
        .migrations
        .iter()
        .filter(|m| m.version <= 9)
        .cloned()
        .collect::<Vec<_>>()
        .into();
    let pool: AnyPool = sqlx::pool::PoolOptions::<Any>::new()
        .connect(&db.url)
        .await
        .unwrap();
    before.run(&pool).await.unwrap();
    for (kind, payload) in [
        ("post.publish", "3"),
        ("linkback.send-post", "4"),
        ("mail.comment", "5"),
        ("mail.reply", "6"),
        ("mail.password-reset", "7"),
        (
            "linkback.ping",
            "8\nhttps://a.example/x\nhttps://b.example/\"q\"",
        ),
        (
            "webmention.verify",
            "9\nhttps://c.example/\nhttps://d.example/p/",
        ),
    ] {
        sqlx::query::<Any>(
            "insert into jobs (kind, payload, run_at, created_at) values ($1, $2, 0, 0)",
        )
        .bind(kind)
        .bind(payload)
        .execute(&pool)
        .await
        .unwrap();
    }
    pool.close().await;
    db.store.migrate().await.unwrap();
    let mut jobs: Vec<Job> = db
        .store
        .jobs(&all(), Utc::now())
        .await
        .unwrap()
        .iter()
        .map(|j| Job::decode(&j.job.kind, &j.job.payload).unwrap())
        .collect();
    jobs.reverse();
    assert_eq!(
        jobs,
        vec![
            Job::PublishScheduled { post: PostId(3) },
            Job::SendLinkbacks { post: PostId(4) },
            Job::MailComment {
                comment: CommentId(5)
            },
            Job::MailReply {
                comment: CommentId(6)
            },
            Job::MailPasswordReset { user: UserId(7) },
            Job::Ping {
                post: PostId(8),
                source: "https://a.example/x".into(),
                target: "https://b.example/\"q\"".into(),
            },
            Job::VerifyWebmention {
                post: PostId(9),
                source: "https://c.example/".into(),
                target: "https://d.example/p/".into(),
            },
        ]
    );
    db.finish().await;
}

mod old_payloads {
    #[tokio::test]
    async fn sqlite() {
        super::old_payloads_become_typed_jobs(crate::harness::Backend::Sqlite).await;
    }

    #[tokio::test]
    async fn postgres() {
        super::old_payloads_become_typed_jobs(crate::harness::Backend::Postgres).await;
    }
}

/// A worker whose lease ran out and whose job another worker claimed can
/// neither finish, fail, retry nor renew it: the claim (id and lease end)
/// is no longer its own. The live claim renews and finishes, once.
async fn a_lost_claim_writes_nothing(store: SqlStore) {
    let now = Utc::now();
    let id = store.enqueue_job("k", "{}", None, now, 5).await.unwrap();
    let first = store.claim_job(now, 2).await.unwrap().unwrap();
    assert!(store.claim_job(now, 2).await.unwrap().is_none(), "leased");
    // The first worker stalls past its lease; a second one takes over.
    let later = now + Duration::seconds(3);
    let second = store.claim_job(later, 2).await.unwrap().unwrap();
    assert_eq!((second.id, second.attempts), (id, 2));
    assert!(
        !store
            .extend_job(&first, later + Duration::seconds(2))
            .await
            .unwrap()
    );
    assert!(!store.finish_job(&first, later).await.unwrap());
    assert!(!store.fail_job(&first, "late", later).await.unwrap());
    assert!(!store.retry_job(&first, "late", later).await.unwrap());
    assert_eq!(status_of(&store, id).await, JobStatus::Running);
    // The holder's heartbeat keeps it past the old lease end.
    let mut held = second.clone();
    let until = later + Duration::seconds(60);
    assert!(store.extend_job(&held, until).await.unwrap());
    held.leased_until = chrono::DateTime::from_timestamp(until.timestamp(), 0);
    assert!(
        store
            .claim_job(later + Duration::seconds(10), 2)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        !store.finish_job(&second, later).await.unwrap(),
        "the old lease end"
    );
    assert!(store.finish_job(&held, later).await.unwrap());
    assert!(!store.finish_job(&held, later).await.unwrap(), "done once");
    assert_eq!(status_of(&store, id).await, JobStatus::Done);
    assert!(
        store
            .claim_job(later + Duration::hours(1), 2)
            .await
            .unwrap()
            .is_none()
    );
}

conformance!(jobs_fail_requeue_and_cancel, a_lost_claim_writes_nothing);
