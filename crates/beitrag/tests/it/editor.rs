//! The better editor over HTTP: alt texts asked for on every admin upload
//! and used in the Markdown, changed from the media page and the API; the
//! status control offers a contributor only what the role allows, and
//! Published with a future date is scheduled. Featured images are
//! `editor_featured.rs`.

use std::io::Cursor;

use beitrag_core::model::{MediaId, PostId, Role, Scope};
use serde_json::{Value, json};

use crate::api_posts::call;
use crate::harness::{Backend, TestApp, attr, count, text};
use crate::session::multipart_with_alt;
use crate::session::{Admin, make_user, token};

/// A real PNG of `w`×`h` pixels.
pub(crate) fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, ((x ^ y) % 256) as u8])
    });
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

pub(crate) const PDF: &[u8] =
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

/// The admin's upload form, as a browser sends it.
async fn form_upload(
    admin: &Admin<'_>,
    alt: &str,
    name: &str,
    ctype: &str,
    bytes: &[u8],
) -> reqwest::Response {
    let form = multipart_with_alt(&admin.csrf, alt, name, ctype, bytes);
    admin.post_multipart("/admin/media/", form).await
}

/// An upload through the JSON API; `query` is appended to `?name=…`.
pub(crate) async fn api_upload(
    app: &TestApp,
    bearer: &str,
    query: &str,
    ctype: &str,
    body: Vec<u8>,
) -> (u16, Value) {
    let res = app
        .client
        .post(app.url(&format!("/api/v1/media?{query}")))
        .bearer_auth(bearer)
        .header("content-type", ctype)
        .body(body)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

pub(crate) fn doc_of(body: &str) -> scraper::Html {
    scraper::Html::parse_document(body)
}

/// The fields of the editor's form for a new post.
pub(crate) fn post_fields<'a>(
    title: &'a str,
    status: &'a str,
    featured: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("kind", "post"),
        ("title", title),
        ("slug", ""),
        ("source", "Ein Text mit Bild."),
        ("excerpt", ""),
        ("tags", ""),
        ("new_categories", ""),
        ("status", status),
        ("published_at", ""),
        ("trackbacks", ""),
        ("comments_open", "1"),
        ("featured_media", featured),
        ("intent", "save"),
    ]
}

pub(crate) fn saved_id(res: &reqwest::Response) -> PostId {
    let location = res.headers()["location"].to_str().unwrap();
    let id = location
        .strip_prefix("/admin/posts/")
        .and_then(|r| r.strip_suffix("/edit?saved=1"))
        .unwrap_or_else(|| panic!("not a saved location: {location}"));
    PostId(id.parse().unwrap())
}

pub(crate) async fn post_url(app: &TestApp, id: PostId) -> String {
    let token = token(app, &app.credentials.as_ref().unwrap().login, Scope::Read).await;
    let (status, _, post) = call(
        app,
        reqwest::Method::GET,
        &format!("/api/v1/posts/{}", id.0),
        &token,
        None,
    )
    .await;
    assert_eq!(status, 200, "{post}");
    post["url"].as_str().unwrap().to_owned()
}

async fn admin_uploads_ask_for_alt_text(backend: Backend) {
    let app = TestApp::start(backend).await;
    let admin = Admin::admin(&app).await;
    let library = doc_of(&admin.get("/admin/media/").await.text().await.unwrap());
    assert_eq!(count(&library, ".upload-form input#alt[name=alt]"), 1);

    // No alt text (or only blanks, or one too long): refused with the
    // reason, and nothing is stored.
    let long = "x".repeat(501);
    for (alt, reason) in [
        ("", "Alternativtext"),
        ("   ", "Alternativtext"),
        (long.as_str(), "500"),
    ] {
        let res = form_upload(&admin, alt, "strand.png", "image/png", &png(40, 30)).await;
        assert_eq!(res.status(), 422, "alt {alt:?}");
        let doc = doc_of(&res.text().await.unwrap());
        let error = text(&doc, "#upload-error");
        assert!(
            error.starts_with("Nichts wurde hochgeladen") && error.contains(reason),
            "{error}"
        );
    }
    assert_eq!(app.store.media_list(10, 0).await.unwrap().1, 0, "no row");
    // No file at all: said in the admin's language.
    let res = form_upload(&admin, "Strand", "", "application/octet-stream", b"").await;
    assert_eq!(res.status(), 422);
    let error = text(&doc_of(&res.text().await.unwrap()), "#upload-error");
    assert!(error.contains("Wählen Sie zuerst eine Datei."), "{error}");

    // A document needs none.
    let res = form_upload(&admin, "", "plan.pdf", "application/pdf", PDF).await;
    assert_eq!(res.status(), 303);

    // With one, the Markdown describes the image by it, never by the file name.
    let res = form_upload(
        &admin,
        "  Möwen über dem Strand  ",
        "IMG_0042.png",
        "image/png",
        &png(40, 30),
    )
    .await;
    assert_eq!(res.status(), 303);
    let (items, _) = app.store.media_list(10, 0).await.unwrap();
    let image = items.iter().find(|m| m.width.is_some()).unwrap();
    assert_eq!(image.alt, "Möwen über dem Strand");
    let doc = doc_of(
        &admin
            .get("/admin/media/?done=uploaded")
            .await
            .text()
            .await
            .unwrap(),
    );
    let snippet = attr(&doc, &format!("#snippet-{}", image.id.0), "value");
    assert_eq!(
        snippet,
        format!("![Möwen über dem Strand](/media/{})", image.path)
    );
    assert!(!snippet.contains("IMG_0042"));
    assert_eq!(
        attr(&doc, &format!("#alt-{}", image.id.0), "value"),
        "Möwen über dem Strand"
    );

    // The media page changes the alt text; an empty one is refused.
    let path = format!("/admin/media/{}/alt", image.id.0);
    let res = admin.post(&path, &[("alt", "Drei Möwen")]).await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        app.store.media_by_id(image.id).await.unwrap().unwrap().alt,
        "Drei Möwen"
    );
    let res = admin.post(&path, &[("alt", " ")]).await;
    assert_eq!(res.status(), 422);
    let doc = doc_of(&res.text().await.unwrap());
    assert!(text(&doc, "#alt-error").starts_with("Der Alternativtext wurde nicht gespeichert"));
    assert_eq!(
        attr(&doc, &format!("#alt-{}", image.id.0), "aria-invalid"),
        "true"
    );
    let res = admin.post(&path, &[("alt", "Zeile\neins")]).await;
    assert_eq!(res.status(), 422, "control characters");
    assert_eq!(
        app.store.media_by_id(image.id).await.unwrap().unwrap().alt,
        "Drei Möwen"
    );
    assert_eq!(
        admin
            .post("/admin/media/999999/alt", &[("alt", "x")])
            .await
            .status(),
        404
    );
    let forged = app
        .client
        .post(app.url(&path))
        .header("cookie", &admin.cookie)
        .form(&[("alt", "ohne Token")])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);
    app.stop().await;
}

async fn api_uploads_may_describe_and_alt_text_can_change(backend: Backend) {
    let app = TestApp::start(backend).await;
    make_user(&app, "autorin", Role::Author).await;
    make_user(&app, "andere", Role::Author).await;
    let author = token(&app, "autorin", Scope::Write).await;
    let other = token(&app, "andere", Scope::Write).await;

    // Clients without the field keep working: the alt text stays empty.
    let (status, bare) = api_upload(&app, &author, "name=a.png", "image/png", png(30, 30)).await;
    assert_eq!(status, 201, "{bare}");
    assert_eq!(bare["alt"], "");
    let (status, media) = api_upload(
        &app,
        &author,
        "name=b.png&alt=Ein%20roter%20Ball",
        "image/png",
        png(30, 30),
    )
    .await;
    assert_eq!(status, 201, "{media}");
    assert_eq!(media["alt"], "Ein roter Ball");
    let markdown = media["markdown"].as_str().unwrap();
    assert!(
        markdown.starts_with("![Ein roter Ball](/media/"),
        "{markdown}"
    );
    let (status, problem) = api_upload(
        &app,
        &author,
        &format!("name=c.png&alt={}", "x".repeat(501)),
        "image/png",
        png(30, 30),
    )
    .await;
    assert_eq!(
        (status, problem["field"].as_str()),
        (400, Some("alt")),
        "{problem}"
    );
    assert_eq!(
        app.store.media_list(10, 0).await.unwrap().1,
        2,
        "nothing of the refused one"
    );

    let path = format!("/api/v1/media/{}", bare["id"]);
    let patch = |who: &str, body: Value| {
        let who = who.to_owned();
        let path = path.clone();
        let app = &app;
        async move { call(app, reqwest::Method::PATCH, &path, &who, Some(body)).await }
    };
    let (status, _, changed) = patch(&author, json!({"alt": "Ein blauer Ball"})).await;
    assert_eq!(status, 200, "{changed}");
    assert_eq!(changed["alt"], "Ein blauer Ball");
    assert!(
        changed["markdown"]
            .as_str()
            .unwrap()
            .starts_with("![Ein blauer Ball](")
    );
    for (body, field) in [
        (json!({"alt": ""}), "alt"),
        (json!({"alt": "a\u{0}b"}), "alt"),
        (json!({"alt": "y".repeat(501)}), "alt"),
    ] {
        let (status, _, problem) = patch(&author, body.clone()).await;
        assert_eq!(
            (status, problem["field"].as_str()),
            (400, Some(field)),
            "{body}: {problem}"
        );
    }
    let (status, _, _) = patch(&author, json!({"alt": 5})).await;
    assert_eq!(status, 400, "not a string");
    let (status, _, _) = patch(&author, json!({"alt": "x", "name": "y"})).await;
    assert_eq!(status, 400, "unknown field");
    let (status, _, _) = patch(&other, json!({"alt": "Fremd"})).await;
    assert_eq!(status, 403, "another author's upload");
    let (status, _, _) = call(
        &app,
        reqwest::Method::PATCH,
        "/api/v1/media/999999",
        &author,
        Some(json!({"alt": "x"})),
    )
    .await;
    assert_eq!(status, 404);
    let stored = app
        .store
        .media_by_id(MediaId(bare["id"].as_i64().unwrap()))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.alt, "Ein blauer Ball");
    app.stop().await;
}

async fn contributors_choose_only_draft_or_pending(backend: Backend) {
    let app = TestApp::start(backend).await;
    let password = make_user(&app, "gast", Role::Contributor).await;
    let guest = Admin::login(&app, "gast", &password).await;
    let form = doc_of(&guest.get("/admin/posts/new").await.text().await.unwrap());
    let sel = scraper::Selector::parse("fieldset#status input[type=radio][name=status]").unwrap();
    let offered: Vec<_> = form
        .select(&sel)
        .map(|o| o.value().attr("value").unwrap().to_owned())
        .collect();
    assert_eq!(offered, vec!["draft", "pending"]);
    assert_eq!(count(&form, "#status-draft[checked]"), 1);
    assert_eq!(count(&form, "select#status"), 0, "one control, radios");
    let admin = Admin::admin(&app).await;
    let full = doc_of(&admin.get("/admin/posts/new").await.text().await.unwrap());
    let offered: Vec<_> = full
        .select(&sel)
        .map(|o| o.value().attr("value").unwrap().to_owned())
        .collect();
    assert_eq!(
        offered,
        vec!["draft", "pending", "published", "scheduled", "private"]
    );

    let before = app
        .store
        .admin_posts(&Default::default())
        .await
        .unwrap()
        .total;
    for forged in ["published", "scheduled", "private"] {
        let mut fields = post_fields("Heimlich", forged, "");
        fields.retain(|(k, _)| *k != "published_at");
        fields.push(("published_at", "2030-01-01T09:00"));
        let res = guest.post("/admin/posts/new", &fields).await;
        assert_eq!(res.status(), 403, "{forged}");
    }
    let res = guest
        .post(
            "/admin/posts/new",
            &post_fields("Zur Prüfung", "pending", ""),
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        app.store
            .admin_posts(&Default::default())
            .await
            .unwrap()
            .total,
        before + 1,
        "only the pending one"
    );

    // Published with a future date is scheduled, and the editor says so.
    let mut fields = post_fields("Später", "published", "");
    fields.retain(|(k, _)| *k != "published_at");
    fields.push(("published_at", "2099-05-01T08:00"));
    let res = admin.post("/admin/posts/new", &fields).await;
    assert_eq!(res.status(), 303);
    let id = saved_id(&res);
    let post = app.store.post_by_id(id).await.unwrap().unwrap();
    assert_eq!(post.status, beitrag_core::model::PostStatus::Scheduled);
    let edit = doc_of(
        &admin
            .get(&format!("/admin/posts/{}/edit", id.0))
            .await
            .text()
            .await
            .unwrap(),
    );
    assert_eq!(attr(&edit, "#status input[checked]", "value"), "scheduled");
    fields.retain(|(k, _)| *k != "intent");
    fields.push(("intent", "preview"));
    let preview = doc_of(
        &admin
            .post(&format!("/admin/posts/{}/edit", id.0), &fields)
            .await
            .text()
            .await
            .unwrap(),
    );
    assert_eq!(
        count(&preview, "#schedule-hint:not([hidden])"),
        1,
        "published + future date: the hint shows"
    );
    assert!(text(&preview, "#schedule-hint").contains("wird geplant"));
    assert_eq!(
        count(&edit, "#schedule-hint[hidden]"),
        1,
        "scheduled itself needs no hint"
    );
    app.stop().await;
}

crate::on_both_backends!(
    admin_uploads_ask_for_alt_text,
    api_uploads_may_describe_and_alt_text_can_change,
    contributors_choose_only_draft_or_pending,
);
