//! Time-based one-time passwords ([RFC 6238](https://www.rfc-editor.org/rfc/rfc6238))
//! for optional two-factor login: HMAC-SHA1, 30-second steps, six digits —
//! what every authenticator app speaks. Secrets are exchanged in base32
//! ([RFC 4648 §6](https://www.rfc-editor.org/rfc/rfc4648#section-6)).

use crate::message::texts;
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use rand::RngExt;
use sha1::Sha1;

use crate::actor::Actor;
use crate::model::User;
use crate::{Core, Error, Result};

/// Seconds per step.
const STEP: i64 = 30;
/// Steps of clock difference tolerated either way.
const SKEW: i64 = 1;
const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// Base32 without padding.
pub fn base32_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for &b in bytes {
        buffer = (buffer << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(ALPHABET[((buffer >> bits) & 31) as usize]));
        }
    }
    if bits > 0 {
        out.push(char::from(ALPHABET[((buffer << (5 - bits)) & 31) as usize]));
    }
    out
}

/// Decodes base32, ignoring case, spaces and padding; `None` on other
/// characters.
pub fn base32_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let (mut buffer, mut bits) = (0u32, 0u32);
    for c in text.chars().filter(|c| !matches!(c, ' ' | '=' | '-')) {
        let v = ALPHABET
            .iter()
            .position(|a| char::from(*a) == c.to_ascii_uppercase())?;
        buffer = (buffer << 5) | v as u32;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
        }
    }
    Some(out)
}

/// A new random secret (160 bits, as RFC 4226 recommends), in base32.
pub fn new_secret() -> String {
    let bytes: [u8; 20] = rand::rng().random();
    base32_encode(&bytes)
}

/// The six-digit code of `secret` for time step `step`.
pub fn code(secret: &[u8], step: i64) -> u32 {
    let Ok(mut mac) = Hmac::<Sha1>::new_from_slice(secret) else {
        unreachable!("HMAC takes keys of any length")
    };
    mac.update(&step.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = usize::from(digest[19] & 0x0f);
    let value = u32::from_be_bytes([
        digest[offset] & 0x7f,
        digest[offset + 1],
        digest[offset + 2],
        digest[offset + 3],
    ]);
    value % 1_000_000
}

/// The step a code matches at `now` (allowing one step of clock skew).
pub fn matching_step(secret_b32: &str, code_text: &str, now: DateTime<Utc>) -> Option<i64> {
    let digits = code_text.trim().replace(' ', "");
    if digits.len() != 6 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let wanted: u32 = digits.parse().ok()?;
    let secret = base32_decode(secret_b32)?;
    let current = now.timestamp().div_euclid(STEP);
    (current - SKEW..=current + SKEW).find(|s| code(&secret, *s) == wanted)
}

/// The `otpauth://` URI authenticator apps import (usually as a QR code).
pub fn otpauth_uri(site: &str, login: &str, secret: &str) -> String {
    let enc = |s: &str| -> String {
        s.bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                    char::from(b).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect()
    };
    format!(
        "otpauth://totp/{}:{}?secret={secret}&issuer={}&algorithm=SHA1&digits=6&period=30",
        enc(site),
        enc(login),
        enc(site)
    )
}

/// Checks a code for `user` and spends its step, so it cannot be used twice.
pub async fn check(core: &Core, user: &User, code_text: &str, now: DateTime<Utc>) -> Result<bool> {
    let store = core.store();
    match matching_step(&user.totp_secret, code_text, now) {
        Some(step) => Ok(store.use_totp_step(user.id, step).await?),
        None => Ok(false),
    }
}

/// Turns two-factor authentication on with `secret`, once the user proved
/// their app has it by sending a current code.
pub async fn enable(
    core: &Core,
    actor: &Actor,
    secret: &str,
    code_text: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let store = core.store();
    let Some(user) = actor.user() else {
        return Err(Error::Forbidden(texts::TOTP_BY_USERS.into()));
    };
    if base32_decode(secret).is_none_or(|s| s.len() < 10) {
        return Err(Error::invalid("secret", texts::TOTP_SECRET));
    }
    let Some(step) = matching_step(secret, code_text, now) else {
        return Err(Error::invalid("code", texts::TOTP_MISMATCH));
    };
    store.set_totp(user.id, secret).await?;
    store.use_totp_step(user.id, step).await?;
    Ok(())
}

/// Turns two-factor authentication off for the signed-in user, who proves
/// it is them with a current code (`Invalid` on `code` otherwise).
pub async fn disable(
    core: &Core,
    actor: &Actor,
    code_text: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let Some(user) = actor.user() else {
        return Err(Error::Forbidden(texts::TOTP_BY_USERS.into()));
    };
    if !check(core, user, code_text, now).await? {
        return Err(Error::invalid("code", texts::TOTP_CODE));
    }
    core.store().set_totp(user.id, "").await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_rfc_6238_test_vectors() {
        // RFC 6238 Appendix B (SHA-1), last six digits of the eight.
        let secret = b"12345678901234567890";
        for (time, expected) in [
            (59i64, 94_287_082u32),
            (1_111_111_109, 7_081_804),
            (1_111_111_111, 14_050_471),
            (1_234_567_890, 89_005_924),
            (2_000_000_000, 69_279_037),
        ] {
            assert_eq!(code(secret, time / 30), expected % 1_000_000, "{time}");
        }
    }

    #[test]
    fn round_trips_base32() {
        assert_eq!(base32_encode(b"foobar"), "MZXW6YTBOI");
        assert_eq!(base32_decode("MZXW6YTBOI======").unwrap(), b"foobar");
        assert_eq!(base32_decode("mzxw 6ytb oi").unwrap(), b"foobar");
        assert!(base32_decode("M1").is_none());
        let s = new_secret();
        assert_eq!(s.len(), 32);
        assert_eq!(base32_decode(&s).unwrap().len(), 20);
    }

    #[test]
    fn accepts_one_step_of_skew_and_nothing_else() {
        let secret = new_secret();
        let raw = base32_decode(&secret).unwrap();
        let now = Utc::now();
        let step = now.timestamp().div_euclid(30);
        let at = |s: i64| format!("{:06}", code(&raw, s));
        assert_eq!(matching_step(&secret, &at(step), now), Some(step));
        assert_eq!(matching_step(&secret, &at(step - 1), now), Some(step - 1));
        assert_eq!(matching_step(&secret, &at(step + 3), now), None);
        assert_eq!(matching_step(&secret, "12345", now), None);
        assert_eq!(matching_step(&secret, "abcdef", now), None);
    }
}
