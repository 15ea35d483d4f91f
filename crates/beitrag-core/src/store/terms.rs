//! Tags and categories.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::StoreResult;
use crate::model::{PostId, Term, TermId};

/// Reading terms.
#[async_trait]
pub trait TermReads: Send + Sync {
    /// Every tag and category.
    async fn terms(&self) -> StoreResult<Vec<Term>>;
    /// The tags and categories of one post.
    async fn terms_of_post(&self, post: PostId) -> StoreResult<Vec<Term>>;
    /// How many posts visible at `now` each term has (terms without any
    /// are left out).
    async fn term_post_counts(&self, now: DateTime<Utc>) -> StoreResult<Vec<(TermId, i64)>>;
}

/// Changing terms.
#[async_trait]
pub trait TermWrites: Send + Sync {
    /// Stores a term's name, slug and parent and records redirects, in one
    /// transaction. No such term is `NotFound`; a slug another term of the
    /// taxonomy has is `Conflict` (and nothing is written).
    async fn update_term(&self, term: &Term, redirects: &[(String, String)]) -> StoreResult<()>;
    /// Creates a term (`id` ignored); a slug the taxonomy has is `Conflict`.
    async fn create_term(&self, term: &Term) -> StoreResult<TermId>;
    /// Merges `from` into `into` in one transaction: every post of `from`
    /// gets `into`, `from`'s child categories move under `into`, `from` is
    /// deleted and the redirects are recorded. Returns how many posts
    /// gained `into`. Either term missing is `NotFound`.
    async fn merge_terms(
        &self,
        from: TermId,
        into: TermId,
        redirects: &[(String, String)],
    ) -> StoreResult<u64>;
}
