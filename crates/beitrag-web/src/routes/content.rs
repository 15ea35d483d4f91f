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
