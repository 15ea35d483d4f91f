//! The body's hash a signature covers: `Digest: SHA-256=…` (RFC 3230, with
//! draft-cavage) or `Content-Digest: sha-256=:…:` (RFC 9530, with RFC 9421).

use aws_lc_rs::digest::{SHA256, digest};
use http::HeaderMap;

use crate::FederationError;

/// `SHA-256=<base64>` of `body`.
pub fn header(body: &[u8]) -> String {
    format!(
        "SHA-256={}",
        crate::b64_encode(digest(&SHA256, body).as_ref())
    )
}

/// `sha-256=:<base64>:` of `body`.
pub fn content_digest(body: &[u8]) -> String {
    format!(
        "sha-256=:{}:",
        crate::b64_encode(digest(&SHA256, body).as_ref())
    )
}

/// Checks that the request names a SHA-256 digest and that it matches.
/// Unknown algorithms are skipped; at least one SHA-256 must be present.
pub fn check(headers: &HeaderMap, body: &[u8]) -> Result<(), FederationError> {
    let ours = digest(&SHA256, body);
    let mut seen = false;
    for value in headers.get_all("digest") {
        let value = value.to_str().map_err(|_| bad())?;
        for part in value.split(',') {
            let Some((alg, b64)) = part.trim().split_once('=') else {
                return Err(bad());
            };
            if alg.eq_ignore_ascii_case("sha-256") {
                seen = true;
                if crate::b64_decode(b64).as_deref() != Some(ours.as_ref()) {
                    return Err(mismatch());
                }
            }
        }
    }
    for value in headers.get_all("content-digest") {
        let value = value.to_str().map_err(|_| bad())?;
        for part in value.split(',') {
            let Some((alg, rest)) = part.trim().split_once('=') else {
                return Err(bad());
            };
            if alg.trim() == "sha-256" {
                seen = true;
                let b64 = rest
                    .trim()
                    .strip_prefix(':')
                    .and_then(|r| r.strip_suffix(':'))
                    .ok_or_else(bad)?;
                if crate::b64_decode(b64).as_deref() != Some(ours.as_ref()) {
                    return Err(mismatch());
                }
            }
        }
    }
    if seen { Ok(()) } else { Err(bad()) }
}

fn bad() -> FederationError {
    FederationError::BadSignature("no readable SHA-256 digest of the body".to_owned())
}

fn mismatch() -> FederationError {
    FederationError::BadSignature("the body does not match its digest".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn with(name: &'static str, v: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(name, HeaderValue::from_str(v).unwrap());
        h
    }

    #[test]
    fn both_forms_check_and_a_changed_body_fails() {
        assert!(check(&with("digest", &header(b"abc")), b"abc").is_ok());
        assert!(check(&with("content-digest", &content_digest(b"abc")), b"abc").is_ok());
        assert!(check(&with("digest", &header(b"abc")), b"abd").is_err());
        assert!(check(&with("content-digest", &content_digest(b"abc")), b"abd").is_err());
        // The RFC 3230 example value of "hello world", not ours.
        assert!(check(&with("digest", "MD5=XrY7u+Ae7tCTyyK7j1rNww=="), b"x").is_err());
        assert!(check(&HeaderMap::new(), b"x").is_err());
        assert!(check(&with("content-digest", "sha-256=AAAA"), b"x").is_err());
    }
}
