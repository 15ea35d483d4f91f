//! The responses and the spam counts: `beitrag_core::store` traits for [`SqlStore`].

use async_trait::async_trait;
use beitrag_core::comment_page::CommentPlace;
use beitrag_core::model::*;
use beitrag_core::store::*;
use chrono::{DateTime, Utc};

use crate::error::map;
use crate::exec::Db;
use crate::store::SqlStore;
use crate::store::{exclusive, read, transaction};

#[async_trait]
impl CommentReads for SqlStore {
    async fn comment(&self, id: CommentId) -> StoreResult<Option<Comment>> {
        read!(self, crate::comments::by_id, id)
    }

    async fn comments_page(
        &self,
        filter: &beitrag_core::store::CommentFilter,
    ) -> StoreResult<(Vec<Comment>, i64)> {
        read!(self, crate::comments::page, filter)
    }

    async fn comment_places(
        &self,
        ids: &[CommentId],
    ) -> StoreResult<Vec<(CommentId, CommentPlace)>> {
        read!(self, crate::comment_pages::places, ids)
    }

    async fn recent_comments(
        &self,
        post: Option<PostId>,
        now: DateTime<Utc>,
        limit: i64,
    ) -> StoreResult<Vec<CommentFeedRow>> {
        read!(self, crate::comments::recent, post, now, limit)
    }

    async fn comments_of_post_by_ids(
        &self,
        post: PostId,
        ids: &[CommentId],
    ) -> StoreResult<Vec<Comment>> {
        read!(self, crate::comments::of_post_by_ids, post, ids)
    }

    async fn comment_by_source(
        &self,
        post: PostId,
        kind: beitrag_core::model::CommentKind,
        source: &str,
    ) -> StoreResult<Option<Comment>> {
        read!(self, crate::comments::by_source, post, kind, source)
    }

    async fn comments_by_email(&self, email: &str) -> StoreResult<Vec<Comment>> {
        read!(self, crate::comments::by_email, email)
    }

    async fn comment_counts(&self) -> StoreResult<Vec<(CommentStatus, i64)>> {
        read!(self, crate::comments::counts)
    }

    async fn known_commenter(&self, email: &str) -> StoreResult<bool> {
        read!(self, crate::comments::known, email)
    }

    async fn known_linkback_host(&self, host: &str) -> StoreResult<bool> {
        read!(self, crate::comments::known_source, host)
    }

    async fn has_duplicate(
        &self,
        post: PostId,
        linkback: bool,
        sender: &str,
        html: &str,
    ) -> StoreResult<bool> {
        read!(
            self,
            crate::comments::duplicate,
            post,
            linkback,
            sender,
            html
        )
    }

    async fn spam_counts(&self, tokens: &[String]) -> StoreResult<beitrag_core::spam::Counts> {
        read!(self, crate::spam_tokens::spam_counts, tokens)
    }
}

#[async_trait]
impl CommentWrites for SqlStore {
    async fn add_comment(&self, comment: &NewComment) -> StoreResult<CommentId> {
        exclusive!(self, crate::comments::add, comment)
    }

    async fn moderate_comments(&self, moves: &[CommentMove]) -> StoreResult<()> {
        transaction!(self, |db| crate::comments::moderate(db, moves))
    }

    async fn delete_comments(&self, ids: &[CommentId]) -> StoreResult<u64> {
        exclusive!(self, crate::comments::delete, ids)
    }

    async fn update_linkback(
        &self,
        id: CommentId,
        author_name: &str,
        author_url: &str,
        html: &str,
        source_title: &str,
    ) -> StoreResult<()> {
        exclusive!(
            self,
            crate::comments::update_linkback,
            id,
            author_name,
            author_url,
            html,
            source_title
        )
    }

    async fn purge_ips(&self, before: DateTime<Utc>) -> StoreResult<u64> {
        exclusive!(self, crate::comments::purge_ips, before.timestamp())
    }

    async fn set_comment_notify(&self, id: CommentId, on: bool) -> StoreResult<u64> {
        exclusive!(self, crate::comments::set_notify, id, on)
    }
}
