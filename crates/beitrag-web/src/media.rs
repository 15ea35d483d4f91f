//! Uploads for the admin and the API: the rules (who may upload or
//! delete, unique names) are `core::service::media`'s; this prepares the
//! file off the async threads (sniffing, limits, variants), stores objects
//! and row all-or-nothing, and serves stored objects at `/media/…`.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use beitrag_core::Actor;
use beitrag_core::model::{Media, MediaId, MediaVariant, User};
use beitrag_core::service::media as rules;
use beitrag_media::{Limits, MediaError, Prepared, prepare};
use chrono::Utc;

use crate::error::WebError;
use crate::state::AppState;

/// The one mapping from media errors to web errors.
pub fn web_error(e: MediaError) -> WebError {
    match e.status_hint() {
        413 => WebError::TooLarge(e.to_string()),
        415 => WebError::UnsupportedType(e.to_string()),
        422 => WebError::Unprocessable(e.to_string()),
        400 => WebError::BadRequest(e.to_string()),
        _ => WebError::Internal(e.to_string()),
    }
}

/// Stores an upload by `user`. Nothing is kept when any step fails.
pub async fn upload(
    state: &AppState,
    user: &User,
    name: &str,
    claimed_type: Option<&str>,
    bytes: Bytes,
) -> Result<Media, WebError> {
    let actor = Actor::User(user.clone());
    rules::check_upload(&actor)?;
    let limits = Limits {
        max_bytes: state.options().max_upload_bytes,
        ..Limits::default()
    };
    let (name_owned, claimed) = (name.to_owned(), claimed_type.map(str::to_owned));
    let mut prepared: Prepared = tokio::task::spawn_blocking(move || {
        prepare(&name_owned, claimed.as_deref(), &bytes, &limits)
    })
    .await
    .map_err(|e| WebError::Internal(format!("preparing the upload failed: {e}")))?
    .map_err(web_error)?;
    let now = Utc::now();
    let prefix = now.format("%Y/%m").to_string();
    prepared.name =
        rules::unique_name(state.read(), &prefix, prepared.stem(), prepared.ext).await?;
    let stored = state
        .media()
        .save(&prefix, &prepared)
        .await
        .map_err(web_error)?;
    let media = Media {
        id: MediaId(0),
        path: stored.original.clone(),
        name: name.chars().take(200).collect(),
        mime: stored.mime.clone(),
        size: stored.size,
        width: stored.width,
        height: stored.height,
        variants: stored
            .variants
            .iter()
            .map(|v| MediaVariant {
                path: v.path.clone(),
                width: v.width,
                height: v.height,
            })
            .collect(),
        uploaded_by: user.id,
        created_at: now,
    };
    match rules::record(state.core(), &actor, &media).await {
        Ok(m) => Ok(m),
        Err(e) => {
            if let Err(cleanup) = state.media().delete(stored.paths()).await {
                tracing::warn!(error = %cleanup, "cannot remove objects of a failed upload");
            }
            Err(e.into())
        }
    }
}

/// Deletes an upload: its own uploader, or an editor.
pub async fn remove(state: &AppState, user: &User, id: MediaId) -> Result<(), WebError> {
    let media = match rules::remove(state.core(), &Actor::User(user.clone()), id).await {
        Ok(m) => m,
        Err(beitrag_core::Error::NotFound) => return Err(WebError::NotFound),
        Err(e) => return Err(e.into()),
    };
    let mut paths = vec![media.path.clone()];
    paths.extend(media.variants.iter().map(|v| v.path.clone()));
    // The row is gone, so the files are unreachable; a failure here only
    // leaves orphans behind, which is logged.
    if let Err(e) = state.media().delete(paths).await {
        tracing::warn!(error = %e, media = id.0, "cannot delete media objects");
    }
    Ok(())
}

/// `GET /media/{*path}`: a stored object, with its sniffed type, cacheable
/// forever (paths never change), and never able to run as a page.
pub async fn serve(
    State(state): State<AppState>,
    Path(path): Path<String>,
) -> Result<Response, WebError> {
    let bytes = match state.media().get(&path).await {
        Ok(Some(b)) => b,
        Ok(None) | Err(MediaError::BadPath(_)) => return Err(WebError::NotFound),
        Err(e) => return Err(web_error(e)),
    };
    let mime = beitrag_media::mime_for_path(&path).unwrap_or("application/octet-stream");
    let mut res = (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(mime)),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=31536000, immutable"),
            ),
            (
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static("default-src 'none'; sandbox"),
            ),
        ],
        bytes,
    )
        .into_response();
    if mime == "application/pdf" {
        res.headers_mut().insert(
            header::CONTENT_DISPOSITION,
            HeaderValue::from_static("attachment"),
        );
    }
    Ok(res)
}
