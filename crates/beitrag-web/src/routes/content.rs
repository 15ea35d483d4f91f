//! Finding the post or page a path names: the permalink pattern first, then
//! a page slug, then the redirect table.

use beitrag_core::comment_page::CommentPaging;
use beitrag_core::model::{Post, PostId, PostKey, PostKind, PostPage};
use chrono::Utc;

use crate::error::WebError;
use crate::state::{AppState, Site};

/// What lives at a content path.
#[derive(Debug)]
pub enum Found {
    /// A visible post or page.
    Post(Box<PostPage>),
    /// It moved; 301 to this path.
    Redirect(String),
}

/// Canonical path of a post or page.
pub fn path_of(site: &Site, post: &Post) -> String {
    site.directory.post_path(&site.settings, post)
}

/// Looks a content path up, with comment page `page` (`None`: the default).
pub async fn find(
    state: &AppState,
    site: &Site,
    path: &str,
    page: Option<i64>,
) -> Result<Found, WebError> {
    let store = state.read();
    let now = Utc::now();
    let paging = CommentPaging::of(&site.settings);
    if let Some(m) = site.settings.permalink.recognise(path) {
        let key = match (m.id, m.slug) {
            (Some(id), _) => Some(PostKey::Id(PostId(id))),
            (None, Some(slug)) => Some(PostKey::Slug(PostKind::Post, slug)),
            (None, None) => None,
        };
        if let Some(key) = key
            && let Some(page) = store.post_page(&key, now, &paging, page).await?
        {
            return Ok(Found::Post(Box::new(page)));
        }
    }
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    if let [slug] = segs.as_slice()
        && let Some(page) = store
            .post_page(
                &PostKey::Slug(PostKind::Page, (*slug).to_owned()),
                now,
                &paging,
                page,
            )
            .await?
    {
        return Ok(Found::Post(Box::new(page)));
    }
    let toggled = match path.strip_suffix('/') {
        Some(p) => p.to_owned(),
        None => format!("{path}/"),
    };
    for candidate in [path, toggled.as_str()] {
        if let Some(to) = store.redirect_for(candidate).await? {
            return Ok(Found::Redirect(to));
        }
    }
    Err(WebError::NotFound)
}

/// The post a URL of this site names, whatever its status.
pub(crate) async fn post_at(
    state: &AppState,
    site: &Site,
    url: &str,
) -> Result<Option<Post>, WebError> {
    let Some(rest) = url.strip_prefix(site.settings.base_url.trim_end_matches('/')) else {
        return Ok(None);
    };
    if let Some(id) = rest
        .strip_prefix("/?p=")
        .and_then(|i| i.parse::<i64>().ok())
    {
        return Ok(state.read().post_by_id(PostId(id)).await?);
    }
    let path = rest.split(['?', '#']).next().unwrap_or("/");
    if let Ok(Found::Post(page)) = find(state, site, path, None).await {
        return Ok(Some(page.card.post));
    }
    let Some(slug) = path.split('/').rfind(|s| !s.is_empty()) else {
        return Ok(None);
    };
    for kind in [PostKind::Post, PostKind::Page] {
        if let Some(p) = state.read().post_by_slug(kind, slug).await? {
            return Ok(Some(p));
        }
    }
    Ok(None)
}
