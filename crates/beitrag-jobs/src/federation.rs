//! ActivityPub deliveries: a post's activity built when the job runs and
//! fanned out to the follower inboxes, and each signed `POST` to one inbox.

use beitrag_core::job::Verb;
use beitrag_core::model::{CommentId, PostId};
use beitrag_core::service::fediverse::{self, Addresses, comments, documents};
use beitrag_core::service::jobs::Outcome;
use beitrag_federation::{cavage, keys, vocab};
use chrono::Utc;
use http::{HeaderMap, HeaderValue, header};

use crate::{Worker, retry_store};

/// Builds the activity of a post's publication, change or withdrawal and
/// queues its deliveries.
pub(crate) async fn post(worker: &Worker, id: PostId, verb: Verb, url: Option<&str>) -> Outcome {
    let core = &worker.core;
    let site = match retry_store(documents::Site::load(core).await) {
        Ok(s) => s,
        Err(o) => return o,
    };
    let now = Utc::now();
    let activity = match verb {
        Verb::Create | Verb::Update => {
            match retry_store(documents::article_of(core, &site, id).await) {
                Ok(Some(mut article)) => {
                    if let Some(o) = article.as_object_mut() {
                        o.remove("@context");
                    }
                    let kind = if verb == Verb::Create {
                        "Create"
                    } else {
                        "Update"
                    };
                    site.activity(kind, article, now)
                }
                // No longer public: a later job says Delete.
                Ok(None) => return Outcome::Done,
                Err(o) => return o,
            }
        }
        Verb::Delete => match url {
            Some(url) => site.delete(url, now),
            None => return Outcome::Fail("a Delete without the post's address".to_owned()),
        },
    };
    match retry_store(fediverse::deliver_to_followers(core, &activity).await) {
        Ok(n) => {
            tracing::info!(post = id.0, ?verb, inboxes = n, "federated a post");
            Outcome::Done
        }
        Err(o) => o,
    }
}

/// Sends a local comment's `Note` (or its withdrawal) to the followers
/// and to the fediverse author it answers.
pub(crate) async fn comment(worker: &Worker, id: CommentId, verb: Verb) -> Outcome {
    let core = &worker.core;
    let site = match retry_store(documents::Site::load(core).await) {
        Ok(s) => s,
        Err(o) => return o,
    };
    let now = Utc::now();
    let (activity, mention) = if verb == Verb::Delete {
        let tomb = serde_json::json!({
            "id": comments::note_id(&site, id),
            "type": "Tombstone",
        });
        (site.activity("Delete", tomb, now), None)
    } else {
        match retry_store(comments::Conversation::load(core, id).await) {
            Ok(Some(c)) => {
                let mention = c.mentioned().map(str::to_owned);
                (site.activity("Create", c.note(&site), now), mention)
            }
            // No longer approved, or the post is not public: nothing to say.
            Ok(None) => return Outcome::Done,
            Err(o) => return o,
        }
    };
    if let Err(o) = retry_store(fediverse::deliver_to_followers(core, &activity).await) {
        return o;
    }
    if let Some(actor) = mention
        && let Err(o) = retry_store(fediverse::deliver_to_actor(core, &actor, &activity).await)
    {
        return o;
    }
    Outcome::Done
}

/// Signs and sends one activity to one inbox.
pub(crate) async fn deliver(worker: &Worker, inbox: &str, activity: &str) -> Outcome {
    let core = &worker.core;
    let key = match retry_store(fediverse::blog_key(core).await) {
        Ok(k) => k,
        Err(o) => return o,
    };
    let settings = match retry_store(beitrag_core::service::settings::load(core.read()).await) {
        Ok(s) => s,
        Err(o) => return o,
    };
    let Ok(url) = url::Url::parse(inbox) else {
        return Outcome::Fail("the inbox is not a URL".to_owned());
    };
    let signer = match keys::Signer::from_pem(&key.private_pem) {
        Ok(s) => s,
        Err(e) => return Outcome::Fail(e.to_string()),
    };
    let mut headers = HeaderMap::new();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(vocab::CONTENT_TYPE),
    );
    headers.insert(
        header::ACCEPT,
        HeaderValue::from_static(vocab::CONTENT_TYPE),
    );
    let body = activity.as_bytes();
    let key_id = Addresses::of(&settings).key_id();
    if let Err(e) = cavage::sign(
        &signer,
        &key_id,
        "POST",
        &url,
        &mut headers,
        Some(body),
        Utc::now(),
    ) {
        return Outcome::Fail(e.to_string());
    }
    match worker
        .outbound
        .post_with(inbox, headers, body.to_vec())
        .await
    {
        Ok(r) if (200..300).contains(&r.status) => Outcome::Done,
        // Too many requests, or the server is in trouble: later.
        Ok(r) if r.status == 429 || r.status == 408 || r.status >= 500 => {
            Outcome::Retry(format!("the inbox answered {}", r.status))
        }
        Ok(r) => Outcome::Fail(format!("the inbox refused it ({})", r.status)),
        Err(
            e @ (beitrag_outbound::OutboundError::Timeout
            | beitrag_outbound::OutboundError::Http(_)
            | beitrag_outbound::OutboundError::Resolve(_)),
        ) => Outcome::Retry(e.public_message().to_owned()),
        Err(e) => {
            tracing::info!(inbox, error = %e, "delivery refused");
            Outcome::Fail(e.public_message().to_owned())
        }
    }
}
