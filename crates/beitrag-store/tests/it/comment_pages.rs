//! Comment pages: threads kept whole on their page, linkbacks paged beside
//! them, the counts kept on the post by triggers whatever writes a comment,
//! where a response stands, and a page's cost that does not grow with the
//! number of comments.

use beitrag_core::comment_page::CommentPaging;
use beitrag_core::model::{CommentId, CommentKind, CommentStatus, PostId, PostKey, PostKind};
use beitrag_core::settings::CommentsPage;
use beitrag_core::store::prelude::*;
use beitrag_core::store::{Backend, CommentMove};
use beitrag_store::SqlStore;

use crate::fixture::{add_comment, comment, day, now, post, save, user};

conformance!(
    pages_keep_threads_whole,
    counts_follow_every_write,
    places_name_the_page_of_a_thread,
    a_page_costs_the_same_with_many_comments,
);

fn paging(per_page: i64) -> CommentPaging {
    CommentPaging {
        per_page,
        default: CommentsPage::Newest,
    }
}

async fn page_of(store: &SqlStore, per: i64, page: Option<i64>) -> beitrag_core::model::PostPage {
    store
        .post_page(
            &PostKey::Slug(PostKind::Post, "talk".into()),
            now(),
            &paging(per),
            page,
        )
        .await
        .unwrap()
        .unwrap()
}

async fn reply(store: &SqlStore, post: PostId, parent: CommentId, minute: i64) -> CommentId {
    let mut c = comment(post, CommentKind::Comment, CommentStatus::Approved, day(-5));
    c.created_at += chrono::Duration::minutes(minute);
    c.parent = Some(parent);
    store.add_comment(&c).await.unwrap()
}

/// Seven threads (the second with a reply and a reply to that), a pending
/// thread, four trackbacks; three threads a page.
async fn seed(store: &SqlStore) -> (PostId, Vec<CommentId>, Vec<CommentId>) {
    let anna = user(store, "anna").await;
    let id = save(store, post(&anna, "talk", day(-10))).await;
    let mut roots = Vec::new();
    for i in 0..7 {
        roots.push(
            add_comment(
                store,
                id,
                CommentKind::Comment,
                CommentStatus::Approved,
                day(-9 + i),
            )
            .await,
        );
    }
    add_comment(
        store,
        id,
        CommentKind::Comment,
        CommentStatus::Pending,
        day(-9),
    )
    .await;
    let mut replies = Vec::new();
    // Replies are newer than every thread: they still belong to thread 2.
    let r = reply(store, id, roots[1], 60 * 24 * 4).await;
    replies.push(r);
    replies.push(reply(store, id, r, 60 * 24 * 5).await);
    let mut pings = Vec::new();
    for i in 0..4 {
        pings.push(
            add_comment(
                store,
                id,
                CommentKind::Trackback,
                CommentStatus::Approved,
                day(-8 + i),
            )
            .await,
        );
    }
    (id, roots, [replies, pings].concat())
}

async fn pages_keep_threads_whole(store: SqlStore) {
    let (_, roots, rest) = seed(&store).await;
    let (replies, pings) = rest.split_at(2);
    let ids =
        |p: &beitrag_core::model::PostPage| p.comments.iter().map(|c| c.id).collect::<Vec<_>>();

    let first = page_of(&store, 3, Some(1)).await;
    assert_eq!((first.comment_page, first.comment_pages), (1, 3));
    assert_eq!(first.card.thread_count, 7);
    assert_eq!(first.card.comment_count, 9);
    assert_eq!(first.card.ping_count, 4);
    let mut want = vec![
        roots[0], roots[1], roots[2], pings[0], pings[1], pings[2], replies[0], replies[1],
    ];
    let got = ids(&first);
    want.sort_by_key(|id| got.iter().position(|g| g == id));
    assert_eq!(got, want, "threads 1-3 with both replies, trackbacks 1-3");
    assert_eq!(first.conversation().count(), 5);
    assert_eq!(first.linkbacks().count(), 3);

    let second = page_of(&store, 3, Some(2)).await;
    assert_eq!(
        ids(&second),
        vec![roots[3], roots[4], pings[3], roots[5]],
        "oldest first across kinds (ties by id)"
    );
    // The default (newest) page is the last, read from the newer end.
    let last = page_of(&store, 3, None).await;
    assert_eq!(last.comment_page, 3);
    assert_eq!(ids(&last), vec![roots[6]]);
    let beyond = page_of(&store, 3, Some(4)).await;
    assert!(beyond.comments.is_empty());
    assert_eq!(beyond.comment_pages, 3);
    // One page holds everything when it is large enough.
    let all = page_of(&store, 50, None).await;
    assert_eq!((all.comment_page, all.comment_pages), (1, 1));
    assert_eq!(all.comments.len(), 13);
}

/// What the counts on the post must be, counted from scratch.
async fn counted(store: &SqlStore, post: PostId) -> (i64, i64, i64) {
    let all = store
        .comments_of_post_by_ids(post, &(1..200).map(CommentId).collect::<Vec<_>>())
        .await
        .unwrap();
    let ok = all.iter().filter(|c| c.status == CommentStatus::Approved);
    let talk: Vec<_> = ok.clone().filter(|c| !c.kind.is_linkback()).collect();
    (
        talk.len() as i64,
        ok.filter(|c| c.kind.is_linkback()).count() as i64,
        talk.iter().filter(|c| c.parent.is_none()).count() as i64,
    )
}

async fn stored(store: &SqlStore) -> (i64, i64, i64) {
    let c = page_of(store, 50, None).await.card;
    (c.comment_count, c.ping_count, c.thread_count)
}

async fn counts_follow_every_write(store: SqlStore) {
    let (id, roots, rest) = seed(&store).await;
    assert_eq!(stored(&store).await, (9, 4, 7));
    assert_eq!(stored(&store).await, counted(&store, id).await);
    let mv = |id: CommentId, from: CommentStatus, to: Option<CommentStatus>| CommentMove {
        id,
        from,
        to,
        tokens: Vec::new(),
        spam: 0,
        ham: 0,
    };
    // Approve the pending thread, mark a thread with replies as spam,
    // delete a trackback.
    let pending = store
        .comments_of_post_by_ids(id, &(1..200).map(CommentId).collect::<Vec<_>>())
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.status == CommentStatus::Pending)
        .unwrap();
    store
        .moderate_comments(&[
            mv(
                pending.id,
                CommentStatus::Pending,
                Some(CommentStatus::Approved),
            ),
            mv(roots[1], CommentStatus::Approved, Some(CommentStatus::Spam)),
            mv(rest[2], CommentStatus::Approved, None),
        ])
        .await
        .unwrap();
    assert_eq!(stored(&store).await, (9, 3, 7));
    assert_eq!(stored(&store).await, counted(&store, id).await);
    // Deleting a thread's root detaches its reply, which becomes a thread.
    store.delete_comments(&[roots[1]]).await.unwrap();
    assert_eq!(stored(&store).await, counted(&store, id).await);
    assert_eq!(stored(&store).await.2, 8);
    // Other posts keep theirs.
    let other = save(&store, post(&user(&store, "ben").await, "other", day(-3))).await;
    add_comment(
        &store,
        other,
        CommentKind::Comment,
        CommentStatus::Approved,
        day(-2),
    )
    .await;
    assert_eq!(stored(&store).await, counted(&store, id).await);
}

async fn places_name_the_page_of_a_thread(store: SqlStore) {
    let (_, roots, rest) = seed(&store).await;
    let asked = [roots[0], rest[1], roots[6], rest[3], CommentId(99_999)];
    let places = store.comment_places(&asked).await.unwrap();
    let pos: Vec<_> = places.iter().map(|(id, p)| (*id, p.position)).collect();
    assert_eq!(
        pos,
        vec![(roots[0], 0), (rest[1], 1), (roots[6], 6), (rest[3], 1)],
        "a reply stands where its thread does; linkbacks among linkbacks; unknown ids left out"
    );
    assert!(places.iter().all(|(_, p)| p.threads == 7 && p.pings == 4));
    let p = paging(3);
    assert_eq!(p.page_of(places[1].1.position), 1);
    assert_eq!(p.page_of(places[2].1.position), 3);
}

async fn a_page_costs_the_same_with_many_comments(store: SqlStore) {
    let anna = user(&store, "anna").await;
    let id = save(&store, post(&anna, "talk", day(-10))).await;
    let mut many = Vec::new();
    for i in 0..600 {
        let mut c = comment(id, CommentKind::Comment, CommentStatus::Approved, day(-9));
        c.created_at += chrono::Duration::seconds(i);
        many.push(c);
    }
    for c in &many {
        store.add_comment(c).await.unwrap();
    }
    // SQLite reads the post, its terms and page 1 in one batch, and the
    // default page (the newest, 12) or page 6 once more.
    let sqlite = store.backend() == Backend::Sqlite;
    for (page, sqlite_statements) in [(None, 2), (Some(1), 1), (Some(6), 3)] {
        let before = store.query_count();
        let p = page_of(&store, 50, page).await;
        let statements = if sqlite { sqlite_statements } else { 3 };
        assert_eq!(store.query_count() - before, statements, "{page:?}");
        assert_eq!(p.comments.len(), 50, "{page:?}");
        assert_eq!(p.comment_pages, 12);
    }
}
