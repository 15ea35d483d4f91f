//! Feeds read back with `feed-rs`, a parser written by others.

use feed_rs::model::FeedType;

use crate::harness::{Backend, TestApp};

async fn parse(app: &TestApp, path: &str, mime: &str) -> feed_rs::model::Feed {
    let res = app.get(path).await;
    assert_eq!(res.status(), 200, "{path}");
    let ct = res.headers()["content-type"].to_str().unwrap().to_owned();
    assert!(ct.starts_with(mime), "{path}: {ct}");
    let body = res.bytes().await.unwrap();
    feed_rs::parser::parse(&body[..]).unwrap_or_else(|e| panic!("{path} does not parse: {e}"))
}

/// A blog without page cache and with one more post: `slug`, `title` and
/// Markdown `body` by jonas, published at `when`, with `tags`.
async fn with_post(
    backend: Backend,
    (slug, title, body): (&str, &str, &str),
    when: chrono::DateTime<chrono::Utc>,
    tags: Vec<String>,
) -> TestApp {
    let app = TestApp::start_with(
        backend,
        crate::harness::Options {
            cache_ttl: 0,
            ..Default::default()
        },
    )
    .await;
    let input = beitrag_core::service::post::PostInput {
        published_at: Some(when),
        tags,
        ..crate::harness::published(
            beitrag_core::model::PostKind::Post,
            slug,
            title,
            body,
            "jonas",
        )
    };
    crate::harness::save_posts(&app.core, vec![input])
        .await
        .unwrap();
    app
}

async fn site_feeds_carry_full_posts(backend: Backend) {
    let app = TestApp::start(backend).await;
    let rss = parse(&app, "/feed/", "application/rss+xml").await;
    let atom = parse(&app, "/feed/atom/", "application/atom+xml").await;
    let json = parse(&app, "/feed/json/", "application/feed+json").await;
    assert_eq!(rss.feed_type, FeedType::RSS2);
    assert_eq!(atom.feed_type, FeedType::Atom);
    assert_eq!(json.feed_type, FeedType::JSON);
    for feed in [&rss, &atom, &json] {
        assert_eq!(feed.title.as_ref().unwrap().content, "Gemeinschaftsblog");
        assert_eq!(feed.entries.len(), 6, "drafts and future posts stay out");
        let newest = &feed.entries[0];
        assert_eq!(
            newest.title.as_ref().unwrap().content,
            "Das Fediverse als Chance für Blogs"
        );
        assert_eq!(
            newest.links[0].href,
            app.url("/2024/05/das-fediverse-als-chance-fuer-blogs/")
        );
        assert_eq!(newest.authors[0].name, "Jonas Weber");
        assert_eq!(
            newest.published.unwrap().to_rfc3339(),
            "2024-05-14T14:00:00+00:00"
        );
        let post = app
            .store
            .post_by_slug(
                beitrag_core::model::PostKind::Post,
                "das-fediverse-als-chance-fuer-blogs",
            )
            .await
            .unwrap()
            .unwrap();
        assert_eq!(newest.id, app.url(&format!("/?p={}", post.id.0)));
        let oldest = feed.entries.last().unwrap();
        assert_eq!(
            oldest.title.as_ref().unwrap().content,
            "Willkommen im Gemeinschaftsblog"
        );
        let moderation = feed
            .entries
            .iter()
            .find(|e| e.title.as_ref().unwrap().content.starts_with("Fünf Regeln"))
            .unwrap();
        let body = moderation
            .content
            .as_ref()
            .and_then(|c| c.body.clone())
            .unwrap_or_default();
        assert!(body.contains("<table>"), "full content in feed: {body}");
        let cats: Vec<&str> = moderation
            .categories
            .iter()
            .map(|c| c.term.as_str())
            .collect();
        assert!(
            cats.contains(&"Moderation") && cats.contains(&"Community-Management"),
            "{cats:?}"
        );
    }
    app.stop().await;
}

async fn archive_and_comment_feeds_exist(backend: Backend) {
    let app = TestApp::start(backend).await;
    let tag = parse(&app, "/tag/community/feed/", "application/rss+xml").await;
    assert_eq!(tag.entries.len(), 3);
    let cat = parse(
        &app,
        "/category/social-media/feed/atom/",
        "application/atom+xml",
    )
    .await;
    assert_eq!(cat.entries.len(), 4);
    let author = parse(&app, "/author/anna/feed/json/", "application/feed+json").await;
    assert!(
        author
            .entries
            .iter()
            .all(|e| e.authors[0].name == "Anna Becker")
    );
    assert_eq!(author.entries.len(), 3);
    let comments = parse(&app, "/comments/feed/", "application/rss+xml").await;
    assert_eq!(
        comments.entries.len(),
        4,
        "three comments and one trackback are approved"
    );
    let post_comments = parse(
        &app,
        "/2011/02/fuenf-regeln-fuer-gute-moderation/feed/",
        "application/rss+xml",
    )
    .await;
    assert_eq!(post_comments.entries.len(), 2);
    let names: Vec<&str> = post_comments
        .entries
        .iter()
        .map(|e| e.authors[0].name.as_str())
        .collect();
    assert!(
        names.contains(&"Petra") && names.contains(&"Anna Becker"),
        "{names:?}"
    );
    assert!(
        post_comments.entries[0].links[0]
            .href
            .contains("/2011/02/fuenf-regeln-fuer-gute-moderation/#comment-")
    );
    let atom_comments = parse(
        &app,
        "/2011/02/fuenf-regeln-fuer-gute-moderation/feed/atom/",
        "application/atom+xml",
    )
    .await;
    assert_eq!(atom_comments.entries.len(), 2);
    assert_eq!(app.get("/tag/unknown/feed/").await.status(), 404);
    assert_eq!(
        app.get("/2011/01/umfrage-entwurf/feed/").await.status(),
        404
    );
    app.stop().await;
}

async fn feed_escapes_hostile_titles(backend: Backend) {
    let title = "<script>alert('x')</script> & \"Zitat\" ]]> Grüße";
    // Now, not minutes ago: the test builds the URL from this month.
    let app = with_post(
        backend,
        ("boese", title, "Text mit <b>HTML</b> & ]]> Ende"),
        chrono::Utc::now(),
        vec!["<b>tag</b>".into()],
    )
    .await;
    for (path, mime) in [
        ("/feed/", "application/rss+xml"),
        ("/feed/atom/", "application/atom+xml"),
        ("/feed/json/", "application/feed+json"),
    ] {
        let feed = parse(&app, path, mime).await;
        assert_eq!(
            feed.entries[0].title.as_ref().unwrap().content,
            title,
            "{path}"
        );
    }
    let doc = app
        .page(&format!(
            "/{}/boese/",
            chrono::Utc::now()
                .with_timezone(&chrono_tz::Europe::Berlin)
                .format("%Y/%m")
        ))
        .await;
    assert_eq!(crate::harness::text(&doc, "h1.entry-title"), title);
    app.stop().await;
}

async fn feed_items_are_complete_with_absolute_urls(backend: Backend) {
    let when = chrono::Utc::now() - chrono::Duration::minutes(1);
    let body = "Siehe [den Leitfaden](/leitfaden/) und ![Skizze](/media/skizze.png).";
    let app = with_post(
        backend,
        ("relativ", "Relative Verweise", body),
        when,
        Vec::new(),
    )
    .await;
    let rss = app.get("/feed/").await.text().await.unwrap();
    let item = &rss[rss.find("<item>").unwrap()..rss.find("</item>").unwrap()];
    let (description, content) = (
        item.find("<description>")
            .expect("an RSS item has a description"),
        item.find("<content:encoded>").unwrap(),
    );
    assert!(description < content, "description first: {item}");
    let base = app.url("");
    for path in ["/feed/", "/feed/atom/", "/feed/json/"] {
        let feed = parse(&app, path, "application/").await;
        let entry = &feed.entries[0];
        let html = entry
            .content
            .as_ref()
            .and_then(|c| c.body.clone())
            .unwrap_or_default();
        assert!(
            html.contains(&format!("href=\"{base}/leitfaden/\""))
                && html.contains(&format!("src=\"{base}/media/skizze.png\"")),
            "{path}: {html}"
        );
        assert!(!html.contains("\"/leitfaden/"), "{path}: {html}");
        assert!(
            entry
                .summary
                .as_ref()
                .is_some_and(|s| s.content.contains("Siehe den Leitfaden")),
            "{path}: {:?}",
            entry.summary
        );
    }
    // A post's comment feed before any comment dates from the post.
    let path = format!(
        "/{}/relativ/feed/",
        when.with_timezone(&chrono_tz::Europe::Berlin)
            .format("%Y/%m")
    );
    let feed = parse(&app, &path, "application/rss+xml").await;
    assert!(feed.entries.is_empty());
    assert_eq!(
        feed.updated.map(|d| d.timestamp()),
        Some(when.timestamp()),
        "{path}"
    );
    app.stop().await;
}

crate::on_both_backends!(
    feed_items_are_complete_with_absolute_urls,
    site_feeds_carry_full_posts,
    archive_and_comment_feeds_exist,
    feed_escapes_hostile_titles
);
