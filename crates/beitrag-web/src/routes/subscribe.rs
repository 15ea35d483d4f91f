//! Email subscriptions, double opt-in (`core::service::subscribers`):
//! `POST /subscribe` from the sidebar's form, `GET /subscribe/confirm`
//! from the mailed link, and `/unsubscribe` from every post mail — a `GET`
//! shows a page with a button, a `POST` (the button, or a mail program's
//! one-click request of RFC 8058) unsubscribes without a login. Answers
//! are themed pages that are never cached; a refusal is a 4xx page that
//! says what was wrong and stores nothing.

use std::collections::HashMap;
use std::net::SocketAddr;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use beitrag_core::service::subscribers;
use chrono::Utc;

use super::pages::{self, Button};
use crate::error::WebError;
use crate::state::AppState;

/// Longest form body we read: an address and some framing.
const MAX_FORM: usize = 4 * 1024;

fn page(status: StatusCode, html: String) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        html,
    )
        .into_response()
}

/// A themed page of two catalog messages.
async fn said(
    state: &AppState,
    status: StatusCode,
    heading: &str,
    text: &str,
    button: Option<Button>,
) -> Result<Response, WebError> {
    let site = state.site().await?;
    let text = state.i18n().t(&site.settings.language, text, &[]);
    let html = pages::message_with(state, heading, &text, None, button).await?;
    Ok(page(status, html))
}

/// `POST /subscribe`: stores a pending address and mails the link. The
/// answer is the same whether the address was new, pending or confirmed.
pub async fn subscribe(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    body: Bytes,
) -> Result<Response, WebError> {
    if body.len() > MAX_FORM {
        return said(
            &state,
            StatusCode::PAYLOAD_TOO_LARGE,
            "subscribe-failed-title",
            "subscribe-invalid-email",
            None,
        )
        .await;
    }
    let form = super::comments::parse_form(&body)?;
    let email = form.get("email").map(String::as_str).unwrap_or_default();
    match subscribers::subscribe(state.core(), email, Some(peer.ip()), Utc::now()).await {
        Ok(()) => {
            said(
                &state,
                StatusCode::OK,
                "subscribe-sent-title",
                "subscribe-sent-text",
                None,
            )
            .await
        }
        Err(beitrag_core::Error::Invalid { .. }) => {
            said(
                &state,
                StatusCode::BAD_REQUEST,
                "subscribe-failed-title",
                "subscribe-invalid-email",
                None,
            )
            .await
        }
        Err(beitrag_core::Error::Closed(_)) => {
            said(
                &state,
                StatusCode::FORBIDDEN,
                "subscribe-failed-title",
                "subscribe-unavailable",
                None,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

fn token(q: &HashMap<String, String>) -> &str {
    q.get("token").map(String::as_str).unwrap_or_default()
}

async fn invalid_link(state: &AppState) -> Result<Response, WebError> {
    said(
        state,
        StatusCode::BAD_REQUEST,
        "subscribe-failed-title",
        "subscribe-link-invalid",
        None,
    )
    .await
}

/// `GET /subscribe/confirm?token=…`: records the consent.
pub async fn confirm(
    State(state): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    match subscribers::confirm(state.core(), token(&q), Utc::now()).await {
        Ok(_) => {
            said(
                &state,
                StatusCode::OK,
                "subscribe-confirmed-title",
                "subscribe-confirmed-text",
                None,
            )
            .await
        }
        Err(beitrag_core::Error::Invalid { .. }) => invalid_link(&state).await,
        Err(e) => Err(e.into()),
    }
}

/// `GET /unsubscribe?token=…`: asks, with a button (a link scanner that
/// follows every link unsubscribes nobody).
pub async fn ask(
    State(state): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let token = token(&q);
    match subscribers::by_unsubscribe_token(state.core(), token).await {
        Ok(Some(_)) => {
            let site = state.site().await?;
            let label = state.i18n().t(
                &site.settings.language,
                "subscriber-unsubscribe-button",
                &[],
            );
            let action = format!(
                "/unsubscribe?token={}",
                url::form_urlencoded::byte_serialize(token.as_bytes()).collect::<String>()
            );
            said(
                &state,
                StatusCode::OK,
                "subscriber-unsubscribe-title",
                "subscriber-unsubscribe-text",
                Some(Button { action, label }),
            )
            .await
        }
        Ok(None) => gone(&state).await,
        Err(beitrag_core::Error::Invalid { .. }) => invalid_link(&state).await,
        Err(e) => Err(e.into()),
    }
}

async fn gone(state: &AppState) -> Result<Response, WebError> {
    said(
        state,
        StatusCode::OK,
        "subscriber-unsubscribe-title",
        "subscriber-unsubscribed-text",
        None,
    )
    .await
}

/// `POST /unsubscribe?token=…`: the one-click unsubscription (RFC 8058
/// §3.1: the body is `List-Unsubscribe=One-Click`; the token in the URL
/// is what counts). Doing it again is fine.
pub async fn unsubscribe(
    State(state): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    match subscribers::unsubscribe(state.core(), token(&q)).await {
        Ok(()) => gone(&state).await,
        Err(beitrag_core::Error::Invalid { .. }) => invalid_link(&state).await,
        Err(e) => Err(e.into()),
    }
}
