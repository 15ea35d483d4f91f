//! What the inbox refuses, and how: a server of the test's own making
//! (with a key it made) sends unsigned, badly signed, mismatched, oversized
//! and malformed activities. Each gets a precise 4xx and leaves nothing
//! stored; a well-signed reply to a closed post is refused too. The same
//! server's well-signed replies, edits, deletes and follows are taken.

use axum::routing::get;
use beitrag_core::model::{CommentKind, OpenClosed, PostKind};
use beitrag_federation::{cavage, keys};
use reqwest::header::{HeaderMap, HeaderValue};
use serde_json::{Value, json};

use crate::harness::{Backend, Options, TestApp, all_comments, published};
use crate::on_both_backends;

on_both_backends!(
    the_inbox_refuses_what_it_cannot_trust,
    a_signed_reply_is_taken_and_a_closed_post_refuses_one,
    a_follower_is_listed_and_removed_on_the_command_line,
    likes_and_boosts_are_counted_and_taken_back,
);

/// A server of the fediverse that signs what the test tells it to.
struct Sender {
    base: String,
    signer: keys::Signer,
}

impl Sender {
    async fn start() -> Sender {
        let key = keys::generate().unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let actor = json!({
            "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"],
            "id": format!("{base}/actor"),
            "type": "Person",
            "preferredUsername": "sender",
            "name": "Sender",
            "inbox": format!("{base}/inbox"),
            "publicKey": {
                "id": format!("{base}/actor#main-key"),
                "owner": format!("{base}/actor"),
                "publicKeyPem": key.public_pem,
            },
        });
        let app = axum::Router::new()
            .route(
                "/actor",
                get(move || {
                    let a = actor.clone();
                    async move {
                        (
                            [("content-type", "application/activity+json")],
                            a.to_string(),
                        )
                    }
                }),
            )
            .route("/inbox", axum::routing::post(|| async { "ok" }));
        tokio::spawn(async move { axum::serve(listener, app).await });
        Sender {
            base,
            signer: keys::Signer::from_pem(&key.private_pem).unwrap(),
        }
    }

    fn actor(&self) -> String {
        format!("{}/actor", self.base)
    }

    /// POSTs `body` to `app`'s shared inbox, signed, after `tweak`.
    async fn send(
        &self,
        app: &TestApp,
        body: &[u8],
        tweak: impl FnOnce(&mut HeaderMap),
    ) -> (u16, String) {
        let url = url::Url::parse(&app.url("/ap/inbox")).unwrap();
        let mut h = HeaderMap::new();
        h.insert(
            "content-type",
            HeaderValue::from_static("application/activity+json"),
        );
        cavage::sign(
            &self.signer,
            &format!("{}#main-key", self.actor()),
            "POST",
            &url,
            &mut h,
            Some(body),
            chrono::Utc::now(),
        )
        .unwrap();
        tweak(&mut h);
        let res = app
            .client
            .post(url)
            .headers(h)
            .body(body.to_vec())
            .send()
            .await
            .unwrap();
        (res.status().as_u16(), res.text().await.unwrap())
    }

    fn reply(&self, to: &str, n: u32) -> Value {
        json!({
            "@context": "https://www.w3.org/ns/activitystreams",
            "id": format!("{}/notes/{n}/activity", self.base),
            "type": "Create",
            "actor": self.actor(),
            "object": {
                "id": format!("{}/notes/{n}", self.base),
                "type": "Note",
                "attributedTo": self.actor(),
                "inReplyTo": to,
                "content": "<p>Eine Antwort <script>alert(1)</script>aus dem Fediverse</p>",
            },
        })
    }
}

fn loopback() -> Options {
    Options {
        allow_private: vec!["127.0.0.0/8".into()],
        ..Options::default()
    }
}

async fn post_url(app: &TestApp, slug: &str, closed: bool) -> String {
    let mut input = published(PostKind::Post, slug, "Zum Antworten", "Text.", "admin");
    if closed {
        input.comment_status = Some(OpenClosed::Closed);
    }
    let id = crate::harness::save_posts(&app.core, vec![input])
        .await
        .unwrap()[0];
    let post = app.store.post_by_id(id).await.unwrap().unwrap();
    let res = app
        .client
        .get(app.url(&format!("/?p={}", post.id.0)))
        .send()
        .await
        .unwrap();
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    if location.starts_with("http") {
        location
    } else {
        app.url(&location)
    }
}

async fn fediverse_replies(app: &TestApp) -> usize {
    all_comments(&*app.store, None, 100)
        .await
        .iter()
        .filter(|c| c.kind == CommentKind::Fediverse)
        .count()
}

async fn the_inbox_refuses_what_it_cannot_trust(backend: Backend) {
    let app = TestApp::start_with(backend, loopback()).await;
    let sender = Sender::start().await;
    let target = post_url(&app, "antworten", false).await;
    let body = sender.reply(&target, 1).to_string();

    // Unsigned.
    let res = app
        .client
        .post(app.url("/ap/inbox"))
        .header("content-type", "application/activity+json")
        .body(body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    assert!(res.text().await.unwrap().contains("not signed"));

    // A body that is not the one signed.
    let (status, text) = sender
        .send(&app, body.as_bytes(), |h| {
            h.insert(
                "digest",
                HeaderValue::from_static("SHA-256=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="),
            );
        })
        .await;
    assert_eq!(
        (status, text.trim()),
        (401, "the body does not match its digest")
    );

    // A signature from yesterday.
    let (status, text) = sender
        .send(&app, body.as_bytes(), |h| {
            let old = httpdate_of(chrono::Utc::now() - chrono::Duration::days(1));
            h.insert("date", HeaderValue::from_str(&old).unwrap());
        })
        .await;
    assert_eq!(status, 401, "{text}");

    // Signed, but speaking for someone else.
    let mut other = sender.reply(&target, 2);
    other["actor"] = json!("http://127.0.0.1:9/someone-else");
    let (status, text) = sender
        .send(&app, other.to_string().as_bytes(), |_| {})
        .await;
    assert_eq!(
        (status, text.trim()),
        (401, "the activity's actor is not the one who signed it")
    );

    // A key on a server that is not there: refused, without naming addresses.
    let (status, text) = sender
        .send(&app, body.as_bytes(), |h| {
            let sig = h["signature"]
                .to_str()
                .unwrap()
                .replace(&sender.base, "http://127.0.0.1:9");
            h.insert("signature", HeaderValue::from_str(&sig).unwrap());
        })
        .await;
    assert_eq!(status, 401, "{text}");
    assert!(!text.contains("127.0.0.1"), "{text}");

    // A note whose id is on another server than its signer's.
    let mut foreign = sender.reply(&target, 3);
    foreign["object"]["id"] = json!("https://elsewhere.example/notes/3");
    let (status, text) = sender
        .send(&app, foreign.to_string().as_bytes(), |_| {})
        .await;
    assert_eq!(
        (status, text.trim()),
        (403, "the object is not the signer's own")
    );

    // Not JSON, and JSON that is not an activity.
    let (status, _) = sender.send(&app, b"{\"type\":", |_| {}).await;
    assert_eq!(status, 400);
    let (status, text) = sender.send(&app, b"[1,2]", |_| {}).await;
    assert_eq!((status, text.trim()), (400, "not an activity"));

    // Larger than the inbox takes.
    let big = format!("{{\"pad\":\"{}\"}}", "x".repeat(300 * 1024));
    let (status, _) = sender.send(&app, big.as_bytes(), |_| {}).await;
    assert_eq!(status, 413);

    assert_eq!(fediverse_replies(&app).await, 0, "nothing was stored");
    assert_eq!(app.store.follower_count("blog").await.unwrap(), 0);
    app.stop().await;
}

fn httpdate_of(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

async fn a_signed_reply_is_taken_and_a_closed_post_refuses_one(backend: Backend) {
    let app = TestApp::start_with(backend, loopback()).await;
    let sender = Sender::start().await;
    let open = post_url(&app, "offen", false).await;
    let closed = post_url(&app, "geschlossen", true).await;

    let (status, text) = sender
        .send(&app, sender.reply(&open, 1).to_string().as_bytes(), |_| {})
        .await;
    assert_eq!(status, 202, "{text}");
    // The same note again is no second comment.
    let (status, _) = sender
        .send(&app, sender.reply(&open, 1).to_string().as_bytes(), |_| {})
        .await;
    assert_eq!(status, 202);
    let replies = all_comments(&*app.store, None, 10).await;
    let reply = replies
        .iter()
        .find(|c| c.kind == CommentKind::Fediverse)
        .unwrap();
    assert_eq!(fediverse_replies(&app).await, 1);
    assert!(
        !reply.html.contains("script") && !reply.html.contains("alert"),
        "{}",
        reply.html
    );
    assert_eq!(reply.author_name, "Sender");

    let (status, text) = sender
        .send(
            &app,
            sender.reply(&closed, 2).to_string().as_bytes(),
            |_| {},
        )
        .await;
    assert_eq!(
        (status, text.trim()),
        (403, "comments are closed on this post")
    );

    // A reply to the stored reply (once approved) threads under it.
    beitrag_core::service::comment::moderate(
        &app.core,
        &beitrag_core::Actor::Operator,
        &[reply.id],
        beitrag_core::service::comment::Action::Approve,
    )
    .await
    .unwrap();
    let (status, _) = sender
        .send(
            &app,
            sender
                .reply(&format!("{}/notes/1", sender.base), 3)
                .to_string()
                .as_bytes(),
            |_| {},
        )
        .await;
    assert_eq!(status, 202);
    let threaded = all_comments(&*app.store, None, 10)
        .await
        .into_iter()
        .find(|c| c.source_url.ends_with("/notes/3"))
        .unwrap();
    assert_eq!(threaded.parent, Some(reply.id));

    // Update and Delete by the author.
    let update = json!({
        "id": format!("{}/notes/1#update", sender.base),
        "type": "Update",
        "actor": sender.actor(),
        "object": {
            "id": format!("{}/notes/1", sender.base),
            "type": "Note",
            "attributedTo": sender.actor(),
            "inReplyTo": open,
            "content": "<p>Geändert</p>",
        },
    });
    let (status, _) = sender
        .send(&app, update.to_string().as_bytes(), |_| {})
        .await;
    assert_eq!(status, 202);
    // The command line shows the thread and the remote author.
    let listed: Value =
        serde_json::from_str(&cli(&app, &["comments", "list", "--format", "json"])).unwrap();
    let threaded_json = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == threaded.id.0)
        .unwrap();
    assert_eq!(threaded_json["parent"], reply.id.0);
    assert_eq!(threaded_json["kind"], "fediverse");
    let host = sender.base.trim_start_matches("http://");
    assert_eq!(threaded_json["handle"], format!("@sender@{host}").as_str());
    let edited = app.store.comment(reply.id).await.unwrap().unwrap();
    assert!(edited.html.contains("Geändert"), "{}", edited.html);
    let delete = json!({
        "id": format!("{}/notes/3#delete", sender.base),
        "type": "Delete",
        "actor": sender.actor(),
        "object": format!("{}/notes/3", sender.base),
    });
    let (status, _) = sender
        .send(&app, delete.to_string().as_bytes(), |_| {})
        .await;
    assert_eq!(status, 202);
    assert!(app.store.comment(threaded.id).await.unwrap().is_none());
    app.stop().await;
}

fn cli(app: &TestApp, args: &[&str]) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_beitrag"))
        .args(["--database", &app.db.url])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

async fn a_follower_is_listed_and_removed_on_the_command_line(backend: Backend) {
    let app = TestApp::start_with(backend, loopback()).await;
    let sender = Sender::start().await;
    let follow = json!({
        "id": format!("{}/follows/1", sender.base),
        "type": "Follow",
        "actor": sender.actor(),
        "object": app.url("/ap/blog"),
    });
    let (status, text) = sender
        .send(&app, follow.to_string().as_bytes(), |_| {})
        .await;
    assert_eq!(status, 202, "{text}");
    let handle = format!("@sender@{}", sender.base.trim_start_matches("http://"));
    let listed: Value =
        serde_json::from_str(&cli(&app, &["followers", "list", "--format", "json"])).unwrap();
    assert_eq!(listed[0]["handle"], handle.as_str());
    assert_eq!(listed[0]["actor"], sender.actor().as_str());
    let collection: Value = app.get("/ap/blog/followers").await.json().await.unwrap();
    assert_eq!(collection["totalItems"], 1);

    assert!(cli(&app, &["followers", "remove", &handle]).contains("no longer follows"));
    assert_eq!(app.store.follower_count("blog").await.unwrap(), 0);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_beitrag"))
        .args(["--database", &app.db.url, "followers", "remove", &handle])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not follow the blog"));

    // Undo of a follow that is no longer there changes nothing and is fine.
    let undo = json!({
        "id": format!("{}/follows/1#undo", sender.base),
        "type": "Undo",
        "actor": sender.actor(),
        "object": follow,
    });
    let (status, _) = sender.send(&app, undo.to_string().as_bytes(), |_| {}).await;
    assert_eq!(status, 202);

    // Following again: listed in the admin, removed there.
    let (status, _) = sender
        .send(&app, follow.to_string().as_bytes(), |_| {})
        .await;
    assert_eq!(status, 202);
    let admin = crate::session::Admin::admin(&app).await;
    let page = admin.get("/admin/followers").await.text().await.unwrap();
    assert!(page.contains(&handle), "{page}");
    assert!(page.contains("Follower im Fediverse"));
    let res = admin
        .post("/admin/followers/remove", &[("actor", &sender.actor())])
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(app.store.follower_count("blog").await.unwrap(), 0);
    let page = admin
        .get("/admin/followers?removed=1")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("Der Follower wurde entfernt."));
    assert!(!page.contains(&sender.actor()));
    // Without the CSRF token nothing happens.
    let (status, _) = sender
        .send(&app, follow.to_string().as_bytes(), |_| {})
        .await;
    assert_eq!(status, 202);
    let forged = app
        .client
        .post(app.url("/admin/followers/remove"))
        .header("cookie", &admin.cookie)
        .form(&[("actor", sender.actor())])
        .send()
        .await
        .unwrap();
    assert_ne!(forged.status(), 303);

    // Then blocked: the next activity is refused and the follower is gone.
    assert_eq!(app.store.follower_count("blog").await.unwrap(), 1);
    beitrag_core::service::settings::set(
        &app.core,
        &beitrag_core::Actor::Operator,
        "fediverse_blocked_actors",
        &handle,
    )
    .await
    .unwrap();
    let target = post_url(&app, "gesperrt", false).await;
    let (status, text) = sender
        .send(
            &app,
            sender.reply(&target, 9).to_string().as_bytes(),
            |_| {},
        )
        .await;
    assert_eq!(
        (status, text.trim()),
        (403, "this account or its server is blocked")
    );
    assert_eq!(app.store.follower_count("blog").await.unwrap(), 0);
    assert_eq!(fediverse_replies(&app).await, 0);
    app.stop().await;
}

async fn likes_and_boosts_are_counted_and_taken_back(backend: Backend) {
    let app = TestApp::start_with(backend, loopback()).await;
    let sender = Sender::start().await;
    let target = post_url(&app, "beliebt", false).await;
    let path = target.strip_prefix(&app.base).unwrap().to_owned();
    let reactions = |html: String| {
        scraper::Html::parse_document(&html)
            .select(&scraper::Selector::parse(".reactions").unwrap())
            .next()
            .map(|e| e.text().collect::<String>())
    };
    assert_eq!(reactions(app.get(&path).await.text().await.unwrap()), None);
    let like = json!({
        "id": format!("{}/likes/1", sender.base),
        "type": "Like",
        "actor": sender.actor(),
        "object": target,
    });
    for _ in 0..2 {
        let (status, text) = sender.send(&app, like.to_string().as_bytes(), |_| {}).await;
        assert_eq!(status, 202, "{text}");
    }
    let boost = json!({
        "id": format!("{}/boosts/1", sender.base),
        "type": "Announce",
        "actor": sender.actor(),
        "object": target,
    });
    let (status, _) = sender
        .send(&app, boost.to_string().as_bytes(), |_| {})
        .await;
    assert_eq!(status, 202);
    // The cached page was dropped by the change.
    assert_eq!(
        reactions(app.get(&path).await.text().await.unwrap()).as_deref(),
        Some("Im Fediverse: 1 Like, 1 Mal geteilt")
    );
    let undo = json!({
        "id": format!("{}/likes/1#undo", sender.base),
        "type": "Undo",
        "actor": sender.actor(),
        "object": like,
    });
    let (status, _) = sender.send(&app, undo.to_string().as_bytes(), |_| {}).await;
    assert_eq!(status, 202);
    // Undo by id only.
    let undo_boost = json!({
        "id": format!("{}/boosts/1#undo", sender.base),
        "type": "Undo",
        "actor": sender.actor(),
        "object": format!("{}/boosts/1", sender.base),
    });
    let (status, _) = sender
        .send(&app, undo_boost.to_string().as_bytes(), |_| {})
        .await;
    assert_eq!(status, 202);
    assert_eq!(reactions(app.get(&path).await.text().await.unwrap()), None);
    // A like of something that is not ours is ignored, not an error.
    let elsewhere = json!({
        "id": format!("{}/likes/2", sender.base),
        "type": "Like",
        "actor": sender.actor(),
        "object": "https://elsewhere.example/notes/1",
    });
    let (status, _) = sender
        .send(&app, elsewhere.to_string().as_bytes(), |_| {})
        .await;
    assert_eq!(status, 202);
    app.stop().await;
}
