//! The hot path: a cached public page answered before the router, as a
//! static file server would — one lookup, stored headers, a shared body.
//!
//! It wraps the whole [`Router`] as a service rather than being one of its
//! layers: axum applies `Router::layer` to every route after matching, so a
//! middleware there still paid for route matching, a boxed future and a
//! clone of the inner stack per request. Anything unusual (a query, an
//! escaped path, a visitor's own pending comments, a miss) goes on to the
//! router unchanged.

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, Method, header};
use axum::response::Response;
use tower::Service;

use super::{CSP, MAX_PATH, NOSNIFF, REFERRER_POLICY, comments, http};
use crate::state::AppState;

/// The router behind the page cache's hot path: the service `beitrag
/// serve` runs.
#[derive(Clone)]
pub struct HotPath {
    state: AppState,
    routes: Router,
}

impl HotPath {
    /// The whole application for `state`.
    pub fn new(state: AppState) -> Self {
        Self {
            routes: super::router(state.clone()),
            state,
        }
    }
}

/// A hit, answered at once, or the router's answer.
pub enum Answer {
    /// The cached page (taken when polled).
    Hit(Option<Response>),
    /// Everything else; boxed, as a miss renders anyway.
    Routed(Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>),
}

impl Future for Answer {
    type Output = Result<Response, Infallible>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.get_mut() {
            Answer::Hit(res) => Poll::Ready(Ok(res.take().unwrap_or_default())),
            Answer::Routed(fut) => fut.as_mut().poll(cx),
        }
    }
}

impl Service<Request> for HotPath {
    type Response = Response;
    type Error = Infallible;
    type Future = Answer;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Service::<Request>::poll_ready(&mut self.routes, cx)
    }

    fn call(&mut self, req: Request) -> Answer {
        match hit(&self.state, &req) {
            Some(res) => Answer::Hit(Some(res)),
            None => Answer::Routed(Box::pin(self.routes.call(req))),
        }
    }
}

fn hit(state: &AppState, req: &Request) -> Option<Response> {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return None;
    }
    let uri = req.uri();
    let path = uri.path();
    // Without `%` the decoded path (the cache key) is the raw one.
    if uri.query().is_some() || path.len() > MAX_PATH || path.contains('%') {
        return None;
    }
    if comments::may_have_pending(req.headers()) {
        return None;
    }
    if super::fediverse::wants_activity(req.headers()) {
        return None;
    }
    let page = state.cache().hit(path)?;
    state.metrics().cache_hit();
    let mut res = http::conditional(&page, req.headers());
    let h = res.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static(NOSNIFF),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static(REFERRER_POLICY),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    Some(res)
}
