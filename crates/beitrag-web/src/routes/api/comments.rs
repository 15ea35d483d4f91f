//! `/api/v1/comments`: the moderation list, one response, moderating
//! (status and text), deleting, and answering as staff. Every change goes
//! through `core::service::comment` (`moderate`, `edit`, `reply_as_staff`),
//! so the spam classifier is trained and reply notifications are queued
//! exactly as with the CLI. Moderators see commenters' email addresses;
//! nobody sees their (truncated) IP addresses through the API.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use beitrag_core::model::{Comment, CommentId, CommentStatus, PostId};
use beitrag_core::service::access::{Capability, can, require};
use beitrag_core::service::comment::{self, Action};
use beitrag_core::store::CommentFilter;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

use super::body::{ApiPath as Path, ApiQuery as Query};
use super::{ApiJson, Page, Paging, invalid};
use crate::auth::ApiCaller;
use crate::error::WebError;
use crate::problem::Problem;
use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(
    paths(list, get_one, update, delete, reply),
    components(schemas(CommentOut, CommentPatch, ReplyIn, Page<CommentOut>))
)]
pub(super) struct Api;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/comments", get(list))
        .route(
            "/api/v1/comments/{id}",
            get(get_one).patch(update).delete(delete),
        )
        .route("/api/v1/comments/{id}/replies", post(reply))
}

/// A response to a post: a comment, linkback or fediverse reply.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct CommentOut {
    id: i64,
    /// The post answered.
    post_id: i64,
    /// The response answered, for threads.
    parent_id: Option<i64>,
    /// `comment`, `trackback`, `pingback`, `webmention` or `fediverse`.
    kind: String,
    /// `pending`, `approved`, `spam` or `trash`.
    status: String,
    /// Name (or the linking blog's name).
    author: String,
    /// The author's website; empty when none.
    author_url: String,
    /// The author's email address: shown to moderators only, else `null`.
    author_email: Option<String>,
    /// For linkbacks: the linking page; empty for comments.
    source_url: String,
    /// For linkbacks: the linking page's title.
    source_title: String,
    /// Sanitised HTML.
    html: String,
    created_at: DateTime<Utc>,
}

/// What a moderator changes; absent fields stay as they are.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct CommentPatch {
    /// `approved`, `pending`, `spam` or `trash`. Moves into or out of
    /// `spam` and `approved` train the spam classifier.
    status: Option<String>,
    /// New text, written like a reader's comment (Markdown, sanitised).
    text: Option<String>,
}

/// A moderator's answer.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ReplyIn {
    /// Written like a reader's comment (Markdown, sanitised), 1 to 10,000
    /// characters.
    text: String,
}

/// Filters of the moderation list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct Filter {
    /// Only this status: `pending`, `approved`, `spam` or `trash`.
    status: Option<String>,
    /// Only responses to this post (its id).
    post: Option<i64>,
}

fn out(c: &Comment, moderator: bool) -> CommentOut {
    CommentOut {
        id: c.id.0,
        post_id: c.post_id.0,
        parent_id: c.parent.map(|p| p.0),
        kind: c.kind.as_str().into(),
        status: c.status.as_str().into(),
        author: c.author_name.clone(),
        author_url: c.author_url.clone(),
        author_email: moderator.then(|| c.author_email.clone()),
        source_url: c.source_url.clone(),
        source_title: c.source_title.clone(),
        html: c.html.clone(),
        created_at: c.created_at,
    }
}

fn parse_status(value: &str) -> Result<CommentStatus, Problem> {
    CommentStatus::parse(value).ok_or_else(|| {
        invalid(
            "status",
            format!("`{value}` is not one of pending, approved, spam, trash"),
        )
    })
}

/// The moderation action that moves a response to `status`. `Unspam` is
/// the move to `pending` from anywhere: it untrains what it has to.
fn action_for(status: CommentStatus) -> Action {
    match status {
        CommentStatus::Approved => Action::Approve,
        CommentStatus::Spam => Action::Spam,
        CommentStatus::Pending => Action::Unspam,
        CommentStatus::Trash => Action::Trash,
    }
}

async fn existing(state: &AppState, id: i64) -> Result<Comment, Problem> {
    state
        .read()
        .comment(CommentId(id))
        .await?
        .ok_or_else(|| WebError::NotFound.into())
}

/// Responses changed the pages they appear on, never the site snapshot.
#[utoipa::path(
    get, path = "/comments", operation_id = "listComments", tag = "comments",
    params(Filter, Paging),
    responses(
        (status = 200, description = "Responses of every kind, newest first", body = Page<CommentOut>),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only moderators list responses", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn list(
    State(state): State<AppState>,
    caller: ApiCaller,
    Query(f): Query<Filter>,
    Query(paging): Query<Paging>,
) -> Result<axum::Json<Page<CommentOut>>, Problem> {
    require(&caller.user, Capability::ModerateComments)?;
    let (limit, offset, page, per_page) = paging.limit_offset()?;
    let status = f.status.as_deref().map(parse_status).transpose()?;
    let post = match f.post {
        None => None,
        Some(id) => Some(
            state
                .read()
                .post_by_id(PostId(id))
                .await?
                .map(|p| p.id)
                .ok_or_else(|| invalid("post", format!("no post {id}")))?,
        ),
    };
    let (items, total) = state
        .read()
        .comments_page(&CommentFilter {
            status,
            post,
            offset,
            limit,
        })
        .await?;
    Ok(axum::Json(Page {
        items: items.iter().map(|c| out(c, true)).collect(),
        total,
        page,
        per_page,
    }))
}

#[utoipa::path(
    get, path = "/comments/{id}", operation_id = "getComment", tag = "comments",
    params(("id" = i64, Path, description = "Response id")),
    responses(
        (status = 200, description = "Moderators see every response; others only approved responses on public posts, without the email address", body = CommentOut),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
async fn get_one(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
) -> Result<axum::Json<CommentOut>, Problem> {
    let c = existing(&state, id).await?;
    let moderator = can(caller.user.role, Capability::ModerateComments);
    if !moderator {
        // Others see what readers see, and a 404 rather than a 403 so that
        // held responses stay invisible.
        let public = c.status == CommentStatus::Approved
            && state
                .read()
                .post_by_id(c.post_id)
                .await?
                .is_some_and(|p| p.is_public_at(Utc::now()));
        if !public {
            return Err(WebError::NotFound.into());
        }
    }
    Ok(axum::Json(out(&c, moderator)))
}

#[utoipa::path(
    patch, path = "/comments/{id}", operation_id = "updateComment", tag = "comments",
    params(("id" = i64, Path, description = "Response id")),
    request_body = CommentPatch,
    responses(
        (status = 200, body = CommentOut),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 415, body = Problem, content_type = "application/problem+json"),
    )
)]
async fn update(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<CommentPatch>,
) -> Result<axum::Json<CommentOut>, Problem> {
    caller.actor().require(Capability::ModerateComments)?;
    let current = existing(&state, id).await?;
    // Everything is checked before anything is written: the status here,
    // the text by `edit` before it stores.
    let status = body.status.as_deref().map(parse_status).transpose()?;
    let actor = caller.actor();
    if let Some(text) = &body.text {
        comment::edit(state.core(), &actor, current.id, text).await?;
    }
    // After the edit, so the classifier learns from the text that stays
    // (and is untrained with the same text on the next move).
    if let Some(status) = status.filter(|s| *s != current.status) {
        comment::moderate(state.core(), &actor, &[current.id], action_for(status)).await?;
    }
    Ok(axum::Json(out(&existing(&state, id).await?, true)))
}

#[utoipa::path(
    delete, path = "/comments/{id}", operation_id = "deleteComment", tag = "comments",
    params(("id" = i64, Path, description = "Response id")),
    responses(
        (status = 204, description = "Deleted for good; replies stay, detached"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
async fn delete(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
) -> Result<StatusCode, Problem> {
    let deleted = comment::moderate(
        state.core(),
        &caller.actor(),
        &[CommentId(id)],
        Action::Delete,
    )
    .await?;
    if deleted == 0 {
        return Err(WebError::NotFound.into());
    }
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    post, path = "/comments/{id}/replies", operation_id = "replyToComment", tag = "comments",
    params(("id" = i64, Path, description = "The approved response to answer")),
    request_body = ReplyIn,
    responses(
        (status = 201, description = "The reply, approved and authored by the caller", body = CommentOut),
        (status = 400, description = "Bad text, or (`field` = `parent`) the response is not approved or the thread is too deep", body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 415, body = Problem, content_type = "application/problem+json"),
    )
)]
async fn reply(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<ReplyIn>,
) -> Result<Response, Problem> {
    let site = state.site().await?;
    let reply = comment::reply_as_staff(
        state.core(),
        &caller.actor(),
        &site.settings,
        CommentId(id),
        &body.text,
        Utc::now(),
    )
    .await?;
    let stored = existing(&state, reply.0).await?;
    let mut res = (StatusCode::CREATED, axum::Json(out(&stored, true))).into_response();
    if let Ok(v) = format!("/api/v1/comments/{}", reply.0).parse() {
        res.headers_mut().insert(axum::http::header::LOCATION, v);
    }
    Ok(res)
}
