//! Archive pages: filters, ordering, pagination and the statement budget.

use beitrag_core::model::{
    ArchiveFilter, CommentKind, CommentStatus, PostKind, PostList, PostQuery, PostStatus, Taxonomy,
    TermId,
};
use beitrag_core::store::prelude::*;
use beitrag_store::SqlStore;
use chrono::{DateTime, Utc};

use crate::fixture::{add_comment, day, now, post, user};

conformance!(
    lists_visible_posts_newest_first,
    filters_by_tag_and_categories,
    filters_by_author_and_dates,
    puts_sticky_first_when_asked,
    paginates_with_totals,
    uses_three_statements,
    groups_sitemap_posts_by_id_range,
);

fn q(filter: ArchiveFilter) -> PostQuery {
    PostQuery {
        filter,
        sticky_first: false,
        now: now(),
        offset: 0,
        limit: 10,
    }
}

fn slugs(list: &PostList) -> Vec<&str> {
    list.items.iter().map(|c| c.post.slug.as_str()).collect()
}

/// anna: a (day -5, tags Rust; category Technik/Datenbanken), b (day -4,
/// tag SQL; category Technik), c (day -3, category Leben), hidden draft,
/// hidden future, a page. bert: d (day -2, tag Rust).
async fn seed(store: &SqlStore) {
    let anna = user(store, "anna").await;
    let bert = user(store, "bert").await;
    let mut a = post(&anna, "a", day(-5));
    a.tags = vec!["Rust".to_owned()];
    a.categories = vec![vec!["Technik".to_owned(), "Datenbanken".to_owned()]];
    let mut b = post(&anna, "b", day(-4));
    b.tags = vec!["SQL".to_owned()];
    b.categories = vec![vec!["Technik".to_owned()]];
    let mut c = post(&anna, "c", day(-3));
    c.categories = vec![vec!["Leben".to_owned()]];
    let mut draft = post(&anna, "draft", day(-3));
    draft.status = PostStatus::Draft;
    draft.tags = vec!["Rust".to_owned()];
    let mut future = post(&anna, "future", day(2));
    future.status = PostStatus::Scheduled;
    future.tags = vec!["Rust".to_owned()];
    let mut page = post(&anna, "page", day(-1));
    page.kind = PostKind::Page;
    page.tags = vec!["Rust".to_owned()];
    let mut d = post(&bert, "d", day(-2));
    d.tags = vec!["Rust".to_owned()];
    store
        .save_posts(&[a, b, c, draft, future, page, d])
        .await
        .unwrap();
}

async fn term(store: &SqlStore, taxonomy: Taxonomy, slug: &str) -> TermId {
    let terms = store.terms().await.unwrap();
    terms
        .iter()
        .find(|t| t.taxonomy == taxonomy && t.slug == slug)
        .unwrap()
        .id
}

async fn lists_visible_posts_newest_first(store: SqlStore) {
    seed(&store).await;
    let list = store.list_posts(&q(ArchiveFilter::All)).await.unwrap();
    assert_eq!(slugs(&list), vec!["d", "c", "b", "a"]);
    assert_eq!(list.total, 4);
    let d = &list.items[0];
    assert_eq!(d.author.login, "bert");
    assert_eq!(
        d.terms.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(),
        vec!["Rust"]
    );
    let a = &list.items[3];
    assert!(a.post.primary_category.is_some());
    assert_eq!(a.terms.len(), 2);

    let mut later = q(ArchiveFilter::All);
    later.now = day(3);
    let list = store.list_posts(&later).await.unwrap();
    assert_eq!(
        slugs(&list),
        vec!["future", "d", "c", "b", "a"],
        "the scheduled post appears in time"
    );
}

async fn filters_by_tag_and_categories(store: SqlStore) {
    seed(&store).await;
    let rust = term(&store, Taxonomy::Tag, "rust").await;
    let list = store
        .list_posts(&q(ArchiveFilter::Tag(rust)))
        .await
        .unwrap();
    assert_eq!(
        slugs(&list),
        vec!["d", "a"],
        "no draft, future post or page"
    );
    assert_eq!(list.total, 2);

    let technik = term(&store, Taxonomy::Category, "technik").await;
    let datenbanken = term(&store, Taxonomy::Category, "datenbanken").await;
    let leben = term(&store, Taxonomy::Category, "leben").await;
    let list = store
        .list_posts(&q(ArchiveFilter::Categories(vec![technik, datenbanken])))
        .await
        .unwrap();
    assert_eq!(slugs(&list), vec!["b", "a"]);
    let list = store
        .list_posts(&q(ArchiveFilter::Categories(vec![leben])))
        .await
        .unwrap();
    assert_eq!(slugs(&list), vec!["c"]);
    let list = store
        .list_posts(&q(ArchiveFilter::Categories(Vec::new())))
        .await
        .unwrap();
    assert_eq!((list.items.len(), list.total), (0, 0));
}

async fn filters_by_author_and_dates(store: SqlStore) {
    seed(&store).await;
    let bert = store.user_by_login("bert").await.unwrap().unwrap();
    let list = store
        .list_posts(&q(ArchiveFilter::Author(bert.id)))
        .await
        .unwrap();
    assert_eq!(slugs(&list), vec!["d"]);
    let anna = store.user_by_login("anna").await.unwrap().unwrap();
    let list = store
        .list_posts(&q(ArchiveFilter::Author(anna.id)))
        .await
        .unwrap();
    assert_eq!((slugs(&list), list.total), (vec!["c", "b", "a"], 3));

    // [from, to): the lower bound is included, the upper one not.
    let between = |from: DateTime<Utc>, to: DateTime<Utc>| q(ArchiveFilter::Between(from, to));
    let list = store.list_posts(&between(day(-4), day(-2))).await.unwrap();
    assert_eq!(slugs(&list), vec!["c", "b"]);
    let list = store.list_posts(&between(day(-10), day(10))).await.unwrap();
    assert_eq!(list.total, 4, "still only visible posts");
}

async fn puts_sticky_first_when_asked(store: SqlStore) {
    let anna = user(&store, "anna").await;
    let mut old = post(&anna, "old-sticky", day(-9));
    old.sticky = true;
    store
        .save_posts(&[
            old,
            post(&anna, "newer", day(-2)),
            post(&anna, "newest", day(-1)),
        ])
        .await
        .unwrap();
    let mut home = q(ArchiveFilter::All);
    home.sticky_first = true;
    let list = store.list_posts(&home).await.unwrap();
    assert_eq!(slugs(&list), vec!["old-sticky", "newest", "newer"]);
    assert!(list.items[0].post.sticky);
    let list = store.list_posts(&q(ArchiveFilter::All)).await.unwrap();
    assert_eq!(slugs(&list), vec!["newest", "newer", "old-sticky"]);
}

async fn paginates_with_totals(store: SqlStore) {
    let anna = user(&store, "anna").await;
    // Seven posts; two share a second, so the id breaks the tie.
    let mut writes: Vec<_> = (0..6)
        .map(|i| post(&anna, &format!("p{i}"), day(-10 + i)))
        .collect();
    writes.push(post(&anna, "p5-twin", day(-5)));
    let ids = store.save_posts(&writes).await.unwrap();
    for (i, id) in ids.iter().enumerate() {
        for _ in 0..i % 3 {
            add_comment(
                &store,
                *id,
                CommentKind::Comment,
                CommentStatus::Approved,
                day(-1),
            )
            .await;
        }
        add_comment(
            &store,
            *id,
            CommentKind::Pingback,
            CommentStatus::Approved,
            day(-1),
        )
        .await;
        add_comment(
            &store,
            *id,
            CommentKind::Comment,
            CommentStatus::Pending,
            day(-1),
        )
        .await;
    }
    let page = |offset, limit| {
        let mut query = q(ArchiveFilter::All);
        query.offset = offset;
        query.limit = limit;
        query
    };
    let all = store.list_posts(&page(0, 100)).await.unwrap();
    assert_eq!(
        slugs(&all),
        vec!["p5-twin", "p5", "p4", "p3", "p2", "p1", "p0"]
    );
    let first = store.list_posts(&page(0, 3)).await.unwrap();
    let second = store.list_posts(&page(3, 3)).await.unwrap();
    let third = store.list_posts(&page(6, 3)).await.unwrap();
    let beyond = store.list_posts(&page(9, 3)).await.unwrap();
    assert_eq!(slugs(&first), vec!["p5-twin", "p5", "p4"]);
    assert_eq!(slugs(&second), vec!["p3", "p2", "p1"]);
    assert_eq!(slugs(&third), vec!["p0"]);
    assert!(beyond.items.is_empty());
    for list in [&first, &second, &third, &beyond] {
        assert_eq!(list.total, 7);
    }
    for card in &all.items {
        let i = ids.iter().position(|id| *id == card.post.id).unwrap();
        assert_eq!(card.comment_count, (i % 3) as i64, "approved comments only");
        assert_eq!(card.ping_count, 1);
    }
}

async fn uses_three_statements(store: SqlStore) {
    seed(&store).await;
    let rust = term(&store, Taxonomy::Tag, "rust").await;
    let technik = term(&store, Taxonomy::Category, "technik").await;
    let anna = store.user_by_login("anna").await.unwrap().unwrap();
    for filter in [
        ArchiveFilter::All,
        ArchiveFilter::Tag(rust),
        ArchiveFilter::Categories(vec![technik]),
        ArchiveFilter::Author(anna.id),
        ArchiveFilter::Between(day(-30), day(1)),
    ] {
        let before = store.query_count();
        let list = store.list_posts(&q(filter.clone())).await.unwrap();
        assert!(!list.items.is_empty(), "{filter:?}");
        assert_eq!(store.query_count() - before, 3, "{filter:?}");
    }
    let before = store.query_count();
    let list = store
        .list_posts(&q(ArchiveFilter::Between(day(10), day(20))))
        .await
        .unwrap();
    assert!(list.items.is_empty());
    assert_eq!(
        store.query_count() - before,
        2,
        "no term lookup for an empty page"
    );
}

/// Visible posts only (no draft, future post or page), grouped by `id / size`
/// with each group's newest change; a group's posts without their texts.
async fn groups_sitemap_posts_by_id_range(store: SqlStore) {
    seed(&store).await;
    let by_slug: std::collections::HashMap<String, i64> = store
        .all_posts()
        .await
        .unwrap()
        .into_iter()
        .map(|p| (p.post.slug, p.post.id.0))
        .collect();
    // Ids 1..=7 in seed order: a b c draft future page d.
    assert_eq!(by_slug["a"], 1);
    assert_eq!(by_slug["d"], 7);
    let chunks = store.sitemap_chunks(now(), 2).await.unwrap();
    // 0: a; 1: b c; 2: (draft, future); 3: (page) d.
    let ids: Vec<i64> = chunks.iter().map(|(c, _)| *c).collect();
    assert_eq!(ids, vec![0, 1, 3]);
    assert_eq!(chunks[1].1, day(-3), "the newest change of b and c");
    let slugs = |posts: Vec<beitrag_core::model::Post>| {
        posts.into_iter().map(|p| p.slug).collect::<Vec<_>>()
    };
    assert_eq!(
        slugs(store.sitemap_posts(now(), 1, 2).await.unwrap()),
        vec!["b", "c"]
    );
    assert!(store.sitemap_posts(now(), 2, 2).await.unwrap().is_empty());
    let d = store.sitemap_posts(now(), 3, 2).await.unwrap();
    assert_eq!(slugs(d.clone()), vec!["d"]);
    assert!(d[0].html.is_empty());
    assert!(
        store
            .sitemap_posts(now(), i64::MAX, 2)
            .await
            .unwrap()
            .is_empty()
    );
    let all = store.sitemap_chunks(now(), 2_000).await.unwrap();
    assert_eq!(all.len(), 1);
}
