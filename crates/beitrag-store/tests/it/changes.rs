//! The change log on both engines: what writes touched, in order, pruned
//! by age; and the core's coalescing, which merges concurrent writes into
//! few change-log writes but never loses a topic.

use std::collections::BTreeSet;
use std::sync::Arc;

use beitrag_core::model::{CommentStatus, PostKind, PostStatus};
use beitrag_core::service::comment::{self, Submission};
use beitrag_core::service::post::{PostInput, save_batch};
use beitrag_core::store::prelude::*;
use beitrag_core::{Actor, Change, Core, CoreOptions};
use beitrag_store::SqlStore;
use chrono::{Duration, Utc};

async fn changes_are_read_in_order_and_pruned(store: SqlStore) {
    assert_eq!(store.last_change().await.unwrap(), 0);
    let now = Utc::now();
    let first = store
        .record_changes(
            &["post:1".into(), "timeline".into()],
            now - Duration::hours(2),
        )
        .await
        .unwrap();
    let last = store.record_changes(&["site".into()], now).await.unwrap();
    assert!(last > first);
    assert_eq!(store.last_change().await.unwrap(), last);
    let all = store.changes_since(0, 10).await.unwrap();
    let topics: Vec<&str> = all.iter().map(|(_, t)| t.as_str()).collect();
    assert_eq!(topics, ["post:1", "timeline", "site"]);
    assert_eq!(store.changes_since(first, 10).await.unwrap().len(), 1);
    assert_eq!(store.changes_since(0, 2).await.unwrap().len(), 2, "limited");
    assert_eq!(
        store.prune_changes(now - Duration::hours(1)).await.unwrap(),
        2
    );
    assert_eq!(store.changes_since(0, 10).await.unwrap().len(), 1);
}

async fn concurrent_writes_lose_no_topic(store: SqlStore) {
    let store: Arc<dyn Store> = Arc::new(store);
    let core = Core::new(
        store.clone(),
        CoreOptions {
            secret: "s".repeat(32),
            ..CoreOptions::default()
        },
    );
    beitrag_core::service::user::create(
        &core,
        &Actor::Operator,
        beitrag_core::service::user::UserInput {
            login: "anna".into(),
            display_name: "Anna".into(),
            email: "anna@example.org".into(),
            role: beitrag_core::model::Role::Author,
            bio: String::new(),
        },
        "geheim123",
    )
    .await
    .unwrap();
    let inputs = (0..40)
        .map(|n| PostInput {
            id: None,
            kind: PostKind::Post,
            status: PostStatus::Published,
            title: format!("Beitrag {n}"),
            slug: None,
            source: "Text".into(),
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
        })
        .collect();
    let ids = save_batch(&core, &Actor::Import, inputs, false)
        .await
        .unwrap();
    let settings = beitrag_core::service::settings::load(core.read())
        .await
        .unwrap();
    core.flush_changes().await;
    let before = store.last_change().await.unwrap();
    let mut tasks = tokio::task::JoinSet::new();
    for id in ids.clone() {
        let (core, settings) = (core.clone(), settings.clone());
        tasks.spawn(async move {
            let s = Submission {
                post_id: Some(id),
                author_name: "Leser".into(),
                author_email: "leser@example.net".into(),
                text: format!("Zu {}", id.0),
                status: Some(CommentStatus::Approved),
                ..Submission::default()
            };
            comment::submit(&core, &Actor::Import, &settings, s, Utc::now())
                .await
                .unwrap();
        });
    }
    while let Some(done) = tasks.join_next().await {
        done.unwrap();
    }
    core.flush_changes().await;
    let rows = store.changes_since(before, 1000).await.unwrap();
    let topics: BTreeSet<String> = rows.iter().map(|(_, t)| t.clone()).collect();
    let wanted: BTreeSet<String> = ids.iter().map(|id| Change::Comments(*id).topic()).collect();
    assert_eq!(topics, wanted, "every post's change recorded once");
    assert_eq!(rows.len(), 40);
}

conformance!(
    changes_are_read_in_order_and_pruned,
    concurrent_writes_lose_no_topic
);
