//! A server of the fediverse for the inbox tests, of the test's own making:
//! it has an actor with a key it made, serves notes it never delivers, and
//! signs (draft-cavage) whatever activity a test tells it to send.

use axum::routing::get;
use beitrag_core::model::{CommentKind, OpenClosed, PostKind};
use beitrag_federation::{cavage, keys};
use reqwest::header::{HeaderMap, HeaderValue};
use serde_json::{Value, json};

use crate::harness::{Options, TestApp, all_comments, published};

/// A server of the fediverse that signs what the test tells it to.
pub(crate) struct Sender {
    pub(crate) base: String,
    signer: keys::Signer,
    /// Notes it serves at `/notes/{n}` (and never delivers).
    pub(crate) notes: std::sync::Arc<std::sync::Mutex<std::collections::HashMap<String, Value>>>,
}

impl Sender {
    pub(crate) async fn start() -> Sender {
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
        let notes = std::sync::Arc::new(std::sync::Mutex::new(std::collections::HashMap::new()));
        let served = notes.clone();
        let app = app.route(
            "/notes/{n}",
            get(move |axum::extract::Path(n): axum::extract::Path<String>| {
                let note: Option<Value> = served.lock().unwrap().get(&n).cloned();
                async move {
                    match note {
                        Some(v) => (
                            axum::http::StatusCode::OK,
                            [("content-type", "application/activity+json")],
                            v.to_string(),
                        ),
                        None => (
                            axum::http::StatusCode::NOT_FOUND,
                            [("content-type", "text/plain")],
                            String::new(),
                        ),
                    }
                }
            }),
        );
        tokio::spawn(async move { axum::serve(listener, app).await });
        Sender {
            base,
            signer: keys::Signer::from_pem(&key.private_pem).unwrap(),
            notes,
        }
    }

    pub(crate) fn actor(&self) -> String {
        format!("{}/actor", self.base)
    }

    /// POSTs `body` to `app`'s shared inbox, signed, after `tweak`.
    pub(crate) async fn send(
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

    pub(crate) fn reply(&self, to: &str, n: u32) -> Value {
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

pub(crate) fn loopback() -> Options {
    Options {
        allow_private: vec!["127.0.0.0/8".into()],
        ..Options::default()
    }
}

pub(crate) async fn post_url(app: &TestApp, slug: &str, closed: bool) -> String {
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

pub(crate) async fn fediverse_replies(app: &TestApp) -> usize {
    all_comments(&*app.store, None, 100)
        .await
        .iter()
        .filter(|c| c.kind == CommentKind::Fediverse)
        .count()
}
