//! The page cache under a crowd: a hundred readers of a page a comment has
//! just dropped (or of a page never rendered) cost the queries of one
//! render, and compressed bodies are stored once and served by
//! `Accept-Encoding`, with an ETag per encoding.

use std::io::Read;
use std::time::Duration;

use beitrag_core::Actor;
use beitrag_core::model::{CommentStatus, PostKind};
use beitrag_core::service::comment::{self, Submission};

use crate::harness::{Backend, Options, TestApp};
use crate::on_both_backends;

const POST: &str = "/2011/02/fuenf-regeln-fuer-gute-moderation/";
const OTHER_POST: &str = "/2011/01/social-media-wird-so-normal-wie-das-telefon/";

/// `n` concurrent GETs of `path`; their bodies.
async fn crowd(app: &TestApp, path: &str, n: usize) -> Vec<String> {
    let tasks: Vec<_> = (0..n)
        .map(|_| {
            let (client, url) = (app.client.clone(), app.url(path));
            tokio::spawn(async move {
                let res = client.get(url).send().await.unwrap();
                assert_eq!(res.status(), 200);
                res.text().await.unwrap()
            })
        })
        .collect();
    let mut bodies = Vec::new();
    for t in tasks {
        bodies.push(t.await.unwrap());
    }
    bodies
}

async fn quiet_app(backend: Backend) -> TestApp {
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
    // The site snapshot, warm: what is counted below is the post's render.
    app.page("/").await;
    app
}

async fn a_crowd_after_a_comment_costs_one_render(backend: Backend) {
    let app = quiet_app(backend).await;
    let old = app.get(POST).await.text().await.unwrap();
    let settings = beitrag_core::service::settings::load(app.core.read())
        .await
        .unwrap();
    let post = app
        .store
        .post_by_slug(PostKind::Post, "fuenf-regeln-fuer-gute-moderation")
        .await
        .unwrap()
        .unwrap();
    let text = "Viral, und trotzdem nur einmal gerendert.";
    comment::submit(
        &app.core,
        &Actor::Import,
        &settings,
        Submission {
            post_id: Some(post.id),
            author_name: "Erik".into(),
            author_email: "erik@example.net".into(),
            text: text.into(),
            status: Some(CommentStatus::Approved),
            ..Submission::default()
        },
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    // The change log is written by a background flusher 50 ms later: write
    // it now (and give a flusher that already took it time to finish), so
    // that its statement is not counted as the page's.
    app.core.flush_changes().await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let before = app.store.query_count();
    let bodies = crowd(&app, POST, 100).await;
    let queries = app.store.query_count() - before;
    assert!(
        queries >= 1,
        "the comment dropped the page: it was rendered again"
    );
    assert!(
        queries <= 3,
        "100 readers ran {queries} queries: more than one render"
    );
    assert!(
        bodies.iter().all(|b| *b == old || b.contains(text)),
        "every reader got a whole page, the previous or the new one"
    );
    assert!(
        bodies.iter().any(|b| b.contains(text)),
        "the re-render is served"
    );
    assert!(app.get(POST).await.text().await.unwrap().contains(text));
    app.stop().await;
}

async fn a_crowd_on_a_cold_page_costs_one_render(backend: Backend) {
    let app = quiet_app(backend).await;
    let before = app.store.query_count();
    let bodies = crowd(&app, OTHER_POST, 100).await;
    let queries = app.store.query_count() - before;
    assert!(
        (1..=3).contains(&queries),
        "100 readers of a cold page ran {queries} queries"
    );
    assert!(bodies.windows(2).all(|w| w[0] == w[1]), "one page for all");
    app.stop().await;
}

struct Answer {
    status: u16,
    encoding: Option<String>,
    vary: String,
    etag: String,
    body: Vec<u8>,
}

async fn fetch(app: &TestApp, path: &str, accept: &str, if_none_match: Option<&str>) -> Answer {
    let mut req = app
        .client
        .get(app.url(path))
        .header("accept-encoding", accept);
    if let Some(tag) = if_none_match {
        req = req.header("if-none-match", tag);
    }
    let res = req.send().await.unwrap();
    let header = |name: &str| {
        res.headers()
            .get_all(name)
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let encoding = res
        .headers()
        .get("content-encoding")
        .map(|v| v.to_str().unwrap().to_owned());
    let (vary, etag) = (header("vary"), header("etag"));
    let status = res.status().as_u16();
    let body = res.bytes().await.unwrap().to_vec();
    Answer {
        status,
        encoding,
        vary,
        etag,
        body,
    }
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .unwrap();
    out
}

fn unbrotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::Decompressor::new(bytes, 4096)
        .read_to_end(&mut out)
        .unwrap();
    out
}

async fn pages_are_served_compressed_by_accept_encoding(backend: Backend) {
    let app = TestApp::start(backend).await;
    for path in [POST, "/", "/feed/"] {
        // The first answer comes from the render, the others from memory.
        let plain = fetch(&app, path, "identity", None).await;
        let br = fetch(&app, path, "gzip, deflate, br", None).await;
        let gz = fetch(&app, path, "br;q=0, gzip", None).await;
        assert_eq!(plain.status, 200, "{path}");
        assert_eq!(plain.encoding, None, "{path}");
        assert!(plain.body.len() > 1024, "{path} is worth compressing");
        assert_eq!(br.encoding.as_deref(), Some("br"), "{path}");
        assert_eq!(gz.encoding.as_deref(), Some("gzip"), "{path}");
        // Decompressed once, they are the plain body: the compression
        // layer did not pack them a second time.
        assert_eq!(unbrotli(&br.body), plain.body, "{path}");
        assert_eq!(gunzip(&gz.body), plain.body, "{path}");
        assert!(br.body.len() < plain.body.len() && gz.body.len() < plain.body.len());
        for a in [&plain, &br, &gz] {
            assert!(
                a.vary.to_ascii_lowercase().contains("accept-encoding"),
                "{path}: Vary {:?}",
                a.vary
            );
        }
        assert_ne!(plain.etag, br.etag);
        assert_ne!(plain.etag, gz.etag);
        assert_ne!(br.etag, gz.etag);
        assert!(br.etag.ends_with("-br\""), "{}", br.etag);
        assert!(gz.etag.ends_with("-gz\""), "{}", gz.etag);

        for (accept, own) in [("identity", &plain), ("br", &br), ("gzip", &gz)] {
            let again = fetch(&app, path, accept, Some(&own.etag)).await;
            assert_eq!(again.status, 304, "{path} {accept}");
            assert!(again.body.is_empty());
            assert_eq!(again.etag, own.etag, "{path} {accept}");
            assert!(again.vary.to_ascii_lowercase().contains("accept-encoding"));
        }
        // Any encoding's tag names the same content.
        let list = format!("\"nope\", {}", br.etag);
        assert_eq!(fetch(&app, path, "identity", Some(&list)).await.status, 304);
        assert_eq!(
            fetch(&app, path, "gzip", Some("\"nope\"")).await.status,
            200
        );
    }
    app.stop().await;
}

/// A hit answered before routing (the hot path) carries every header the
/// render did, and costs no query; a query string or a pending-comment
/// cookie takes the full way.
async fn a_hit_answers_with_the_headers_of_the_render(backend: Backend) {
    let app = quiet_app(backend).await;
    let names = [
        "content-type",
        "etag",
        "cache-control",
        "x-pingback",
        "link",
        "x-content-type-options",
        "referrer-policy",
        "content-security-policy",
        "vary",
    ];
    let heads = |res: &reqwest::Response| -> Vec<(String, String)> {
        names
            .iter()
            .map(|n| {
                let v = res.headers().get_all(*n).iter();
                (
                    n.to_string(),
                    v.map(|v| v.to_str().unwrap().to_owned())
                        .collect::<Vec<_>>()
                        .join(", "),
                )
            })
            .collect()
    };
    let first = app.get(POST).await;
    let rendered = heads(&first);
    assert!(
        rendered.iter().all(|(n, v)| !v.is_empty() || n == "vary"),
        "{rendered:?}"
    );
    let body = first.text().await.unwrap();
    let before = app.store.query_count();
    let hit = app.get(POST).await;
    assert_eq!(heads(&hit), rendered);
    assert_eq!(hit.text().await.unwrap(), body);
    assert_eq!(app.store.query_count() - before, 0, "a hit costs no query");
    let with_cookie = app
        .client
        .get(app.url(POST))
        .header("cookie", "beitrag_pending=forged")
        .send()
        .await
        .unwrap();
    assert_eq!(
        with_cookie.status(),
        200,
        "a bad cookie is ignored by the full way"
    );
    app.stop().await;
}

/// A published post moved to another category, its date unchanged: the
/// archive it joins and the one it leaves show it at once, though both
/// were cached.
async fn a_recategorised_post_moves_between_cached_archives(backend: Backend) {
    let app = TestApp::start(backend).await;
    // The sidebar's recent posts would tag every page with the post.
    crate::harness::no_sidebar(&app).await;
    let mut input = crate::harness::published(
        beitrag_core::model::PostKind::Post,
        "umgezogen",
        "Ein umgezogener Beitrag",
        "Text.",
        "admin",
    );
    input.categories = vec!["Allgemein".into()];
    let ids = crate::harness::save_posts(&app.core, vec![input])
        .await
        .unwrap();
    let joins = "/category/community-management/";
    let leaves = "/category/allgemein/";
    let shows = |path: &'static str| {
        let app = &app;
        async move {
            // The list itself, not the sidebar's recent posts.
            crate::harness::text(&app.page(path).await, "main").contains("Ein umgezogener Beitrag")
        }
    };
    assert!(!shows(joins).await);
    assert!(shows(leaves).await);
    // Both archives are cached now.
    assert!(app.get(joins).await.headers().contains_key("etag"));
    beitrag_core::service::post::update(
        &app.core,
        &beitrag_core::Actor::Operator,
        ids[0],
        beitrag_core::service::post::PostPatch {
            categories: Some(vec!["Community-Management".into()]),
            ..Default::default()
        },
        None,
    )
    .await
    .unwrap();
    assert!(shows(joins).await, "the archive it joined");
    assert!(!shows(leaves).await, "the archive it left");
    app.stop().await;
}

on_both_backends!(
    a_recategorised_post_moves_between_cached_archives,
    a_crowd_after_a_comment_costs_one_render,
    a_crowd_on_a_cold_page_costs_one_render,
    pages_are_served_compressed_by_accept_encoding,
    a_hit_answers_with_the_headers_of_the_render,
);
