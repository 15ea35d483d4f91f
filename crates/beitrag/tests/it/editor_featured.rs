//! Featured images over HTTP: chosen in the editor or through the API,
//! shown on the post page and the list cards with their alt text, named by OpenGraph and
//! carried by all three feeds (read with feed-rs); refused with a precise
//! message when they are not a stored image; and a changed alt text or a
//! deleted upload drops the cached page.

use std::time::{Duration, Instant};

use beitrag_core::model::{MediaId, PostId, Scope};
use serde_json::{Value, json};

use crate::api_posts::call;
use crate::editor::{PDF, api_upload, doc_of, png, post_fields, post_url, saved_id};
use crate::harness::{Backend, TestApp, attr, count, text};
use crate::session::{Admin, token};

/// Reads a feed with feed-rs (an independent parser).
async fn feed(app: &TestApp, path: &str) -> (feed_rs::model::Feed, String) {
    let res = app.get(path).await;
    assert_eq!(res.status(), 200, "{path}");
    let body = res.text().await.unwrap();
    let parsed = feed_rs::parser::parse(body.as_bytes()).unwrap_or_else(|e| panic!("{path}: {e}"));
    (parsed, body)
}

async fn featured_image_is_shown_on_the_page_in_opengraph_and_feeds(backend: Backend) {
    let app = TestApp::start(backend).await;
    let admin = Admin::admin(&app).await;
    let bearer = token(&app, &app.credentials.as_ref().unwrap().login, Scope::Write).await;
    let (status, media) = api_upload(
        &app,
        &bearer,
        "name=leuchtturm.png&alt=Ein%20Leuchtturm%20bei%20Nacht",
        "image/png",
        png(1200, 630),
    )
    .await;
    assert_eq!(status, 201, "{media}");
    let id = media["id"].as_i64().unwrap().to_string();
    let size = media["size"].as_u64().unwrap();

    // The editor offers the image and saves the choice.
    let form = doc_of(&admin.get("/admin/posts/new").await.text().await.unwrap());
    assert_eq!(
        count(
            &form,
            &format!("#featured input[name=featured_media][value='{id}']")
        ),
        1
    );
    assert_eq!(count(&form, "#featured-none[checked]"), 1);
    let res = admin
        .post(
            "/admin/posts/new",
            &post_fields("Mit Beitragsbild", "published", &id),
        )
        .await;
    assert_eq!(res.status(), 303, "{}", res.text().await.unwrap());
    let post = saved_id(&res);
    let stored = app.store.post_by_id(post).await.unwrap().unwrap();
    assert_eq!(
        stored.featured_media.map(|m| m.0.to_string()),
        Some(id.clone())
    );
    let edit = doc_of(
        &admin
            .get(&format!("/admin/posts/{}/edit", post.0))
            .await
            .text()
            .await
            .unwrap(),
    );
    assert_eq!(attr(&edit, "#featured input[checked]", "value"), id);

    // The page shows it with its alt text, OpenGraph names it.
    let url = post_url(&app, post).await;
    let page = doc_of(
        &app.client
            .get(&url)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    );
    let img_url = media["url"].as_str().unwrap();
    assert_eq!(
        attr(&page, "figure.featured-image img", "alt"),
        "Ein Leuchtturm bei Nacht"
    );
    assert_eq!(attr(&page, "figure.featured-image img", "src"), img_url);
    assert_eq!(attr(&page, "meta[property='og:image']", "content"), img_url);
    assert_eq!(
        attr(&page, "meta[property='og:image:alt']", "content"),
        "Ein Leuchtturm bei Nacht"
    );
    assert_eq!(
        attr(&page, "meta[property='og:image:width']", "content"),
        "1200"
    );
    let home = app.page("/").await;
    assert_eq!(
        count(&home, "meta[property='og:image']"),
        0,
        "only post pages name an image"
    );
    // The list cards show it too, with its alt text and size; cards of
    // posts without one show none.
    assert_eq!(count(&home, "article.post-card figure.card-image img"), 1);
    let card = "article.post-card figure.card-image img";
    assert_eq!(attr(&home, card, "alt"), "Ein Leuchtturm bei Nacht");
    assert_eq!(attr(&home, card, "src"), img_url);
    assert_eq!(attr(&home, card, "width"), "1200");
    assert_eq!(attr(&home, card, "height"), "630");

    // All three feeds carry it as an enclosure.
    let (rss, _) = feed(&app, "/feed/").await;
    let entry = rss
        .entries
        .iter()
        .find(|e| {
            e.title
                .as_ref()
                .is_some_and(|t| t.content == "Mit Beitragsbild")
        })
        .unwrap();
    let content = &entry.media[0].content[0];
    assert_eq!(content.url.as_ref().map(|u| u.as_str()), Some(img_url));
    assert_eq!(content.size, Some(size));
    assert_eq!(
        content
            .content_type
            .as_ref()
            .map(|m| m.to_string())
            .as_deref(),
        Some("image/png")
    );
    let others: usize = rss.entries.iter().map(|e| e.media.len()).sum();
    assert_eq!(
        others, 1,
        "posts without a featured image have no enclosure"
    );
    let (atom, _) = feed(&app, "/feed/atom/").await;
    let entry = atom
        .entries
        .iter()
        .find(|e| {
            e.title
                .as_ref()
                .is_some_and(|t| t.content == "Mit Beitragsbild")
        })
        .unwrap();
    let link = entry
        .links
        .iter()
        .find(|l| l.rel.as_deref() == Some("enclosure"))
        .expect("rel=enclosure");
    assert_eq!(link.href, img_url);
    assert_eq!(link.length, Some(size));
    assert_eq!(link.media_type.as_deref(), Some("image/png"));
    // feed-rs reads JSON Feed items without their image, so the document is read as JSON.
    let (_, json_body) = feed(&app, "/feed/json/").await;
    let json: Value = serde_json::from_str(&json_body).unwrap();
    let item = json["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["title"] == "Mit Beitragsbild")
        .unwrap();
    assert_eq!(item["image"], img_url);

    // The API shows and changes it; the editor removes it.
    let (status, _, got) = call(
        &app,
        reqwest::Method::GET,
        &format!("/api/v1/posts/{}", post.0),
        &bearer,
        None,
    )
    .await;
    assert_eq!(
        (status, got["featured_media"].to_string()),
        (200, id.clone())
    );
    let (status, _, patched) = call(
        &app,
        reqwest::Method::PATCH,
        &format!("/api/v1/posts/{}", post.0),
        &bearer,
        Some(json!({"title": "Ohne Bild"})),
    )
    .await;
    assert_eq!(
        (status, patched["featured_media"].to_string()),
        (200, id.clone()),
        "left out: kept"
    );
    let (status, _, patched) = call(
        &app,
        reqwest::Method::PATCH,
        &format!("/api/v1/posts/{}", post.0),
        &bearer,
        Some(json!({"featured_media": null})),
    )
    .await;
    assert_eq!(
        (status, patched["featured_media"].clone()),
        (200, Value::Null),
        "null: removed"
    );
    let (status, _, created) = call(
        &app,
        reqwest::Method::POST,
        "/api/v1/posts",
        &bearer,
        Some(
            json!({"title": "Über die API", "status": "published", "featured_media": media["id"]}),
        ),
    )
    .await;
    assert_eq!(
        (status, created["featured_media"].to_string()),
        (201, id.clone()),
        "{created}"
    );
    let api_post = PostId(created["id"].as_i64().unwrap());
    let mut fields = post_fields("Wieder ohne", "published", "");
    fields.retain(|(k, _)| *k != "kind");
    let res = admin
        .post(&format!("/admin/posts/{}/edit", api_post.0), &fields)
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        app.store
            .post_by_id(api_post)
            .await
            .unwrap()
            .unwrap()
            .featured_media,
        None
    );
    let page = doc_of(
        &app.client
            .get(post_url(&app, api_post).await)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    );
    assert_eq!(count(&page, "figure.featured-image"), 0);
    assert_eq!(count(&page, "meta[property='og:image']"), 0);

    // Deleting the upload leaves the post without it.
    let (status, _, _) = call(
        &app,
        reqwest::Method::PATCH,
        &format!("/api/v1/posts/{}", post.0),
        &bearer,
        Some(json!({"featured_media": media["id"]})),
    )
    .await;
    assert_eq!(status, 200);
    let (status, _, _) = call(
        &app,
        reqwest::Method::DELETE,
        &format!("/api/v1/media/{id}"),
        &bearer,
        None,
    )
    .await;
    assert_eq!(status, 204);
    assert_eq!(
        app.store
            .post_by_id(post)
            .await
            .unwrap()
            .unwrap()
            .featured_media,
        None
    );
    let page = doc_of(
        &app.client
            .get(post_url(&app, post).await)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    );
    assert_eq!(
        count(&page, "figure.featured-image"),
        0,
        "the cached page was dropped"
    );
    app.stop().await;
}

async fn featured_image_must_be_a_stored_image(backend: Backend) {
    let app = TestApp::start(backend).await;
    let admin = Admin::admin(&app).await;
    let bearer = token(&app, &app.credentials.as_ref().unwrap().login, Scope::Write).await;
    let (status, pdf) = api_upload(
        &app,
        &bearer,
        "name=plan.pdf",
        "application/pdf",
        PDF.to_vec(),
    )
    .await;
    assert_eq!(status, 201, "{pdf}");
    let pdf_id = pdf["id"].to_string();
    let before = app
        .store
        .admin_posts(&Default::default())
        .await
        .unwrap()
        .total;

    // The editor: the field is marked with the reason (in the admin's
    // language), everything typed kept.
    for (value, reason) in [
        ("999999", "keine Datei mit der Id 999999"),
        (pdf_id.as_str(), "ist kein Bild"),
        ("bild", "ist keine Id einer Datei"),
        ("-1", "keine Datei mit der Id -1"),
    ] {
        let res = admin
            .post(
                "/admin/posts/new",
                &post_fields("Falsches Bild", "draft", value),
            )
            .await;
        assert_eq!(res.status(), 422, "{value}");
        let doc = doc_of(&res.text().await.unwrap());
        let error = text(&doc, "#featured_media-error");
        assert!(error.contains(reason), "{value}: {error}");
        assert_eq!(
            attr(&doc, "#featured", "aria-describedby"),
            "featured_media-error"
        );
        assert_eq!(attr(&doc, "#title", "value"), "Falsches Bild");
    }
    // The API: a problem naming the field.
    for body in [
        json!({"title": "A", "featured_media": 999999}),
        json!({"title": "A", "featured_media": pdf["id"]}),
    ] {
        let (status, _, problem) = call(
            &app,
            reqwest::Method::POST,
            "/api/v1/posts",
            &bearer,
            Some(body.clone()),
        )
        .await;
        assert_eq!(
            (status, problem["field"].as_str()),
            (400, Some("featured_media")),
            "{body}: {problem}"
        );
    }
    for garbage in [json!("drei"), json!(1.5), json!([1]), json!({"id": 1})] {
        let (status, _, _) = call(
            &app,
            reqwest::Method::POST,
            "/api/v1/posts",
            &bearer,
            Some(json!({"title": "A", "featured_media": garbage})),
        )
        .await;
        assert_eq!(status, 400, "{garbage}");
    }
    assert_eq!(
        app.store
            .admin_posts(&Default::default())
            .await
            .unwrap()
            .total,
        before,
        "nothing written"
    );
    app.stop().await;
}

/// GETs `url` until its body contains `want` (at most 2 s: longer means
/// the cached page was not dropped; the cache's TTL is 30 s).
async fn eventually_shows(app: &TestApp, url: &str, want: &str) -> bool {
    let deadline = Instant::now() + Duration::from_secs(2);
    loop {
        let body = app
            .client
            .get(url)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        if body.contains(want) {
            return true;
        }
        if Instant::now() > deadline {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn changing_alt_text_drops_the_cached_page(backend: Backend) {
    let app = TestApp::start(backend).await;
    let bearer = token(&app, &app.credentials.as_ref().unwrap().login, Scope::Write).await;
    let (_, media) = api_upload(
        &app,
        &bearer,
        "name=berg.png&alt=Ein%20Berg",
        "image/png",
        png(200, 100),
    )
    .await;
    let (status, _, post) = call(
        &app,
        reqwest::Method::POST,
        "/api/v1/posts",
        &bearer,
        Some(json!({"title": "Bergtour", "status": "published", "featured_media": media["id"]})),
    )
    .await;
    assert_eq!(status, 201, "{post}");
    let url = post["url"].as_str().unwrap().to_owned();
    assert!(eventually_shows(&app, &url, "alt=\"Ein Berg\"").await);
    let id = MediaId(media["id"].as_i64().unwrap());
    // The post's own changes also come back through the change log (on
    // PostgreSQL by NOTIFY, polled every 250 ms) and may drop the page
    // just cached: let them all arrive, then cache it once more. Waiting
    // for the absence of events is the one place a poll cannot do.
    tokio::time::sleep(Duration::from_millis(1200)).await;
    assert!(eventually_shows(&app, &url, "alt=\"Ein Berg\"").await);

    // Behind the services' back the cached page stays as it was: the page
    // really is served from the cache…
    app.store.set_media_alt(id, "Still geändert").await.unwrap();
    let body = app
        .client
        .get(&url)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(body.contains("alt=\"Ein Berg\""), "served from the cache");
    // …and the service's change drops it.
    let (status, _, _) = call(
        &app,
        reqwest::Method::PATCH,
        &format!("/api/v1/media/{}", id.0),
        &bearer,
        Some(json!({"alt": "Der Gipfel im Nebel"})),
    )
    .await;
    assert_eq!(status, 200);
    assert!(
        eventually_shows(&app, &url, "content=\"Der Gipfel im Nebel\"").await,
        "og:image:alt of the new text"
    );
    let body = app
        .client
        .get(&url)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(body.contains("alt=\"Der Gipfel im Nebel\""));
    app.stop().await;
}

crate::on_both_backends!(
    featured_image_is_shown_on_the_page_in_opengraph_and_feeds,
    featured_image_must_be_a_stored_image,
    changing_alt_text_drops_the_cached_page,
);
