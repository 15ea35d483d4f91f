//! The media library (`GET /admin/media/`): thumbnails, sizes, alt
//! texts (changed at `POST /admin/media/{id}/alt`), the Markdown that
//! inserts each file, deleting; and the upload form (`POST /admin/media/`,
//! multipart, works without JavaScript; an image needs its alt text). Storing
//! and deleting go through `crate::media` (role checks, sniffing, limits,
//! all-or-nothing objects and row); a refused upload is shown on the page
//! with its status (413, 415, 422) and leaves nothing behind.

use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{Path, RawForm, RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use beitrag_core::model::{Media, MediaId};
use beitrag_core::service::access::{Capability, can};
use serde::Serialize;

use super::form::Fields;
use super::{message, refusal, render, say};
use crate::auth::AdminSession;
use crate::error::WebError;
use crate::state::AppState;

/// Files per page.
const PER_PAGE: i64 = 24;

#[derive(Debug, Serialize)]
struct Item {
    id: i64,
    url: String,
    /// The smallest stored copy, for the grid; `None` for documents.
    thumb: Option<String>,
    name: String,
    alt: String,
    is_image: bool,
    mime: String,
    size: String,
    dimensions: Option<String>,
    markdown: String,
    can_delete: bool,
}

#[derive(Debug, Serialize)]
struct MediaPage {
    items: Vec<Item>,
    total: i64,
    page: i64,
    pages: i64,
    prev_url: Option<String>,
    next_url: Option<String>,
    notice: Option<String>,
    /// Why the last upload (or alt text change) was refused.
    error: Option<String>,
    /// The upload whose new alt text was refused, if that was it.
    alt_refused: Option<i64>,
    max_upload: String,
}

/// `1.4 MB`-style sizes (powers of 1024, as file managers show them).
pub(crate) fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["bytes", "KB", "MB", "GB"];
    let mut size = bytes as f64;
    let mut unit = 0;
    while size >= 1024.0 && unit < UNITS.len() - 1 {
        size /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} bytes")
    } else {
        format!("{size:.1} {}", UNITS[unit])
    }
}

fn item(me: &AdminSession, m: &Media) -> Item {
    let thumb = m
        .variants
        .first()
        .map(|v| format!("/media/{}", v.path))
        .or_else(|| m.width.map(|_| format!("/media/{}", m.path)));
    Item {
        id: m.id.0,
        url: format!("/media/{}", m.path),
        thumb,
        name: m.name.clone(),
        alt: m.alt.clone(),
        is_image: m.is_image(),
        mime: m.mime.clone(),
        size: human_size(m.size),
        dimensions: m.width.zip(m.height).map(|(w, h)| format!("{w} × {h}")),
        markdown: m.markdown(),
        can_delete: beitrag_core::service::media::may_remove(&me.actor(), m),
    }
}

async fn show(
    state: &AppState,
    me: &AdminSession,
    status: StatusCode,
    page: i64,
    notice: Option<String>,
    error: Option<String>,
) -> Result<Response, WebError> {
    show_page(state, me, status, page, notice, error, None).await
}

async fn show_page(
    state: &AppState,
    me: &AdminSession,
    status: StatusCode,
    page: i64,
    notice: Option<String>,
    error: Option<String>,
    alt_refused: Option<i64>,
) -> Result<Response, WebError> {
    let (media, total) = state
        .read()
        .media_list(PER_PAGE, (page - 1) * PER_PAGE)
        .await?;
    let pages = ((total + PER_PAGE - 1) / PER_PAGE).max(1);
    let body = MediaPage {
        items: media.iter().map(|m| item(me, m)).collect(),
        total,
        page,
        pages,
        prev_url: (page > 1).then(|| format!("/admin/media/?page={}", page - 1)),
        next_url: (page < pages).then(|| format!("/admin/media/?page={}", page + 1)),
        notice,
        error,
        alt_refused,
        max_upload: human_size(state.options().max_upload_bytes),
    };
    render(state, me, status, "media.html", "media", body).await
}

async fn denied(state: &AppState, me: &AdminSession) -> Result<Response, WebError> {
    message(
        state,
        me,
        StatusCode::FORBIDDEN,
        "media",
        "admin-media-forbidden",
    )
    .await
}

/// `GET /admin/media/?page=`
pub(crate) async fn list(
    State(state): State<AppState>,
    me: AdminSession,
    RawQuery(query): RawQuery,
) -> Result<Response, WebError> {
    if !can(me.user.role, Capability::UploadMedia) {
        return denied(&state, &me).await;
    }
    let q = Fields::query(query.as_deref());
    let notice = match q.get("done") {
        Some("uploaded") => Some("admin-media-uploaded".to_owned()),
        Some("deleted") => Some("admin-media-deleted".to_owned()),
        Some("described") => Some("admin-media-alt-saved".to_owned()),
        _ => None,
    };
    show(&state, &me, StatusCode::OK, q.page(), notice, None).await
}

/// The file of an upload form, read to the end.
pub(super) struct Upload {
    pub(super) csrf: Option<String>,
    alt: String,
    name: String,
    claimed: Option<String>,
    pub(super) bytes: axum::body::Bytes,
}

/// Reads the form; `Err` is the status and message to show.
pub(super) async fn read_upload(mut form: Multipart) -> Result<Upload, (StatusCode, String)> {
    let mut upload = Upload {
        csrf: None,
        alt: String::new(),
        name: String::new(),
        claimed: None,
        bytes: axum::body::Bytes::new(),
    };
    let fail = |e: axum::extract::multipart::MultipartError| (e.status(), e.body_text());
    while let Some(field) = form.next_field().await.map_err(fail)? {
        match field.name() {
            Some("csrf") => upload.csrf = Some(field.text().await.map_err(fail)?),
            Some("alt") => upload.alt = field.text().await.map_err(fail)?,
            Some("file") => {
                upload.name = field.file_name().unwrap_or_default().to_owned();
                upload.claimed = field.content_type().map(str::to_owned);
                upload.bytes = field.bytes().await.map_err(fail)?;
            }
            _ => {}
        }
    }
    Ok(upload)
}

/// `POST /admin/media/` (multipart: `csrf`, `alt`, `file`)
pub(crate) async fn upload(
    State(state): State<AppState>,
    me: AdminSession,
    form: Result<Multipart, MultipartRejection>,
) -> Result<Response, WebError> {
    if !can(me.user.role, Capability::UploadMedia) {
        return denied(&state, &me).await;
    }
    let refused = |status: StatusCode, text: String| {
        let state = state.clone();
        let me = me.clone();
        async move { show(&state, &me, status, 1, None, Some(text)).await }
    };
    let form = match form {
        Ok(form) => form,
        Err(e) => return refused(StatusCode::UNSUPPORTED_MEDIA_TYPE, e.body_text()).await,
    };
    let upload = match read_upload(form).await {
        Ok(upload) => upload,
        Err((status, text)) => return refused(status, text).await,
    };
    crate::auth::check_csrf(&me.session, upload.csrf.as_deref())?;
    if upload.name.is_empty() && upload.bytes.is_empty() {
        let site = state.site().await?;
        let text = super::tr(&state, &me, &site, "admin-media-choose-file", &[]);
        return refused(StatusCode::UNPROCESSABLE_ENTITY, text).await;
    }
    let name = if upload.name.is_empty() {
        "upload"
    } else {
        upload.name.as_str()
    };
    match crate::media::upload(
        &state,
        &me.user,
        name,
        upload.claimed.as_deref(),
        upload.bytes,
        beitrag_core::service::media::Alt::Required(&upload.alt),
    )
    .await
    {
        Ok(_) => Ok((
            StatusCode::SEE_OTHER,
            [(header::LOCATION, "/admin/media/?done=uploaded")],
        )
            .into_response()),
        Err(
            e @ (WebError::TooLarge(_) | WebError::UnsupportedType(_) | WebError::Unprocessable(_)),
        ) => refused(e.status(), e.to_string()).await,
        // A damaged file: well-formed request, unusable content.
        Err(WebError::BadRequest(text)) => refused(StatusCode::UNPROCESSABLE_ENTITY, text).await,
        Err(WebError::Core(beitrag_core::Error::Upload { problem, message })) => {
            let Some(status) = super::upload_refusal(problem) else {
                return Err(WebError::Internal(message.to_string()));
            };
            let site = state.site().await?;
            refused(status, say(&state, &me, &site, &message)).await
        }
        // A missing or unusable alt text.
        Err(WebError::Core(beitrag_core::Error::Invalid { message, .. })) => {
            let site = state.site().await?;
            refused(
                StatusCode::UNPROCESSABLE_ENTITY,
                say(&state, &me, &site, &message),
            )
            .await
        }
        Err(e) => Err(e),
    }
}

/// `POST /admin/media/{id}/alt` (form: `csrf`, `alt`)
pub(crate) async fn describe(
    State(state): State<AppState>,
    me: AdminSession,
    Path(id): Path<i64>,
    RawForm(body): RawForm,
) -> Result<Response, WebError> {
    let form = Fields::parse(&body);
    form.check_csrf(&me)?;
    let alt = form.get("alt").unwrap_or_default();
    match beitrag_core::service::media::set_alt(state.core(), &me.actor(), MediaId(id), alt).await {
        Ok(_) => Ok((
            StatusCode::SEE_OTHER,
            [(header::LOCATION, "/admin/media/?done=described")],
        )
            .into_response()),
        Err(beitrag_core::Error::Invalid { message, .. }) => {
            let site = state.site().await?;
            let message = say(&state, &me, &site, &message);
            show_page(
                &state,
                &me,
                StatusCode::UNPROCESSABLE_ENTITY,
                1,
                None,
                Some(message),
                Some(id),
            )
            .await
        }
        Err(beitrag_core::Error::Forbidden(why)) => {
            refusal(&state, &me, StatusCode::FORBIDDEN, "media", &why).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /admin/media/{id}/delete`
pub(crate) async fn delete(
    State(state): State<AppState>,
    me: AdminSession,
    Path(id): Path<i64>,
    RawForm(body): RawForm,
) -> Result<Response, WebError> {
    Fields::parse(&body).check_csrf(&me)?;
    match crate::media::remove(&state, &me.user, MediaId(id)).await {
        Ok(()) => {
            // Pages showing the file now show a missing image; they are
            // rendered again from the store.
            Ok((
                StatusCode::SEE_OTHER,
                [(header::LOCATION, "/admin/media/?done=deleted")],
            )
                .into_response())
        }
        Err(WebError::Core(beitrag_core::Error::Forbidden(why))) => {
            refusal(&state, &me, StatusCode::FORBIDDEN, "media", &why).await
        }
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_sizes_in_binary_units_when_listing() {
        assert_eq!(human_size(512), "512 bytes");
        assert_eq!(human_size(1536), "1.5 KB");
        assert_eq!(human_size(10 * 1024 * 1024), "10.0 MB");
    }
}
