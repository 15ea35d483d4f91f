//! Email notifications, queued as durable jobs when email is configured:
//! the post's author hears of every new comment (and of those waiting for
//! moderation); a commenter who asked hears of approved replies to their
//! comment; a user who forgot their password gets a one-time link.

use chrono::{DateTime, Utc};

use crate::job::Job;
use crate::model::{CommentId, CommentStatus, UserId};
use crate::service::jobs::enqueue;
use crate::{Core, Result};

/// Queues a password-reset mail for `user`; at most one per user every five
/// minutes, so the form cannot be used to flood someone's inbox.
pub async fn queue_reset(core: &Core, user: UserId, now: DateTime<Utc>) -> Result<()> {
    if !core.options().mail {
        return Ok(());
    }
    let key = format!("mail-reset:{}:{}", user.0, now.timestamp() / 300);
    enqueue(core, &Job::MailPasswordReset { user }, Some(&key), now).await?;
    Ok(())
}

/// Queues the notifications a newly stored response causes.
pub async fn queue_new(
    core: &Core,
    id: CommentId,
    status: CommentStatus,
    now: DateTime<Utc>,
) -> Result<()> {
    if status == CommentStatus::Spam || !core.options().mail {
        return Ok(());
    }
    let key = format!("mail-comment:{}", id.0);
    enqueue(core, &Job::MailComment { comment: id }, Some(&key), now).await?;
    if status == CommentStatus::Approved {
        queue_reply(core, id, now).await?;
    }
    Ok(())
}

/// Queues the reply notification of a comment that became visible (the
/// job checks whether its parent's author wants one).
pub async fn queue_reply(core: &Core, id: CommentId, now: DateTime<Utc>) -> Result<()> {
    if !core.options().mail {
        return Ok(());
    }
    let key = format!("mail-reply:{}", id.0);
    enqueue(core, &Job::MailReply { comment: id }, Some(&key), now).await?;
    Ok(())
}
