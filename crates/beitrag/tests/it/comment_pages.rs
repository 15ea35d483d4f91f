//! Comment pages end to end: `comment-page-N/` routing and its limits,
//! canonical and previous/next links, threads kept whole, and every link
//! to a comment (feed, form redirect) landing on the page that shows it.

use beitrag_core::Actor;
use beitrag_core::model::{CommentId, CommentStatus, PostId, PostKind};
use beitrag_core::service::comment::{self, Submission};
use chrono::TimeZone;

use crate::harness::{Backend, Options, TestApp, attr, count};

const POST: &str = "/2020/06/viel-gerede/";

fn at(minute: i64) -> chrono::DateTime<chrono::Utc> {
    chrono::Utc.with_ymd_and_hms(2020, 6, 16, 8, 0, 0).unwrap() + chrono::Duration::minutes(minute)
}

async fn say(
    app: &TestApp,
    post: PostId,
    parent: Option<CommentId>,
    text: &str,
    minute: i64,
) -> CommentId {
    let settings = beitrag_core::service::settings::load(app.core.read())
        .await
        .unwrap();
    comment::submit(
        &app.core,
        &Actor::Import,
        &settings,
        Submission {
            post_id: Some(post),
            parent,
            author_name: "Leserin".into(),
            author_email: "leserin@example.net".into(),
            text: text.into(),
            status: Some(CommentStatus::Approved),
            ..Submission::default()
        },
        at(minute),
    )
    .await
    .unwrap()
    .id
}

/// Two threads a page; five threads, the first with a reply, and a reply
/// that came last of all to the first thread.
async fn start(backend: Backend) -> (TestApp, PostId, Vec<CommentId>) {
    let app = TestApp::start_with(
        backend,
        Options {
            cache_ttl: 30,
            ..Options::default()
        },
    )
    .await;
    for (k, v) in [
        ("comments_per_page", "2"),
        ("comment_moderation", "none"),
        ("comment_min_seconds", "0"),
    ] {
        beitrag_core::service::settings::set(&app.core, &Actor::Operator, k, v)
            .await
            .unwrap();
    }
    let mut input = crate::harness::published(
        PostKind::Post,
        "viel-gerede",
        "Viel Gerede",
        "Worüber alle reden.",
        "admin",
    );
    input.published_at = Some(chrono::Utc.with_ymd_and_hms(2020, 6, 15, 12, 0, 0).unwrap());
    let post = crate::harness::save_posts(&app.core, vec![input])
        .await
        .unwrap()[0];
    let mut ids = Vec::new();
    for i in 0..5 {
        ids.push(say(&app, post, None, &format!("Faden {}", i + 1), i).await);
    }
    ids.push(say(&app, post, Some(ids[0]), "Antwort auf Faden 1", 100).await);
    (app, post, ids)
}

fn body_has(doc: &scraper::Html, needle: &str) -> bool {
    doc.root_element()
        .text()
        .collect::<String>()
        .contains(needle)
}

async fn pages_hold_whole_threads_and_link_each_other(backend: Backend) {
    let (app, _, _) = start(backend).await;
    let base = app.url(POST);
    // The post shows the newest page: thread 5 alone.
    let newest = app.page(POST).await;
    assert!(body_has(&newest, "Faden 5"));
    assert!(!body_has(&newest, "Faden 4"));
    assert_eq!(attr(&newest, "link[rel=canonical]", "href"), base);
    assert_eq!(
        attr(&newest, "a.older-comments", "href"),
        format!("{base}comment-page-2/#comments")
    );
    assert_eq!(count(&newest, "a.newer-comments"), 0);
    assert_eq!(
        attr(&newest, "link[rel=prev]", "href"),
        format!("{base}comment-page-2/")
    );
    assert_eq!(
        crate::harness::text(&newest, "#comments-title"),
        "Kommentare (6)",
        "counts stay totals"
    );

    let first = app.page(&format!("{POST}comment-page-1/")).await;
    for needle in ["Faden 1", "Faden 2", "Antwort auf Faden 1"] {
        assert!(body_has(&first, needle), "{needle}");
    }
    assert!(!body_has(&first, "Faden 3"));
    assert_eq!(
        count(&first, "li.comment.depth-1"),
        1,
        "the reply is threaded"
    );
    assert_eq!(
        attr(&first, "link[rel=canonical]", "href"),
        format!("{base}comment-page-1/")
    );
    assert_eq!(
        attr(&first, "a.newer-comments", "href"),
        format!("{base}comment-page-2/#comments")
    );

    // The default page under its own number names the post as canonical.
    let third = app.page(&format!("{POST}comment-page-3/")).await;
    assert_eq!(attr(&third, "link[rel=canonical]", "href"), base);

    for missing in [
        "comment-page-4/",
        "comment-page-0/",
        "comment-page-02/",
        "comment-page-x/",
    ] {
        let res = app.get(&format!("{POST}{missing}")).await;
        assert_eq!(res.status(), 404, "{missing}");
    }
    let res = app.get("/2020/06/nicht-da/comment-page-2/").await;
    assert_eq!(res.status(), 404);
    let res = app.get(&format!("{POST}comment-page-2")).await;
    assert!(
        res.status() == 404 || res.status() == 301,
        "{}",
        res.status()
    );
    app.stop().await;
}

async fn comment_links_land_on_their_page(backend: Backend) {
    let (app, _, ids) = start(backend).await;
    let base = app.url(POST);
    let feed = app
        .get(&format!("{POST}feed/"))
        .await
        .bytes()
        .await
        .unwrap();
    let feed = feed_rs::parser::parse(&feed[..]).unwrap();
    let link_of = |id: CommentId| {
        feed.entries
            .iter()
            .find(|e| {
                e.links
                    .iter()
                    .any(|l| l.href.ends_with(&format!("#comment-{}", id.0)))
            })
            .map(|e| e.links[0].href.clone())
            .unwrap_or_else(|| panic!("comment {} in the feed", id.0))
    };
    assert_eq!(
        link_of(ids[5]),
        format!("{base}comment-page-1/#comment-{}", ids[5].0)
    );
    assert_eq!(
        link_of(ids[2]),
        format!("{base}comment-page-2/#comment-{}", ids[2].0)
    );
    assert_eq!(link_of(ids[4]), format!("{base}#comment-{}", ids[4].0));

    // The form's redirect: a reply to thread 1 lands on page 1, a new
    // thread on the post itself (the newest page).
    let doc = app.page(POST).await;
    let (post_id, token) = (
        attr(&doc, "input[name=comment_post_ID]", "value"),
        attr(&doc, "input[name=token]", "value"),
    );
    let send = |parent: String, text: &'static str| {
        let fields = [
            ("comment_post_ID", post_id.clone()),
            ("comment_parent", parent),
            ("token", token.clone()),
            ("author", "Petra Schulz".to_owned()),
            ("email", "petra.schulz@example.net".to_owned()),
            ("url", String::new()),
            ("comment", text.to_owned()),
            ("website_url", String::new()),
        ];
        let body = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(fields)
            .finish();
        app.client
            .post(app.url("/comments/"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
    };
    let res = send(
        ids[0].0.to_string(),
        "Noch eine Antwort auf den ersten Faden.",
    )
    .await
    .unwrap();
    assert_eq!(res.status(), 303);
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        location.starts_with(&format!("{base}comment-page-1/#comment-")),
        "{location}"
    );
    let shown = app.page(&format!("{POST}comment-page-1/")).await;
    assert!(body_has(&shown, "Noch eine Antwort auf den ersten Faden."));
    let res = send(String::new(), "Ein sechster Faden.").await.unwrap();
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        location.starts_with(&format!("{base}#comment-")),
        "{location}"
    );
    assert!(body_has(&app.page(POST).await, "Ein sechster Faden."));
    app.stop().await;
}

crate::on_both_backends!(
    pages_hold_whole_threads_and_link_each_other,
    comment_links_land_on_their_page,
);
