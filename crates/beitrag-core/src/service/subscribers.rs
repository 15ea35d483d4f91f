//! Email subscribers, double opt-in: a request stores a pending address
//! and queues a mail with a signed confirmation link; following the link
//! records the consent time; only confirmed addresses get new posts, each
//! mail with a signed one-click unsubscribe link (RFC 8058). Whether an
//! address is known is never revealed to the one asking.

use std::net::IpAddr;

use chrono::{DateTime, Utc};

use crate::actor::Actor;
use crate::job::Job;
use crate::message::texts;
use crate::model::{Subscriber, SubscriberId};
use crate::service::access::Capability;
use crate::{Core, Error, Result};

/// Longest address accepted (RFC 5321's path limit less the brackets).
pub const MAX_EMAIL: usize = 254;
/// Days a confirmation link works.
pub const CONFIRM_DAYS: i64 = 7;

const CONFIRM: &str = "subscribe-confirm";
const UNSUBSCRIBE: &str = "subscriber-unsubscribe";

/// The address trimmed and lowercased, when it looks deliverable: one `@`,
/// a local part of at most 64 bytes, a domain with a dot, no spaces,
/// control characters, quotes or angle brackets (which would need quoting
/// in a mail header).
pub fn clean_email(raw: &str) -> Result<String> {
    let email = raw.trim().to_lowercase();
    let bad = |m: crate::message::Message| Err(Error::invalid("email", m));
    if email.is_empty() {
        return bad(texts::MISSING.into());
    }
    if email.len() > MAX_EMAIL {
        return bad(texts::LONGER_THAN.with("max", 254_usize));
    }
    let Some((local, domain)) = email.split_once('@') else {
        return bad(texts::NOT_AN_EMAIL_ADDRESS.into());
    };
    let forbidden = |c: char| {
        c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>' | ',' | ';' | '@' | '\\')
    };
    let domain_ok = domain.contains('.')
        && !domain.starts_with(['.', '-'])
        && !domain.ends_with(['.', '-'])
        && !domain.contains("..");
    if local.is_empty()
        || local.len() > 64
        || !domain_ok
        || local.contains(forbidden)
        || domain.contains(forbidden)
    {
        return bad(texts::NOT_AN_EMAIL_ADDRESS.into());
    }
    Ok(email)
}

/// Asks for new posts by email: stores the address as pending (or finds
/// it) and queues the confirmation mail, at most one an hour per address.
/// A confirmed address gets nothing; the answer is the same either way.
/// Each request counts against the sender's flood limit (`ip`), so nobody
/// mails many strangers through us quickly.
pub async fn subscribe(
    core: &Core,
    email: &str,
    ip: Option<IpAddr>,
    now: DateTime<Utc>,
) -> Result<()> {
    let email = clean_email(email)?;
    if !core.options().mail {
        return Err(Error::Closed(texts::SUBSCRIPTIONS_OFF.into()));
    }
    if let Some(ip) = ip {
        core.limits()
            .check_address(ip)
            .map_err(Error::RateLimited)?;
    }
    let (subscriber, _) = core.store().add_subscriber(&email, now).await?;
    if subscriber.confirmed_at.is_none() {
        let key = format!(
            "subscribe-confirm:{}:{}",
            subscriber.id.0,
            now.timestamp() / 3600
        );
        crate::service::jobs::enqueue(
            core,
            &Job::MailSubscribeConfirm {
                subscriber: subscriber.id,
            },
            Some(&key),
            now,
        )
        .await?;
    }
    Ok(())
}

/// The confirmation link's token, made when the mail is sent (the queue
/// never holds it): the subscriber and when the link expires.
pub fn confirm_token(core: &Core, id: SubscriberId, now: DateTime<Utc>) -> String {
    let expires = now.timestamp() + CONFIRM_DAYS * 86_400;
    core.signer().sign(CONFIRM, &format!("{}-{expires}", id.0))
}

fn invalid_link() -> Error {
    Error::invalid("token", texts::LINK_INVALID)
}

/// Follows a confirmation link: records the consent time (the first one
/// stays). A forged, altered or expired token, or one of a removed
/// subscriber, is `Invalid` and changes nothing.
pub async fn confirm(core: &Core, token: &str, now: DateTime<Utc>) -> Result<Subscriber> {
    let payload = core
        .signer()
        .verify(CONFIRM, token)
        .ok_or_else(invalid_link)?;
    let (id, expires) = payload.split_once('-').ok_or_else(invalid_link)?;
    let id = SubscriberId(id.parse().map_err(|_| invalid_link())?);
    let expires: i64 = expires.parse().map_err(|_| invalid_link())?;
    if expires < now.timestamp() {
        return Err(invalid_link());
    }
    if !core.store().confirm_subscriber(id, now).await? {
        return Err(invalid_link());
    }
    core.read().subscriber(id).await?.ok_or_else(invalid_link)
}

/// The unsubscribe token of every mail to this subscriber.
pub fn unsubscribe_token(core: &Core, id: SubscriberId) -> String {
    core.signer().sign(UNSUBSCRIBE, &id.0.to_string())
}

/// The subscriber an unsubscribe token names, when it is genuine:
/// `Invalid` for a forged one, `Ok(None)` when they are gone already.
pub async fn by_unsubscribe_token(core: &Core, token: &str) -> Result<Option<Subscriber>> {
    let id = core
        .signer()
        .verify(UNSUBSCRIBE, token)
        .and_then(|p| p.parse::<i64>().ok())
        .ok_or_else(invalid_link)?;
    Ok(core.read().subscriber(SubscriberId(id)).await?)
}

/// Unsubscribes without a login (the one-click POST of RFC 8058, or the
/// button of the confirmation page): the address is removed. Doing it
/// twice is fine; a forged token is `Invalid`.
pub async fn unsubscribe(core: &Core, token: &str) -> Result<()> {
    if let Some(s) = by_unsubscribe_token(core, token).await? {
        core.store().delete_subscriber(s.id).await?;
    }
    Ok(())
}

/// Every subscriber, newest first (administrators: addresses are personal
/// data).
pub async fn list(core: &Core, actor: &Actor) -> Result<Vec<Subscriber>> {
    actor.require(Capability::ManageSettings)?;
    Ok(core.read().subscribers().await?)
}

/// Removes a subscriber; `NotFound` when there is none.
pub async fn remove(core: &Core, actor: &Actor, id: SubscriberId) -> Result<()> {
    actor.require(Capability::ManageSettings)?;
    if core.store().delete_subscriber(id).await? {
        Ok(())
    } else {
        Err(Error::NotFound)
    }
}

/// The subscriber with this address, for `beitrag privacy export`.
pub async fn by_email(core: &Core, actor: &Actor, email: &str) -> Result<Option<Subscriber>> {
    actor.require(Capability::ManageSettings)?;
    Ok(core
        .read()
        .subscriber_by_email(&email.trim().to_lowercase())
        .await?)
}

/// Removes the subscriber with this address (`beitrag privacy erase`);
/// whether there was one.
pub async fn erase_email(core: &Core, actor: &Actor, email: &str) -> Result<bool> {
    let Some(s) = by_email(core, actor, email).await? else {
        return Ok(false);
    };
    Ok(core.store().delete_subscriber(s.id).await?)
}

#[cfg(test)]
mod tests {
    use super::clean_email;

    #[test]
    fn refuses_address_when_malformed() {
        assert_eq!(
            clean_email(" Leser@Example.ORG ").unwrap(),
            "leser@example.org"
        );
        for bad in [
            "",
            "leser",
            "leser@",
            "@example.org",
            "leser@localhost",
            "a b@example.org",
            "a@b@example.org",
            "a@example..org",
            "\"a\"@example.org",
            "a@example.org\r\nBcc: x@example.org",
        ] {
            assert!(clean_email(bad).is_err(), "{bad:?}");
        }
        assert!(clean_email(&format!("{}@example.org", "a".repeat(65))).is_err());
        assert!(clean_email(&format!("a@{}.org", "b".repeat(260))).is_err());
    }
}
