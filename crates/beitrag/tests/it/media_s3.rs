//! `[media] store = "s3"` against a real S3-compatible server on loopback
//! (moto's server mode, installed by the test command), checked from the
//! outside with boto3 (`tests/peers/s3/bucket.py`): uploads and their
//! variants land in the bucket with their types, are served byte for byte
//! (ranges too), deletions remove the objects, the site icon is kept there
//! as well, and a restarted server on the same bucket and database serves
//! everything again.

use std::collections::BTreeMap;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use beitrag::config::{MediaConfig, MediaStoreKind, Secret};
use beitrag_core::model::{Role, Scope};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::api_media::{png, upload};
use crate::api_posts::call;
use crate::harness::{Backend, Options, TestApp};
use crate::session::{Admin, make_user, multipart, token};

/// moto's S3 server on a free loopback port, stopped on drop.
pub struct Moto {
    pub endpoint: String,
    child: Child,
}

/// One object as boto3 sees it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct Object {
    pub size: u64,
    #[serde(rename = "type")]
    pub content_type: String,
    pub sha256: String,
}

impl Moto {
    /// Starts moto; `None` (skip) when it is missing outside CI, a failure
    /// under `CI=true`.
    pub async fn start() -> Option<Self> {
        let present = Command::new("python3")
            .args(["-c", "import moto.server, boto3"])
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !present {
            if std::env::var("CI").as_deref() == Ok("true") {
                panic!(
                    "CI=true but moto is missing: scripts/test installs it (pip install 'moto[server]')"
                );
            }
            eprintln!("skipping S3 test: moto is missing (pip install 'moto[server]')");
            return None;
        }
        let port = free_port();
        let child = Command::new("python3")
            .args([
                "-m",
                "moto.server",
                "-H",
                "127.0.0.1",
                "-p",
                &port.to_string(),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start moto");
        let deadline = Instant::now() + Duration::from_secs(20);
        while tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_err()
        {
            assert!(Instant::now() < deadline, "moto did not start");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Some(Self {
            endpoint: format!("http://127.0.0.1:{port}"),
            child,
        })
    }

    fn peer(&self, command: &str, bucket: &str) -> String {
        let script =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/peers/s3/bucket.py");
        let out = Command::new("python3")
            .arg(script)
            .args([&self.endpoint, command, bucket])
            .output()
            .expect("run the boto3 peer");
        assert!(
            out.status.success(),
            "bucket.py {command}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// A new, empty bucket of a unique name.
    pub fn bucket(&self) -> String {
        let name = format!("beitrag-{}", rand::random::<u32>());
        self.peer("create", &name);
        name
    }

    /// Every object of `bucket`, by key, read with boto3.
    pub fn objects(&self, bucket: &str) -> BTreeMap<String, Object> {
        serde_json::from_str(&self.peer("list", bucket)).unwrap()
    }

    /// `[media]` for `bucket` on this server, keys in the configuration.
    pub fn media(&self, bucket: &str) -> MediaConfig {
        MediaConfig {
            store: MediaStoreKind::S3,
            bucket: bucket.into(),
            region: "us-east-1".into(),
            endpoint: self.endpoint.clone(),
            allow_http: true,
            access_key_id: "AKIATEST".into(),
            secret_access_key: Secret("test-secret".into()),
            ..MediaConfig::default()
        }
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The object key behind a `/media/…` URL.
pub fn key_of(url: &str) -> String {
    url.split("/media/").nth(1).unwrap().to_owned()
}

pub fn options(media: MediaConfig) -> Options {
    Options {
        demo: false,
        cache_ttl: 0,
        media: Some(media),
        ..Options::default()
    }
}

/// Every key of an upload: the original, then its variants.
fn keys(media: &Value) -> Vec<String> {
    std::iter::once(key_of(media["url"].as_str().unwrap()))
        .chain(
            media["variants"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| key_of(v["url"].as_str().unwrap())),
        )
        .collect()
}

/// GET the path of `url` on `app` (a restarted server listens on another
/// port than the one its stored base URL names).
async fn fetch(app: &TestApp, url: &str, range: Option<&str>) -> reqwest::Response {
    let rest = url.strip_prefix("http://").unwrap();
    let path = &rest[rest.find('/').unwrap()..];
    let mut req = app.client.get(app.url(path));
    if let Some(r) = range {
        req = req.header("range", r);
    }
    req.send().await.unwrap()
}

/// The original and every variant are served exactly as the bucket holds them.
async fn served_as_stored(app: &TestApp, media: &Value, bytes: &[u8], moto: &Moto, bucket: &str) {
    let objects = moto.objects(bucket);
    let url = media["url"].as_str().unwrap();
    let full = fetch(app, url, None).await;
    assert_eq!(full.status(), 200);
    assert_eq!(full.headers()["content-type"], "image/png");
    assert_eq!(full.bytes().await.unwrap().as_ref(), bytes);
    let part = fetch(app, url, Some("bytes=10-19")).await;
    assert_eq!(part.status(), 206);
    assert_eq!(
        part.headers()["content-range"],
        format!("bytes 10-19/{}", bytes.len()).as_str()
    );
    assert_eq!(part.bytes().await.unwrap().as_ref(), &bytes[10..20]);
    for variant in media["variants"].as_array().unwrap() {
        let url = variant["url"].as_str().unwrap();
        let res = fetch(app, url, None).await;
        assert_eq!(res.status(), 200, "{url}");
        assert_eq!(res.headers()["content-type"], "image/webp");
        let body = res.bytes().await.unwrap();
        assert_eq!(sha256(&body), objects[&key_of(url)].sha256, "{url}");
        let decoded = image::load_from_memory(&body).unwrap();
        assert_eq!(Some(u64::from(decoded.width())), variant["width"].as_u64());
    }
}

async fn uploads_live_in_the_bucket_and_survive_a_restart(backend: Backend) {
    let Some(moto) = Moto::start().await else {
        return;
    };
    let bucket = moto.bucket();
    let app = TestApp::start_with(backend, options(moto.media(&bucket))).await;
    let ready = app.get("/readyz").await;
    assert_eq!(ready.status(), 200, "{}", ready.text().await.unwrap());
    make_user(&app, "autorin", Role::Author).await;
    let author = token(&app, "autorin", Scope::Write).await;

    let kept_bytes = png(1600, 900);
    let (status, kept) = upload(&app, &author, "Strand.png", "image/png", kept_bytes.clone()).await;
    assert_eq!(status, 201, "{kept}");
    let (status, gone) = upload(&app, &author, "weg.png", "image/png", png(800, 400)).await;
    assert_eq!(status, 201, "{gone}");

    // In the bucket, as another client sees it: the original with its
    // bytes and type, and one WebP per variant width.
    let objects = moto.objects(&bucket);
    let kept_keys = keys(&kept);
    assert_eq!(kept_keys.len(), 4, "{kept}");
    assert_eq!(objects.len(), 4 + keys(&gone).len(), "{objects:?}");
    let original = &objects[&kept_keys[0]];
    assert_eq!(original.sha256, sha256(&kept_bytes));
    assert_eq!(original.content_type, "image/png");
    for key in &kept_keys[1..] {
        assert_eq!(objects[key].content_type, "image/webp", "{key}");
    }
    served_as_stored(&app, &kept, &kept_bytes, &moto, &bucket).await;

    // Deleting an upload removes its objects from the bucket.
    let (status, _, _) = call(
        &app,
        reqwest::Method::DELETE,
        &format!("/api/v1/media/{}", gone["id"]),
        &author,
        None,
    )
    .await;
    assert_eq!(status, 204);
    let left: Vec<String> = moto.objects(&bucket).into_keys().collect();
    let mut expected = kept_keys.clone();
    expected.sort();
    assert_eq!(left, expected);
    assert_eq!(
        app.get(&format!("/media/{}", keys(&gone)[0]))
            .await
            .status(),
        404
    );

    let (status, _, post) = call(
        &app,
        reqwest::Method::POST,
        "/api/v1/posts",
        &author,
        Some(json!({"title": "Am Strand", "status": "published",
            "source": format!("Schön:\n\n{}\n", kept["markdown"].as_str().unwrap())})),
    )
    .await;
    assert_eq!(status, 201, "{post}");

    // The site icon's files go to the bucket too.
    let admin = Admin::admin(&app).await;
    let form = multipart(&admin.csrf, "icon.png", "image/png", &png(400, 300));
    let res = admin.post_multipart("/admin/settings/icon", form).await;
    assert_eq!(res.status(), 303);
    let icons: BTreeMap<String, Object> = moto
        .objects(&bucket)
        .into_iter()
        .filter(|(k, _)| k.starts_with("site-icon/"))
        .collect();
    let favicon = icons
        .iter()
        .find(|(k, _)| k.ends_with("/favicon.ico"))
        .map(|(_, o)| o.sha256.clone())
        .unwrap_or_else(|| panic!("{icons:?}"));

    // A new process on the same database and bucket serves it all again.
    let app = app.restart(options(moto.media(&bucket))).await;
    served_as_stored(&app, &kept, &kept_bytes, &moto, &bucket).await;
    let res = app.get("/favicon.ico").await;
    assert_eq!(res.status(), 200);
    assert_eq!(sha256(&res.bytes().await.unwrap()), favicon);
    let page = fetch(&app, post["url"].as_str().unwrap(), None).await;
    let html = page.text().await.unwrap();
    assert!(
        html.contains(&format!("/media/{} 768w", kept_keys[2])),
        "{html}"
    );

    // And deletes from the bucket after the restart too.
    let author = token(&app, "autorin", Scope::Write).await;
    let (status, _, _) = call(
        &app,
        reqwest::Method::DELETE,
        &format!("/api/v1/media/{}", kept["id"]),
        &author,
        None,
    )
    .await;
    assert_eq!(status, 204);
    let left: Vec<String> = moto.objects(&bucket).into_keys().collect();
    assert_eq!(left, icons.into_keys().collect::<Vec<_>>(), "only the icon");
    assert_eq!(
        app.get(&format!("/media/{}", kept_keys[0])).await.status(),
        404
    );
    app.stop().await;
}

crate::on_both_backends!(uploads_live_in_the_bucket_and_survive_a_restart);
