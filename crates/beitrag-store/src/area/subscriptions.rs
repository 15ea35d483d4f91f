//! WebSub subscriptions and email subscribers: `beitrag_core::store`
//! traits for [`SqlStore`].

use async_trait::async_trait;
use beitrag_core::model::*;
use beitrag_core::store::*;
use chrono::{DateTime, Utc};

use crate::error::map;
use crate::exec::Db;
use crate::store::SqlStore;
use crate::store::{exclusive, read, transaction};

#[async_trait]
impl SubscriptionReads for SqlStore {
    async fn websub_subscription(
        &self,
        id: SubscriptionId,
    ) -> StoreResult<Option<WebSubSubscription>> {
        read!(self, crate::subscriptions::websub_by_id, id)
    }

    async fn websub_active(
        &self,
        topics: &[String],
        now: DateTime<Utc>,
    ) -> StoreResult<Vec<WebSubSubscription>> {
        read!(self, crate::subscriptions::websub_active, topics, now)
    }

    async fn websub_subscriptions(&self) -> StoreResult<Vec<WebSubSubscription>> {
        read!(self, crate::subscriptions::websub_all)
    }

    async fn subscriber(&self, id: SubscriberId) -> StoreResult<Option<Subscriber>> {
        read!(self, crate::subscriptions::subscriber_by_id, id)
    }

    async fn subscriber_by_email(&self, email: &str) -> StoreResult<Option<Subscriber>> {
        read!(self, crate::subscriptions::subscriber_by_email, email)
    }

    async fn subscribers(&self) -> StoreResult<Vec<Subscriber>> {
        read!(self, crate::subscriptions::subscribers)
    }

    async fn confirmed_subscribers(&self) -> StoreResult<Vec<SubscriberId>> {
        read!(self, crate::subscriptions::confirmed)
    }
}

#[async_trait]
impl SubscriptionWrites for SqlStore {
    async fn put_websub_subscription(
        &self,
        topic: &str,
        callback: &str,
        secret: &str,
        lease_seconds: i64,
        now: DateTime<Utc>,
    ) -> StoreResult<SubscriptionId> {
        exclusive!(
            self,
            crate::subscriptions::put_websub,
            topic,
            callback,
            secret,
            lease_seconds,
            now
        )
    }

    async fn delete_websub_subscription(&self, topic: &str, callback: &str) -> StoreResult<bool> {
        exclusive!(self, crate::subscriptions::delete_websub, topic, callback)
    }

    async fn delete_websub_by_id(&self, id: SubscriptionId) -> StoreResult<bool> {
        exclusive!(self, crate::subscriptions::delete_websub_by_id, id)
    }

    async fn add_subscriber(
        &self,
        email: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<(Subscriber, bool)> {
        transaction!(self, |db| crate::subscriptions::add_subscriber(
            db, email, now
        ))
    }

    async fn confirm_subscriber(&self, id: SubscriberId, now: DateTime<Utc>) -> StoreResult<bool> {
        exclusive!(self, crate::subscriptions::confirm_subscriber, id, now)
    }

    async fn delete_subscriber(&self, id: SubscriberId) -> StoreResult<bool> {
        exclusive!(self, crate::subscriptions::delete_subscriber, id)
    }

    async fn mark_announced(&self, post: PostId, now: DateTime<Utc>) -> StoreResult<bool> {
        exclusive!(self, crate::subscriptions::mark_announced, post, now)
    }
}
