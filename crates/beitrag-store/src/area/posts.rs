//! The posts, revisions and scheduled publication: `beitrag_core::store` traits for [`SqlStore`].

use async_trait::async_trait;
use beitrag_core::comment_page::CommentPaging;
use beitrag_core::model::*;
use beitrag_core::search::{SearchDocument, SearchRequest};
use beitrag_core::store::*;
use chrono::{DateTime, Utc};

use crate::error::map;
use crate::exec::Db;
use crate::store::SqlStore;
use crate::store::{exclusive, read, transaction};

#[async_trait]
impl PostReads for SqlStore {
    async fn post_by_id(&self, id: PostId) -> StoreResult<Option<Post>> {
        read!(self, crate::posts::by_id, id)
    }

    async fn post_by_slug(&self, kind: PostKind, slug: &str) -> StoreResult<Option<Post>> {
        read!(self, crate::posts::by_slug, kind, slug)
    }

    async fn post_page(
        &self,
        key: &PostKey,
        now: DateTime<Utc>,
        paging: &CommentPaging,
        page: Option<i64>,
    ) -> StoreResult<Option<PostPage>> {
        read!(self, crate::posts::page, key, now, paging, page)
    }

    async fn list_posts(&self, query: &PostQuery) -> StoreResult<PostList> {
        read!(self, crate::posts::list, query)
    }

    async fn public_pages(&self, now: DateTime<Utc>) -> StoreResult<Vec<Post>> {
        read!(self, crate::posts::public_pages, now)
    }

    async fn all_posts(&self) -> StoreResult<Vec<PostWithTerms>> {
        read!(self, crate::posts::all)
    }

    async fn admin_posts(&self, query: &AdminPostQuery) -> StoreResult<PostList> {
        read!(self, crate::posts::admin_posts, query)
    }

    async fn revisions(&self, post: PostId) -> StoreResult<Vec<Revision>> {
        read!(self, crate::revisions::revisions, post)
    }

    async fn revision_list(&self, post: PostId) -> StoreResult<Vec<RevisionInfo>> {
        read!(self, crate::revisions::list, post)
    }

    async fn revision(&self, id: RevisionId) -> StoreResult<Option<Revision>> {
        read!(self, crate::revisions::by_id, id)
    }

    async fn posts_by_ids(&self, ids: &[PostId]) -> StoreResult<Vec<Post>> {
        read!(self, crate::posts::by_ids, ids)
    }

    async fn latest_revision(&self, post: PostId) -> StoreResult<Option<RevisionId>> {
        read!(self, crate::revisions::latest_revision, post)
    }

    async fn search_posts(&self, request: &SearchRequest) -> StoreResult<PostList> {
        read!(self, crate::search::search, request)
    }

    async fn search_sources(
        &self,
        after: PostId,
        limit: i64,
    ) -> StoreResult<Vec<(PostId, String, String)>> {
        read!(self, crate::search::sources, after, limit)
    }

    async fn sitemap_chunks(
        &self,
        now: DateTime<Utc>,
        size: i64,
    ) -> StoreResult<Vec<(i64, DateTime<Utc>)>> {
        read!(self, crate::sitemap::chunks, now, size)
    }

    async fn sitemap_posts(
        &self,
        now: DateTime<Utc>,
        chunk: i64,
        size: i64,
    ) -> StoreResult<Vec<Post>> {
        read!(self, crate::sitemap::posts, now, chunk, size)
    }

    async fn search_language(&self) -> StoreResult<Option<String>> {
        read!(self, crate::search::language)
    }

    async fn import_origin(
        &self,
        origin: &str,
        kind: &str,
        external_id: &str,
    ) -> StoreResult<Option<i64>> {
        read!(self, crate::imports::origin, origin, kind, external_id)
    }
}

#[async_trait]
impl PostWrites for SqlStore {
    async fn save_posts(&self, writes: &[PostWrite]) -> StoreResult<Vec<PostId>> {
        // An error rolls the whole batch back.
        transaction!(self, |db| crate::save::save_all(db, writes))
    }

    async fn save_imported(
        &self,
        origin: &str,
        items: &[ImportWrite],
    ) -> StoreResult<Vec<ImportedItem>> {
        // An item is written whole or not at all; so is the batch.
        transaction!(self, |db| crate::imports::save(db, origin, items))
    }

    async fn record_origin(
        &self,
        origin: &str,
        kind: &str,
        external_id: &str,
        local_id: i64,
    ) -> StoreResult<()> {
        exclusive!(
            self,
            crate::imports::record,
            origin,
            kind,
            external_id,
            local_id
        )
    }

    async fn write_search_documents(
        &self,
        documents: &[(PostId, SearchDocument)],
        language: Option<&str>,
    ) -> StoreResult<()> {
        transaction!(self, |db| crate::search::write_all(db, documents, language))
    }

    async fn delete_posts(&self, ids: &[PostId]) -> StoreResult<u64> {
        exclusive!(self, crate::posts::delete_posts, ids)
    }

    async fn publish_scheduled(&self, id: PostId, now: DateTime<Utc>) -> StoreResult<bool> {
        exclusive!(self, crate::posts::publish_scheduled, id, now)
    }
}
