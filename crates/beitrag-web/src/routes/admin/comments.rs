//! Comment moderation (`/admin/comments/`): tabs per status with counts,
//! the list with per-row and bulk actions (`POST /admin/comments/moderate`),
//! editing a response's text and a moderator's reply. Every change goes
//! through `core::service::comment` (`moderate`, `edit`, `reply_as_staff`),
//! which trains the spam filter and queues notifications as the CLI and
//! the API do. Only those with `ModerateComments` get here (403 otherwise).

use std::collections::HashMap;

use axum::extract::{Path, RawForm, RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use beitrag_core::model::{Comment, CommentId, CommentStatus, Post, PostId};
use beitrag_core::service::access::{Capability, can};
use beitrag_core::service::comment::{self, Action};
use beitrag_core::store::CommentFilter;
use beitrag_markdown::strip_tags;
use chrono::Utc;
use serde::Serialize;

use super::form::{Fields, back_to, with_param};
use super::{message, refusal, render, say, tr, when};
use crate::auth::AdminSession;
use crate::error::WebError;
use crate::state::{AppState, Site};

/// Rows per page.
const PER_PAGE: i64 = 20;
/// Characters of a response shown in the list.
const EXCERPT_CHARS: usize = 200;

/// One moderation action as the forms and the catalog (`admin-verb-NAME`)
/// name it, with the keyboard shortcut `admin.js` binds to it.
#[derive(Debug, Clone, Copy, Serialize)]
struct Verb {
    name: &'static str,
    key: Option<&'static str>,
}

const APPROVE: Verb = Verb {
    name: "approve",
    key: Some("a"),
};
const UNAPPROVE: Verb = Verb {
    name: "unapprove",
    key: None,
};
const SPAM: Verb = Verb {
    name: "spam",
    key: Some("s"),
};
const UNSPAM: Verb = Verb {
    name: "unspam",
    key: None,
};
const TRASH: Verb = Verb {
    name: "trash",
    key: Some("t"),
};
const RESTORE: Verb = Verb {
    name: "restore",
    key: None,
};
const DELETE: Verb = Verb {
    name: "delete",
    key: None,
};

/// The actions that make sense for a response in `status`.
fn verbs(status: CommentStatus) -> Vec<Verb> {
    match status {
        CommentStatus::Pending => vec![APPROVE, SPAM, TRASH],
        CommentStatus::Approved => vec![UNAPPROVE, SPAM, TRASH],
        CommentStatus::Spam => vec![UNSPAM, DELETE],
        CommentStatus::Trash => vec![RESTORE, SPAM, DELETE],
    }
}

/// The service's action for a verb. Unapproving, "not spam" and restoring
/// all send the response back to the queue (`Unspam` moves to pending and
/// adjusts the classifier for whatever it leaves).
fn action_of(verb: &str) -> Option<Action> {
    Some(match verb {
        "approve" => Action::Approve,
        "unapprove" | "unspam" | "restore" => Action::Unspam,
        "spam" => Action::Spam,
        "trash" => Action::Trash,
        "delete" => Action::Delete,
        _ => return None,
    })
}

#[derive(Debug, Serialize)]
struct Tab {
    status: &'static str,
    count: i64,
    current: bool,
}

#[derive(Debug, Serialize)]
struct Row {
    id: i64,
    author: String,
    author_email: String,
    author_url: String,
    excerpt: String,
    kind: &'static str,
    date: String,
    /// `None`: the post was deleted.
    post_title: Option<String>,
    post_url: Option<String>,
    post_edit_url: String,
    verbs: Vec<Verb>,
    can_reply: bool,
}

#[derive(Debug, Serialize)]
struct ListPage {
    status: &'static str,
    tabs: Vec<Tab>,
    rows: Vec<Row>,
    bulk: Vec<Verb>,
    page: i64,
    pages: i64,
    prev_url: Option<String>,
    next_url: Option<String>,
    notice: Option<String>,
    back: String,
}

/// The comment page of the admin is for moderators only.
async fn denied(state: &AppState, me: &AdminSession) -> Result<Option<Response>, WebError> {
    if can(me.user.role, Capability::ModerateComments) {
        return Ok(None);
    }
    let key = "admin-comments-forbidden";
    Ok(Some(
        message(state, me, StatusCode::FORBIDDEN, "comments", key).await?,
    ))
}

fn excerpt(html: &str) -> String {
    let text = strip_tags(html);
    if text.chars().count() <= EXCERPT_CHARS {
        return text;
    }
    let cut: String = text.chars().take(EXCERPT_CHARS).collect();
    format!("{} …", cut.trim_end())
}

fn row(
    state: &AppState,
    me: &AdminSession,
    site: &Site,
    posts: &HashMap<PostId, Post>,
    c: &Comment,
) -> Row {
    let post = posts.get(&c.post_id);
    Row {
        id: c.id.0,
        author: c.author_name.clone(),
        author_email: c.author_email.clone(),
        author_url: c.author_url.clone(),
        excerpt: excerpt(&c.html),
        kind: c.kind.as_str(),
        date: when(state, me, site, c.created_at),
        post_title: post.map(|p| p.title.clone()),
        post_url: post
            .filter(|p| p.is_public_at(Utc::now()))
            .map(|p| site.url(&site.directory.post_path(&site.settings, p))),
        post_edit_url: format!("/admin/posts/{}/edit", c.post_id.0),
        verbs: verbs(c.status),
        can_reply: matches!(c.status, CommentStatus::Pending | CommentStatus::Approved),
    }
}

fn notice(state: &AppState, me: &AdminSession, site: &Site, q: &Fields) -> Option<String> {
    let key = match q.get("done")? {
        "approve" => "admin-comments-done-approve",
        "unapprove" => "admin-comments-done-unapprove",
        "spam" => "admin-comments-done-spam",
        "unspam" => "admin-comments-done-unspam",
        "trash" => "admin-comments-done-trash",
        "restore" => "admin-comments-done-restore",
        "delete" => "admin-comments-done-delete",
        "edited" => "admin-comments-done-edited",
        "replied" => "admin-comments-done-replied",
        _ => return None,
    };
    let n = q.id("n").unwrap_or(0);
    Some(tr(state, me, site, key, &[("count", n.into())]))
}

/// `GET /admin/comments/?status=pending|approved|spam|trash&page=`
pub(crate) async fn list(
    State(state): State<AppState>,
    me: AdminSession,
    RawQuery(query): RawQuery,
) -> Result<Response, WebError> {
    if let Some(page) = denied(&state, &me).await? {
        return Ok(page);
    }
    let q = Fields::query(query.as_deref());
    let status = q
        .get("status")
        .and_then(CommentStatus::parse)
        .unwrap_or(CommentStatus::Pending);
    let page = q.page();
    let store = state.read();
    let counts = store.comment_counts().await?;
    let (comments, total) = store
        .comments_page(&CommentFilter {
            status: Some(status),
            post: None,
            offset: (page - 1) * PER_PAGE,
            limit: PER_PAGE,
        })
        .await?;
    // The page's posts in one query, not one per row.
    let mut ids: Vec<PostId> = comments.iter().map(|c| c.post_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let posts: HashMap<PostId, Post> = store
        .posts_by_ids(&ids)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let site = state.site().await?;
    let tabs = [
        CommentStatus::Pending,
        CommentStatus::Approved,
        CommentStatus::Spam,
        CommentStatus::Trash,
    ]
    .into_iter()
    .map(|s| Tab {
        status: s.as_str(),
        count: counts.iter().find(|(c, _)| *c == s).map_or(0, |(_, n)| *n),
        current: s == status,
    })
    .collect();
    let pages = ((total + PER_PAGE - 1) / PER_PAGE).max(1);
    let url_of = |n: i64| {
        let mut url = format!("/admin/comments/?status={}", status.as_str());
        if n > 1 {
            url.push_str(&format!("&page={n}"));
        }
        url
    };
    let body = ListPage {
        status: status.as_str(),
        tabs,
        rows: comments
            .iter()
            .map(|c| row(&state, &me, &site, &posts, c))
            .collect(),
        bulk: verbs(status),
        page,
        pages,
        prev_url: (page > 1).then(|| url_of(page - 1)),
        next_url: (page < pages).then(|| url_of(page + 1)),
        notice: notice(&state, &me, &site, &q),
        back: url_of(page),
    };
    render(
        &state,
        &me,
        StatusCode::OK,
        "comments.html",
        "comments",
        body,
    )
    .await
}

/// What changed pages and mail need after a moderation.
fn see_other(to: String) -> Response {
    (StatusCode::SEE_OTHER, [(header::LOCATION, to)]).into_response()
}

/// `POST /admin/comments/moderate`: a row's button sends `do=VERB:ID`; the
/// bulk button sends `do=bulk` with `action=VERB` and the checked `ids`.
pub(crate) async fn moderate(
    State(state): State<AppState>,
    me: AdminSession,
    RawForm(body): RawForm,
) -> Result<Response, WebError> {
    let fields = Fields::parse(&body);
    fields.check_csrf(&me)?;
    if let Some(page) = denied(&state, &me).await? {
        return Ok(page);
    }
    let back = back_to(fields.get("back"), "/admin/comments/");
    let (verb, ids) = match fields.get("do").and_then(|d| d.split_once(':')) {
        Some((verb, id)) => (verb, id.parse().ok().into_iter().collect()),
        None => (fields.get("action").unwrap_or(""), fields.ids("ids")),
    };
    let Some(action) = action_of(verb) else {
        return Ok(see_other(back));
    };
    let ids: Vec<CommentId> = ids.into_iter().filter(|i| *i > 0).map(CommentId).collect();
    let n = comment::moderate(state.core(), &me.actor(), &ids, action).await?;
    let to = with_param(&with_param(&back, "done", verb), "n", &n.to_string());
    Ok(see_other(to))
}

/// The page of one response: its text for editing, or a reply to it.
#[derive(Debug, Serialize)]
struct OnePage {
    mode: &'static str,
    id: i64,
    author: String,
    kind: &'static str,
    status: &'static str,
    date: String,
    html: String,
    post_title: String,
    text: String,
    error: Option<String>,
    back: String,
}

/// A response's text for the edit box: paragraphs and line breaks kept,
/// tags removed (the stored HTML is re-created from the text on save).
fn html_to_text(html: &str) -> String {
    let spaced = html
        .replace("<br />\n", "\n")
        .replace("<br>\n", "\n")
        .replace("<br />", "\n")
        .replace("<br>", "\n")
        .replace("</p>\n", "\n\n")
        .replace("</p>", "\n\n");
    let mut out = String::with_capacity(spaced.len());
    let mut in_tag = false;
    for ch in spaced.chars() {
        match ch {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
        .trim()
        .to_owned()
}

async fn one(
    state: &AppState,
    me: &AdminSession,
    status: StatusCode,
    c: &Comment,
    mode: &'static str,
    text: String,
    error: Option<String>,
) -> Result<Response, WebError> {
    let site = state.site().await?;
    let post = state.read().post_by_id(c.post_id).await?;
    let body = OnePage {
        mode,
        id: c.id.0,
        author: c.author_name.clone(),
        kind: c.kind.as_str(),
        status: c.status.as_str(),
        date: when(state, me, &site, c.created_at),
        html: c.html.clone(),
        post_title: post.map_or_else(String::new, |p| p.title),
        text,
        error,
        back: format!("/admin/comments/?status={}", c.status.as_str()),
    };
    render(state, me, status, "comment_edit.html", "comments", body).await
}

async fn found(state: &AppState, id: i64) -> Result<Comment, WebError> {
    state
        .read()
        .comment(CommentId(id))
        .await?
        .ok_or(WebError::NotFound)
}

/// `GET /admin/comments/{id}/edit`
pub(crate) async fn edit_form(
    State(state): State<AppState>,
    me: AdminSession,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    if let Some(page) = denied(&state, &me).await? {
        return Ok(page);
    }
    let c = found(&state, id).await?;
    let text = html_to_text(&c.html);
    one(&state, &me, StatusCode::OK, &c, "edit", text, None).await
}

/// `POST /admin/comments/{id}/edit` (`text`)
pub(crate) async fn edit(
    State(state): State<AppState>,
    me: AdminSession,
    Path(id): Path<i64>,
    RawForm(body): RawForm,
) -> Result<Response, WebError> {
    let fields = Fields::parse(&body);
    fields.check_csrf(&me)?;
    if let Some(page) = denied(&state, &me).await? {
        return Ok(page);
    }
    let c = found(&state, id).await?;
    let text = fields.text("text").replace("\r\n", "\n");
    match comment::edit(state.core(), &me.actor(), c.id, &text).await {
        Ok(()) => {
            let back = format!("/admin/comments/?status={}&done=edited", c.status.as_str());
            Ok(see_other(back))
        }
        Err(beitrag_core::Error::Invalid { message, .. }) => {
            let site = state.site().await?;
            let error = Some(tr(
                &state,
                &me,
                &site,
                "admin-comment-text-invalid",
                &[("message", say(&state, &me, &site, &message).into())],
            ));
            one(
                &state,
                &me,
                StatusCode::UNPROCESSABLE_ENTITY,
                &c,
                "edit",
                text,
                error,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

/// `GET /admin/comments/{id}/reply`
pub(crate) async fn reply_form(
    State(state): State<AppState>,
    me: AdminSession,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    if let Some(page) = denied(&state, &me).await? {
        return Ok(page);
    }
    let c = found(&state, id).await?;
    one(
        &state,
        &me,
        StatusCode::OK,
        &c,
        "reply",
        String::new(),
        None,
    )
    .await
}

/// `POST /admin/comments/{id}/reply` (`text`): published at once under the
/// moderator's name. Answering a held response approves it first, as the
/// button says; the reply's text is checked before that, so a refused
/// reply approves nothing.
pub(crate) async fn reply(
    State(state): State<AppState>,
    me: AdminSession,
    Path(id): Path<i64>,
    RawForm(body): RawForm,
) -> Result<Response, WebError> {
    let fields = Fields::parse(&body);
    fields.check_csrf(&me)?;
    if let Some(page) = denied(&state, &me).await? {
        return Ok(page);
    }
    let c = found(&state, id).await?;
    let text = fields.text("text").replace("\r\n", "\n");
    let site = state.site().await?;
    let actor = me.actor();
    let send = || {
        comment::reply_as_staff(
            state.core(),
            &actor,
            &site.settings,
            c.id,
            &text,
            Utc::now(),
        )
    };
    let mut result = send().await;
    // The service answers a held parent with `parent` after checking the
    // text; only then is approving (what the moderator asked for) safe.
    if c.status == CommentStatus::Pending
        && matches!(&result, Err(beitrag_core::Error::Invalid { field, .. }) if field.as_str() == "parent")
    {
        comment::moderate(state.core(), &actor, &[c.id], Action::Approve).await?;
        result = send().await;
    }
    match result {
        Ok(_) => Ok(see_other(
            "/admin/comments/?status=approved&done=replied".into(),
        )),
        Err(beitrag_core::Error::Invalid { field, message }) => {
            let key = if field == "text" {
                "admin-comment-reply-invalid"
            } else {
                "admin-comment-parent-invalid"
            };
            let message = say(&state, &me, &site, &message);
            let error = Some(tr(&state, &me, &site, key, &[("message", message.into())]));
            one(
                &state,
                &me,
                StatusCode::UNPROCESSABLE_ENTITY,
                &c,
                "reply",
                text,
                error,
            )
            .await
        }
        Err(beitrag_core::Error::Forbidden(why)) => {
            refusal(&state, &me, StatusCode::FORBIDDEN, "comments", &why).await
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_paragraphs_when_turning_html_into_text() {
        let html = "<p>Erste Zeile<br>\nzweite &amp; <a href=\"https://x.example\" rel=\"nofollow\">https://x.example</a></p>\n<p>Absatz</p>\n";
        assert_eq!(
            html_to_text(html),
            "Erste Zeile\nzweite & https://x.example\n\nAbsatz"
        );
        assert_eq!(action_of("unapprove"), Some(Action::Unspam));
        assert_eq!(action_of("explode"), None);
    }
}
