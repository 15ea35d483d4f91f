//! The fan-out to followers outside the fediverse. A save that leaves a
//! post public queues one `followers.announce` job (at its publication time
//! for a scheduled post); that job asks this service to queue one delivery
//! per WebSub subscription of the feeds that list the post (or one ping
//! per feed to the external hub) and, the first time the post becomes
//! public, one mail per confirmed email subscriber.

use chrono::{DateTime, Utc};

use crate::job::Job;
use crate::model::{PostId, PostKind, PostStatus};
use crate::service::jobs::enqueue;
use crate::service::post::Prepared;
use crate::{Core, Result};

/// Queues the announcement of every public post of a save (called by
/// `post::after_save`). A post is "new" when it was not published before
/// this save: only new posts are mailed.
pub(crate) async fn schedule(
    core: &Core,
    prepared: &[Prepared],
    ids: &[PostId],
    now: DateTime<Utc>,
) -> Result<usize> {
    let mut queued = 0;
    for (p, id) in prepared.iter().zip(ids) {
        let public = matches!(
            p.write.status,
            PostStatus::Published | PostStatus::Scheduled
        );
        if !public || p.write.kind != PostKind::Post {
            continue;
        }
        let Some(post) = core.read().post_by_id(*id).await? else {
            continue;
        };
        let new = p
            .before
            .as_ref()
            .is_none_or(|b| b.status != PostStatus::Published);
        let at = post.published_at.unwrap_or(now).max(now);
        let key = format!("announce:{}:{}:{new}", id.0, post.updated_at.timestamp());
        enqueue(core, &Job::Announce { post: *id, new }, Some(&key), at).await?;
        queued += 1;
    }
    Ok(queued)
}

/// Only posts dated at most this many days before their announcement are
/// mailed.
pub const FRESH_DAYS: i64 = 2;

/// What one announcement queued.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FanOut {
    /// WebSub deliveries (or pings of the external hub).
    pub websub: usize,
    /// Mails to email subscribers.
    pub mails: usize,
}

/// Queues the deliveries for a public post (the `followers.announce`
/// job): `topics` are the absolute URLs of the feeds that list it (the
/// web layer knows them). A scheduled post whose time has come is
/// published first (the same conditional update as its own job, so only
/// one worker does it); a post that is no longer public, or not yet,
/// gets nothing.
pub async fn fan_out(
    core: &Core,
    id: PostId,
    new: bool,
    topics: &[String],
    now: DateTime<Utc>,
) -> Result<FanOut> {
    let mut out = FanOut::default();
    let Some(mut post) = core.read().post_by_id(id).await? else {
        return Ok(out);
    };
    let due = post.published_at.is_some_and(|t| t <= now);
    if post.status == PostStatus::Scheduled && due {
        crate::service::post::publish_due(core, id).await?;
        match core.read().post_by_id(id).await? {
            Some(p) => post = p,
            None => return Ok(out),
        }
    }
    if post.status != PostStatus::Published || !due || post.kind != PostKind::Post {
        return Ok(out);
    }
    let version = post.updated_at.timestamp();
    let settings = crate::service::settings::load(core.read()).await?;
    if settings.websub_hub.is_empty() {
        for sub in core.read().websub_active(topics, now).await? {
            let key = format!("websub:{}:{}:{version}", sub.id.0, id.0);
            let job = Job::DeliverWebSub {
                subscription: sub.id,
            };
            enqueue(core, &job, Some(&key), now).await?;
            out.websub += 1;
        }
    } else {
        for topic in topics {
            let key = format!("websub-publish:{topic}:{}:{version}", id.0);
            let job = Job::PingHub {
                hub: settings.websub_hub.clone(),
                topic: topic.clone(),
            };
            enqueue(core, &job, Some(&key), now).await?;
            out.websub += 1;
        }
    }
    // A post dated days ago (an import with `--send-linkbacks`, a
    // backdated entry) is not news to anyone's inbox; its feeds still change.
    let fresh = post
        .published_at
        .is_some_and(|t| t >= now - chrono::Duration::days(FRESH_DAYS));
    if new && fresh && core.options().mail && core.store().mark_announced(id, now).await? {
        for subscriber in core.read().confirmed_subscribers().await? {
            let key = format!("subscriber-post:{}:{}", id.0, subscriber.0);
            let job = Job::MailSubscriberPost {
                post: id,
                subscriber,
            };
            enqueue(core, &job, Some(&key), now).await?;
            out.mails += 1;
        }
    }
    Ok(out)
}
