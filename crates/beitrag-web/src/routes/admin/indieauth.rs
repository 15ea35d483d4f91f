//! The IndieAuth authorization endpoint's page (`/admin/indieauth`): a
//! signed-in user sees which client asks for which scopes and approves or
//! denies; the decision goes back to the client's `redirect_uri`.

use axum::extract::{RawForm, RawQuery, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use beitrag_core::service::indieauth::{self, Request};
use chrono::Utc;
use serde::Serialize;

use super::form::Fields;
use super::render;
use crate::auth::AdminSession;
use crate::error::WebError;
use crate::state::AppState;

#[derive(Serialize)]
struct Consent {
    title: String,
    client_id: String,
    redirect_uri: String,
    state: String,
    code_challenge: String,
    scope: String,
    scopes: Vec<&'static str>,
    error: Option<String>,
}

fn request(f: &Fields) -> Request {
    Request {
        response_type: f.text("response_type"),
        client_id: f.text("client_id"),
        redirect_uri: f.text("redirect_uri"),
        state: f.text("state"),
        code_challenge: f.text("code_challenge"),
        code_challenge_method: f.text("code_challenge_method"),
        scope: f.text("scope"),
    }
}

/// `GET /admin/indieauth?response_type=code&client_id=…`
pub(crate) async fn ask(
    State(state): State<AppState>,
    me: AdminSession,
    RawQuery(query): RawQuery,
) -> Result<Response, WebError> {
    let f = Fields::parse(query.unwrap_or_default().as_bytes());
    let r = request(&f);
    let error = indieauth::check(&r).err().map(|e| e.to_string());
    let status = if error.is_some() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    let site = state.site().await?;
    let page = Consent {
        title: super::tr(&state, &me, &site, "admin-indieauth-title", &[]),
        scopes: indieauth::known_scopes(&r.scope),
        client_id: r.client_id,
        redirect_uri: r.redirect_uri,
        state: r.state,
        code_challenge: r.code_challenge,
        scope: r.scope,
        error,
    };
    render(&state, &me, status, "indieauth.html", "profile", page).await
}

/// `POST /admin/indieauth`: approve (a code) or deny, back to the client.
pub(crate) async fn decide(
    State(state): State<AppState>,
    me: AdminSession,
    RawForm(body): RawForm,
) -> Result<Response, WebError> {
    let f = Fields::parse(&body);
    f.check_csrf(&me)?;
    let mut r = request(&f);
    r.response_type = "code".into();
    r.code_challenge_method = "S256".into();
    if indieauth::check(&r).is_err() {
        return Err(WebError::BadRequest("the request is not valid".into()));
    }
    let site = state.site().await?;
    let issuer = site.url("/");
    let mut target = url::Url::parse(&r.redirect_uri)
        .map_err(|_| WebError::BadRequest("the redirect is not a URL".into()))?;
    if f.get("decision") == Some("approve") {
        let code = indieauth::approve(state.core(), &me.actor(), &r, Utc::now()).await?;
        target
            .query_pairs_mut()
            .append_pair("code", &code)
            .append_pair("state", &r.state)
            .append_pair("iss", &issuer);
    } else {
        target
            .query_pairs_mut()
            .append_pair("error", "access_denied")
            .append_pair("state", &r.state)
            .append_pair("iss", &issuer);
    }
    let location = HeaderValue::from_str(target.as_str())
        .map_err(|_| WebError::BadRequest("the redirect is not a URL".into()))?;
    Ok((StatusCode::FOUND, [(header::LOCATION, location)]).into_response())
}
