//! Settings, redirects, ping and the statement counter.

use beitrag_core::store::prelude::*;
use beitrag_store::SqlStore;

conformance!(
    upserts_settings,
    records_redirects_with_settings,
    pings_and_counts
);

fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
    p.iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

async fn upserts_settings(store: SqlStore) {
    assert!(store.settings().await.unwrap().is_empty());
    store
        .put_settings(&pairs(&[("title", "Blog"), ("tagline", "Hallo")]), &[])
        .await
        .unwrap();
    store
        .put_settings(&pairs(&[("title", "Beitrag")]), &[])
        .await
        .unwrap();
    assert_eq!(
        store.settings().await.unwrap(),
        pairs(&[("tagline", "Hallo"), ("title", "Beitrag")])
    );
}

async fn records_redirects_with_settings(store: SqlStore) {
    store
        .put_settings(
            &pairs(&[("permalink", "/%postname%/")]),
            &pairs(&[("/2024/01/a/", "/a/")]),
        )
        .await
        .unwrap();
    assert_eq!(
        store.redirect_for("/2024/01/a/").await.unwrap().as_deref(),
        Some("/a/")
    );
    assert_eq!(store.redirect_for("/a/").await.unwrap(), None);
}

async fn pings_and_counts(store: SqlStore) {
    let before = store.query_count();
    store.ping().await.unwrap();
    store.settings().await.unwrap();
    assert_eq!(store.query_count() - before, 2);
}
