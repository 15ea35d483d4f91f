//! `/admin/profile/`: one's own name, email and biography, password,
//! sessions (end one, or all: "log out everywhere") and personal access
//! tokens for the API (the secret is shown once).

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use beitrag_core::model::{Scope, SessionId, TokenId};
use beitrag_core::service::{auth, totp, user};
use chrono::Utc;
use serde::Serialize;

use super::form::Fields;
use super::render;
use crate::auth::{AdminSession, clear_cookie};
use crate::error::WebError;
use crate::state::AppState;

#[derive(Debug, Serialize)]
struct SessionRow {
    id: i64,
    current: bool,
    created_at: String,
    last_seen: String,
    ip: String,
    user_agent: String,
}

#[derive(Debug, Serialize)]
struct TokenRow {
    id: i64,
    name: String,
    scope: &'static str,
    created_at: String,
    last_used_at: Option<String>,
}

#[derive(Debug, Default, Serialize)]
struct Page {
    display_name: String,
    email: String,
    bio: String,
    /// The admin language chosen; empty = the site's.
    language: String,
    /// The languages one may choose.
    languages: &'static [&'static str],
    sessions: Vec<SessionRow>,
    tokens: Vec<TokenRow>,
    /// A token just created: shown this once.
    new_token: Option<String>,
    notice: Option<&'static str>,
    /// `(field, message)` of a refused change.
    error: Option<(String, String)>,
    /// Whether two-factor authentication is on.
    totp_on: bool,
    /// A secret being set up: shown, and carried signed to the confirmation.
    totp_setup: Option<TotpSetup>,
}

#[derive(Debug, Serialize)]
struct TotpSetup {
    secret: String,
    uri: String,
    signed: String,
}

fn setup(state: &AppState, me: &AdminSession, site_title: &str, secret: String) -> TotpSetup {
    TotpSetup {
        uri: totp::otpauth_uri(site_title, &me.user.login, &secret),
        signed: state
            .signer()
            .sign("totp-setup", &format!("{}:{secret}", me.user.id.0)),
        secret,
    }
}

async fn page(state: &AppState, me: &AdminSession, mut p: Page) -> Result<Page, WebError> {
    let store = state.read();
    let site = state.site().await?;
    let when = |t| super::when(state, me, &site, t);
    p.languages = beitrag_core::settings::LANGUAGES;
    p.totp_on = !me.user.totp_secret.is_empty();
    p.sessions = store
        .sessions_of_user(me.user.id, Utc::now())
        .await?
        .into_iter()
        .map(|s| SessionRow {
            id: s.id.0,
            current: s.id == me.session.id,
            created_at: when(s.created_at),
            last_seen: when(s.last_seen),
            ip: s.ip,
            user_agent: s.user_agent,
        })
        .collect();
    p.tokens = store
        .tokens_of_user(me.user.id)
        .await?
        .into_iter()
        .map(|t| TokenRow {
            id: t.id.0,
            name: t.name,
            scope: t.scope.as_str(),
            created_at: when(t.created_at),
            last_used_at: t.last_used_at.map(when),
        })
        .collect();
    Ok(p)
}

fn filled(me: &AdminSession) -> Page {
    Page {
        display_name: me.user.display_name.clone(),
        email: me.user.email.clone(),
        bio: me.user.bio.clone(),
        language: me.user.language.clone(),
        ..Page::default()
    }
}

/// `GET /admin/profile/`
pub(crate) async fn show(
    State(state): State<AppState>,
    me: AdminSession,
    RawQuery(query): RawQuery,
) -> Result<Response, WebError> {
    let q = Fields::query(query.as_deref());
    let mut p = filled(&me);
    p.notice = match q.get("done") {
        Some("profile") => Some("admin-profile-saved"),
        Some("password") => Some("admin-profile-password-changed"),
        Some("session") => Some("admin-profile-session-ended"),
        Some("revoked") => Some("admin-profile-token-revoked"),
        Some("totp-on") => Some("admin-profile-totp-is-on"),
        Some("totp-off") => Some("admin-profile-totp-is-off"),
        _ => None,
    };
    let p = page(&state, &me, p).await?;
    render(&state, &me, StatusCode::OK, "profile.html", "profile", p).await
}

async fn refused(
    state: &AppState,
    me: &AdminSession,
    mut p: Page,
    field: String,
    message: String,
) -> Result<Response, WebError> {
    p.error = Some((field, message));
    let p = page(state, me, p).await?;
    render(
        state,
        me,
        StatusCode::UNPROCESSABLE_ENTITY,
        "profile.html",
        "profile",
        p,
    )
    .await
}

/// [`refused`] with a core service's reason, in the viewer's language.
async fn refused_by_core(
    state: &AppState,
    me: &AdminSession,
    p: Page,
    field: String,
    message: &beitrag_core::Message,
) -> Result<Response, WebError> {
    let site = state.site().await?;
    let message = super::say(state, me, &site, message);
    refused(state, me, p, field, message).await
}

/// `POST /admin/profile/`: name, email, biography.
pub(crate) async fn save(
    State(state): State<AppState>,
    me: AdminSession,
    body: Bytes,
) -> Result<Response, WebError> {
    let f = Fields::parse(&body);
    f.check_csrf(&me)?;
    let patch = user::ProfilePatch {
        display_name: Some(f.text("display_name")),
        email: Some(f.text("email")),
        bio: Some(f.text("bio")),
        language: Some(f.text("language")),
    };
    match user::update_profile(state.core(), &me.actor(), me.user.id, patch).await {
        Ok(_) => Ok(Redirect::to("/admin/profile/?done=profile").into_response()),
        Err(beitrag_core::Error::Invalid { field, message }) => {
            let p = Page {
                display_name: f.text("display_name"),
                email: f.text("email"),
                bio: f.text("bio"),
                language: f.text("language"),
                ..Page::default()
            };
            refused_by_core(&state, &me, p, field, &message).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /admin/profile/password`: needs the current password.
pub(crate) async fn password(
    State(state): State<AppState>,
    me: AdminSession,
    body: Bytes,
) -> Result<Response, WebError> {
    let f = Fields::parse(&body);
    f.check_csrf(&me)?;
    let new = f.text("new");
    if new != f.text("repeat") {
        return refused(
            &state,
            &me,
            filled(&me),
            "repeat".into(),
            text(&state, &me, "admin-password-mismatch").await?,
        )
        .await;
    }
    // Other browsers that knew the old password are logged out.
    match user::change_password(
        state.core(),
        &me.actor(),
        &f.text("current"),
        &new,
        Some(me.session.id),
    )
    .await
    {
        Ok(()) => Ok(Redirect::to("/admin/profile/?done=password").into_response()),
        Err(beitrag_core::Error::Invalid { field, message }) => {
            refused_by_core(&state, &me, filled(&me), field, &message).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /admin/profile/sessions/{id}/end`
pub(crate) async fn end_session(
    State(state): State<AppState>,
    me: AdminSession,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Response, WebError> {
    Fields::parse(&body).check_csrf(&me)?;
    auth::logout(state.core(), &me.actor(), Some(SessionId(id))).await?;
    if id == me.session.id.0 {
        return Ok((
            StatusCode::SEE_OTHER,
            [
                (header::LOCATION, "/admin/login".to_owned()),
                (header::SET_COOKIE, clear_cookie()),
            ],
        )
            .into_response());
    }
    Ok(Redirect::to("/admin/profile/?done=session").into_response())
}

/// `POST /admin/profile/tokens`: creates a token and shows it once.
pub(crate) async fn create_token(
    State(state): State<AppState>,
    me: AdminSession,
    body: Bytes,
) -> Result<Response, WebError> {
    let f = Fields::parse(&body);
    f.check_csrf(&me)?;
    let Some(scope) = Scope::parse(&f.text("scope")) else {
        return refused(
            &state,
            &me,
            filled(&me),
            "scope".into(),
            text(&state, &me, "admin-tokens-bad-scope").await?,
        )
        .await;
    };
    match auth::create_token(
        state.core(),
        &me.actor(),
        &me.user,
        &f.text("name"),
        scope,
        Utc::now(),
    )
    .await
    {
        Ok((_, secret)) => {
            let mut p = filled(&me);
            p.new_token = Some(secret);
            let p = page(&state, &me, p).await?;
            render(
                &state,
                &me,
                StatusCode::CREATED,
                "profile.html",
                "profile",
                p,
            )
            .await
        }
        Err(beitrag_core::Error::Invalid { field, message }) => {
            refused_by_core(&state, &me, filled(&me), format!("token_{field}"), &message).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /admin/profile/tokens/{id}/revoke`
pub(crate) async fn revoke_token(
    State(state): State<AppState>,
    me: AdminSession,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Response, WebError> {
    Fields::parse(&body).check_csrf(&me)?;
    auth::revoke_token(state.core(), &me.actor(), me.user.id, TokenId(id)).await?;
    Ok(Redirect::to("/admin/profile/?done=revoked").into_response())
}

/// `POST /admin/profile/totp/start`: a new secret to add to the app.
pub(crate) async fn totp_start(
    State(state): State<AppState>,
    me: AdminSession,
    body: Bytes,
) -> Result<Response, WebError> {
    Fields::parse(&body).check_csrf(&me)?;
    let site = state.site().await?;
    let mut p = filled(&me);
    p.totp_setup = Some(setup(&state, &me, &site.settings.title, totp::new_secret()));
    let p = page(&state, &me, p).await?;
    render(&state, &me, StatusCode::OK, "profile.html", "profile", p).await
}

/// `POST /admin/profile/totp/enable`: on, once a current code proves the
/// app has the secret.
pub(crate) async fn totp_enable(
    State(state): State<AppState>,
    me: AdminSession,
    body: Bytes,
) -> Result<Response, WebError> {
    let f = Fields::parse(&body);
    f.check_csrf(&me)?;
    let prefix = format!("{}:", me.user.id.0);
    let Some(secret) = state
        .signer()
        .verify("totp-setup", f.get("signed").unwrap_or_default())
        .and_then(|p| p.strip_prefix(&prefix))
        .map(str::to_owned)
    else {
        return Err(WebError::BadRequest(
            "the setup form was changed; start again".into(),
        ));
    };
    match totp::enable(
        state.core(),
        &me.actor(),
        &secret,
        &f.text("code"),
        Utc::now(),
    )
    .await
    {
        Ok(()) => Ok(Redirect::to("/admin/profile/?done=totp-on").into_response()),
        Err(beitrag_core::Error::Invalid { field, message }) => {
            let site = state.site().await?;
            let mut p = filled(&me);
            p.totp_setup = Some(setup(&state, &me, &site.settings.title, secret));
            refused_by_core(&state, &me, p, format!("totp_{field}"), &message).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /admin/profile/totp/disable`: off, with a current code.
pub(crate) async fn totp_disable(
    State(state): State<AppState>,
    me: AdminSession,
    body: Bytes,
) -> Result<Response, WebError> {
    let f = Fields::parse(&body);
    f.check_csrf(&me)?;
    match totp::disable(state.core(), &me.actor(), &f.text("code"), Utc::now()).await {
        Ok(()) => {}
        Err(beitrag_core::Error::Invalid { message, .. }) => {
            return refused_by_core(&state, &me, filled(&me), "totp_off".into(), &message).await;
        }
        Err(e) => return Err(e.into()),
    }
    Ok(Redirect::to("/admin/profile/?done=totp-off").into_response())
}

/// A catalog text in the viewer's language.
async fn text(state: &AppState, me: &AdminSession, key: &str) -> Result<String, WebError> {
    let site = state.site().await?;
    Ok(super::tr(state, me, &site, key, &[]))
}
