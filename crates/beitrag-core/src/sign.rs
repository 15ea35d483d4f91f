//! Signed values for anonymous visitors: the comment form's token (which
//! post, when it was shown) and the cookie that lets a commenter see their
//! own comments while they wait for moderation; the WebSub hub's body
//! signatures. HMAC-SHA256 with the
//! site's secret; nothing is stored server-side.

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Signs and checks short strings.
#[derive(Clone)]
pub struct Signer {
    key: Vec<u8>,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Signer(***)")
    }
}

impl Signer {
    /// A signer with the site's secret.
    pub fn new(secret: &str) -> Self {
        Self {
            key: secret.as_bytes().to_vec(),
        }
    }

    fn mac(&self, purpose: &str, payload: &str) -> String {
        // `new_from_slice` accepts keys of any length for HMAC.
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(&self.key) else {
            return String::new();
        };
        mac.update(purpose.as_bytes());
        mac.update(b"\0");
        mac.update(payload.as_bytes());
        mac.finalize()
            .into_bytes()
            .iter()
            .take(16)
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    /// `payload.signature`.
    pub fn sign(&self, purpose: &str, payload: &str) -> String {
        format!("{payload}.{}", self.mac(purpose, payload))
    }

    /// The payload when the signature is right.
    pub fn verify<'a>(&self, purpose: &str, signed: &'a str) -> Option<&'a str> {
        let (payload, sig) = signed.rsplit_once('.')?;
        let expected = self.mac(purpose, payload);
        // Constant-time comparison: a timing difference would leak the MAC.
        let same = expected.len() == sig.len()
            && expected
                .bytes()
                .zip(sig.bytes())
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0;
        same.then_some(payload)
    }

    /// A form token for `post` issued at `now` (Unix seconds).
    pub fn form_token(&self, post: i64, now: i64) -> String {
        self.sign("comment-form", &format!("{post}-{now}"))
    }

    /// Seconds since the token for `post` was issued, when it is genuine.
    pub fn token_age(&self, token: &str, post: i64, now: i64) -> Option<i64> {
        let payload = self.verify("comment-form", token)?;
        let (p, issued) = payload.split_once('-')?;
        (p.parse::<i64>().ok()? == post).then_some(())?;
        Some(now - issued.parse::<i64>().ok()?)
    }

    /// Cookie value listing a commenter's pending comment ids.
    pub fn pending_cookie(&self, ids: &[i64]) -> String {
        let list: Vec<String> = ids.iter().map(i64::to_string).collect();
        self.sign("pending", &list.join("-"))
    }

    /// Ids from a pending cookie, when genuine.
    pub fn pending_ids(&self, cookie: &str) -> Vec<i64> {
        self.verify("pending", cookie)
            .map(|p| {
                p.split('-')
                    .filter_map(|s| s.parse().ok())
                    .take(20)
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// `sha256=<hex>`: the HMAC-SHA256 of a delivered body keyed with the
/// subscriber's `hub.secret`, for the `X-Hub-Signature` header
/// ([WebSub §8](https://www.w3.org/TR/websub/#authenticated-content-distribution)).
pub fn hub_signature(secret: &str, body: &[u8]) -> String {
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else {
        return String::new();
    };
    mac.update(body);
    let hex: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("sha256={hex}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_own_tokens_and_rejects_forgeries() {
        let s = Signer::new("geheim");
        let t = s.form_token(42, 1000);
        assert_eq!(s.token_age(&t, 42, 1010), Some(10));
        assert_eq!(s.token_age(&t, 43, 1010), None);
        assert_eq!(s.token_age(&t.replace("42-", "41-"), 41, 1010), None);
        assert_eq!(Signer::new("anders").token_age(&t, 42, 1010), None);
        let c = s.pending_cookie(&[5, 9]);
        assert_eq!(s.pending_ids(&c), vec![5, 9]);
        assert!(s.pending_ids("5-9.deadbeef").is_empty());
    }

    #[test]
    fn signs_hub_bodies_as_rfc_4231_says() {
        // RFC 4231 test case 2.
        assert_eq!(
            hub_signature("Jefe", b"what do ya want for nothing?"),
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }
}
