//! URLs: canonical forms, redirects on slug and permalink changes, themed
//! 404s for every kind of bad path, conditional GET, and the query budget
//! of a cold post page.

use crate::harness::save_posts;
use beitrag_core::model::{PostKind, PostStatus};
use beitrag_core::service::post::PostInput;

use crate::harness::{Backend, Options, TestApp, count, text};

const POST: &str = "/2011/02/fuenf-regeln-fuer-gute-moderation/";

async fn bad_paths_get_themed_404_never_500(backend: Backend) {
    let app = TestApp::start(backend).await;
    for path in [
        "/nope/",
        "/page/0/",
        "/page/-1/",
        "/page/abc/",
        "/page/99999999999999/",
        "/2011/13/",
        "/2011/02/30/",
        "/2011/01/no-such-post/",
        "/tag/",
        "/category/",
        "/%FF%FE/",
        "/a%00b/",
        "/ueber-uns/page/2/",
        "/wp-admin/../../etc/passwd",
        "/avatar/zz.svg",
        "/avatar/0123456789abcdef.png",
        "/2011/01/social-media-wird-so-normal-wie-das-telefon/page/2/",
        "/tag/x/feed/bogus/",
    ] {
        let res = app.get(path).await;
        assert_eq!(res.status(), 404, "{path}");
        let body = res.text().await.unwrap();
        let doc = scraper::Html::parse_document(&body);
        assert_eq!(text(&doc, "main h1"), "Seite nicht gefunden", "{path}");
        assert!(count(&doc, ".recent-posts li") >= 3, "{path}");
    }
    let long = format!("/{}/", "a".repeat(5000));
    assert_eq!(app.get(&long).await.status(), 404);
    let res = app.client.post(app.url("/")).send().await.unwrap();
    assert_eq!(res.status(), 405);
    app.stop().await;
}

async fn one_trailing_slash_form_is_canonical(backend: Backend) {
    let app = TestApp::start(backend).await;
    for (from, to) in [
        ("/2011/02/fuenf-regeln-fuer-gute-moderation", POST),
        ("/ueber-uns", "/ueber-uns/"),
        ("/tag/community", "/tag/community/"),
        ("/feed", "/feed/"),
        ("/2011/03/fuenf-regeln-fuer-gute-moderation/", POST),
        ("/tag/community?x=1", "/tag/community/?x=1"),
    ] {
        let res = app.get(from).await;
        assert_eq!(res.status(), 301, "{from}");
        assert_eq!(res.headers()["location"], to, "{from}");
    }
    assert_eq!(app.get(POST).await.status(), 200);
    app.stop().await;
}

async fn slug_and_permalink_changes_redirect(backend: Backend) {
    let app = TestApp::start_with(
        backend,
        Options {
            cache_ttl: 0,
            ..Options::default()
        },
    )
    .await;
    let post = app
        .store
        .post_by_slug(PostKind::Post, "fuenf-regeln-fuer-gute-moderation")
        .await
        .unwrap()
        .unwrap();
    let input = PostInput {
        id: Some(post.id),
        kind: PostKind::Post,
        status: PostStatus::Published,
        title: post.title.clone(),
        slug: Some("moderation-in-fuenf-regeln".into()),
        source: post.source.clone(),
        format: beitrag_core::model::SourceFormat::Markdown,
        excerpt: String::new(),
        author: "anna".into(),
        published_at: post.published_at,
        updated_at: None,
        comment_status: None,
        ping_status: None,
        sticky: false,
        trackbacks: Vec::new(),
        tags: vec!["Moderation".into()],
        categories: vec!["Community-Management".into()],
        featured_media: None,
    };
    save_posts(&app.core, vec![input]).await.unwrap();
    let res = app.get(POST).await;
    assert_eq!(res.status(), 301);
    assert_eq!(
        res.headers()["location"],
        "/2011/02/moderation-in-fuenf-regeln/"
    );
    assert_eq!(
        app.get("/2011/02/moderation-in-fuenf-regeln/")
            .await
            .status(),
        200
    );

    beitrag_core::service::settings::set(
        &app.core,
        &beitrag_core::Actor::Operator,
        "permalink",
        "/archiv/%post_id%/%postname%.html",
    )
    .await
    .unwrap();
    let new_path = format!("/archiv/{}/moderation-in-fuenf-regeln.html", post.id.0);
    for old in [POST, "/2011/02/moderation-in-fuenf-regeln/"] {
        let res = app.get(old).await;
        assert_eq!(res.status(), 301, "{old}");
        assert_eq!(res.headers()["location"], new_path.as_str(), "{old}");
    }
    assert_eq!(app.get(&new_path).await.status(), 200);
    // The id decides; a wrong slug in the URL is corrected.
    let res = app.get(&format!("/archiv/{}/falsch.html", post.id.0)).await;
    assert_eq!(res.status(), 301);
    app.stop().await;
}

async fn conditional_get_answers_304(backend: Backend) {
    let app = TestApp::start(backend).await;
    for path in [POST, "/feed/", "/feed/atom/", "/"] {
        let res = app.get(path).await;
        assert_eq!(res.status(), 200);
        let etag = res.headers()["etag"].to_str().unwrap().to_owned();
        let modified = res.headers()["last-modified"].to_str().unwrap().to_owned();
        let body = res.text().await.unwrap();
        let again = app
            .client
            .get(app.url(path))
            .header("if-none-match", &etag)
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), 304, "{path}");
        assert!(again.text().await.unwrap().is_empty());
        let since = app
            .client
            .get(app.url(path))
            .header("if-modified-since", &modified)
            .send()
            .await
            .unwrap();
        assert_eq!(since.status(), 304, "{path}");
        let stale = app
            .client
            .get(app.url(path))
            .header("if-none-match", "\"nope\"")
            .send()
            .await
            .unwrap();
        assert_eq!(stale.status(), 200);
        assert_eq!(stale.text().await.unwrap(), body);
    }
    app.stop().await;
}

async fn cold_post_page_costs_at_most_three_queries(backend: Backend) {
    // Without the job worker and the change follower, whose polling would
    // be counted too.
    let app = TestApp::start_with(
        backend,
        Options {
            worker: false,
            ..Options::default()
        },
    )
    .await;
    // Warm the site snapshot with another page, then count a cold post page.
    app.page("/").await;
    let before = app_query_count(&app).await;
    app.page(POST).await;
    let cold = app_query_count(&app).await - before;
    assert!(cold <= 3, "cold post page ran {cold} queries");
    let before = app_query_count(&app).await;
    app.page(POST).await;
    assert_eq!(
        app_query_count(&app).await - before,
        0,
        "hot page must come from memory"
    );
    app.stop().await;
}

async fn app_query_count(app: &TestApp) -> u64 {
    app.store.query_count()
}

crate::on_both_backends!(
    bad_paths_get_themed_404_never_500,
    one_trailing_slash_form_is_canonical,
    slug_and_permalink_changes_redirect,
    conditional_get_answers_304,
    cold_post_page_costs_at_most_three_queries,
);
