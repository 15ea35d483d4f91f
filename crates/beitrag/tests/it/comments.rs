//! The comment form end to end: moderation policy, a commenter's own
//! pending comments, every kind of bad input, flood limits, moderation from
//! the command line, and durability across SIGKILL.

use std::process::Command;

use beitrag_core::model::{CommentStatus, PostKind};

use crate::harness::{Backend, Options, TestApp, attr, count, text};

pub(crate) const OPEN_POST: &str = "/2011/02/fuenf-regeln-fuer-gute-moderation/";
const CLOSED_POST: &str = "/2011/01/social-media-wird-so-normal-wie-das-telefon/";

fn encode(fields: &[(&str, &str)]) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(fields)
        .finish()
}

/// The hidden fields of the comment form on `path`.
async fn form(app: &TestApp, path: &str) -> (String, String) {
    let doc = app.page(path).await;
    (
        attr(&doc, "input[name=comment_post_ID]", "value"),
        attr(&doc, "input[name=token]", "value"),
    )
}

async fn post_comment(
    app: &TestApp,
    path: &str,
    extra: &[(&str, &str)],
    cookie: Option<&str>,
) -> reqwest::Response {
    post_comment_via(app, path, extra, cookie, &[]).await
}

/// [`post_comment`] with more request headers (a proxy's).
pub(crate) async fn post_comment_via(
    app: &TestApp,
    path: &str,
    extra: &[(&str, &str)],
    cookie: Option<&str>,
    headers: &[(&str, &str)],
) -> reqwest::Response {
    let (post_id, token) = form(app, path).await;
    let mut fields: Vec<(&str, &str)> = vec![
        ("comment_post_ID", &post_id),
        ("token", &token),
        ("author", "Petra Schulz"),
        ("email", "petra.schulz@example.net"),
        ("url", ""),
        ("comment", "Ein hilfreicher Artikel, danke!"),
        ("website_url", ""),
    ];
    for (k, v) in extra {
        fields.retain(|(fk, _)| fk != k);
        fields.push((k, v));
    }
    let mut req = app
        .client
        .post(app.url("/comments/"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(encode(&fields));
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    req.send().await.unwrap()
}

async fn start(backend: Backend) -> TestApp {
    start_with(backend, Options::default()).await
}

pub(crate) async fn start_with(backend: Backend, options: Options) -> TestApp {
    let app = TestApp::start_with(
        backend,
        Options {
            cache_ttl: 0,
            ..options
        },
    )
    .await;
    beitrag_core::service::settings::set(
        &app.core,
        &beitrag_core::Actor::Operator,
        "comment_min_seconds",
        "0",
    )
    .await
    .unwrap();
    app
}

async fn comment_count(app: &TestApp) -> usize {
    crate::harness::all_comments(app.store.as_ref(), None, 1000)
        .await
        .len()
}

async fn first_comment_waits_and_its_author_sees_it(backend: Backend) {
    let app = start(backend).await;
    let doc = app.page(OPEN_POST).await;
    assert_eq!(count(&doc, "form.comment-form"), 1);
    assert_eq!(
        count(&doc, "form.comment-form input[name=website_url]"),
        1,
        "honeypot"
    );
    assert_eq!(count(&app.page(CLOSED_POST).await, "form.comment-form"), 0);

    let res = post_comment(
        &app,
        OPEN_POST,
        &[(
            "comment",
            "Siehe https://example.org/quelle und <script>alert(1)</script>",
        )],
        None,
    )
    .await;
    assert_eq!(res.status(), 303);
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        location.starts_with(&app.url(OPEN_POST)) && location.contains("#comment-"),
        "{location}"
    );
    let cookie = res.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let pending =
        crate::harness::all_comments(app.store.as_ref(), Some(CommentStatus::Pending), 10).await;
    assert_eq!(pending.len(), 1);
    let stored = &pending[0];
    assert!(
        stored.html.contains(r#"rel="nofollow ugc noopener""#),
        "{}",
        stored.html
    );
    assert!(!stored.html.contains("<script"), "{}", stored.html);

    // Its author sees it with a note; everybody else does not.
    let mine = app
        .client
        .get(app.url(OPEN_POST))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let mine = scraper::Html::parse_document(&mine);
    assert_eq!(
        text(&mine, ".comment.pending .awaiting-moderation"),
        "Ihr Kommentar wartet auf Freischaltung."
    );
    let public = app.page(OPEN_POST).await;
    assert_eq!(count(&public, ".comment.pending"), 0);
    assert_eq!(text(&public, "#comments h2"), "Kommentare (2)");

    // Approved from the command line, it counts; the next one is approved at once.
    let out = Command::new(env!("CARGO_BIN_EXE_beitrag"))
        .args([
            "--database",
            &app.db.url,
            "comments",
            "approve",
            &stored.id.0.to_string(),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        text(&app.page(OPEN_POST).await, "#comments h2"),
        "Kommentare (3)"
    );
    let res = post_comment(&app, OPEN_POST, &[("comment", "Noch ein Gedanke.")], None).await;
    assert_eq!(res.status(), 303);
    assert!(
        res.headers().get("set-cookie").is_none(),
        "approved comments need no cookie"
    );
    assert_eq!(
        text(&app.page(OPEN_POST).await, "#comments h2"),
        "Kommentare (4)"
    );

    // A reply threads under its parent.
    let parent = stored.id.0.to_string();
    let res = post_comment(
        &app,
        OPEN_POST,
        &[("comment", "Antwort darauf."), ("comment_parent", &parent)],
        None,
    )
    .await;
    assert_eq!(res.status(), 303);
    let doc = app.page(&format!("{OPEN_POST}?replytocom={parent}")).await;
    assert_eq!(attr(&doc, "input[name=comment_parent]", "value"), parent);
    assert!(text(&doc, "#respond-title").starts_with("Antwort an Petra Schulz"));
    app.stop().await;
}

async fn bad_input_is_answered_and_nothing_is_stored(backend: Backend) {
    let app = start(backend).await;
    let before = comment_count(&app).await;

    let res = post_comment(
        &app,
        OPEN_POST,
        &[("author", ""), ("comment", "Mein Text bleibt erhalten")],
        None,
    )
    .await;
    assert_eq!(res.status(), 422);
    let doc = scraper::Html::parse_document(&res.text().await.unwrap());
    assert_eq!(text(&doc, "textarea#comment"), "Mein Text bleibt erhalten");
    assert_eq!(attr(&doc, "input#author", "aria-invalid"), "true");
    assert_eq!(
        text(&doc, "#error-name"),
        "Bitte geben Sie Ihren Namen an (höchstens 100 Zeichen)."
    );

    // Every problem at once, each linked to its field, "too fast" included
    // (a form sent within the minimum seconds of being served).
    let min_seconds = |v: &'static str| {
        beitrag_core::service::settings::set(
            &app.core,
            &beitrag_core::Actor::Operator,
            "comment_min_seconds",
            v,
        )
    };
    min_seconds("60").await.unwrap();
    let res = post_comment(
        &app,
        OPEN_POST,
        &[
            ("author", ""),
            ("email", "keine-adresse"),
            ("url", "ftp://x"),
            ("comment", ""),
        ],
        None,
    )
    .await;
    assert_eq!(res.status(), 422);
    let doc = scraper::Html::parse_document(&res.text().await.unwrap());
    let summary: Vec<(String, String)> = doc
        .select(&scraper::Selector::parse(".form-errors[role=alert] li a").unwrap())
        .map(|a| {
            (
                a.value().attr("href").unwrap().to_owned(),
                a.text().collect::<String>(),
            )
        })
        .collect();
    let targets: Vec<&str> = summary.iter().map(|(h, _)| h.as_str()).collect();
    assert_eq!(
        targets,
        ["#respond", "#author", "#email", "#url", "#comment"],
        "{summary:?}"
    );
    assert_eq!(
        summary[0].1,
        "Das ging zu schnell. Bitte senden Sie das Formular noch einmal."
    );
    assert_eq!(
        summary[2].1,
        "Bitte geben Sie eine gültige E-Mail-Adresse an."
    );
    for id in ["author", "email", "url", "comment"] {
        assert_eq!(
            attr(&doc, &format!("#{id}"), "aria-invalid"),
            "true",
            "{id}"
        );
    }
    min_seconds("0").await.unwrap();

    for (fields, status) in [
        (vec![("email", "keine-adresse")], 422),
        (vec![("url", "javascript:alert(1)")], 422),
        (vec![("comment", "")], 422),
        (vec![("token", "1-2.abcdef")], 422),
        (vec![("comment_parent", "999999")], 422),
        (vec![("comment_post_ID", "999999")], 404),
        (vec![("comment_post_ID", "abc")], 404),
    ] {
        let res = post_comment(&app, OPEN_POST, &fields, None).await;
        assert_eq!(res.status(), status, "{fields:?}");
    }
    // A draft takes no comments.
    let draft = app
        .store
        .post_by_slug(PostKind::Post, "umfrage-entwurf")
        .await
        .unwrap()
        .unwrap();
    let res = post_comment(
        &app,
        OPEN_POST,
        &[("comment_post_ID", &draft.id.0.to_string())],
        None,
    )
    .await;
    assert_eq!(res.status(), 404);
    // Closed posts refuse with a clear page.
    let closed = app
        .store
        .post_by_slug(
            PostKind::Post,
            "social-media-wird-so-normal-wie-das-telefon",
        )
        .await
        .unwrap()
        .unwrap();
    let res = post_comment(
        &app,
        OPEN_POST,
        &[("comment_post_ID", &closed.id.0.to_string())],
        None,
    )
    .await;
    assert_eq!(res.status(), 403);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("Die Kommentarfunktion ist hier derzeit deaktiviert.")
    );
    // Invalid UTF-8 and oversized bodies.
    let raw = app
        .client
        .post(app.url("/comments/"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(b"author=%FF%FE&comment=x".to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(raw.status(), 400);
    let big = format!("comment={}", "a".repeat(2 * 1024 * 1024));
    let res = app
        .client
        .post(app.url("/comments/"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(big)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 413);
    // The honeypot answers like success and stores nothing.
    let res = post_comment(
        &app,
        OPEN_POST,
        &[("website_url", "http://spam.example/")],
        None,
    )
    .await;
    assert_eq!(res.status(), 303);
    assert_eq!(comment_count(&app).await, before, "nothing may be stored");

    // Too fast, duplicate.
    beitrag_core::service::settings::set(
        &app.core,
        &beitrag_core::Actor::Operator,
        "comment_min_seconds",
        "30",
    )
    .await
    .unwrap();
    assert_eq!(post_comment(&app, OPEN_POST, &[], None).await.status(), 422);
    beitrag_core::service::settings::set(
        &app.core,
        &beitrag_core::Actor::Operator,
        "comment_min_seconds",
        "0",
    )
    .await
    .unwrap();
    assert_eq!(
        post_comment(&app, OPEN_POST, &[("comment", "Einmalig")], None)
            .await
            .status(),
        303
    );
    assert_eq!(
        post_comment(&app, OPEN_POST, &[("comment", "Einmalig")], None)
            .await
            .status(),
        409
    );
    assert_eq!(comment_count(&app).await, before + 1);
    app.stop().await;
}

async fn floods_get_429_with_retry_after(backend: Backend) {
    let app = start_with(
        backend,
        Options {
            rate_limits: (6, 30),
            ..Options::default()
        },
    )
    .await;
    let mut statuses = Vec::new();
    for i in 0..8 {
        let text = format!("Kommentar Nummer {i}");
        statuses.push(post_comment(&app, OPEN_POST, &[("comment", &text)], None).await);
    }
    let last = statuses.pop().unwrap();
    assert_eq!(last.status(), 429);
    let retry: u64 = last.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry), "{retry}");
    assert!(statuses.iter().take(6).all(|r| r.status() == 303));
    app.stop().await;
}

async fn old_posts_close_automatically_and_blocklists_apply(backend: Backend) {
    let app = start(backend).await;
    beitrag_core::service::settings::set(
        &app.core,
        &beitrag_core::Actor::Operator,
        "close_comments_days_old",
        "30",
    )
    .await
    .unwrap();
    let doc = app.page(OPEN_POST).await;
    assert_eq!(
        text(&doc, ".comments-closed"),
        "Die Kommentarfunktion ist hier derzeit deaktiviert."
    );
    assert_eq!(
        text(&doc, ".date-badge .comment-state [aria-hidden=true]"),
        "Off"
    );
    assert_eq!(
        text(&doc, ".date-badge .comment-state .screen-reader-text"),
        "Kommentare geschlossen"
    );
    assert_eq!(count(&doc, "form.comment-form"), 0);
    beitrag_core::service::settings::set(
        &app.core,
        &beitrag_core::Actor::Operator,
        "close_comments_days_old",
        "0",
    )
    .await
    .unwrap();
    beitrag_core::service::settings::set(
        &app.core,
        &beitrag_core::Actor::Operator,
        "blocklist_emails",
        "troll@example.net",
    )
    .await
    .unwrap();
    beitrag_core::service::settings::set(
        &app.core,
        &beitrag_core::Actor::Operator,
        "blocklist_words",
        "casino",
    )
    .await
    .unwrap();
    let res = post_comment(&app, OPEN_POST, &[("email", "troll@example.net")], None).await;
    assert_eq!(res.status(), 403);
    let res = post_comment(
        &app,
        OPEN_POST,
        &[("comment", "Bestes Casino im Netz")],
        None,
    )
    .await;
    assert_eq!(res.status(), 303, "spam looks accepted to its sender");
    assert_eq!(
        crate::harness::all_comments(app.store.as_ref(), Some(CommentStatus::Spam), 10)
            .await
            .len(),
        1
    );
    app.stop().await;
}

async fn moderation_trains_the_spam_filter(backend: Backend) {
    let app = start(backend).await;
    crate::harness::moderate_nothing(&app).await;
    let spammy = "Billige Pillen kaufen rezeptfrei Rabatt jetzt bestellen";
    for i in 0..3 {
        let email = format!("bot{i}@pillen.example");
        let res = post_comment(
            &app,
            OPEN_POST,
            &[
                ("comment", &format!("{spammy} {i}")),
                ("email", &email),
                ("author", "Pillenshop"),
            ],
            None,
        )
        .await;
        assert_eq!(res.status(), 303);
    }
    let json = Command::new(env!("CARGO_BIN_EXE_beitrag"))
        .args([
            "--database",
            &app.db.url,
            "comments",
            "list",
            "--status",
            "approved",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(json.status.success());
    let list: Vec<serde_json::Value> = serde_json::from_slice(&json.stdout).unwrap();
    for key in [
        "id",
        "post_id",
        "kind",
        "status",
        "author",
        "url",
        "source_url",
        "text",
    ] {
        assert!(list[0].get(key).is_some(), "missing {key}");
    }
    let bot_ids: Vec<String> = list
        .iter()
        .filter(|c| c["author"] == "Pillenshop")
        .map(|c| c["id"].to_string())
        .collect();
    assert_eq!(bot_ids.len(), 3);
    let mut args = vec!["--database", &app.db.url, "comments", "spam"];
    args.extend(bot_ids.iter().map(String::as_str));
    assert!(
        Command::new(env!("CARGO_BIN_EXE_beitrag"))
            .args(&args)
            .status()
            .unwrap()
            .success()
    );
    // Good comments train the other side.
    let good: Vec<String> = list
        .iter()
        .filter(|c| c["author"] != "Pillenshop")
        .map(|c| c["id"].to_string())
        .collect();
    let mut args = vec!["--database", &app.db.url, "comments", "approve"];
    args.extend(good.iter().map(String::as_str));
    assert!(
        Command::new(env!("CARGO_BIN_EXE_beitrag"))
            .args(&args)
            .status()
            .unwrap()
            .success()
    );

    let res = post_comment(
        &app,
        OPEN_POST,
        &[
            ("comment", spammy),
            ("email", "neu@pillen.example"),
            ("author", "Pillenshop"),
        ],
        None,
    )
    .await;
    assert_eq!(res.status(), 303);
    let spam =
        crate::harness::all_comments(app.store.as_ref(), Some(CommentStatus::Spam), 10).await;
    assert_eq!(spam.len(), 4, "the trained filter catches the new one");
    let missing = Command::new(env!("CARGO_BIN_EXE_beitrag"))
        .args(["--database", &app.db.url, "comments", "trash", "999999"])
        .output()
        .unwrap();
    assert!(!missing.status.success());
    app.stop().await;
}

async fn privacy_export_and_erase_by_email(backend: Backend) {
    let app = start(backend).await;
    assert_eq!(
        post_comment(
            &app,
            OPEN_POST,
            &[
                ("email", "Gdpr@Example.net"),
                ("comment", "Bitte später löschen")
            ],
            None
        )
        .await
        .status(),
        303
    );
    let stored = app
        .store
        .comments_by_email("gdpr@example.net")
        .await
        .unwrap();
    assert_eq!(stored.len(), 1);
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_beitrag"))
            .args(["--database", &app.db.url])
            .args(args)
            .output()
            .unwrap()
    };
    let export = run(&["privacy", "export", "gdpr@example.net"]);
    assert!(
        export.status.success(),
        "{}",
        String::from_utf8_lossy(&export.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&export.stdout).unwrap();
    assert_eq!(json["comments"][0]["text"], "Bitte später löschen");
    assert_eq!(json["comments"][0]["email"], "gdpr@example.net");
    let erase = run(&["privacy", "erase", "gdpr@example.net"]);
    assert_eq!(
        String::from_utf8_lossy(&erase.stdout).trim(),
        "erased 1 comments of gdpr@example.net"
    );
    assert!(
        app.store
            .comments_by_email("gdpr@example.net")
            .await
            .unwrap()
            .is_empty()
    );
    app.stop().await;
}

crate::on_both_backends!(
    privacy_export_and_erase_by_email,
    first_comment_waits_and_its_author_sees_it,
    bad_input_is_answered_and_nothing_is_stored,
    floods_get_429_with_retry_after,
    old_posts_close_automatically_and_blocklists_apply,
    moderation_trains_the_spam_filter,
);

/// An acknowledged comment survives SIGKILL right after the response.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_comment_survives_sigkill_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite:{}", dir.path().join("durable.db").display());
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_beitrag"))
            .args(["--database", &db])
            .args(args)
            .output()
            .unwrap()
    };
    assert!(run(&["migrate"]).status.success());
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let base = format!("http://127.0.0.1:{port}");
    let mut child = Command::new(env!("CARGO_BIN_EXE_beitrag"))
        .current_dir(dir.path())
        .env("BEITRAG_SITE__BASE_URL", &base)
        .args([
            "--database",
            &db,
            "serve",
            "--listen",
            &format!("127.0.0.1:{port}"),
        ])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let html = loop {
        if let Ok(r) = client.get(format!("{base}{OPEN_POST}")).send().await {
            break r.text().await.unwrap();
        }
        assert!(std::time::Instant::now() < deadline, "server did not start");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    };
    let doc = scraper::Html::parse_document(&html);
    let (post_id, token) = (
        attr(&doc, "input[name=comment_post_ID]", "value"),
        attr(&doc, "input[name=token]", "value"),
    );
    // The form's minimum fill time is 3 s by default: wait it out once.
    tokio::time::sleep(std::time::Duration::from_millis(3100)).await;
    let body = encode(&[
        ("comment_post_ID", &post_id),
        ("token", &token),
        ("author", "Dauerhaft"),
        ("email", "dauer@example.net"),
        ("comment", "Dieser Kommentar überlebt kill -9."),
        ("website_url", ""),
    ]);
    let res = client
        .post(format!("{base}/comments/"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let killed = Command::new("kill")
        .args(["-KILL", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let _ = child.wait();
    let list = run(&["comments", "list", "--format", "json"]);
    let list: Vec<serde_json::Value> = serde_json::from_slice(&list.stdout).unwrap();
    assert!(
        list.iter()
            .any(|c| c["text"] == "Dieser Kommentar überlebt kill -9."),
        "{list:?}"
    );
}

/// A stand-in for an Akismet-compatible service, written with Python's
/// `http.server`: "true" for comments mentioning pills, "false" otherwise.
const FAKE_AKISMET: &str = r#"
import urllib.parse
from http.server import BaseHTTPRequestHandler, HTTPServer
class H(BaseHTTPRequestHandler):
    def do_POST(self):
        form = urllib.parse.parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
        ok = form.get("api_key") == ["testkey123"] and form.get("comment_type") == ["comment"]
        body = (b"true" if "pillen" in form.get("comment_content", [""])[0].lower() else b"false") if ok else b"invalid"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *a):
        pass
s = HTTPServer(("127.0.0.1", 0), H)
print(s.server_address[1], flush=True)
s.serve_forever()
"#;

async fn outside_spam_service_is_consulted_when_configured(backend: Backend) {
    use std::io::BufRead;
    let mut fake = Command::new("python3")
        .args(["-c", FAKE_AKISMET])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(fake.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port: u16 = line.trim().parse().unwrap();
    let app = start_with(
        backend,
        Options {
            allow_private: vec!["127.0.0.0/8".into()],
            ..Options::default()
        },
    )
    .await;
    let set = |k: &'static str, v: String| {
        let core = app.core.clone();
        async move {
            beitrag_core::service::settings::set(&core, &beitrag_core::Actor::Operator, k, &v)
                .await
                .unwrap()
        }
    };
    set("comment_moderation", "none".into()).await;
    set("akismet_key", "testkey123".into()).await;
    set(
        "akismet_url",
        format!("http://127.0.0.1:{port}/1.1/comment-check"),
    )
    .await;
    assert_eq!(
        post_comment(&app, OPEN_POST, &[("comment", "Billige Pillen hier")], None)
            .await
            .status(),
        303
    );
    assert_eq!(
        post_comment(&app, OPEN_POST, &[("comment", "Ein echter Gedanke")], None)
            .await
            .status(),
        303
    );
    let spam =
        crate::harness::all_comments(app.store.as_ref(), Some(CommentStatus::Spam), 10).await;
    assert_eq!(spam.len(), 1);
    assert!(spam[0].html.contains("Pillen"));
    // The service goes away: comments still arrive, judged locally.
    let _ = fake.kill();
    let _ = fake.wait();
    assert_eq!(
        post_comment(&app, OPEN_POST, &[("comment", "Noch ein Gedanke")], None)
            .await
            .status(),
        303
    );
    assert_eq!(
        crate::harness::all_comments(app.store.as_ref(), Some(CommentStatus::Approved), 100)
            .await
            .iter()
            .filter(|c| c.html.contains("Gedanke"))
            .count(),
        2
    );
    assert!(
        beitrag_core::service::settings::set(
            &app.core,
            &beitrag_core::Actor::Operator,
            "akismet_key",
            "bad key!"
        )
        .await
        .is_err()
    );
    app.stop().await;
}

mod outside_spam {
    crate::on_both_backends!(outside_spam_service_is_consulted_when_configured);
    use super::outside_spam_service_is_consulted_when_configured;
}
