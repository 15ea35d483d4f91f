//! Comments for clients: `wp.getComments`, `wp.getComment`,
//! `wp.editComment`, `wp.deleteComment`. Reading and changing them is for
//! those who may moderate (asked of `access`); changes go through
//! `comment::moderate` and `comment::edit`.

use beitrag_core::Actor;
use beitrag_core::model::{Comment, CommentId, CommentStatus, PostId};
use beitrag_core::service::access::{self, Capability};
use beitrag_core::service::comment::{self, Action};
use beitrag_core::store::CommentFilter;
use beitrag_linkback::xmlrpc::Value;

use super::convert::{date, member_text};
use super::{Answer, Fault, fault, missing, string, text};
use crate::error::WebError;
use crate::state::AppState;

fn may_moderate(me: &Actor) -> Result<(), Fault> {
    match me.user() {
        Some(u) if access::can(u.role, Capability::ModerateComments) => Ok(()),
        _ => Err((
            401,
            "Sorry, you are not allowed to moderate or edit comments on this site.".into(),
        )),
    }
}

fn status_word(s: CommentStatus) -> &'static str {
    match s {
        CommentStatus::Approved => "approve",
        CommentStatus::Pending => "hold",
        CommentStatus::Spam => "spam",
        CommentStatus::Trash => "trash",
    }
}

fn status_of(word: &str) -> Option<CommentStatus> {
    match word.trim() {
        "approve" | "approved" => Some(CommentStatus::Approved),
        "hold" | "pending" => Some(CommentStatus::Pending),
        "spam" => Some(CommentStatus::Spam),
        "trash" => Some(CommentStatus::Trash),
        _ => None,
    }
}

async fn shape(state: &AppState, c: &Comment) -> Result<Value, WebError> {
    let site = state.site().await?;
    let post = state.read().post_by_id(c.post_id).await?;
    let (link, title) = match &post {
        Some(p) => (
            site.url(&format!(
                "{}#comment-{}",
                site.directory.post_path(&site.settings, p),
                c.id.0
            )),
            p.title.clone(),
        ),
        None => (String::new(), String::new()),
    };
    let (kind, url) = (c.wordpress_type(), c.wordpress_url());
    Ok(Value::Struct(vec![
        ("comment_id".into(), text(&c.id.0.to_string())),
        (
            "parent".into(),
            text(&c.parent.map_or(0, |p| p.0).to_string()),
        ),
        ("user_id".into(), text("0")),
        ("date_created_gmt".into(), date(c.created_at)),
        ("status".into(), text(status_word(c.status))),
        ("content".into(), text(&c.html)),
        ("link".into(), text(&link)),
        ("post_id".into(), text(&c.post_id.0.to_string())),
        ("post_title".into(), text(&title)),
        ("author".into(), text(&c.author_name)),
        ("author_url".into(), text(url)),
        ("author_email".into(), text(&c.author_email)),
        ("author_ip".into(), text("")),
        ("type".into(), text(kind)),
    ]))
}

async fn one(state: &AppState, p: &[Value], at: usize) -> Result<Result<Comment, Fault>, WebError> {
    let Some(id) = string(p, at).and_then(|s| s.trim().parse::<i64>().ok()) else {
        return Ok(Err((404, "Invalid comment ID.".into())));
    };
    Ok(state
        .read()
        .comment(CommentId(id))
        .await?
        .ok_or((404, "Invalid comment ID.".to_owned())))
}

/// `wp.getComments(blogid, user, password, {post_id, status, number, offset})`
pub(super) async fn list(state: &AppState, me: &Actor, p: &[Value]) -> Result<Answer, WebError> {
    if let Err(f) = may_moderate(me) {
        return Ok(Err(f));
    }
    let filter = p.get(3);
    let word = |name: &str| filter.and_then(|f| member_text(f, name));
    let status = match word("status").filter(|s| !s.is_empty()) {
        Some(s) => match status_of(&s) {
            Some(s) => Some(s),
            None => return Ok(Err((400, "Invalid comment status.".into()))),
        },
        None => None,
    };
    let post = word("post_id")
        .and_then(|s| s.parse::<i64>().ok())
        .map(PostId);
    let (comments, _) = state
        .read()
        .comments_page(&CommentFilter {
            status,
            post,
            offset: word("offset")
                .and_then(|s| s.parse().ok())
                .unwrap_or(0_i64)
                .max(0),
            limit: word("number")
                .and_then(|s| s.parse().ok())
                .unwrap_or(10_i64)
                .clamp(1, 100),
        })
        .await?;
    let mut out = Vec::with_capacity(comments.len());
    for c in &comments {
        out.push(shape(state, c).await?);
    }
    Ok(Ok(Value::Array(out)))
}

/// `wp.getComment(blogid, user, password, comment_id)`
pub(super) async fn get(state: &AppState, me: &Actor, p: &[Value]) -> Result<Answer, WebError> {
    if let Err(f) = may_moderate(me) {
        return Ok(Err(f));
    }
    match one(state, p, 3).await? {
        Ok(c) => Ok(Ok(shape(state, &c).await?)),
        Err(f) => Ok(Err(f)),
    }
}

/// `wp.editComment(blogid, user, password, comment_id, {status, content})`
pub(super) async fn edit(state: &AppState, me: &Actor, p: &[Value]) -> Result<Answer, WebError> {
    let c = match one(state, p, 3).await? {
        Ok(c) => c,
        Err(f) => return Ok(Err(f)),
    };
    let Some(changes) = p.get(4) else {
        return Ok(Err(missing()));
    };
    if let Some(word) = member_text(changes, "status") {
        let action = match status_of(&word) {
            Some(CommentStatus::Approved) => Action::Approve,
            Some(CommentStatus::Spam) => Action::Spam,
            Some(CommentStatus::Trash) => Action::Trash,
            Some(CommentStatus::Pending) if c.status == CommentStatus::Spam => Action::Unspam,
            Some(CommentStatus::Pending) => {
                return Ok(Err((
                    400,
                    "A comment goes back to the queue only from spam here.".into(),
                )));
            }
            None => return Ok(Err((400, "Invalid comment status.".into()))),
        };
        if status_of(&word) != Some(c.status)
            && let Err(e) = comment::moderate(state.core(), me, &[c.id], action).await
        {
            return Ok(Err(fault(e)?));
        }
    }
    if let Some(content) = member_text(changes, "content")
        && let Err(e) = comment::edit(state.core(), me, c.id, &content).await
    {
        return Ok(Err(fault(e)?));
    }
    Ok(Ok(Value::Bool(true)))
}

/// `wp.deleteComment(blogid, user, password, comment_id)`: to the trash,
/// as WordPress does.
pub(super) async fn delete(state: &AppState, me: &Actor, p: &[Value]) -> Result<Answer, WebError> {
    let c = match one(state, p, 3).await? {
        Ok(c) => c,
        Err(f) => return Ok(Err(f)),
    };
    Ok(
        match comment::moderate(state.core(), me, &[c.id], Action::Trash).await {
            Ok(_) => Ok(Value::Bool(true)),
            Err(e) => Err(fault(e)?),
        },
    )
}
