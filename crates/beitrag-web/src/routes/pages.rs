//! HTML pages: archives (home, tag, category, author, date), single posts
//! and pages, and the themed 404.

use beitrag_core::comment_page::{self, CommentPaging};
use beitrag_core::model::{ArchiveFilter, PostPage, PostQuery};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use fluent_bundle::FluentValue;
use serde_json::json;

use super::resolve::Archive;
use crate::cache::{self, CachedPage};
use crate::error::WebError;
use crate::sidebar::Sidebar;
use crate::state::{AppState, Site};
use crate::views::{self, FeedLink, Head, PostView};
use minijinja::value::Serde;

const HTML: &str = "text/html; charset=utf-8";

pub(crate) fn t(
    state: &AppState,
    site: &Site,
    key: &str,
    args: &[(&str, FluentValue<'_>)],
) -> String {
    state.i18n().t(&site.settings.language, key, args)
}

/// Feed links every page advertises, plus `extra` ones for this page.
pub(crate) fn feed_links(state: &AppState, site: &Site, extra: Vec<FeedLink>) -> Vec<FeedLink> {
    let name = FluentValue::from(site.settings.title.clone());
    let mut feeds = vec![
        FeedLink {
            title: t(state, site, "feed-posts", &[("site", name.clone())]),
            url: site.url("/feed/"),
            mime: "application/rss+xml",
        },
        FeedLink {
            title: format!(
                "{} (Atom)",
                t(state, site, "feed-posts", &[("site", name.clone())])
            ),
            url: site.url("/feed/atom/"),
            mime: "application/atom+xml",
        },
        FeedLink {
            title: format!(
                "{} (JSON)",
                t(state, site, "feed-posts", &[("site", name.clone())])
            ),
            url: site.url("/feed/json/"),
            mime: "application/feed+json",
        },
        FeedLink {
            title: t(state, site, "feed-comments", &[("site", name)]),
            url: site.url("/comments/feed/"),
            mime: "application/rss+xml",
        },
    ];
    feeds.extend(extra);
    feeds
}

fn local_midnight(tz: Tz, date: NaiveDate) -> Option<DateTime<Utc>> {
    tz.from_local_datetime(&date.and_hms_opt(0, 0, 0)?)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
}

/// The `[from, to)` range of a date archive in UTC.
fn date_range(
    tz: Tz,
    y: i32,
    m: Option<u32>,
    d: Option<u32>,
) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    let start = NaiveDate::from_ymd_opt(y, m.unwrap_or(1), d.unwrap_or(1))?;
    let end = match (m, d) {
        (None, _) => NaiveDate::from_ymd_opt(y + 1, 1, 1)?,
        (Some(12), None) => NaiveDate::from_ymd_opt(y + 1, 1, 1)?,
        (Some(m), None) => NaiveDate::from_ymd_opt(y, m + 1, 1)?,
        (Some(_), Some(_)) => start.succ_opt()?,
    };
    Some((local_midnight(tz, start)?, local_midnight(tz, end)?))
}

/// The filter, heading and extra feed of an archive; `NotFound` when the
/// tag, category or author does not exist.
pub fn archive_filter(
    state: &AppState,
    site: &Site,
    archive: &Archive,
) -> Result<(ArchiveFilter, Option<String>, String), WebError> {
    let name_arg = |n: &str| [("name", FluentValue::from(n.to_owned()))];
    Ok(match archive {
        Archive::Home => (ArchiveFilter::All, None, site.settings.title.clone()),
        Archive::Tag(slug) => {
            let tag = site.directory.tag(slug).ok_or(WebError::NotFound)?;
            let heading = t(state, site, "archive-tag", &name_arg(&tag.name));
            (ArchiveFilter::Tag(tag.id), Some(heading), tag.name.clone())
        }
        Archive::Category(path) => {
            let cat = site
                .directory
                .category_by_path(path)
                .ok_or(WebError::NotFound)?;
            let heading = t(state, site, "archive-category", &name_arg(&cat.name));
            (
                ArchiveFilter::Categories(site.directory.with_descendants(cat.id)),
                Some(heading),
                cat.name.clone(),
            )
        }
        Archive::Author(login) => {
            let user = site
                .users
                .iter()
                .find(|u| &u.login == login)
                .ok_or(WebError::NotFound)?;
            let heading = t(state, site, "archive-author", &name_arg(&user.display_name));
            (
                ArchiveFilter::Author(user.id),
                Some(heading),
                user.display_name.clone(),
            )
        }
        Archive::Date(y, m, d) => {
            let tz = site.settings.timezone;
            let (from, to) = date_range(tz, *y, *m, *d).ok_or(WebError::NotFound)?;
            let local = tz.from_utc_datetime(&from.naive_utc());
            let lang = site.settings.language.as_str();
            let label = match (m, d) {
                (None, _) => format!("{y}"),
                (Some(_), None) => state.i18n().month_year(lang, local),
                (Some(_), Some(_)) => state.i18n().long_date(lang, local),
            };
            let heading = t(
                state,
                site,
                "archive-date",
                &[("date", FluentValue::from(label.clone()))],
            );
            (ArchiveFilter::Between(from, to), Some(heading), label)
        }
    })
}

fn page_path(archive: &Archive, n: u32) -> String {
    if n <= 1 {
        archive.path()
    } else {
        format!("{}page/{n}/", archive.path())
    }
}

/// An archive page.
pub async fn list(
    state: &AppState,
    site: &Site,
    archive: &Archive,
    n: u32,
) -> Result<CachedPage, WebError> {
    let (filter, heading, name) = archive_filter(state, site, archive)?;
    let per_page = i64::from(site.settings.posts_per_page);
    let result = state
        .read()
        .list_posts(&PostQuery {
            filter,
            sticky_first: *archive == Archive::Home,
            now: Utc::now(),
            offset: i64::from(n - 1) * per_page,
            limit: per_page,
        })
        .await?;
    if result.items.is_empty() && (n > 1 || matches!(archive, Archive::Date(..))) {
        return Err(WebError::NotFound);
    }
    // One more statement, and only when a post of the page has an image.
    let images = beitrag_core::service::featured::of_posts(
        state.read(),
        result.items.iter().map(|c| &c.post),
    )
    .await?;
    let posts: Vec<PostView> = result
        .items
        .iter()
        .map(|c| {
            views::with_image(
                site,
                views::post_view(site, state.i18n(), c),
                &c.post,
                &images,
            )
        })
        .collect();
    let newer_url = (n > 1).then(|| site.url(&page_path(archive, n - 1)));
    let shown = i64::from(n - 1) * per_page + result.items.len() as i64;
    let older_url = (shown < result.total).then(|| site.url(&page_path(archive, n + 1)));
    let mut title = heading
        .clone()
        .unwrap_or_else(|| match site.settings.tagline.as_str() {
            "" => site.settings.title.clone(),
            tagline => format!("{} – {tagline}", site.settings.title),
        });
    if heading.is_some() {
        title = format!("{title} – {}", site.settings.title);
    }
    if n > 1 {
        title = format!(
            "{title} – {}",
            t(state, site, "page-n", &[("n", FluentValue::from(n))])
        );
    }
    let canonical = site.url(&page_path(archive, n));
    let mut extra = Vec::new();
    if !matches!(archive, Archive::Home | Archive::Date(..)) {
        extra.push(FeedLink {
            title: t(
                state,
                site,
                "feed-archive",
                &[
                    ("site", FluentValue::from(site.settings.title.clone())),
                    ("name", FluentValue::from(name)),
                ],
            ),
            url: site.url(&format!("{}feed/", archive.path())),
            mime: "application/rss+xml",
        });
    }
    let ld = json!({
        "@context": "https://schema.org",
        "@type": if *archive == Archive::Home { "Blog" } else { "CollectionPage" },
        "name": title,
        "url": canonical,
        "inLanguage": site.settings.language,
        "blogPost": posts.iter().map(|p| json!({"@type": "BlogPosting", "headline": p.title, "url": p.url, "datePublished": p.date_iso})).collect::<Vec<_>>(),
    });
    let head = Head {
        title,
        canonical,
        description: site.settings.tagline.clone(),
        og_type: "website",
        og_locale: views::og_locale(&site.settings.language),
        jsonld: views::jsonld(&ld),
        feeds: feed_links(state, site, extra),
        prev_url: newer_url.clone(),
        next_url: older_url.clone(),
    };
    let sidebar = state.sidebar(site).await?;
    let html = state.templates().render_page(
        "list.html",
        site,
        Some(&sidebar),
        json!({
            "head": head,
            "heading": heading,
            "posts": posts,
            "page_number": n,
            "newer_url": newer_url,
            "older_url": older_url,
        }),
    )?;
    let modified = result.items.iter().map(|c| c.post.updated_at).max();
    let tags = card_tags(&result.items)
        .into_iter()
        .chain(sidebar.tags.iter().cloned());
    Ok(CachedPage::new(html, HTML, modified).tagged(tags))
}

/// What one visitor sees beyond the shared page: their comments awaiting
/// moderation, the comment they reply to, a form with their input and
/// errors. Pages with extras are never cached.
#[derive(Debug, Default)]
pub struct Extras {
    /// The visitor's own pending comments on this post.
    pub pending: Vec<beitrag_core::model::Comment>,
    /// The form as sent back with errors, or with a reply target.
    pub form: Option<views::FormView>,
}

/// The comment form for a post, fresh or as the visitor left it.
pub fn form_for(
    state: &AppState,
    site: &Site,
    post: &beitrag_core::model::Post,
    mut form: views::FormView,
) -> views::FormView {
    form.action = site.url("/comments/");
    form.token = state.signer().form_token(post.id.0, Utc::now().timestamp());
    form.max_depth = site.settings.comment_thread_depth;
    form
}

/// A single post or page, with the site's sidebar.
pub fn post(
    state: &AppState,
    site: &Site,
    sidebar: &Sidebar,
    page: &PostPage,
) -> Result<CachedPage, WebError> {
    post_with(state, site, sidebar, page, Extras::default())
}

/// A single post or page with one visitor's extras.
pub fn post_with(
    state: &AppState,
    site: &Site,
    sidebar: &Sidebar,
    page: &PostPage,
    extras: Extras,
) -> Result<CachedPage, WebError> {
    let i18n = state.i18n();
    let view = views::post_view(site, i18n, &page.card);
    let comments: Vec<_> = views::thread(
        page.conversation()
            .chain(extras.pending.iter().filter(|c| !c.kind.is_linkback())),
    )
    .into_iter()
    .map(|(c, depth)| views::comment_view(site, i18n, c, depth))
    .collect();
    let form = view.comments_open.then(|| {
        form_for(
            state,
            site,
            &page.card.post,
            extras.form.unwrap_or_default(),
        )
    });
    let trackbacks: Vec<_> = page
        .linkbacks()
        .map(|c| views::comment_view(site, i18n, c, 0))
        .collect();
    let link = |p: &beitrag_core::model::Post| json!({"title": p.title, "url": site.url(&site.directory.post_path(&site.settings, p))});
    let trackback_url = format!("{}trackback/", view.url);
    let post = &page.card.post;
    let is_page = post.kind == beitrag_core::model::PostKind::Page;
    let description = if post.excerpt.is_empty() {
        beitrag_markdown::summary(&post.html, 30)
    } else {
        post.excerpt.clone()
    };
    // The featured image, with absolute URLs: OpenGraph readers fetch it
    // from elsewhere. Only post pages set `og_image`.
    let featured = page.featured.as_ref().filter(|m| m.is_image()).map(|m| {
        json!({
            "url": site.url(&m.url()),
            "alt": m.alt,
            "width": m.width,
            "height": m.height,
            "mime": m.mime,
        })
    });
    let mut ld = json!({
        "@context": "https://schema.org",
        "@type": if is_page { "WebPage" } else { "BlogPosting" },
        "headline": post.title,
        "url": view.url,
        "mainEntityOfPage": view.url,
        "datePublished": view.date_iso,
        "dateModified": post.updated_at.with_timezone(&site.settings.timezone).to_rfc3339(),
        "inLanguage": site.settings.language,
        "author": {"@type": "Person", "name": view.author.name, "url": view.author.url},
        "publisher": {"@type": "Organization", "name": site.settings.title, "url": site.url("/")},
        "keywords": view.tags.iter().map(|t| t.name.clone()).collect::<Vec<_>>(),
        "commentCount": view.comment_count,
    });
    if let Some(f) = &featured {
        ld["image"] = f["url"].clone();
    }
    let comments_feed = if site.settings.permalink.trailing_slash() || is_page {
        format!("{}feed/", view.url)
    } else {
        format!("{}/feed/", view.url)
    };
    let extra = vec![FeedLink {
        title: t(
            state,
            site,
            "feed-post-comments",
            &[
                ("site", FluentValue::from(site.settings.title.clone())),
                ("title", FluentValue::from(post.title.clone())),
            ],
        ),
        url: comments_feed,
        mime: "application/rss+xml",
    }];
    let paging = CommentPaging::of(&site.settings);
    let default_page = paging.default_page(page.comment_pages);
    let page_link = |n: i64| comment_page::page_url(&view.url, (n != default_page).then_some(n));
    let older = (page.comment_page > 1).then(|| page_link(page.comment_page - 1));
    let newer = (page.comment_page < page.comment_pages).then(|| page_link(page.comment_page + 1));
    let comment_nav = json!({"older": older, "newer": newer});
    let title = if page.comment_page == default_page {
        format!("{} – {}", post.title, site.settings.title)
    } else {
        let n = t(
            state,
            site,
            "comment-page-title",
            &[("n", FluentValue::from(page.comment_page))],
        );
        format!("{} – {n} – {}", post.title, site.settings.title)
    };
    let head = Head {
        title,
        canonical: page_link(page.comment_page),
        description,
        og_type: if is_page { "website" } else { "article" },
        og_locale: views::og_locale(&site.settings.language),
        jsonld: views::jsonld(&ld),
        feeds: feed_links(state, site, extra),
        prev_url: older,
        next_url: newer,
    };
    let html = state.templates().render_page(
        if is_page { "page.html" } else { "post.html" },
        site,
        Some(sidebar),
        // Straight into template values: through `json!` every comment
        // was built twice.
        minijinja::context! {
            head => Serde(&head),
            post => Serde(&view),
            comments => Serde(&comments),
            trackbacks => Serde(&trackbacks),
            comment_nav => Serde(&comment_nav),
            form => Serde(&form),
            trackback_rdf => beitrag_linkback::trackback::rdf(&view.url, &post.title, &trackback_url),
            trackback_url => trackback_url,
            previous => Serde(page.previous.as_ref().map(link)),
            next => Serde(page.next.as_ref().map(link)),
            featured => Serde(&featured),
            og_image => Serde(&featured),
        },
    )?;
    let modified = page
        .comments
        .iter()
        .map(|c| c.created_at)
        .chain([post.updated_at])
        .max();
    let tags = [
        cache::post_tag(post.id),
        cache::comments_tag(post.id),
        cache::TIMELINE.to_owned(),
    ]
    .into_iter()
    .chain(
        page.previous
            .iter()
            .chain(page.next.iter())
            .map(|n| cache::post_tag(n.id)),
    )
    .chain(sidebar.tags.iter().cloned());
    Ok(CachedPage::new(html, HTML, modified).tagged(tags))
}

/// The cache tags of a page listing these posts: their content, their
/// response counts, and the timeline (which posts are listed at all).
pub fn card_tags(cards: &[beitrag_core::model::PostCard]) -> Vec<String> {
    cards
        .iter()
        .flat_map(|c| [cache::post_tag(c.post.id), cache::comments_tag(c.post.id)])
        .chain([cache::TIMELINE.to_owned()])
        .collect()
}

/// A short themed page with a heading, a message and a way back.
pub async fn message(
    state: &AppState,
    heading_key: &str,
    text: &str,
    back_url: Option<&str>,
) -> Result<String, WebError> {
    message_with(state, heading_key, text, back_url, None).await
}

/// A button under a message: where it posts and what it says.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Button {
    /// The form's action.
    pub action: String,
    /// The button's text.
    pub label: String,
}

/// [`message`] with a button that posts a form (a confirmation step).
pub async fn message_with(
    state: &AppState,
    heading_key: &str,
    text: &str,
    back_url: Option<&str>,
    button: Option<Button>,
) -> Result<String, WebError> {
    let site = state.site().await?;
    let heading = t(state, &site, heading_key, &[]);
    let head = Head {
        title: format!("{heading} – {}", site.settings.title),
        canonical: site.url("/"),
        description: site.settings.tagline.clone(),
        og_type: "website",
        og_locale: views::og_locale(&site.settings.language),
        jsonld: views::jsonld(
            &json!({"@context": "https://schema.org", "@type": "WebPage", "name": heading}),
        ),
        feeds: feed_links(state, &site, Vec::new()),
        prev_url: None,
        next_url: None,
    };
    state.templates().render_page(
        "message.html",
        &site,
        None,
        json!({"head": head, "heading": heading, "text": text, "back_url": back_url, "button": button}),
    )
}

/// The themed 404 body, listing recent posts.
pub async fn not_found(state: &AppState) -> Result<String, WebError> {
    let site = state.site().await?;
    let recent = state
        .read()
        .list_posts(&PostQuery {
            filter: ArchiveFilter::All,
            sticky_first: false,
            now: Utc::now(),
            offset: 0,
            limit: 5,
        })
        .await?;
    let posts: Vec<_> = recent
        .items
        .iter()
        .map(|c| views::post_view(&site, state.i18n(), c))
        .collect();
    let title = t(state, &site, "not-found-title", &[]);
    let head = Head {
        title: format!("{title} – {}", site.settings.title),
        canonical: site.url("/"),
        description: site.settings.tagline.clone(),
        og_type: "website",
        og_locale: views::og_locale(&site.settings.language),
        jsonld: views::jsonld(
            &json!({"@context": "https://schema.org", "@type": "WebPage", "name": title}),
        ),
        feeds: feed_links(state, &site, Vec::new()),
        prev_url: None,
        next_url: None,
    };
    let sidebar = state.sidebar(&site).await?;
    state.templates().render_page(
        "404.html",
        &site,
        Some(&sidebar),
        json!({"head": head, "posts": posts}),
    )
}

#[cfg(test)]
mod tests {
    use super::date_range;

    #[test]
    fn spans_month_when_december() {
        let (from, to) = date_range(chrono_tz::Europe::Berlin, 2011, Some(12), None).unwrap();
        assert_eq!(from.to_rfc3339(), "2011-11-30T23:00:00+00:00");
        assert_eq!(to.to_rfc3339(), "2011-12-31T23:00:00+00:00");
        assert!(date_range(chrono_tz::Europe::Berlin, 2011, Some(2), Some(30)).is_none());
    }
}
