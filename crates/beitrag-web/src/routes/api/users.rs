//! `/api/v1/users`: the caller's own profile (with role and capabilities)
//! and personal access tokens, and the list of accounts for those who
//! manage users. Password hashes and token secrets never leave the server,
//! except a new token's secret, once, in the answer that creates it.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{delete as delete_route, get};
use beitrag_core::model::{ApiToken, Scope, TokenId, User};
use beitrag_core::service::access::{Capability, can, require};
use beitrag_core::service::{auth, user};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};

use super::ApiJson;
use super::body::ApiPath as Path;
use crate::auth::ApiCaller;
use crate::error::WebError;
use crate::problem::Problem;
use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(
    paths(me, update_me, list, tokens, create_token, revoke_token),
    components(schemas(UserOut, ProfileIn, TokenOut, TokenIn, NewTokenOut))
)]
pub(super) struct Api;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/users", get(list))
        .route("/api/v1/users/me", get(me).patch(update_me))
        .route("/api/v1/users/me/tokens", get(tokens).post(create_token))
        .route("/api/v1/users/me/tokens/{id}", delete_route(revoke_token))
}

/// An account.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct UserOut {
    id: i64,
    login: String,
    /// Name shown to readers.
    display_name: String,
    /// Contact address; never shown publicly.
    email: String,
    bio: String,
    avatar_url: Option<String>,
    /// `administrator`, `editor`, `author` or `contributor`.
    role: String,
    /// What the role allows, e.g. `moderate_comments`.
    capabilities: Vec<String>,
    /// A disabled account cannot log in or use its tokens.
    disabled: bool,
    /// Language of the admin for this account (`de`, `en`); empty = the site's.
    language: String,
    created_at: DateTime<Utc>,
}

/// Changes to one's own profile; absent fields stay as they are.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ProfileIn {
    /// 1 to 100 characters.
    display_name: Option<String>,
    email: Option<String>,
    /// Plain text, at most 5,000 characters.
    bio: Option<String>,
    /// Language of the admin (`de`, `en`); empty = the site's.
    language: Option<String>,
}

/// A personal access token, without its secret.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct TokenOut {
    id: i64,
    name: String,
    /// `read` (safe methods only) or `write`.
    scope: String,
    created_at: DateTime<Utc>,
    last_used_at: Option<DateTime<Utc>>,
}

/// A token to create.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct TokenIn {
    /// What it is for, 1 to 100 characters (e.g. the device).
    name: String,
    /// `read` (default) or `write`.
    scope: Option<String>,
}

/// A new token with its secret, shown this once.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct NewTokenOut {
    id: i64,
    name: String,
    scope: String,
    created_at: DateTime<Utc>,
    /// Send as `Authorization: Bearer …`. Only its hash is kept: store it
    /// now.
    secret: String,
}

/// The API's word for a capability.
fn capability_name(c: Capability) -> &'static str {
    match c {
        Capability::EditOwnPosts => "edit_own_posts",
        Capability::PublishOwnPosts => "publish_own_posts",
        Capability::EditOthersPosts => "edit_others_posts",
        Capability::ModerateComments => "moderate_comments",
        Capability::ManageTerms => "manage_terms",
        Capability::UploadMedia => "upload_media",
        Capability::ManageUsers => "manage_users",
        Capability::ManageSettings => "manage_settings",
    }
}

fn user_out(u: &User) -> UserOut {
    UserOut {
        id: u.id.0,
        login: u.login.clone(),
        display_name: u.display_name.clone(),
        email: u.email.clone(),
        bio: u.bio.clone(),
        avatar_url: u.avatar_url.clone(),
        role: u.role.as_str().into(),
        capabilities: Capability::ALL
            .iter()
            .filter(|c| can(u.role, **c))
            .map(|c| capability_name(*c).to_owned())
            .collect(),
        disabled: u.disabled,
        language: u.language.clone(),
        created_at: u.created_at,
    }
}

fn token_out(t: &ApiToken) -> TokenOut {
    TokenOut {
        id: t.id.0,
        name: t.name.clone(),
        scope: t.scope.as_str().into(),
        created_at: t.created_at,
        last_used_at: t.last_used_at,
    }
}

#[utoipa::path(
    get, path = "/users/me", operation_id = "getMe", tag = "users",
    responses(
        (status = 200, description = "The caller's account", body = UserOut),
        (status = 401, body = Problem, content_type = "application/problem+json"),
    )
)]
async fn me(caller: ApiCaller) -> axum::Json<UserOut> {
    axum::Json(user_out(&caller.user))
}

#[utoipa::path(
    patch, path = "/users/me", operation_id = "updateMe", tag = "users",
    request_body = ProfileIn,
    responses(
        (status = 200, body = UserOut),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 415, body = Problem, content_type = "application/problem+json"),
    )
)]
async fn update_me(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiJson(body): ApiJson<ProfileIn>,
) -> Result<axum::Json<UserOut>, Problem> {
    let patch = user::ProfilePatch {
        display_name: body.display_name,
        email: body.email,
        bio: body.bio,
        language: body.language,
    };
    let updated = user::update_profile(state.core(), &caller.actor(), caller.user.id, patch)
        .await
        .map_err(|e| {
            let mut p = Problem::from(e);
            // The service speaks of the admin form's `name` field.
            if p.field.as_deref() == Some("name") {
                p.field = Some("display_name".into());
            }
            p
        })?;
    // Author names appear on pages and in the site snapshot.
    Ok(axum::Json(user_out(&updated)))
}

#[utoipa::path(
    get, path = "/users", operation_id = "listUsers", tag = "users",
    responses(
        (status = 200, description = "Every account, by id", body = Vec<UserOut>),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
    )
)]
async fn list(
    State(state): State<AppState>,
    caller: ApiCaller,
) -> Result<axum::Json<Vec<UserOut>>, Problem> {
    require(&caller.user, Capability::ManageUsers)?;
    let users = state.read().users().await?;
    Ok(axum::Json(users.iter().map(user_out).collect()))
}

#[utoipa::path(
    get, path = "/users/me/tokens", operation_id = "listMyTokens", tag = "users",
    responses(
        (status = 200, description = "The caller's tokens, newest first, without secrets", body = Vec<TokenOut>),
        (status = 401, body = Problem, content_type = "application/problem+json"),
    )
)]
async fn tokens(
    State(state): State<AppState>,
    caller: ApiCaller,
) -> Result<axum::Json<Vec<TokenOut>>, Problem> {
    let list = state.read().tokens_of_user(caller.user.id).await?;
    Ok(axum::Json(list.iter().map(token_out).collect()))
}

#[utoipa::path(
    post, path = "/users/me/tokens", operation_id = "createMyToken", tag = "users",
    request_body = TokenIn,
    responses(
        (status = 201, description = "Created; the secret is in this answer only", body = NewTokenOut),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 415, body = Problem, content_type = "application/problem+json"),
    )
)]
async fn create_token(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiJson(body): ApiJson<TokenIn>,
) -> Result<(StatusCode, axum::Json<NewTokenOut>), Problem> {
    let scope = match body.scope.as_deref() {
        None => Scope::Read,
        Some(s) => Scope::parse(s)
            .ok_or_else(|| super::invalid("scope", format!("`{s}` is not one of read, write")))?,
    };
    // Whole seconds, as stored and as the token list shows it.
    let now = Utc::now();
    let now = DateTime::from_timestamp(now.timestamp(), 0).unwrap_or(now);
    let (id, secret) = auth::create_token(
        state.core(),
        &caller.actor(),
        &caller.user,
        &body.name,
        scope,
        now,
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(NewTokenOut {
            id: id.0,
            name: body.name.trim().to_owned(),
            scope: scope.as_str().into(),
            created_at: now,
            secret,
        }),
    ))
}

#[utoipa::path(
    delete, path = "/users/me/tokens/{id}", operation_id = "deleteMyToken", tag = "users",
    params(("id" = i64, Path, description = "Token id")),
    responses(
        (status = 204, description = "Revoked; it stops working at once"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The caller has no such token", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn revoke_token(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
) -> Result<StatusCode, Problem> {
    if auth::revoke_token(state.core(), &caller.actor(), caller.user.id, TokenId(id)).await? == 0 {
        return Err(WebError::NotFound.into());
    }
    Ok(StatusCode::NO_CONTENT)
}
