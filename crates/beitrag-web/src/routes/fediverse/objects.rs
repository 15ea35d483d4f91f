//! The blog actor, its collections, and posts as `Article`s.

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use beitrag_core::model::{ArchiveFilter, CommentId, PostQuery};
use beitrag_core::service::fediverse::{BLOG, comments, documents};
use beitrag_federation::vocab;
use chrono::Utc;
use serde::Deserialize;

use super::{activity_json, wants_activity};
use crate::error::WebError;
use crate::routes::content::{self, Found};
use crate::routes::http;
use crate::state::{AppState, Site};

/// Posts per outbox page.
const OUTBOX_PAGE: i64 = 20;

/// `GET /ap/blog`: the actor; a browser is sent to the home page.
pub(super) async fn actor(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    if !wants_activity(&headers) && accepts_html(&headers) {
        // See Other, not Moved: the same URL is the actor for servers.
        return Ok((
            StatusCode::SEE_OTHER,
            [
                (axum::http::header::LOCATION, "/"),
                (axum::http::header::VARY, "Accept"),
            ],
        )
            .into_response());
    }
    let docs = documents::Site::load(state.core()).await?;
    let oldest = Utc::now();
    let doc = documents::blog_actor(state.core(), &docs, oldest).await?;
    Ok(activity_json(StatusCode::OK, &doc))
}

fn accepts_html(headers: &HeaderMap) -> bool {
    headers
        .get(axum::http::header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"))
}

#[derive(Deserialize)]
pub(super) struct Paging {
    page: Option<String>,
}

/// `GET /ap/blog/outbox[?page=N]`: the posts' `Create` activities, newest first.
pub(super) async fn outbox(
    State(state): State<AppState>,
    Query(q): Query<Paging>,
) -> Result<Response, WebError> {
    let docs = documents::Site::load(state.core()).await?;
    let outbox = docs.addresses.outbox();
    let query = |page: i64| PostQuery {
        filter: ArchiveFilter::All,
        sticky_first: false,
        now: Utc::now(),
        offset: (page - 1) * OUTBOX_PAGE,
        limit: OUTBOX_PAGE,
    };
    let Some(page) = q.page else {
        let total = state.read().list_posts(&query(1)).await?.total;
        let first = format!("{outbox}?page=1");
        return Ok(activity_json(
            StatusCode::OK,
            &vocab::collection(&outbox, total, Some(&first)),
        ));
    };
    let page: i64 = page
        .parse()
        .ok()
        .filter(|n| (1..=100_000).contains(n))
        .ok_or_else(|| WebError::BadRequest("page must be a number from 1".into()))?;
    let list = state.read().list_posts(&query(page)).await?;
    let items = list
        .items
        .iter()
        .map(|card| {
            let article = docs.article(&card.post, &card.terms);
            let at = card.post.published_at.unwrap_or(card.post.updated_at);
            docs.activity("Create", article, at)
        })
        .map(|mut a| {
            if let Some(o) = a.as_object_mut() {
                o.remove("@context");
            }
            a
        })
        .collect();
    let next = (page * OUTBOX_PAGE < list.total).then(|| format!("{outbox}?page={}", page + 1));
    let id = format!("{outbox}?page={page}");
    Ok(activity_json(
        StatusCode::OK,
        &vocab::collection_page(&id, &outbox, items, next.as_deref()),
    ))
}

/// `GET /ap/blog/followers`: how many, not who (as Mastodon shows it).
pub(super) async fn followers(State(state): State<AppState>) -> Result<Response, WebError> {
    let docs = documents::Site::load(state.core()).await?;
    let n = state.read().follower_count(BLOG).await?;
    Ok(activity_json(
        StatusCode::OK,
        &vocab::collection(&docs.addresses.followers(), n, None),
    ))
}

/// `GET /ap/blog/following`: the blog follows no one.
pub(super) async fn following(State(state): State<AppState>) -> Result<Response, WebError> {
    let docs = documents::Site::load(state.core()).await?;
    Ok(activity_json(
        StatusCode::OK,
        &vocab::collection(&docs.addresses.following(), 0, None),
    ))
}

/// `GET /ap/blog/featured`: the sticky posts, as Mastodon pins them.
pub(super) async fn featured(State(state): State<AppState>) -> Result<Response, WebError> {
    let docs = documents::Site::load(state.core()).await?;
    let list = state
        .read()
        .list_posts(&PostQuery {
            filter: ArchiveFilter::All,
            sticky_first: true,
            now: Utc::now(),
            offset: 0,
            limit: OUTBOX_PAGE,
        })
        .await?;
    let items: Vec<_> = list
        .items
        .iter()
        .filter(|c| c.post.sticky)
        .map(|c| docs.article(&c.post, &c.terms))
        .collect();
    let mut doc = vocab::collection(&docs.addresses.featured(), items.len() as i64, None);
    doc["orderedItems"] = serde_json::Value::Array(items);
    Ok(activity_json(StatusCode::OK, &doc))
}

/// A post's URL asked for as ActivityStreams: its `Article`, or 404.
pub(crate) async fn object_at(
    state: &AppState,
    site: &Site,
    path: &str,
) -> Result<Response, WebError> {
    let post = match content::find(state, site, path, None).await? {
        Found::Post(page) => page.card.post,
        Found::Redirect(to) => return Ok(http::redirect(&to, None)),
    };
    let docs = documents::Site::load(state.core()).await?;
    match documents::article_of(state.core(), &docs, post.id).await? {
        Some(article) => Ok(activity_json(StatusCode::OK, &article)),
        None => Err(WebError::NotFound),
    }
}

/// `GET /ap/comments/{id}`: an approved local comment as a `Note`.
pub(super) async fn comment(
    State(state): State<AppState>,
    axum::extract::Path(id): axum::extract::Path<String>,
) -> Result<Response, WebError> {
    let id = id.parse::<i64>().map_err(|_| WebError::NotFound)?;
    let Some(c) = comments::Conversation::load(state.core(), CommentId(id)).await? else {
        return Err(WebError::NotFound);
    };
    let docs = documents::Site::load(state.core()).await?;
    let mut note = c.note(&docs);
    note["@context"] = serde_json::json!("https://www.w3.org/ns/activitystreams");
    Ok(activity_json(StatusCode::OK, &note))
}
