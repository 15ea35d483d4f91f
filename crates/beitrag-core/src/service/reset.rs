//! Password reset by a one-time link: a request queues a mail (never
//! saying whether the account exists); the link is signed at send time and
//! names a fingerprint of the current password hash, so it expires after
//! [`RESET_MINUTES`] and dies with the first password change.

use chrono::{DateTime, Utc};

use crate::actor::Actor;
use crate::model::{User, UserId};
use crate::service::{auth, notify, user};
use crate::{Core, Error, Result};

/// How long a password-reset link works.
pub const RESET_MINUTES: i64 = 60;

const PURPOSE: &str = "password-reset";

fn fingerprint(password_hash: &str) -> String {
    auth::hash_secret(password_hash)[..16].to_owned()
}

/// Queues a reset mail for the enabled account with this login or email,
/// if there is one. Says nothing either way.
pub async fn request(core: &Core, who: &str, now: DateTime<Utc>) -> Result<()> {
    let who = who.trim().to_lowercase();
    if who.is_empty() {
        return Ok(());
    }
    let users = core.read().users().await?;
    if let Some(u) = users
        .iter()
        .find(|u| !u.disabled && (u.login == who || u.email.to_lowercase() == who))
    {
        notify::queue_reset(core, u.id, now).await?;
    }
    Ok(())
}

/// The signed token of a reset link for `user`, made when the mail is sent.
pub fn token(core: &Core, user: &User, now: DateTime<Utc>) -> String {
    let expires = now.timestamp() + RESET_MINUTES * 60;
    core.signer().sign(
        PURPOSE,
        &format!(
            "{}-{expires}-{}",
            user.id.0,
            fingerprint(&user.password_hash)
        ),
    )
}

/// The enabled user a reset token is good for, if it is genuine, unexpired
/// and unused.
pub async fn user_of(core: &Core, token: &str, now: DateTime<Utc>) -> Result<Option<User>> {
    let Some(payload) = core.signer().verify(PURPOSE, token) else {
        return Ok(None);
    };
    let mut parts = payload.split('-');
    let (Some(id), Some(expires), Some(print)) = (
        parts.next().and_then(|p| p.parse::<i64>().ok()),
        parts.next().and_then(|p| p.parse::<i64>().ok()),
        parts.next(),
    ) else {
        return Ok(None);
    };
    if expires < now.timestamp() {
        return Ok(None);
    }
    let user = core.read().user_by_id(UserId(id)).await?;
    Ok(user.filter(|u| !u.disabled && auth::secrets_match(&fingerprint(&u.password_hash), print)))
}

/// Sets a new password with a reset token and ends every session of the
/// account. `Gone` when the token is not (any longer) good.
pub async fn complete(core: &Core, token: &str, password: &str, now: DateTime<Utc>) -> Result<()> {
    let Some(who) = user_of(core, token, now).await? else {
        return Err(Error::Gone);
    };
    // The token proves the holder is the account's owner.
    user::set_password(
        core,
        &Actor::User(Box::new(who.clone())),
        &who.login,
        password,
    )
    .await
}
