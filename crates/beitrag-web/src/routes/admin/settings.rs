//! `/admin/settings/`: every site setting with its description, saved all
//! or nothing through the settings service (one bad value: the form again,
//! everything kept, that field marked).

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use beitrag_core::Settings;
use beitrag_core::service::access::{Capability, can};
use beitrag_core::settings::KEYS;
use serde::Serialize;

use super::form::Fields;
use super::{message, render};
use crate::auth::AdminSession;
use crate::error::WebError;
use crate::state::AppState;

/// Settings whose values are lists or long text get a text area.
const LONG: &[&str] = &[
    "blocklist_words",
    "blocklist_ips",
    "blocklist_emails",
    "blocklist_domains",
];

#[derive(Debug, Serialize)]
struct Field {
    key: &'static str,
    description: &'static str,
    value: String,
    long: bool,
    /// Why the value was refused.
    error: Option<String>,
}

#[derive(Debug, Serialize)]
struct Page {
    fields: Vec<Field>,
    saved: bool,
}

fn fields(values: impl Fn(&str) -> String, error: Option<(&str, &str)>) -> Vec<Field> {
    KEYS.iter()
        .map(|k| Field {
            key: k.name,
            description: k.description,
            value: values(k.name),
            long: LONG.contains(&k.name),
            error: error.filter(|(f, _)| *f == k.name).map(|(_, m)| m.to_owned()),
        })
        .collect()
}

async fn forbidden(state: &AppState, me: &AdminSession) -> Result<Response, WebError> {
    message(
        state,
        me,
        StatusCode::FORBIDDEN,
        "settings",
        "Only administrators change the site settings.",
    )
    .await
}

/// `GET /admin/settings/`
pub(crate) async fn show(
    State(state): State<AppState>,
    me: AdminSession,
    RawQuery(query): RawQuery,
) -> Result<Response, WebError> {
    if !can(me.user.role, Capability::ManageSettings) {
        return forbidden(&state, &me).await;
    }
    let settings: Settings = beitrag_core::service::settings::load(state.read()).await?;
    let saved = Fields::query(query.as_deref()).has("saved");
    let page = Page {
        fields: fields(|k| settings.get(k).unwrap_or_default(), None),
        saved,
    };
    render(
        &state,
        &me,
        StatusCode::OK,
        "settings.html",
        "settings",
        page,
    )
    .await
}

/// `POST /admin/settings/`
pub(crate) async fn save(
    State(state): State<AppState>,
    me: AdminSession,
    body: Bytes,
) -> Result<Response, WebError> {
    let form = Fields::parse(&body);
    form.check_csrf(&me)?;
    let pairs: Vec<(String, String)> = KEYS
        .iter()
        .filter_map(|k| form.get(k.name).map(|v| (k.name.to_owned(), v.to_owned())))
        .collect();
    match beitrag_core::service::settings::set_many(state.core(), &me.actor(), &pairs).await {
        Err(beitrag_core::Error::Forbidden(_)) => forbidden(&state, &me).await,
        Ok(_) => Ok(Redirect::to("/admin/settings/?saved=1").into_response()),
        Err(beitrag_core::Error::Invalid { field, message }) => {
            let page = Page {
                fields: fields(|k| form.text(k), Some((&field, &message))),
                saved: false,
            };
            render(
                &state,
                &me,
                StatusCode::UNPROCESSABLE_ENTITY,
                "settings.html",
                "settings",
                page,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}
