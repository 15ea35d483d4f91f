//! Queueing outgoing linkbacks: one job per published post version, which
//! the worker expands into one ping job per outgoing link. Scheduled posts
//! send when they appear.

use chrono::{DateTime, Utc};

use crate::job::Job;
use crate::model::PostId;
use crate::{Core, Result};

/// Queues sending for these posts (each version once).
pub async fn schedule(core: &Core, ids: &[PostId], now: DateTime<Utc>) -> Result<usize> {
    let store = core.store();
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
        crate::service::jobs::enqueue(
            core,
            &Job::SendLinkbacks { post: *id },
            Some(&key),
            published.max(now),
        )
        .await?;
        queued += 1;
    }
    Ok(queued)
}
