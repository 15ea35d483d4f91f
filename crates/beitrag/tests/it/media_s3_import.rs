//! `beitrag import wordpress --fetch-media` into an S3 bucket (moto on
//! loopback): the command opens the store the server uses, with its keys
//! from the standard `AWS_*` environment variables, and the server then
//! serves the copied attachment from the bucket.

use std::process::Command;

use beitrag_core::model::PostKind;

use crate::harness::Backend;
use crate::harness::TestApp;
use crate::media_s3::{Moto, key_of, sha256};
use crate::wordpress_media::{export, png, serve};

async fn imported_attachments_go_to_the_bucket(backend: Backend) {
    let Some(moto) = Moto::start().await else {
        return;
    };
    let bucket = moto.bucket();
    let app = TestApp::start_with(
        backend,
        crate::harness::Options {
            demo: false,
            cache_ttl: 0,
            media: Some(moto.media(&bucket)),
            ..crate::harness::Options::default()
        },
    )
    .await;
    let files = tempfile::tempdir().unwrap();
    let uploads = files.path().join("wp-content/uploads/2011/01");
    std::fs::create_dir_all(&uploads).unwrap();
    std::fs::write(uploads.join("bild.png"), png()).unwrap();
    let server = serve(files.path());
    let work = tempfile::tempdir().unwrap();
    let wxr = work.path().join("export.xml");
    std::fs::write(&wxr, export(&format!("http://127.0.0.1:{}", server.port))).unwrap();
    let config = work.path().join("beitrag.toml");
    // No keys in the file: the command takes them from the environment.
    std::fs::write(
        &config,
        format!(
            "[outbound]\nallow_private = [\"127.0.0.1/32\"]\n[media]\nstore = \"s3\"\n\
             bucket = {bucket:?}\nregion = \"us-east-1\"\nendpoint = {:?}\nallow_http = true\n",
            moto.endpoint
        ),
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_beitrag"))
        .args(["--database", &app.db.url, "--config"])
        .arg(&config)
        .args(["import", "wordpress", "--fetch-media"])
        .arg(&wxr)
        .env("AWS_ACCESS_KEY_ID", "AKIAIMPORT")
        .env("AWS_SECRET_ACCESS_KEY", "import-secret")
        .output()
        .expect("run beitrag");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("media: 1 attachments stored here"),
        "{stdout}"
    );

    // `check` asks the same bucket.
    let check = Command::new(env!("CARGO_BIN_EXE_beitrag"))
        .args(["--database", &app.db.url, "--config"])
        .arg(&config)
        .arg("check")
        .env("AWS_ACCESS_KEY_ID", "AKIAIMPORT")
        .env("AWS_SECRET_ACCESS_KEY", "import-secret")
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&check.stdout).into_owned();
    assert!(check.status.success(), "{said}");
    assert!(said.contains("media: ok (s3)"), "{said}");

    let post = app
        .store
        .post_by_slug(PostKind::Post, "mit-bild")
        .await
        .unwrap()
        .unwrap();
    let src = post
        .html
        .split("src=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_owned();
    assert!(src.starts_with("/media/"), "{}", post.html);
    let objects = moto.objects(&bucket);
    let object = &objects[&key_of(&src)];
    assert_eq!(object.sha256, sha256(&png()), "{objects:?}");
    assert_eq!(object.content_type, "image/png");
    assert_eq!(
        objects.len(),
        1,
        "a 40 px picture has no variants: {objects:?}"
    );
    let res = app.get(&src).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.bytes().await.unwrap().as_ref(), png().as_slice());
    app.stop().await;
}

crate::on_both_backends!(imported_attachments_go_to_the_bucket);
