//! `/api/v1/tags` and `/api/v1/categories`: every caller lists them with
//! their post counts; those who may manage terms rename, re-parent and
//! merge them through `core::service::terms`, which keeps the slug in step
//! with the name and records redirects for every URL that moves.

use std::collections::HashMap;

use axum::Router;
use axum::extract::State;
use axum::routing::{get, post};
use beitrag_core::model::{Taxonomy, Term, TermId};
use beitrag_core::service::terms::{self, TermPatch};
use chrono::Utc;
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::{OpenApi, ToSchema};

use super::ApiJson;
use super::body::ApiPath as Path;
use crate::auth::ApiCaller;
use crate::error::WebError;
use crate::problem::Problem;
use crate::state::{AppState, Site};

#[derive(OpenApi)]
#[openapi(
    paths(
        list_tags,
        get_tag,
        update_tag,
        merge_tag,
        list_categories,
        get_category,
        update_category,
        merge_category
    ),
    components(schemas(TagOut, CategoryOut, TagPatch, CategoryPatch, MergeIn))
)]
pub(super) struct Api;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/tags", get(list_tags))
        .route("/api/v1/tags/{id}", get(get_tag).patch(update_tag))
        .route("/api/v1/tags/{id}/merge", post(merge_tag))
        .route("/api/v1/categories", get(list_categories))
        .route(
            "/api/v1/categories/{id}",
            get(get_category).patch(update_category),
        )
        .route("/api/v1/categories/{id}/merge", post(merge_category))
}

/// A tag.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct TagOut {
    id: i64,
    name: String,
    /// Follows the name (see `PATCH`).
    slug: String,
    /// The public archive.
    url: String,
    /// Posts visible now that carry it.
    count: i64,
}

/// A category.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct CategoryOut {
    id: i64,
    name: String,
    /// Follows the name (see `PATCH`).
    slug: String,
    /// The parent category; `null` at the top level.
    parent_id: Option<i64>,
    /// Slugs from the top, e.g. `social-media/strategie` (the posts list's
    /// `category` filter).
    path: String,
    /// Names from the top, e.g. `Social Media/Strategie` (what a post's
    /// `categories` holds).
    name_path: String,
    /// The public archive.
    url: String,
    /// Posts visible now that are in it (not counting sub-categories).
    count: i64,
}

/// Renaming a tag; absent fields stay as they are.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct TagPatch {
    /// New name, 1 to 100 characters; the slug follows it, and the old
    /// archive URL redirects to the new one.
    name: Option<String>,
    /// Must be the slug of the (new) name if sent: posts find their terms
    /// by name, so a slug of its own would split the tag.
    slug: Option<String>,
}

/// Renaming or moving a category; absent fields stay as they are.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct CategoryPatch {
    /// New name, 1 to 100 characters without `/`; the slug follows it.
    name: Option<String>,
    /// Must be the slug of the (new) name if sent.
    slug: Option<String>,
    /// New parent category, `null` for the top level. Moving a category
    /// under itself or one of its sub-categories is refused.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<i64>)]
    parent_id: Option<Option<i64>>,
}

/// What to merge into.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct MergeIn {
    /// The term of the same kind that takes over the posts (and, for
    /// categories, the sub-categories).
    into: i64,
}

/// `Some(value)` for a field that was sent, even as `null` (serde's
/// default would turn `null` into "absent").
fn present<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(d).map(Some)
}

async fn counts(state: &AppState) -> Result<HashMap<TermId, i64>, Problem> {
    Ok(state
        .read()
        .term_post_counts(Utc::now())
        .await?
        .into_iter()
        .collect())
}

fn tag_out(site: &Site, counts: &HashMap<TermId, i64>, t: &Term) -> TagOut {
    TagOut {
        id: t.id.0,
        name: t.name.clone(),
        slug: t.slug.clone(),
        url: site.url(&site.directory.term_path(t)),
        count: counts.get(&t.id).copied().unwrap_or(0),
    }
}

fn category_out(site: &Site, counts: &HashMap<TermId, i64>, t: &Term) -> CategoryOut {
    CategoryOut {
        id: t.id.0,
        name: t.name.clone(),
        slug: t.slug.clone(),
        parent_id: t.parent.map(|p| p.0),
        path: site.directory.category_path(t.id),
        name_path: site.directory.category_names(t.id),
        url: site.url(&site.directory.term_path(t)),
        count: counts.get(&t.id).copied().unwrap_or(0),
    }
}

/// Terms of one taxonomy, by name, as `render` makes them.
async fn listed<T>(
    state: &AppState,
    taxonomy: Taxonomy,
    render: fn(&Site, &HashMap<TermId, i64>, &Term) -> T,
) -> Result<Vec<T>, Problem> {
    let site = state.site().await?;
    let counts = counts(state).await?;
    Ok(site
        .directory
        .terms()
        .iter()
        .filter(|t| t.taxonomy == taxonomy)
        .map(|t| render(&site, &counts, t))
        .collect())
}

/// One term as `render` makes it, from a fresh snapshot.
async fn shown<T>(
    state: &AppState,
    taxonomy: Taxonomy,
    id: TermId,
    render: fn(&Site, &HashMap<TermId, i64>, &Term) -> T,
) -> Result<T, Problem> {
    let site = state.site().await?;
    let term = site
        .directory
        .term(id)
        .filter(|t| t.taxonomy == taxonomy)
        .ok_or(WebError::NotFound)?;
    Ok(render(&site, &counts(state).await?, term))
}

async fn rename<T>(
    state: &AppState,
    caller: &ApiCaller,
    taxonomy: Taxonomy,
    id: i64,
    patch: TermPatch,
    render: fn(&Site, &HashMap<TermId, i64>, &Term) -> T,
) -> Result<T, Problem> {
    let term = terms::update(state.core(), &caller.actor(), taxonomy, TermId(id), patch).await?;
    shown(state, taxonomy, term.id, render).await
}

async fn merged<T>(
    state: &AppState,
    caller: &ApiCaller,
    taxonomy: Taxonomy,
    id: i64,
    into: i64,
    render: fn(&Site, &HashMap<TermId, i64>, &Term) -> T,
) -> Result<T, Problem> {
    let (target, _) = terms::merge(
        state.core(),
        &caller.actor(),
        taxonomy,
        TermId(id),
        TermId(into),
    )
    .await?;
    shown(state, taxonomy, target.id, render).await
}

#[utoipa::path(
    get, path = "/tags", operation_id = "listTags", tag = "terms",
    responses(
        (status = 200, description = "Every tag, by name", body = Vec<TagOut>),
        (status = 401, body = Problem, content_type = "application/problem+json"),
    )
)]
async fn list_tags(
    State(state): State<AppState>,
    _caller: ApiCaller,
) -> Result<axum::Json<Vec<TagOut>>, Problem> {
    Ok(axum::Json(listed(&state, Taxonomy::Tag, tag_out).await?))
}

#[utoipa::path(
    get, path = "/tags/{id}", operation_id = "getTag", tag = "terms",
    params(("id" = i64, Path, description = "Tag id")),
    responses(
        (status = 200, body = TagOut),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
async fn get_tag(
    State(state): State<AppState>,
    _caller: ApiCaller,
    Path(id): Path<i64>,
) -> Result<axum::Json<TagOut>, Problem> {
    Ok(axum::Json(
        shown(&state, Taxonomy::Tag, TermId(id), tag_out).await?,
    ))
}

#[utoipa::path(
    patch, path = "/tags/{id}", operation_id = "updateTag", tag = "terms",
    params(("id" = i64, Path, description = "Tag id")),
    request_body = TagPatch,
    responses(
        (status = 200, body = TagOut),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Another tag has that slug: merge them instead", body = Problem, content_type = "application/problem+json"),
        (status = 415, body = Problem, content_type = "application/problem+json"),
    )
)]
async fn update_tag(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<TagPatch>,
) -> Result<axum::Json<TagOut>, Problem> {
    let patch = TermPatch {
        name: body.name,
        slug: body.slug,
        parent: None,
    };
    Ok(axum::Json(
        rename(&state, &caller, Taxonomy::Tag, id, patch, tag_out).await?,
    ))
}

#[utoipa::path(
    post, path = "/tags/{id}/merge", operation_id = "mergeTag", tag = "terms",
    params(("id" = i64, Path, description = "The tag that goes away")),
    request_body = MergeIn,
    responses(
        (status = 200, description = "The tag merged into, with its new count", body = TagOut),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 415, body = Problem, content_type = "application/problem+json"),
    )
)]
async fn merge_tag(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<MergeIn>,
) -> Result<axum::Json<TagOut>, Problem> {
    Ok(axum::Json(
        merged(&state, &caller, Taxonomy::Tag, id, body.into, tag_out).await?,
    ))
}

#[utoipa::path(
    get, path = "/categories", operation_id = "listCategories", tag = "terms",
    responses(
        (status = 200, description = "Every category, by name", body = Vec<CategoryOut>),
        (status = 401, body = Problem, content_type = "application/problem+json"),
    )
)]
async fn list_categories(
    State(state): State<AppState>,
    _caller: ApiCaller,
) -> Result<axum::Json<Vec<CategoryOut>>, Problem> {
    Ok(axum::Json(
        listed(&state, Taxonomy::Category, category_out).await?,
    ))
}

#[utoipa::path(
    get, path = "/categories/{id}", operation_id = "getCategory", tag = "terms",
    params(("id" = i64, Path, description = "Category id")),
    responses(
        (status = 200, body = CategoryOut),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
async fn get_category(
    State(state): State<AppState>,
    _caller: ApiCaller,
    Path(id): Path<i64>,
) -> Result<axum::Json<CategoryOut>, Problem> {
    Ok(axum::Json(
        shown(&state, Taxonomy::Category, TermId(id), category_out).await?,
    ))
}

#[utoipa::path(
    patch, path = "/categories/{id}", operation_id = "updateCategory", tag = "terms",
    params(("id" = i64, Path, description = "Category id")),
    request_body = CategoryPatch,
    responses(
        (status = 200, body = CategoryOut),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Another category has that slug: merge them instead", body = Problem, content_type = "application/problem+json"),
        (status = 415, body = Problem, content_type = "application/problem+json"),
    )
)]
async fn update_category(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<CategoryPatch>,
) -> Result<axum::Json<CategoryOut>, Problem> {
    let patch = TermPatch {
        name: body.name,
        slug: body.slug,
        parent: body.parent_id.map(|p| p.map(TermId)),
    };
    Ok(axum::Json(
        rename(&state, &caller, Taxonomy::Category, id, patch, category_out).await?,
    ))
}

#[utoipa::path(
    post, path = "/categories/{id}/merge", operation_id = "mergeCategory", tag = "terms",
    params(("id" = i64, Path, description = "The category that goes away")),
    request_body = MergeIn,
    responses(
        (status = 200, description = "The category merged into, with its new count", body = CategoryOut),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 415, body = Problem, content_type = "application/problem+json"),
    )
)]
async fn merge_category(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<MergeIn>,
) -> Result<axum::Json<CategoryOut>, Problem> {
    Ok(axum::Json(
        merged(
            &state,
            &caller,
            Taxonomy::Category,
            id,
            body.into,
            category_out,
        )
        .await?,
    ))
}
