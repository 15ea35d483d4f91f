//! `/api/v1/settings`: every site setting with its description, and
//! changing several at once, all or nothing, through
//! `core::service::settings::set_many` (the rules of `beitrag settings
//! set`). Administrators only: the settings hold block lists and the spam
//! service's key.

use axum::Router;
use axum::extract::State;
use axum::routing::get;
use beitrag_core::Settings;
use beitrag_core::service::access::{Capability, require};
use beitrag_core::service::settings;
use serde::Serialize;
use serde_json::{Map, Value};
use utoipa::{OpenApi, ToSchema};

use super::{ApiJson, invalid};
use crate::auth::ApiCaller;
use crate::problem::Problem;
use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(paths(list, update), components(schemas(SettingOut)))]
pub(super) struct Api;

pub(super) fn router() -> Router<AppState> {
    Router::new().route("/api/v1/settings", get(list).patch(update))
}

/// One setting.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct SettingOut {
    /// E.g. `title`, `posts_per_page`.
    key: String,
    /// The value as text, as `PATCH` takes it.
    value: String,
    /// What it does and which values it takes.
    description: String,
}

fn all(settings: &Settings) -> Vec<SettingOut> {
    beitrag_core::settings::KEYS
        .iter()
        .map(|k| SettingOut {
            key: k.name.to_owned(),
            value: settings.get(k.name).unwrap_or_default(),
            description: k.description.to_owned(),
        })
        .collect()
}

#[utoipa::path(
    get, path = "/settings", operation_id = "getSettings", tag = "settings",
    responses(
        (status = 200, description = "Every setting, in display order", body = Vec<SettingOut>),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
    )
)]
async fn list(
    State(state): State<AppState>,
    caller: ApiCaller,
) -> Result<axum::Json<Vec<SettingOut>>, Problem> {
    require(&caller.user, Capability::ManageSettings)?;
    let current = settings::load(state.read()).await?;
    Ok(axum::Json(all(&current)))
}

#[utoipa::path(
    patch, path = "/settings", operation_id = "updateSettings", tag = "settings",
    request_body(
        content = std::collections::HashMap<String, String>,
        description = "Keys and new values as text, e.g. `{\"title\": \"Mein Blog\", \"posts_per_page\": \"5\"}`",
    ),
    responses(
        (status = 200, description = "Every setting after the change", body = Vec<SettingOut>),
        (status = 400, description = "`field` names the first unknown key or invalid value; nothing was stored", body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 415, body = Problem, content_type = "application/problem+json"),
    )
)]
async fn update(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiJson(body): ApiJson<Map<String, Value>>,
) -> Result<axum::Json<Vec<SettingOut>>, Problem> {
    // Values are text, as `GET` shows them; a number or `true` is a
    // mistake worth naming rather than guessing its spelling.
    let pairs = body
        .into_iter()
        .map(|(key, value)| match value {
            Value::String(s) => Ok((key, s)),
            _ => Err(invalid(&key, "must be a string")),
        })
        .collect::<Result<Vec<_>, _>>()?;
    let changed = settings::set_many(state.core(), &caller.actor(), &pairs).await?;
    Ok(axum::Json(all(&changed)))
}
