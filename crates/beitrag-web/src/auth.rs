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
    Ok(auth::session(state.store(), token, Utc::now()).await?)
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
            let Some((token, user)) = auth::token(state.store(), secret, Utc::now()).await? else {
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

/// How long a password-reset link works.
pub const RESET_MINUTES: i64 = 60;

/// A short fingerprint of the password hash: a reset link names it, so the
/// link stops working once the password has changed (one use only).
fn fingerprint(password_hash: &str) -> String {
    auth::hash_secret(password_hash)[..16].to_owned()
}

/// The signed token of a password-reset link for `user`.
pub fn reset_token(state: &AppState, user: &User, now: chrono::DateTime<Utc>) -> String {
    let expires = now.timestamp() + RESET_MINUTES * 60;
    state.signer().sign(
        "password-reset",
        &format!(
            "{}-{expires}-{}",
            user.id.0,
            fingerprint(&user.password_hash)
        ),
    )
}

/// The enabled user a reset token is good for, if it is genuine, unexpired
/// and unused.
pub async fn reset_user(
    state: &AppState,
    token: &str,
    now: chrono::DateTime<Utc>,
) -> Result<Option<User>, WebError> {
    let Some(payload) = state.signer().verify("password-reset", token) else {
        return Ok(None);
    };
    let mut parts = payload.split('-');
    let (Some(id), Some(expires), Some(print)) = (
        parts.next().and_then(|p| p.parse::<i64>().ok()),
        parts.next().and_then(|p| p.parse::<i64>().ok()),
        parts.next(),
    ) else {
        return Ok(None);
    };
    if expires < now.timestamp() {
        return Ok(None);
    }
    let user = state
        .store()
        .user_by_id(beitrag_core::model::UserId(id))
        .await?;
    Ok(user.filter(|u| !u.disabled && auth::secrets_match(&fingerprint(&u.password_hash), print)))
}
