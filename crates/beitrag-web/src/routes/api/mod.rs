//! The JSON API at `/api/v1`: personal access tokens (`Authorization:
//! Bearer …`) or the admin's session (with `X-CSRF-Token` on writes),
//! errors as RFC 9457 problem details, and an OpenAPI 3.1 document
//! generated from these handlers at `/api/v1/openapi.json`.

mod body;
mod comments;
mod media;
mod posts;
mod settings;
mod terms;
mod users;

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
        (path = "/api/v1", api = comments::Api),
        (path = "/api/v1", api = terms::Api),
        (path = "/api/v1", api = settings::Api),
        (path = "/api/v1", api = users::Api),
        (path = "/api/v1", api = media::Api),
    ),
    components(schemas(Problem)),
    modifiers(&Security, &CommonProblems),
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

/// Answers any operation can give, added wherever a handler does not list
/// them, so the document matches what clients really get: 401 (no or a
/// wrong credential), 403 on unsafe methods (a `read` token, a missing CSRF
/// token), 400 for operations with parameters (`per_page=0`, an id that is
/// not a number), and, for operations that take a body, 400 (malformed
/// JSON), 413 (too large) and 415 (not JSON).
struct CommonProblems;

impl Modify for CommonProblems {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::RefOr;
        use utoipa::openapi::content::ContentBuilder;
        use utoipa::openapi::response::ResponseBuilder;
        use utoipa::openapi::schema::Ref;
        let problem = |description: &str| {
            RefOr::T(
                ResponseBuilder::new()
                    .description(description)
                    .content(
                        "application/problem+json",
                        ContentBuilder::new()
                            .schema(Some(Ref::from_schema_name("Problem")))
                            .build(),
                    )
                    .build(),
            )
        };
        for item in doc.paths.paths.values_mut() {
            let operations = [
                (&mut item.get, true),
                (&mut item.head, true),
                (&mut item.post, false),
                (&mut item.put, false),
                (&mut item.patch, false),
                (&mut item.delete, false),
            ];
            for (operation, safe) in operations {
                let Some(op) = operation.as_mut() else {
                    continue;
                };
                let mut common = vec![("401", "No credentials, or wrong ones")];
                if !safe {
                    common.push((
                        "403",
                        "A read-only token, a missing CSRF token, or a role that may not do this",
                    ));
                }
                if op.parameters.as_ref().is_some_and(|p| !p.is_empty()) {
                    common.push(("400", "A parameter is malformed or out of range"));
                }
                if op.request_body.is_some() {
                    common.extend([
                        ("400", "Malformed JSON, unknown fields or wrong types"),
                        ("413", "The body is too large"),
                        ("415", "The body is not JSON"),
                    ]);
                }
                for (status, description) in common {
                    op.responses
                        .responses
                        .entry(status.to_owned())
                        .or_insert_with(|| problem(description));
                }
            }
        }
    }
}

/// The API's routes. Responses are never cached and never sniffed.
pub fn router(upload_limit: usize) -> Router<AppState> {
    Router::new()
        .route("/api/v1/openapi.json", get(openapi))
        .merge(posts::router())
        .merge(comments::router())
        .merge(terms::router())
        .merge(settings::router())
        .merge(users::router())
        .merge(media::router(upload_limit))
        .route("/api/v1/{*rest}", axum::routing::any(not_found))
        .route("/api/v1", axum::routing::any(not_found))
        .method_not_allowed_fallback(wrong_method)
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
}

/// A 400 problem naming the request field at fault.
pub(crate) fn invalid(field: &str, detail: impl Into<String>) -> Problem {
    let mut p = Problem::new(axum::http::StatusCode::BAD_REQUEST, detail);
    p.field = Some(field.into());
    p
}

async fn not_found() -> Problem {
    Problem::new(axum::http::StatusCode::NOT_FOUND, "no such API endpoint")
}

/// A known endpoint asked with a method it does not have.
async fn wrong_method() -> Problem {
    Problem::new(
        axum::http::StatusCode::METHOD_NOT_ALLOWED,
        "this endpoint does not support the method; see /api/v1/openapi.json",
    )
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
