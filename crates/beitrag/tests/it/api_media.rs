//! Uploads through `/api/v1/media`: sniffed types, limits, variants,
//! srcset in posts, deletion; and the scheduler publishing a post once.

use std::io::Cursor;
use std::time::{Duration, Instant};

use beitrag_core::model::{Role, Scope};
use serde_json::{Value, json};

use crate::api_posts::call;
use crate::harness::{Backend, Options, TestApp};
use crate::session::{make_user, token};

/// A real PNG of `w`×`h` pixels (a gradient, so it does not compress away).
pub(crate) fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, ((x + y) % 256) as u8])
    });
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

pub(crate) async fn upload(
    app: &TestApp,
    bearer: &str,
    name: &str,
    ctype: &str,
    body: Vec<u8>,
) -> (u16, Value) {
    // The server may answer an oversized body early and close before all of
    // it is written (HTTP allows that); the client then sees a broken pipe
    // instead of the answer, so such a send is tried again.
    let mut tries = 0;
    let res = loop {
        tries += 1;
        let sent = app
            .client
            .post(app.url(&format!("/api/v1/media?name={name}")))
            .bearer_auth(bearer)
            .header("content-type", ctype)
            .body(body.clone())
            .send()
            .await;
        match sent {
            Ok(res) => break res,
            Err(e) if tries < 5 => eprintln!("send failed ({e}), again"),
            Err(e) => panic!("upload {name}: {e}"),
        }
    };
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

fn files_in(dir: &std::path::Path) -> usize {
    fn walk(d: &std::path::Path) -> usize {
        std::fs::read_dir(d)
            .map(|rd| {
                rd.flatten()
                    .map(|e| {
                        if e.path().is_dir() {
                            walk(&e.path())
                        } else {
                            1
                        }
                    })
                    .sum()
            })
            .unwrap_or(0)
    }
    walk(dir)
}

async fn images_get_variants_and_srcset(backend: Backend) {
    let app = TestApp::start(backend).await;
    make_user(&app, "autorin", Role::Author).await;
    make_user(&app, "gast", Role::Contributor).await;
    let author = token(&app, "autorin", Scope::Write).await;
    let (status, media) = upload(
        &app,
        &author,
        "Strand%20Foto.png",
        "image/png",
        png(1600, 900),
    )
    .await;
    assert_eq!(status, 201, "{media}");
    assert_eq!(
        (media["width"].as_u64(), media["height"].as_u64()),
        (Some(1600), Some(900))
    );
    let widths: Vec<_> = media["variants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["width"].as_u64().unwrap())
        .collect();
    assert_eq!(widths, vec![320, 768, 1280]);
    assert_eq!(media["mime"], "image/png");
    assert_eq!(media["uploaded_by"], "autorin");
    let original = app
        .client
        .get(media["url"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(original.status(), 200);
    assert_eq!(original.headers()["content-type"], "image/png");
    assert_eq!(original.headers()["x-content-type-options"], "nosniff");
    assert_eq!(
        original.bytes().await.unwrap().len() as u64,
        media["size"].as_u64().unwrap()
    );
    let small = app
        .client
        .get(media["variants"][0]["url"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(small.headers()["content-type"], "image/webp");
    let decoded = image::load_from_memory(&small.bytes().await.unwrap()).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (320, 180));

    // Inserted into a post, the image gets srcset, width and height.
    let (status, _, post) = call(
        &app,
        reqwest::Method::POST,
        "/api/v1/posts",
        &author,
        Some(json!({"title": "Am Strand", "status": "published", "source": format!("Schön:\n\n{}\n", media["markdown"].as_str().unwrap())})),
    )
    .await;
    assert_eq!(status, 201, "{post}");
    let html = post["html"].as_str().unwrap();
    assert!(html.contains("srcset=\"/media/"), "{html}");
    assert!(
        html.contains(" 320w, ") && html.contains(" 1600w\""),
        "{html}"
    );
    assert!(html.contains("width=\"1600\" height=\"900\""), "{html}");
    let page = app
        .client
        .get(post["url"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert!(page.text().await.unwrap().contains("768w"));

    // A second file of the same name gets its own path.
    let (_, again) = upload(
        &app,
        &author,
        "Strand%20Foto.png",
        "image/png",
        png(200, 100),
    )
    .await;
    assert_ne!(again["url"], media["url"]);
    assert_eq!(
        again["variants"].as_array().unwrap().len(),
        0,
        "smaller than every variant"
    );

    // Contributors may not upload; read tokens may not either.
    let guest = token(&app, "gast", Scope::Write).await;
    assert_eq!(
        upload(&app, &guest, "x.png", "image/png", png(10, 10))
            .await
            .0,
        403
    );
    let reader = token(&app, "autorin", Scope::Read).await;
    assert_eq!(
        upload(&app, &reader, "x.png", "image/png", png(10, 10))
            .await
            .0,
        403
    );

    // Deleting removes row and files.
    let id = media["id"].as_i64().unwrap();
    let (status, _, _) = call(
        &app,
        reqwest::Method::DELETE,
        &format!("/api/v1/media/{id}"),
        &author,
        None,
    )
    .await;
    assert_eq!(status, 204);
    assert_eq!(
        app.client
            .get(media["url"].as_str().unwrap())
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    assert_eq!(
        app.client
            .get(media["variants"][2]["url"].as_str().unwrap())
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    app.stop().await;
}

async fn lying_or_oversized_uploads_store_nothing(backend: Backend) {
    let app = TestApp::start(backend).await;
    make_user(&app, "autorin", Role::Author).await;
    let t = token(&app, "autorin", Scope::Write).await;
    let before = files_in(app.media_dir.path());
    let cases: Vec<(&str, &str, Vec<u8>, u16)> = vec![
        ("foto.jpg", "image/jpeg", png(50, 50), 415),
        (
            "bild.png",
            "image/png",
            b"<html><script>alert(1)</script></html>".to_vec(),
            415,
        ),
        ("leer.png", "image/png", Vec::new(), 422),
        ("kaputt.png", "image/png", png(50, 50)[..60].to_vec(), 422),
        ("gross.png", "image/png", vec![0u8; 11 * 1024 * 1024], 413),
    ];
    for (name, ctype, body, want) in cases {
        let (status, problem) = upload(&app, &t, name, ctype, body).await;
        assert_eq!(status, want, "{name}: {problem}");
        if status != 413 || !problem.is_null() {
            assert_eq!(problem["status"], want, "{name}: {problem}");
        }
    }
    assert_eq!(files_in(app.media_dir.path()), before, "no file written");
    assert_eq!(
        app.store.media_list(10, 0).await.unwrap().1,
        0,
        "no row written"
    );
    // Paths outside the store are not found, never served.
    for path in [
        "/media/../beitrag.db",
        "/media/%2e%2e/x",
        "/media/2026/11/nichts.png",
        "/media/.hidden",
    ] {
        assert_eq!(app.get(path).await.status(), 404, "{path}");
    }
    app.stop().await;
}

async fn scheduled_posts_are_published_once_at_their_time(backend: Backend) {
    let app = TestApp::start_with(
        backend,
        Options {
            cache_ttl: 300,
            ..Options::default()
        },
    )
    .await;
    make_user(&app, "chefin", Role::Editor).await;
    let t = token(&app, "chefin", Scope::Write).await;
    let at = chrono::Utc::now() + chrono::Duration::seconds(2);
    let (status, _, post) = call(
        &app,
        reqwest::Method::POST,
        "/api/v1/posts",
        &t,
        Some(json!({"title": "Pünktlich", "status": "published", "published_at": at.to_rfc3339()})),
    )
    .await;
    assert_eq!((status, post["status"].as_str()), (201, Some("scheduled")));
    // The home page is cached for five minutes, yet the post shows up on
    // time: publishing invalidates the cache.
    assert!(
        !app.get("/")
            .await
            .text()
            .await
            .unwrap()
            .contains("Pünktlich")
    );
    let path = format!("/api/v1/posts/{}", post["id"]);
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let (_, _, now) = call(&app, reqwest::Method::GET, &path, &t, None).await;
        if now["status"] == "published" {
            break;
        }
        assert!(Instant::now() < deadline, "never published: {now}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(
        app.get("/")
            .await
            .text()
            .await
            .unwrap()
            .contains("Pünktlich")
    );
    // A second run finds nothing to do.
    let id = beitrag_core::model::PostId(post["id"].as_i64().unwrap());
    assert!(
        !app.store
            .publish_scheduled(id, chrono::Utc::now())
            .await
            .unwrap()
    );
    app.stop().await;
}

async fn media_is_streamed_with_ranges_and_validators(backend: Backend) {
    let app = TestApp::start(backend).await;
    make_user(&app, "autorin", Role::Author).await;
    let author = token(&app, "autorin", Scope::Write).await;
    let bytes = png(300, 200);
    let (status, media) = upload(&app, &author, "bild.png", "image/png", bytes.clone()).await;
    assert_eq!(status, 201);
    let url = media["url"].as_str().unwrap().to_owned();
    let get = |range: Option<&str>, etag: Option<&str>| {
        let mut req = app.client.get(&url);
        if let Some(r) = range {
            req = req.header("range", r);
        }
        if let Some(e) = etag {
            req = req.header("if-none-match", e);
        }
        req.send()
    };
    let full = get(None, None).await.unwrap();
    assert_eq!(full.status(), 200);
    assert_eq!(full.headers()["accept-ranges"], "bytes");
    assert!(full.headers().contains_key("last-modified"));
    let etag = full.headers()["etag"].to_str().unwrap().to_owned();
    assert_eq!(full.bytes().await.unwrap().as_ref(), bytes.as_slice());

    let part = get(Some("bytes=10-19"), None).await.unwrap();
    assert_eq!(part.status(), 206);
    assert_eq!(
        part.headers()["content-range"],
        format!("bytes 10-19/{}", bytes.len()).as_str()
    );
    assert_eq!(part.bytes().await.unwrap().as_ref(), &bytes[10..20]);
    let tail = get(Some("bytes=-5"), None).await.unwrap();
    assert_eq!(tail.status(), 206);
    assert_eq!(
        tail.bytes().await.unwrap().as_ref(),
        &bytes[bytes.len() - 5..]
    );
    let open = get(Some("bytes=100-"), None).await.unwrap();
    assert_eq!(open.bytes().await.unwrap().as_ref(), &bytes[100..]);
    let beyond = get(Some(&format!("bytes={}-", bytes.len() + 10)), None)
        .await
        .unwrap();
    assert_eq!(beyond.status(), 416);
    assert_eq!(
        beyond.headers()["content-range"],
        format!("bytes */{}", bytes.len()).as_str()
    );
    // Several ranges or another unit: the whole object, as RFC 9110 allows.
    assert_eq!(
        get(Some("bytes=0-1,4-5"), None).await.unwrap().status(),
        200
    );
    assert_eq!(get(Some("lines=1-2"), None).await.unwrap().status(), 200);
    let cached = get(None, Some(&etag)).await.unwrap();
    assert_eq!(cached.status(), 304);
    assert!(cached.bytes().await.unwrap().is_empty());
    app.stop().await;
}

crate::on_both_backends!(
    media_is_streamed_with_ranges_and_validators,
    images_get_variants_and_srcset,
    lying_or_oversized_uploads_store_nothing,
    scheduled_posts_are_published_once_at_their_time,
);
