//! The media records: `beitrag_core::store` traits for [`SqlStore`].

use async_trait::async_trait;
use beitrag_core::model::*;
use beitrag_core::store::*;

use crate::error::map;
use crate::exec::Db;
use crate::store::SqlStore;
use crate::store::{exclusive, read};

#[async_trait]
impl MediaReads for SqlStore {
    async fn media_by_id(&self, id: MediaId) -> StoreResult<Option<Media>> {
        read!(self, crate::media::by_id, id)
    }

    async fn media_by_paths(&self, paths: &[String]) -> StoreResult<Vec<Media>> {
        read!(self, crate::media::by_paths, paths)
    }

    async fn media_list(&self, limit: i64, offset: i64) -> StoreResult<(Vec<Media>, i64)> {
        read!(self, crate::media::list, limit, offset)
    }
}

#[async_trait]
impl MediaWrites for SqlStore {
    async fn add_media(&self, m: &Media) -> StoreResult<Media> {
        exclusive!(self, crate::media::add, m)
    }

    async fn delete_media(&self, id: MediaId) -> StoreResult<u64> {
        exclusive!(self, crate::media::delete, id)
    }
}
