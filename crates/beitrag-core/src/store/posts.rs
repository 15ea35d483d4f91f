//! Posts and pages, their revisions and scheduled publication.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::StoreResult;
use crate::comment_page::CommentPaging;
use crate::model::{
    AdminPostQuery, ImportWrite, ImportedItem, Post, PostId, PostKey, PostKind, PostList, PostPage,
    PostQuery, PostWrite, Revision, RevisionId, RevisionInfo, Term,
};
use crate::search::{SearchDocument, SearchRequest};

/// A post with its terms, for export and bulk operations.
#[derive(Debug, Clone, PartialEq)]
pub struct PostWithTerms {
    /// The post.
    pub post: Post,
    /// Author login.
    pub author_login: String,
    /// Its tags and categories.
    pub terms: Vec<Term>,
}

/// Reading posts.
#[async_trait]
pub trait PostReads: Send + Sync {
    /// A post by id, whatever its status.
    async fn post_by_id(&self, id: PostId) -> StoreResult<Option<Post>>;
    /// A post by kind and slug, whatever its status.
    async fn post_by_slug(&self, kind: PostKind, slug: &str) -> StoreResult<Option<Post>>;
    /// The single-post page of a post visible at `now` with comment page
    /// `page` (`None`: the default page): at most three queries, whose cost
    /// does not grow with the number of comments.
    async fn post_page(
        &self,
        key: &PostKey,
        now: DateTime<Utc>,
        paging: &CommentPaging,
        page: Option<i64>,
    ) -> StoreResult<Option<PostPage>>;
    /// An archive page of visible posts with authors, counts and terms.
    async fn list_posts(&self, query: &PostQuery) -> StoreResult<PostList>;
    /// Pages visible at `now`, by title, for the navigation.
    async fn public_pages(&self, now: DateTime<Utc>) -> StoreResult<Vec<Post>>;
    /// Every post and page with terms, for export.
    async fn all_posts(&self) -> StoreResult<Vec<PostWithTerms>>;
    /// Posts for the admin: any status, filtered, newest change first.
    async fn admin_posts(&self, query: &AdminPostQuery) -> StoreResult<PostList>;
    /// A post's revisions with their texts, oldest first.
    async fn revisions(&self, post: PostId) -> StoreResult<Vec<Revision>>;
    /// A post's revisions without their texts, oldest first (lists).
    async fn revision_list(&self, post: PostId) -> StoreResult<Vec<RevisionInfo>>;
    /// One revision with its texts.
    async fn revision(&self, id: RevisionId) -> StoreResult<Option<Revision>>;
    /// Posts by id, whatever their status (one query for a list's posts).
    async fn posts_by_ids(&self, ids: &[PostId]) -> StoreResult<Vec<Post>>;
    /// The id of a post's newest revision.
    async fn latest_revision(&self, post: PostId) -> StoreResult<Option<RevisionId>>;
    /// Visible posts and pages matching a search, best first, and how many
    /// match in all.
    async fn search_posts(&self, request: &SearchRequest) -> StoreResult<PostList>;
    /// Up to `limit` posts and pages of any status with ids above `after`,
    /// by id, as `(id, title, html)`: what the search index is built from.
    async fn search_sources(
        &self,
        after: PostId,
        limit: i64,
    ) -> StoreResult<Vec<(PostId, String, String)>>;
    /// The id ranges (`id / size`) that hold posts visible at `now`, each
    /// with its newest change, in order: the sitemap index.
    async fn sitemap_chunks(
        &self,
        now: DateTime<Utc>,
        size: i64,
    ) -> StoreResult<Vec<(i64, DateTime<Utc>)>>;
    /// The posts visible at `now` with ids in range `chunk` (see
    /// [`PostReads::sitemap_chunks`]), by id, without source or HTML.
    async fn sitemap_posts(
        &self,
        now: DateTime<Utc>,
        chunk: i64,
        size: i64,
    ) -> StoreResult<Vec<Post>>;
    /// The language of the search index's words; `None` before its first build.
    async fn search_language(&self) -> StoreResult<Option<String>>;
    /// The local id an item of another engine became (`origin` names the
    /// engine, `kind` is one of [`crate::model::origin_kind`]).
    async fn import_origin(
        &self,
        origin: &str,
        kind: &str,
        external_id: &str,
    ) -> StoreResult<Option<i64>>;
}

/// Changing posts.
#[async_trait]
pub trait PostWrites: Send + Sync {
    /// Inserts or replaces posts with their terms and redirects, all in one
    /// transaction: either every post is written or none.
    async fn save_posts(&self, posts: &[PostWrite]) -> StoreResult<Vec<PostId>>;
    /// Deletes posts with their comments, terms and revisions.
    async fn delete_posts(&self, ids: &[PostId]) -> StoreResult<u64>;
    /// Turns a due scheduled post into a published one; `false` when it
    /// was not (any more) scheduled or not yet due. Exactly one caller wins.
    async fn publish_scheduled(&self, id: PostId, now: DateTime<Utc>) -> StoreResult<bool>;
    /// Writes imported items in one transaction: each new post with its
    /// terms and a revision, each response not imported before (parents
    /// found by their external ids), and the origin of everything written.
    async fn save_imported(
        &self,
        origin: &str,
        items: &[ImportWrite],
    ) -> StoreResult<Vec<ImportedItem>>;
    /// Replaces the search documents of these posts in one transaction;
    /// with `language`, also records that the whole index is now in it.
    async fn write_search_documents(
        &self,
        documents: &[(PostId, SearchDocument)],
        language: Option<&str>,
    ) -> StoreResult<()>;
    /// Remembers that an item of another engine became `local_id`.
    async fn record_origin(
        &self,
        origin: &str,
        kind: &str,
        external_id: &str,
        local_id: i64,
    ) -> StoreResult<()>;
}
