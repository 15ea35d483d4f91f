//! Email notifications, queued as durable jobs: the post's author hears of
//! every new comment (and of those waiting for moderation); a commenter who
//! asked hears of approved replies to their comment.

use chrono::{DateTime, Utc};

use crate::model::{CommentId, CommentStatus};
use crate::{Result, Store};

/// Job kind: tell a post's author of a new comment.
pub const MAIL_COMMENT: &str = "mail.comment";
/// Job kind: tell a commenter of an approved reply.
pub const MAIL_REPLY: &str = "mail.reply";
/// Job kind: send a user a one-time link to set a new password.
pub const MAIL_RESET: &str = "mail.password-reset";

/// Queues a password-reset mail for `user`; at most one per user every five
/// minutes, so the form cannot be used to flood someone's inbox.
pub async fn queue_reset(
    store: &dyn Store,
    user: crate::model::UserId,
    now: DateTime<Utc>,
) -> Result<()> {
    let key = format!("mail-reset:{}:{}", user.0, now.timestamp() / 300);
    store
        .enqueue_job(MAIL_RESET, &user.0.to_string(), Some(&key), now)
        .await?;
    Ok(())
}

/// Queues the notifications a newly stored response causes.
pub async fn queue_new(
    store: &dyn Store,
    id: CommentId,
    status: CommentStatus,
    now: DateTime<Utc>,
) -> Result<()> {
    if status == CommentStatus::Spam {
        return Ok(());
    }
    let key = format!("mail-comment:{}", id.0);
    store
        .enqueue_job(MAIL_COMMENT, &id.0.to_string(), Some(&key), now)
        .await?;
    if status == CommentStatus::Approved {
        queue_reply(store, id, now).await?;
    }
    Ok(())
}

/// Queues the reply notification of a comment that became visible (the
/// worker checks whether its parent's author wants one).
pub async fn queue_reply(store: &dyn Store, id: CommentId, now: DateTime<Utc>) -> Result<()> {
    let key = format!("mail-reply:{}", id.0);
    store
        .enqueue_job(MAIL_REPLY, &id.0.to_string(), Some(&key), now)
        .await?;
    Ok(())
}
