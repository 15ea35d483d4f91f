//! HTTP signatures as Mastodon sends and expects them:
//! [draft-cavage-http-signatures-12](https://datatracker.ietf.org/doc/html/draft-cavage-http-signatures-12),
//! `rsa-sha256` (also announced as `hs2019`), over `(request-target)`,
//! `host`, `date` and, with a body, `digest`.

use chrono::{DateTime, Utc};
use http::{HeaderMap, HeaderName, HeaderValue};

use crate::keys::{self, Signer};
use crate::{FederationError, digest};

/// A `Signature` header, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// The key's URL (usually the actor's id with `#main-key`).
    pub key_id: String,
    /// `rsa-sha256`, `hs2019` or absent.
    pub algorithm: Option<String>,
    /// The covered components, lower-case, in order.
    pub headers: Vec<String>,
    /// The signature bytes.
    pub signature: Vec<u8>,
    /// `(created)`, seconds since the epoch.
    pub created: Option<i64>,
    /// `(expires)`, seconds since the epoch.
    pub expires: Option<i64>,
}

/// Reads the `Signature` header (or `Authorization: Signature …`).
pub fn read(headers: &HeaderMap) -> Result<Signature, FederationError> {
    let value = if let Some(v) = headers.get("signature") {
        v.to_str().map_err(|_| bad("not text"))?
    } else if let Some(v) = headers.get(http::header::AUTHORIZATION) {
        let v = v.to_str().map_err(|_| bad("not text"))?;
        v.strip_prefix("Signature ")
            .ok_or(FederationError::Unsigned)?
    } else {
        return Err(FederationError::Unsigned);
    };
    parse(value)
}

fn bad(why: &str) -> FederationError {
    FederationError::BadSignature(format!("Signature header: {why}"))
}

/// Parses `keyId="…",algorithm="…",headers="…",signature="…"`.
pub fn parse(value: &str) -> Result<Signature, FederationError> {
    let mut key_id = None;
    let mut algorithm = None;
    let mut names = None;
    let mut signature = None;
    let mut created = None;
    let mut expires = None;
    for (name, v) in params(value)? {
        match name.as_str() {
            "keyid" => key_id = Some(v),
            "algorithm" => algorithm = Some(v.to_ascii_lowercase()),
            "headers" => {
                names = Some(
                    v.split_ascii_whitespace()
                        .map(str::to_ascii_lowercase)
                        .collect::<Vec<_>>(),
                );
            }
            "signature" => {
                signature =
                    Some(crate::b64_decode(&v).ok_or_else(|| bad("signature is not base64"))?)
            }
            "created" => created = Some(v.parse().map_err(|_| bad("created is not a number"))?),
            "expires" => expires = Some(v.parse().map_err(|_| bad("expires is not a number"))?),
            _ => {}
        }
    }
    if let Some(a) = &algorithm
        && a != "rsa-sha256"
        && a != "hs2019"
    {
        return Err(bad(&format!("algorithm {a:?} is not supported")));
    }
    Ok(Signature {
        key_id: key_id.ok_or_else(|| bad("no keyId"))?,
        algorithm,
        // The draft's default when `headers` is absent.
        headers: names.unwrap_or_else(|| vec!["date".to_owned()]),
        signature: signature.ok_or_else(|| bad("no signature"))?,
        created,
        expires,
    })
}

/// `name="value"` pairs separated by commas (names lower-cased); numbers
/// may come unquoted.
fn params(value: &str) -> Result<Vec<(String, String)>, FederationError> {
    let mut out = Vec::new();
    let mut rest = value.trim();
    while !rest.is_empty() {
        let eq = rest
            .find('=')
            .ok_or_else(|| bad("a parameter has no value"))?;
        let name = rest[..eq].trim().to_ascii_lowercase();
        rest = &rest[eq + 1..];
        let v;
        if let Some(quoted) = rest.strip_prefix('"') {
            let end = quoted
                .find('"')
                .ok_or_else(|| bad("an unterminated quote"))?;
            v = quoted[..end].to_owned();
            rest = &quoted[end + 1..];
        } else {
            let end = rest.find(',').unwrap_or(rest.len());
            v = rest[..end].trim().to_owned();
            rest = &rest[end..];
        }
        out.push((name, v));
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix(',') {
            rest = after.trim_start();
        } else if !rest.is_empty() {
            return Err(bad("parameters must be separated by commas"));
        }
    }
    Ok(out)
}

/// The string the signature covers (draft §2.3).
pub fn signing_string(
    sig_headers: &[String],
    method: &str,
    path_and_query: &str,
    headers: &HeaderMap,
    created: Option<i64>,
    expires: Option<i64>,
) -> Result<String, FederationError> {
    let mut lines = Vec::with_capacity(sig_headers.len());
    for name in sig_headers {
        let value = match name.as_str() {
            "(request-target)" => format!("{} {path_and_query}", method.to_ascii_lowercase()),
            "(created)" => created
                .ok_or_else(|| bad("(created) is signed but not given"))?
                .to_string(),
            "(expires)" => expires
                .ok_or_else(|| bad("(expires) is signed but not given"))?
                .to_string(),
            header => {
                let values: Vec<&str> = headers
                    .get_all(header)
                    .iter()
                    .map(|v| v.to_str().map(str::trim))
                    .collect::<Result<_, _>>()
                    .map_err(|_| bad("a signed header is not text"))?;
                if values.is_empty() {
                    return Err(bad(&format!("the signed header {header} is missing")));
                }
                values.join(", ")
            }
        };
        lines.push(format!("{name}: {value}"));
    }
    Ok(lines.join("\n"))
}

/// What an inbound request must have signed, and how old it may be.
#[derive(Debug, Clone, Copy)]
pub struct Rules {
    /// Largest difference between `Date`/`(created)` and now, either way.
    pub max_skew: chrono::Duration,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            max_skew: chrono::Duration::hours(1),
        }
    }
}

/// Checks everything but the key: the covered components, the time and
/// the body's digest. Returns the signing string to verify against the key.
pub fn prepare(
    sig: &Signature,
    method: &str,
    path_and_query: &str,
    headers: &HeaderMap,
    body: Option<&[u8]>,
    now: DateTime<Utc>,
    rules: Rules,
) -> Result<String, FederationError> {
    let covers = |n: &str| sig.headers.iter().any(|h| h == n);
    if !covers("(request-target)") {
        return Err(bad("(request-target) is not signed"));
    }
    if !covers("host") {
        return Err(bad("host is not signed"));
    }
    let signed_at = if covers("(created)") {
        sig.created
            .and_then(|s| DateTime::from_timestamp(s, 0))
            .ok_or_else(|| bad("(created) is not a time"))?
    } else if covers("date") {
        let date = headers
            .get(http::header::DATE)
            .and_then(|v| v.to_str().ok())
            .ok_or_else(|| bad("no Date header"))?;
        let t = httpdate::parse_http_date(date).map_err(|_| bad("Date is not an HTTP date"))?;
        DateTime::<Utc>::from(t)
    } else {
        return Err(bad("neither date nor (created) is signed"));
    };
    if (now - signed_at).abs() > rules.max_skew {
        return Err(FederationError::BadSignature(
            "the signature's date is too far from now".to_owned(),
        ));
    }
    if let Some(exp) = sig.expires
        && exp < now.timestamp()
    {
        return Err(FederationError::BadSignature(
            "the signature has expired".to_owned(),
        ));
    }
    if let Some(body) = body {
        if !covers("digest") && !covers("content-digest") {
            return Err(bad("the body's digest is not signed"));
        }
        digest::check(headers, body)?;
    }
    signing_string(
        &sig.headers,
        method,
        path_and_query,
        headers,
        sig.created,
        sig.expires,
    )
}

/// Whether the prepared `signing_string` was signed by `public_pem`.
pub fn verify(sig: &Signature, signing_string: &str, public_pem: &str) -> bool {
    keys::verify(public_pem, signing_string.as_bytes(), &sig.signature)
}

/// Signs an outbound request: adds `Host`, `Date`, with a body `Digest`,
/// and `Signature` to `headers`.
pub fn sign(
    signer: &Signer,
    key_id: &str,
    method: &str,
    url: &url::Url,
    headers: &mut HeaderMap,
    body: Option<&[u8]>,
    now: DateTime<Utc>,
) -> Result<(), FederationError> {
    let host = match url.port() {
        Some(p) => format!("{}:{p}", url.host_str().unwrap_or_default()),
        None => url.host_str().unwrap_or_default().to_owned(),
    };
    let date = httpdate::fmt_http_date(now.into());
    insert(headers, http::header::HOST, &host)?;
    insert(headers, http::header::DATE, &date)?;
    let mut names = vec![
        "(request-target)".to_owned(),
        "host".to_owned(),
        "date".to_owned(),
    ];
    if let Some(body) = body {
        insert(
            headers,
            HeaderName::from_static("digest"),
            &digest::header(body),
        )?;
        names.push("digest".to_owned());
        if headers.contains_key(http::header::CONTENT_TYPE) {
            names.push("content-type".to_owned());
        }
    }
    let mut target = url.path().to_owned();
    if let Some(q) = url.query() {
        target.push('?');
        target.push_str(q);
    }
    let text = signing_string(&names, method, &target, headers, None, None)?;
    let sig = crate::b64_encode(&signer.sign(text.as_bytes())?);
    let value = format!(
        "keyId=\"{key_id}\",algorithm=\"rsa-sha256\",headers=\"{}\",signature=\"{sig}\"",
        names.join(" ")
    );
    insert(headers, HeaderName::from_static("signature"), &value)
}

fn insert(headers: &mut HeaderMap, name: HeaderName, value: &str) -> Result<(), FederationError> {
    let v = HeaderValue::from_str(value)
        .map_err(|_| FederationError::BadSignature(format!("{name} is not a header value")))?;
    headers.insert(name, v);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signed(body: &[u8], now: DateTime<Utc>) -> (HeaderMap, keys::NewKey) {
        let key = keys::generate().unwrap();
        let signer = Signer::from_pem(&key.private_pem).unwrap();
        let url = url::Url::parse("http://127.0.0.1:8081/inbox?x=1").unwrap();
        let mut h = HeaderMap::new();
        h.insert(
            http::header::CONTENT_TYPE,
            HeaderValue::from_static("application/activity+json"),
        );
        sign(
            &signer,
            "http://a.example/actor#main-key",
            "POST",
            &url,
            &mut h,
            Some(body),
            now,
        )
        .unwrap();
        (h, key)
    }

    #[test]
    fn a_signed_request_verifies_and_a_changed_one_does_not() {
        let now = Utc::now();
        let (h, key) = signed(b"{}", now);
        let sig = read(&h).unwrap();
        assert_eq!(sig.key_id, "http://a.example/actor#main-key");
        assert_eq!(
            sig.headers,
            ["(request-target)", "host", "date", "digest", "content-type"]
        );
        let text = prepare(
            &sig,
            "POST",
            "/inbox?x=1",
            &h,
            Some(b"{}"),
            now,
            Rules::default(),
        )
        .unwrap();
        assert!(verify(&sig, &text, &key.public_pem));
        // Another path, another body, another time: refused.
        let other = prepare(
            &sig,
            "POST",
            "/other",
            &h,
            Some(b"{}"),
            now,
            Rules::default(),
        )
        .unwrap();
        assert!(!verify(&sig, &other, &key.public_pem));
        assert!(
            prepare(
                &sig,
                "POST",
                "/inbox?x=1",
                &h,
                Some(b"[]"),
                now,
                Rules::default()
            )
            .is_err()
        );
        let later = now + chrono::Duration::hours(2);
        assert!(
            prepare(
                &sig,
                "POST",
                "/inbox?x=1",
                &h,
                Some(b"{}"),
                later,
                Rules::default()
            )
            .is_err()
        );
    }

    #[test]
    fn mastodon_style_headers_parse() {
        let v = r#"keyId="https://m.example/users/a#main-key",algorithm="rsa-sha256",headers="(request-target) host date digest content-type",signature="AAAA""#;
        let s = parse(v).unwrap();
        assert_eq!(s.headers.len(), 5);
        assert_eq!(s.signature, vec![0, 0, 0]);
        let unquoted = parse(r#"keyId="k", algorithm="hs2019", created=1700000000, headers="(request-target) (created)", signature="AAAA""#).unwrap();
        assert_eq!(unquoted.created, Some(1_700_000_000));
    }

    #[test]
    fn hostile_signature_headers_are_refused() {
        for v in [
            "",
            "keyId",
            r#"keyId="k""#,
            r#"keyId="k",signature="%%%""#,
            r#"keyId="k",signature="AAAA",algorithm="ecdsa-sha1""#,
            r#"keyId="k" signature="AAAA""#,
            r#"keyId="k,signature="AAAA"#,
        ] {
            assert!(parse(v).is_err(), "{v}");
        }
    }

    #[test]
    fn missing_coverage_is_refused() {
        let now = Utc::now();
        let (h, _) = signed(b"{}", now);
        let mut sig = read(&h).unwrap();
        sig.headers.retain(|n| n != "digest");
        assert!(
            prepare(
                &sig,
                "POST",
                "/inbox?x=1",
                &h,
                Some(b"{}"),
                now,
                Rules::default()
            )
            .is_err()
        );
        sig.headers.retain(|n| n != "host");
        assert!(prepare(&sig, "POST", "/inbox?x=1", &h, None, now, Rules::default()).is_err());
    }
}
