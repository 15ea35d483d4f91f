//! A cached page and its encodings. The body is compressed once when the
//! page is stored ([`CachedPage::compressed`]), not per request: a hot page
//! is asked for thousands of times a minute, and brotli or gzip on every
//! answer would cost more than rendering it did.

use std::sync::Arc;

use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue, header};
use chrono::{DateTime, Utc};

/// Smallest body worth compressing: below this the framing eats the gain.
const MIN_COMPRESS: usize = 1024;
/// gzip level 6 and brotli quality 5: most of the gain of the top levels at
/// a fraction of their render-time cost (they run once per stored page).
const GZIP_LEVEL: u32 = 6;
const BROTLI_QUALITY: i32 = 5;
const BROTLI_WINDOW: i32 = 22;

/// `Last-Modified` form (IMF-fixdate, RFC 9110 §5.6.7).
pub fn http_date(t: DateTime<Utc>) -> String {
    t.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

/// A content coding the cache stores (RFC 9110 §8.4.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// The body as rendered.
    Identity,
    /// `gzip`.
    Gzip,
    /// `br` (RFC 7932).
    Brotli,
}

impl Encoding {
    /// The `Content-Encoding` value, `None` for identity.
    pub fn header(self) -> Option<&'static str> {
        match self {
            Self::Identity => None,
            Self::Gzip => Some("gzip"),
            Self::Brotli => Some("br"),
        }
    }
}

/// One stored form of a body: the bytes and their own validator (a gzip
/// body is a different representation from the plain one, RFC 9110 §8.8.3).
#[derive(Debug, Clone)]
pub struct Variant {
    /// How `body` is encoded.
    pub encoding: Encoding,
    /// The bytes sent.
    pub body: Bytes,
    /// `ETag` value, ready for the header.
    pub etag: HeaderValue,
}

/// A finished response body with what conditional GET needs.
#[derive(Debug, Clone)]
pub struct CachedPage {
    /// Response body.
    pub body: Bytes,
    /// `Content-Type` header value.
    pub content_type: &'static str,
    /// Strong validator: a hash of the body.
    pub etag: String,
    /// Newest change of the content shown.
    pub last_modified: Option<DateTime<Utc>>,
    /// Shared, so a cache hit clones a pointer, not the list.
    tags: Arc<[String]>,
    /// Header values built once, so a hit formats nothing.
    content_type_value: HeaderValue,
    etag_value: HeaderValue,
    last_modified_value: Option<HeaderValue>,
    /// br first, then gzip: the order they are preferred in.
    encoded: Vec<Variant>,
    /// Headers every answer with this page carries (the Pingback and
    /// Webmention endpoints of HTML pages), built at render time.
    extra: Vec<(header::HeaderName, HeaderValue)>,
}

impl CachedPage {
    /// Wraps a rendered body.
    pub fn new(
        body: String,
        content_type: &'static str,
        last_modified: Option<DateTime<Utc>>,
    ) -> Self {
        let etag = etag_of(body.as_bytes());
        // Hex in quotes and an IMF-fixdate are always valid header values.
        let etag_value =
            HeaderValue::from_str(&etag).unwrap_or_else(|_| HeaderValue::from_static("\"\""));
        let last_modified_value =
            last_modified.and_then(|t| HeaderValue::from_str(&http_date(t)).ok());
        let content_type_value = HeaderValue::from_str(content_type)
            .unwrap_or_else(|_| HeaderValue::from_static("application/octet-stream"));
        Self {
            body: Bytes::from(body),
            content_type,
            content_type_value,
            etag,
            last_modified,
            tags: Arc::from(Vec::new()),
            etag_value,
            last_modified_value,
            encoded: Vec::new(),
            extra: Vec::new(),
        }
    }

    /// The page with headers every answer with it carries.
    pub fn with_headers(mut self, extra: Vec<(header::HeaderName, HeaderValue)>) -> Self {
        self.extra = extra;
        self
    }

    /// Headers every answer with it carries.
    pub fn extra_headers(&self) -> &[(header::HeaderName, HeaderValue)] {
        &self.extra
    }

    /// The page with the cache tags it depends on.
    pub fn tagged(mut self, tags: impl IntoIterator<Item = String>) -> Self {
        let mut all: Vec<String> = self.tags.iter().cloned().chain(tags).collect();
        all.sort_unstable();
        all.dedup();
        self.tags = all.into();
        self
    }

    /// Its cache tags.
    pub fn tags(&self) -> &[String] {
        &self.tags
    }

    /// `Content-Type`, ready for the header.
    pub fn content_type_header(&self) -> &HeaderValue {
        &self.content_type_value
    }

    /// `Last-Modified`, ready for the header.
    pub fn last_modified_header(&self) -> Option<&HeaderValue> {
        self.last_modified_value.as_ref()
    }

    /// Whether compressed forms are stored (responses then vary by
    /// `Accept-Encoding` even when the plain body is sent).
    pub fn has_encodings(&self) -> bool {
        !self.encoded.is_empty()
    }

    /// The page with brotli and gzip forms of its body, each kept only when
    /// it is smaller than the body; bodies under 1 KiB stay as they are.
    pub fn compressed(mut self) -> Self {
        if self.body.len() < MIN_COMPRESS || !self.encoded.is_empty() {
            return self;
        }
        let base = self.etag.trim_end_matches('"');
        for (encoding, packed, suffix) in [
            (Encoding::Brotli, brotli(&self.body), "-br\""),
            (Encoding::Gzip, gzip(&self.body), "-gz\""),
        ] {
            let Some(packed) = packed.filter(|p| p.len() < self.body.len()) else {
                continue;
            };
            let Ok(etag) = HeaderValue::from_str(&format!("{base}{suffix}")) else {
                continue;
            };
            self.encoded.push(Variant {
                encoding,
                body: Bytes::from(packed),
                etag,
            });
        }
        self
    }

    /// Its compressed forms, preferred first.
    pub fn variants(&self) -> &[Variant] {
        &self.encoded
    }

    #[cfg(test)]
    pub(crate) fn encoded_len(&self) -> usize {
        self.encoded.len()
    }

    /// Bytes this page holds in memory (bodies, tags, validators).
    pub fn size(&self) -> usize {
        let variants: usize = self
            .encoded
            .iter()
            .map(|v| v.body.len() + v.etag.len() + std::mem::size_of::<Variant>())
            .sum();
        let tags: usize = self.tags.iter().map(|t| t.len() + 24).sum();
        let extra: usize = self.extra.iter().map(|(_, v)| v.len() + 64).sum();
        self.body.len()
            + variants
            + tags
            + extra
            + self.etag.len() * 2
            + std::mem::size_of::<Self>()
    }

    /// The form to send for the request's `Accept-Encoding`: br, then gzip,
    /// then the plain body; a coding with `q=0` (or one refused by `*;q=0`)
    /// is never chosen. Borrowed, so a hit clones only reference counts.
    pub fn negotiate(&self, headers: &HeaderMap) -> (Encoding, &Bytes, &HeaderValue) {
        if !self.encoded.is_empty() {
            let accepted = Accepted::parse(headers);
            for v in &self.encoded {
                if accepted.allows(v.encoding) {
                    return (v.encoding, &v.body, &v.etag);
                }
            }
        }
        (Encoding::Identity, &self.body, &self.etag_value)
    }

    /// Whether an `If-None-Match` entity tag names this page in any of its
    /// encodings (weak comparison, RFC 9110 §13.1.2).
    pub fn matches(&self, tag: &str) -> bool {
        let tag = tag.trim_start_matches("W/");
        tag == self.etag
            || self
                .encoded
                .iter()
                .any(|v| v.etag.as_bytes() == tag.as_bytes())
    }
}

/// What an `Accept-Encoding` allows of the codings we store: an explicit
/// entry wins over `*`; no header at all means the plain body.
#[derive(Debug, Default)]
struct Accepted {
    br: Option<bool>,
    gzip: Option<bool>,
    any: Option<bool>,
}

impl Accepted {
    fn parse(headers: &HeaderMap) -> Self {
        let mut out = Self::default();
        for value in headers.get_all(header::ACCEPT_ENCODING) {
            let Ok(value) = value.to_str() else { continue };
            for item in value.split(',') {
                let mut parts = item.split(';');
                let name = parts.next().unwrap_or("").trim();
                let q = parts
                    .filter_map(|p| {
                        let (k, v) = p.split_once('=')?;
                        k.trim()
                            .eq_ignore_ascii_case("q")
                            .then(|| v.trim().parse::<f32>().ok())?
                    })
                    .next()
                    .unwrap_or(1.0);
                let ok = q > 0.0;
                if name.eq_ignore_ascii_case("br") {
                    out.br = Some(ok);
                } else if name.eq_ignore_ascii_case("gzip") || name.eq_ignore_ascii_case("x-gzip") {
                    out.gzip = Some(ok);
                } else if name == "*" {
                    out.any = Some(ok);
                }
            }
        }
        out
    }

    fn allows(&self, encoding: Encoding) -> bool {
        let explicit = match encoding {
            Encoding::Brotli => self.br,
            Encoding::Gzip => self.gzip,
            Encoding::Identity => return true,
        };
        explicit.or(self.any).unwrap_or(false)
    }
}

/// A strong validator for `body`: 128 bits of two seeded foldhash passes,
/// in quotes. The validator only has to tell versions of one URL apart and
/// be the same on every instance (fixed seeds); SHA-256 did that too, at
/// ten times the cost, 3 % of an uncached post page.
fn etag_of(body: &[u8]) -> String {
    use std::hash::BuildHasher;
    let [a, b] = [0x6265_6974_7261_6721, 0x6574_6167_2d76_3121]
        .map(|seed| foldhash::fast::FixedState::with_seed(seed).hash_one(body));
    format!("\"{a:016x}{b:016x}\"")
}

fn gzip(body: &[u8]) -> Option<Vec<u8>> {
    use std::io::Write;
    let mut enc = flate2::write::GzEncoder::new(
        Vec::with_capacity(body.len() / 3),
        flate2::Compression::new(GZIP_LEVEL),
    );
    enc.write_all(body).ok()?;
    enc.finish().ok()
}

fn brotli(body: &[u8]) -> Option<Vec<u8>> {
    let params = brotli::enc::BrotliEncoderParams {
        quality: BROTLI_QUALITY,
        lgwin: BROTLI_WINDOW,
        size_hint: body.len(),
        ..Default::default()
    };
    let mut out = Vec::with_capacity(body.len() / 3);
    brotli::BrotliCompress(&mut &body[..], &mut out, &params).ok()?;
    Some(out)
}
