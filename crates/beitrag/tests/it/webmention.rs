//! Webmentions received and sent through the durable job queue, including
//! two blogs on loopback that link to each other.

use std::time::{Duration, Instant};

use crate::harness::save_posts;
use beitrag_core::model::{PostId, PostKind};
use beitrag_core::service::post::PostInput;

use crate::harness::{Backend, Options, TestApp, count, text};

const TARGET: &str = "/2011/02/fuenf-regeln-fuer-gute-moderation/";

fn loopback() -> Options {
    Options {
        cache_ttl: 0,
        allow_private: vec!["127.0.0.0/8".into()],
        ..Options::default()
    }
}

fn page(slug: &str, body: &str, id: Option<PostId>) -> PostInput {
    PostInput {
        id,
        ..crate::harness::published(
            PostKind::Page,
            slug,
            &format!("Seite {slug}"),
            body,
            "jonas",
        )
    }
}

async fn send(app: &TestApp, source: &str, target: &str) -> reqwest::Response {
    let body = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("source", source)
        .append_pair("target", target)
        .finish();
    app.client
        .post(app.url("/webmention"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap()
}

/// Polls a status URL until the worker has decided (bounded: 10 s).
async fn settle(app: &TestApp, status_url: &str) -> serde_json::Value {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let status: serde_json::Value = app
            .client
            .get(status_url)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        if status["status"] != "queued" || Instant::now() > deadline {
            return status;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn webmentions_are_verified_updated_and_deleted(backend: Backend) {
    let app = TestApp::start_with(backend, loopback()).await;
    crate::harness::moderate_nothing(&app).await;
    crate::harness::no_sidebar(&app).await;
    let doc = app.page(TARGET).await;
    assert_eq!(
        crate::harness::attr(&doc, r#"link[rel="webmention"]"#, "href"),
        app.url("/webmention")
    );
    let link = app.get(TARGET).await.headers()["link"]
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        link,
        format!("<{}>; rel=\"webmention\"", app.url("/webmention"))
    );

    let target = app.url(TARGET);
    // Written by the administrator, whose raw HTML (microformats classes) is kept.
    let body = format!(
        "<div class=\"h-entry\"><p class=\"p-author h-card\">Lena Vogel</p>\n<div class=\"e-content\">Ich stimme zu: <a href=\"{target}\">Regeln</a>.</div></div>"
    );
    let ids = save_posts(
        &app.core,
        vec![PostInput {
            author: "admin".into(),
            ..page("erwaehnung", &body, None)
        }],
    )
    .await
    .unwrap();
    let source = app.url("/erwaehnung/");
    let res = send(&app, &source, &target).await;
    assert_eq!(res.status(), 202);
    let status_url = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        status_url.starts_with(&app.url("/webmention/status/")),
        "{status_url}"
    );
    let status = settle(&app, &status_url).await;
    assert_eq!(status["status"], "accepted", "{status}");
    let doc = app.page(TARGET).await;
    assert_eq!(text(&doc, "#trackbacks h2"), "Trackbacks (1)");
    assert!(
        text(&doc, ".trackback-list").contains("Lena Vogel")
            && text(&doc, ".trackback-list").contains("Webmention von"),
        "{}",
        text(&doc, ".trackback-list")
    );

    // The source drops its link: the mention goes.
    save_posts(
        &app.core,
        vec![PostInput {
            author: "admin".into(),
            ..page("erwaehnung", "Kein Link mehr.", Some(ids[0]))
        }],
    )
    .await
    .unwrap();
    let res = send(&app, &source, &target).await;
    assert_eq!(res.status(), 202);
    let status = settle(&app, res.headers()["location"].to_str().unwrap()).await;
    assert_eq!(status["status"], "rejected", "{status}");
    assert_eq!(status["detail"], "the source does not link to the target");
    assert_eq!(count(&app.page(TARGET).await, ".trackback-list li"), 0);

    for (s, t) in [
        (source.as_str(), source.as_str()),
        (source.as_str(), "https://elsewhere.example/post/"),
        (source.as_str(), &*app.url("/2011/02/gibt-es-nicht/")),
        ("ftp://x.example/", target.as_str()),
        (
            source.as_str(),
            &*app.url("/2011/01/social-media-wird-so-normal-wie-das-telefon/"),
        ),
    ] {
        assert_eq!(send(&app, s, t).await.status(), 400, "{s} -> {t}");
    }
    let res = app
        .client
        .post(app.url("/webmention"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("source=x")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    assert_eq!(app.get("/webmention/status/999999").await.status(), 404);
    app.stop().await;
}

async fn two_blogs_mention_each_other(backend: Backend) {
    let a = TestApp::start_with(backend, loopback()).await;
    let b = TestApp::start_with(backend, loopback()).await;
    crate::harness::moderate_nothing(&a).await;
    crate::harness::moderate_nothing(&b).await;
    let dir = tempfile::tempdir().unwrap();
    for (from, to, slug) in [(&a, &b, "gruss-an-b"), (&b, &a, "antwort-an-a")] {
        let file = dir.path().join(format!("{slug}.md"));
        std::fs::write(
            &file,
            format!(
                "+++\ntitle = \"Gruß {slug}\"\nslug = \"{slug}\"\ndate = 2020-03-01T10:00:00+01:00\nauthor = \"anna\"\n+++\nSiehe den [Artikel drüben]({}).\n",
                to.url(TARGET)
            ),
        )
        .unwrap();
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_beitrag"))
            .args([
                "--database",
                &from.db.url,
                "post",
                "import",
                "--send-linkbacks",
                file.to_str().unwrap(),
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(String::from_utf8_lossy(&out.stdout).contains("queued linkbacks for 1 posts"));
    }
    // Each blog's worker sends; the other verifies. Bounded wait.
    let deadline = Instant::now() + Duration::from_secs(15);
    let mentioned = |doc: &scraper::Html| count(doc, ".trackback-list li");
    loop {
        let (da, db) = (a.page(TARGET).await, b.page(TARGET).await);
        if mentioned(&da) == 1 && mentioned(&db) == 1 {
            assert!(
                text(&db, ".trackback-list a").contains("gruss-an-b")
                    || text(&db, ".trackback-list").contains("Gruß"),
                "{}",
                text(&db, ".trackback-list")
            );
            assert!(
                text(&da, ".trackback-list").contains("Gruß antwort-an-a"),
                "{}",
                text(&da, ".trackback-list")
            );
            break;
        }
        assert!(
            Instant::now() < deadline,
            "mentions did not arrive: A {} B {}",
            mentioned(&da),
            mentioned(&db)
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    a.stop().await;
    b.stop().await;
}

/// The text of a page's linkback list; empty when there is none yet.
fn listed(doc: &scraper::Html) -> String {
    let sel = scraper::Selector::parse(".trackback-list").unwrap();
    doc.select(&sel).flat_map(|e| e.text()).collect()
}

/// Blog B switches Webmentions off, so A's link reaches it as a Pingback;
/// A's post also lists B's TrackBack URL explicitly. Then the reverse: B
/// pings A, which still takes Webmentions.
async fn blogs_exchange_pingbacks_and_trackbacks(backend: Backend) {
    let a = TestApp::start_with(backend, loopback()).await;
    let b = TestApp::start_with(backend, loopback()).await;
    crate::harness::moderate_nothing(&a).await;
    crate::harness::moderate_nothing(&b).await;
    beitrag_core::service::settings::set(
        &b.core,
        &beitrag_core::Actor::Operator,
        "webmention_status",
        "closed",
    )
    .await
    .unwrap();
    let res = b.get(TARGET).await;
    assert!(res.headers().get("x-pingback").is_some());
    let links: Vec<_> = res.headers().get_all("link").iter().collect();
    assert!(
        links
            .iter()
            .all(|l| !l.to_str().unwrap().contains("webmention")),
        "{links:?}"
    );
    assert!(!res.text().await.unwrap().contains("rel=\"webmention\""));
    assert_eq!(send(&b, &a.url(TARGET), &b.url(TARGET)).await.status(), 404);

    let dir = tempfile::tempdir().unwrap();
    let closed = "/2011/01/social-media-wird-so-normal-wie-das-telefon/";
    let file = dir.path().join("an-b.md");
    std::fs::write(
        &file,
        format!(
            "+++\ntitle = \"Pingback an B\"\nslug = \"an-b\"\ndate = 2020-03-01T10:00:00+01:00\n\
             author = \"anna\"\ntrackbacks = [\"{}trackback/\", \"{}trackback/\"]\n+++\n\
             Siehe den [Artikel drüben]({}).\n",
            b.url("/2011/02/trackbacks-wenn-blogs-miteinander-sprechen/"),
            b.url(closed),
            b.url(TARGET)
        ),
    )
    .unwrap();
    let import = |db: &str, file: &std::path::Path| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_beitrag"))
            .args(["--database", db, "post", "import", "--send-linkbacks"])
            .arg(file)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    import(&a.db.url, &file);
    let exported = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_beitrag"))
        .args(["--database", &a.db.url, "post", "export"])
        .arg(exported.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    let text_of = std::fs::read_to_string(exported.path().join("posts/an-b.md")).unwrap();
    assert!(text_of.contains("trackbacks = ["), "{text_of}");

    // B answers the Pingback (fault-free) and the first TrackBack; the
    // second TrackBack goes to a post whose pings are closed and is refused
    // for good (the job gives up instead of retrying).
    let trackback_target = "/2011/02/trackbacks-wenn-blogs-miteinander-sprechen/";
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let (pinged, tracked) = (b.page(TARGET).await, b.page(trackback_target).await);
        let got_ping = listed(&pinged).contains("Pingback an B");
        let got_trackback = listed(&tracked).contains("Pingback an B");
        if got_ping && got_trackback {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "pingback {got_ping}, trackback {got_trackback}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let stored = crate::harness::all_comments(b.store.as_ref(), None, 100).await;
    let kinds: Vec<_> = stored
        .iter()
        .filter(|c| c.source_url.contains("/an-b/"))
        .map(|c| c.kind.as_str())
        .collect();
    assert_eq!(kinds.len(), 2, "{kinds:?}");
    assert!(kinds.contains(&"pingback") && kinds.contains(&"trackback"));
    assert_eq!(count(&b.page(closed).await, ".trackback-list li"), 0);

    // The reverse: B links to A, which takes Webmentions.
    let back = dir.path().join("an-a.md");
    std::fs::write(
        &back,
        format!(
            "+++\ntitle = \"Antwort an A\"\nslug = \"an-a\"\ndate = 2020-03-02T10:00:00+01:00\n\
             author = \"anna\"\n+++\nZurück zum [Artikel]({}).\n",
            a.url(TARGET)
        ),
    )
    .unwrap();
    import(&b.db.url, &back);
    let deadline = Instant::now() + Duration::from_secs(15);
    while !listed(&a.page(TARGET).await).contains("Antwort an A") {
        assert!(Instant::now() < deadline, "A never got B's Webmention");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let on_a = crate::harness::all_comments(a.store.as_ref(), None, 100).await;
    assert!(
        on_a.iter()
            .any(|c| c.kind.as_str() == "webmention" && c.source_url.contains("/an-a/"))
    );
    a.stop().await;
    b.stop().await;
}

/// A Pingback-only peer: Python's `xmlrpc.server` (an independent XML-RPC
/// implementation) serving one article that advertises a Pingback endpoint
/// and no Webmention endpoint, and printing every ping it receives.
const PINGBACK_PEER: &str = r#"
import sys
from xmlrpc.server import SimpleXMLRPCServer, SimpleXMLRPCRequestHandler
class Handler(SimpleXMLRPCRequestHandler):
    rpc_paths = ("/xmlrpc",)
    def do_GET(self):
        endpoint = "http://127.0.0.1:%d/xmlrpc" % self.server.server_address[1]
        body = ('<html><head><link rel="pingback" href="%s"></head><body>Artikel</body></html>' % endpoint).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass
server = SimpleXMLRPCServer(("127.0.0.1", 0), requestHandler=Handler, logRequests=False)
def ping(source, target):
    print("PING " + source + " " + target, flush=True)
    return "Pingback registered"
server.register_function(ping, "pingback.ping")
print("PORT %d" % server.server_address[1], flush=True)
server.serve_forever()
"#;

async fn pingbacks_are_sent_where_no_webmention_endpoint_exists(backend: Backend) {
    use std::io::BufRead;
    let mut peer = std::process::Command::new("python3")
        .args(["-c", PINGBACK_PEER])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("python3 runs");
    let (tx, rx) = std::sync::mpsc::channel::<String>();
    let stdout = peer.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
        {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let port_line = rx
        .recv_timeout(Duration::from_secs(10))
        .expect("peer started");
    let port: u16 = port_line.trim_start_matches("PORT ").parse().unwrap();
    let article = format!("http://127.0.0.1:{port}/artikel");

    let app = TestApp::start_with(backend, loopback()).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("verweis.md");
    std::fs::write(
        &file,
        format!("+++\ntitle = \"Verweis\"\ndate = 2020-03-01T10:00:00+01:00\n+++\nLesenswert: [Artikel]({article}).\n"),
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_beitrag"))
        .args([
            "--database",
            &app.db.url,
            "post",
            "import",
            "--send-linkbacks",
            file.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ping = rx
        .recv_timeout(Duration::from_secs(15))
        .expect("the peer received a pingback");
    assert_eq!(
        ping,
        format!("PING {} {article}", app.url("/2020/03/verweis/"))
    );
    let _ = peer.kill();
    let _ = peer.wait();
    app.stop().await;
}

async fn refused_sources_are_reported_without_their_addresses(backend: Backend) {
    // No allow-list: loopback and link-local sources are refused by the
    // worker, and the public status says so without naming the address.
    let app = TestApp::start(backend).await;
    let target = app.url(TARGET);
    for source in [
        "http://localhost:9/quelle",
        "http://169.254.169.254/latest/",
    ] {
        let res = send(&app, source, &target).await;
        assert_eq!(res.status(), 202, "{source}");
        let status = settle(&app, res.headers()["location"].to_str().unwrap()).await;
        assert_eq!(status["status"], "rejected", "{status}");
        assert_eq!(
            status["detail"], "the source cannot be fetched: the host is not allowed",
            "{status}"
        );
        let body = status.to_string();
        for detail in ["127.0.0.1", "::1", "loopback", "link-local"] {
            assert!(!body.contains(detail), "{body}");
        }
    }
    app.stop().await;
}

crate::on_both_backends!(
    refused_sources_are_reported_without_their_addresses,
    webmentions_are_verified_updated_and_deleted,
    two_blogs_mention_each_other,
    pingbacks_are_sent_where_no_webmention_endpoint_exists,
    blogs_exchange_pingbacks_and_trackbacks,
);
