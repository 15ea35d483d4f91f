//! The one mapping from failures to HTTP responses. Server faults are logged
//! inside the request span and answered with a generic page; the source
//! error is never shown to readers.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

/// Errors of the web layer.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    /// Nothing lives at this URL; answered with the themed 404 page.
    #[error("not found")]
    NotFound,
    /// The client sent something we cannot use.
    #[error("bad request: {0}")]
    BadRequest(String),
    /// Not logged in, or the credentials are wrong.
    #[error("authentication required")]
    Unauthenticated,
    /// Logged in, but not allowed (includes a missing CSRF token).
    #[error("{0}")]
    Forbidden(String),
    /// The body is larger than allowed.
    #[error("{0}")]
    TooLarge(String),
    /// The body's type is not accepted.
    #[error("{0}")]
    UnsupportedType(String),
    /// A core service failed.
    #[error(transparent)]
    Core(#[from] beitrag_core::Error),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] beitrag_core::StoreError),
    /// A template failed to render.
    #[error("template: {0}")]
    Template(#[from] minijinja::Error),
    /// Well-formed, but unusable (a damaged upload).
    #[error("{0}")]
    Unprocessable(String),
    /// Something on our side failed (never the client's fault).
    #[error("internal: {0}")]
    Internal(String),
    /// The web layer could not be set up.
    #[error("startup: {0}")]
    Startup(String),
}

/// Marks a response that the themed-404 middleware should replace.
#[derive(Debug, Clone, Copy)]
pub struct ThemedNotFound;

impl WebError {
    /// The status code a client sees.
    pub fn status(&self) -> StatusCode {
        match self {
            Self::NotFound
            | Self::Core(
                beitrag_core::Error::NotFound
                | beitrag_core::Error::Store(beitrag_core::StoreError::NotFound),
            )
            | Self::Store(beitrag_core::StoreError::NotFound) => StatusCode::NOT_FOUND,
            Self::Core(beitrag_core::Error::Closed(_) | beitrag_core::Error::Blocked(_)) => {
                StatusCode::FORBIDDEN
            }
            Self::Core(beitrag_core::Error::Duplicate) => StatusCode::CONFLICT,
            Self::BadRequest(_) | Self::Core(beitrag_core::Error::Invalid { .. }) => {
                StatusCode::BAD_REQUEST
            }
            Self::Core(
                beitrag_core::Error::SlugTaken(_)
                | beitrag_core::Error::LoginTaken(_)
                | beitrag_core::Error::EditConflict(_)
                | beitrag_core::Error::Changed,
            ) => StatusCode::CONFLICT,
            Self::Core(beitrag_core::Error::Gone) => StatusCode::GONE,
            Self::Unauthenticated | Self::Core(beitrag_core::Error::Unauthenticated) => {
                StatusCode::UNAUTHORIZED
            }
            Self::Forbidden(_) | Self::Core(beitrag_core::Error::Forbidden(_)) => {
                StatusCode::FORBIDDEN
            }
            Self::Core(beitrag_core::Error::Throttled(_) | beitrag_core::Error::RateLimited(_)) => {
                StatusCode::TOO_MANY_REQUESTS
            }
            Self::TooLarge(_)
            | Self::Core(beitrag_core::Error::Upload {
                problem: beitrag_core::UploadProblem::TooLarge,
                ..
            }) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::Core(beitrag_core::Error::Upload {
                problem: beitrag_core::UploadProblem::UnsupportedType,
                ..
            }) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::Core(beitrag_core::Error::Upload {
                problem: beitrag_core::UploadProblem::Unreadable,
                ..
            }) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Core(beitrag_core::Error::Upload {
                problem: beitrag_core::UploadProblem::BadName,
                ..
            }) => StatusCode::BAD_REQUEST,
            Self::Unprocessable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::UnsupportedType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let status = self.status();
        if status.is_server_error() {
            tracing::error!(error = ?self, "request failed");
        }
        let body = match status {
            StatusCode::NOT_FOUND => "Not Found".to_owned(),
            s if s.is_server_error() => "Internal Server Error".to_owned(),
            _ => self.to_string(),
        };
        let mut res = (
            status,
            [("content-type", "text/plain; charset=utf-8")],
            body,
        )
            .into_response();
        if status == StatusCode::NOT_FOUND {
            res.extensions_mut().insert(ThemedNotFound);
        }
        res
    }
}
