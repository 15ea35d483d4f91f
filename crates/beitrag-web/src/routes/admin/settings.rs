//! `/admin/settings/`: every site setting, grouped as in WordPress (General,
//! Writing, Reading, Discussion, Media, Permalinks), each with the control
//! its kind in the core's [`KEYS`] asks for and help from the catalogs;
//! saved all or nothing through the settings service (one bad value: the
//! form again, everything kept, that field marked).

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use beitrag_core::Settings;
use beitrag_core::service::access::{Capability, can};
use beitrag_core::settings::{Group, KEYS, Key, Kind, PERMALINK_PRESETS, key};
use serde::Serialize;

use super::form::Fields;
use super::{message, render, tr};
use crate::auth::AdminSession;
use crate::error::WebError;
use crate::state::AppState;

/// A setting as a form control: the kind comes from the core's [`KEYS`],
/// the words from the catalogs (`setting-KEY-label`, `setting-KEY-help`,
/// `setting-KEY-VALUE` for a choice).
#[derive(Debug, Serialize)]
struct Field {
    key: &'static str,
    /// `text`, `url`, `number`, `select`, `radio`, `list` or `permalink`.
    control: &'static str,
    label: String,
    help: String,
    value: String,
    min: Option<u32>,
    max: Option<u32>,
    maxlength: Option<usize>,
    choices: Vec<Choice>,
    /// Why the value was refused.
    error: Option<String>,
}

#[derive(Debug, Serialize)]
struct Choice {
    value: String,
    label: String,
    /// For a permalink preset: the pattern.
    pattern: &'static str,
    selected: bool,
}

#[derive(Debug, Serialize)]
struct Section {
    name: &'static str,
    fields: Vec<Field>,
}

#[derive(Debug, Serialize)]
struct Page {
    groups: Vec<Section>,
    /// The field refused, with its label and why.
    error: Option<(String, String)>,
    saved: bool,
    max_upload: String,
    /// The uploaded site icon (192 px), if there is one.
    icon: Option<String>,
    /// Catalog key of what happened to the icon.
    icon_notice: Option<&'static str>,
    /// Why an icon was refused.
    icon_error: Option<String>,
}

/// The form field with a permalink preset's name; `custom` (or none) means
/// the pattern typed into `permalink`.
const PRESET_FIELD: &str = "permalink_preset";

fn field(
    text: &dyn Fn(&str) -> String,
    key: &'static Key,
    value: String,
    error: Option<&str>,
) -> Field {
    let choice = |v: &str, label: String, pattern: &'static str, selected: bool| Choice {
        value: v.to_owned(),
        label,
        pattern,
        selected,
    };
    let named = |values: &[&str]| -> Vec<Choice> {
        values
            .iter()
            .map(|v| {
                let label = text(&format!("setting-{}-{v}", key.name));
                choice(v, label, "", *v == value)
            })
            .collect()
    };
    let (control, min, max, maxlength, choices) = match key.kind {
        Kind::Text { max } => ("text", None, None, Some(max), Vec::new()),
        Kind::Url => ("url", None, None, None, Vec::new()),
        Kind::Number { min, max } => ("number", Some(min), Some(max), None, Vec::new()),
        Kind::Select(values) => ("select", None, None, None, named(values)),
        Kind::Radio(values) => ("radio", None, None, None, named(values)),
        Kind::TimeZone => (
            "select",
            None,
            None,
            None,
            chrono_tz::TZ_VARIANTS
                .iter()
                .map(|z| choice(z.name(), z.name().to_owned(), "", z.name() == value))
                .collect(),
        ),
        Kind::List => ("list", None, None, None, Vec::new()),
        Kind::Icon => ("icon", None, None, None, Vec::new()),
        Kind::Permalink => {
            let mut presets: Vec<Choice> = PERMALINK_PRESETS
                .iter()
                .map(|(name, pattern)| {
                    let label = text(&format!("setting-permalink-{name}"));
                    choice(name, label, pattern, *pattern == value)
                })
                .collect();
            let custom = !presets.iter().any(|c| c.selected);
            presets.push(choice(
                "custom",
                text("setting-permalink-custom"),
                "",
                custom,
            ));
            ("permalink", None, None, None, presets)
        }
    };
    Field {
        key: key.name,
        control,
        label: text(&format!("setting-{}-label", key.name)),
        help: text(&format!("setting-{}-help", key.name)),
        value,
        min,
        max,
        maxlength,
        choices,
        error: error.map(str::to_owned),
    }
}

fn page(
    state: &AppState,
    text: &dyn Fn(&str) -> String,
    values: impl Fn(&str) -> String,
    error: Option<(&str, &str)>,
) -> Page {
    let groups = Group::ALL
        .iter()
        .map(|g| Section {
            name: g.as_str(),
            fields: KEYS
                .iter()
                // The icon has a form of its own (a file, not a value).
                .filter(|k| k.group == *g && k.kind != Kind::Icon)
                .map(|k| {
                    let refused = error.filter(|(f, _)| *f == k.name).map(|(_, m)| m);
                    field(text, k, values(k.name), refused)
                })
                .collect(),
        })
        .collect();
    Page {
        groups,
        error: error.map(|(f, m)| {
            let label = if key(f).is_some() {
                text(&format!("setting-{f}-label"))
            } else {
                f.to_owned()
            };
            (label, m.to_owned())
        }),
        saved: false,
        max_upload: super::media::human_size(state.options().max_upload_bytes),
        icon: None,
        icon_notice: None,
        icon_error: None,
    }
}

/// The value the form gives `key`: a permalink preset wins over the
/// pattern field, as the chosen radio button says.
fn submitted(form: &Fields, key: &str) -> Option<String> {
    if key == "permalink" {
        let preset = form.get(PRESET_FIELD).unwrap_or("custom");
        if let Some((_, pattern)) = PERMALINK_PRESETS.iter().find(|(n, _)| *n == preset) {
            return Some((*pattern).to_owned());
        }
    }
    form.get(key).map(str::to_owned)
}

pub(super) async fn forbidden(state: &AppState, me: &AdminSession) -> Result<Response, WebError> {
    message(
        state,
        me,
        StatusCode::FORBIDDEN,
        "settings",
        "admin-settings-forbidden",
    )
    .await
}

/// `GET /admin/settings/`
pub(crate) async fn show(
    State(state): State<AppState>,
    me: AdminSession,
    RawQuery(query): RawQuery,
) -> Result<Response, WebError> {
    let query = Fields::query(query.as_deref());
    let notice = match query.get("icon") {
        Some("saved") => Some("admin-site-icon-saved"),
        Some("removed") => Some("admin-site-icon-removed"),
        _ => None,
    };
    show_page(
        &state,
        &me,
        StatusCode::OK,
        query.has("saved"),
        notice,
        None,
    )
    .await
}

/// The settings page telling why an icon was refused.
pub(super) async fn show_refused_icon(
    state: &AppState,
    me: &AdminSession,
    status: StatusCode,
    why: String,
) -> Result<Response, WebError> {
    show_page(state, me, status, false, None, Some(why)).await
}

async fn show_page(
    state: &AppState,
    me: &AdminSession,
    status: StatusCode,
    saved: bool,
    icon_notice: Option<&'static str>,
    icon_error: Option<String>,
) -> Result<Response, WebError> {
    if !can(me.user.role, Capability::ManageSettings) {
        return forbidden(state, me).await;
    }
    let settings: Settings = beitrag_core::service::settings::load(state.read()).await?;
    let site = state.site().await?;
    let text = |key: &str| tr(state, me, &site, key, &[]);
    let mut page = page(state, &text, |k| settings.get(k).unwrap_or_default(), None);
    page.saved = saved;
    page.icon = crate::routes::icons::uploaded(&site, "icon-192.png");
    page.icon_notice = icon_notice;
    page.icon_error = icon_error;
    render(state, me, status, "settings.html", "settings", page).await
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
        .filter_map(|k| submitted(&form, k.name).map(|v| (k.name.to_owned(), v)))
        .collect();
    match beitrag_core::service::settings::set_many(state.core(), &me.actor(), &pairs).await {
        Err(beitrag_core::Error::Forbidden(_)) => forbidden(&state, &me).await,
        Ok(_) => Ok(Redirect::to("/admin/settings/?saved=1").into_response()),
        Err(beitrag_core::Error::Invalid { field, message }) => {
            let site = state.site().await?;
            let text = |key: &str| tr(&state, &me, &site, key, &[]);
            let values = |k: &str| submitted(&form, k).unwrap_or_default();
            let message = super::say(&state, &me, &site, &message);
            let page = page(&state, &text, values, Some((&field, &message)));
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
