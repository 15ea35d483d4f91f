//! `/admin/terms/`: rename tags and categories, re-parent categories, and
//! merge one term into another — through the terms service, which records
//! redirects for every archive URL that moves.

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use beitrag_core::model::{Taxonomy, TermId};
use beitrag_core::service::access::Capability;
use beitrag_core::service::terms::{self, TermPatch};
use serde::Serialize;

use super::form::Fields;
use super::{render, require, tr};
use crate::auth::AdminSession;
use crate::error::WebError;
use crate::state::AppState;

#[derive(Debug, Serialize)]
struct Row {
    id: i64,
    name: String,
    slug: String,
    /// Full path of a category (`Social Media/Strategie`).
    path: String,
    parent: Option<i64>,
}

#[derive(Debug, Default, Serialize)]
struct Page {
    tags: Vec<Row>,
    categories: Vec<Row>,
    notice: Option<&'static str>,
    error: Option<String>,
}

async fn show_page(
    state: &AppState,
    me: &AdminSession,
    status: StatusCode,
    mut p: Page,
) -> Result<Response, WebError> {
    let site = state.site().await?;
    let mut all = state.read().terms().await?;
    all.sort_by_key(|t| t.name.to_lowercase());
    for t in all {
        let row = Row {
            id: t.id.0,
            path: site.directory.category_names(t.id),
            name: t.name,
            slug: t.slug,
            parent: t.parent.map(|p| p.0),
        };
        match t.taxonomy {
            Taxonomy::Tag => p.tags.push(row),
            Taxonomy::Category => p.categories.push(row),
        }
    }
    p.categories.sort_by(|a, b| a.path.cmp(&b.path));
    render(state, me, status, "terms.html", "terms", p).await
}

async fn allowed(state: &AppState, me: &AdminSession) -> Result<Option<Response>, WebError> {
    require(
        state,
        me,
        Capability::ManageTerms,
        "terms",
        "admin-terms-forbidden",
    )
    .await
}

/// `GET /admin/terms/`
pub(crate) async fn list(
    State(state): State<AppState>,
    me: AdminSession,
    RawQuery(query): RawQuery,
) -> Result<Response, WebError> {
    if let Some(denied) = allowed(&state, &me).await? {
        return Ok(denied);
    }
    let notice = match Fields::query(query.as_deref()).get("done") {
        Some("saved") => Some("admin-terms-saved"),
        Some("merged") => Some("admin-terms-merged"),
        _ => None,
    };
    show_page(
        &state,
        &me,
        StatusCode::OK,
        Page {
            notice,
            ..Page::default()
        },
    )
    .await
}

fn taxonomy(f: &Fields) -> Option<Taxonomy> {
    match f.get("taxonomy") {
        Some("tag") => Some(Taxonomy::Tag),
        Some("category") => Some(Taxonomy::Category),
        _ => None,
    }
}

async fn refused(
    state: &AppState,
    me: &AdminSession,
    e: beitrag_core::Error,
) -> Result<Response, WebError> {
    let site = state.site().await?;
    let text = match e {
        beitrag_core::Error::Invalid { field, message } => {
            format!("{field} {}", super::say(state, me, &site, &message))
        }
        beitrag_core::Error::SlugTaken(slug) => tr(
            state,
            me,
            &site,
            "admin-terms-slug-taken",
            &[("slug", slug.into())],
        ),
        beitrag_core::Error::NotFound => tr(state, me, &site, "admin-terms-not-found", &[]),
        other => return Err(other.into()),
    };
    let p = Page {
        error: Some(text),
        ..Page::default()
    };
    show_page(state, me, StatusCode::UNPROCESSABLE_ENTITY, p).await
}

/// `POST /admin/terms/{id}`: rename, re-parent.
pub(crate) async fn update(
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
    let Some(tax) = taxonomy(&f) else {
        return Err(WebError::BadRequest(
            "taxonomy must be tag or category".into(),
        ));
    };
    let patch = TermPatch {
        name: f.non_empty("name").map(str::to_owned),
        slug: None,
        parent: (tax == Taxonomy::Category && f.has("parent")).then(|| f.id("parent").map(TermId)),
    };
    match terms::update(state.core(), &me.actor(), tax, TermId(id), patch).await {
        Ok(_) => Ok(Redirect::to("/admin/terms/?done=saved").into_response()),
        Err(e) => refused(&state, &me, e).await,
    }
}

/// `POST /admin/terms/{id}/merge`
pub(crate) async fn merge(
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
    let (Some(tax), Some(into)) = (taxonomy(&f), f.id("into")) else {
        let site = state.site().await?;
        let p = Page {
            error: Some(tr(&state, &me, &site, "admin-terms-choose-merge", &[])),
            ..Page::default()
        };
        return show_page(&state, &me, StatusCode::UNPROCESSABLE_ENTITY, p).await;
    };
    match terms::merge(state.core(), &me.actor(), tax, TermId(id), TermId(into)).await {
        Ok(_) => Ok(Redirect::to("/admin/terms/?done=merged").into_response()),
        Err(e) => refused(&state, &me, e).await,
    }
}
