//! The public theme: the single-post page in German and English with every
//! element in order, lists, archives and metadata.

use crate::harness::{Backend, Options, TestApp, attr, count, order, text};

const CLOSED_POST: &str = "/2011/01/social-media-wird-so-normal-wie-das-telefon/";
const TRACKBACK_POST: &str = "/2011/02/trackbacks-wenn-blogs-miteinander-sprechen/";

async fn german_post_page_shows_every_element_in_order(backend: Backend) {
    let app = TestApp::start(backend).await;
    let doc = app.page(CLOSED_POST).await;
    assert_eq!(attr(&doc, "html", "lang"), "de");
    assert_eq!(text(&doc, ".site-title"), "Gemeinschaftsblog");
    assert_eq!(
        text(&doc, ".site-tagline"),
        "Social Media wird so normal wie das Telefon"
    );
    assert_eq!(text(&doc, ".date-badge .badge-day"), "26");
    assert_eq!(text(&doc, ".date-badge .badge-month"), "Jan");
    assert_eq!(text(&doc, ".date-badge .badge-year"), "11");
    assert_eq!(
        text(&doc, ".date-badge .comment-state [aria-hidden=true]"),
        "Off"
    );
    assert_eq!(
        text(&doc, ".date-badge .comment-state .screen-reader-text"),
        "Kommentare geschlossen"
    );
    assert_eq!(
        text(&doc, "h1.entry-title"),
        "Social Media wird so normal wie das Telefon"
    );
    assert_eq!(text(&doc, ".byline"), "Autor des Artikels: Anna Becker");
    assert_eq!(count(&doc, ".entry-content blockquote"), 1);
    assert!(attr(&doc, ".subscribe a", "href").ends_with("/feed/"));
    assert_eq!(
        text(&doc, "details.author-box summary"),
        "Über den Autor: Anna Becker"
    );
    assert!(text(&doc, "details.author-box .author-bio").starts_with("Anna Becker begleitet"));
    assert!(attr(&doc, "details.author-box img.avatar", "src").starts_with("/avatar/"));
    assert_eq!(
        attr(&doc, "details.author-box a", "href"),
        app.url("/author/anna/")
    );
    assert_eq!(
        text(&doc, ".tags"),
        "Tags: Community, Social Media, Zukunft"
    );
    assert_eq!(text(&doc, ".categories"), "Kategorien: Strategie");
    assert_eq!(
        attr(&doc, ".categories a", "href"),
        app.url("/category/social-media/strategie/")
    );
    assert_eq!(text(&doc, "#comments h2"), "Kommentare (0)");
    assert_eq!(text(&doc, "#trackbacks h2"), "Trackbacks (0)");
    assert_eq!(
        text(&doc, ".comments-closed"),
        "Die Kommentarfunktion ist hier derzeit deaktiviert."
    );
    assert_eq!(
        text(&doc, ".pings-closed"),
        "Trackbacks und Pingbacks sind für diesen Artikel deaktiviert."
    );
    assert!(
        text(&doc, ".post-navigation .previous-post").contains("Willkommen im Gemeinschaftsblog")
    );
    assert!(text(&doc, ".post-navigation .next-post").contains("Fünf Regeln für gute Moderation"));
    let positions = order(
        &doc,
        &[
            ".site-title",
            ".site-tagline",
            ".date-badge",
            "h1.entry-title",
            ".byline",
            ".entry-content",
            ".subscribe",
            "details.author-box",
            ".tags",
            ".categories",
            "#comments h2",
            ".comments-closed",
            "#trackbacks h2",
            ".pings-closed",
            ".post-navigation",
        ],
    );
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "elements out of order: {positions:?}"
    );

    // No English interface string on a German page.
    let i18n = beitrag_web::i18n::I18n::load().expect("catalogs");
    let german = i18n.messages("de");
    let body_text: String = doc.root_element().text().collect();
    for english in i18n.messages("en") {
        if english.len() > 6 && !german.contains(&english) {
            assert!(
                !body_text.contains(&english),
                "stray English string {english:?}"
            );
        }
    }
    app.stop().await;
}

async fn english_post_page_shows_every_element(backend: Backend) {
    let app = TestApp::start_with(
        backend,
        Options {
            language: "en",
            ..Options::default()
        },
    )
    .await;
    let doc = app.page(CLOSED_POST).await;
    assert_eq!(attr(&doc, "html", "lang"), "en");
    assert_eq!(text(&doc, ".byline"), "Author of this article: Anna Becker");
    assert_eq!(text(&doc, ".date-badge .badge-month"), "Jan");
    assert_eq!(text(&doc, "#comments h2"), "Comments (0)");
    assert_eq!(text(&doc, "#trackbacks h2"), "Trackbacks (0)");
    assert_eq!(
        text(&doc, ".comments-closed"),
        "Comments are currently closed here."
    );
    assert_eq!(
        text(&doc, ".pings-closed"),
        "Trackbacks and pingbacks are closed for this article."
    );
    assert_eq!(
        text(&doc, "details.author-box summary"),
        "About the author: Anna Becker"
    );
    assert_eq!(text(&doc, ".categories"), "Categories: Strategie");
    let positions = order(
        &doc,
        &[
            ".site-title",
            ".date-badge",
            "h1.entry-title",
            ".byline",
            ".entry-content",
            ".subscribe",
            "details.author-box",
            ".tags",
            "#comments h2",
            ".comments-closed",
            "#trackbacks h2",
            ".pings-closed",
            ".post-navigation",
        ],
    );
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "elements out of order: {positions:?}"
    );
    let doc = app.page(TRACKBACK_POST).await;
    let published = attr(&doc, ".trackback time", "datetime");
    assert!(
        published.starts_with("2011-02-19T09:00:00+01:00"),
        "{published}"
    );
    assert_eq!(text(&doc, ".trackback-list li time"), "February 19, 2011");
    app.stop().await;
}

async fn post_page_lists_comments_and_trackbacks_apart(backend: Backend) {
    let app = TestApp::start(backend).await;
    let doc = app.page(TRACKBACK_POST).await;
    assert_eq!(text(&doc, ".date-badge .comment-state"), "1");
    assert!(
        attr(&doc, ".date-badge .comment-state", "aria-label").starts_with("Ein Kommentar zu „"),
        "the count link names what it counts"
    );
    assert_eq!(text(&doc, "#comments h2"), "Kommentare (1)");
    assert_eq!(text(&doc, "#trackbacks h2"), "Trackbacks (1)");
    assert_eq!(count(&doc, ".comment-list > li"), 1);
    assert_eq!(count(&doc, ".trackback-list > li"), 1);
    assert_eq!(
        attr(&doc, ".trackback-list a", "href"),
        "https://netzgespraeche.example/2011/02/blogs-verbinden/"
    );
    assert_eq!(count(&doc, ".comments-closed"), 0);
    assert_eq!(count(&doc, ".pings-closed"), 0);
    // Pings are open: the TrackBack URL is shown, as WordPress themes do,
    // and each linkback says what kind it is.
    assert_eq!(
        text(&doc, ".trackback-url code"),
        app.url(&format!("{TRACKBACK_POST}trackback/"))
    );
    assert!(
        text(&doc, ".trackback-list li p").contains("Trackback von "),
        "{}",
        text(&doc, ".trackback-list li p")
    );
    assert_eq!(
        count(&doc, ".entry-content .footnotes, .entry-content section"),
        1
    );
    // Threading: the reply sits one level deeper than its parent.
    let doc = app
        .page("/2011/02/fuenf-regeln-fuer-gute-moderation/")
        .await;
    assert_eq!(count(&doc, ".comment.depth-0"), 1);
    assert_eq!(count(&doc, ".comment.depth-1"), 1);
    assert_eq!(count(&doc, ".entry-content table"), 1);
    assert_eq!(count(&doc, ".entry-content del"), 1);
    assert_eq!(count(&doc, r#".entry-content input[type="checkbox"]"#), 2);
    app.stop().await;
}

async fn every_page_carries_metadata(backend: Backend) {
    let app = TestApp::start(backend).await;
    for path in [
        "/",
        CLOSED_POST,
        "/tag/community/",
        "/ueber-uns/",
        "/author/jonas/",
        "/2011/",
    ] {
        let doc = app.page(path).await;
        assert_eq!(
            attr(&doc, r#"link[rel="canonical"]"#, "href"),
            app.url(path),
            "{path}"
        );
        assert_eq!(
            attr(
                &doc,
                r#"link[rel="alternate"][type="application/rss+xml"]"#,
                "href"
            ),
            app.url("/feed/")
        );
        assert_eq!(
            count(
                &doc,
                r#"link[rel="alternate"][type="application/atom+xml"]"#
            ),
            1
        );
        assert_eq!(
            count(
                &doc,
                r#"link[rel="alternate"][type="application/feed+json"]"#
            ),
            1
        );
        assert_eq!(count(&doc, r#"meta[property="og:title"]"#), 1);
        assert_eq!(
            attr(&doc, r#"meta[property="og:url"]"#, "content"),
            app.url(path)
        );
        assert_eq!(count(&doc, "a.skip-link"), 1);
        assert_eq!(count(&doc, "main#content"), 1);
        assert_eq!(count(&doc, "header[role=banner]"), 1);
        let ld_sel = scraper::Selector::parse(r#"script[type="application/ld+json"]"#).unwrap();
        let ld: String = doc
            .select(&ld_sel)
            .next()
            .expect("json-ld")
            .text()
            .collect();
        let ld: serde_json::Value = serde_json::from_str(&ld).expect("json-ld parses");
        assert_eq!(ld["@context"], "https://schema.org");
    }
    let doc = app.page(CLOSED_POST).await;
    let ld_sel = scraper::Selector::parse(r#"script[type="application/ld+json"]"#).unwrap();
    let ld: serde_json::Value = serde_json::from_str(
        &doc.select(&ld_sel)
            .next()
            .unwrap()
            .text()
            .collect::<String>(),
    )
    .unwrap();
    assert_eq!(ld["@type"], "BlogPosting");
    assert_eq!(ld["author"]["name"], "Anna Becker");
    assert!(
        ld["datePublished"]
            .as_str()
            .unwrap()
            .starts_with("2011-01-26T09:00:00+01:00")
    );
    assert_eq!(
        attr(&doc, "time.dt-published", "datetime"),
        "2011-01-26T09:00:00+01:00"
    );
    assert_eq!(
        attr(&doc, r#"meta[property="og:type"]"#, "content"),
        "article"
    );
    app.stop().await;
}

async fn home_lists_sticky_first_and_hides_drafts_and_future(backend: Backend) {
    let app = TestApp::start(backend).await;
    let admin = app
        .credentials
        .as_ref()
        .expect("first start creates an administrator");
    assert_eq!(admin.login, "admin");
    assert_eq!(admin.password.len(), 20);
    let doc = app.page("/").await;
    let titles: Vec<String> = {
        let sel = scraper::Selector::parse(".post-card h2").unwrap();
        doc.select(&sel)
            .map(|e| e.text().collect::<String>())
            .collect()
    };
    assert_eq!(
        titles.first().map(String::as_str),
        Some("Willkommen im Gemeinschaftsblog")
    );
    assert_eq!(
        titles.get(1).map(String::as_str),
        Some("Das Fediverse als Chance für Blogs")
    );
    assert_eq!(titles.len(), 6, "{titles:?}");
    assert!(
        !titles
            .iter()
            .any(|t| t.contains("Entwurf") || t.contains("Barcamp")),
        "{titles:?}"
    );
    assert_eq!(app.get("/2011/01/umfrage-entwurf/").await.status(), 404);
    let nav = text(&doc, "header nav");
    assert!(nav.contains("Über uns"), "{nav}");
    app.stop().await;
}

async fn archives_filter_and_paginate(backend: Backend) {
    // No caching, so settings written through the store apply at once.
    let app = TestApp::start_with(
        backend,
        Options {
            cache_ttl: 0,
            ..Options::default()
        },
    )
    .await;
    beitrag_core::service::settings::set(
        &app.core,
        &beitrag_core::Actor::Operator,
        "posts_per_page",
        "2",
    )
    .await
    .unwrap();
    let cards = |doc: &scraper::Html| count(doc, ".post-card");
    let doc = app.page("/").await;
    assert_eq!(cards(&doc), 2);
    // The home page's one h1 is the site's name; elsewhere it is a paragraph.
    assert_eq!(count(&doc, "h1"), 1);
    assert_eq!(text(&doc, "h1.site-title"), "Gemeinschaftsblog");
    let tag = app.page("/tag/community/").await;
    assert_eq!((count(&tag, "h1"), count(&tag, "p.site-title")), (1, 1));
    assert_eq!(
        attr(&doc, ".pagination a[rel=next]", "href"),
        app.url("/page/2/")
    );
    assert_eq!(cards(&app.page("/page/3/").await), 2);
    assert_eq!(app.get("/page/4/").await.status(), 404);
    let res = app.get("/page/1/").await;
    assert_eq!(res.status(), 301);
    assert_eq!(res.headers()["location"], "/");
    for (path, expected_total) in [
        ("/tag/community/", 3),
        ("/category/social-media/", 4),
        ("/category/social-media/strategie/", 2),
        ("/author/jonas/", 3),
        ("/2011/", 5),
        ("/2011/02/", 2),
        ("/2011/01/26/", 1),
    ] {
        let first = cards(&app.page(path).await);
        let second = if expected_total > 2 {
            cards(&app.page(&format!("{path}page/2/")).await)
        } else {
            0
        };
        let third = if expected_total > 4 {
            cards(&app.page(&format!("{path}page/3/")).await)
        } else {
            0
        };
        assert_eq!(first + second + third, expected_total, "{path}");
    }
    let doc = app.page("/tag/community/").await;
    assert_eq!(
        text(&doc, "h1.archive-title"),
        "Artikel mit dem Tag „Community“"
    );
    assert_eq!(
        text(&app.page("/2011/02/").await, "h1.archive-title"),
        "Archiv für Februar 2011"
    );
    for missing in [
        "/tag/nope/",
        "/author/nobody/",
        "/category/nope/",
        "/2011/02/30/",
        "/1999/",
    ] {
        let res = app.get(missing).await;
        assert_eq!(res.status(), 404, "{missing}");
    }
    beitrag_core::service::settings::set(
        &app.core,
        &beitrag_core::Actor::Operator,
        "language",
        "en",
    )
    .await
    .unwrap();
    let doc = app.page(CLOSED_POST).await;
    assert_eq!(text(&doc, ".byline"), "Author of this article: Anna Becker");
    app.stop().await;
}

async fn theme_dir_overrides_templates(backend: Backend) {
    let theme = tempfile::tempdir().unwrap();
    std::fs::write(
        theme.path().join("post.html"),
        "{% extends \"base.html\" %}{% block main %}<p class=\"custom\">{{ post.title }} – {{ t('tags') }}</p>{% endblock %}",
    )
    .unwrap();
    let app = TestApp::start_with(
        backend,
        Options {
            theme_dir: Some(theme.path().to_path_buf()),
            ..Options::default()
        },
    )
    .await;
    let doc = app.page(CLOSED_POST).await;
    assert_eq!(
        text(&doc, "p.custom"),
        "Social Media wird so normal wie das Telefon – Tags"
    );
    assert_eq!(count(&doc, ".byline"), 0);
    // Other templates stay built in.
    assert_eq!(count(&app.page("/").await, ".post-card"), 6);

    // A broken override is refused at start, not at the first reader.
    let options = || beitrag_web::WebOptions {
        theme_dir: Some(theme.path().to_path_buf()),
        ..Default::default()
    };
    let core = || {
        beitrag_core::Core::new(
            app.store.clone(),
            beitrag_core::CoreOptions {
                secret: "s".repeat(32),
                ..Default::default()
            },
        )
    };
    assert!(beitrag_web::AppState::new(core(), options()).is_ok());
    std::fs::write(theme.path().join("list.html"), "{% if %}").unwrap();
    let err = beitrag_web::AppState::new(core(), options()).unwrap_err();
    assert!(err.to_string().contains("template"), "{err}");
    app.stop().await;
}

async fn raw_html_is_kept_only_for_administrators(backend: Backend) {
    use crate::harness::save_posts;
    use beitrag_core::model::PostKind;
    let app = TestApp::start_with(
        backend,
        Options {
            cache_ttl: 0,
            ..Options::default()
        },
    )
    .await;
    let source = "<iframe src=\"https://video.example/1\"></iframe>\n\n<p onclick=\"alert(1)\">Hallo</p>\n\n<script>alert(2)</script>";
    let post = |author: &str, slug: &str| {
        crate::harness::published(
            PostKind::Page,
            slug,
            &format!("Seite von {author}"),
            source,
            author,
        )
    };
    save_posts(
        &app.core,
        vec![post("admin", "roh"), post("anna", "sauber")],
    )
    .await
    .unwrap();
    let raw = app.get("/roh/").await.text().await.unwrap();
    assert!(
        raw.contains("<iframe src=\"https://video.example/1\">"),
        "{raw}"
    );
    let clean = app.get("/sauber/").await.text().await.unwrap();
    assert!(
        !clean.contains("<iframe") && !clean.contains("onclick") && !clean.contains("alert(2)"),
        "{clean}"
    );
    assert!(clean.contains("Hallo"));
    app.stop().await;
}

crate::on_both_backends!(
    theme_dir_overrides_templates,
    raw_html_is_kept_only_for_administrators,
    german_post_page_shows_every_element_in_order,
    english_post_page_shows_every_element,
    post_page_lists_comments_and_trackbacks_apart,
    every_page_carries_metadata,
    home_lists_sticky_first_and_hides_drafts_and_future,
    archives_filter_and_paginate,
);
