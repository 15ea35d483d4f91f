//! HTTP details shared by every page: conditional GET (RFC 9110 §13) and
//! permanent redirects.

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::DateTime;

use crate::cache::CachedPage;

fn not_modified(page: &CachedPage, headers: &HeaderMap) -> bool {
    if let Some(inm) = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
    {
        // If-None-Match wins over If-Modified-Since when both are sent. A
        // tag of any encoding matches: they all stand for the same content.
        return inm
            .split(',')
            .map(str::trim)
            .any(|tag| tag == "*" || page.matches(tag));
    }
    let since = headers
        .get(header::IF_MODIFIED_SINCE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| DateTime::parse_from_rfc2822(v).ok());
    match (since, page.last_modified) {
        (Some(since), Some(modified)) => modified.timestamp() <= since.timestamp(),
        _ => false,
    }
}

/// Answers a page in the encoding the client prefers among those stored,
/// or 304 when the client's copy is current. Built from stored bytes and
/// header values: a hit copies nothing but reference counts.
pub fn conditional(page: &CachedPage, headers: &HeaderMap) -> Response {
    let (encoding, body, etag) = page.negotiate(headers);
    let fresh = not_modified(page, headers);
    let mut res = if fresh {
        Response::new(Body::empty())
    } else {
        Response::new(Body::from(body.clone()))
    };
    // Sized once for the stored headers and the hot path's three, instead
    // of growing on every page served.
    *res.headers_mut() = HeaderMap::with_capacity(16);
    let h = res.headers_mut();
    h.insert(header::ETAG, etag.clone());
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    if let Some(modified) = page.last_modified_header() {
        h.insert(header::LAST_MODIFIED, modified.clone());
    }
    if page.has_encodings() {
        h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    for (name, value) in page.extra_headers() {
        h.append(name.clone(), value.clone());
    }
    if fresh {
        *res.status_mut() = StatusCode::NOT_MODIFIED;
    } else {
        h.insert(header::CONTENT_TYPE, page.content_type_header().clone());
        // A response that carries Content-Encoding is left alone by the
        // compression layer, so a stored gzip or br body is not packed twice.
        if let Some(coding) = encoding.header() {
            h.insert(header::CONTENT_ENCODING, HeaderValue::from_static(coding));
        }
    }
    res
}

/// 301 to a path on this site, keeping the query string.
pub fn redirect(path: &str, query: Option<&str>) -> Response {
    let location = match query {
        Some(q) if !q.is_empty() => format!("{path}?{q}"),
        _ => path.to_owned(),
    };
    let encoded: String = percent_encoding::utf8_percent_encode(&location, LOCATION).to_string();
    (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, encoded)]).into_response()
}

// Everything outside visible ASCII is escaped so umlaut slugs make valid headers.
const LOCATION: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>');
