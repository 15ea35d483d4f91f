//! A post's revisions (`GET /admin/posts/{id}/revisions?from=&to=`): who
//! saved when, a diff between any two as HTML with `<del>`/`<ins>`, and
//! restoring one (`POST …/revisions/{rev}/restore`), which saves its
//! title, text and excerpt as a new version through `service::post::update` — so the
//! restore itself is a revision and can be undone the same way.

use beitrag_markdown::escape_html as escape;
use std::time::Duration;

use axum::extract::{Path, RawForm, RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use beitrag_core::model::{Post, PostId, Revision, RevisionId, RevisionInfo};
use beitrag_core::service::access::can_edit;
use beitrag_core::service::post;
use serde::Serialize;
use similar::{ChangeTag, TextDiff};

use super::form::Fields;
use super::{message, render};
use crate::auth::AdminSession;
use crate::error::WebError;
use crate::state::{AppState, Site};

/// A diff of a 2 MiB text must not hold a request for long: past this,
/// `similar` falls back to a coarser (still correct) diff.
const DIFF_TIMEOUT: Duration = Duration::from_millis(500);

#[derive(Debug, Serialize)]
struct Row {
    id: i64,
    saved_by: String,
    saved_at: String,
    title: String,
    is_from: bool,
    is_to: bool,
    latest: bool,
}

#[derive(Debug, Serialize)]
struct Diff {
    from: i64,
    to: i64,
    /// HTML: escaped text with `<del>` and `<ins>`.
    title: String,
    excerpt: String,
    source: String,
    same: bool,
}

#[derive(Debug, Serialize)]
struct RevisionsPage {
    post_id: i64,
    post_title: String,
    kind: &'static str,
    rows: Vec<Row>,
    diff: Option<Diff>,
    latest: Option<i64>,
    notice: Option<String>,
    notice_error: bool,
}

/// Marks what changed from `old` to `new`: by line for texts, by word for
/// one-line values.
fn diff_html(old: &str, new: &str, by_words: bool) -> String {
    let mut config = TextDiff::configure();
    config.timeout(DIFF_TIMEOUT);
    let diff = if by_words {
        config.diff_words(old, new)
    } else {
        config.diff_lines(old, new)
    };
    let mut out = String::with_capacity(old.len().max(new.len()) + 64);
    for change in diff.iter_all_changes() {
        let text = escape(change.value());
        match change.tag() {
            ChangeTag::Equal => out.push_str(&text),
            ChangeTag::Delete => {
                out.push_str("<del>");
                out.push_str(&text);
                out.push_str("</del>");
            }
            ChangeTag::Insert => {
                out.push_str("<ins>");
                out.push_str(&text);
                out.push_str("</ins>");
            }
        }
    }
    out
}

fn diff(from: &Revision, to: &Revision) -> Diff {
    Diff {
        from: from.id.0,
        to: to.id.0,
        title: diff_html(&from.title, &to.title, true),
        excerpt: diff_html(&from.excerpt, &to.excerpt, false),
        source: diff_html(&from.source, &to.source, false),
        same: from.title == to.title && from.excerpt == to.excerpt && from.source == to.source,
    }
}

fn name_of(site: &Site, rev: &RevisionInfo) -> String {
    site.users
        .iter()
        .find(|u| u.id == rev.author_id)
        .map_or_else(|| "(deleted user)".to_owned(), |u| u.display_name.clone())
}

async fn show(
    state: &AppState,
    me: &AdminSession,
    post: &Post,
    q: &Fields,
    status: StatusCode,
    notice: Option<(String, bool)>,
) -> Result<Response, WebError> {
    let site = state.site().await?;
    let revisions = state.read().revision_list(post.id).await?;
    let find = |name: &str| {
        q.id(name)
            .and_then(|id| revisions.iter().position(|r| r.id.0 == id))
    };
    // By default: the newest change, i.e. the last two versions.
    let last = revisions.len().checked_sub(1);
    let to = find("to").or(last);
    let from = find("from").or_else(|| to.map(|t| t.saturating_sub(1)));
    let tz = site.settings.timezone;
    let rows = revisions
        .iter()
        .enumerate()
        .rev()
        .map(|(i, r)| Row {
            id: r.id.0,
            saved_by: name_of(&site, r),
            saved_at: state.i18n().date_time(
                super::lang_of(me, &site),
                r.saved_at.with_timezone(&tz),
                true,
            ),
            title: r.title.clone(),
            is_from: Some(i) == from,
            is_to: Some(i) == to,
            latest: Some(i) == last,
        })
        .collect();
    // Only the two versions compared are read with their texts.
    let diff = match (from, to) {
        (Some(f), Some(t)) => {
            let store = state.read();
            match (
                store.revision(revisions[f].id).await?,
                store.revision(revisions[t].id).await?,
            ) {
                (Some(a), Some(b)) => Some(diff(&a, &b)),
                _ => None,
            }
        }
        _ => None,
    };
    let (notice, notice_error) = notice.map_or((None, false), |(t, e)| (Some(t), e));
    let page = RevisionsPage {
        post_id: post.id.0,
        post_title: post.title.clone(),
        kind: post.kind.as_str(),
        latest: revisions.last().map(|r| r.id.0),
        rows,
        diff,
        notice,
        notice_error,
    };
    let section = match post.kind {
        beitrag_core::model::PostKind::Post => "posts",
        beitrag_core::model::PostKind::Page => "pages",
    };
    render(state, me, status, "revisions.html", section, page).await
}

/// The post, if the viewer may edit it; `Err` holds the 403 page.
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
    if can_edit(&me.user, &post) {
        Ok(Ok(post))
    } else {
        let text = "admin-revisions-forbidden";
        Ok(Err(message(
            state,
            me,
            StatusCode::FORBIDDEN,
            "posts",
            text,
        )
        .await?))
    }
}

/// `GET /admin/posts/{id}/revisions?from=&to=`
pub(crate) async fn list(
    State(state): State<AppState>,
    me: AdminSession,
    Path(id): Path<i64>,
    RawQuery(query): RawQuery,
) -> Result<Response, WebError> {
    let post = match editable(&state, &me, id).await? {
        Ok(post) => post,
        Err(page) => return Ok(page),
    };
    let q = Fields::query(query.as_deref());
    let site = state.site().await?;
    let notice = q.id("restored").map(|r| {
        let text = super::tr(
            &state,
            &me,
            &site,
            "admin-revisions-restored",
            &[("id", r.into())],
        );
        (text, false)
    });
    show(&state, &me, &post, &q, StatusCode::OK, notice).await
}

/// `POST /admin/posts/{id}/revisions/{rev}/restore` (`base_revision`: the
/// newest revision the page showed, so a save in between is not undone
/// unseen).
pub(crate) async fn restore(
    State(state): State<AppState>,
    me: AdminSession,
    Path((id, rev)): Path<(i64, i64)>,
    RawForm(body): RawForm,
) -> Result<Response, WebError> {
    let fields = Fields::parse(&body);
    fields.check_csrf(&me)?;
    let post = match editable(&state, &me, id).await? {
        Ok(post) => post,
        Err(page) => return Ok(page),
    };
    let store = state.read();
    let revision = store
        .revision(RevisionId(rev))
        .await?
        .filter(|r| r.post_id == post.id)
        .ok_or(WebError::NotFound)?;
    let patch = post::PostPatch {
        title: Some(revision.title),
        source: Some(revision.source),
        excerpt: Some(revision.excerpt),
        ..post::PostPatch::default()
    };
    let base = fields.id("base_revision").map(RevisionId);
    let failed = |text: String| Some((text, true));
    let site = state.site().await?;
    let (status, notice) = match post::update(state.core(), &me.actor(), post.id, patch, base).await
    {
        Ok(_) => {
            let to = format!("/admin/posts/{}/revisions?restored={rev}", post.id.0);
            return Ok((StatusCode::SEE_OTHER, [(header::LOCATION, to)]).into_response());
        }
        Err(beitrag_core::Error::EditConflict(_)) => (
            StatusCode::CONFLICT,
            failed(super::tr(
                &state,
                &me,
                &site,
                "admin-revisions-conflict",
                &[],
            )),
        ),
        Err(beitrag_core::Error::Forbidden(why)) => (
            StatusCode::FORBIDDEN,
            failed(super::say(&state, &me, &site, &why)),
        ),
        Err(e @ (beitrag_core::Error::Invalid { .. } | beitrag_core::Error::SlugTaken(_))) => {
            let reason = match &e {
                beitrag_core::Error::Invalid { field, message } => {
                    format!("{field}: {}", super::say(&state, &me, &site, message))
                }
                other => other.to_string(),
            };
            let text = super::tr(
                &state,
                &me,
                &site,
                "admin-revisions-invalid",
                &[("message", reason.into())],
            );
            (StatusCode::UNPROCESSABLE_ENTITY, failed(text))
        }
        Err(e) => return Err(e.into()),
    };
    show(&state, &me, &post, &Fields::default(), status, notice).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_changed_lines_when_diffing() {
        let html = diff_html("a\n<b>\nc\n", "a\nB\nc\n", false);
        assert_eq!(html, "a\n<del>&lt;b&gt;\n</del><ins>B\n</ins>c\n");
        assert_eq!(
            diff_html("Hallo Welt", "Hallo Leute", true),
            "Hallo <del>Welt</del><ins>Leute</ins>"
        );
    }
}
