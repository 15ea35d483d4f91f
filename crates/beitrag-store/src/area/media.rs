//! The media records: `beitrag_core::store` traits for [`SqlStore`].

use async_trait::async_trait;
use beitrag_core::model::*;
use beitrag_core::store::*;

use crate::error::map;
use crate::exec::Db;
use crate::store::SqlStore;
use crate::store::{read, transaction};

#[async_trait]
impl MediaReads for SqlStore {
    async fn media_by_id(&self, id: MediaId) -> StoreResult<Option<Media>> {
        read!(self, crate::media::by_id, id)
    }

    async fn media_by_paths(&self, paths: &[String]) -> StoreResult<Vec<Media>> {
        read!(self, crate::media::by_paths, paths)
    }

    async fn media_by_ids(&self, ids: &[MediaId]) -> StoreResult<Vec<Media>> {
        read!(self, crate::media::by_ids, ids)
    }

    async fn media_list(&self, limit: i64, offset: i64) -> StoreResult<(Vec<Media>, i64)> {
        read!(self, crate::media::list, limit, offset)
    }
}

#[async_trait]
impl MediaWrites for SqlStore {
    async fn add_media(&self, m: &Media) -> StoreResult<Media> {
        crate::store::exclusive!(self, crate::media::add, m)
    }

    async fn set_media_alt(&self, id: MediaId, alt: &str) -> StoreResult<Vec<PostId>> {
        transaction!(self, |db| crate::media::set_alt(db, id, alt))
    }

    async fn delete_media(&self, id: MediaId) -> StoreResult<Vec<PostId>> {
        transaction!(self, |db| crate::media::delete(db, id))
    }
}
