//! Who is asking: the admin's session cookie, or an API token. Extractors
//! turn a request into a user (or a rejection), and the CSRF check guards
//! every state-changing request made with a cookie.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, header};
use axum::response::{IntoResponse, Redirect, Response};
use beitrag_core::model::{Scope, Session, User};
use beitrag_core::service::auth;
use chrono::Utc;

use crate::error::WebError;
use crate::state::AppState;

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "beitrag_session";
/// Header that carries the CSRF token of cookie-authenticated API calls.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// The value of a cookie, if sent.
pub fn cookie<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|c| {
            let (k, v) = c.trim().split_once('=')?;
            (k == name).then_some(v)
        })
}

/// The `Set-Cookie` value that starts a session. `Secure` when the blog is
/// served over TLS.
pub fn session_cookie(base_url: &str, token: &str) -> String {
    format!(
        "{SESSION_COOKIE}={token}; Path=/; Max-Age={}; HttpOnly; SameSite=Lax{}",
        auth::SESSION_DAYS * 86_400,
        if base_url.starts_with("https://") {
            "; Secure"
        } else {
            ""
        }
    )
}

/// The `Set-Cookie` value that ends it.
pub fn clear_cookie() -> String {
    format!("{SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax")
}

/// The client's address, truncated for storage.
pub fn client_ip(parts: &Parts) -> String {
    parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| beitrag_core::service::comment::truncate_ip(c.0.ip()))
        .unwrap_or_default()
}

/// Checks a CSRF token sent with a form or header.
pub fn check_csrf(session: &Session, sent: Option<&str>) -> Result<(), WebError> {
    match sent {
        Some(s) if auth::secrets_match(s, &session.csrf) => Ok(()),
        _ => Err(WebError::Forbidden(
            "the form expired or did not come from this site (CSRF token missing or wrong); reload the page and try again".into(),
        )),
    }
}

async fn session_of(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<Option<(Session, User)>, WebError> {
    let Some(token) = cookie(headers, SESSION_COOKIE) else {
        return Ok(None);
    };
    Ok(auth::session(state.core(), token, Utc::now()).await?)
}

/// A logged-in user of the admin (session cookie). Without one, the
/// browser is sent to the login page and brought back afterwards.
#[derive(Debug, Clone)]
pub struct AdminSession {
    /// The user.
    pub user: User,
    /// The session (with its CSRF token).
    pub session: Session,
}

impl AdminSession {
    /// The signed-in user as the actor of a service call.
    pub fn actor(&self) -> beitrag_core::Actor {
        beitrag_core::Actor::User(Box::new(self.user.clone()))
    }
}

impl ApiCaller {
    /// The token's or session's user as the actor of a service call.
    pub fn actor(&self) -> beitrag_core::Actor {
        beitrag_core::Actor::User(Box::new(self.user.clone()))
    }
}

impl FromRequestParts<AppState> for AdminSession {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        match session_of(state, &parts.headers).await {
            Ok(Some((session, user))) => Ok(Self { user, session }),
            Ok(None) => {
                let next = parts.uri.path_and_query().map_or("/admin/", |p| p.as_str());
                let target = if parts.method == Method::GET {
                    format!(
                        "/admin/login?next={}",
                        percent_encoding::utf8_percent_encode(
                            next,
                            percent_encoding::NON_ALPHANUMERIC
                        )
                    )
                } else {
                    "/admin/login".to_owned()
                };
                Err(Redirect::to(&target).into_response())
            }
            Err(e) => Err(e.into_response()),
        }
    }
}

/// Who calls the API: a bearer token, or the admin's session cookie (then
/// state-changing calls must send the session's CSRF token in
/// `X-CSRF-Token`). Scope `read` may only use safe methods.
#[derive(Debug, Clone)]
pub struct ApiCaller {
    /// The user.
    pub user: User,
    /// What the credentials allow.
    pub scope: Scope,
}

impl FromRequestParts<AppState> for ApiCaller {
    type Rejection = crate::problem::Problem;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, crate::problem::Problem> {
        let safe = matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
        let bearer = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .map(|v| {
                v.strip_prefix("Bearer ")
                    .or_else(|| v.strip_prefix("bearer "))
                    .unwrap_or("")
                    .trim()
            });
        let caller = if let Some(secret) = bearer {
            let Some((token, user)) = auth::token(state.core(), secret, Utc::now()).await? else {
                return Err(WebError::Unauthenticated.into());
            };
            Self {
                user,
                scope: token.scope,
            }
        } else if let Some((session, user)) = session_of(state, &parts.headers).await? {
            if !safe {
                let sent = parts.headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok());
                check_csrf(&session, sent)?;
            }
            Self {
                user,
                scope: Scope::Write,
            }
        } else {
            return Err(WebError::Unauthenticated.into());
        };
        if !safe && caller.scope == Scope::Read {
            return Err(WebError::Forbidden("this token may only read".into()).into());
        }
        Ok(caller)
    }
}
