//! The single-post page and its comment pages: finding the post, sending
//! old and odd spellings to the canonical URL, and the visitor's own view
//! (replying, or waiting for their comments to be approved).

use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::Response;
use beitrag_core::comment_page;
use beitrag_core::model::{CommentId, CommentStatus, PostKind, PostPage};

use super::{content, http, pages};
use crate::cache::CachedPage;
use crate::error::WebError;
use crate::state::{AppState, Site};

/// What one visitor brings: the comment they reply to and their comments
/// awaiting moderation. Either makes the page their own, never cached.
#[derive(Debug, Default)]
pub struct Visitor {
    /// `?replytocom=ID`.
    pub reply_to: Option<i64>,
    /// Their pending comments (from the signed cookie).
    pub pending: Vec<i64>,
}

impl Visitor {
    /// Whether the page is theirs alone.
    pub fn personal(&self) -> bool {
        self.reply_to.is_some() || !self.pending.is_empty()
    }
}

/// The request as the dispatcher read it.
pub struct Asked<'a> {
    /// Its headers (conditional GET).
    pub headers: &'a HeaderMap,
    /// Its query string, kept on redirects.
    pub query: Option<&'a str>,
    /// The decoded path.
    pub path: &'a str,
    /// Who asks.
    pub visitor: &'a Visitor,
}

/// A page for the cache, or a response that is already complete.
pub enum Rendered {
    /// Shared: the caller caches and answers it.
    Page(CachedPage),
    /// A redirect or a visitor's own page.
    Done(Response),
}

/// The post or page at `path`, with comment page `page` when the path
/// named one (`content` is then the path before `comment-page-N/`).
pub async fn render(
    state: &AppState,
    site: &Site,
    asked: &Asked<'_>,
    content: &str,
    page: Option<i64>,
) -> Result<Rendered, WebError> {
    let Asked {
        headers,
        query,
        path,
        visitor,
    } = *asked;
    let found = match page {
        None => content::find(state, site, content, None).await?,
        Some(n) => find_comment_page(state, site, content, n).await?,
    };
    let found = match found {
        content::Found::Post(found) => found,
        content::Found::Redirect(to) => {
            let to = match page {
                Some(n) => comment_page::page_url(&to, Some(n)),
                None => to,
            };
            return Ok(Rendered::Done(http::redirect(&to, query)));
        }
    };
    let post_path = content::path_of(site, &found.card.post);
    let canonical = match page {
        Some(n) => comment_page::page_url(&post_path, Some(n)),
        None => post_path,
    };
    if canonical != path {
        return Ok(Rendered::Done(http::redirect(&canonical, query)));
    }
    if page.is_some_and(|n| n > found.comment_pages) {
        return Err(WebError::NotFound);
    }
    if visitor.personal() {
        let extras = extras(state, &found, visitor).await?;
        let sidebar = state.sidebar(site).await?;
        let page = pages::post_with(state, site, &sidebar, &found, extras)?;
        let mut res = http::conditional(&page, headers);
        res.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, no-store"),
        );
        return Ok(Rendered::Done(res));
    }
    let sidebar = state.sidebar(site).await?;
    Ok(Rendered::Page(pages::post(state, site, &sidebar, &found)?))
}

/// Comment page `n` of the content before `comment-page-N/`: with its `/`
/// for permalinks that end in one, without it for the others
/// (`/x.html/comment-page-2/`). Pages (`PostKind::Page`) have no comment
/// pages.
async fn find_comment_page(
    state: &AppState,
    site: &Site,
    content: &str,
    n: i64,
) -> Result<content::Found, WebError> {
    let bare = content.strip_suffix('/').unwrap_or(content);
    let mut found = content::find(state, site, content, Some(n)).await;
    if matches!(found, Err(WebError::NotFound)) && !bare.is_empty() {
        found = content::find(state, site, bare, Some(n)).await;
    }
    match found? {
        content::Found::Post(p) if p.card.post.kind == PostKind::Page => Err(WebError::NotFound),
        other => Ok(other),
    }
}

/// The visitor's pending comments on this post and the comment they reply
/// to.
async fn extras(
    state: &AppState,
    page: &PostPage,
    visitor: &Visitor,
) -> Result<pages::Extras, WebError> {
    let ids: Vec<_> = visitor.pending.iter().copied().map(CommentId).collect();
    let pending = state
        .read()
        .comments_of_post_by_ids(page.card.post.id, &ids)
        .await?;
    let pending = pending
        .into_iter()
        .filter(|c| c.status != CommentStatus::Approved)
        .collect();
    let form = visitor
        .reply_to
        .and_then(|id| page.comments.iter().find(|c| c.id.0 == id))
        .map(|c| crate::views::FormView {
            parent: Some(c.id.0),
            reply_to: Some(c.author_name.clone()),
            ..Default::default()
        });
    Ok(pages::Extras { pending, form })
}
