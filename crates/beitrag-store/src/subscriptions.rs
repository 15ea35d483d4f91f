//! WebSub subscriptions, email subscribers and announced posts.

use beitrag_core::model::{PostId, Subscriber, SubscriberId, SubscriptionId, WebSubSubscription};
use chrono::{DateTime, Utc};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::exec::{Db, dynamic, placeholders, query};
use crate::rows::{secs, time};

const SUBSCRIPTION: &str = "select id, topic, callback, secret, lease_seconds, expires_at, created_at from websub_subscriptions";
const SUBSCRIBER: &str = "select id, email, created_at, confirmed_at from subscribers";

fn subscription(r: &AnyRow) -> Result<WebSubSubscription, sqlx::Error> {
    Ok(WebSubSubscription {
        id: SubscriptionId(r.try_get("id")?),
        topic: r.try_get("topic")?,
        callback: r.try_get("callback")?,
        secret: r.try_get("secret")?,
        lease_seconds: r.try_get("lease_seconds")?,
        expires_at: time(r, "expires_at")?,
        created_at: time(r, "created_at")?,
    })
}

fn subscriber(r: &AnyRow) -> Result<Subscriber, sqlx::Error> {
    let confirmed: Option<i64> = r.try_get("confirmed_at")?;
    Ok(Subscriber {
        id: SubscriberId(r.try_get("id")?),
        email: r.try_get("email")?,
        created_at: time(r, "created_at")?,
        confirmed_at: confirmed.and_then(|s| DateTime::from_timestamp(s, 0)),
    })
}

pub(crate) async fn websub_by_id(
    db: &mut Db<'_>,
    id: SubscriptionId,
) -> Result<Option<WebSubSubscription>, sqlx::Error> {
    db.optional(dynamic(format!("{SUBSCRIPTION} where id = $1")).bind(id.0))
        .await?
        .as_ref()
        .map(subscription)
        .transpose()
}

pub(crate) async fn websub_active(
    db: &mut Db<'_>,
    topics: &[String],
    now: DateTime<Utc>,
) -> Result<Vec<WebSubSubscription>, sqlx::Error> {
    if topics.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "{SUBSCRIPTION} where expires_at > $1 and topic in ({}) order by id",
        placeholders(2, topics.len())
    );
    let mut q = dynamic(sql).bind(secs(now));
    for t in topics {
        q = q.bind(t.clone());
    }
    db.all(q).await?.iter().map(subscription).collect()
}

pub(crate) async fn websub_all(db: &mut Db<'_>) -> Result<Vec<WebSubSubscription>, sqlx::Error> {
    db.all(dynamic(format!("{SUBSCRIPTION} order by id desc")))
        .await?
        .iter()
        .map(subscription)
        .collect()
}

pub(crate) async fn put_websub(
    db: &mut Db<'_>,
    topic: &str,
    callback: &str,
    secret: &str,
    lease_seconds: i64,
    now: DateTime<Utc>,
) -> Result<SubscriptionId, sqlx::Error> {
    let row = db
        .one(
            query(
                "insert into websub_subscriptions (topic, callback, secret, lease_seconds, expires_at, created_at) \
                 values ($1, $2, $3, $4, $5, $6) \
                 on conflict (topic, callback) do update set secret = excluded.secret, \
                 lease_seconds = excluded.lease_seconds, expires_at = excluded.expires_at returning id",
            )
            .bind(topic.to_owned())
            .bind(callback.to_owned())
            .bind(secret.to_owned())
            .bind(lease_seconds)
            .bind(secs(now) + lease_seconds)
            .bind(secs(now)),
        )
        .await?;
    Ok(SubscriptionId(row.try_get("id")?))
}

pub(crate) async fn delete_websub(
    db: &mut Db<'_>,
    topic: &str,
    callback: &str,
) -> Result<bool, sqlx::Error> {
    let n = db
        .execute(
            query("delete from websub_subscriptions where topic = $1 and callback = $2")
                .bind(topic.to_owned())
                .bind(callback.to_owned()),
        )
        .await?;
    Ok(n > 0)
}

pub(crate) async fn delete_websub_by_id(
    db: &mut Db<'_>,
    id: SubscriptionId,
) -> Result<bool, sqlx::Error> {
    let n = db
        .execute(query("delete from websub_subscriptions where id = $1").bind(id.0))
        .await?;
    Ok(n > 0)
}

pub(crate) async fn subscriber_by_id(
    db: &mut Db<'_>,
    id: SubscriberId,
) -> Result<Option<Subscriber>, sqlx::Error> {
    db.optional(dynamic(format!("{SUBSCRIBER} where id = $1")).bind(id.0))
        .await?
        .as_ref()
        .map(subscriber)
        .transpose()
}

pub(crate) async fn subscriber_by_email(
    db: &mut Db<'_>,
    email: &str,
) -> Result<Option<Subscriber>, sqlx::Error> {
    db.optional(dynamic(format!("{SUBSCRIBER} where email = $1")).bind(email.to_owned()))
        .await?
        .as_ref()
        .map(subscriber)
        .transpose()
}

pub(crate) async fn subscribers(db: &mut Db<'_>) -> Result<Vec<Subscriber>, sqlx::Error> {
    db.all(dynamic(format!("{SUBSCRIBER} order by id desc")))
        .await?
        .iter()
        .map(subscriber)
        .collect()
}

pub(crate) async fn confirmed(db: &mut Db<'_>) -> Result<Vec<SubscriberId>, sqlx::Error> {
    db.all(query(
        "select id from subscribers where confirmed_at is not null order by id",
    ))
    .await?
    .iter()
    .map(|r| Ok(SubscriberId(r.try_get("id")?)))
    .collect()
}

/// Inserts unless the address is known; then reads the row (in the
/// caller's transaction, so both steps see the same table).
pub(crate) async fn add_subscriber(
    db: &mut Db<'_>,
    email: &str,
    now: DateTime<Utc>,
) -> Result<(Subscriber, bool), sqlx::Error> {
    let added = db
        .execute(
            query(
                "insert into subscribers (email, created_at) values ($1, $2) \
                 on conflict (email) do nothing",
            )
            .bind(email.to_owned())
            .bind(secs(now)),
        )
        .await?;
    let row = subscriber_by_email(db, email)
        .await?
        .ok_or(sqlx::Error::RowNotFound)?;
    Ok((row, added > 0))
}

pub(crate) async fn confirm_subscriber(
    db: &mut Db<'_>,
    id: SubscriberId,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let n = db
        .execute(
            query("update subscribers set confirmed_at = coalesce(confirmed_at, $2) where id = $1")
                .bind(id.0)
                .bind(secs(now)),
        )
        .await?;
    Ok(n > 0)
}

pub(crate) async fn delete_subscriber(
    db: &mut Db<'_>,
    id: SubscriberId,
) -> Result<bool, sqlx::Error> {
    let n = db
        .execute(query("delete from subscribers where id = $1").bind(id.0))
        .await?;
    Ok(n > 0)
}

pub(crate) async fn mark_announced(
    db: &mut Db<'_>,
    post: PostId,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let n = db
        .execute(
            query(
                "insert into follower_announcements (post_id, created_at) values ($1, $2) \
                 on conflict (post_id) do nothing",
            )
            .bind(post.0)
            .bind(secs(now)),
        )
        .await?;
    Ok(n > 0)
}
