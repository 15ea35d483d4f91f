//! Followers outside the fediverse: verified WebSub subscriptions, email
//! subscribers, and which posts were announced to them.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::StoreResult;
use crate::model::{PostId, Subscriber, SubscriberId, SubscriptionId, WebSubSubscription};

/// Reading subscriptions and subscribers.
#[async_trait]
pub trait SubscriptionReads: Send + Sync {
    /// One WebSub subscription.
    async fn websub_subscription(
        &self,
        id: SubscriptionId,
    ) -> StoreResult<Option<WebSubSubscription>>;
    /// Subscriptions to any of `topics` whose lease lasts past `now`.
    async fn websub_active(
        &self,
        topics: &[String],
        now: DateTime<Utc>,
    ) -> StoreResult<Vec<WebSubSubscription>>;
    /// Every WebSub subscription, newest first.
    async fn websub_subscriptions(&self) -> StoreResult<Vec<WebSubSubscription>>;
    /// One email subscriber.
    async fn subscriber(&self, id: SubscriberId) -> StoreResult<Option<Subscriber>>;
    /// The subscriber with this (lowercased) address.
    async fn subscriber_by_email(&self, email: &str) -> StoreResult<Option<Subscriber>>;
    /// Every email subscriber, newest first.
    async fn subscribers(&self) -> StoreResult<Vec<Subscriber>>;
    /// Ids of the confirmed subscribers, in id order.
    async fn confirmed_subscribers(&self) -> StoreResult<Vec<SubscriberId>>;
}

/// Changing subscriptions and subscribers.
#[async_trait]
pub trait SubscriptionWrites: Send + Sync {
    /// Stores a verified subscription, or renews the lease and secret of
    /// the one for the same topic and callback.
    async fn put_websub_subscription(
        &self,
        topic: &str,
        callback: &str,
        secret: &str,
        lease_seconds: i64,
        now: DateTime<Utc>,
    ) -> StoreResult<SubscriptionId>;
    /// Removes the subscription of `callback` to `topic`; whether there was one.
    async fn delete_websub_subscription(&self, topic: &str, callback: &str) -> StoreResult<bool>;
    /// Removes a subscription by id; whether there was one.
    async fn delete_websub_by_id(&self, id: SubscriptionId) -> StoreResult<bool>;
    /// Adds a pending subscriber, or finds the one with this address:
    /// `(subscriber, whether it is new)`.
    async fn add_subscriber(
        &self,
        email: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<(Subscriber, bool)>;
    /// Records the consent of a pending subscriber (a confirmed one keeps
    /// its first time); whether the subscriber exists.
    async fn confirm_subscriber(&self, id: SubscriberId, now: DateTime<Utc>) -> StoreResult<bool>;
    /// Removes a subscriber; whether there was one.
    async fn delete_subscriber(&self, id: SubscriberId) -> StoreResult<bool>;
    /// Notes that `post` was announced to followers: `false` when it had
    /// been already, so each post is announced once.
    async fn mark_announced(&self, post: PostId, now: DateTime<Utc>) -> StoreResult<bool>;
}
