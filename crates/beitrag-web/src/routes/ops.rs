//! For operators and load balancers: `/healthz` (the process answers),
//! `/readyz` (the database answers with this binary's schema, and the
//! media storage is reachable), `/metrics` (see [`crate::metrics`]), and
//! the request id every routed request logs under and answers with.

use std::sync::LazyLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tracing::Instrument;

use crate::error::WebError;
use crate::state::AppState;

/// The header carrying the request id, in and out.
pub const REQUEST_ID: &str = "x-request-id";

/// `GET /healthz`: answers while the process runs, touching nothing else.
pub(crate) async fn healthz() -> impl IntoResponse {
    ([(header::CACHE_CONTROL, "no-store")], "ok\n")
}

/// How long each readiness check may take.
const READY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(2);

/// Whether `check` succeeds within [`READY_TIMEOUT`]; why not goes to the
/// log only.
async fn answers<T, E: std::fmt::Debug>(
    what: &str,
    check: impl std::future::Future<Output = Result<T, E>>,
) -> bool {
    match tokio::time::timeout(READY_TIMEOUT, check).await {
        Ok(Ok(_)) => true,
        Ok(Err(e)) => {
            tracing::warn!(error = ?e, "not ready: {what}");
            false
        }
        Err(_) => {
            tracing::warn!("not ready: the {what} did not answer within 2 s");
            false
        }
    }
}

/// `GET /readyz`: 200 when requests can be served, else 503 naming what
/// is not ready (never an address or a driver's message: those are logged).
pub(crate) async fn readyz(State(state): State<AppState>) -> Response {
    // Listing a prefix that never holds anything reaches the storage
    // without writing to it. Both checks at once: a slow one does not
    // delay the other.
    let (database, storage) = tokio::join!(
        answers("database", state.core().database_ready()),
        answers("media storage", state.media().probe()),
    );
    let problems: Vec<&str> = [(database, "database"), (storage, "media storage")]
        .into_iter()
        .filter(|(ok, _)| !ok)
        .map(|(_, what)| what)
        .collect();
    let (status, body) = if problems.is_empty() {
        (StatusCode::OK, "ready\n".to_owned())
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            format!("not ready: {}\n", problems.join(", ")),
        )
    };
    (status, [(header::CACHE_CONTROL, "no-store")], body).into_response()
}

/// `GET /metrics`
pub(crate) async fn metrics(State(state): State<AppState>) -> Result<Response, WebError> {
    let body = crate::metrics::render(&state).await?;
    Ok((
        [
            (header::CONTENT_TYPE, crate::metrics::CONTENT_TYPE),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response())
}

/// The `/metrics` route, or none when it is served on an address of its own.
pub(crate) fn metrics_router(on_main: bool) -> Router<AppState> {
    if on_main {
        Router::new().route("/metrics", get(metrics))
    } else {
        Router::new()
    }
}

/// Process-wide: a random start, so ids of two instances (or two runs)
/// do not collide, then one more per request.
static NEXT_ID: LazyLock<AtomicU64> = LazyLock::new(|| AtomicU64::new(rand::random::<u64>()));

/// The id a request is known by: the proxy's, when it sent a plain one,
/// else a new one.
fn request_id(req: &Request) -> String {
    let given = req
        .headers()
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| {
            (1..=64).contains(&v.len())
                && v.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        });
    match given {
        Some(id) => id.to_owned(),
        None => format!("{:016x}", NEXT_ID.fetch_add(1, Ordering::Relaxed)),
    }
}

/// Every routed request: logged within a span holding its id, answered
/// with `X-Request-Id`, counted by route and status with its latency.
pub(crate) async fn observe(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let started = Instant::now();
    // Route patterns, never raw paths: the label set stays small. The
    // pages, posts and feeds behind the dispatcher share one name.
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "pages".to_owned(), |p| p.as_str().to_owned());
    let id = request_id(&req);
    let span = tracing::info_span!("request", id = %id, method = %req.method(), route = %route);
    let mut res = next.run(req).instrument(span).await;
    if let Ok(value) = HeaderValue::from_str(&id) {
        res.headers_mut().insert(REQUEST_ID, value);
    }
    state
        .metrics()
        .request(&route, res.status(), started.elapsed().as_secs_f64());
    res
}
