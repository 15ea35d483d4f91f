//! Saving posts: insert, update, terms, categories, redirects, batches.

use beitrag_core::StoreError;
use beitrag_core::model::{OpenClosed, PostId, PostKind, PostStatus, Taxonomy};
use beitrag_core::store::prelude::*;
use beitrag_store::SqlStore;

use crate::fixture::{day, post, save, user};

conformance!(
    inserts_and_reads_back_post,
    updates_post_and_replaces_terms,
    rejects_update_of_missing_post,
    creates_category_hierarchy,
    keeps_first_tag_name,
    collapses_redirect_chains,
    rejects_slug_conflict,
    rolls_back_whole_batch_on_conflict,
    exports_all_posts_with_terms,
);

async fn inserts_and_reads_back_post(store: SqlStore) {
    let anna = user(&store, "anna").await;
    let mut w = post(&anna, "hallo-welt", day(-1));
    w.excerpt = "Kurz".to_owned();
    w.sticky = true;
    w.comment_status = OpenClosed::Closed;
    w.ping_status = OpenClosed::Open;
    let id = save(&store, w.clone()).await;

    let p = store.post_by_id(id).await.unwrap().unwrap();
    assert_eq!(p.id, id);
    assert_eq!(p.kind, PostKind::Post);
    assert_eq!(p.status, PostStatus::Published);
    assert_eq!(p.slug, "hallo-welt");
    assert_eq!(p.title, w.title);
    assert_eq!(p.source, w.source);
    assert_eq!(p.html, w.html);
    assert_eq!(p.excerpt, "Kurz");
    assert_eq!(p.author_id, anna.id);
    assert_eq!(p.published_at, Some(day(-1)));
    assert_eq!(p.updated_at, day(-1));
    assert_eq!(p.comment_status, OpenClosed::Closed);
    assert_eq!(p.ping_status, OpenClosed::Open);
    assert!(p.sticky);
    assert_eq!(p.primary_category, None);

    assert_eq!(
        store
            .post_by_slug(PostKind::Post, "hallo-welt")
            .await
            .unwrap(),
        Some(p)
    );
    assert_eq!(
        store
            .post_by_slug(PostKind::Page, "hallo-welt")
            .await
            .unwrap(),
        None
    );
    assert_eq!(store.post_by_id(PostId(id.0 + 100)).await.unwrap(), None);

    // A draft has no date; a page may share a post's slug.
    let mut draft = post(&anna, "hallo-welt", day(0));
    draft.kind = PostKind::Page;
    draft.status = PostStatus::Draft;
    draft.published_at = None;
    let page = save(&store, draft).await;
    assert_eq!(
        store.post_by_id(page).await.unwrap().unwrap().published_at,
        None
    );
}

async fn updates_post_and_replaces_terms(store: SqlStore) {
    let anna = user(&store, "anna").await;
    let bert = user(&store, "bert").await;
    let mut w = post(&anna, "first", day(-2));
    w.tags = vec!["Rust".to_owned(), "SQL".to_owned()];
    w.categories = vec![vec!["Technik".to_owned()]];
    let id = save(&store, w.clone()).await;

    w.id = Some(id);
    w.slug = "renamed".to_owned();
    w.title = "Renamed".to_owned();
    w.author_id = bert.id;
    w.status = PostStatus::Draft;
    w.tags = vec!["Go".to_owned()];
    w.categories = Vec::new();
    let ids = store.save_posts(std::slice::from_ref(&w)).await.unwrap();
    assert_eq!(ids, vec![id]);

    let p = store.post_by_id(id).await.unwrap().unwrap();
    assert_eq!((p.slug.as_str(), p.title.as_str()), ("renamed", "Renamed"));
    assert_eq!(p.author_id, bert.id);
    assert_eq!(p.status, PostStatus::Draft);
    assert_eq!(p.primary_category, None);
    assert_eq!(
        store.post_by_slug(PostKind::Post, "first").await.unwrap(),
        None
    );

    let all = store.all_posts().await.unwrap();
    assert_eq!(all.len(), 1);
    let names: Vec<&str> = all[0].terms.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, vec!["Go"]);
    assert_eq!(all[0].author_login, "bert");
    // Unused terms stay; only the post's links were replaced.
    assert_eq!(store.terms().await.unwrap().len(), 4);
}

async fn rejects_update_of_missing_post(store: SqlStore) {
    let anna = user(&store, "anna").await;
    let mut w = post(&anna, "ghost", day(-1));
    w.id = Some(PostId(4242));
    let err = store.save_posts(&[w]).await.unwrap_err();
    assert!(matches!(err, StoreError::NotFound), "{err:?}");
}

async fn creates_category_hierarchy(store: SqlStore) {
    let anna = user(&store, "anna").await;
    let mut w = post(&anna, "one", day(-1));
    w.categories = vec![
        vec!["Social Media".to_owned(), "Strategie".to_owned()],
        vec!["Allgemein".to_owned()],
    ];
    let one = save(&store, w).await;
    let mut w = post(&anna, "two", day(-1));
    w.categories = vec![vec!["Social Media".to_owned()]];
    let two = save(&store, w).await;

    let terms = store.terms().await.unwrap();
    assert!(terms.iter().all(|t| t.taxonomy == Taxonomy::Category));
    let by_slug = |s: &str| terms.iter().find(|t| t.slug == s).unwrap().clone();
    let social = by_slug("social-media");
    let strategie = by_slug("strategie");
    let allgemein = by_slug("allgemein");
    assert_eq!(terms.len(), 3, "segments are found, not duplicated");
    assert_eq!(social.name, "Social Media");
    assert_eq!(social.parent, None);
    assert_eq!(strategie.parent, Some(social.id));
    assert_eq!(allgemein.parent, None);
    // Ordered by taxonomy, then name.
    let names: Vec<&str> = terms.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, vec!["Allgemein", "Social Media", "Strategie"]);

    // A post is filed under the leaf of each path; the primary category is
    // the lowest id among them.
    let p1 = store.post_by_id(one).await.unwrap().unwrap();
    assert_eq!(p1.primary_category, Some(strategie.id.min(allgemein.id)));
    let p2 = store.post_by_id(two).await.unwrap().unwrap();
    assert_eq!(p2.primary_category, Some(social.id));
    let all = store.all_posts().await.unwrap();
    let mut linked: Vec<_> = all[0].terms.iter().map(|t| t.slug.clone()).collect();
    linked.sort();
    assert_eq!(linked, vec!["allgemein", "strategie"]);
}

async fn keeps_first_tag_name(store: SqlStore) {
    let anna = user(&store, "anna").await;
    let mut w = post(&anna, "one", day(-1));
    w.tags = vec!["Grüße".to_owned()];
    save(&store, w).await;
    let mut w = post(&anna, "two", day(-1));
    // Same slug, another spelling; and a duplicate within one post.
    w.tags = vec!["grüsse".to_owned(), "Grüße".to_owned()];
    w.categories = vec![vec!["Grüße".to_owned()]];
    save(&store, w).await;

    let terms = store.terms().await.unwrap();
    let tags: Vec<_> = terms
        .iter()
        .filter(|t| t.taxonomy == Taxonomy::Tag)
        .collect();
    assert_eq!(tags.len(), 1, "{terms:?}");
    assert_eq!(tags[0].name, "Grüße");
    assert_eq!(tags[0].slug, "gruesse");
    // A category may share a tag's slug: the taxonomies are separate.
    assert_eq!(
        terms
            .iter()
            .filter(|t| t.taxonomy == Taxonomy::Category)
            .count(),
        1
    );
    let all = store.all_posts().await.unwrap();
    assert_eq!(all[1].terms.len(), 2);
}

async fn collapses_redirect_chains(store: SqlStore) {
    let anna = user(&store, "anna").await;
    let mut w = post(&anna, "a", day(-1));
    let id = save(&store, w.clone()).await;
    w.id = Some(id);
    let redirect = |old: &str, new: &str| vec![(old.to_owned(), new.to_owned())];

    w.slug = "b".to_owned();
    w.redirects = redirect("/a/", "/b/");
    save(&store, w.clone()).await;
    w.slug = "c".to_owned();
    w.redirects = redirect("/b/", "/c/");
    save(&store, w.clone()).await;
    assert_eq!(
        store.redirect_for("/a/").await.unwrap().as_deref(),
        Some("/c/"),
        "no chain a→b→c"
    );
    assert_eq!(
        store.redirect_for("/b/").await.unwrap().as_deref(),
        Some("/c/")
    );
    assert_eq!(store.redirect_for("/c/").await.unwrap(), None);

    // Back to the first path: it is live again, so nothing redirects from it.
    w.slug = "a".to_owned();
    w.redirects = redirect("/c/", "/a/");
    save(&store, w.clone()).await;
    assert_eq!(store.redirect_for("/a/").await.unwrap(), None, "no loop");
    assert_eq!(
        store.redirect_for("/b/").await.unwrap().as_deref(),
        Some("/a/")
    );
    assert_eq!(
        store.redirect_for("/c/").await.unwrap().as_deref(),
        Some("/a/")
    );
}

async fn rejects_slug_conflict(store: SqlStore) {
    let anna = user(&store, "anna").await;
    save(&store, post(&anna, "taken", day(-1))).await;
    let err = store
        .save_posts(&[post(&anna, "taken", day(-2))])
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict { .. }), "{err:?}");

    // Renaming another post onto the slug conflicts too.
    let other = save(&store, post(&anna, "other", day(-1))).await;
    let mut w = post(&anna, "taken", day(-1));
    w.id = Some(other);
    let err = store.save_posts(&[w]).await.unwrap_err();
    assert!(matches!(err, StoreError::Conflict { .. }), "{err:?}");
    assert_eq!(
        store.post_by_id(other).await.unwrap().unwrap().slug,
        "other"
    );
}

async fn rolls_back_whole_batch_on_conflict(store: SqlStore) {
    let anna = user(&store, "anna").await;
    let mut first = post(&anna, "same", day(-1));
    first.tags = vec!["Neu".to_owned()];
    first.categories = vec![vec!["Oben".to_owned(), "Unten".to_owned()]];
    first.redirects = vec![("/old/".to_owned(), "/same/".to_owned())];
    let second = post(&anna, "same", day(-2));
    let err = store.save_posts(&[first, second]).await.unwrap_err();
    assert!(matches!(err, StoreError::Conflict { .. }), "{err:?}");

    assert!(
        store.all_posts().await.unwrap().is_empty(),
        "no post of the batch survives"
    );
    assert!(
        store.terms().await.unwrap().is_empty(),
        "no term of the batch survives"
    );
    assert_eq!(
        store.redirect_for("/old/").await.unwrap(),
        None,
        "no redirect of the batch survives"
    );
}

async fn exports_all_posts_with_terms(store: SqlStore) {
    let anna = user(&store, "anna").await;
    let bert = user(&store, "bert").await;
    let mut draft = post(&anna, "draft", day(0));
    draft.status = PostStatus::Draft;
    draft.published_at = None;
    let mut page = post(&bert, "about", day(-9));
    page.kind = PostKind::Page;
    let mut newer = post(&bert, "newer", day(-1));
    newer.tags = vec!["B".to_owned(), "A".to_owned()];
    let older = post(&anna, "older", day(-5));
    let mut future = post(&anna, "future", day(3));
    future.status = PostStatus::Scheduled;
    store
        .save_posts(&[draft, page, newer, older, future])
        .await
        .unwrap();

    let before = store.query_count();
    let all = store.all_posts().await.unwrap();
    assert!(
        store.query_count() - before <= 3,
        "not one statement per post"
    );
    let slugs: Vec<&str> = all.iter().map(|p| p.post.slug.as_str()).collect();
    assert_eq!(slugs, vec!["about", "older", "newer", "future", "draft"]);
    assert_eq!(all[0].author_login, "bert");
    assert_eq!(all[1].author_login, "anna");
    let tags: Vec<&str> = all[2].terms.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(tags, vec!["A", "B"]);
}
