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
    a_fedify_peer_finds_the_blog_by_its_handle,
    posts_answer_activitystreams_to_those_who_ask,
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

async fn a_fedify_peer_finds_the_blog_by_its_handle(backend: Backend) {
    let app = TestApp::start_with(backend, loopback()).await;
    beitrag_core::service::settings::set(
        &app.core,
        &Actor::Operator,
        "fediverse_username",
        "notizen",
    )
    .await
    .unwrap();
    let host = app.base.trim_start_matches("http://").to_owned();
    let Some(peer) = Peer::start(&[
        "--follow",
        &format!("@notizen@{host}"),
        "--loopback-https-as-http",
    ])
    .await
    else {
        return;
    };
    let lookup = peer
        .wait_for("the lookup", |e| e["event"] == "lookup")
        .await;
    assert_eq!(lookup["id"], app.url("/ap/blog").as_str());
    assert_eq!(lookup["inbox"], app.url("/ap/blog/inbox").as_str());
    peer.wait_for("the Accept", |e| {
        e["event"] == "recv" && e["type"] == "Accept"
    })
    .await;
    // The old name is not found any more; bad resources are refused.
    for (resource, status) in [
        (format!("acct:blog@{host}"), 404),
        (format!("acct:notizen@{host}"), 200),
        ("acct:notizen@elsewhere.example".to_owned(), 404),
        ("acct:nonsense".to_owned(), 400),
        (String::new(), 400),
    ] {
        let res = app
            .client
            .get(
                url::Url::parse_with_params(
                    &app.url("/.well-known/webfinger"),
                    &[("resource", &resource)],
                )
                .unwrap(),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), status, "{resource}");
    }
    app.stop().await;
}

async fn posts_answer_activitystreams_to_those_who_ask(backend: Backend) {
    let app = TestApp::start_with(backend, loopback()).await;
    publish(&app, "verhandelt", "Inhalte verhandeln").await;
    let post = app
        .store
        .post_by_slug(PostKind::Post, "verhandelt")
        .await
        .unwrap()
        .unwrap();
    let path = app.get(&format!("/?p={}", post.id.0)).await.headers()["location"]
        .to_str()
        .unwrap()
        .to_owned();
    let path = path.strip_prefix(&app.base).unwrap_or(&path).to_owned();
    // The HTML page (cached on the first request) says it varies by Accept.
    for _ in 0..2 {
        let html = app.get(&path).await;
        assert_eq!(html.status(), 200);
        assert!(
            html.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/html")
        );
        let vary: Vec<_> = html
            .headers()
            .get_all("vary")
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect();
        assert!(vary.iter().any(|v| v.contains("Accept")), "{vary:?}");
    }
    for accept in [
        "application/activity+json",
        "application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"",
    ] {
        let res = app
            .client
            .get(app.url(&path))
            .header("accept", accept)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{accept}");
        assert_eq!(res.headers()["content-type"], "application/activity+json");
        assert_eq!(res.headers()["vary"], "Accept");
        let article: serde_json::Value = res.json().await.unwrap();
        assert_eq!(article["type"], "Article");
        assert_eq!(article["id"], app.url(&path).as_str());
        assert_eq!(article["name"], "Inhalte verhandeln");
        assert_eq!(article["attributedTo"], app.url("/ap/blog").as_str());
    }
    // A page is not federated; a missing post is 404 either way.
    let res = app
        .client
        .get(app.url("/ueber-uns/"))
        .header("accept", "application/activity+json")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    // Discovery documents.
    let actor: serde_json::Value = app
        .client
        .get(app.url("/ap/blog"))
        .header("accept", "application/activity+json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        actor["publicKey"]["publicKeyPem"]
            .as_str()
            .unwrap()
            .contains("BEGIN PUBLIC KEY")
    );
    assert_eq!(actor["preferredUsername"], "blog");
    let browser = app
        .client
        .get(app.url("/ap/blog"))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(browser.status(), 303);
    let links: serde_json::Value = app.get("/.well-known/nodeinfo").await.json().await.unwrap();
    let href = links["links"][0]["href"].as_str().unwrap().to_owned();
    let info: serde_json::Value = app
        .client
        .get(href)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(info["version"], "2.1");
    assert_eq!(info["software"]["name"], "beitrag");
    assert!(info["usage"]["localPosts"].as_i64().unwrap() >= 1);
    let outbox: serde_json::Value = app
        .get("/ap/blog/outbox?page=1")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(outbox["type"], "OrderedCollectionPage");
    assert!(
        outbox["orderedItems"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["object"]["name"] == "Inhalte verhandeln")
    );
    assert_eq!(app.get("/ap/blog/outbox?page=0").await.status(), 400);
    assert!(
        app.get("/.well-known/host-meta")
            .await
            .text()
            .await
            .unwrap()
            .contains("/.well-known/webfinger?resource={uri}")
    );
    app.stop().await;
}
