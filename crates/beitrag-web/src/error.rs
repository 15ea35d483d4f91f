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

/// A 5xx as a small HTML page, built without the database or the theme
/// (either may be what failed), the cause only in the log. A 503 (the
/// database is away for the moment) says when to try again, so load
/// balancers and readers retry instead of giving up.
fn server_error_page(status: StatusCode) -> Response {
    let (title, text) = if status == StatusCode::SERVICE_UNAVAILABLE {
        (
            "503 Service Unavailable",
            "The site is briefly unavailable. Please try again in a few seconds.",
        )
    } else {
        (
            "500 Internal Server Error",
            "The server could not complete the request.",
        )
    };
    let body = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width\">\
         <title>{title}</title></head><body><h1>{title}</h1><p>{text}</p></body></html>\n"
    );
    let mut res = (
        status,
        [
            ("content-type", "text/html; charset=utf-8"),
            ("cache-control", "no-store"),
        ],
        body,
    )
        .into_response();
    if status == StatusCode::SERVICE_UNAVAILABLE {
        res.headers_mut().insert(
            axum::http::header::RETRY_AFTER,
            axum::http::HeaderValue::from(beitrag_core::StoreError::RETRY_AFTER_SECONDS),
        );
    }
    res
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
            Self::Store(beitrag_core::StoreError::Unavailable(_))
            | Self::Core(beitrag_core::Error::Store(beitrag_core::StoreError::Unavailable(_))) => {
                StatusCode::SERVICE_UNAVAILABLE
            }
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
        if status.is_server_error() {
            return server_error_page(status);
        }
        let body = match status {
            StatusCode::NOT_FOUND => "Not Found".to_owned(),
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

#[cfg(test)]
mod tests {
    use super::*;

    async fn body(res: Response) -> String {
        let bytes = axum::body::to_bytes(res.into_body(), 1 << 16)
            .await
            .unwrap();
        String::from_utf8(bytes.to_vec()).unwrap()
    }

    #[tokio::test]
    async fn answers_an_unreachable_database_with_a_503_page_that_says_when() {
        let e = WebError::Store(beitrag_core::StoreError::Unavailable("refused".into()));
        let res = e.into_response();
        assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(res.headers()["retry-after"], "5");
        assert!(
            res.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/html")
        );
        let html = body(res).await;
        assert!(html.contains("<h1>503 Service Unavailable</h1>"), "{html}");
        assert!(!html.contains("refused"), "the cause stays in the log");
    }

    #[tokio::test]
    async fn answers_other_server_errors_with_a_500_page_without_the_cause() {
        let res = WebError::Internal("secret detail".into()).into_response();
        assert_eq!(res.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert!(res.headers().get("retry-after").is_none());
        let html = body(res).await;
        assert!(html.contains("<h1>500 Internal Server Error</h1>"));
        assert!(!html.contains("secret detail"));
    }
}
