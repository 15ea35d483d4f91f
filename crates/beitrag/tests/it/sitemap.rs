//! Sitemaps and robots.txt as crawlers read them: an independent reader
//! (the `sitemap` npm package, `tests/peers/sitemap`) follows robots.txt
//! to the index and every file, and libxml2's `xmllint` checks each file
//! against the sitemaps.org schema shipped in that package. Under
//! `CI=true` a missing node, package or xmllint fails the test.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;

use beitrag_core::Actor;
use beitrag_core::model::{PostKind, PostStatus};
use reqwest::StatusCode;

use crate::harness::{Backend, TestApp, published, save_posts};
use crate::on_both_backends;

on_both_backends!(lists_every_public_url_for_an_independent_reader);

fn peer_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/peers/sitemap")
}

/// Whether node, the peer's packages and xmllint are there; missing ones
/// fail the run under `CI=true`.
fn tools_present() -> bool {
    let node = Command::new("node").arg("--version").output().is_ok();
    let package = peer_dir()
        .join("node_modules/sitemap/package.json")
        .is_file();
    let xmllint = Command::new("xmllint").arg("--version").output().is_ok();
    if node && package && xmllint {
        return true;
    }
    let what = format!("node: {node}, npm package sitemap: {package}, xmllint: {xmllint}");
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!("sitemap test tools missing under CI=true ({what}); scripts/test installs them");
    }
    eprintln!("skipping the sitemap reader: {what} (scripts/test installs them)");
    false
}

#[derive(serde::Deserialize)]
struct Entry {
    url: String,
    lastmod: Option<String>,
}

#[derive(serde::Deserialize)]
struct Read {
    sitemap: String,
    index: Vec<Entry>,
    files: std::collections::HashMap<String, Vec<Entry>>,
}

fn read(app: &TestApp) -> Read {
    let out = Command::new("node")
        .arg(peer_dir().join("read.mjs"))
        .arg(&app.base)
        .output()
        .expect("node");
    assert!(
        out.status.success(),
        "the sitemap reader failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("reader JSON")
}

/// `xmllint --schema sitemap.xsd` on a document.
fn valid_against_schema(xml: &str) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("sitemap.xml");
    std::fs::write(&file, xml).unwrap();
    let out = Command::new("xmllint")
        .arg("--noout")
        .arg("--nonet")
        .arg("--schema")
        .arg(peer_dir().join("node_modules/sitemap/schema/sitemap.xsd"))
        .arg(&file)
        .output()
        .expect("xmllint");
    assert!(
        out.status.success(),
        "not valid against sitemap.xsd: {}\n{xml}",
        String::from_utf8_lossy(&out.stderr)
    );
}

async fn lists_every_public_url_for_an_independent_reader(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut draft = published(PostKind::Post, "geheim", "Geheim", "Entwurf", "admin");
    draft.status = PostStatus::Draft;
    draft.published_at = None;
    let mut private = published(PostKind::Post, "privat", "Privat", "Nur für mich", "admin");
    private.status = PostStatus::Private;
    let mut later = published(PostKind::Post, "spaeter", "Später", "Morgen", "admin");
    later.status = PostStatus::Scheduled;
    later.published_at = Some(chrono::Utc::now() + chrono::Duration::days(1));
    let mut tagged = published(PostKind::Post, "mit-tag", "Mit & Tag", "Text", "admin");
    tagged.tags = vec!["Sitemap Test".into()];
    save_posts(&app.core, vec![draft, private, later, tagged])
        .await
        .unwrap();

    // robots.txt keeps crawlers out of the admin and names the sitemap.
    let robots = app.get("/robots.txt").await;
    assert_eq!(robots.status(), StatusCode::OK);
    assert!(
        robots.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    let robots = robots.text().await.unwrap();
    assert!(robots.contains("Disallow: /admin/"), "{robots}");
    assert!(
        robots.contains(&format!("Sitemap: {}/sitemap.xml", app.base)),
        "{robots}"
    );
    // The rules are a setting; the sitemap line stays.
    beitrag_core::service::settings::set(
        &app.core,
        &Actor::Operator,
        "robots_txt",
        "User-agent: GPTBot\nDisallow: /\n\nUser-agent: *\nDisallow: /admin/",
    )
    .await
    .unwrap();
    let robots = app.get("/robots.txt").await.text().await.unwrap();
    assert_eq!(
        robots,
        format!(
            "User-agent: GPTBot\nDisallow: /\nUser-agent: *\nDisallow: /admin/\n\nSitemap: {}/sitemap.xml\n",
            app.base
        )
    );
    // WordPress's sitemap address leads here.
    let res = app.get("/wp-sitemap.xml").await;
    assert_eq!(res.status(), StatusCode::MOVED_PERMANENTLY);
    assert_eq!(res.headers()["location"], "/sitemap.xml");
    // Beyond the last file: 404.
    assert_eq!(
        app.get("/sitemap-posts-999.xml").await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/sitemap-archives-2.xml").await.status(),
        StatusCode::NOT_FOUND
    );

    if !tools_present() {
        app.stop().await;
        return;
    }
    let read = read(&app);
    assert_eq!(read.sitemap, format!("{}/sitemap.xml", app.base));
    let files: Vec<&str> = read.index.iter().map(|e| e.url.as_str()).collect();
    assert!(
        files.iter().any(|u| u.ends_with("/sitemap-posts-1.xml")),
        "{files:?}"
    );
    assert!(
        files.iter().any(|u| u.ends_with("/sitemap-pages-1.xml")),
        "{files:?}"
    );
    assert!(
        files.iter().any(|u| u.ends_with("/sitemap-archives-1.xml")),
        "{files:?}"
    );
    let posts_file = read
        .index
        .iter()
        .find(|e| e.url.ends_with("/sitemap-posts-1.xml"))
        .unwrap();
    assert!(posts_file.lastmod.is_some());
    for url in read.files.keys() {
        let xml = app
            .get(url.strip_prefix(&app.base).unwrap())
            .await
            .text()
            .await
            .unwrap();
        valid_against_schema(&xml);
    }

    // Exactly the public posts and pages, each with its date of change.
    let listed: BTreeSet<String> = read
        .files
        .values()
        .flatten()
        .map(|e| e.url.clone())
        .collect();
    let now = chrono::Utc::now();
    let all = app.store.all_posts().await.unwrap();
    let site_url = |path: String| format!("{}{}", app.base, path);
    for p in &all {
        let url = listed
            .iter()
            .find(|u| u.contains(&format!("/{}/", p.post.slug)))
            .cloned();
        let public = p.post.is_public_at(now) && p.post.status != PostStatus::Private;
        assert_eq!(
            url.is_some(),
            public,
            "{} ({:?})",
            p.post.slug,
            p.post.status
        );
    }
    let tagged = read
        .files
        .values()
        .flatten()
        .find(|e| e.url.contains("/mit-tag/"))
        .unwrap();
    let stored = all.iter().find(|p| p.post.slug == "mit-tag").unwrap();
    let lastmod = chrono::DateTime::parse_from_rfc3339(tagged.lastmod.as_deref().unwrap()).unwrap();
    assert_eq!(lastmod.timestamp(), stored.post.updated_at.timestamp());
    // Archives: home, the new tag, an author.
    assert!(listed.contains(&site_url("/".into())));
    assert!(
        listed.contains(&site_url("/tag/sitemap-test/".into())),
        "{listed:?}"
    );
    assert!(
        listed.contains(&site_url("/author/admin/".into())),
        "{listed:?}"
    );

    // A renamed post shows under its new address at once (its file was dropped).
    let mut renamed = published(PostKind::Post, "neuer-name", "Mit & Tag", "Text", "admin");
    renamed.id = Some(stored.post.id);
    save_posts(&app.core, vec![renamed]).await.unwrap();
    let xml = app.get("/sitemap-posts-1.xml").await.text().await.unwrap();
    assert!(xml.contains("/neuer-name/"), "{xml}");
    assert!(!xml.contains("/mit-tag/"));
    // Deleting it removes it.
    beitrag_core::service::post::delete(&app.core, &Actor::Operator, &[stored.post.id])
        .await
        .unwrap();
    let xml = app.get("/sitemap-posts-1.xml").await.text().await.unwrap();
    assert!(!xml.contains("/neuer-name/"));
    app.stop().await;
}
