//! Logging in and staying logged in: Argon2id passwords, throttling with
//! backoff per account and per address, server-side sessions, and personal
//! access tokens for the API. Secrets leave this module once (to the cookie
//! or the terminal); the store only ever sees their SHA-256.

use crate::message::texts;
use std::sync::LazyLock;

use chrono::{DateTime, Duration, Utc};
use rand::RngExt;
use rand::distr::Alphanumeric;
use sha2::{Digest, Sha256};

use super::user::hash_password;
use crate::actor::Actor;
use crate::model::{
    ApiToken, NewSession, NewToken, Scope, Session, SessionId, TokenId, User, UserId,
};
use crate::{Core, Error, Result};

/// How long a session lasts.
pub const SESSION_DAYS: i64 = 14;
/// Failures counted within this window.
const WINDOW_MINUTES: i64 = 15;
/// Failed attempts at one account from one address before the backoff
/// starts.
const FREE_PER_LOGIN: i64 = 5;
/// Failed attempts per address before the backoff starts (several people
/// may share one address).
const FREE_PER_IP: i64 = 20;
/// Failed attempts at one account from anywhere before its logins are
/// slowed down (never refused: see [`throttled_for`]).
const FREE_PER_ACCOUNT: i64 = 20;
/// Delay per failure past [`FREE_PER_ACCOUNT`], and the most added.
const ACCOUNT_DELAY_MS: u64 = 100;
const MAX_ACCOUNT_DELAY_MS: u64 = 2_000;
/// Longest wait imposed.
const MAX_WAIT_SECS: i64 = 15 * 60;
/// Prefix of API tokens, so they are recognisable in logs and scanners.
pub const TOKEN_PREFIX: &str = "btk_";

/// Verifying against this when the login does not exist costs the same
/// time as a real check, so timing does not reveal which logins exist.
static DUMMY_HASH: LazyLock<String> =
    LazyLock::new(|| hash_password("not a real password").unwrap_or_default());

/// What a login form or API call sends.
#[derive(Debug, Clone)]
pub struct Credentials<'a> {
    /// Login name.
    pub login: &'a str,
    /// Password.
    pub password: &'a str,
    /// Client address, already truncated for storage.
    pub ip: &'a str,
    /// Browser, shortened by the caller.
    pub user_agent: &'a str,
    /// The authenticator app's code, for accounts with two-factor
    /// authentication (ignored for the others).
    pub code: Option<&'a str>,
}

/// A new session: the cookie value is shown once.
#[derive(Debug, Clone)]
pub struct NewLogin {
    /// Goes into the cookie.
    pub token: String,
    /// The stored session.
    pub session: Session,
    /// Who logged in.
    pub user: User,
}

/// A random secret of `len` letters and digits.
pub fn random_secret(len: usize) -> String {
    rand::rng()
        .sample_iter(Alphanumeric)
        .take(len)
        .map(char::from)
        .collect()
}

/// SHA-256 of a secret, lowercase hex: what the store keeps.
pub fn hash_secret(secret: &str) -> String {
    Sha256::digest(secret.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Compares two secrets in time independent of where they differ.
pub fn secrets_match(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Seconds to wait after `failures` failures, the first `free` ones free:
/// 30 s, then doubling, capped at 15 minutes.
fn wait_secs(failures: i64, free: i64) -> i64 {
    if failures < free {
        return 0;
    }
    let doublings = (failures - free).min(10);
    (30i64 << doublings).min(MAX_WAIT_SECS)
}

/// The failure counters an attempt adds to: the account from this address,
/// the address, the account from anywhere.
fn keys(login: &str, ip: &str) -> [String; 3] {
    let login = login.trim().to_lowercase();
    [
        format!("login:{login}@{ip}"),
        format!("ip:{ip}"),
        format!("account:{login}"),
    ]
}

/// Seconds until another attempt is allowed for this login and address.
///
/// Only failures from this address count here, at this account and in
/// all: someone guessing from elsewhere cannot lock the owner out (five
/// wrong passwords from any address used to make the right one answer 429
/// for everybody). Failures at the account from all addresses together
/// only slow its logins down (`account_delay`).
pub async fn throttled_for(core: &Core, login: &str, ip: &str, now: DateTime<Utc>) -> Result<i64> {
    let store = core.store();
    let since = now - Duration::minutes(WINDOW_MINUTES);
    let mut wait = 0;
    let [pair, address, _] = keys(login, ip);
    for (key, free) in [(pair, FREE_PER_LOGIN), (address, FREE_PER_IP)] {
        let (n, latest) = store.login_failures(&key, since).await?;
        if let Some(latest) = latest {
            let until = latest + Duration::seconds(wait_secs(n, free));
            wait = wait.max((until - now).num_seconds());
        }
    }
    Ok(wait)
}

/// How long an attempt at `login` waits before its password is checked:
/// 100 ms per failure at the account from anywhere past the free ones,
/// at most 2 s. An address the account has a live session from is known
/// and not slowed.
async fn account_delay(
    core: &Core,
    login: &str,
    ip: &str,
    user: Option<&User>,
    now: DateTime<Utc>,
) -> Result<std::time::Duration> {
    let store = core.store();
    let since = now - Duration::minutes(WINDOW_MINUTES);
    let [_, _, account] = keys(login, ip);
    let (n, _) = store.login_failures(&account, since).await?;
    let over = u64::try_from(n - FREE_PER_ACCOUNT).unwrap_or(0);
    if over == 0 {
        return Ok(std::time::Duration::ZERO);
    }
    if let Some(u) = user
        && store
            .sessions_of_user(u.id, now)
            .await?
            .iter()
            .any(|s| s.ip == ip)
    {
        return Ok(std::time::Duration::ZERO);
    }
    Ok(std::time::Duration::from_millis(
        (over * ACCOUNT_DELAY_MS).min(MAX_ACCOUNT_DELAY_MS),
    ))
}

/// Checks the password (and, when the account has two-factor
/// authentication, the code) and opens a session. Every failure is the same
/// [`Error::Unauthenticated`]; too many recent failures are
/// [`Error::Throttled`] before the password is even looked at.
pub async fn login(core: &Core, c: &Credentials<'_>, now: DateTime<Utc>) -> Result<NewLogin> {
    let store = core.store();
    let wait = throttled_for(core, c.login, c.ip, now).await?;
    if wait > 0 {
        return Err(Error::Throttled(wait));
    }
    let user = store.user_by_login(c.login.trim()).await?;
    let delay = account_delay(core, c.login, c.ip, user.as_ref(), now).await?;
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    let hash = user
        .as_ref()
        .map_or(DUMMY_HASH.as_str(), |u| u.password_hash.as_str());
    let password_ok = super::user::verify_password_blocking(c.password, hash).await;
    let user = match user {
        Some(u) if password_ok && !u.disabled => u,
        _ => {
            store.add_login_failure(&keys(c.login, c.ip), now).await?;
            return Err(Error::Unauthenticated);
        }
    };
    if !user.totp_secret.is_empty()
        && !super::totp::check(core, &user, c.code.unwrap_or(""), now).await?
    {
        store.add_login_failure(&keys(c.login, c.ip), now).await?;
        return Err(Error::Unauthenticated);
    }
    let [pair, _, account] = keys(c.login, c.ip);
    store.clear_login_failures(&pair).await?;
    store.clear_login_failures(&account).await?;
    let token = random_secret(43);
    let new = NewSession {
        token_hash: hash_secret(&token),
        user_id: user.id,
        csrf: random_secret(32),
        created_at: now,
        expires_at: now + Duration::days(SESSION_DAYS),
        ip: c.ip.to_owned(),
        user_agent: c.user_agent.chars().take(200).collect(),
    };
    let id = store.create_session(&new).await?;
    Ok(NewLogin {
        token,
        session: Session {
            id,
            user_id: user.id,
            csrf: new.csrf,
            created_at: now,
            last_seen: now,
            expires_at: new.expires_at,
            ip: new.ip,
            user_agent: new.user_agent,
        },
        user,
    })
}

/// The session behind a cookie value, if it is live and its user enabled.
pub async fn session(
    core: &Core,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Option<(Session, User)>> {
    let store = core.store();
    if token.is_empty() || token.len() > 100 {
        return Ok(None);
    }
    let found = store.session_by_token(&hash_secret(token), now).await?;
    if let Some((s, _)) = &found
        && now - s.last_seen > Duration::minutes(5)
    {
        store.touch_session(s.id, now).await?;
    }
    Ok(found)
}

/// Ends one session (log out) or every session of the user.
pub async fn logout(core: &Core, actor: &Actor, only: Option<SessionId>) -> Result<u64> {
    let Some(user) = actor.user_id() else {
        return Ok(0);
    };
    Ok(core.store().delete_sessions(user, only).await?)
}

/// Revokes one of the actor's own tokens (the operator: anyone's).
pub async fn revoke_token(core: &Core, actor: &Actor, user: UserId, id: TokenId) -> Result<u64> {
    if !actor.is(user) && *actor != Actor::Operator {
        return Err(Error::Forbidden(texts::TOKENS_REVOKED_BY_OWNER.into()));
    }
    Ok(core.store().delete_token(user, id).await?)
}

/// Creates a personal access token; the secret is returned once.
pub async fn create_token(
    core: &Core,
    actor: &Actor,
    user: &User,
    name: &str,
    scope: Scope,
    now: DateTime<Utc>,
) -> Result<(TokenId, String)> {
    let store = core.store();
    let name = name.trim();
    if scope == Scope::App {
        return Err(Error::invalid("scope", texts::APP_PASSWORD_SCOPE));
    }
    check_new_secret(actor, user, name)?;
    let secret = format!("{TOKEN_PREFIX}{}", random_secret(40));
    let id = store
        .create_token(&NewToken {
            user_id: user.id,
            name: name.to_owned(),
            token_hash: hash_secret(&secret),
            scope,
            created_at: now,
        })
        .await?;
    Ok((id, secret))
}

/// Who may make a token or application password for `user`, and its name.
fn check_new_secret(actor: &Actor, user: &User, name: &str) -> Result<()> {
    if name.is_empty() || name.chars().count() > 100 {
        return Err(Error::invalid("name", texts::LENGTH.with("max", 100_usize)));
    }
    // PostgreSQL refuses NUL in text, and a name is one line.
    if name.chars().any(char::is_control) {
        return Err(Error::invalid("name", texts::CONTROL_CHARS));
    }
    if user.disabled {
        return Err(Error::Forbidden(texts::ACCOUNT_DISABLED.into()));
    }
    if !actor.is(user.id) && *actor != Actor::Operator {
        return Err(Error::Forbidden(texts::TOKENS_MADE_BY_OWNER.into()));
    }
    Ok(())
}

/// An application password as shown once: six groups of four letters and
/// digits, as WordPress shows them (clients may keep or drop the spaces).
fn app_secret() -> String {
    let raw = random_secret(24);
    let groups: Vec<String> = raw
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect();
    groups.join(" ")
}

fn without_spaces(secret: &str) -> String {
    secret.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Creates an application password for one client (`name`); the secret is
/// returned once and only its hash is kept.
pub async fn create_app_password(
    core: &Core,
    actor: &Actor,
    user: &User,
    name: &str,
    now: DateTime<Utc>,
) -> Result<(TokenId, String)> {
    let name = name.trim();
    check_new_secret(actor, user, name)?;
    let secret = app_secret();
    let id = core
        .store()
        .create_token(&NewToken {
            user_id: user.id,
            name: name.to_owned(),
            token_hash: hash_secret(&without_spaces(&secret)),
            scope: Scope::App,
            created_at: now,
        })
        .await?;
    Ok((id, secret))
}

/// Signs a client in with a login and one of its application passwords
/// (never the login password, which stays for the browser). Failures count
/// and back off like logins; every failure is the same
/// [`Error::Unauthenticated`].
pub async fn app_password(
    core: &Core,
    login: &str,
    password: &str,
    ip: &str,
    now: DateTime<Utc>,
) -> Result<User> {
    let wait = throttled_for(core, login, ip, now).await?;
    if wait > 0 {
        return Err(Error::Throttled(wait));
    }
    let secret = without_spaces(password);
    let found = if secret.is_empty() || secret.len() > 100 {
        None
    } else {
        core.store().use_token(&hash_secret(&secret), now).await?
    };
    match found {
        Some((token, user)) if token.scope == Scope::App && user.login == login.trim() => Ok(user),
        _ => {
            core.store()
                .add_login_failure(&keys(login, ip), now)
                .await?;
            Err(Error::Unauthenticated)
        }
    }
}

/// The token behind an `Authorization: Bearer` value.
pub async fn token(
    core: &Core,
    secret: &str,
    now: DateTime<Utc>,
) -> Result<Option<(ApiToken, User)>> {
    let store = core.store();
    if !secret.starts_with(TOKEN_PREFIX) || secret.len() > 100 {
        return Ok(None);
    }
    Ok(store.use_token(&hash_secret(secret), now).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backs_off_exponentially_after_free_attempts() {
        assert_eq!(wait_secs(4, 5), 0);
        assert_eq!(wait_secs(5, 5), 30);
        assert_eq!(wait_secs(6, 5), 60);
        assert_eq!(wait_secs(9, 5), 480);
        assert_eq!(wait_secs(50, 5), MAX_WAIT_SECS);
    }

    #[test]
    fn compares_secrets_exactly() {
        assert!(secrets_match("abc", "abc"));
        assert!(!secrets_match("abc", "abd"));
        assert!(!secrets_match("abc", "abcd"));
        assert!(!secrets_match("", "a"));
    }

    #[test]
    fn hashes_secrets_as_hex_sha256() {
        assert_eq!(
            hash_secret("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(random_secret(43).len(), 43);
        assert_ne!(random_secret(20), random_secret(20));
    }
}
