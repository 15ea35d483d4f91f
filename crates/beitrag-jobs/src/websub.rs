//! The WebSub hub's outbound half ([W3C WebSub](https://www.w3.org/TR/websub/)):
//! verifying a subscriber's intent (§5.3), delivering a topic's current
//! feed (§7, signed as §8 says when the subscriber gave a secret), and
//! pinging an external hub. Every request goes through the SSRF-safe
//! client; what a job records of a failure names no address.

use beitrag_core::model::SubscriptionId;
use beitrag_core::service::jobs::Outcome;
use beitrag_core::service::websub;
use beitrag_outbound::OutboundError;
use chrono::Utc;

use crate::Worker;

/// The job's outcome for a request that did not get through: refusals
/// (a forbidden address, a bad URL) never succeed later, network trouble
/// may. The operator's log gets the details; the job keeps the kind only.
fn unreachable(what: &str, e: &OutboundError) -> Outcome {
    tracing::info!(error = %e, "{what} failed");
    let why = format!("{what}: {}", e.public_message());
    match e {
        OutboundError::Resolve(_) | OutboundError::Timeout | OutboundError::Http(_) => {
            Outcome::Retry(why)
        }
        _ => Outcome::Fail(why),
    }
}

fn challenge() -> String {
    format!(
        "{:016x}{:016x}",
        rand::random::<u64>(),
        rand::random::<u64>()
    )
}

/// GETs the callback with `hub.mode`, `hub.topic`, `hub.challenge` and
/// `hub.lease_seconds`; only a 2xx answer whose body is the challenge
/// stores (or removes) the subscription.
pub(crate) async fn verify(
    worker: &Worker,
    mode: &str,
    topic: &str,
    callback: &str,
    lease_seconds: i64,
    secret: &str,
) -> Outcome {
    let challenge = challenge();
    let mut url = match url::Url::parse(callback) {
        Ok(u) => u,
        Err(_) => return Outcome::Fail("the callback is not a URL".into()),
    };
    {
        let mut q = url.query_pairs_mut();
        q.append_pair("hub.mode", mode)
            .append_pair("hub.topic", topic)
            .append_pair("hub.challenge", &challenge);
        if mode == "subscribe" {
            q.append_pair("hub.lease_seconds", &lease_seconds.to_string());
        }
    }
    let answer = match worker.outbound.get(url.as_str()).await {
        Ok(a) => a,
        Err(e) => return unreachable("verifying the subscriber's intent", &e),
    };
    if !(200..300).contains(&answer.status) || answer.text().trim() != challenge {
        return Outcome::Fail(format!(
            "the subscriber did not confirm its intent (status {}, challenge {})",
            answer.status,
            if answer.text().trim() == challenge {
                "echoed"
            } else {
                "not echoed"
            }
        ));
    }
    match websub::verified(
        &worker.core,
        mode,
        topic,
        callback,
        secret,
        lease_seconds,
        Utc::now(),
    )
    .await
    {
        Ok(_) => Outcome::Done,
        Err(e) => Outcome::Retry(e.to_string()),
    }
}

/// POSTs the topic's current feed to one subscriber, with the `Link`
/// headers naming the hub and the topic, and `X-Hub-Signature` when the
/// subscription has a secret. An expired or removed subscription gets
/// nothing; `410 Gone` ends it.
pub(crate) async fn deliver(worker: &Worker, id: SubscriptionId) -> Outcome {
    let now = Utc::now();
    let sub = match worker.core.read().websub_subscription(id).await {
        Ok(Some(s)) if s.expires_at > now => s,
        Ok(_) => return Outcome::Done,
        Err(e) => return Outcome::Retry(e.to_string()),
    };
    let Some(feeds) = worker.feeds.get() else {
        return Outcome::Retry("the feeds are not available yet".into());
    };
    let (content_type, body) = match feeds.document(&sub.topic).await {
        Ok(Some(doc)) => doc,
        Ok(None) => return Outcome::Fail("the topic is no longer a feed of this blog".into()),
        Err(e) => return Outcome::Retry(e),
    };
    let settings = match beitrag_core::service::settings::load(worker.core.read()).await {
        Ok(s) => s,
        Err(e) => return Outcome::Retry(e.to_string()),
    };
    let link = format!(
        "<{}>; rel=\"hub\", <{}>; rel=\"self\"",
        websub::hub_url(&settings),
        sub.topic
    );
    let signature = beitrag_core::sign::hub_signature(&sub.secret, &body);
    let mut headers = vec![("link", link.as_str())];
    if !sub.secret.is_empty() {
        headers.push(("x-hub-signature", signature.as_str()));
    }
    match worker
        .outbound
        .post_with_headers(&sub.callback, &content_type, &headers, body)
        .await
    {
        Ok(a) if (200..300).contains(&a.status) => Outcome::Done,
        Ok(a) if a.status == 410 => match websub::gone(&worker.core, id).await {
            Ok(()) => Outcome::Done,
            Err(e) => Outcome::Retry(e.to_string()),
        },
        Ok(a) => Outcome::Retry(format!("the subscriber answered {}", a.status)),
        Err(e) => unreachable("delivering to the subscriber", &e),
    }
}

/// Tells an external hub that `topic` changed (`hub.mode=publish`,
/// `hub.url`), the ping most hubs understand.
pub(crate) async fn ping(worker: &Worker, hub: &str, topic: &str) -> Outcome {
    match worker
        .outbound
        .post_form(hub, &[("hub.mode", "publish"), ("hub.url", topic)])
        .await
    {
        Ok(a) if (200..300).contains(&a.status) => Outcome::Done,
        Ok(a) => Outcome::Retry(format!("the hub answered {}", a.status)),
        Err(e) => unreachable("pinging the hub", &e),
    }
}
