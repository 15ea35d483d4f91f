//! IndieAuth's public side: the token endpoint (`POST /indieauth/token`)
//! and the server metadata (`/.well-known/oauth-authorization-server`).
//! The authorization endpoint is the admin page `/admin/indieauth`.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use beitrag_core::service::indieauth;
use chrono::Utc;
use serde_json::json;

use super::admin::form::Fields;
use crate::error::WebError;
use crate::state::AppState;

fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    (
        status,
        [(header::CACHE_CONTROL, "no-store")],
        axum::Json(json!({"error": error, "error_description": description})),
    )
        .into_response()
}

/// `POST /indieauth/token`: a code and its PKCE verifier for a token.
pub async fn token(State(state): State<AppState>, body: Bytes) -> Result<Response, WebError> {
    let f = Fields::parse(&body);
    if f.text("grant_type") != "authorization_code" {
        return Ok(oauth_error(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "only authorization_code is supported",
        ));
    }
    let granted = indieauth::exchange(
        state.core(),
        &f.text("code"),
        &f.text("client_id"),
        &f.text("redirect_uri"),
        &f.text("code_verifier"),
        Utc::now(),
    )
    .await;
    match granted {
        Ok(g) => {
            let site = state.site().await?;
            Ok((
                StatusCode::OK,
                [(header::CACHE_CONTROL, "no-store")],
                axum::Json(json!({
                    "access_token": g.access_token,
                    "token_type": "Bearer",
                    "scope": g.scope,
                    "me": site.url("/"),
                    "profile": {"name": g.user.display_name},
                })),
            )
                .into_response())
        }
        Err(beitrag_core::Error::Invalid { message, .. }) => Ok(oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_grant",
            &message.to_string(),
        )),
        Err(e) => Err(e.into()),
    }
}

/// `GET /.well-known/oauth-authorization-server` (IndieAuth §4.1.1).
pub async fn metadata(State(state): State<AppState>) -> Result<Response, WebError> {
    let site = state.site().await?;
    Ok(axum::Json(json!({
        "issuer": site.url("/"),
        "authorization_endpoint": site.url("/admin/indieauth"),
        "token_endpoint": site.url("/indieauth/token"),
        "code_challenge_methods_supported": ["S256"],
        "response_types_supported": ["code"],
        "grant_types_supported": ["authorization_code"],
        "scopes_supported": indieauth::SCOPES,
        "authorization_response_iss_parameter_supported": true,
    }))
    .into_response())
}
