//! The tags and categories: `beitrag_core::store` traits for [`SqlStore`].

use async_trait::async_trait;
use beitrag_core::model::*;
use beitrag_core::store::*;
use chrono::{DateTime, Utc};

use crate::error::map;
use crate::exec::Db;
use crate::store::SqlStore;
use crate::store::{exclusive, read, transaction};

#[async_trait]
impl TermReads for SqlStore {
    async fn terms(&self) -> StoreResult<Vec<Term>> {
        read!(self, crate::terms::all)
    }

    async fn terms_of_post(&self, post: PostId) -> StoreResult<Vec<Term>> {
        read!(self, crate::terms::of_post, post)
    }

    async fn term_post_counts(
        &self,
        now: DateTime<Utc>,
    ) -> StoreResult<Vec<(beitrag_core::model::TermId, i64)>> {
        read!(self, crate::terms::post_counts, now)
    }
}

#[async_trait]
impl TermWrites for SqlStore {
    async fn update_term(&self, term: &Term, redirects: &[(String, String)]) -> StoreResult<()> {
        transaction!(self, |db| crate::terms::update(db, term, redirects))
    }

    async fn create_term(&self, term: &Term) -> StoreResult<beitrag_core::model::TermId> {
        exclusive!(self, crate::terms::create, term)
    }

    async fn merge_terms(
        &self,
        from: beitrag_core::model::TermId,
        into: beitrag_core::model::TermId,
        redirects: &[(String, String)],
    ) -> StoreResult<u64> {
        transaction!(self, |db| crate::terms::merge(db, from, into, redirects))
    }
}
