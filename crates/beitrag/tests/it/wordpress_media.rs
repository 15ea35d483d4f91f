//! `beitrag import wordpress --fetch-media`: attachments downloaded from a
//! real HTTP server on loopback (Python's `http.server`) through the
//! SSRF-safe client, stored as uploads, linked from the posts, and their
//! old addresses redirected; refused and missing files are reported, and a
//! second run fetches nothing again.

use std::process::{Child, Command, Stdio};

use beitrag_core::model::PostKind;

use crate::harness::{Backend, Options, TestApp};

pub(crate) struct FileServer {
    child: Child,
    pub(crate) port: u16,
}

impl Drop for FileServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub(crate) fn serve(dir: &std::path::Path) -> FileServer {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new("python3")
        .args([
            "-m",
            "http.server",
            &port.to_string(),
            "--bind",
            "127.0.0.1",
            "--directory",
        ])
        .arg(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("python3 (the test command installs it)");
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    FileServer { child, port }
}

pub(crate) fn png() -> Vec<u8> {
    let img = image::RgbImage::from_fn(40, 30, |x, y| {
        image::Rgb([(x * 6) as u8, (y * 8) as u8, 90])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

pub(crate) fn export(base: &str) -> String {
    let item = |body: &str| format!("<item>{body}</item>\n");
    format!(
        r#"<?xml version="1.0"?>
<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><link>{base}</link><wp:wxr_version>1.2</wp:wxr_version><wp:base_blog_url>{base}</wp:base_blog_url>
{post}{photo}{missing}{private}</channel></rss>
"#,
        post = item(&format!(
            "<title>Mit Bild</title><link>{base}/2011/01/26/mit-bild/</link><wp:post_id>5</wp:post_id>\
             <wp:post_name>mit-bild</wp:post_name><wp:post_type>post</wp:post_type><wp:status>publish</wp:status>\
             <wp:post_date_gmt>2011-01-26 09:00:00</wp:post_date_gmt>\
             <content:encoded><![CDATA[<p><img src=\"{base}/wp-content/uploads/2011/01/bild-300x200.png\" alt=\"Bild\"></p>\n\n[gallery]]]></content:encoded>"
        )),
        photo = item(&format!(
            "<title>bild</title><wp:post_id>10</wp:post_id><wp:post_parent>5</wp:post_parent><wp:post_type>attachment</wp:post_type>\
             <wp:status>inherit</wp:status><wp:attachment_url>{base}/wp-content/uploads/2011/01/bild.png</wp:attachment_url>"
        )),
        missing = item(&format!(
            "<title>weg</title><wp:post_id>11</wp:post_id><wp:post_type>attachment</wp:post_type>\
             <wp:attachment_url>{base}/wp-content/uploads/2011/01/weg.png</wp:attachment_url>"
        )),
        private = item(
            "<title>intern</title><wp:post_id>12</wp:post_id><wp:post_type>attachment</wp:post_type>\
             <wp:attachment_url>http://10.1.2.3/wp-content/uploads/intern.png</wp:attachment_url>"
        ),
    )
}

async fn fetches_attachments_and_points_posts_at_the_copies(backend: Backend) {
    let app = TestApp::start_with(
        backend,
        Options {
            demo: false,
            cache_ttl: 0,
            ..Options::default()
        },
    )
    .await;
    let files = tempfile::tempdir().unwrap();
    let uploads = files.path().join("wp-content/uploads/2011/01");
    std::fs::create_dir_all(&uploads).unwrap();
    std::fs::write(uploads.join("bild.png"), png()).unwrap();
    let server = serve(files.path());
    let base = format!("http://127.0.0.1:{}", server.port);
    let work = tempfile::tempdir().unwrap();
    let wxr = work.path().join("export.xml");
    std::fs::write(&wxr, export(&base)).unwrap();
    let config = work.path().join("beitrag.toml");
    std::fs::write(
        &config,
        format!(
            "[outbound]\nallow_private = [\"127.0.0.1/32\"]\n[media]\ndir = {:?}\n",
            app.media_dir.path()
        ),
    )
    .unwrap();
    let run = || {
        Command::new(env!("CARGO_BIN_EXE_beitrag"))
            .args([
                "--database",
                &app.db.url,
                "--config",
                config.to_str().unwrap(),
            ])
            .args([
                "import",
                "wordpress",
                "--fetch-media",
                wxr.to_str().unwrap(),
            ])
            .output()
            .expect("run beitrag")
    };
    let out = run();
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
    assert!(
        stdout.contains("attachment 11") && stdout.contains("404"),
        "{stdout}"
    );
    assert!(stdout.contains("attachment 12"), "{stdout}");
    let refused = stdout
        .lines()
        .find(|l| l.contains("attachment 12"))
        .unwrap();
    assert!(!refused.contains("10.1.2.3:"), "{refused}");

    let post = app
        .store
        .post_by_slug(PostKind::Post, "mit-bild")
        .await
        .unwrap()
        .unwrap();
    assert!(!post.html.contains("wp-content"), "{}", post.html);
    let src = post
        .html
        .split("src=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    assert!(src.starts_with("/media/"), "{}", post.html);
    // The gallery without ids shows the post's own attachment.
    assert!(
        post.html.contains("wp-block-gallery"),
        "{}\n{}",
        post.html,
        post.source
    );
    let res = app.get(&src).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "image/png");
    for old in ["/wp-content/uploads/2011/01/bild.png", "/?attachment_id=10"] {
        let res = app.get(old).await;
        assert_eq!(res.status(), 301, "{old}");
        assert_eq!(res.headers()["location"].to_str().unwrap(), src, "{old}");
    }

    // A second run finds the file it stored: nothing is fetched again.
    drop(server);
    let out = run();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "{stdout}");
    assert!(
        stdout.contains("media: 1 attachments stored here"),
        "{stdout}"
    );
    assert!(stdout.contains("1 unchanged"), "{stdout}");
    app.stop().await;
}

crate::on_both_backends!(fetches_attachments_and_points_posts_at_the_copies);
