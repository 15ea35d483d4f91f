//! HTTP details shared by every page: conditional GET (RFC 9110 §13) and
//! permanent redirects.

use axum::body::Body;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};

use crate::cache::CachedPage;

/// `Last-Modified` form (IMF-fixdate).
pub fn http_date(t: DateTime<Utc>) -> String {
    t.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

fn not_modified(page: &CachedPage, headers: &HeaderMap) -> bool {
    if let Some(inm) = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
    {
        // If-None-Match wins over If-Modified-Since when both are sent.
        return inm
            .split(',')
            .map(str::trim)
            .any(|tag| tag == "*" || tag.trim_start_matches("W/") == page.etag);
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

/// Answers a page, or 304 when the client's copy is current.
pub fn conditional(page: &CachedPage, headers: &HeaderMap) -> Response {
    let status = if not_modified(page, headers) {
        StatusCode::NOT_MODIFIED
    } else {
        StatusCode::OK
    };
    let mut builder = Response::builder()
        .status(status)
        .header(header::ETAG, &page.etag)
        .header(header::CACHE_CONTROL, "no-cache");
    if let Some(modified) = page.last_modified {
        builder = builder.header(header::LAST_MODIFIED, http_date(modified));
    }
    let body = if status == StatusCode::OK {
        builder = builder.header(header::CONTENT_TYPE, page.content_type);
        Body::from(page.body.clone())
    } else {
        Body::empty()
    };
    builder
        .body(body)
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
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
