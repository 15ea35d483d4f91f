//! IndieAuth (the OAuth 2.0 profile IndieWeb apps sign in with) as this
//! blog's own authorization and token endpoint, for Micropub clients.
//!
//! A signed-in user approves a client's request; the client gets a code
//! (one use, ten minutes, bound to its `client_id`, `redirect_uri` and PKCE
//! challenge) and trades it, with the PKCE verifier, for an access token:
//! a personal access token of the user (`write` when the client asked for
//! any writing scope, else `read`), listed and revoked with the others.

use crate::message::texts;
use chrono::{DateTime, Duration, Utc};
use sha2::{Digest, Sha256};

use crate::actor::Actor;
use crate::model::{AuthCode, Scope, User};
use crate::service::auth::{create_token, hash_secret, random_secret};
use crate::{Core, Error, Result};

/// How long a code may wait to be exchanged.
const CODE_MINUTES: i64 = 10;
/// The scopes a client may ask for.
pub const SCOPES: &[&str] = &["create", "update", "delete", "media", "draft", "profile"];

/// What a client asks the authorization endpoint for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Request {
    /// Must be `code`.
    pub response_type: String,
    /// The client's URL.
    pub client_id: String,
    /// Where the code goes.
    pub redirect_uri: String,
    /// The client's own value, sent back.
    pub state: String,
    /// PKCE challenge (base64url of SHA-256 of the verifier).
    pub code_challenge: String,
    /// Must be `S256`.
    pub code_challenge_method: String,
    /// Space-separated scopes.
    pub scope: String,
}

fn http_url(s: &str) -> Option<url::Url> {
    url::Url::parse(s)
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some())
        .filter(|u| u.fragment().is_none() && u.username().is_empty() && u.password().is_none())
}

/// The scopes of a request we know, in order, without repeats.
pub fn known_scopes(scope: &str) -> Vec<&'static str> {
    SCOPES
        .iter()
        .copied()
        .filter(|s| scope.split_whitespace().any(|w| w == *s))
        .collect()
}

/// Checks a request before anyone is asked to approve it. The redirect
/// must stay on the client's origin (clients that redirect elsewhere would
/// need their metadata fetched, which this endpoint does not do).
pub fn check(r: &Request) -> Result<()> {
    if r.response_type != "code" {
        return Err(Error::invalid("response_type", texts::MUST_BE_CODE));
    }
    let Some(client) = http_url(&r.client_id) else {
        return Err(Error::invalid("client_id", texts::HTTP_URL));
    };
    let Some(redirect) = http_url(&r.redirect_uri) else {
        return Err(Error::invalid("redirect_uri", texts::HTTP_URL));
    };
    if client.origin() != redirect.origin() {
        return Err(Error::invalid("redirect_uri", texts::SAME_HOST));
    }
    if r.state.is_empty() || r.state.len() > 500 {
        return Err(Error::invalid("state", texts::REQUIRED));
    }
    if r.code_challenge_method != "S256" || !(43..=128).contains(&r.code_challenge.len()) {
        return Err(Error::invalid("code_challenge", texts::PKCE));
    }
    Ok(())
}

/// The signed-in user approves a checked request: a fresh code.
pub async fn approve(
    core: &Core,
    actor: &Actor,
    r: &Request,
    now: DateTime<Utc>,
) -> Result<String> {
    check(r)?;
    let Some(user) = actor.user() else {
        return Err(Error::Forbidden(texts::APPROVE_BY_USERS.into()));
    };
    let code = random_secret(40);
    core.store()
        .add_auth_code(&AuthCode {
            code_hash: hash_secret(&code),
            user_id: user.id,
            client_id: r.client_id.clone(),
            redirect_uri: r.redirect_uri.clone(),
            scope: known_scopes(&r.scope).join(" "),
            challenge: r.code_challenge.clone(),
            expires_at: now + Duration::minutes(CODE_MINUTES),
        })
        .await?;
    Ok(code)
}

/// base64url without padding (RFC 4648 §5), as PKCE compares challenges.
fn base64url(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(char::from(ABC[((n >> (18 - 6 * i)) & 63) as usize]));
        }
    }
    out
}

/// The PKCE challenge of a verifier (S256).
pub fn challenge_of(verifier: &str) -> String {
    base64url(&Sha256::digest(verifier.as_bytes()))
}

/// What the token endpoint hands out.
#[derive(Debug, Clone)]
pub struct Granted {
    /// The bearer token (shown once).
    pub access_token: String,
    /// The scopes granted.
    pub scope: String,
    /// The user it acts for.
    pub user: User,
}

/// Trades a code for an access token. Every mismatch — unknown, used or
/// expired code, another client or redirect, a wrong verifier — is the
/// same `Invalid` (`code`), as OAuth's `invalid_grant`.
pub async fn exchange(
    core: &Core,
    code: &str,
    client_id: &str,
    redirect_uri: &str,
    verifier: &str,
    now: DateTime<Utc>,
) -> Result<Granted> {
    let refused = || Error::invalid("code", texts::CODE_INVALID);
    if code.is_empty() || code.len() > 200 {
        return Err(refused());
    }
    let Some(c) = core.store().take_auth_code(&hash_secret(code), now).await? else {
        return Err(refused());
    };
    if c.client_id != client_id
        || c.redirect_uri != redirect_uri
        || challenge_of(verifier) != c.challenge
    {
        return Err(refused());
    }
    let user = core
        .read()
        .user_by_id(c.user_id)
        .await?
        .filter(|u| !u.disabled)
        .ok_or_else(refused)?;
    let writes = c
        .scope
        .split_whitespace()
        .any(|s| matches!(s, "create" | "update" | "delete" | "media" | "draft"));
    let scope = if writes { Scope::Write } else { Scope::Read };
    let name: String = format!("IndieAuth: {client_id}")
        .chars()
        .take(100)
        .collect();
    let (_, secret) = create_token(
        core,
        &Actor::User(Box::new(user.clone())),
        &user,
        &name,
        scope,
        now,
    )
    .await?;
    Ok(Granted {
        access_token: secret,
        scope: c.scope,
        user,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn computes_the_pkce_challenge_of_rfc_7636() {
        // RFC 7636, appendix B.
        assert_eq!(
            challenge_of("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
        assert_eq!(base64url(b"f"), "Zg");
        assert_eq!(base64url(b"fo"), "Zm8");
        assert_eq!(base64url(b"foo"), "Zm9v");
    }

    #[test]
    fn refuses_requests_when_redirect_leaves_the_client() {
        let ok = Request {
            response_type: "code".into(),
            client_id: "https://app.example/".into(),
            redirect_uri: "https://app.example/callback".into(),
            state: "xyz".into(),
            code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM".into(),
            code_challenge_method: "S256".into(),
            scope: "create".into(),
        };
        assert!(check(&ok).is_ok());
        let elsewhere = Request {
            redirect_uri: "https://evil.example/".into(),
            ..ok.clone()
        };
        assert!(check(&elsewhere).is_err());
        let plain = Request {
            code_challenge_method: "plain".into(),
            ..ok.clone()
        };
        assert!(check(&plain).is_err());
        assert_eq!(
            known_scopes("create bogus media create"),
            ["create", "media"]
        );
    }
}
