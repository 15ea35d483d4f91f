//! Followers outside the fediverse: WebSub subscriptions to our feeds and
//! email subscribers.

use chrono::{DateTime, Utc};

/// Primary key of a WebSub subscription.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct SubscriptionId(pub i64);

/// A verified WebSub subscription (W3C WebSub §5.1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebSubSubscription {
    /// Primary key.
    pub id: SubscriptionId,
    /// The feed's absolute URL.
    pub topic: String,
    /// Where content is delivered.
    pub callback: String,
    /// HMAC key for `X-Hub-Signature`; empty: deliveries are not signed.
    pub secret: String,
    /// The lease granted, in seconds.
    pub lease_seconds: i64,
    /// When the lease ends.
    pub expires_at: DateTime<Utc>,
    /// When it was first verified.
    pub created_at: DateTime<Utc>,
}

/// Primary key of an email subscriber.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct SubscriberId(pub i64);

/// Someone who asked for new posts by email.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscriber {
    /// Primary key.
    pub id: SubscriberId,
    /// The address, lowercased.
    pub email: String,
    /// When they asked.
    pub created_at: DateTime<Utc>,
    /// When they confirmed (their consent); `None` while pending.
    pub confirmed_at: Option<DateTime<Utc>>,
}
