//! `/search?q=…&page=N`: the blog's full-text search (WordPress's `/?s=`
//! redirects here). Results are never cached: the page cache is keyed by
//! path, and searches are as many as readers can type.

use axum::extract::{RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use beitrag_core::search::{MAX_MATCHES, MAX_QUERY_CHARS, MAX_TERMS, QueryError, Segment};
use beitrag_core::service::search;
use fluent_bundle::FluentValue;
use serde::Serialize;
use serde_json::json;

use super::pages::{feed_links, t};
use crate::error::WebError;
use crate::state::AppState;
use crate::views::{self, Head, PostView};

/// Beyond this page a search answers 404, like an archive past its end.
const MAX_PAGE: i64 = 1_000;

#[derive(Debug, Serialize)]
struct HitView {
    post: PostView,
    title: Vec<Segment>,
    snippet: Vec<Segment>,
}

/// The `q` and `page` of a query string; a bad page number is page 1.
fn params(query: Option<&str>) -> (String, i64) {
    let mut q = String::new();
    let mut page = 1;
    for (k, v) in url::form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
        match k.as_ref() {
            "q" => q = v.trim().to_owned(),
            "page" => page = v.parse::<i64>().ok().filter(|n| *n >= 1).unwrap_or(1),
            _ => {}
        }
    }
    (q, page)
}

/// The search URL of `q`, page `n`.
pub(crate) fn search_path(q: &str, n: i64) -> String {
    let mut s = url::form_urlencoded::Serializer::new(String::new());
    s.append_pair("q", q);
    if n > 1 {
        s.append_pair("page", &n.to_string());
    }
    format!("/search?{}", s.finish())
}

/// `GET /search`
pub(crate) async fn page(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Response, WebError> {
    let (q, n) = params(query.as_deref());
    if n > MAX_PAGE {
        return Err(WebError::NotFound);
    }
    let site = state.site().await?;
    let lang = site.settings.language.as_str();
    let per_page = i64::from(site.settings.posts_per_page);
    let (status, results, error) = match search::find(state.read(), lang, &q, n, per_page).await? {
        Ok(r) => (StatusCode::OK, Some(r), None),
        Err(e) => {
            let (key, max) = match e {
                QueryError::TooLong => ("search-too-long", MAX_QUERY_CHARS),
                QueryError::TooManyTerms => ("search-too-many", MAX_TERMS),
            };
            let args = ("max", FluentValue::from(max));
            (
                StatusCode::BAD_REQUEST,
                None,
                Some(t(&state, &site, key, &[args])),
            )
        }
    };
    let total = results.as_ref().map_or(0, |r| r.total);
    let asked = results.as_ref().is_some_and(|r| !r.expr.is_empty());
    let hits: Vec<HitView> = results
        .map(|r| r.hits)
        .unwrap_or_default()
        .into_iter()
        .map(|h| HitView {
            post: views::post_view(&site, state.i18n(), &h.card),
            title: h.title,
            snippet: h.snippet,
        })
        .collect();
    if n > 1 && hits.is_empty() {
        return Err(WebError::NotFound);
    }
    let heading = if q.is_empty() {
        t(&state, &site, "search-title", &[])
    } else {
        t(
            &state,
            &site,
            "search-heading",
            &[("q", FluentValue::from(q.clone()))],
        )
    };
    let newer_url = (n > 1).then(|| site.url(&search_path(&q, n - 1)));
    let shown = (n - 1) * per_page + hits.len() as i64;
    let older_url = (shown < total).then(|| site.url(&search_path(&q, n + 1)));
    let head = Head {
        title: format!("{heading} – {}", site.settings.title),
        canonical: site.url(&search_path(&q, n)),
        description: site.settings.tagline.clone(),
        og_type: "website",
        og_locale: views::og_locale(lang),
        jsonld: views::jsonld(&json!({
            "@context": "https://schema.org",
            "@type": "SearchResultsPage",
            "name": heading,
        })),
        feeds: feed_links(&state, &site, Vec::new()),
        prev_url: newer_url.clone(),
        next_url: older_url.clone(),
    };
    let sidebar = state.sidebar(&site).await?;
    let html = state.templates().render_page(
        "search.html",
        &site,
        Some(&sidebar),
        json!({
            "head": head,
            "noindex": true,
            "heading": heading,
            "q": q,
            "asked": asked,
            "error": error,
            "total": total,
            "capped": total >= MAX_MATCHES,
            "hits": hits,
            "page_number": n,
            "newer_url": newer_url,
            "older_url": older_url,
        }),
    )?;
    Ok((
        status,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        html,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_writes_its_query() {
        assert_eq!(
            params(Some("q=F%C3%BChrung+neu&page=3")),
            ("Führung neu".into(), 3)
        );
        assert_eq!(params(Some("page=-1&q=%20x%20")), ("x".into(), 1));
        assert_eq!(params(None), (String::new(), 1));
        assert_eq!(search_path("a&b c", 2), "/search?q=a%26b+c&page=2");
    }
}
