//! Our actors' keys, their followers and the remote actors we know.

use async_trait::async_trait;

use super::StoreResult;
use crate::model::{ActorKey, Comment, FollowStatus, Follower, KnownActor, PostId, ReactionKind};

/// Reading the fediverse tables.
#[async_trait]
pub trait FediverseReads: Send + Sync {
    /// The key of our actor `actor`, if it was made.
    async fn actor_key(&self, actor: &str) -> StoreResult<Option<ActorKey>>;
    /// Followers of `actor` with `status`, by id, after `after_id`, at most `limit`.
    async fn followers(
        &self,
        actor: &str,
        status: FollowStatus,
        after_id: i64,
        limit: i64,
    ) -> StoreResult<Vec<Follower>>;
    /// How many accepted followers `actor` has.
    async fn follower_count(&self, actor: &str) -> StoreResult<i64>;
    /// One follower of `actor` by their actor id.
    async fn follower(&self, actor: &str, remote: &str) -> StoreResult<Option<Follower>>;
    /// A remote actor by id.
    async fn known_actor(&self, id: &str) -> StoreResult<Option<KnownActor>>;
    /// A remote actor by its key's id.
    async fn known_actor_by_key(&self, key_id: &str) -> StoreResult<Option<KnownActor>>;
    /// The fediverse reply whose Note has this id (kept in `source_url`).
    async fn fediverse_comment(&self, note_id: &str) -> StoreResult<Option<Comment>>;
    /// Whether `actor` (an actor id) has an approved reply here.
    async fn known_fediverse_author(&self, actor: &str) -> StoreResult<bool>;
}

/// Writing the fediverse tables.
#[async_trait]
pub trait FediverseWrites: Send + Sync {
    /// Stores `key` unless the actor has one; returns the one stored, so
    /// two servers making a key at once agree on one.
    async fn insert_actor_key(&self, key: &ActorKey) -> StoreResult<ActorKey>;
    /// Adds or updates a follower (by actor and remote id).
    async fn put_follower(&self, f: &Follower) -> StoreResult<()>;
    /// Removes a follower; whether there was one.
    async fn remove_follower(&self, actor: &str, remote: &str) -> StoreResult<bool>;
    /// Adds or refreshes a remote actor.
    async fn put_known_actor(&self, a: &KnownActor) -> StoreResult<()>;
    /// Records a like or boost (once per actor, kind and post) and counts
    /// it, in one transaction; whether it was new.
    async fn add_reaction(
        &self,
        post: PostId,
        actor: &str,
        kind: ReactionKind,
        activity_id: &str,
        at: chrono::DateTime<chrono::Utc>,
    ) -> StoreResult<bool>;
    /// Takes back the actor's reaction of `kind` named by its activity id
    /// or its post; the post it was on, if there was one.
    async fn remove_reaction(
        &self,
        actor: &str,
        kind: ReactionKind,
        activity_id: &str,
        post: Option<PostId>,
    ) -> StoreResult<Option<PostId>>;
}
