//! [RFC 9457](https://www.rfc-editor.org/rfc/rfc9457) problem details: the
//! one error format of the JSON API (`application/problem+json`).

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::WebError;

/// An API error.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Problem {
    /// A URI naming the kind of problem; `about:blank` means "see status".
    #[serde(rename = "type")]
    pub kind: String,
    /// The status code's reason phrase.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong, for people.
    pub detail: String,
    /// The request field at fault, for validation errors.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Seconds to wait before retrying (429, 503).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<i64>,
}

impl Problem {
    /// A problem with a status and a detail message.
    pub fn new(status: StatusCode, detail: impl Into<String>) -> Self {
        Self {
            kind: "about:blank".into(),
            title: status.canonical_reason().unwrap_or("Error").into(),
            status: status.as_u16(),
            detail: detail.into(),
            field: None,
            retry_after: None,
        }
    }
}

impl From<WebError> for Problem {
    fn from(e: WebError) -> Self {
        let status = e.status();
        if status.is_server_error() {
            tracing::error!(error = ?e, "API request failed");
            let mut p = Self::new(status, "the server could not complete the request");
            if status == StatusCode::SERVICE_UNAVAILABLE {
                p.detail = "the database is briefly unavailable; try again shortly".into();
                p.retry_after = i64::try_from(beitrag_core::StoreError::RETRY_AFTER_SECONDS).ok();
            }
            return p;
        }
        let mut p = Self::new(status, e.to_string());
        match &e {
            WebError::Core(beitrag_core::Error::Invalid { field, message }) => {
                p.field = Some(field.clone());
                p.detail = message.to_string();
            }
            WebError::Core(beitrag_core::Error::SlugTaken(_)) => p.field = Some("slug".into()),
            WebError::Core(beitrag_core::Error::Throttled(secs)) => p.retry_after = Some(*secs),
            WebError::Core(beitrag_core::Error::RateLimited(secs)) => {
                p.retry_after = i64::try_from(*secs).ok();
            }
            WebError::NotFound | WebError::Core(beitrag_core::Error::NotFound) => {
                p.detail = "no such resource".into();
            }
            _ => {}
        }
        p
    }
}

impl From<beitrag_core::Error> for Problem {
    fn from(e: beitrag_core::Error) -> Self {
        WebError::from(e).into()
    }
}

impl From<beitrag_core::StoreError> for Problem {
    fn from(e: beitrag_core::StoreError) -> Self {
        WebError::from(e).into()
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let retry = self.retry_after;
        let body = serde_json::to_string(&self).unwrap_or_default();
        let mut res = (
            status,
            [(header::CONTENT_TYPE, "application/problem+json")],
            body,
        )
            .into_response();
        if let Some(secs) = retry
            && let Ok(v) = HeaderValue::from_str(&secs.to_string())
        {
            res.headers_mut().insert(header::RETRY_AFTER, v);
        }
        if status == StatusCode::UNAUTHORIZED {
            res.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"beitrag\""),
            );
        }
        res
    }
}
