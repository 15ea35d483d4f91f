//! `/admin/subscribers/`: the blog's followers outside the fediverse —
//! email subscribers (pending or confirmed, with the time of their
//! consent), removable one by one, and the WebSub subscriptions with their
//! leases. Administrators only: addresses are personal data.

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use beitrag_core::model::SubscriberId;
use beitrag_core::service::access::Capability;
use beitrag_core::service::subscribers;
use serde::Serialize;

use super::form::Fields;
use super::{render, require, when};
use crate::auth::AdminSession;
use crate::error::WebError;
use crate::state::AppState;

#[derive(Debug, Serialize)]
struct Row {
    id: i64,
    email: String,
    created: String,
    /// When they confirmed; `None` while pending.
    confirmed: Option<String>,
}

#[derive(Debug, Serialize)]
struct Feed {
    topic: String,
    callback: String,
    expires: String,
}

#[derive(Debug, Serialize)]
struct Page {
    rows: Vec<Row>,
    feeds: Vec<Feed>,
    notice: Option<&'static str>,
}

async fn allowed(state: &AppState, me: &AdminSession) -> Result<Option<Response>, WebError> {
    require(
        state,
        me,
        Capability::ManageSettings,
        "subscribers",
        "admin-subscribers-forbidden",
    )
    .await
}

/// `GET /admin/subscribers/`
pub(crate) async fn list(
    State(state): State<AppState>,
    me: AdminSession,
    RawQuery(query): RawQuery,
) -> Result<Response, WebError> {
    if let Some(denied) = allowed(&state, &me).await? {
        return Ok(denied);
    }
    let site = state.site().await?;
    let rows = subscribers::list(state.core(), &me.actor())
        .await?
        .into_iter()
        .map(|s| Row {
            id: s.id.0,
            created: when(&state, &me, &site, s.created_at),
            confirmed: s.confirmed_at.map(|t| when(&state, &me, &site, t)),
            email: s.email,
        })
        .collect();
    let feeds = state
        .read()
        .websub_subscriptions()
        .await?
        .into_iter()
        .map(|s| Feed {
            expires: when(&state, &me, &site, s.expires_at),
            topic: s.topic,
            callback: s.callback,
        })
        .collect();
    let notice = match Fields::query(query.as_deref()).get("done") {
        Some("removed") => Some("admin-subscribers-removed"),
        _ => None,
    };
    let page = Page {
        rows,
        feeds,
        notice,
    };
    render(
        &state,
        &me,
        StatusCode::OK,
        "subscribers.html",
        "subscribers",
        page,
    )
    .await
}

/// `POST /admin/subscribers/{id}/remove`
pub(crate) async fn remove(
    State(state): State<AppState>,
    me: AdminSession,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Response, WebError> {
    let f = Fields::parse(&body);
    f.check_csrf(&me)?;
    if let Some(denied) = allowed(&state, &me).await? {
        return Ok(denied);
    }
    subscribers::remove(state.core(), &me.actor(), SubscriberId(id)).await?;
    Ok(Redirect::to("/admin/subscribers/?done=removed").into_response())
}
