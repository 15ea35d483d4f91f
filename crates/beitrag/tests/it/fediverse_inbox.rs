//! What the inbox takes from a well-signed server (`fediverse_sender`):
//! replies (once, sanitised, threaded, fetched up a chain when a parent
//! never arrived), edits and deletions, follows (listed and removed in the
//! CLI and the admin, dropped when blocked), likes and boosts; and what it
//! refuses even then (a closed post, a blocked account).

use beitrag_core::model::CommentKind;
use serde_json::{Value, json};

use crate::fediverse_sender::{Sender, fediverse_replies, loopback, post_url};
use crate::harness::{Backend, TestApp, all_comments};
use crate::on_both_backends;

on_both_backends!(
    a_signed_reply_is_taken_and_a_closed_post_refuses_one,
    a_follower_is_listed_and_removed_on_the_command_line,
    likes_and_boosts_are_counted_and_taken_back,
    a_reply_to_a_reply_never_delivered_fetches_the_missing_one,
);

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

async fn a_reply_to_a_reply_never_delivered_fetches_the_missing_one(backend: Backend) {
    let app = TestApp::start_with(backend, loopback()).await;
    let sender = Sender::start().await;
    let target = post_url(&app, "lange-faeden", false).await;
    // Note 20 answers the post but only its author's server has it; note 21
    // answers note 20 and is the one delivered.
    let missing = sender.reply(&target, 20)["object"].clone();
    sender.notes.lock().unwrap().insert("20".into(), missing);
    let reply = sender.reply(&format!("{}/notes/20", sender.base), 21);
    let (status, text) = sender
        .send(&app, reply.to_string().as_bytes(), |_| {})
        .await;
    assert_eq!(status, 202, "{text}");
    let all = all_comments(&*app.store, None, 10).await;
    let first = all
        .iter()
        .find(|c| c.source_url.ends_with("/notes/20"))
        .unwrap();
    let second = all
        .iter()
        .find(|c| c.source_url.ends_with("/notes/21"))
        .unwrap();
    assert_eq!(first.parent, None);
    assert_eq!(second.parent, Some(first.id));
    // A chain that leads nowhere here is ignored, nothing stored.
    sender.notes.lock().unwrap().insert(
        "30".into(),
        sender.reply("https://elsewhere.example/notes/1", 30)["object"].clone(),
    );
    let stray = sender.reply(&format!("{}/notes/30", sender.base), 31);
    let (status, _) = sender
        .send(&app, stray.to_string().as_bytes(), |_| {})
        .await;
    assert_eq!(status, 202);
    assert_eq!(fediverse_replies(&app).await, 2);
    app.stop().await;
}
