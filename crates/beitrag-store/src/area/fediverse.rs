//! The fediverse tables: `beitrag_core::store` traits for [`SqlStore`].

use async_trait::async_trait;
use beitrag_core::model::*;
use beitrag_core::store::*;

use crate::error::map;
use crate::exec::Db;
use crate::store::SqlStore;
use crate::store::{read, transaction};

#[async_trait]
impl FediverseReads for SqlStore {
    async fn actor_key(&self, actor: &str) -> StoreResult<Option<ActorKey>> {
        read!(self, crate::fediverse::actor_key, actor)
    }

    async fn followers(
        &self,
        actor: &str,
        status: FollowStatus,
        after_id: i64,
        limit: i64,
    ) -> StoreResult<Vec<Follower>> {
        read!(
            self,
            crate::fediverse::followers,
            actor,
            status,
            after_id,
            limit
        )
    }

    async fn follower_count(&self, actor: &str) -> StoreResult<i64> {
        read!(self, crate::fediverse::follower_count, actor)
    }

    async fn follower(&self, actor: &str, remote: &str) -> StoreResult<Option<Follower>> {
        read!(self, crate::fediverse::follower, actor, remote)
    }

    async fn known_actor(&self, id: &str) -> StoreResult<Option<KnownActor>> {
        read!(self, crate::fediverse::known_actor, id)
    }

    async fn known_actor_by_key(&self, key_id: &str) -> StoreResult<Option<KnownActor>> {
        read!(self, crate::fediverse::known_actor_by_key, key_id)
    }

    async fn fediverse_comment(&self, note_id: &str) -> StoreResult<Option<Comment>> {
        read!(self, crate::fediverse::fediverse_comment, note_id)
    }

    async fn known_fediverse_author(&self, actor: &str) -> StoreResult<bool> {
        read!(self, crate::fediverse::known_fediverse_author, actor)
    }
}

#[async_trait]
impl FediverseWrites for SqlStore {
    async fn insert_actor_key(&self, key: &ActorKey) -> StoreResult<ActorKey> {
        transaction!(self, |db| crate::fediverse::insert_actor_key(db, key))
    }

    async fn put_follower(&self, f: &Follower) -> StoreResult<()> {
        transaction!(self, |db| crate::fediverse::put_follower(db, f))
    }

    async fn remove_follower(&self, actor: &str, remote: &str) -> StoreResult<bool> {
        transaction!(self, |db| crate::fediverse::remove_follower(
            db, actor, remote
        ))
    }

    async fn put_known_actor(&self, a: &KnownActor) -> StoreResult<()> {
        transaction!(self, |db| crate::fediverse::put_known_actor(db, a))
    }

    async fn add_reaction(
        &self,
        post: PostId,
        actor: &str,
        kind: ReactionKind,
        activity_id: &str,
        at: chrono::DateTime<chrono::Utc>,
    ) -> StoreResult<bool> {
        transaction!(self, |db| crate::fediverse::add_reaction(
            db,
            post,
            actor,
            kind,
            activity_id,
            at
        ))
    }

    async fn remove_reaction(
        &self,
        actor: &str,
        kind: ReactionKind,
        activity_id: &str,
        post: Option<PostId>,
    ) -> StoreResult<Option<PostId>> {
        transaction!(self, |db| crate::fediverse::remove_reaction(
            db,
            actor,
            kind,
            activity_id,
            post
        ))
    }
}
