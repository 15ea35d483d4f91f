//! The editor of posts and pages: `GET/POST /admin/posts/new`,
//! `GET/POST /admin/posts/{id}/edit` and `POST /admin/preview`.
//!
//! Saving goes through `service::post::save` (roles, validation,
//! revisions, scheduling, conflicts). A refused save shows the form again
//! with every typed value and the field at fault marked (422); an edit
//! conflict shows both versions (409) and never overwrites silently. The
//! "Preview" button works without JavaScript; `admin.js` adds the live
//! preview pane and autosave on top of the same endpoints.

use axum::extract::{Path, RawForm, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use beitrag_core::model::{
    MediaId, Post, PostId, PostKind, PostStatus, SourceFormat, Taxonomy, User,
};
use beitrag_core::service::access::{Capability, can, can_edit};
use beitrag_core::service::post;
use beitrag_markdown::{Trust, render, render_html};
use serde::Serialize;

use super::form::Fields;
use super::post_form::{FieldErrors, PostForm};
use super::{message, render as render_page};
use crate::auth::{AdminSession, CSRF_HEADER, check_csrf};
use crate::error::WebError;
use crate::state::{AppState, Site};

/// One option of a select.
#[derive(Debug, Serialize)]
struct Choice {
    value: String,
    label: String,
    selected: bool,
}

/// One category checkbox.
#[derive(Debug, Serialize)]
struct CategoryChoice {
    /// Names path, the value sent back (`Social Media/Strategie`).
    path: String,
    name: String,
    /// Nesting level, for indentation.
    depth: usize,
    checked: bool,
}

/// One image to feature, for the editor's choice.
#[derive(Debug, Serialize)]
struct ImageChoice {
    id: i64,
    /// The smallest stored copy.
    thumb: String,
    alt: String,
    name: String,
    checked: bool,
}

/// The newest images the featured-image choice offers (the media library
/// has the rest; a chosen older one is added).
const IMAGE_CHOICES: i64 = 24;

/// The images to choose a featured image from: the newest uploads, and the
/// chosen one wherever it is.
async fn image_choices(state: &AppState, chosen: &str) -> Result<Vec<ImageChoice>, WebError> {
    let chosen: Option<i64> = chosen.trim().parse().ok();
    let (mut media, _) = state.read().media_list(IMAGE_CHOICES, 0).await?;
    if let Some(id) = chosen
        && !media.iter().any(|m| m.id.0 == id)
        && let Some(m) = state.read().media_by_id(MediaId(id)).await?
    {
        media.insert(0, m);
    }
    Ok(media
        .iter()
        .filter(|m| m.is_image())
        .map(|m| ImageChoice {
            id: m.id.0,
            thumb: m
                .variants
                .first()
                .map_or_else(|| m.url(), |v| format!("/media/{}", v.path)),
            alt: m.alt.clone(),
            name: m.name.clone(),
            checked: chosen == Some(m.id.0),
        })
        .collect())
}

/// A version of the text, for the conflict page.
#[derive(Debug, Serialize)]
struct Version {
    title: String,
    excerpt: String,
    source: String,
    /// Who saved it (display name) and when, in the site's zone.
    saved_by: String,
    saved_at: String,
}

/// Everything the editor template shows.
#[derive(Debug, Serialize)]
struct EditorPage {
    kind: &'static str,
    id: Option<i64>,
    action: String,
    form: PostForm,
    errors: FieldErrors,
    statuses: Vec<Choice>,
    /// Images to feature.
    images: Vec<ImageChoice>,
    /// Present only for those who may give a post to someone else.
    authors: Option<Vec<Choice>>,
    tag_names: Vec<String>,
    categories: Vec<CategoryChoice>,
    /// Rendered preview (sanitised like a save would).
    preview: Option<String>,
    /// Their version, when saving ran into someone else's newer save.
    theirs: Option<Version>,
    /// What was submitted, beside theirs.
    yours: Option<Version>,
    saved: bool,
    view_url: Option<String>,
    /// The stored version's last change (ms), for autosave's "is newer".
    updated_ms: i64,
    autosave_key: String,
    timezone: String,
    /// When a scheduled entry goes out, as the viewer reads dates.
    scheduled_for: String,
    /// Now in the site's zone, as `datetime-local` writes it: `admin.js`
    /// compares the publication date with it (the browser's zone may differ).
    now_local: String,
    /// Whether saving as it stands schedules the entry (published with a
    /// future date), so the hint shows without JavaScript too.
    will_schedule: bool,
    can_upload: bool,
}

/// What an editor page is about: a new entry of a kind, or a stored post.
enum Subject<'a> {
    New(PostKind),
    Stored(&'a Post),
}

impl Subject<'_> {
    fn kind(&self) -> PostKind {
        match self {
            Self::New(kind) => *kind,
            Self::Stored(post) => post.kind,
        }
    }
}

/// How to show the form this time.
#[derive(Default)]
struct Extras {
    errors: FieldErrors,
    preview: Option<String>,
    theirs: Option<Version>,
    saved: bool,
}

fn kind_of(fields: &Fields) -> PostKind {
    fields
        .get("kind")
        .and_then(PostKind::parse)
        .unwrap_or(PostKind::Post)
}

fn section(kind: PostKind) -> &'static str {
    match kind {
        PostKind::Post => "posts",
        PostKind::Page => "pages",
    }
}

/// Statuses the viewer may choose, as `service::access` says (the
/// service refuses anything else anyway).
fn statuses(me: &User, current: &str) -> Vec<Choice> {
    beitrag_core::service::access::statuses(me.role)
        .into_iter()
        .map(|s| Choice {
            value: s.as_str().into(),
            // A catalog key: the template translates it.
            label: format!("admin-editor-status-{}", s.as_str()),
            selected: s.as_str() == current,
        })
        .collect()
}

fn categories(site: &Site, checked: &[String]) -> Vec<CategoryChoice> {
    let dir = &site.directory;
    let mut out: Vec<CategoryChoice> = dir
        .terms()
        .iter()
        .filter(|t| t.taxonomy == Taxonomy::Category)
        .map(|t| {
            let path = dir.category_names(t.id);
            CategoryChoice {
                checked: checked.contains(&path),
                depth: dir.ancestry(t.id).len().saturating_sub(1),
                name: t.name.clone(),
                path,
            }
        })
        .collect();
    out.sort_by_key(|c| c.path.to_lowercase());
    out
}

/// Renders the editor.
async fn show(
    state: &AppState,
    me: &AdminSession,
    status: StatusCode,
    subject: Subject<'_>,
    form: PostForm,
    extras: Extras,
) -> Result<Response, WebError> {
    let site = state.site().await?;
    let kind = subject.kind();
    let (id, action, view_url, updated_ms) = match &subject {
        Subject::New(kind) => (
            None,
            format!("/admin/posts/new?kind={}", kind.as_str()),
            None,
            0,
        ),
        Subject::Stored(post) => (
            Some(post.id.0),
            format!("/admin/posts/{}/edit", post.id.0),
            Some(site.url(&site.directory.post_path(&site.settings, post))),
            post.updated_at.timestamp_millis(),
        ),
    };
    let authors = can(me.user.role, Capability::EditOthersPosts).then(|| {
        site.users
            .iter()
            .filter(|u| !u.disabled || u.login == form.author)
            .map(|u| Choice {
                value: u.login.clone(),
                label: format!("{} ({})", u.display_name, u.login),
                selected: u.login == form.author,
            })
            .collect()
    });
    let mut tag_names: Vec<String> = site
        .directory
        .terms()
        .iter()
        .filter(|t| t.taxonomy == Taxonomy::Tag)
        .map(|t| t.name.clone())
        .collect();
    tag_names.sort_by_key(|t| t.to_lowercase());
    let yours = extras.theirs.as_ref().map(|_| Version {
        title: form.title.clone(),
        excerpt: form.excerpt.clone(),
        source: form.source.clone(),
        saved_by: me.user.display_name.clone(),
        saved_at: super::tr(state, me, &site, "admin-editor-not-saved", &[]),
    });
    let scheduled_for = match &subject {
        Subject::Stored(post) => post
            .published_at
            .map(|at| super::when(state, me, &site, at)),
        Subject::New(_) => None,
    };
    let page = EditorPage {
        kind: kind.as_str(),
        id,
        autosave_key: format!(
            "beitrag-autosave:{}",
            id.map_or_else(|| format!("new-{}", kind.as_str()), |i| i.to_string())
        ),
        action,
        statuses: statuses(&me.user, &form.status),
        images: image_choices(state, &form.featured_media).await?,
        authors,
        tag_names,
        categories: categories(&site, &form.categories),
        errors: extras.errors,
        preview: extras.preview,
        theirs: extras.theirs,
        yours,
        saved: extras.saved,
        view_url,
        updated_ms,
        timezone: site.settings.timezone.to_string(),
        scheduled_for: scheduled_for.unwrap_or_default(),
        now_local: super::post_form::local_input(chrono::Utc::now(), site.settings.timezone),
        will_schedule: form.status == PostStatus::Published.as_str()
            && super::post_form::parse_local(&form.published_at, site.settings.timezone)
                .ok()
                .flatten()
                .is_some_and(|t| t > chrono::Utc::now()),
        can_upload: can(me.user.role, Capability::UploadMedia),
        form,
    };
    render_page(state, me, status, "editor.html", section(kind), page).await
}

/// The HTML saving would store for `source` written by `author`: the same
/// `post::render_as` the save uses (an unknown author gets sanitised HTML).
async fn preview_html(
    state: &AppState,
    me: &AdminSession,
    author: &str,
    source: &str,
    format: SourceFormat,
) -> Result<String, WebError> {
    let Some(author) = state.read().user_by_login(author.trim()).await? else {
        let html = match format {
            SourceFormat::Markdown => render(source, Trust::Sanitised),
            SourceFormat::Html => render_html(source, Trust::Sanitised),
        };
        return Ok(beitrag_core::service::media::add_srcset(state.read(), html).await?);
    };
    Ok(post::render_as(state.read(), &me.actor(), &author, source, format).await?)
}

/// A stored post the viewer may edit: 404 when missing, `Err(page)` with
/// the 403 page when theirs to see but not to change.
async fn editable(
    state: &AppState,
    me: &AdminSession,
    id: i64,
) -> Result<Result<Post, Response>, WebError> {
    let post = state
        .read()
        .post_by_id(PostId(id))
        .await?
        .ok_or(WebError::NotFound)?;
    if !can_edit(&me.user, &post) {
        let page = message(
            state,
            me,
            StatusCode::FORBIDDEN,
            section(post.kind),
            "admin-editor-forbidden",
        )
        .await?;
        return Ok(Err(page));
    }
    Ok(Ok(post))
}

/// `GET /admin/posts/new?kind=post|page`
pub(crate) async fn new(
    State(state): State<AppState>,
    me: AdminSession,
    RawQuery(query): RawQuery,
) -> Result<Response, WebError> {
    let kind = kind_of(&Fields::query(query.as_deref()));
    let site = state.site().await?;
    let form = PostForm::blank(
        &me.user.login,
        site.settings.default_comment_status,
        site.settings.default_ping_status,
    );
    show(
        &state,
        &me,
        StatusCode::OK,
        Subject::New(kind),
        form,
        Extras::default(),
    )
    .await
}

/// `GET /admin/posts/{id}/edit` (`?saved=1` after a save)
pub(crate) async fn edit(
    State(state): State<AppState>,
    me: AdminSession,
    Path(id): Path<i64>,
    RawQuery(query): RawQuery,
) -> Result<Response, WebError> {
    let post = match editable(&state, &me, id).await? {
        Ok(post) => post,
        Err(page) => return Ok(page),
    };
    let site = state.site().await?;
    let store = state.read();
    let terms = store.terms_of_post(post.id).await?;
    let revision = store.latest_revision(post.id).await?;
    let form = PostForm::of_post(
        &post,
        site.directory.login(post.author_id),
        &terms,
        &site.directory,
        site.settings.timezone,
        revision,
    );
    let saved = Fields::query(query.as_deref()).has("saved");
    let extras = Extras {
        saved,
        ..Extras::default()
    };
    show(
        &state,
        &me,
        StatusCode::OK,
        Subject::Stored(&post),
        form,
        extras,
    )
    .await
}

/// `POST /admin/posts/new`
pub(crate) async fn create(
    State(state): State<AppState>,
    me: AdminSession,
    RawQuery(query): RawQuery,
    RawForm(body): RawForm,
) -> Result<Response, WebError> {
    let fields = Fields::parse(&body);
    let kind = if fields.has("kind") {
        kind_of(&fields)
    } else {
        kind_of(&Fields::query(query.as_deref()))
    };
    save(&state, &me, Subject::New(kind), &fields).await
}

/// `POST /admin/posts/{id}/edit`
pub(crate) async fn update(
    State(state): State<AppState>,
    me: AdminSession,
    Path(id): Path<i64>,
    RawForm(body): RawForm,
) -> Result<Response, WebError> {
    let fields = Fields::parse(&body);
    fields.check_csrf(&me)?;
    let post = match editable(&state, &me, id).await? {
        Ok(post) => post,
        Err(page) => return Ok(page),
    };
    save(&state, &me, Subject::Stored(&post), &fields).await
}

async fn save(
    state: &AppState,
    me: &AdminSession,
    subject: Subject<'_>,
    fields: &Fields,
) -> Result<Response, WebError> {
    fields.check_csrf(me)?;
    let site = state.site().await?;
    let keep_author = match &subject {
        Subject::New(_) => me.user.login.clone(),
        Subject::Stored(post) => site.directory.login(post.author_id).to_owned(),
    };
    let form = PostForm::submitted(fields, &keep_author);
    if fields.get("intent") == Some("preview") {
        let html =
            preview_html(state, me, &form.author, &form.source, form.source_format()).await?;
        let extras = Extras {
            preview: Some(html),
            ..Extras::default()
        };
        return show(state, me, StatusCode::OK, subject, form, extras).await;
    }
    let id = match &subject {
        Subject::New(_) => None,
        Subject::Stored(post) => Some(post.id),
    };
    let say = |m: &beitrag_core::Message| super::say(state, me, &site, m);
    let input = match form.to_input(id, subject.kind(), site.settings.timezone, say) {
        Ok(input) => input,
        Err(errors) => {
            let extras = Extras {
                errors: *errors,
                ..Extras::default()
            };
            return show(
                state,
                me,
                StatusCode::UNPROCESSABLE_ENTITY,
                subject,
                form,
                extras,
            )
            .await;
        }
    };
    match post::save(state.core(), &me.actor(), input, form.base()).await {
        Ok(saved) => Ok((
            StatusCode::SEE_OTHER,
            [(
                header::LOCATION,
                format!("/admin/posts/{}/edit?saved=1", saved.0),
            )],
        )
            .into_response()),
        Err(beitrag_core::Error::EditConflict(theirs)) => {
            conflict(state, me, &site, subject, form, *theirs).await
        }
        Err(beitrag_core::Error::Forbidden(why)) => {
            let extras = Extras {
                errors: FieldErrors {
                    general: Some(super::say(state, me, &site, &why)),
                    ..FieldErrors::default()
                },
                ..Extras::default()
            };
            show(state, me, StatusCode::FORBIDDEN, subject, form, extras).await
        }
        Err(e) => match FieldErrors::from_core(&e, |m| super::say(state, me, &site, m)) {
            Some(errors) => {
                let extras = Extras {
                    errors,
                    ..Extras::default()
                };
                show(
                    state,
                    me,
                    StatusCode::UNPROCESSABLE_ENTITY,
                    subject,
                    form,
                    extras,
                )
                .await
            }
            None => Err(e.into()),
        },
    }
}

/// 409: someone saved since the editor was opened. Theirs is shown beside
/// what was submitted; the form keeps the submission and is now based on
/// their revision, so saving again is a deliberate choice.
async fn conflict(
    state: &AppState,
    me: &AdminSession,
    site: &Site,
    subject: Subject<'_>,
    mut form: PostForm,
    theirs: Post,
) -> Result<Response, WebError> {
    let revisions = state.read().revision_list(theirs.id).await?;
    let latest = revisions.last();
    form.base_revision = latest.map(|r| r.id.0.to_string()).unwrap_or_default();
    let saved_by = latest
        .and_then(|r| site.users.iter().find(|u| u.id == r.author_id))
        .map_or_else(String::new, |u| u.display_name.clone());
    let extras = Extras {
        theirs: Some(Version {
            title: theirs.title.clone(),
            excerpt: theirs.excerpt.clone(),
            source: theirs.source.clone(),
            saved_by,
            saved_at: super::when(state, me, site, theirs.updated_at),
        }),
        errors: FieldErrors {
            general: Some(super::tr(state, me, site, "admin-editor-conflict", &[])),
            ..FieldErrors::default()
        },
        ..Extras::default()
    };
    show(state, me, StatusCode::CONFLICT, subject, form, extras).await
}

/// `POST /admin/preview`: the HTML a save would store for `source`, as a
/// fragment for the live preview pane. CSRF in `X-CSRF-Token` or the form.
pub(crate) async fn preview(
    State(state): State<AppState>,
    me: AdminSession,
    headers: HeaderMap,
    RawForm(body): RawForm,
) -> Result<Response, WebError> {
    let fields = Fields::parse(&body);
    let sent = headers
        .get(CSRF_HEADER)
        .and_then(|v| v.to_str().ok())
        .or_else(|| fields.get("csrf"));
    check_csrf(&me.session, sent)?;
    let author = fields
        .non_empty("author")
        .unwrap_or(&me.user.login)
        .to_owned();
    let source = fields.text("source").replace("\r\n", "\n");
    let format =
        SourceFormat::parse(fields.text("format").trim()).unwrap_or(SourceFormat::Markdown);
    let html = preview_html(&state, &me, &author, &source, format).await?;
    Ok(([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response())
}
