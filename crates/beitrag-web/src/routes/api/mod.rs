//! The JSON API at `/api/v1`: personal access tokens (`Authorization:
//! Bearer …`) or the admin's session (with `X-CSRF-Token` on writes),
//! errors as RFC 9457 problem details, and an OpenAPI 3.1 document
//! generated from these handlers at `/api/v1/openapi.json`.

mod body;
mod posts;

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::{Deserialize, Serialize};
use tower_http::set_header::SetResponseHeaderLayer;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi, ToSchema};

use crate::problem::Problem;
use crate::state::AppState;

pub(crate) use body::ApiJson;

/// The document: every module's paths nested under `/api/v1`.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "beitrag API",
        description = "Posts, pages, comments, terms, media, users and settings of a beitrag blog.",
        license(name = "MIT OR Apache-2.0")
    ),
    nest(
        (path = "/api/v1", api = posts::Api),
    ),
    components(schemas(Problem)),
    modifiers(&Security),
    security(("token" = []))
)]
pub struct ApiDoc;

struct Security;

impl Modify for Security {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "token",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "A personal access token (`beitrag token add`, or the admin's profile page)",
                    ))
                    .build(),
            ),
        );
    }
}

/// The API's routes. Responses are never cached and never sniffed.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/openapi.json", get(openapi))
        .merge(posts::router())
        .route("/api/v1/{*rest}", axum::routing::any(not_found))
        .route("/api/v1", axum::routing::any(not_found))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
}

async fn not_found() -> Problem {
    Problem::new(axum::http::StatusCode::NOT_FOUND, "no such API endpoint")
}

async fn openapi() -> Response {
    match ApiDoc::openapi().to_json() {
        Ok(json) => ([(header::CONTENT_TYPE, "application/json")], json).into_response(),
        Err(e) => Problem::from(crate::error::WebError::Startup(e.to_string())).into_response(),
    }
}

/// `?page=&per_page=` of list endpoints.
#[derive(Debug, Clone, Copy, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct Paging {
    /// 1-based page number (default 1).
    pub page: Option<u32>,
    /// Items per page, 1–100 (default 20).
    pub per_page: Option<u32>,
}

impl Paging {
    /// `(limit, offset)`; out-of-range values are a 400.
    pub(crate) fn limit_offset(self) -> Result<(i64, i64, u32, u32), Problem> {
        let page = self.page.unwrap_or(1);
        let per_page = self.per_page.unwrap_or(20);
        if page == 0 || page > 100_000 || !(1..=100).contains(&per_page) {
            let mut p = Problem::new(
                axum::http::StatusCode::BAD_REQUEST,
                "page must be 1 or more and per_page from 1 to 100",
            );
            p.field = Some("page".into());
            return Err(p);
        }
        Ok((
            i64::from(per_page),
            i64::from(page - 1) * i64::from(per_page),
            page,
            per_page,
        ))
    }
}

/// One page of a list.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Page<T> {
    /// The items.
    pub items: Vec<T>,
    /// Items across all pages.
    pub total: i64,
    /// This page's number.
    pub page: u32,
    /// Page size.
    pub per_page: u32,
}
