//! "Forgot your password?": a one-time link by email (through the durable
//! mail queue). The answer never says whether an account exists.

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use beitrag_core::service::reset;
use chrono::Utc;
use serde::Serialize;

use super::form::Fields;
use crate::error::WebError;
use crate::state::AppState;
use beitrag_core::service::reset::RESET_MINUTES;

#[derive(Debug, Default, Serialize)]
struct Page {
    /// Which form: `forgot`, `sent`, `reset`, `invalid`.
    step: &'static str,
    token: String,
    error: Option<String>,
    token_form: String,
    minutes: i64,
}

/// Nobody is signed in: the pages speak the site's language.
async fn page(state: &AppState, status: StatusCode, mut p: Page) -> Result<Response, WebError> {
    let site = state.site().await?;
    p.minutes = RESET_MINUTES;
    p.token_form = state
        .signer()
        .sign("forgot", &Utc::now().timestamp().to_string());
    #[derive(Serialize)]
    struct Ctx<'a> {
        lang: &'a str,
        page: Page,
    }
    let html = state.templates().render(
        "admin/reset.html",
        Ctx {
            lang: &site.settings.language,
            page: p,
        },
    )?;
    Ok((
        status,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
            // The token in the URL must not leak to other sites.
            (header::REFERRER_POLICY, "no-referrer"),
        ],
        html,
    )
        .into_response())
}

/// `GET /admin/forgot`
pub(crate) async fn forgot_form(State(state): State<AppState>) -> Result<Response, WebError> {
    page(
        &state,
        StatusCode::OK,
        Page {
            step: "forgot",
            ..Page::default()
        },
    )
    .await
}

/// `POST /admin/forgot`: queues a mail when the login or address belongs
/// to an enabled account; answers the same either way.
pub(crate) async fn forgot(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<Response, WebError> {
    let f = Fields::parse(&body);
    let fresh = state
        .signer()
        .verify("forgot", f.get("form").unwrap_or_default())
        .and_then(|t| t.parse::<i64>().ok())
        .is_some_and(|t| (0..3600).contains(&(Utc::now().timestamp() - t)));
    if !fresh {
        return page(
            &state,
            StatusCode::FORBIDDEN,
            Page {
                step: "forgot",
                error: Some(site_text(&state, "admin-login-expired", &[]).await?),
                ..Page::default()
            },
        )
        .await;
    }
    reset::request(state.core(), &f.text("who"), Utc::now()).await?;
    page(
        &state,
        StatusCode::OK,
        Page {
            step: "sent",
            ..Page::default()
        },
    )
    .await
}

/// `GET /admin/reset?token=…`
pub(crate) async fn reset_form(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Response, WebError> {
    let token = Fields::query(query.as_deref()).text("token");
    if reset::user_of(state.core(), &token, Utc::now())
        .await?
        .is_none()
    {
        return page(
            &state,
            StatusCode::GONE,
            Page {
                step: "invalid",
                ..Page::default()
            },
        )
        .await;
    }
    page(
        &state,
        StatusCode::OK,
        Page {
            step: "reset",
            token,
            ..Page::default()
        },
    )
    .await
}

/// `POST /admin/reset`: sets the password, ends every session.
pub(crate) async fn reset(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<Response, WebError> {
    let f = Fields::parse(&body);
    let token = f.text("token");
    let refused = |error: String| Page {
        step: "reset",
        token: token.clone(),
        error: Some(error),
        ..Page::default()
    };
    let new = f.text("new");
    if new != f.text("repeat") {
        return page(
            &state,
            StatusCode::UNPROCESSABLE_ENTITY,
            refused(site_text(&state, "admin-password-differ", &[]).await?),
        )
        .await;
    }
    match reset::complete(state.core(), &token, &new, Utc::now()).await {
        Ok(()) => Ok((
            StatusCode::SEE_OTHER,
            [(header::LOCATION, "/admin/login?reset=1")],
        )
            .into_response()),
        Err(beitrag_core::Error::Gone) => {
            let p = Page {
                step: "invalid",
                ..Page::default()
            };
            page(&state, StatusCode::GONE, p).await
        }
        Err(beitrag_core::Error::Invalid { message, .. }) => {
            let lang = state.site().await?.settings.language.clone();
            let message = state.i18n().message(&lang, &message);
            let text = site_text(&state, "admin-password-invalid", &[("message", message)]).await?;
            page(&state, StatusCode::UNPROCESSABLE_ENTITY, refused(text)).await
        }
        Err(e) => Err(e.into()),
    }
}

/// A catalog text in the site's language.
async fn site_text(
    state: &AppState,
    key: &str,
    args: &[(&str, String)],
) -> Result<String, WebError> {
    let site = state.site().await?;
    Ok(state.i18n().text(&site.settings.language, key, args))
}
