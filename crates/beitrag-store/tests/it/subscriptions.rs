//! WebSub subscriptions and email subscribers: the same answers on both
//! engines.

use beitrag_core::model::SubscriberId;
use beitrag_core::store::prelude::*;
use beitrag_store::SqlStore;
use chrono::{Duration, Utc};

use crate::fixture;

conformance!(
    renews_and_expires_websub_subscriptions,
    confirms_and_removes_subscribers_once
);

async fn renews_and_expires_websub_subscriptions(store: SqlStore) {
    let now = Utc::now();
    let topic = "https://blog.example/feed/".to_owned();
    let first = store
        .put_websub_subscription(&topic, "https://r.example/cb", "a", 3600, now)
        .await
        .unwrap();
    let again = store
        .put_websub_subscription(&topic, "https://r.example/cb", "b", 7200, now)
        .await
        .unwrap();
    assert_eq!(first, again, "one row per topic and callback");
    let other = store
        .put_websub_subscription(&topic, "https://s.example/cb", "", 60, now)
        .await
        .unwrap();
    let active = store
        .websub_active(std::slice::from_ref(&topic), now + Duration::seconds(120))
        .await
        .unwrap();
    assert_eq!(active.len(), 1, "the 60 s lease is over");
    assert_eq!(active[0].secret, "b");
    assert_eq!(active[0].lease_seconds, 7200);
    assert!(store.websub_active(&[], now).await.unwrap().is_empty());
    assert_eq!(store.websub_subscriptions().await.unwrap().len(), 2);
    assert!(store.delete_websub_by_id(other).await.unwrap());
    assert!(store.websub_subscription(other).await.unwrap().is_none());
    assert!(
        store
            .delete_websub_subscription(&topic, "https://r.example/cb")
            .await
            .unwrap()
    );
    assert!(
        !store
            .delete_websub_subscription(&topic, "https://r.example/cb")
            .await
            .unwrap()
    );
}

async fn confirms_and_removes_subscribers_once(store: SqlStore) {
    let now = Utc::now();
    let (s, new) = store.add_subscriber("a@example.org", now).await.unwrap();
    assert!(new && s.confirmed_at.is_none());
    let (same, new) = store.add_subscriber("a@example.org", now).await.unwrap();
    assert_eq!((same.id, new), (s.id, false));
    assert!(store.confirmed_subscribers().await.unwrap().is_empty());
    assert!(store.confirm_subscriber(s.id, now).await.unwrap());
    assert!(
        store
            .confirm_subscriber(s.id, now + Duration::days(1))
            .await
            .unwrap()
    );
    let confirmed = store.subscriber(s.id).await.unwrap().unwrap();
    assert_eq!(
        confirmed.confirmed_at.map(|t| t.timestamp()),
        Some(now.timestamp()),
        "the first consent stays"
    );
    assert_eq!(store.confirmed_subscribers().await.unwrap(), vec![s.id]);
    assert!(
        !store
            .confirm_subscriber(SubscriberId(999), now)
            .await
            .unwrap()
    );
    assert!(store.delete_subscriber(s.id).await.unwrap());
    let (b, _) = store.add_subscriber("b@example.org", now).await.unwrap();
    assert!(b.id.0 > s.id.0, "ids are never given again");
    assert_eq!(
        store.subscriber_by_email("b@example.org").await.unwrap(),
        Some(b)
    );
    assert_eq!(store.subscribers().await.unwrap().len(), 1);
    let author = fixture::user(&store, "anna").await;
    let post = fixture::save(&store, fixture::post(&author, "neu", fixture::now())).await;
    assert!(store.mark_announced(post, now).await.unwrap());
    assert!(!store.mark_announced(post, now).await.unwrap());
}
