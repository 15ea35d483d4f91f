//! Featured images: the one upload a post is shown with in the theme, in
//! OpenGraph and in the feeds. A post may name only a stored image; pages
//! and feeds look up the images of all their posts in one query.

use std::collections::HashMap;

use crate::message::texts;
use crate::model::{Media, MediaId, Post};
use crate::store::Reads;
use crate::{Error, Result};

/// The field's name in forms, the API and errors.
pub const FIELD: &str = "featured_media";

/// Checks a post's featured image before it is saved: it must be a stored
/// upload, and an image (a PDF cannot head a post or fill `og:image`).
pub async fn check(store: &dyn Reads, id: Option<MediaId>) -> Result<Option<MediaId>> {
    let Some(id) = id else {
        return Ok(None);
    };
    let media = store
        .media_by_id(id)
        .await?
        .ok_or_else(|| Error::invalid(FIELD, texts::NO_UPLOAD.with("id", id.0)))?;
    if !media.is_image() {
        return Err(Error::invalid(
            FIELD,
            texts::NOT_AN_IMAGE
                .with("id", id.0)
                .with("mime", media.mime.as_str()),
        ));
    }
    Ok(Some(id))
}

/// The featured images of `posts`, by id, read in one query whatever the
/// number of posts (a feed of 50 items costs one statement, not 50).
pub async fn of_posts<'a>(
    store: &dyn Reads,
    posts: impl IntoIterator<Item = &'a Post>,
) -> Result<HashMap<MediaId, Media>> {
    let mut ids: Vec<MediaId> = posts.into_iter().filter_map(|p| p.featured_media).collect();
    ids.sort_by_key(|m| m.0);
    ids.dedup();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(store
        .media_by_ids(&ids)
        .await?
        .into_iter()
        .map(|m| (m.id, m))
        .collect())
}

/// The featured image of one post, when it has one that still exists.
pub async fn of_post(store: &dyn Reads, post: &Post) -> Result<Option<Media>> {
    match post.featured_media {
        Some(id) => Ok(store.media_by_id(id).await?),
        None => Ok(None),
    }
}
