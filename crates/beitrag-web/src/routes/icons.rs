//! The site icon where browsers, phones and feed readers look for it:
//! `/favicon.ico` and `/apple-touch-icon.png` at fixed paths, the PNG sizes
//! under `/media/site-icon/…` (named in the head and the feeds). Until an
//! icon is uploaded the fixed paths serve a built-in one. Uploading is
//! `core::service::site_icon`'s.

use std::sync::LazyLock;

use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use beitrag_feed::FeedIcon;
use beitrag_media::IconFile;

use crate::error::WebError;
use crate::state::{AppState, Site};

/// Made once, on the first request that needs it.
static BUILT_IN: LazyLock<Result<Vec<IconFile>, String>> =
    LazyLock::new(|| beitrag_media::default_icon().map_err(|e| e.to_string()));

/// Absolute URL of one file of the uploaded icon, if there is one.
pub(crate) fn uploaded(site: &Site, file: &str) -> Option<String> {
    let prefix = &site.settings.site_icon;
    (!prefix.is_empty()).then(|| {
        site.url(&format!(
            "{}{prefix}/{file}",
            beitrag_core::service::media::URL_PREFIX
        ))
    })
}

/// The feeds' image: only an icon of the site's own.
pub(crate) fn feed_icon(site: &Site) -> Option<FeedIcon> {
    Some(FeedIcon {
        small: uploaded(site, "icon-64.png")?,
        large: uploaded(site, "icon-512.png")?,
    })
}

/// `GET /favicon.ico`
pub(crate) async fn favicon(State(state): State<AppState>) -> Result<Response, WebError> {
    serve(&state, "favicon.ico").await
}

/// `GET /apple-touch-icon.png` (and `-precomposed`, which older iPhones ask for)
pub(crate) async fn touch_icon(State(state): State<AppState>) -> Result<Response, WebError> {
    serve(&state, "icon-180.png").await
}

async fn serve(state: &AppState, file: &'static str) -> Result<Response, WebError> {
    let site = state.site().await?;
    let prefix = &site.settings.site_icon;
    let stored = if prefix.is_empty() {
        None
    } else {
        // A missing object (deleted by hand) falls back to the built-in icon.
        state
            .media()
            .get(&format!("{prefix}/{file}"))
            .await
            .map_err(crate::media::web_error)?
    };
    let bytes = match stored {
        Some(bytes) => bytes,
        None => {
            let files = BUILT_IN
                .as_ref()
                .map_err(|e| WebError::Internal(e.clone()))?;
            files
                .iter()
                .find(|f| f.name == file)
                .map(|f| f.bytes.clone())
                .ok_or(WebError::NotFound)?
        }
    };
    let mime = beitrag_media::mime_for_path(file).unwrap_or("application/octet-stream");
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(mime)),
            // The path stays when the icon changes: a day, not forever.
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=86400"),
            ),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
        ],
        bytes,
    )
        .into_response())
}
