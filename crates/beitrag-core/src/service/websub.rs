//! beitrag as its own WebSub hub ([W3C WebSub](https://www.w3.org/TR/websub/)):
//! the rules for a subscription request (§5.1), what a verified intent
//! stores (§5.3), and the hub the feeds name. The verification GET and the
//! deliveries are jobs (`beitrag-jobs`); the endpoint is `POST /websub`.

use std::net::IpAddr;

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

use crate::job::Job;
use crate::message::texts;
use crate::model::SubscriptionId;
use crate::settings::Settings;
use crate::{Core, Error, Result};

/// The lease when the subscriber asks for none: ten days.
pub const DEFAULT_LEASE: i64 = 10 * 86_400;
/// The shortest lease granted: an hour.
pub const MIN_LEASE: i64 = 3_600;
/// The longest lease granted: thirty days.
pub const MAX_LEASE: i64 = 30 * 86_400;
/// `hub.secret` "MUST be less than 200 bytes" (§5.1).
pub const MAX_SECRET_BYTES: usize = 199;
/// Longest topic or callback URL accepted.
const MAX_URL: usize = 2_000;
/// The hub's path on this site.
pub const HUB_PATH: &str = "/websub";

/// A subscriber's request, as the form fields came.
#[derive(Debug, Clone, Default)]
pub struct HubRequest {
    /// `hub.mode`.
    pub mode: String,
    /// `hub.topic`.
    pub topic: String,
    /// `hub.callback`.
    pub callback: String,
    /// `hub.lease_seconds`, when given.
    pub lease_seconds: Option<String>,
    /// `hub.secret`, when given.
    pub secret: Option<String>,
}

/// The hub the feeds name: the configured external one, else our own.
pub fn hub_url(settings: &Settings) -> String {
    if settings.websub_hub.is_empty() {
        format!("{}{HUB_PATH}", settings.base_url)
    } else {
        settings.websub_hub.clone()
    }
}

/// Checks a subscription request (§5.1) and queues the verification of
/// intent; nothing is stored until the subscriber echoes the challenge.
/// `topic_is_feed` is the web layer's answer to "is this one of our post
/// feeds?" (only it knows the site's paths). `Invalid` names the
/// `hub.*` field at fault. A valid request counts against the sender's
/// flood limit (`ip`): each one makes us fetch a URL it chose.
pub async fn request(
    core: &Core,
    settings: &Settings,
    req: &HubRequest,
    topic_is_feed: bool,
    ip: Option<IpAddr>,
    now: DateTime<Utc>,
) -> Result<()> {
    if !settings.websub_hub.is_empty() {
        return Err(Error::invalid(
            "hub.mode",
            texts::HUB_ELSEWHERE.with("hub", settings.websub_hub.clone()),
        ));
    }
    let mode = match req.mode.as_str() {
        "subscribe" | "unsubscribe" => req.mode.clone(),
        "" => return Err(Error::invalid("hub.mode", texts::MISSING)),
        _ => {
            return Err(Error::invalid("hub.mode", texts::HUB_MODE));
        }
    };
    if req.topic.is_empty() {
        return Err(Error::invalid("hub.topic", texts::MISSING));
    }
    if req.topic.len() > MAX_URL || !topic_is_feed {
        return Err(Error::invalid("hub.topic", texts::HUB_TOPIC));
    }
    let callback = check_callback(&req.callback)?;
    let lease_seconds = lease(req.lease_seconds.as_deref())?;
    let secret = req.secret.clone().unwrap_or_default();
    if secret.len() > MAX_SECRET_BYTES {
        return Err(Error::invalid("hub.secret", texts::HUB_SECRET));
    }
    if let Some(ip) = ip {
        core.limits()
            .check_address(ip)
            .map_err(Error::RateLimited)?;
    }
    // The same request within a minute is verified once: a flood of
    // identical requests costs the callback one GET.
    let key = format!(
        "websub-verify:{}:{}",
        fingerprint(&[
            &mode,
            &req.topic,
            &callback,
            &secret,
            &lease_seconds.to_string()
        ]),
        now.timestamp() / 60
    );
    crate::service::jobs::enqueue(
        core,
        &Job::VerifyWebSub {
            mode,
            topic: req.topic.clone(),
            callback,
            lease_seconds,
            secret,
        },
        Some(&key),
        now,
    )
    .await?;
    Ok(())
}

/// An http(s) URL with a host, not too long.
fn check_callback(callback: &str) -> Result<String> {
    if callback.is_empty() {
        return Err(Error::invalid("hub.callback", texts::MISSING));
    }
    let ok = callback.len() <= MAX_URL
        && url::Url::parse(callback)
            .is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some());
    if !ok {
        return Err(Error::invalid("hub.callback", texts::HUB_CALLBACK));
    }
    Ok(callback.to_owned())
}

/// The lease granted: the one asked for, within [`MIN_LEASE`] and
/// [`MAX_LEASE`] (§5.1 lets the hub decide), or [`DEFAULT_LEASE`].
fn lease(asked: Option<&str>) -> Result<i64> {
    match asked.map(str::trim) {
        None | Some("") => Ok(DEFAULT_LEASE),
        Some(s) => s
            .parse::<i64>()
            .map(|n| n.clamp(MIN_LEASE, MAX_LEASE))
            .map_err(|_| Error::invalid("hub.lease_seconds", texts::HUB_LEASE)),
    }
}

fn fingerprint(parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update([0]);
    }
    h.finalize()
        .iter()
        .take(12)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// What a verified intent does (§5.3): a subscription is stored or
/// renewed, an unsubscription removed. Called by the verification job once
/// the callback echoed the challenge.
pub async fn verified(
    core: &Core,
    mode: &str,
    topic: &str,
    callback: &str,
    secret: &str,
    lease_seconds: i64,
    now: DateTime<Utc>,
) -> Result<Option<SubscriptionId>> {
    let store = core.store();
    if mode == "unsubscribe" {
        store.delete_websub_subscription(topic, callback).await?;
        return Ok(None);
    }
    let id = store
        .put_websub_subscription(topic, callback, secret, lease_seconds, now)
        .await?;
    Ok(Some(id))
}

/// Ends a subscription whose subscriber answered a delivery with
/// `410 Gone` (§7 lets the hub stop there).
pub async fn gone(core: &Core, id: SubscriptionId) -> Result<()> {
    core.store().delete_websub_by_id(id).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clamps_lease_when_asked_too_little_or_too_much() {
        assert_eq!(lease(None).unwrap(), DEFAULT_LEASE);
        assert_eq!(lease(Some("60")).unwrap(), MIN_LEASE);
        assert_eq!(lease(Some("99999999999")).unwrap(), MAX_LEASE);
        assert_eq!(lease(Some("86400")).unwrap(), 86_400);
        assert!(lease(Some("soon")).is_err());
    }

    #[test]
    fn refuses_callback_when_not_http() {
        assert!(check_callback("https://reader.example/cb?x=1").is_ok());
        assert!(check_callback("ftp://reader.example/").is_err());
        assert!(check_callback("javascript:alert(1)").is_err());
        assert!(check_callback("").is_err());
    }
}
