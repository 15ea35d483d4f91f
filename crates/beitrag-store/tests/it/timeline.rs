//! Pages of the whole timeline placed by the slice counts (migration
//! 0020), and tag pages read from the term's own rows (0021), give
//! exactly the rows `count(*)` + `offset` would: checked at every offset
//! against the posts sorted here, after every kind of write that moves a
//! post in or out of the timeline.

use beitrag_core::model::{ArchiveFilter, PostId, PostKind, PostQuery, PostStatus, PostWrite};
use beitrag_core::store::prelude::*;
use beitrag_store::SqlStore;
use chrono::{DateTime, TimeZone, Utc};

use crate::fixture::{day, now, post, save, user};

conformance!(pages_equal_offset_pages, pages_follow_every_write);

/// What `offset`/`limit` over the sorted visible posts (with tag `tag`)
/// gives.
async fn expected(
    store: &SqlStore,
    at: DateTime<Utc>,
    sticky_first: bool,
    tag: Option<&str>,
) -> Vec<String> {
    let mut visible: Vec<_> = store
        .all_posts()
        .await
        .unwrap()
        .into_iter()
        .filter(|p| tag.is_none_or(|t| p.terms.iter().any(|x| x.slug == t)))
        .map(|p| p.post)
        .filter(|p| {
            p.kind == PostKind::Post
                && matches!(p.status, PostStatus::Published | PostStatus::Scheduled)
                && p.published_at.is_some_and(|d| d <= at)
        })
        .collect();
    visible.sort_by_key(|p| {
        (
            std::cmp::Reverse(sticky_first && p.sticky),
            std::cmp::Reverse(p.published_at),
            std::cmp::Reverse(p.id.0),
        )
    });
    visible.into_iter().map(|p| p.slug).collect()
}

/// Every page of every size from 1 to 4 at `at`, both orders, the tag
/// `even`, and totals.
async fn check(store: &SqlStore, at: DateTime<Utc>, what: &str) {
    let even = store
        .terms()
        .await
        .unwrap()
        .into_iter()
        .find(|t| t.slug == "even")
        .unwrap()
        .id;
    for (filter, sticky_first) in [
        (ArchiveFilter::All, false),
        (ArchiveFilter::All, true),
        (ArchiveFilter::Tag(even), false),
    ] {
        let tag = matches!(filter, ArchiveFilter::Tag(_)).then_some("even");
        let want = expected(store, at, sticky_first, tag).await;
        for limit in 1..=4_i64 {
            for offset in 0..=want.len() as i64 + 1 {
                let list = store
                    .list_posts(&PostQuery {
                        filter: filter.clone(),
                        sticky_first,
                        now: at,
                        offset,
                        limit,
                    })
                    .await
                    .unwrap();
                let got: Vec<&str> = list.items.iter().map(|c| c.post.slug.as_str()).collect();
                let from = (offset as usize).min(want.len());
                let to = (from + limit as usize).min(want.len());
                assert_eq!(
                    got,
                    want[from..to]
                        .iter()
                        .map(String::as_str)
                        .collect::<Vec<_>>(),
                    "{what}: {filter:?}, sticky first {sticky_first}, offset {offset}, limit {limit}"
                );
                assert_eq!(list.total, want.len() as i64, "{what}: total");
            }
        }
    }
}

/// Posts over about a year (a dozen slices), two in one second, two
/// before 1970, sticky ones old and new, a scheduled one, a draft and a
/// page.
async fn seed(store: &SqlStore) -> Vec<PostId> {
    let anna = user(store, "anna").await;
    let mut writes: Vec<PostWrite> = (0..24)
        .map(|i| post(&anna, &format!("p{i}"), day(-17 * i)))
        .collect();
    writes.push(post(&anna, "p3-twin", day(-17 * 3)));
    writes.push(post(
        &anna,
        "old",
        Utc.with_ymd_and_hms(1969, 12, 31, 23, 0, 0).unwrap(),
    ));
    writes.push(post(
        &anna,
        "older",
        Utc.with_ymd_and_hms(1969, 11, 2, 0, 0, 0).unwrap(),
    ));
    // Every other post is tagged `even`, the twin, the scheduled post, the
    // draft and the page too.
    for (i, w) in writes.iter_mut().enumerate() {
        if i % 2 == 0 || w.slug == "p3-twin" {
            w.tags = vec!["even".to_owned()];
        }
    }
    writes[5].sticky = true;
    writes[20].sticky = true;
    let mut future = post(&anna, "future", day(40));
    future.status = PostStatus::Scheduled;
    future.tags = vec!["even".to_owned()];
    writes.push(future);
    let mut draft = post(&anna, "draft", day(-30));
    draft.status = PostStatus::Draft;
    draft.tags = vec!["even".to_owned()];
    writes.push(draft);
    let mut page = post(&anna, "page", day(-31));
    page.kind = PostKind::Page;
    page.tags = vec!["even".to_owned()];
    writes.push(page);
    store.save_posts(&writes).await.unwrap()
}

async fn pages_equal_offset_pages(store: SqlStore) {
    seed(&store).await;
    check(&store, now(), "seeded").await;
    check(&store, day(41), "the scheduled post is due").await;
    check(&store, day(-100), "earlier: later posts are still to come").await;
}

/// A write that keeps post `id` as it is (to be changed by the caller).
async fn by_id(store: &SqlStore, id: PostId) -> PostWrite {
    let p = store
        .all_posts()
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.post.id == id)
        .unwrap();
    let anna = store.user_by_login("anna").await.unwrap().unwrap();
    let mut w = post(&anna, &p.post.slug, p.post.published_at.unwrap());
    w.id = Some(id);
    w.kind = p.post.kind;
    w.status = p.post.status;
    w.sticky = p.post.sticky;
    w.tags = p.terms.iter().map(|t| t.name.clone()).collect();
    w
}

async fn pages_follow_every_write(store: SqlStore) {
    let ids = seed(&store).await;
    // Unpublished.
    let mut w = by_id(&store, ids[2]).await;
    w.status = PostStatus::Draft;
    save(&store, w).await;
    check(&store, now(), "unpublished").await;
    // Backdated across several slices, and moved to the future.
    let mut w = by_id(&store, ids[1]).await;
    w.published_at = Some(day(-300));
    save(&store, w).await;
    let mut w = by_id(&store, ids[4]).await;
    w.published_at = Some(day(10));
    w.status = PostStatus::Scheduled;
    save(&store, w).await;
    check(&store, now(), "backdated, postponed").await;
    // Made sticky, and no longer sticky.
    let mut w = by_id(&store, ids[12]).await;
    w.sticky = true;
    save(&store, w).await;
    let mut w = by_id(&store, ids[5]).await;
    w.sticky = false;
    save(&store, w).await;
    check(&store, now(), "sticky changed").await;
    // A page made a post, a draft published.
    let mut w = by_id(&store, ids[ids.len() - 1]).await;
    w.kind = PostKind::Post;
    save(&store, w).await;
    let mut w = by_id(&store, ids[ids.len() - 2]).await;
    w.status = PostStatus::Published;
    save(&store, w).await;
    check(&store, now(), "page made post, draft published").await;
    // A tag taken off one post and put on another.
    let mut w = by_id(&store, ids[6]).await;
    w.tags = Vec::new();
    save(&store, w).await;
    let mut w = by_id(&store, ids[9]).await;
    w.tags = vec!["even".to_owned()];
    save(&store, w).await;
    check(&store, now(), "tags changed").await;
    // The scheduled post published when due, then deleted with others.
    let future = ids[ids.len() - 3];
    assert!(store.publish_scheduled(future, day(41)).await.unwrap());
    check(&store, day(41), "published when due").await;
    store
        .delete_posts(&[future, ids[0], ids[7], ids[20]])
        .await
        .unwrap();
    check(&store, now(), "deleted").await;
}
