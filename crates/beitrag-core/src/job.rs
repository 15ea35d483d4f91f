//! Background work as data: every job is a [`Job`] value, stored as its
//! kind and a versioned JSON payload, handled by the `beitrag-jobs` crate.
//! Services queue jobs with `service::jobs::enqueue`; nothing else writes
//! the queue.

use crate::message::texts;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::model::{CommentId, PostId, SubscriberId, SubscriptionId, UserId};
use crate::{Error, Result};

/// The payload format written today; [`Job::decode`] refuses others.
pub const PAYLOAD_VERSION: u32 = 1;

/// One piece of background work.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind")]
pub enum Job {
    /// Fetch a received Webmention's source, check it and create, update or
    /// delete the response ([Webmention §3.2.2](https://www.w3.org/TR/webmention/#webmention-verification)).
    #[serde(rename = "webmention.verify")]
    VerifyWebmention {
        /// The post mentioned.
        post: PostId,
        /// The mentioning page.
        source: String,
        /// The URL it mentions.
        target: String,
    },
    /// Find a published post's outgoing links and queue a ping for each,
    /// and a TrackBack for each URL the author listed.
    #[serde(rename = "linkback.send-post")]
    SendLinkbacks {
        /// The post.
        post: PostId,
    },
    /// Notify one linked page: Webmention when it has an endpoint, else Pingback.
    #[serde(rename = "linkback.ping")]
    Ping {
        /// The linking post.
        post: PostId,
        /// Its permalink.
        source: String,
        /// The linked page.
        target: String,
    },
    /// Send a TrackBack ping to a URL the author listed.
    #[serde(rename = "linkback.trackback")]
    Trackback {
        /// The post.
        post: PostId,
        /// Its permalink.
        source: String,
        /// The TrackBack URL.
        target: String,
    },
    /// Turn a scheduled post into a published one at its time.
    #[serde(rename = "post.publish")]
    PublishScheduled {
        /// The post.
        post: PostId,
    },
    /// Tell a post's author of a new response.
    #[serde(rename = "mail.comment")]
    MailComment {
        /// The response.
        comment: CommentId,
    },
    /// Tell a commenter of an approved reply to their comment.
    #[serde(rename = "mail.reply")]
    MailReply {
        /// The reply.
        comment: CommentId,
    },
    /// Send a user a one-time link to set a new password.
    #[serde(rename = "mail.password-reset")]
    MailPasswordReset {
        /// The account.
        user: UserId,
    },
    /// Analyse every post again for the search index (the site's language
    /// changed).
    #[serde(rename = "search.reindex")]
    ReindexSearch,
    /// Tell a public post's followers: WebSub subscribers of the feeds
    /// that list it (or the external hub), and, the first time a post
    /// becomes public, the email subscribers.
    #[serde(rename = "followers.announce")]
    Announce {
        /// The post.
        post: PostId,
        /// Whether this save made the post public (only then is it mailed).
        new: bool,
    },
    /// Verify a WebSub subscriber's intent ([WebSub §5.3](https://www.w3.org/TR/websub/#hub-verifies-intent))
    /// and, when the challenge comes back, store or remove the subscription.
    #[serde(rename = "websub.verify")]
    VerifyWebSub {
        /// `subscribe` or `unsubscribe`.
        mode: String,
        /// The feed's URL.
        topic: String,
        /// The subscriber's callback.
        callback: String,
        /// The lease offered, in seconds.
        lease_seconds: i64,
        /// The subscriber's `hub.secret` (empty: none).
        secret: String,
    },
    /// Deliver a topic's current feed to one subscriber
    /// ([WebSub §7](https://www.w3.org/TR/websub/#content-distribution)).
    #[serde(rename = "websub.deliver")]
    DeliverWebSub {
        /// The subscription.
        subscription: SubscriptionId,
    },
    /// Tell the configured external hub that a topic changed
    /// (`hub.mode=publish`).
    #[serde(rename = "websub.publish")]
    PingHub {
        /// The hub's URL.
        hub: String,
        /// The feed's URL.
        topic: String,
    },
    /// Mail an email subscriber the link that confirms their subscription.
    #[serde(rename = "mail.subscribe-confirm")]
    MailSubscribeConfirm {
        /// The subscriber.
        subscriber: SubscriberId,
    },
    /// Mail one confirmed subscriber a new post.
    #[serde(rename = "mail.subscriber-post")]
    MailSubscriberPost {
        /// The post.
        post: PostId,
        /// The subscriber.
        subscriber: SubscriberId,
    },
    /// Tell the fediverse that a post was published, changed or withdrawn:
    /// build the activity as the post is when the job runs and queue one
    /// delivery per follower inbox.
    #[serde(rename = "fediverse.post")]
    FederatePost {
        /// The post.
        post: PostId,
        /// What happened.
        verb: Verb,
        /// Its permalink when it was withdrawn (a deleted post has no row).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        url: Option<String>,
    },
    /// Tell the fediverse of a local comment's approval or withdrawal.
    #[serde(rename = "fediverse.comment")]
    FederateComment {
        /// The comment.
        comment: CommentId,
        /// `Create` or `Delete`.
        verb: Verb,
    },
    /// Deliver one signed activity to one inbox.
    #[serde(rename = "fediverse.deliver")]
    Deliver {
        /// Our actor that signs (`blog`).
        actor: String,
        /// The inbox.
        inbox: String,
        /// The activity as JSON text, exactly as it is sent.
        activity: String,
    },
}

/// What a [`Job::FederatePost`] announces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verb {
    /// First publication (`Create`).
    Create,
    /// A change (`Update`).
    Update,
    /// Deleted or no longer public (`Delete`).
    Delete,
}

/// How often and how patiently a kind of job is retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts before the job is failed for good.
    pub max_attempts: i64,
    /// Wait after the first failure, doubled after each further one.
    pub first_wait_seconds: i64,
    /// Longest wait between attempts.
    pub max_wait_seconds: i64,
}

impl RetryPolicy {
    /// When attempt `attempts + 1` runs after attempt `attempts` failed.
    pub fn next_run(&self, attempts: i64, now: DateTime<Utc>) -> DateTime<Utc> {
        let secs = self
            .first_wait_seconds
            .saturating_mul(1i64 << attempts.clamp(1, 30).saturating_sub(1))
            .min(self.max_wait_seconds);
        now + chrono::Duration::seconds(secs)
    }
}

#[derive(Serialize, Deserialize)]
struct Envelope {
    v: u32,
    #[serde(flatten)]
    job: Job,
}

impl Job {
    /// The kind, as stored in the queue's `kind` column.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::VerifyWebmention { .. } => "webmention.verify",
            Self::SendLinkbacks { .. } => "linkback.send-post",
            Self::Ping { .. } => "linkback.ping",
            Self::Trackback { .. } => "linkback.trackback",
            Self::PublishScheduled { .. } => "post.publish",
            Self::MailComment { .. } => "mail.comment",
            Self::MailReply { .. } => "mail.reply",
            Self::MailPasswordReset { .. } => "mail.password-reset",
            Self::ReindexSearch => "search.reindex",
            Self::Announce { .. } => "followers.announce",
            Self::VerifyWebSub { .. } => "websub.verify",
            Self::DeliverWebSub { .. } => "websub.deliver",
            Self::PingHub { .. } => "websub.publish",
            Self::MailSubscribeConfirm { .. } => "mail.subscribe-confirm",
            Self::MailSubscriberPost { .. } => "mail.subscriber-post",
            Self::FederatePost { .. } => "fediverse.post",
            Self::FederateComment { .. } => "fediverse.comment",
            Self::Deliver { .. } => "fediverse.deliver",
        }
    }

    /// Retries per kind: remote servers get days of patience, mail a few
    /// hours, publishing (a local update) retries fast.
    pub fn retry_policy(&self) -> RetryPolicy {
        match self {
            Self::VerifyWebmention { .. }
            | Self::SendLinkbacks { .. }
            | Self::Ping { .. }
            | Self::Trackback { .. }
            | Self::DeliverWebSub { .. }
            | Self::PingHub { .. } => RetryPolicy {
                max_attempts: 12,
                first_wait_seconds: 30,
                max_wait_seconds: 6 * 3600,
            },
            // About five days: a server down for a weekend still gets it.
            Self::Deliver { .. } => RetryPolicy {
                max_attempts: 16,
                first_wait_seconds: 60,
                max_wait_seconds: 12 * 3600,
            },
            Self::PublishScheduled { .. }
            | Self::ReindexSearch
            | Self::FederatePost { .. }
            | Self::FederateComment { .. }
            | Self::Announce { .. } => RetryPolicy {
                max_attempts: 20,
                first_wait_seconds: 5,
                max_wait_seconds: 300,
            },
            // A subscriber that does not answer now has not confirmed its
            // intent; it may ask again. A few quick tries cover a restart.
            Self::VerifyWebSub { .. } => RetryPolicy {
                max_attempts: 3,
                first_wait_seconds: 10,
                max_wait_seconds: 60,
            },
            Self::MailComment { .. }
            | Self::MailReply { .. }
            | Self::MailPasswordReset { .. }
            | Self::MailSubscribeConfirm { .. }
            | Self::MailSubscriberPost { .. } => RetryPolicy {
                max_attempts: 8,
                first_wait_seconds: 30,
                max_wait_seconds: 3600,
            },
        }
    }

    /// The versioned JSON payload.
    pub fn payload(&self) -> String {
        serde_json::to_string(&Envelope {
            v: PAYLOAD_VERSION,
            job: self.clone(),
        })
        .unwrap_or_default()
    }

    /// Reads a stored job; a payload of another version, kind or shape is
    /// `Invalid` (such a job is failed, not retried).
    pub fn decode(kind: &str, payload: &str) -> Result<Self> {
        let envelope: Envelope = serde_json::from_str(payload).map_err(|e| {
            Error::invalid(
                "payload",
                texts::JOB_UNREADABLE
                    .with("kind", kind)
                    .with("reason", e.to_string()),
            )
        })?;
        if envelope.v != PAYLOAD_VERSION {
            return Err(Error::invalid(
                "payload",
                texts::JOB_VERSION
                    .with("found", envelope.v)
                    .with("expected", PAYLOAD_VERSION),
            ));
        }
        if envelope.job.kind() != kind {
            return Err(Error::invalid(
                "payload",
                texts::JOB_KIND
                    .with("found", envelope.job.kind())
                    .with("kind", kind),
            ));
        }
        Ok(envelope.job)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_kind_when_encoded() {
        let jobs = [
            Job::VerifyWebmention {
                post: PostId(1),
                source: "https://a.example/\"x\"".into(),
                target: "https://b.example/".into(),
            },
            Job::SendLinkbacks { post: PostId(2) },
            Job::PublishScheduled { post: PostId(3) },
            Job::MailComment {
                comment: CommentId(4),
            },
            Job::MailPasswordReset { user: UserId(5) },
            Job::FederatePost {
                post: PostId(6),
                verb: Verb::Delete,
                url: Some("https://b.example/p/".into()),
            },
            Job::Deliver {
                actor: "blog".into(),
                inbox: "https://m.example/inbox".into(),
                activity: "{\"type\":\"Create\"}".into(),
            },
        ];
        for job in jobs {
            assert_eq!(Job::decode(job.kind(), &job.payload()).unwrap(), job);
        }
    }

    #[test]
    fn refuses_payload_when_version_kind_or_shape_differ() {
        let job = Job::SendLinkbacks { post: PostId(2) };
        assert!(Job::decode("post.publish", &job.payload()).is_err());
        assert!(Job::decode(job.kind(), "42").is_err());
        let v2 = job.payload().replace("\"v\":1", "\"v\":2");
        assert!(Job::decode(job.kind(), &v2).is_err());
    }

    #[test]
    fn waits_longer_when_attempts_repeat() {
        let now = Utc::now();
        let policy = Job::SendLinkbacks { post: PostId(1) }.retry_policy();
        let secs = |a| (policy.next_run(a, now) - now).num_seconds();
        assert_eq!(secs(1), 30);
        assert_eq!(secs(2), 60);
        assert_eq!(secs(5), 480);
        assert_eq!(secs(30), 6 * 3600);
    }
}
