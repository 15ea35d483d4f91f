//! Full-text search over HTTP: `/search?q=`, WordPress's `/?s=`, the API's
//! `?search=` and the admin list, on both engines — stemming in German and
//! in English (after the site's language changes and the index is rebuilt
//! by its job), phrases, prefixes, highlighted snippets, pagination, and
//! the index following every save and delete.

use std::time::{Duration, Instant};

use beitrag_core::Actor;
use beitrag_core::model::{PostId, PostKind, PostStatus, Scope};
use beitrag_core::search::SearchDocument;
use reqwest::StatusCode;

use crate::harness::{Backend, Options, TestApp, count, published, save_posts, text};
use crate::on_both_backends;
use crate::session::token;

on_both_backends!(
    finds_german_words_by_stem_phrase_and_prefix,
    follows_saves_deletes_and_a_new_language,
    bad_and_hostile_queries_get_clear_answers,
);

async fn start(backend: Backend) -> TestApp {
    TestApp::start_with(
        backend,
        Options {
            demo: false,
            ..Options::default()
        },
    )
    .await
}

/// Titles of the results on a search page, in order.
async fn titles(app: &TestApp, path: &str) -> Vec<String> {
    let doc = app.page(path).await;
    let sel = scraper::Selector::parse(".search-hit h2").unwrap();
    doc.select(&sel)
        .map(|e| e.text().collect::<String>())
        .collect()
}

async fn seed(app: &TestApp) -> Vec<PostId> {
    let mut draft = published(
        PostKind::Post,
        "entwurf",
        "Entwurf über Führungskräfte",
        "Noch geheim: Führungskräfte.",
        "admin",
    );
    draft.status = PostStatus::Draft;
    draft.published_at = None;
    save_posts(
        &app.core,
        vec![
            published(
                PostKind::Post,
                "kraefte",
                "Neue Führungskräfte",
                "Wer führt, braucht **soziale Medien**. Führungskräfte lernen das Zuhören.",
                "admin",
            ),
            published(
                PostKind::Post,
                "telefon",
                "Normal wie das Telefon",
                "Soziale Netzwerke werden normal. Jede Führungskraft telefoniert; Medien, die sozial sind, auch.",
                "admin",
            ),
            published(
                PostKind::Page,
                "impressum",
                "Impressum",
                "Verantwortlich ist die Führungskraft der Redaktion.",
                "admin",
            ),
            draft,
        ],
    )
    .await
    .unwrap()
}

async fn finds_german_words_by_stem_phrase_and_prefix(backend: Backend) {
    let app = start(backend).await;
    seed(&app).await;

    // Singular finds plural and back; the title match ranks first; the
    // page is found, the draft is not.
    let found = titles(&app, "/search?q=F%C3%BChrungskraft").await;
    assert_eq!(found[0], "Neue Führungskräfte", "{found:?}");
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(found.contains(&"Impressum".to_owned()));
    // Umlauts may be typed without their dots.
    assert_eq!(titles(&app, "/search?q=fuhrungskrafte").await.len(), 3);

    // A phrase needs its words side by side, in order.
    assert_eq!(
        titles(&app, "/search?q=%22soziale+Medien%22").await,
        vec!["Neue Führungskräfte"]
    );
    // All words must occur, anywhere.
    assert_eq!(
        titles(&app, "/search?q=Medien+telefoniert").await,
        vec!["Normal wie das Telefon"]
    );
    // A prefix matches the beginnings of words.
    assert_eq!(
        titles(&app, "/search?q=Telef*").await,
        vec!["Normal wie das Telefon"]
    );

    // Matches are marked in title and snippet; the count is a total.
    let doc = app.page("/search?q=Zuh%C3%B6ren").await;
    assert_eq!(count(&doc, ".search-hit h2 mark"), 0);
    assert_eq!(text(&doc, ".search-snippet mark"), "Zuhören");
    assert_eq!(text(&doc, ".search-count"), "Ein Treffer.");
    assert_eq!(
        crate::harness::attr(&doc, "meta[name=robots]", "content"),
        "noindex"
    );
    let res = app.get("/search?q=Zuh%C3%B6ren").await;
    assert_eq!(res.headers()["cache-control"], "no-store");

    // Nothing found says so; no query shows just the form.
    let doc = app.page("/search?q=Quantenchromodynamik").await;
    assert_eq!(count(&doc, ".search-hit"), 0);
    assert_eq!(text(&doc, ".search-count"), "Keine Treffer.");
    let doc = app.page("/search").await;
    assert_eq!(count(&doc, ".search-count"), 0);
    // The header's and the page's (the sidebar may add its own widget).
    assert_eq!(
        count(
            &doc,
            "header form.search-form input[name=q], main form.search-form input[name=q]"
        ),
        2
    );

    // Every page has the search box; so has the 404 page.
    let doc = app.page("/").await;
    assert_eq!(
        count(&doc, "header form[role=search][action$='/search']"),
        1
    );
    let res = app.get("/gibt-es-nicht/").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let doc = scraper::Html::parse_document(&res.text().await.unwrap());
    assert_eq!(count(&doc, "main form[role=search]"), 1);

    // WordPress's search URL goes to ours, page included.
    let res = app.get("/?s=F%C3%BChrung&paged=2").await;
    assert_eq!(res.status(), StatusCode::MOVED_PERMANENTLY);
    assert!(
        res.headers()["location"]
            .to_str()
            .unwrap()
            .ends_with("/search?q=F%C3%BChrung&page=2")
    );

    // Pagination: one result per page, links both ways, 404 past the end.
    beitrag_core::service::settings::set(&app.core, &Actor::Operator, "posts_per_page", "1")
        .await
        .unwrap();
    let first = text(
        &app.page("/search?q=F%C3%BChrungskraft").await,
        ".search-count",
    );
    let doc = app.page("/search?q=F%C3%BChrungskraft&page=2").await;
    assert_eq!(count(&doc, ".search-hit"), 1);
    // Counted with the page, not only with the first one.
    assert_eq!(text(&doc, ".search-count"), first);
    assert!(first.starts_with('3'), "{first}");
    assert_eq!(count(&doc, "nav.pagination a[rel=prev]"), 1);
    assert_eq!(count(&doc, "nav.pagination a[rel=next]"), 1);
    assert_eq!(
        app.get("/search?q=F%C3%BChrungskraft&page=4")
            .await
            .status(),
        StatusCode::NOT_FOUND
    );

    // The API and the admin's list use the same search (drafts included
    // there, for those who may see them).
    let bearer = token(&app, "admin", Scope::Read).await;
    let res = app
        .client
        .get(app.url("/api/v1/posts?search=F%C3%BChrungskr%C3%A4fte&status=draft"))
        .bearer_auth(&bearer)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["total"], 1, "{body}");
    assert_eq!(body["items"][0]["slug"], "entwurf");
    let res = app
        .client
        .get(app.url("/api/v1/posts?search=F%C3%BChrungskraft&status=published"))
        .bearer_auth(&bearer)
        .send()
        .await
        .unwrap();
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["total"], 2, "{body}");
    app.stop().await;
}

async fn follows_saves_deletes_and_a_new_language(backend: Backend) {
    let app = start(backend).await;
    let ids = seed(&app).await;

    // A new title and text replace the old words in the index.
    let mut changed = published(
        PostKind::Post,
        "telefon",
        "Normal wie der Fernseher",
        "Communities wachsen.",
        "admin",
    );
    changed.id = Some(ids[1]);
    save_posts(&app.core, vec![changed]).await.unwrap();
    assert_eq!(
        titles(&app, "/search?q=Telefon").await,
        Vec::<String>::new()
    );
    assert_eq!(
        titles(&app, "/search?q=Fernseher").await,
        vec!["Normal wie der Fernseher"]
    );

    // A deleted post is gone from the index.
    beitrag_core::service::post::delete(&app.core, &Actor::Operator, &[ids[0]])
        .await
        .unwrap();
    assert_eq!(
        titles(&app, "/search?q=Zuh%C3%B6ren").await,
        Vec::<String>::new()
    );

    // German stems do not join "community" and "communities"; after the
    // switch to English the rebuilt index does.
    assert!(titles(&app, "/search?q=community").await.is_empty());
    beitrag_core::service::settings::set(&app.core, &Actor::Operator, "language", "en")
        .await
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while app.store.search_language().await.unwrap().as_deref() != Some("en") {
        assert!(
            Instant::now() < deadline,
            "the index was not rebuilt in English"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        titles(&app, "/search?q=community").await,
        vec!["Normal wie der Fernseher"]
    );
    assert_eq!(titles(&app, "/search?q=wachsen").await.len(), 1);

    // A blog whose posts predate the index (or whose index is in another
    // language) is rebuilt by a job that its start queues.
    app.store
        .write_search_documents(&[(ids[1], SearchDocument::default())], Some("xx"))
        .await
        .unwrap();
    assert!(titles(&app, "/search?q=Fernseher").await.is_empty());
    beitrag_core::service::search::ensure_index(&app.core)
        .await
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while titles(&app, "/search?q=Fernseher").await.is_empty() {
        assert!(Instant::now() < deadline, "the index was not rebuilt");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    app.stop().await;
}

async fn bad_and_hostile_queries_get_clear_answers(backend: Backend) {
    let app = start(backend).await;
    seed(&app).await;

    // Too long: 400 with the reason on the page, and the API's problem.
    let long = "wort ".repeat(50);
    let res = app
        .get(&format!("/search?q={}", long.replace(' ', "+")))
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let doc = scraper::Html::parse_document(&res.text().await.unwrap());
    assert_eq!(
        text(&doc, "p[role=alert]"),
        "Die Suche ist zu lang: höchstens 200 Zeichen."
    );
    let bearer = token(&app, "admin", Scope::Read).await;
    let res = app
        .client
        .get(app.url(&format!("/api/v1/posts?search={}", long.replace(' ', "+"))))
        .bearer_auth(&bearer)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let problem: serde_json::Value = res.json().await.unwrap();
    assert!(
        problem["detail"].as_str().unwrap().contains("200"),
        "{problem}"
    );
    let res = app.get("/search?q=a+b+c+d+e+f+g+h+i+j+k+l+m").await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);

    // Either engine's query syntax is plain words here: no error, no 500.
    for q in [
        "%22",
        "*",
        "NEAR(a%2C+b)",
        "a+OR+b+NOT+c",
        "%27%3B+drop+table+posts%3B--",
        "x%3A*+%26+!y+%7C+(z",
        "%00%01",
        "%F0%9F%98%80",
        "title%3AF%C3%BChrung",
    ] {
        let res = app.get(&format!("/search?q={q}")).await;
        assert_eq!(res.status(), StatusCode::OK, "q={q}");
    }
    // Bad page numbers are page 1; absurd ones are 404.
    assert_eq!(
        app.get("/search?q=Medien&page=abc").await.status(),
        StatusCode::OK
    );
    assert_eq!(
        app.get("/search?q=Medien&page=99999999999999999999")
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        app.get("/search?q=Medien&page=5000").await.status(),
        StatusCode::NOT_FOUND
    );
    // The search words are escaped wherever they are shown.
    let doc = app
        .page("/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E")
        .await;
    assert_eq!(count(&doc, "main script"), 0);
    assert!(text(&doc, "h1").contains("<script>"));
    app.stop().await;
}
