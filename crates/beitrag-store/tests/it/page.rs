//! The single-post page: visibility, neighbours, terms, comments, and the
//! three-statement budget.

use beitrag_core::comment_page::CommentPaging;
use beitrag_core::model::{CommentKind, CommentStatus, PostId, PostKey, PostKind, PostStatus};
use beitrag_core::store::Backend;
use beitrag_core::store::prelude::*;
use beitrag_store::SqlStore;

use crate::fixture::{add_comment, day, now, post, save, user};

conformance!(
    hides_posts_not_visible_now,
    finds_pages_without_neighbours,
    links_neighbours_by_date_then_id,
    splits_comments_and_counts_them,
    stays_within_three_statements,
);

/// The default comment paging (50 threads a page, newest page first).
const PAGING: CommentPaging = CommentPaging {
    per_page: 50,
    default: beitrag_core::settings::CommentsPage::Newest,
};

fn slug(s: &str) -> PostKey {
    PostKey::Slug(PostKind::Post, s.to_owned())
}

async fn hides_posts_not_visible_now(store: SqlStore) {
    let anna = user(&store, "anna").await;
    let mut draft = post(&anna, "draft", day(-1));
    draft.status = PostStatus::Draft;
    let mut private = post(&anna, "private", day(-1));
    private.status = PostStatus::Private;
    let mut future = post(&anna, "future", day(1));
    future.status = PostStatus::Scheduled;
    let mut due = post(&anna, "due", day(-1));
    due.status = PostStatus::Scheduled;
    let future_published = post(&anna, "future-published", day(1));
    let published = post(&anna, "published", now());
    let ids = store
        .save_posts(&[draft, private, future, due, future_published, published])
        .await
        .unwrap();

    for hidden in ["draft", "private", "future", "future-published", "missing"] {
        assert_eq!(
            store
                .post_page(&slug(hidden), now(), &PAGING, None)
                .await
                .unwrap(),
            None,
            "{hidden}"
        );
    }
    let due = store
        .post_page(&slug("due"), now(), &PAGING, None)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(due.card.post.id, ids[3]);
    let exactly_now = store
        .post_page(&slug("published"), now(), &PAGING, None)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(exactly_now.card.post.slug, "published");
    // By id: the same rules.
    assert_eq!(
        store
            .post_page(&PostKey::Id(ids[0]), now(), &PAGING, None)
            .await
            .unwrap(),
        None
    );
    let by_id = store
        .post_page(&PostKey::Id(ids[3]), now(), &PAGING, None)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(by_id.card.post.slug, "due");
    // The future post becomes visible once its time has come.
    let later = store
        .post_page(&slug("future"), day(2), &PAGING, None)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(later.card.post.slug, "future");
    assert_eq!(
        store
            .post_page(&PostKey::Id(PostId(99_999)), now(), &PAGING, None)
            .await
            .unwrap(),
        None
    );
}

async fn finds_pages_without_neighbours(store: SqlStore) {
    let anna = user(&store, "anna").await;
    let mut about = post(&anna, "about", day(-2));
    about.kind = PostKind::Page;
    let ids = store
        .save_posts(&[
            post(&anna, "older", day(-3)),
            about,
            post(&anna, "newer", day(-1)),
        ])
        .await
        .unwrap();
    let page = store
        .post_page(
            &PostKey::Slug(PostKind::Page, "about".to_owned()),
            now(),
            &PAGING,
            None,
        )
        .await
        .unwrap()
        .unwrap();
    assert_eq!(page.card.post.kind, PostKind::Page);
    assert_eq!((page.previous, page.next), (None, None));
    // `%post_id%` addresses posts only.
    assert_eq!(
        store
            .post_page(&PostKey::Id(ids[1]), now(), &PAGING, None)
            .await
            .unwrap(),
        None
    );
    // And pages are never a post's neighbour.
    let older = store
        .post_page(&slug("older"), now(), &PAGING, None)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(older.next.map(|p| p.slug).as_deref(), Some("newer"));
}

async fn links_neighbours_by_date_then_id(store: SqlStore) {
    let anna = user(&store, "anna").await;
    let mut draft = post(&anna, "draft-between", day(-2));
    draft.status = PostStatus::Draft;
    let mut hidden_future = post(&anna, "future", day(5));
    hidden_future.status = PostStatus::Scheduled;
    store
        .save_posts(&[
            post(&anna, "first", day(-4)),
            post(&anna, "twin-a", day(-3)),
            post(&anna, "twin-b", day(-3)),
            draft,
            post(&anna, "last", day(-1)),
            hidden_future,
        ])
        .await
        .unwrap();
    let neighbours = |p: &beitrag_core::model::PostPage| {
        (
            p.previous.as_ref().map(|x| x.slug.clone()),
            p.next.as_ref().map(|x| x.slug.clone()),
        )
    };
    let s = |x: &str| Some(x.to_owned());
    let first = store
        .post_page(&slug("first"), now(), &PAGING, None)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(neighbours(&first), (None, s("twin-a")));
    let twin_a = store
        .post_page(&slug("twin-a"), now(), &PAGING, None)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(neighbours(&twin_a), (s("first"), s("twin-b")));
    let twin_b = store
        .post_page(&slug("twin-b"), now(), &PAGING, None)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        neighbours(&twin_b),
        (s("twin-a"), s("last")),
        "skips the draft"
    );
    let last = store
        .post_page(&slug("last"), now(), &PAGING, None)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        neighbours(&last),
        (s("twin-b"), None),
        "skips the future post"
    );
}

async fn splits_comments_and_counts_them(store: SqlStore) {
    let anna = user(&store, "anna").await;
    let mut w = post(&anna, "talk", day(-10));
    w.tags = vec!["Zeta".to_owned(), "Alpha".to_owned()];
    w.categories = vec![vec!["Technik".to_owned()]];
    let id = save(&store, w).await;
    let other = save(&store, post(&anna, "other", day(-10))).await;
    use CommentKind::*;
    use CommentStatus::*;
    let c1 = add_comment(&store, id, Comment, Approved, day(-9)).await;
    add_comment(&store, id, Comment, Pending, day(-8)).await;
    add_comment(&store, id, Comment, Spam, day(-8)).await;
    let t1 = add_comment(&store, id, Trackback, Approved, day(-7)).await;
    let f1 = add_comment(&store, id, Fediverse, Approved, day(-6)).await;
    let w1 = add_comment(&store, id, Webmention, Approved, day(-5)).await;
    add_comment(&store, id, Pingback, Trash, day(-5)).await;
    add_comment(&store, other, Comment, Approved, day(-5)).await;
    let mut reply = crate::fixture::comment(id, Comment, Approved, day(-4));
    reply.parent = Some(c1);
    let r1 = store.add_comment(&reply).await.unwrap();

    let page = store
        .post_page(&slug("talk"), now(), &PAGING, None)
        .await
        .unwrap()
        .unwrap();
    let ids: Vec<_> = page.comments.iter().map(|c| c.id).collect();
    assert_eq!(ids, vec![c1, t1, f1, w1, r1], "approved only, oldest first");
    let conversation: Vec<_> = page.conversation().map(|c| c.id).collect();
    assert_eq!(conversation, vec![c1, f1, r1]);
    let linkbacks: Vec<_> = page.linkbacks().map(|c| c.id).collect();
    assert_eq!(linkbacks, vec![t1, w1]);
    assert_eq!(page.comments[4].parent, Some(c1));
    assert_eq!(page.comments[0].author_name, "Reader");
    assert_eq!(page.comments[0].created_at, day(-9));

    assert_eq!(page.card.comment_count, 3);
    assert_eq!(page.card.ping_count, 2);
    assert_eq!(page.card.author.login, "anna");
    assert_eq!(page.card.author.display_name, "anna display");
    assert_eq!(page.card.author.email, "anna@example.org");
    let terms: Vec<_> = page.card.terms.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        terms,
        vec!["Technik", "Alpha", "Zeta"],
        "categories first, then by name"
    );
    assert_eq!(page.card.post.primary_category, Some(page.card.terms[0].id));
    assert_eq!(page.next.map(|p| p.id), Some(other));
}

async fn stays_within_three_statements(store: SqlStore) {
    let anna = user(&store, "anna").await;
    let mut w = post(&anna, "middle", day(-2));
    w.tags = vec!["A".to_owned(), "B".to_owned(), "C".to_owned()];
    store
        .save_posts(&[
            post(&anna, "before", day(-3)),
            w,
            post(&anna, "after", day(-1)),
        ])
        .await
        .unwrap();
    let id = store
        .post_by_slug(PostKind::Post, "middle")
        .await
        .unwrap()
        .unwrap()
        .id;
    for i in 0..5 {
        add_comment(
            &store,
            id,
            CommentKind::Comment,
            CommentStatus::Approved,
            day(-1) + chrono::Duration::minutes(i),
        )
        .await;
    }

    let before = store.query_count();
    let page = store
        .post_page(&slug("middle"), now(), &PAGING, None)
        .await
        .unwrap()
        .unwrap();
    // One batch on SQLite (`post_batch`), three statements on PostgreSQL.
    let statements = if store.backend() == Backend::Sqlite {
        1
    } else {
        3
    };
    assert_eq!(store.query_count() - before, statements);
    assert!(page.previous.is_some() && page.next.is_some());
    assert_eq!(page.comments.len(), 5);
    assert_eq!(page.card.terms.len(), 3);

    let before = store.query_count();
    assert_eq!(
        store
            .post_page(&slug("missing"), now(), &PAGING, None)
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        store.query_count() - before,
        1,
        "a miss costs one statement"
    );
}
