//! What the inbox refuses, and how: a server of the test's own making
//! (`fediverse_sender`) sends unsigned, badly signed, mismatched, oversized
//! and malformed activities. Each gets a precise 4xx and leaves nothing
//! stored.

use reqwest::header::HeaderValue;
use serde_json::json;

use crate::fediverse_sender::{Sender, fediverse_replies, loopback, post_url};
use crate::harness::{Backend, TestApp};
use crate::on_both_backends;

on_both_backends!(the_inbox_refuses_what_it_cannot_trust);

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
