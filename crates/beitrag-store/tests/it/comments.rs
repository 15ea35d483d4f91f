//! Comment feeds.

use beitrag_core::model::{CommentKind, CommentStatus, PostStatus};
use beitrag_core::store::prelude::*;
use beitrag_store::SqlStore;

use crate::fixture::{add_comment, day, now, post, user};

conformance!(lists_recent_approved_comments_of_visible_posts);

async fn lists_recent_approved_comments_of_visible_posts(store: SqlStore) {
    let anna = user(&store, "anna").await;
    let mut draft = post(&anna, "draft", day(-5));
    draft.status = PostStatus::Draft;
    let mut future = post(&anna, "future", day(5));
    future.status = PostStatus::Scheduled;
    let ids = store
        .save_posts(&[
            post(&anna, "one", day(-5)),
            post(&anna, "two", day(-4)),
            draft,
            future,
        ])
        .await
        .unwrap();
    let (one, two, draft, future) = (ids[0], ids[1], ids[2], ids[3]);
    use CommentKind::*;
    use CommentStatus::*;
    let a = add_comment(&store, one, Comment, Approved, day(-3)).await;
    let b = add_comment(&store, two, Webmention, Approved, day(-2)).await;
    add_comment(&store, two, Comment, Pending, day(-1)).await;
    add_comment(&store, draft, Comment, Approved, day(-1)).await;
    add_comment(&store, future, Comment, Approved, day(-1)).await;
    let c = add_comment(&store, one, Fediverse, Approved, day(-1)).await;

    let before = store.query_count();
    let rows = store.recent_comments(None, now(), 10).await.unwrap();
    assert_eq!(store.query_count() - before, 1);
    let ids: Vec<_> = rows.iter().map(|r| r.comment.id).collect();
    assert_eq!(
        ids,
        vec![c, b, a],
        "approved, visible posts only, newest first"
    );
    assert_eq!(rows[0].post.slug, "one");
    assert_eq!(rows[1].post.slug, "two");
    assert_eq!(rows[1].comment.kind, Webmention);

    let limited = store.recent_comments(None, now(), 2).await.unwrap();
    assert_eq!(limited.len(), 2);
    let of_one = store.recent_comments(Some(one), now(), 10).await.unwrap();
    assert_eq!(
        of_one.iter().map(|r| r.comment.id).collect::<Vec<_>>(),
        vec![c, a]
    );
    assert!(
        store
            .recent_comments(Some(draft), now(), 10)
            .await
            .unwrap()
            .is_empty()
    );
}
