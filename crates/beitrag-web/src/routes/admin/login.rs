//! Logging in and out. Wrong login and wrong password get the same answer;
//! repeated failures are slowed down per account and per address by the
//! core service.

use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use beitrag_core::service::auth::{self, Credentials};
use chrono::Utc;
use fluent_bundle::FluentValue;
use serde::Deserialize;

use crate::auth::{AdminSession, check_csrf, clear_cookie, session_cookie};
use crate::error::WebError;
use crate::state::AppState;

/// A login form is good for an hour.
const FORM_MAX_AGE: i64 = 3600;

#[derive(Debug, Deserialize)]
pub(crate) struct Next {
    next: Option<String>,
    /// Set after a password reset, to say so.
    reset: Option<String>,
}

/// Only local admin paths are followed after login (no open redirect),
/// and only in visible ASCII, as a browser sends them (percent-encoded):
/// anything else could not be a `Location` header at all.
fn safe_next(next: Option<&str>) -> &str {
    match next {
        Some(n)
            if n.starts_with("/admin/")
                && !n.contains('\\')
                && n.bytes().all(|b| b.is_ascii_graphic()) =>
        {
            n
        }
        _ => "/admin/",
    }
}

/// The login page with an error, a catalog key with its arguments.
async fn page(
    state: &AppState,
    status: StatusCode,
    login: &str,
    next: &str,
    error: (&str, &[(&str, i64)]),
) -> Result<Response, WebError> {
    page_with(state, status, login, next, Some(error), None).await
}

/// Nobody is signed in yet: the page speaks the site's language.
async fn page_with(
    state: &AppState,
    status: StatusCode,
    login: &str,
    next: &str,
    error: Option<(&str, &[(&str, i64)])>,
    notice: Option<&str>,
) -> Result<Response, WebError> {
    let site = state.site().await?;
    let lang = site.settings.language.as_str();
    let error = error.map(|(key, args)| {
        let args: Vec<(&str, FluentValue<'_>)> = args
            .iter()
            .map(|(k, v)| (*k, FluentValue::from(*v)))
            .collect();
        state.i18n().t(lang, key, &args)
    });
    let notice = notice.map(|key| state.i18n().t(lang, key, &[]));
    let token = state
        .signer()
        .sign("login", &Utc::now().timestamp().to_string());
    let html = state.templates().render(
        "admin/login.html",
        minijinja::context! { lang, login, next, error, token, notice },
    )?;
    Ok((
        status,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        html,
    )
        .into_response())
}

/// `GET /admin/login`
pub(crate) async fn form(
    State(state): State<AppState>,
    Query(q): Query<Next>,
) -> Result<Response, WebError> {
    let notice = q.reset.is_some().then_some("admin-login-password-changed");
    page_with(
        &state,
        StatusCode::OK,
        "",
        safe_next(q.next.as_deref()),
        None,
        notice,
    )
    .await
}

#[derive(Debug, Deserialize)]
pub(crate) struct LoginForm {
    #[serde(default)]
    login: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: Option<String>,
    #[serde(default)]
    token: String,
    /// Authenticator code, for accounts with two-factor authentication.
    #[serde(default)]
    code: Option<String>,
}

/// `POST /admin/login`
pub(crate) async fn submit(
    State(state): State<AppState>,
    axum::extract::ConnectInfo(peer): axum::extract::ConnectInfo<std::net::SocketAddr>,
    headers: HeaderMap,
    Form(f): Form<LoginForm>,
) -> Result<Response, WebError> {
    let next = safe_next(f.next.as_deref()).to_owned();
    // Built before any session exists, so a session is never written for
    // a response that could not carry it.
    let location =
        HeaderValue::from_str(&next).unwrap_or_else(|_| HeaderValue::from_static("/admin/"));
    let site = state.site().await?;
    let fresh = state
        .signer()
        .verify("login", &f.token)
        .and_then(|t| t.parse::<i64>().ok())
        .is_some_and(|t| (0..FORM_MAX_AGE).contains(&(Utc::now().timestamp() - t)));
    if !fresh {
        return page(
            &state,
            StatusCode::FORBIDDEN,
            &f.login,
            &next,
            ("admin-login-expired", &[]),
        )
        .await;
    }
    let ip = beitrag_core::service::comment::truncate_ip(peer.ip());
    let agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let creds = Credentials {
        login: &f.login,
        password: &f.password,
        ip: &ip,
        user_agent: agent,
        code: f.code.as_deref(),
    };
    match auth::login(state.core(), &creds, Utc::now()).await {
        Ok(new) => {
            // Letters and digits only: always a valid header.
            let cookie = session_cookie(&site.settings.base_url, &new.token);
            Ok((
                StatusCode::SEE_OTHER,
                [(header::LOCATION, location)],
                [(header::SET_COOKIE, cookie)],
            )
                .into_response())
        }
        Err(beitrag_core::Error::Unauthenticated) => {
            page(
                &state,
                StatusCode::UNAUTHORIZED,
                &f.login,
                &next,
                ("admin-login-wrong", &[]),
            )
            .await
        }
        Err(beitrag_core::Error::Throttled(secs)) => {
            let mut res = page(
                &state,
                StatusCode::TOO_MANY_REQUESTS,
                &f.login,
                &next,
                ("admin-login-throttled", &[("seconds", secs)]),
            )
            .await?;
            if let Ok(v) = secs.to_string().parse() {
                res.headers_mut().insert(header::RETRY_AFTER, v);
            }
            Ok(res)
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Debug, Deserialize)]
pub(crate) struct LogoutForm {
    #[serde(default)]
    csrf: String,
    /// `all` ends every session of the user ("log out everywhere").
    #[serde(default)]
    scope: String,
}

/// `POST /admin/logout`
pub(crate) async fn logout(
    State(state): State<AppState>,
    me: AdminSession,
    Form(f): Form<LogoutForm>,
) -> Result<Response, WebError> {
    check_csrf(&me.session, Some(&f.csrf))?;
    let only = (f.scope != "all").then_some(me.session.id);
    auth::logout(state.core(), &me.actor(), only).await?;
    Ok((
        StatusCode::SEE_OTHER,
        [
            (header::LOCATION, "/admin/login".to_owned()),
            (header::SET_COOKIE, clear_cookie()),
        ],
    )
        .into_response())
}
