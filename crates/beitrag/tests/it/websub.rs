//! The blog as its own WebSub hub, against an independent subscriber
//! (`tests/peers/websub/subscriber.py`, Python's standard library): it
//! discovers the hub from a feed's `Link` headers, subscribes, answers the
//! challenge, receives a new post's feed and checks the HMAC signature
//! itself. Plus the refusals, expiry, the SSRF guard and an external hub.

use std::io::BufRead;
use std::sync::mpsc;
use std::time::Duration;

use beitrag_core::Actor;
use beitrag_core::model::{JobStatus, PostKind};
use beitrag_core::service::post;
use beitrag_core::store::JobFilter;
use serde_json::Value;

use crate::harness::{Backend, Options, TestApp, published, raw_execute};

/// The Python subscriber, killed when dropped.
pub struct Peer {
    child: std::process::Child,
    events: mpsc::Receiver<Value>,
    /// The port it listens on.
    pub port: u16,
}

impl Peer {
    pub fn start(args: &[&str]) -> Self {
        let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/peers/websub/subscriber.py");
        let mut child = std::process::Command::new("python3")
            .arg("-u")
            .arg(script)
            .args(args)
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("python3 runs");
        let stdout = child.stdout.take().unwrap();
        let (tx, events) = mpsc::channel();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stdout).lines() {
                let Ok(line) = line else { return };
                if let Ok(v) = serde_json::from_str::<Value>(&line)
                    && tx.send(v).is_err()
                {
                    return;
                }
            }
        });
        let mut peer = Self {
            child,
            events,
            port: 0,
        };
        let listening = peer.next("listening", 10);
        peer.port = u16::try_from(listening["port"].as_u64().unwrap()).unwrap();
        peer
    }

    /// The next event named `name` within `secs` seconds (others skipped).
    pub fn next(&mut self, name: &str, secs: u64) -> Value {
        self.maybe(name, secs)
            .unwrap_or_else(|| panic!("no {name:?} event within {secs} s"))
    }

    /// Like [`Peer::next`], `None` when none came.
    pub fn maybe(&mut self, name: &str, secs: u64) -> Option<Value> {
        let deadline = std::time::Instant::now() + Duration::from_secs(secs);
        loop {
            let left = deadline.checked_duration_since(std::time::Instant::now())?;
            match self.events.recv_timeout(left) {
                Ok(v) if v["event"] == name => return Some(v),
                Ok(_) => {}
                Err(_) => return None,
            }
        }
    }
}

impl Drop for Peer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn loopback() -> Options {
    Options {
        allow_private: vec!["127.0.0.1/32".into()],
        ..Options::default()
    }
}

pub async fn publish(app: &TestApp, slug: &str, title: &str) {
    post::save(
        &app.core,
        &Actor::Operator,
        published(PostKind::Post, slug, title, "Neu im Blog.", "admin"),
        None,
    )
    .await
    .unwrap();
}

async fn subscriptions(app: &TestApp) -> Vec<beitrag_core::model::WebSubSubscription> {
    app.core.read().websub_subscriptions().await.unwrap()
}

/// The newest 50 jobs.
pub async fn jobs(app: &TestApp) -> Vec<beitrag_core::model::JobState> {
    app.core
        .read()
        .jobs(
            &JobFilter {
                status: None,
                limit: 50,
            },
            chrono::Utc::now(),
        )
        .await
        .unwrap()
}

/// Waits until the newest job of `kind` is over; its state.
pub async fn settled(app: &TestApp, kind: &str) -> beitrag_core::model::JobState {
    for _ in 0..100 {
        let jobs = jobs(app).await;
        if let Some(job) = jobs.into_iter().find(|j| j.job.kind == kind)
            && matches!(
                job.status,
                JobStatus::Done | JobStatus::Failed | JobStatus::Cancelled
            )
        {
            return job;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("no {kind} job finished");
}

async fn delivers_new_posts_to_a_verified_subscriber(backend: Backend) {
    let app = TestApp::start_with(backend, loopback()).await;
    let res = app.get("/feed/atom/").await;
    let link = res.headers()["link"].to_str().unwrap().to_owned();
    assert_eq!(
        link,
        format!(
            "<{}>; rel=\"hub\", <{}>; rel=\"self\"",
            app.url("/websub"),
            app.url("/feed/atom/")
        )
    );
    let body = res.text().await.unwrap();
    assert!(
        body.contains(&format!("href=\"{}\" rel=\"hub\"", app.url("/websub"))),
        "{body}"
    );
    let json: Value = app.get("/feed/json/").await.json().await.unwrap();
    assert_eq!(json["hubs"][0]["url"], app.url("/websub"));

    let mut peer = Peer::start(&["--feed", &app.url("/feed/atom/"), "--secret", "geheim-42"]);
    assert_eq!(peer.next("subscribed", 10)["status"], 202);
    let verify = peer.next("verify", 10);
    assert_eq!(verify["mode"], "subscribe");
    assert_eq!(verify["topic"], app.url("/feed/atom/"));
    assert_eq!(verify["lease_seconds"], "864000", "the default lease");
    assert_eq!(verify["has_challenge"], true);
    settled(&app, "websub.verify").await;
    let subs = subscriptions(&app).await;
    assert_eq!(subs.len(), 1, "verified: {subs:?}");
    assert_eq!(subs[0].secret, "geheim-42");

    publish(&app, "hub-neu", "Frisch über den Hub").await;
    let content = peer.next("content", 15);
    assert_eq!(content["signed"], true);
    assert_eq!(content["signature_ok"], true, "{content}");
    assert_eq!(content["hub"], app.url("/websub"));
    assert_eq!(content["self"], app.url("/feed/atom/"));
    assert!(
        content["content_type"]
            .as_str()
            .unwrap()
            .starts_with("application/atom+xml")
    );
    assert_eq!(content["titles"][0], "Frisch über den Hub", "{content}");

    // A scheduled post is delivered when it appears, not when it is saved.
    let mut later = published(
        PostKind::Post,
        "geplant",
        "Geplant für gleich",
        "Bald.",
        "admin",
    );
    later.published_at = Some(chrono::Utc::now() + chrono::Duration::seconds(2));
    post::save(&app.core, &Actor::Operator, later, None)
        .await
        .unwrap();
    let content = peer.next("content", 15);
    assert_eq!(content["titles"][0], "Geplant für gleich", "{content}");
    assert_eq!(content["signature_ok"], true);

    // An expired lease receives nothing more.
    raw_execute(&app, "update websub_subscriptions set expires_at = 1").await;
    publish(&app, "hub-spaeter", "Nach dem Ablauf").await;
    settled(&app, "followers.announce").await;
    assert!(peer.maybe("content", 3).is_none(), "expired: no delivery");

    // Unsubscribing is verified like subscribing, then the row is gone.
    let callback = subs[0].callback.clone();
    let (status, _) = post_form(
        &app,
        &[
            ("hub.mode", "unsubscribe"),
            ("hub.topic", &app.url("/feed/atom/")),
            ("hub.callback", &callback),
        ],
    )
    .await;
    assert_eq!(status, 202);
    let verify = peer.next("verify", 10);
    assert_eq!(verify["mode"], "unsubscribe");
    assert!(verify["lease_seconds"].is_null());
    for _ in 0..50 {
        if subscriptions(&app).await.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(subscriptions(&app).await.is_empty());
    app.stop().await;
}

async fn post_form(app: &TestApp, fields: &[(&str, &str)]) -> (u16, String) {
    let body = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(fields)
        .finish();
    let res = app
        .client
        .post(app.url("/websub"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

async fn refuses_bad_requests_and_stores_nothing(backend: Backend) {
    let app = TestApp::start_with(backend, loopback()).await;
    let topic = app.url("/feed/");
    let callback = "http://127.0.0.1:9/cb";
    let long_secret = "s".repeat(200);
    let post_page = app.url("/2011/02/fuenf-regeln-fuer-gute-moderation/");
    let no_tag = app.url("/tag/gibt-es-nicht/feed/");
    let cases: Vec<(Vec<(&str, &str)>, &str)> = vec![
        (
            vec![
                ("hub.mode", "subscribe"),
                ("hub.topic", "https://elsewhere.example/feed/"),
                ("hub.callback", callback),
            ],
            "hub.topic",
        ),
        (
            vec![
                ("hub.mode", "subscribe"),
                ("hub.topic", &post_page),
                ("hub.callback", callback),
            ],
            "hub.topic",
        ),
        (
            vec![
                ("hub.mode", "subscribe"),
                ("hub.topic", &no_tag),
                ("hub.callback", callback),
            ],
            "hub.topic",
        ),
        (
            vec![
                ("hub.mode", "subscribe"),
                ("hub.topic", &topic),
                ("hub.callback", "ftp://127.0.0.1/cb"),
            ],
            "hub.callback",
        ),
        (
            vec![("hub.mode", "subscribe"), ("hub.topic", &topic)],
            "hub.callback",
        ),
        (
            vec![
                ("hub.mode", "subscribe"),
                ("hub.topic", &topic),
                ("hub.callback", callback),
                ("hub.secret", &long_secret),
            ],
            "hub.secret",
        ),
        (
            vec![
                ("hub.mode", "subscribe"),
                ("hub.topic", &topic),
                ("hub.callback", callback),
                ("hub.lease_seconds", "bald"),
            ],
            "hub.lease_seconds",
        ),
        (
            vec![
                ("hub.mode", "publish"),
                ("hub.topic", &topic),
                ("hub.callback", callback),
            ],
            "hub.mode",
        ),
    ];
    for (fields, field) in cases {
        let (status, text) = post_form(&app, &fields).await;
        assert_eq!(status, 400, "{fields:?}: {text}");
        assert!(text.starts_with(field), "{fields:?}: {text}");
    }
    let bad = app
        .client
        .post(app.url("/websub"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(b"hub.mode=%FF".to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
    let queued = jobs(&app).await;
    assert!(!queued.iter().any(|j| j.job.kind == "websub.verify"));

    // A subscriber that does not echo the challenge is not subscribed.
    for answer in ["wrong", "missing"] {
        let mut peer = Peer::start(&["--feed", &topic, "--answer", answer]);
        assert_eq!(peer.next("subscribed", 10)["status"], 202);
        peer.next("verify", 10);
        let job = settled(&app, "websub.verify").await;
        assert_eq!(job.status, JobStatus::Failed, "{answer}");
        assert!(
            job.last_error.contains("did not confirm"),
            "{}",
            job.last_error
        );
        assert!(subscriptions(&app).await.is_empty(), "{answer}");
        raw_execute(&app, "delete from jobs where kind = 'websub.verify'").await;
    }
    app.stop().await;
}

/// Under the default outbound settings a callback on a private address is
/// refused by the SSRF guard, and what the job records names no address.
async fn refuses_callbacks_on_private_addresses(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut peer = Peer::start(&["--listen-only"]);
    let callback = format!("http://localhost:{}/cb", peer.port);
    let (status, _) = post_form(
        &app,
        &[
            ("hub.mode", "subscribe"),
            ("hub.topic", &app.url("/feed/")),
            ("hub.callback", &callback),
        ],
    )
    .await;
    assert_eq!(status, 202);
    let job = settled(&app, "websub.verify").await;
    assert_eq!(job.status, JobStatus::Failed);
    assert!(
        job.last_error.contains("the host is not allowed"),
        "{}",
        job.last_error
    );
    for address in ["127.0.0.1", "::1"] {
        assert!(!job.last_error.contains(address), "{}", job.last_error);
    }
    assert!(peer.maybe("verify", 1).is_none(), "nothing reached it");
    assert!(subscriptions(&app).await.is_empty());
    app.stop().await;
}

/// With an external hub configured the feeds name it, our endpoint sends
/// subscribers there, and a publication pings it.
async fn pings_an_external_hub_when_configured(backend: Backend) {
    let app = TestApp::start_with(backend, loopback()).await;
    let mut hub = Peer::start(&["--listen-only"]);
    let hub_url = format!("http://127.0.0.1:{}/hub", hub.port);
    beitrag_core::service::settings::set(&app.core, &Actor::Operator, "websub_hub", &hub_url)
        .await
        .unwrap();
    let res = app.get("/feed/").await;
    assert!(
        res.headers()["link"]
            .to_str()
            .unwrap()
            .starts_with(&format!("<{hub_url}>; rel=\"hub\"")),
    );
    let rss = res.text().await.unwrap();
    assert!(
        rss.contains(&format!("href=\"{hub_url}\" rel=\"hub\"")),
        "{rss}"
    );
    let (status, text) = post_form(
        &app,
        &[
            ("hub.mode", "subscribe"),
            ("hub.topic", &app.url("/feed/")),
            ("hub.callback", "http://127.0.0.1:9/cb"),
        ],
    )
    .await;
    assert_eq!(status, 400);
    assert!(text.contains(&hub_url), "{text}");

    publish(&app, "extern", "Für den externen Hub").await;
    let mut pinged = Vec::new();
    while let Some(ping) = hub.maybe("post", 10) {
        assert_eq!(ping["form"]["hub.mode"], "publish");
        pinged.push(ping["form"]["hub.url"].as_str().unwrap().to_owned());
        if pinged.len() == 6 {
            break;
        }
    }
    for path in [
        "/feed/",
        "/feed/atom/",
        "/feed/json/",
        "/author/admin/feed/",
    ] {
        assert!(pinged.contains(&app.url(path)), "{path}: {pinged:?}");
    }
    app.stop().await;
}

crate::on_both_backends!(
    delivers_new_posts_to_a_verified_subscriber,
    refuses_bad_requests_and_stores_nothing,
    refuses_callbacks_on_private_addresses,
    pings_an_external_hub_when_configured,
);
