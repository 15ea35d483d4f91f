//! The site icon: the built-in one at `/favicon.ico` and
//! `/apple-touch-icon.png` on a new site; one uploaded in the settings
//! becomes those files, the head's PNG icon and the image of all three
//! feeds (read with `feed-rs`); refused pictures change nothing; removing
//! it brings the built-in icon back and deletes the files.

use std::io::Cursor;

use beitrag_core::model::Role;

use crate::harness::{Backend, TestApp, attr, count, text};
use crate::on_both_backends;
use crate::session::{Admin, make_user, multipart};

on_both_backends!(
    an_uploaded_icon_reaches_browsers_phones_and_feeds,
    refused_icons_change_nothing
);

fn gradient_png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x * 255 / w) as u8, (y * 255 / h) as u8, 40])
    });
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

async fn upload(who: &Admin<'_>, csrf: &str, ctype: &str, bytes: &[u8]) -> reqwest::Response {
    let form = multipart(csrf, "icon.png", ctype, bytes);
    who.post_multipart("/admin/settings/icon", form).await
}

/// The body of `path`, checked to be served as `mime`.
async fn fetch(app: &TestApp, path: &str, mime: &str) -> Vec<u8> {
    let res = app.get(path).await;
    assert_eq!(res.status(), 200, "{path}");
    assert_eq!(res.headers()["content-type"], mime, "{path}");
    res.bytes().await.unwrap().to_vec()
}

/// Width and height of an ICO's largest entry and of a PNG, as an
/// independent decoder reads them.
fn size_of(bytes: &[u8], format: image::ImageFormat) -> (u32, u32) {
    let img = image::load_from_memory_with_format(bytes, format).unwrap();
    (img.width(), img.height())
}

async fn stored_icon(app: &TestApp) -> String {
    beitrag_core::service::settings::load(app.core.read())
        .await
        .unwrap()
        .site_icon
}

async fn an_uploaded_icon_reaches_browsers_phones_and_feeds(backend: Backend) {
    let app = TestApp::start(backend).await;
    let built_in = fetch(&app, "/favicon.ico", "image/vnd.microsoft.icon").await;
    assert_eq!(
        &built_in[..6],
        &[0, 0, 1, 0, 3, 0],
        "an icon directory of three"
    );
    assert_eq!(size_of(&built_in, image::ImageFormat::Ico), (48, 48));
    let touch = fetch(&app, "/apple-touch-icon.png", "image/png").await;
    assert_eq!(size_of(&touch, image::ImageFormat::Png), (180, 180));
    let precomposed = fetch(&app, "/apple-touch-icon-precomposed.png", "image/png").await;
    assert_eq!(precomposed, touch);
    let home = app.page("/").await;
    assert_eq!(attr(&home, "link[rel=icon]", "href"), "/favicon.ico");
    assert_eq!(
        attr(&home, "link[rel=apple-touch-icon]", "href"),
        "/apple-touch-icon.png"
    );
    assert_eq!(count(&home, "link[rel=icon][type='image/png']"), 0);
    let rss = app.get("/feed/").await.text().await.unwrap();
    assert!(
        !rss.contains("<image>"),
        "no feed image without an icon of our own"
    );

    let admin = Admin::admin(&app).await;
    let settings = admin.get("/admin/settings/").await.text().await.unwrap();
    let doc = scraper::Html::parse_document(&settings);
    assert_eq!(
        count(
            &doc,
            "#site-icon form[enctype='multipart/form-data'] input[type=file][name=file]"
        ),
        1
    );
    let res = upload(&admin, &admin.csrf, "image/png", &gradient_png(400, 300)).await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        res.headers()["location"],
        "/admin/settings/?icon=saved#site-icon"
    );
    let first = stored_icon(&app).await;
    assert!(first.starts_with("site-icon/"), "{first}");
    let page = admin
        .get("/admin/settings/?icon=saved")
        .await
        .text()
        .await
        .unwrap();
    let doc = scraper::Html::parse_document(&page);
    assert_eq!(
        text(&doc, "#site-icon [role=status]"),
        "Das Website-Icon wurde gespeichert."
    );
    assert!(attr(&doc, "#site-icon img", "src").ends_with(&format!("/media/{first}/icon-192.png")));

    let ico = fetch(&app, "/favicon.ico", "image/vnd.microsoft.icon").await;
    assert_ne!(ico, built_in);
    assert_eq!(size_of(&ico, image::ImageFormat::Ico), (48, 48));
    let touch = fetch(&app, "/apple-touch-icon.png", "image/png").await;
    let picture = image::load_from_memory(&touch).unwrap().into_rgb8();
    assert_eq!(picture.dimensions(), (180, 180));
    // The centred square of the gradient: red grows left to right.
    assert!(picture.get_pixel(170, 90).0[0] > picture.get_pixel(10, 90).0[0] + 100);
    // The cached home page was dropped: it names the new icon.
    let home = app.page("/").await;
    let png = attr(
        &home,
        "link[rel=icon][type='image/png'][sizes='192x192']",
        "href",
    );
    assert_eq!(png, app.url(&format!("/media/{first}/icon-192.png")));
    let big = fetch(&app, &format!("/media/{first}/icon-192.png"), "image/png").await;
    assert_eq!(size_of(&big, image::ImageFormat::Png), (192, 192));

    let small = app.url(&format!("/media/{first}/icon-64.png"));
    let large = app.url(&format!("/media/{first}/icon-512.png"));
    let feed = |path: &'static str| {
        let app = &app;
        async move {
            let body = app.get(path).await.bytes().await.unwrap();
            feed_rs::parser::parse(&body[..]).unwrap_or_else(|e| panic!("{path}: {e}"))
        }
    };
    assert_eq!(
        feed("/feed/").await.logo.map(|i| i.uri),
        Some(small.clone())
    );
    let atom = feed("/feed/atom/").await;
    assert_eq!(atom.icon.map(|i| i.uri), Some(small.clone()));
    assert_eq!(atom.logo.map(|i| i.uri), Some(large.clone()));
    let json: serde_json::Value = app.get("/feed/json/").await.json().await.unwrap();
    assert_eq!(
        (json["icon"].as_str(), json["favicon"].as_str()),
        (Some(large.as_str()), Some(small.as_str()))
    );
    let comments: serde_json::Value = app.get("/comments/feed/json/").await.json().await.unwrap();
    assert_eq!(comments["favicon"].as_str(), Some(small.as_str()));
    let big = fetch(&app, &format!("/media/{first}/icon-512.png"), "image/png").await;
    assert_eq!(size_of(&big, image::ImageFormat::Png), (512, 512));

    // A new icon replaces the files of the old one.
    let old_dir = app.media_dir.path().join(&first);
    assert_eq!(std::fs::read_dir(&old_dir).unwrap().count(), 6);
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    let res = upload(&admin, &admin.csrf, "image/png", &gradient_png(200, 200)).await;
    assert_eq!(res.status(), 303);
    let second = stored_icon(&app).await;
    assert_ne!(second, first);
    assert!(!old_dir.exists() || std::fs::read_dir(&old_dir).unwrap().count() == 0);

    // Removing it: the built-in icon again, the head and feeds without it.
    let res = admin.post("/admin/settings/icon/remove", &[]).await;
    assert_eq!(res.status(), 303);
    assert_eq!(stored_icon(&app).await, "");
    assert_eq!(
        fetch(&app, "/favicon.ico", "image/vnd.microsoft.icon").await,
        built_in
    );
    let home = app.page("/").await;
    assert_eq!(count(&home, "link[rel=icon][type='image/png']"), 0);
    assert!(
        !app.get("/feed/")
            .await
            .text()
            .await
            .unwrap()
            .contains("<image>")
    );
    let gone = app.media_dir.path().join(&second);
    assert!(!gone.exists() || std::fs::read_dir(&gone).unwrap().count() == 0);
    app.stop().await;
}

async fn refused_icons_change_nothing(backend: Backend) {
    let app = TestApp::start(backend).await;
    let admin = Admin::admin(&app).await;
    let cases: [(&str, Vec<u8>, u16, &str); 4] = [
        ("image/png", gradient_png(179, 400), 422, "180×180"),
        (
            "text/html",
            b"<html><script>alert(1)</script></html>".to_vec(),
            415,
            "text/html",
        ),
        (
            "image/png",
            b"\x89PNG\r\n\x1a\n broken".to_vec(),
            422,
            "beschädigt",
        ),
        ("image/png", Vec::new(), 422, "Bild"),
    ];
    for (ctype, bytes, status, says) in cases {
        let res = upload(&admin, &admin.csrf, ctype, &bytes).await;
        assert_eq!(res.status(), status, "{says}");
        let page = res.text().await.unwrap();
        let doc = scraper::Html::parse_document(&page);
        let alert = text(&doc, "#site-icon [role=alert]");
        assert!(
            alert.starts_with("Das Icon wurde nicht gespeichert:"),
            "{alert}"
        );
        assert!(alert.contains(says), "{alert}");
        assert_eq!(count(&doc, "#site-icon-file[aria-invalid=true]"), 1);
        assert_eq!(stored_icon(&app).await, "");
    }
    // No CSRF token, or a user who may not change settings: refused.
    let res = upload(&admin, "falsch", "image/png", &gradient_png(200, 200)).await;
    assert_eq!(res.status(), 403);
    make_user(&app, "autorin", Role::Author).await;
    let author = Admin::login(&app, "autorin", "autorin-passwort-123").await;
    let res = upload(&author, &author.csrf, "image/png", &gradient_png(200, 200)).await;
    assert_eq!(res.status(), 403);
    let res = author.post("/admin/settings/icon/remove", &[]).await;
    assert_eq!(res.status(), 403);
    // The setting is never typed: the settings form and the API refuse it.
    let res = admin
        .post(
            "/admin/settings/",
            &[("site_icon", "site-icon/1"), ("title", "Neu")],
        )
        .await;
    assert_eq!(res.status(), 422);
    assert_eq!(stored_icon(&app).await, "");
    let files: Vec<_> = walk(app.media_dir.path());
    assert!(files.is_empty(), "nothing stored: {files:?}");
    app.stop().await;
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        if e.path().is_dir() {
            out.extend(walk(&e.path()));
        } else {
            out.push(e.path());
        }
    }
    out
}
