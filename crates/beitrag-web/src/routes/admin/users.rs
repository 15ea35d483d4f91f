//! `/admin/users/`: administrators invite people (an account with a
//! generated password, shown once to pass on), change roles and disable
//! accounts. Nobody can lock themselves out: one's own role and status are
//! not changed here.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use beitrag_core::model::{Role, UserId};
use beitrag_core::service::access::{Capability, can};
use beitrag_core::service::user;
use serde::Serialize;

use super::form::Fields;
use super::{message, render, tr};
use crate::auth::AdminSession;
use crate::error::WebError;
use crate::state::AppState;

#[derive(Debug, Serialize)]
struct Row {
    id: i64,
    login: String,
    display_name: String,
    email: String,
    role: &'static str,
    disabled: bool,
    me: bool,
}

#[derive(Debug, Default, Serialize)]
struct Page {
    users: Vec<Row>,
    roles: Vec<&'static str>,
    /// `(login, password)` of an account just created.
    invited: Option<(String, String)>,
    /// The invite form as sent, when refused.
    form: Option<(String, String, String, String)>,
    error: Option<(String, String)>,
    notice: Option<&'static str>,
}

async fn forbidden(state: &AppState, me: &AdminSession) -> Result<Response, WebError> {
    message(
        state,
        me,
        StatusCode::FORBIDDEN,
        "users",
        "admin-users-forbidden",
    )
    .await
}

async fn show_page(
    state: &AppState,
    me: &AdminSession,
    status: StatusCode,
    mut p: Page,
) -> Result<Response, WebError> {
    p.users = state
        .read()
        .users()
        .await?
        .into_iter()
        .map(|u| Row {
            id: u.id.0,
            me: u.id == me.user.id,
            login: u.login,
            display_name: u.display_name,
            email: u.email,
            role: u.role.as_str(),
            disabled: u.disabled,
        })
        .collect();
    p.roles = Role::ALL.iter().map(|r| r.as_str()).collect();
    render(state, me, status, "users.html", "users", p).await
}

/// `GET /admin/users/`
pub(crate) async fn list(
    State(state): State<AppState>,
    me: AdminSession,
) -> Result<Response, WebError> {
    if !can(me.user.role, Capability::ManageUsers) {
        return forbidden(&state, &me).await;
    }
    show_page(&state, &me, StatusCode::OK, Page::default()).await
}

/// `POST /admin/users/`: invite.
pub(crate) async fn invite(
    State(state): State<AppState>,
    me: AdminSession,
    body: Bytes,
) -> Result<Response, WebError> {
    let f = Fields::parse(&body);
    f.check_csrf(&me)?;
    if !can(me.user.role, Capability::ManageUsers) {
        return forbidden(&state, &me).await;
    }
    let refused = |field: String, message: String| Page {
        form: Some((
            f.text("login"),
            f.text("display_name"),
            f.text("email"),
            f.text("role"),
        )),
        error: Some((field, message)),
        ..Page::default()
    };
    let Some(role) = Role::parse(&f.text("role")) else {
        let site = state.site().await?;
        let p = refused(
            "role".into(),
            tr(&state, &me, &site, "admin-users-bad-role", &[]),
        );
        return show_page(&state, &me, StatusCode::UNPROCESSABLE_ENTITY, p).await;
    };
    let password = user::generate_password();
    let input = user::UserInput {
        login: f.text("login").trim().to_owned(),
        display_name: f.text("display_name"),
        email: f.text("email"),
        role,
        bio: String::new(),
    };
    match user::create(state.core(), &me.actor(), input, &password).await {
        Ok(u) => {
            let p = Page {
                invited: Some((u.login, password)),
                ..Page::default()
            };
            show_page(&state, &me, StatusCode::CREATED, p).await
        }
        Err(beitrag_core::Error::Invalid { field, message }) => {
            let site = state.site().await?;
            let message = super::say(&state, &me, &site, &message);
            show_page(
                &state,
                &me,
                StatusCode::UNPROCESSABLE_ENTITY,
                refused(field, message),
            )
            .await
        }
        Err(beitrag_core::Error::LoginTaken(login)) => {
            let site = state.site().await?;
            let text = tr(
                &state,
                &me,
                &site,
                "admin-users-login-taken",
                &[("login", login.into())],
            );
            let p = refused("login".into(), text);
            show_page(&state, &me, StatusCode::UNPROCESSABLE_ENTITY, p).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /admin/users/{id}`: role and enabled/disabled.
pub(crate) async fn update(
    State(state): State<AppState>,
    me: AdminSession,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Response, WebError> {
    let f = Fields::parse(&body);
    f.check_csrf(&me)?;
    if !can(me.user.role, Capability::ManageUsers) {
        return forbidden(&state, &me).await;
    }
    let Some(role) = Role::parse(&f.text("role")) else {
        let site = state.site().await?;
        let p = Page {
            error: Some((
                "role".into(),
                tr(&state, &me, &site, "admin-users-bad-role", &[]),
            )),
            ..Page::default()
        };
        return show_page(&state, &me, StatusCode::UNPROCESSABLE_ENTITY, p).await;
    };
    // The service refuses demoting or disabling oneself and ends a
    // disabled account's sessions.
    match user::set_role(
        state.core(),
        &me.actor(),
        UserId(id),
        role,
        f.has("disabled"),
    )
    .await
    {
        Ok(_) => {}
        Err(beitrag_core::Error::Invalid { field, message }) => {
            let site = state.site().await?;
            let p = Page {
                error: Some((field, super::say(&state, &me, &site, &message))),
                ..Page::default()
            };
            return show_page(&state, &me, StatusCode::UNPROCESSABLE_ENTITY, p).await;
        }
        Err(beitrag_core::Error::NotFound) => return Err(WebError::NotFound),
        Err(e) => return Err(e.into()),
    }
    Ok(Redirect::to("/admin/users/").into_response())
}
