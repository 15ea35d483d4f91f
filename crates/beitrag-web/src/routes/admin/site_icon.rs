//! `POST /admin/settings/icon` (multipart: `csrf`, `file`) and
//! `POST /admin/settings/icon/remove`: the site icon section of the
//! settings page. The rules are `core::service::site_icon`'s.

use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{RawForm, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use super::form::Fields;
use super::settings::{forbidden, show_refused_icon};
use crate::auth::AdminSession;
use crate::error::WebError;
use crate::state::AppState;

/// `POST /admin/settings/icon`
pub(crate) async fn upload(
    State(state): State<AppState>,
    me: AdminSession,
    form: Result<Multipart, MultipartRejection>,
) -> Result<Response, WebError> {
    let refused = |status: StatusCode, text: String| {
        let state = state.clone();
        let me = me.clone();
        async move { show_refused_icon(&state, &me, status, text).await }
    };
    let form = match form {
        Ok(form) => form,
        Err(e) => return refused(StatusCode::UNSUPPORTED_MEDIA_TYPE, e.body_text()).await,
    };
    let upload = match super::media::read_upload(form).await {
        Ok(upload) => upload,
        Err((status, text)) => return refused(status, text).await,
    };
    crate::auth::check_csrf(&me.session, upload.csrf.as_deref())?;
    if upload.bytes.is_empty() {
        let site = state.site().await?;
        let text = super::tr(&state, &me, &site, "admin-site-icon-choose-first", &[]);
        return refused(StatusCode::UNPROCESSABLE_ENTITY, text).await;
    }
    match beitrag_core::service::site_icon::set(
        state.core(),
        &me.actor(),
        state.files(),
        upload.bytes.to_vec(),
    )
    .await
    {
        Ok(_) => Ok(Redirect::to("/admin/settings/?icon=saved#site-icon").into_response()),
        Err(beitrag_core::Error::Forbidden(_)) => forbidden(&state, &me).await,
        Err(beitrag_core::Error::Upload { problem, message }) => {
            let Some(status) = super::upload_refusal(problem) else {
                return Err(WebError::Internal(message.to_string()));
            };
            let site = state.site().await?;
            refused(status, super::say(&state, &me, &site, &message)).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /admin/settings/icon/remove`
pub(crate) async fn remove(
    State(state): State<AppState>,
    me: AdminSession,
    RawForm(body): RawForm,
) -> Result<Response, WebError> {
    Fields::parse(&body).check_csrf(&me)?;
    match beitrag_core::service::site_icon::remove(state.core(), &me.actor(), state.files()).await {
        Ok(_) => Ok(Redirect::to("/admin/settings/?icon=removed#site-icon").into_response()),
        Err(beitrag_core::Error::Forbidden(_)) => forbidden(&state, &me).await,
        Err(e) => Err(e.into()),
    }
}
