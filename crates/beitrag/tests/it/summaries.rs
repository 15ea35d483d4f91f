//! Summaries on lists and in feeds: the excerpt field, then the teaser
//! before `<!--more-->`, then the running text without tables, code or
//! footnote markers.

use beitrag_core::model::PostKind;

use crate::harness::{Backend, Options, TestApp, published, save_posts};
use crate::on_both_backends;

on_both_backends!(summaries_retell_the_start);

async fn summaries_retell_the_start(backend: Backend) {
    let app = TestApp::start_with(
        backend,
        Options {
            demo: false,
            ..Options::default()
        },
    )
    .await;
    let teaser = published(
        PostKind::Post,
        "mit-teaser",
        "Mit Teaser",
        "Nur der Anfang.\n\n<!--more-->\n\nDer Rest, den die Liste nicht zeigt.",
        "admin",
    );
    let mut with_excerpt = published(PostKind::Post, "mit-auszug", "Mit Auszug", "Text.", "admin");
    with_excerpt.excerpt = "Der Auszug gewinnt.".into();
    let noisy = published(
        PostKind::Post,
        "mit-tabelle",
        "Mit Tabelle",
        "Erst ein Satz[^1].\n\n| Zelle | Nachbar |\n|---|---|\n| a | b |\n\n```\ncode()\n```\n\nDann noch einer.\n\n[^1]: Die Fußnote.",
        "admin",
    );
    save_posts(&app.core, vec![teaser, with_excerpt, noisy])
        .await
        .unwrap();
    let doc = app.page("/").await;
    let summary = |slug: &str| {
        let sel = scraper::Selector::parse(".post-card").unwrap();
        doc.select(&sel)
            .find(|card| card.html().contains(&format!("/{slug}/")))
            .and_then(|card| {
                card.select(&scraper::Selector::parse(".p-summary").unwrap())
                    .next()
                    .map(|s| s.text().collect::<String>())
            })
            .unwrap()
    };
    assert_eq!(summary("mit-teaser"), "Nur der Anfang.");
    assert_eq!(summary("mit-auszug"), "Der Auszug gewinnt.");
    assert_eq!(summary("mit-tabelle"), "Erst ein Satz. Dann noch einer.");
    // The single post marks the spot, as WordPress does.
    let res = app
        .get(&format!(
            "/{}/mit-teaser/",
            chrono::Utc::now().format("%Y/%m")
        ))
        .await;
    let html = res.text().await.unwrap();
    assert!(html.contains("<span id=\"more\"></span>"), "{html}");
    assert!(html.contains("Der Rest, den die Liste nicht zeigt."));
    // Feeds carry the same summary.
    let feed = app.get("/feed/").await.text().await.unwrap();
    let parsed = feed_rs::parser::parse(feed.as_bytes()).unwrap();
    let entry = parsed
        .entries
        .iter()
        .find(|e| e.links.iter().any(|l| l.href.contains("/mit-tabelle/")))
        .unwrap();
    assert_eq!(
        entry.summary.as_ref().unwrap().content,
        "Erst ein Satz. Dann noch einer."
    );
    app.stop().await;
}
