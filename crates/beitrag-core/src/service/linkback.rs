//! Queueing outgoing linkbacks: one job per published post version, which
//! the worker expands into one ping job per outgoing link. Scheduled posts
//! send when they appear.

use chrono::{DateTime, Utc};

use crate::model::PostId;
use crate::{Result, Store};

/// Job kind: find a post's outgoing links and queue a ping for each.
pub const SEND_POST: &str = "linkback.send-post";
/// Job kind: notify one target (Webmention, else Pingback).
pub const PING: &str = "linkback.ping";
/// Job kind: send a TrackBack ping to a URL the author listed.
pub const TRACKBACK: &str = "linkback.trackback";
/// Job kind: verify a received Webmention.
pub const VERIFY_WEBMENTION: &str = "webmention.verify";

/// Queues sending for these posts (each version once).
pub async fn schedule(store: &dyn Store, ids: &[PostId], now: DateTime<Utc>) -> Result<usize> {
    let mut queued = 0;
    for id in ids {
        let Some(post) = store.post_by_id(*id).await? else {
            continue;
        };
        let Some(published) = post.published_at else {
            continue;
        };
        if !matches!(
            post.status,
            crate::model::PostStatus::Published | crate::model::PostStatus::Scheduled
        ) {
            continue;
        }
        let key = format!("send:{}:{}", id.0, post.updated_at.timestamp());
        store
            .enqueue_job(SEND_POST, &id.0.to_string(), Some(&key), published.max(now))
            .await?;
        queued += 1;
    }
    Ok(queued)
}

/// When a failed job runs again: 30 s, 1 min, 2 min … capped at 6 hours.
pub fn backoff(attempts: i64, now: DateTime<Utc>) -> DateTime<Utc> {
    let secs = 30i64
        .saturating_mul(1i64 << attempts.clamp(0, 20).saturating_sub(1))
        .min(6 * 3600);
    now + chrono::Duration::seconds(secs)
}

#[cfg(test)]
mod tests {
    use super::backoff;

    #[test]
    fn grows_exponentially_when_attempts_repeat() {
        let now = chrono::Utc::now();
        let secs = |a| (backoff(a, now) - now).num_seconds();
        assert_eq!(secs(1), 30);
        assert_eq!(secs(2), 60);
        assert_eq!(secs(5), 480);
        assert_eq!(secs(30), 6 * 3600);
    }
}
