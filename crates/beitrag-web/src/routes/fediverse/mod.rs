//! The blog in the fediverse: discovery (WebFinger, host-meta, NodeInfo),
//! the blog actor and its collections, the inbox, and posts answered as
//! ActivityStreams to clients that ask for it (`Accept`).

mod chain;
mod discovery;
mod inbox;
mod keys;
mod objects;

use axum::Router;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use beitrag_federation::vocab::CONTENT_TYPE;
use serde_json::Value;

use crate::state::AppState;

pub(crate) use objects::object_at;

/// Largest activity we read (the 256 KiB; Mastodon's own is 1 MiB
/// for statuses with many mentions, but a reply to a blog never is).
const MAX_ACTIVITY: usize = 256 * 1024;

/// The routes, with the inbox's own body limit.
pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route("/.well-known/webfinger", get(discovery::webfinger))
        .route("/.well-known/host-meta", get(discovery::host_meta))
        .route("/.well-known/nodeinfo", get(discovery::nodeinfo_links))
        .route("/nodeinfo/2.1", get(discovery::nodeinfo))
        .route("/ap/blog", get(objects::actor))
        .route("/ap/blog/outbox", get(objects::outbox))
        .route("/ap/blog/followers", get(objects::followers))
        .route("/ap/blog/following", get(objects::following))
        .route("/ap/blog/featured", get(objects::featured))
        .route("/ap/comments/{id}", get(objects::comment))
        .route("/ap/blog/inbox", post(inbox::receive))
        .route("/ap/inbox", post(inbox::receive))
        .layer(axum::extract::DefaultBodyLimit::max(MAX_ACTIVITY))
}

/// Whether a request asks for ActivityStreams rather than HTML.
pub(crate) fn wants_activity(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| {
            v.contains("application/activity+json")
                || (v.contains("application/ld+json") && v.contains("activitystreams"))
        })
}

/// An ActivityStreams answer; `Vary: Accept` because the same URL is HTML
/// for browsers.
pub(crate) fn activity_json(status: StatusCode, value: &Value) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(CONTENT_TYPE)),
            (header::VARY, HeaderValue::from_static("Accept")),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("max-age=60"),
            ),
        ],
        value.to_string(),
    )
        .into_response()
}

/// A refusal other servers can read: a status and one line of text.
fn refuse(status: StatusCode, why: &str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        format!("{why}\n"),
    )
        .into_response()
}
