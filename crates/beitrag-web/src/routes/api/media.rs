//! `/api/v1/media`: upload (the raw file as the body, its type in
//! `Content-Type`, its name in `?name=`, its alt text in `?alt=`), list,
//! get, change the alt text, delete.

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use beitrag_core::model::{Media, MediaId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

use super::body::{ApiJson, ApiPath as Path, ApiQuery as Query};
use super::{Page, Paging};
use crate::auth::ApiCaller;
use crate::problem::Problem;
use crate::state::{AppState, Site};

#[derive(OpenApi)]
#[openapi(
    paths(list, upload, get_one, update, delete),
    components(schemas(MediaOut, MediaIn, VariantOut, Page<MediaOut>))
)]
pub(super) struct Api;

pub(super) fn router(upload_limit: usize) -> Router<AppState> {
    Router::new()
        .route(
            "/api/v1/media",
            get(list)
                .post(upload)
                .layer(DefaultBodyLimit::max(upload_limit)),
        )
        .route(
            "/api/v1/media/{id}",
            get(get_one).patch(update).delete(delete),
        )
}

/// A resized copy.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct VariantOut {
    url: String,
    width: u32,
    height: u32,
}

/// An upload.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct MediaOut {
    id: i64,
    /// Where the original is served.
    url: String,
    /// The uploader's file name.
    name: String,
    /// What the image shows, for readers who cannot see it (empty for
    /// documents and undescribed images).
    alt: String,
    /// Sniffed type.
    mime: String,
    size: u64,
    width: Option<u32>,
    height: Option<u32>,
    /// Resized WebP copies, narrowest first.
    variants: Vec<VariantOut>,
    /// Markdown that inserts it into a post.
    markdown: String,
    /// Login of the uploader.
    uploaded_by: String,
    created_at: DateTime<Utc>,
}

/// `caller` knows their own login even before the site snapshot (which
/// names every other uploader) has been refreshed.
pub(crate) fn media_out(site: &Site, caller: &beitrag_core::model::User, m: &Media) -> MediaOut {
    MediaOut {
        id: m.id.0,
        markdown: m.markdown(),
        url: site.url(&m.url()),
        name: m.name.clone(),
        alt: m.alt.clone(),
        mime: m.mime.clone(),
        size: m.size,
        width: m.width,
        height: m.height,
        variants: m
            .variants
            .iter()
            .map(|v| VariantOut {
                url: site.url(&format!("/media/{}", v.path)),
                width: v.width,
                height: v.height,
            })
            .collect(),
        uploaded_by: if m.uploaded_by == caller.id {
            caller.login.clone()
        } else {
            site.directory.login(m.uploaded_by).to_owned()
        },
        created_at: m.created_at,
    }
}

/// `?name=` of an upload.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct UploadName {
    /// The file name to show (the stored name is derived from it).
    name: Option<String>,
    /// What an image shows, for readers who cannot see it (at most 500
    /// characters; may be left out).
    alt: Option<String>,
}

/// A change to an upload.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct MediaIn {
    /// The new alt text (at most 500 characters; an image's may not be empty).
    alt: String,
}

#[utoipa::path(
    post, path = "/media", operation_id = "uploadMedia", tag = "media",
    params(UploadName),
    request_body(content = Vec<u8>, description = "The file itself; its type is sniffed and must match Content-Type", content_type = "application/octet-stream"),
    responses(
        (status = 201, body = MediaOut),
        (status = 400, description = "The file name or alt text is not usable", body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 413, body = Problem, content_type = "application/problem+json"),
        (status = 415, body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The file is empty or cannot be read as its type", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn upload(
    State(state): State<AppState>,
    caller: ApiCaller,
    Query(q): Query<UploadName>,
    headers: HeaderMap,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<Response, Problem> {
    let body = body.map_err(|e| Problem::new(e.status(), e.body_text()))?;
    let claimed = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.split(';').next().unwrap_or("").trim().to_owned());
    let name = q.name.unwrap_or_else(|| "upload".into());
    let alt = q.alt.unwrap_or_default();
    let media = crate::media::upload(
        &state,
        &caller.user,
        &name,
        claimed.as_deref(),
        body,
        beitrag_core::service::media::Alt::Optional(&alt),
    )
    .await?;
    let site = state.site().await?;
    let mut res = (
        StatusCode::CREATED,
        axum::Json(media_out(&site, &caller.user, &media)),
    )
        .into_response();
    if let Ok(v) = format!("/api/v1/media/{}", media.id.0).parse() {
        res.headers_mut().insert(header::LOCATION, v);
    }
    Ok(res)
}

#[utoipa::path(
    get, path = "/media", operation_id = "listMedia", tag = "media",
    params(Paging),
    responses((status = 200, body = Page<MediaOut>))
)]
async fn list(
    State(state): State<AppState>,
    caller: ApiCaller,
    Query(paging): Query<Paging>,
) -> Result<axum::Json<Page<MediaOut>>, Problem> {
    beitrag_core::service::access::require(
        &caller.user,
        beitrag_core::service::access::Capability::UploadMedia,
    )?;
    let (limit, offset, page, per_page) = paging.limit_offset()?;
    let (items, total) = state.read().media_list(limit, offset).await?;
    let site = state.site().await?;
    Ok(axum::Json(Page {
        items: items
            .iter()
            .map(|m| media_out(&site, &caller.user, m))
            .collect(),
        total,
        page,
        per_page,
    }))
}

#[utoipa::path(
    get, path = "/media/{id}", operation_id = "getMedia", tag = "media",
    params(("id" = i64, Path, description = "Media id")),
    responses(
        (status = 200, body = MediaOut),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
async fn get_one(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
) -> Result<axum::Json<MediaOut>, Problem> {
    beitrag_core::service::access::require(
        &caller.user,
        beitrag_core::service::access::Capability::UploadMedia,
    )?;
    let m = state
        .read()
        .media_by_id(MediaId(id))
        .await?
        .ok_or_else(|| Problem::from(crate::error::WebError::NotFound))?;
    let site = state.site().await?;
    Ok(axum::Json(media_out(&site, &caller.user, &m)))
}

#[utoipa::path(
    patch, path = "/media/{id}", operation_id = "updateMedia", tag = "media",
    params(("id" = i64, Path, description = "Media id")),
    request_body = MediaIn,
    responses(
        (status = 200, body = MediaOut),
        (status = 400, description = "The alt text is not usable", body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 415, body = Problem, content_type = "application/problem+json"),
    )
)]
async fn update(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<MediaIn>,
) -> Result<axum::Json<MediaOut>, Problem> {
    let m = beitrag_core::service::media::set_alt(
        state.core(),
        &caller.actor(),
        MediaId(id),
        &body.alt,
    )
    .await?;
    let site = state.site().await?;
    Ok(axum::Json(media_out(&site, &caller.user, &m)))
}

#[utoipa::path(
    delete, path = "/media/{id}", operation_id = "deleteMedia", tag = "media",
    params(("id" = i64, Path, description = "Media id")),
    responses(
        (status = 204, description = "Deleted with its variants"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
async fn delete(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
) -> Result<StatusCode, Problem> {
    crate::media::remove(&state, &caller.user, MediaId(id)).await?;
    Ok(StatusCode::NO_CONTENT)
}
