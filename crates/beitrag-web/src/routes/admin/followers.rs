//! `/admin/followers`: who follows the blog in the fediverse, each
//! removable (they get nothing more), through the fediverse service.

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use beitrag_core::service::fediverse;
use serde::Serialize;

use super::design::denied;
use super::form::Fields;
use super::render;
use crate::auth::AdminSession;
use crate::error::WebError;
use crate::state::AppState;

#[derive(Debug, Serialize)]
struct Row {
    handle: String,
    actor: String,
    since: String,
}

#[derive(Debug, Default, Serialize)]
struct Page {
    rows: Vec<Row>,
    handle: String,
    notice: Option<&'static str>,
}

/// `GET /admin/followers`
pub(crate) async fn show(
    State(state): State<AppState>,
    me: AdminSession,
    RawQuery(query): RawQuery,
) -> Result<Response, WebError> {
    if let Some(denied) = denied(&state, &me, "followers").await? {
        return Ok(denied);
    }
    let site = state.site().await?;
    let zone = site.settings.timezone;
    let rows = fediverse::every_follower(state.core(), &me.actor())
        .await?
        .into_iter()
        .map(|f| Row {
            handle: f.handle,
            actor: f.remote,
            since: f
                .created_at
                .with_timezone(&zone)
                .format("%Y-%m-%d %H:%M")
                .to_string(),
        })
        .collect();
    let handle = format!(
        "@{}@{}",
        site.settings.fediverse_username,
        beitrag_federation::discovery::authority(&site.settings.base_url).unwrap_or_default()
    );
    let notice = Fields::query(query.as_deref())
        .has("removed")
        .then_some("admin-followers-removed");
    let p = Page {
        rows,
        handle,
        notice,
    };
    render(
        &state,
        &me,
        StatusCode::OK,
        "followers.html",
        "followers",
        p,
    )
    .await
}

/// `POST /admin/followers/remove`
pub(crate) async fn remove(
    State(state): State<AppState>,
    me: AdminSession,
    body: Bytes,
) -> Result<Response, WebError> {
    let f = Fields::parse(&body);
    f.check_csrf(&me)?;
    if let Some(denied) = denied(&state, &me, "followers").await? {
        return Ok(denied);
    }
    let actor = f.text("actor");
    match fediverse::remove_follower(state.core(), &me.actor(), &actor).await {
        Ok(()) | Err(beitrag_core::Error::NotFound) => {
            Ok(Redirect::to("/admin/followers?removed=1").into_response())
        }
        Err(e) => Err(e.into()),
    }
}
