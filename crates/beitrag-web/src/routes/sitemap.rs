//! `/sitemap.xml` and its files, `/robots.txt`. Sitemap documents are
//! cached pages like feeds: a post file is dropped when one of its posts
//! changes, the index when any post does, archives and pages with the site.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use beitrag_core::model::Taxonomy;
use beitrag_feed::{MAX_URLS, SITEMAP_MIME, SitemapEntry, to_sitemap_index, to_urlset};
use chrono::Utc;

use super::resolve::Sitemap;
use crate::cache::{self, CachedPage};
use crate::error::WebError;
use crate::state::{AppState, Site};

/// Posts per id range: one sitemap file at most.
const CHUNK: i64 = MAX_URLS as i64;

/// The home page, every category, tag and author archive.
fn archives(site: &Site) -> Vec<SitemapEntry> {
    let entry = |path: String| SitemapEntry {
        loc: site.url(&path),
        lastmod: None,
    };
    let mut out = vec![entry("/".into())];
    let terms = site.directory.terms();
    for taxonomy in [Taxonomy::Category, Taxonomy::Tag] {
        out.extend(
            terms
                .iter()
                .filter(|t| t.taxonomy == taxonomy)
                .map(|t| entry(site.directory.term_path(t))),
        );
    }
    out.extend(
        site.users
            .iter()
            .filter(|u| !u.disabled)
            .map(|u| entry(beitrag_core::service::links::author_path(&u.login))),
    );
    out
}

fn pages(site: &Site) -> Vec<SitemapEntry> {
    site.pages
        .iter()
        .map(|p| SitemapEntry {
            loc: site.url(&site.directory.post_path(&site.settings, p)),
            lastmod: Some(p.updated_at),
        })
        .collect()
}

/// The `n`th slice (from 1) of a list, `None` past its end.
fn slice(all: Vec<SitemapEntry>, n: i64) -> Option<Vec<SitemapEntry>> {
    let from = usize::try_from(n - 1).ok()?.checked_mul(MAX_URLS)?;
    (from < all.len()).then(|| all.into_iter().skip(from).take(MAX_URLS).collect())
}

/// One sitemap document.
pub async fn render(state: &AppState, site: &Site, part: Sitemap) -> Result<CachedPage, WebError> {
    let now = Utc::now();
    let (body, tags) = match part {
        Sitemap::Index => {
            let mut files: Vec<SitemapEntry> = state
                .read()
                .sitemap_chunks(now, CHUNK)
                .await?
                .into_iter()
                .map(|(chunk, lastmod)| SitemapEntry {
                    loc: site.url(&Sitemap::Posts(chunk + 1).path()),
                    lastmod: Some(lastmod),
                })
                .collect();
            let pages = pages(site);
            for (i, slice) in pages.chunks(MAX_URLS).enumerate() {
                files.push(SitemapEntry {
                    loc: site.url(&Sitemap::Pages(i as i64 + 1).path()),
                    lastmod: slice.iter().filter_map(|p| p.lastmod).max(),
                });
            }
            for i in 0..archives(site).len().div_ceil(MAX_URLS) {
                files.push(SitemapEntry {
                    loc: site.url(&Sitemap::Archives(i as i64 + 1).path()),
                    lastmod: None,
                });
            }
            (
                to_sitemap_index(&files),
                vec![cache::SITEMAP_INDEX.to_owned(), cache::TIMELINE.to_owned()],
            )
        }
        Sitemap::Posts(n) => {
            let posts = state.read().sitemap_posts(now, n - 1, CHUNK).await?;
            if posts.is_empty() {
                return Err(WebError::NotFound);
            }
            let urls: Vec<SitemapEntry> = posts
                .iter()
                .map(|p| SitemapEntry {
                    loc: site.url(&site.directory.post_path(&site.settings, p)),
                    lastmod: Some(p.updated_at),
                })
                .collect();
            let tags = posts
                .iter()
                .map(|p| cache::post_tag(p.id))
                .chain([cache::TIMELINE.to_owned()])
                .collect();
            (to_urlset(&urls), tags)
        }
        Sitemap::Pages(n) => (
            to_urlset(&slice(pages(site), n).ok_or(WebError::NotFound)?),
            Vec::new(),
        ),
        Sitemap::Archives(n) => (
            to_urlset(&slice(archives(site), n).ok_or(WebError::NotFound)?),
            Vec::new(),
        ),
    };
    // Pages and archives come from the site, which every change to them
    // renews (`Change::Site` empties the cache).
    Ok(CachedPage::new(body, SITEMAP_MIME, None).tagged(tags))
}

/// The default rules of `robots.txt` (setting `robots_txt` replaces them):
/// keep crawlers out of the admin and the search. The sitemap is always named.
const ROBOTS: &str = "User-agent: *\nDisallow: /admin/\nDisallow: /search\n";

/// `GET /robots.txt`
pub(crate) async fn robots(State(state): State<AppState>) -> Result<Response, WebError> {
    let site = state.site().await?;
    let rules = match site.settings.robots_txt.as_slice() {
        [] => ROBOTS.to_owned(),
        lines => format!("{}\n", lines.join("\n")),
    };
    let body = format!("{rules}\nSitemap: {}\n", site.url("/sitemap.xml"));
    Ok(([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], body).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_lists_into_files() {
        let list = |n: usize| {
            (0..n)
                .map(|i| SitemapEntry {
                    loc: i.to_string(),
                    lastmod: None,
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(
            slice(list(MAX_URLS + 1), 1).map(|s| s.len()),
            Some(MAX_URLS)
        );
        assert_eq!(slice(list(MAX_URLS + 1), 2).map(|s| s.len()), Some(1));
        assert!(slice(list(MAX_URLS), 2).is_none());
        assert!(slice(list(0), 1).is_none());
        assert!(slice(list(3), i64::MAX).is_none());
    }
}
