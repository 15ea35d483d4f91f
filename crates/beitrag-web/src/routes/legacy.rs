//! Addresses a WordPress blog answered at, so that every link to a blog
//! that moved here still arrives: the query forms (`/?p=12`, `/?cat=3`,
//! `/?feed=rss2`) and WordPress's own paths (`/wp-admin/`,
//! `/wp-login.php`). Each answers 301 to where the thing is now, or 404;
//! none renders a page. The import records what only it knows (which old
//! id became which post, term or author) as redirects whose source is the
//! query form, so renaming a post later keeps them right.

use axum::response::Response;
use beitrag_core::model::{PostKind, PostStatus};
use chrono::Utc;

use super::http;
use crate::error::WebError;
use crate::state::{AppState, Site};

/// The query keys WordPress routes by, in the order it looks at them.
const KEYS: &[&str] = &[
    "p",
    "page_id",
    "attachment_id",
    "cat",
    "tag",
    "tag_id",
    "author",
    "m",
    "feed",
    "s",
    "paged",
];

/// Where one of WordPress's own paths lives here.
pub(crate) fn path(path: &str) -> Option<&'static str> {
    if path == "/wp-admin" || path.starts_with("/wp-admin/") {
        return Some("/admin/");
    }
    match path {
        "/wp-login.php" => Some("/admin/login"),
        "/wp-sitemap.xml" => Some("/sitemap.xml"),
        "/wp-json" | "/wp-json/" => Some("/api/v1/openapi.json"),
        _ => None,
    }
}

/// Whether a query on the home page is one of WordPress's.
pub(crate) fn is_wordpress_query(query: &str) -> bool {
    url::form_urlencoded::parse(query.as_bytes()).any(|(k, _)| KEYS.contains(&k.as_ref()))
}

fn number(v: &str) -> Option<i64> {
    v.parse::<i64>().ok().filter(|n| *n > 0)
}

/// The answer to a WordPress query on the home page.
pub(crate) async fn query(
    state: &AppState,
    site: &Site,
    query: &str,
) -> Result<Response, WebError> {
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.trim().to_owned()))
        .collect();
    let get = |key: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    };
    let paged = get("paged").and_then(number).filter(|n| *n > 1);
    let key = KEYS
        .iter()
        .copied()
        .find(|k| get(k).is_some())
        .ok_or(WebError::NotFound)?;
    let value = get(key).unwrap_or_default();
    let target = match key {
        "p" | "page_id" => post(state, site, key, value).await?,
        "attachment_id" => recorded(state, key, value).await?,
        "cat" | "author" => recorded(state, key, value)
            .await?
            .map(|to| archive_page(to, paged)),
        "tag" => match site.directory.tag(value) {
            Some(t) => Some(archive_page(site.directory.term_path(t), paged)),
            None => recorded(state, key, value)
                .await?
                .map(|to| archive_page(to, paged)),
        },
        "m" => month(value).map(|to| archive_page(to, paged)),
        "feed" => feed(value).map(str::to_owned),
        "paged" => Some(paged.map_or_else(|| "/".to_owned(), |n| format!("/page/{n}/"))),
        "s" => Some(super::search::search_path(value, paged.unwrap_or(1))),
        _ => None,
    };
    match target {
        Some(to) => Ok(http::redirect(&to, None)),
        None => Err(WebError::NotFound),
    }
}

/// The redirect an import recorded for `/?key=value`.
async fn recorded(state: &AppState, key: &str, value: &str) -> Result<Option<String>, WebError> {
    if value.is_empty() || value.len() > 200 {
        return Ok(None);
    }
    Ok(state
        .read()
        .redirect_for(&format!("/?{key}={value}"))
        .await?)
}

/// `?p=` and `?page_id=`: the post an import recorded, else our own post
/// by that id (feeds name posts `/?p=ID`), when readers may see it.
async fn post(
    state: &AppState,
    site: &Site,
    key: &str,
    value: &str,
) -> Result<Option<String>, WebError> {
    let Some(id) = number(value) else {
        return Ok(None);
    };
    if let Some(to) = recorded(state, key, &id.to_string()).await? {
        return Ok(Some(to));
    }
    let found = state
        .read()
        .post_by_id(beitrag_core::model::PostId(id))
        .await?
        .filter(|p| p.is_public_at(Utc::now()) && p.status != PostStatus::Private)
        .filter(|p| key == "p" || p.kind == PostKind::Page);
    Ok(found.map(|p| site.directory.post_path(&site.settings, &p)))
}

fn archive_page(path: String, paged: Option<i64>) -> String {
    match paged {
        Some(n) => format!("{path}page/{n}/"),
        None => path,
    }
}

/// `?m=2011`, `?m=201101`, `?m=20110126`: the date archive.
fn month(value: &str) -> Option<String> {
    if !value.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let part = |from: usize, to: usize| value.get(from..to).and_then(|s| s.parse::<u32>().ok());
    match value.len() {
        4 => part(0, 4).map(|y| format!("/{y:04}/")),
        6 => Some(format!("/{:04}/{:02}/", part(0, 4)?, part(4, 6)?)),
        8 => Some(format!(
            "/{:04}/{:02}/{:02}/",
            part(0, 4)?,
            part(4, 6)?,
            part(6, 8)?
        )),
        _ => None,
    }
}

/// `?feed=…`: WordPress's feed names.
fn feed(value: &str) -> Option<&'static str> {
    match value {
        "" | "rss2" | "rss" | "rdf" => Some("/feed/"),
        "atom" => Some("/feed/atom/"),
        "comments-rss2" | "comments-rss" => Some("/comments/feed/"),
        "comments-atom" => Some("/comments/feed/atom/"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sends_wordpress_paths_to_the_admin_when_asked() {
        assert_eq!(path("/wp-admin/"), Some("/admin/"));
        assert_eq!(path("/wp-admin/post.php"), Some("/admin/"));
        assert_eq!(path("/wp-login.php"), Some("/admin/login"));
        assert_eq!(path("/wp-adminx/"), None);
        assert_eq!(path("/hello/"), None);
    }

    #[test]
    fn recognises_wordpress_queries_when_present() {
        assert!(is_wordpress_query("p=12"));
        assert!(is_wordpress_query("utm_source=x&cat=3"));
        assert!(!is_wordpress_query("utm_source=x"));
        assert!(!is_wordpress_query("replytocom=4"));
    }

    #[test]
    fn maps_dates_and_feeds_when_well_formed() {
        assert_eq!(month("201101").as_deref(), Some("/2011/01/"));
        assert_eq!(month("20110126").as_deref(), Some("/2011/01/26/"));
        assert_eq!(month("2011").as_deref(), Some("/2011/"));
        assert_eq!(month("20x1"), None);
        assert_eq!(month("2011011"), None);
        assert_eq!(feed("rss2"), Some("/feed/"));
        assert_eq!(feed("comments-rss2"), Some("/comments/feed/"));
        assert_eq!(feed("bogus"), None);
    }
}
