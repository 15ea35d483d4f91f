//! The admin at `/admin`: server-rendered pages that work without
//! JavaScript; `admin.js` adds live preview, autosave and shortcuts. Every
//! page needs a session ([`AdminSession`]); every form carries the
//! session's CSRF token; the role checks live in the core services.

mod comments;
mod dashboard;
mod design;
mod editor;
mod followers;
pub(crate) mod form;
mod indieauth;
mod login;
mod media;
mod menu;
mod post_form;
mod posts;
mod profile;
mod reset;
mod revisions;
mod settings;
mod site_icon;
mod subscribers;
mod terms;
mod users;
mod widgets;

use axum::Router;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use fluent_bundle::FluentValue;
use serde::Serialize;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::auth::AdminSession;
use crate::error::WebError;
use crate::state::{AppState, Site};
use beitrag_core::service::access::{Capability, can};

const ADMIN_CSS: &str = include_str!("../../../static/admin.css");
const ADMIN_JS: &str = include_str!("../../../static/admin.js");

/// The admin's routes, with headers of their own: scripts only from this
/// origin, never framed, never cached. `upload_limit` is the body limit of
/// the media upload form (the file plus its multipart framing).
pub fn router(upload_limit: usize) -> Router<AppState> {
    Router::new()
        .route("/admin", get(|| async { Redirect::permanent("/admin/") }))
        .route("/admin/", get(dashboard::show))
        .route("/admin/login", get(login::form).post(login::submit))
        .route("/admin/logout", post(login::logout))
        .route("/admin/posts", get(|| async { Redirect::permanent("/admin/posts/") }))
        .route("/admin/posts/", get(posts::list))
        .route("/admin/posts/bulk", post(posts::bulk))
        .route("/admin/posts/new", get(editor::new).post(editor::create))
        .route("/admin/posts/{id}/edit", get(editor::edit).post(editor::update))
        .route("/admin/posts/{id}/delete", post(posts::delete))
        .route("/admin/posts/{id}/revisions", get(revisions::list))
        .route(
            "/admin/posts/{id}/revisions/{rev}/restore",
            post(revisions::restore),
        )
        .route("/admin/preview", post(editor::preview))
        .route("/admin/media", get(|| async { Redirect::permanent("/admin/media/") }))
        .route(
            "/admin/media/",
            get(media::list)
                .post(media::upload)
                .layer(axum::extract::DefaultBodyLimit::max(upload_limit)),
        )
        .route("/admin/media/{id}/delete", post(media::delete))
        .route("/admin/media/{id}/alt", post(media::describe))
        .route(
            "/admin/comments",
            get(|| async { Redirect::permanent("/admin/comments/") }),
        )
        .route("/admin/comments/", get(comments::list))
        .route("/admin/comments/moderate", post(comments::moderate))
        .route(
            "/admin/comments/{id}/edit",
            get(comments::edit_form).post(comments::edit),
        )
        .route(
            "/admin/comments/{id}/reply",
            get(comments::reply_form).post(comments::reply),
        )
        .route("/admin/forgot", get(reset::forgot_form).post(reset::forgot))
        .route("/admin/reset", get(reset::reset_form).post(reset::reset))
        .route("/admin/settings/", get(settings::show).post(settings::save))
        .route(
            "/admin/settings/icon",
            post(site_icon::upload).layer(axum::extract::DefaultBodyLimit::max(upload_limit)),
        )
        .route("/admin/settings/icon/remove", post(site_icon::remove))
        .route("/admin/menu", get(menu::show).post(menu::save))
        .route("/admin/followers", get(followers::show))
        .route("/admin/followers/remove", post(followers::remove))
        .route("/admin/widgets", get(widgets::show).post(widgets::save))
        .route("/admin/users/", get(users::list).post(users::invite))
        .route("/admin/users/{id}", post(users::update))
        .route("/admin/terms/", get(terms::list))
        .route("/admin/subscribers/", get(subscribers::list))
        .route("/admin/subscribers/{id}/remove", post(subscribers::remove))
        .route("/admin/terms/{id}", post(terms::update))
        .route("/admin/terms/{id}/merge", post(terms::merge))
        .route("/admin/profile/", get(profile::show).post(profile::save))
        .route("/admin/profile/password", post(profile::password))
        .route("/admin/profile/totp/start", post(profile::totp_start))
        .route("/admin/profile/totp/enable", post(profile::totp_enable))
        .route("/admin/profile/totp/disable", post(profile::totp_disable))
        .route("/admin/profile/sessions/{id}/end", post(profile::end_session))
        .route("/admin/indieauth", get(indieauth::ask).post(indieauth::decide))
        .route("/admin/profile/tokens", post(profile::create_token))
        .route("/admin/profile/tokens/{id}/revoke", post(profile::revoke_token))
        .route("/admin/static/admin.css", get(css))
        .route("/admin/static/admin.js", get(js))
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; \
                 object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
            ),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
}

async fn css() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        ADMIN_CSS,
    )
        .into_response()
}

async fn js() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        ADMIN_JS,
    )
        .into_response()
}

/// A page saying what the viewer may not do (403) or what went wrong, in
/// the admin's frame rather than as plain text; `key` names the catalog
/// message.
pub(crate) async fn message(
    state: &AppState,
    me: &AdminSession,
    status: StatusCode,
    section: &str,
    key: &str,
) -> Result<Response, WebError> {
    let site = state.site().await?;
    let text = state.i18n().t(lang_of(me, &site), key, &[]);
    message_text(state, me, status, section, &text).await
}

/// `None` when the viewer has `cap`, else the 403 page saying so (`key`
/// names the catalog message): `if let Some(denied) = require(…).await? {
/// return Ok(denied) }`.
pub(crate) async fn require(
    state: &AppState,
    me: &AdminSession,
    cap: beitrag_core::service::access::Capability,
    section: &str,
    key: &str,
) -> Result<Option<Response>, WebError> {
    if beitrag_core::service::access::can(me.user.role, cap) {
        return Ok(None);
    }
    message(state, me, StatusCode::FORBIDDEN, section, key)
        .await
        .map(Some)
}

/// [`message`] with a text already in the viewer's language.
pub(crate) async fn message_text(
    state: &AppState,
    me: &AdminSession,
    status: StatusCode,
    section: &str,
    text: &str,
) -> Result<Response, WebError> {
    #[derive(Serialize)]
    struct Message<'a> {
        status: u16,
        text: &'a str,
    }
    render(
        state,
        me,
        status,
        "message.html",
        section,
        Message {
            status: status.as_u16(),
            text,
        },
    )
    .await
}

/// The admin's language for this viewer: their own choice, else the site's.
pub(crate) fn lang_of<'a>(me: &'a AdminSession, site: &'a Site) -> &'a str {
    if me.user.language.is_empty() {
        &site.settings.language
    } else {
        &me.user.language
    }
}

/// A core message (an error's reason) in this viewer's language.
pub(crate) fn say(
    state: &AppState,
    me: &AdminSession,
    site: &Site,
    message: &beitrag_core::Message,
) -> String {
    state.i18n().message(lang_of(me, site), message)
}

/// [`message_text`] with a core message, such as a refusal's reason.
pub(crate) async fn refusal(
    state: &AppState,
    me: &AdminSession,
    status: StatusCode,
    section: &str,
    why: &beitrag_core::Message,
) -> Result<Response, WebError> {
    let site = state.site().await?;
    message_text(state, me, status, section, &say(state, me, &site, why)).await
}

/// The status an admin page answers a refused upload with; `None` for a
/// failure of ours (storage), which is no refusal.
pub(crate) fn upload_refusal(problem: beitrag_core::UploadProblem) -> Option<StatusCode> {
    use beitrag_core::UploadProblem as P;
    match problem {
        P::TooLarge => Some(StatusCode::PAYLOAD_TOO_LARGE),
        P::UnsupportedType => Some(StatusCode::UNSUPPORTED_MEDIA_TYPE),
        // A damaged file or a name we cannot use: well-formed, unusable.
        P::Unreadable | P::BadName => Some(StatusCode::UNPROCESSABLE_ENTITY),
        P::Storage => None,
    }
}

/// Translates `key` for this viewer, with text arguments.
pub(crate) fn tr(
    state: &AppState,
    me: &AdminSession,
    site: &Site,
    key: &str,
    args: &[(&str, FluentValue<'_>)],
) -> String {
    state.i18n().t(lang_of(me, site), key, args)
}

/// A point in time as the admin shows it: in the site's time zone (as the
/// editor's date field), in the viewer's language.
pub(crate) fn when(
    state: &AppState,
    me: &AdminSession,
    site: &Site,
    at: chrono::DateTime<chrono::Utc>,
) -> String {
    state.i18n().date_time(
        lang_of(me, site),
        at.with_timezone(&site.settings.timezone),
        false,
    )
}

/// What every admin page knows about the viewer.
#[derive(Debug, Serialize)]
pub(crate) struct Me {
    id: i64,
    login: String,
    display_name: String,
    role: &'static str,
    /// Capabilities by name, for showing only what the viewer may use.
    can: std::collections::BTreeMap<&'static str, bool>,
}

impl Me {
    fn of(me: &AdminSession) -> Self {
        let names = [
            ("edit_own_posts", Capability::EditOwnPosts),
            ("publish_own_posts", Capability::PublishOwnPosts),
            ("edit_others_posts", Capability::EditOthersPosts),
            ("moderate_comments", Capability::ModerateComments),
            ("manage_terms", Capability::ManageTerms),
            ("upload_media", Capability::UploadMedia),
            ("manage_users", Capability::ManageUsers),
            ("manage_settings", Capability::ManageSettings),
        ];
        Self {
            id: me.user.id.0,
            login: me.user.login.clone(),
            display_name: me.user.display_name.clone(),
            role: me.user.role.as_str(),
            can: names
                .iter()
                .map(|(n, c)| (*n, can(me.user.role, *c)))
                .collect(),
        }
    }
}

/// The context of every admin page.
#[derive(Serialize)]
struct Frame<'a, P: Serialize> {
    /// The admin's language: `t()` and `<html lang>` follow it.
    lang: &'a str,
    /// The site's language where it differs from the admin's, for the
    /// `lang` of content shown in the admin (titles, excerpts, comments).
    content_lang: &'a str,
    /// Texts `admin.js` shows, in the admin's language.
    js_texts: String,
    me: Me,
    csrf: &'a str,
    section: &'a str,
    site_title: &'a str,
    home_url: String,
    page: P,
}

/// Renders an admin page: `template` under `admin/`, `section` marks the
/// navigation entry, `page` is the page's own context (available as `page`).
pub(crate) async fn render(
    state: &AppState,
    me: &AdminSession,
    status: StatusCode,
    template: &str,
    section: &str,
    page: impl Serialize,
) -> Result<Response, WebError> {
    let site = state.site().await?;
    let lang = lang_of(me, &site);
    let content_lang = if site.settings.language == lang {
        ""
    } else {
        site.settings.language.as_str()
    };
    let html = state.templates().render(
        &format!("admin/{template}"),
        Frame {
            lang,
            content_lang,
            js_texts: js_texts(state, lang),
            me: Me::of(me),
            csrf: &me.session.csrf,
            section,
            site_title: &site.settings.title,
            home_url: site.url("/"),
            page,
        },
    )?;
    Ok((
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        html,
    )
        .into_response())
}

/// The messages `admin.js` shows, as JSON for a `data-` attribute of
/// `<body>`: the script has no catalog of its own. Each argument stays a
/// `{name}` placeholder the script fills in.
fn js_texts(state: &AppState, lang: &str) -> String {
    let texts: std::collections::BTreeMap<&str, String> = JS_TEXTS
        .iter()
        .map(|(key, names)| {
            let args: Vec<(&str, FluentValue<'_>)> = names
                .iter()
                .map(|n| (*n, FluentValue::from(format!("{{{n}}}"))))
                .collect();
            (*key, state.i18n().t(lang, key, &args))
        })
        .collect();
    serde_json::to_string(&texts).unwrap_or_default()
}

/// Catalog keys of the texts `admin.js` shows, with their arguments.
const JS_TEXTS: &[(&str, &[&str])] = &[
    ("admin-js-autosave-found", &["date"]),
    ("admin-js-autosave-restore", &[]),
    ("admin-js-autosave-discard", &[]),
    ("admin-media-choose-file", &[]),
    ("admin-js-uploading", &["name"]),
    ("admin-js-uploaded", &["name"]),
    ("admin-js-not-uploaded", &["error"]),
    ("admin-js-upload-failed", &["status"]),
    ("admin-js-alt-missing", &[]),
    ("admin-js-link-url", &[]),
];
