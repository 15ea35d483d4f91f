//! Records of uploads (the bytes live in the media object store).

use async_trait::async_trait;

use super::StoreResult;
use crate::model::{Media, MediaId, PostId};

/// Reading media records.
#[async_trait]
pub trait MediaReads: Send + Sync {
    /// One upload.
    async fn media_by_id(&self, id: MediaId) -> StoreResult<Option<Media>>;
    /// Uploads whose original lives at one of these paths.
    async fn media_by_paths(&self, paths: &[String]) -> StoreResult<Vec<Media>>;
    /// Uploads by id, in one query; unknown ids are left out.
    async fn media_by_ids(&self, ids: &[MediaId]) -> StoreResult<Vec<Media>>;
    /// Uploads, newest first, and how many there are.
    async fn media_list(&self, limit: i64, offset: i64) -> StoreResult<(Vec<Media>, i64)>;
}

/// Changing media records.
#[async_trait]
pub trait MediaWrites: Send + Sync {
    /// Records an upload (its `id` is ignored) and returns it with its id.
    async fn add_media(&self, media: &Media) -> StoreResult<Media>;
    /// Changes an upload's alt text (`NotFound` for an unknown id) and
    /// returns the posts that show it as their featured image.
    async fn set_media_alt(&self, id: MediaId, alt: &str) -> StoreResult<Vec<PostId>>;
    /// Forgets an upload (the caller deletes the objects) and returns the
    /// posts that showed it as their featured image, which no longer do.
    async fn delete_media(&self, id: MediaId) -> StoreResult<Vec<PostId>>;
}
