//! The blog in the fediverse, against a real peer (Fedify): discovery,
//! Follow → Accept, a published post arriving as an `Article`, the peer's
//! reply arriving as a pending comment, approved and shown on the post.

use std::time::{Duration, Instant};

use beitrag_core::Actor;
use beitrag_core::model::{CommentKind, CommentStatus, PostKind};
use beitrag_core::service::comment::{Action, moderate};

use crate::fedify::Peer;
use crate::harness::{Backend, Options, TestApp, all_comments, published};
use crate::on_both_backends;

on_both_backends!(
    a_fedify_peer_follows_reads_a_post_and_replies,
    a_mastodon_style_peer_signs_with_cavage_first,
);

fn loopback() -> Options {
    Options {
        allow_private: vec!["127.0.0.0/8".into()],
        ..Options::default()
    }
}

async fn publish(app: &TestApp, slug: &str, title: &str) -> String {
    let id = beitrag_core::service::post::save(
        &app.core,
        &Actor::Operator,
        published(
            PostKind::Post,
            slug,
            title,
            "Ein Text für das **Fediverse**.",
            "admin",
        ),
        None,
    )
    .await
    .unwrap();
    let post = app.store.post_by_id(id).await.unwrap().unwrap();
    assert!(post.is_public_at(chrono::Utc::now()));
    id.0.to_string()
}

async fn wait_until<F, Fut>(what: &str, mut f: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = Instant::now() + Duration::from_secs(30);
    while !f().await {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn a_fedify_peer_follows_reads_a_post_and_replies(backend: Backend) {
    let app = TestApp::start_with(backend, loopback()).await;
    let Some(peer) = Peer::start(&["--follow", &app.url("/ap/blog"), "--reply"]).await else {
        return;
    };
    peer.wait_for("the Accept", |e| {
        e["event"] == "recv" && e["type"] == "Accept"
    })
    .await;
    assert_eq!(app.store.follower_count("blog").await.unwrap(), 1);
    let follower = app
        .store
        .follower("blog", &peer.actor())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(follower.handle, format!("@peer@127.0.0.1:{}", peer.port));

    publish(&app, "ins-fediverse", "Ins Fediverse geschrieben").await;
    let create = peer
        .wait_for("the Create(Article)", |e| {
            e["event"] == "recv" && e["type"] == "Create" && e["objectType"] == "Article"
        })
        .await;
    assert_eq!(create["name"], "Ins Fediverse geschrieben");
    assert!(
        create["content"]
            .as_str()
            .unwrap()
            .contains("<strong>Fediverse</strong>")
    );
    let article_id = create["object"].as_str().unwrap().to_owned();
    assert!(article_id.starts_with(&app.base), "{article_id}");

    // The peer answers the article; the reply waits for moderation.
    let store = app.store.clone();
    wait_until("the reply", || {
        let store = store.clone();
        async move {
            all_comments(&*store, None, 50)
                .await
                .iter()
                .any(|c| c.kind == CommentKind::Fediverse)
        }
    })
    .await;
    let reply = all_comments(&*app.store, None, 50)
        .await
        .into_iter()
        .find(|c| c.kind == CommentKind::Fediverse)
        .unwrap();
    assert_eq!(reply.status, CommentStatus::Pending);
    assert_eq!(reply.author_url, peer.actor());
    assert_eq!(reply.source_title, format!("@peer@127.0.0.1:{}", peer.port));
    assert!(
        reply.html.contains("A reply from the Fedify test peer"),
        "{}",
        reply.html
    );
    let path = article_id.strip_prefix(&app.base).unwrap().to_owned();
    let page = app.get(&path).await.text().await.unwrap();
    assert!(!page.contains("A reply from the Fedify test peer"));

    moderate(&app.core, &Actor::Operator, &[reply.id], Action::Approve)
        .await
        .unwrap();
    let page = app.get(&path).await.text().await.unwrap();
    assert!(page.contains("A reply from the Fedify test peer"), "{page}");
    assert!(
        page.contains("Test peer peer"),
        "the author's name is shown"
    );

    // A moderator answers the peer; the answer reaches it as a Note in
    // reply to its own, served at its id.
    let admin = app.store.user_by_login("admin").await.unwrap().unwrap();
    let settings = beitrag_core::service::settings::load(&*app.store)
        .await
        .unwrap();
    let answer = beitrag_core::service::comment::reply_as_staff(
        &app.core,
        &Actor::User(Box::new(admin)),
        &settings,
        reply.id,
        "Danke für die Antwort!",
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    let note = peer
        .wait_for("our answer", |e| {
            e["event"] == "recv" && e["type"] == "Create" && e["objectType"] == "Note"
        })
        .await;
    assert_eq!(note["inReplyTo"], reply.source_url.as_str());
    assert!(
        note["content"]
            .as_str()
            .unwrap()
            .contains("Danke für die Antwort!")
    );
    let served = app
        .client
        .get(app.url(&format!("/ap/comments/{}", answer.0)))
        .header("accept", "application/activity+json")
        .send()
        .await
        .unwrap();
    assert_eq!(served.status(), 200);
    let served: serde_json::Value = served.json().await.unwrap();
    assert_eq!(served["type"], "Note");
    assert_eq!(served["inReplyTo"], reply.source_url.as_str());
    app.stop().await;
}

async fn a_mastodon_style_peer_signs_with_cavage_first(backend: Backend) {
    let app = TestApp::start_with(backend, loopback()).await;
    let Some(peer) = Peer::start(&[
        "--follow",
        &app.url("/ap/blog"),
        "--first-knock",
        "draft-cavage-http-signatures-12",
    ])
    .await
    else {
        return;
    };
    peer.wait_for("the Accept", |e| {
        e["event"] == "recv" && e["type"] == "Accept"
    })
    .await;
    assert_eq!(app.store.follower_count("blog").await.unwrap(), 1);
    app.stop().await;
}
