//! Feeds of posts (site, tag, category, author) and of comments (site-wide
//! and per post), each as RSS 2.0, Atom and JSON Feed. Post feeds name
//! the WebSub hub (`routes/websub.rs`).

use beitrag_core::comment_page::{self, CommentPaging};
use std::collections::HashMap;

use beitrag_core::model::{Media, MediaId, Post, PostCard, PostPage, PostQuery};
use beitrag_feed::{Feed, FeedImage, FeedItem, FeedUrls};
use chrono::{DateTime, Utc};
use fluent_bundle::FluentValue;

use super::pages::archive_filter;
use super::resolve::{Archive, Format};
use crate::cache::{self, CachedPage};
use crate::error::WebError;
use crate::state::{AppState, Site};

fn urls(site: &Site, base_path: &str) -> FeedUrls {
    FeedUrls {
        rss: site.url(&format!("{base_path}feed/")),
        atom: site.url(&format!("{base_path}feed/atom/")),
        json: site.url(&format!("{base_path}feed/json/")),
    }
}

fn render(mut feed: Feed, format: Format) -> CachedPage {
    let modified = Some(feed.updated);
    let (body, mime) = match format {
        Format::Rss => {
            feed.self_url = feed.alternates.rss.clone();
            (beitrag_feed::to_rss(&feed), beitrag_feed::RSS_MIME)
        }
        Format::Atom => {
            feed.self_url = feed.alternates.atom.clone();
            (beitrag_feed::to_atom(&feed), beitrag_feed::ATOM_MIME)
        }
        Format::Json => {
            feed.self_url = feed.alternates.json.clone();
            (beitrag_feed::to_json(&feed), beitrag_feed::JSON_MIME)
        }
    };
    CachedPage::new(body, mime, modified)
}

/// The post's feed id ([`Post::feed_id`]): an imported post keeps the one
/// it had, so feed readers do not show it as new.
fn guid(site: &Site, post: &Post) -> String {
    post.feed_id(&site.settings.base_url)
}

fn comments_feed_url(post_url: &str) -> String {
    if post_url.ends_with('/') {
        format!("{post_url}feed/")
    } else {
        format!("{post_url}/feed/")
    }
}

/// A featured image as a feed enclosure.
fn image(site: &Site, media: &Media) -> FeedImage {
    FeedImage {
        url: site.url(&media.url()),
        mime: media.mime.clone(),
        length: media.size,
    }
}

fn item(site: &Site, card: &PostCard, images: &HashMap<MediaId, Media>) -> FeedItem {
    let post = &card.post;
    let url = site.url(&site.directory.post_path(&site.settings, post));
    FeedItem {
        id: guid(site, post),
        title: post.title.clone(),
        author_name: card.author.display_name.clone(),
        author_url: Some(site.url(&beitrag_core::service::links::author_path(
            &card.author.login,
        ))),
        published: post.published_at.unwrap_or(post.updated_at),
        updated: post.updated_at,
        // Every item has a summary (the excerpt, or its first words as
        // WordPress takes them): validators warn about RSS items with
        // `content:encoded` but no `description`.
        summary: Some(if post.excerpt.is_empty() {
            beitrag_markdown::summary(&post.html, EXCERPT_WORDS)
        } else {
            post.excerpt.clone()
        }),
        content_html: beitrag_markdown::absolute_urls(&post.html, &site.settings.base_url),
        categories: card.terms.iter().map(|t| t.name.clone()).collect(),
        comments_url: Some(format!("{url}#comments")),
        comments_feed_url: Some(comments_feed_url(&url)),
        comment_count: u64::try_from(card.comment_count).ok(),
        in_reply_to: None,
        image: post
            .featured_media
            .and_then(|m| images.get(&m))
            .map(|m| image(site, m)),
        url,
    }
}

/// A feed of the newest posts of an archive.
pub async fn posts(
    state: &AppState,
    site: &Site,
    archive: &Archive,
    format: Format,
) -> Result<CachedPage, WebError> {
    if matches!(archive, Archive::Date(..)) {
        return Err(WebError::NotFound);
    }
    let (filter, _, name) = archive_filter(state, site, archive)?;
    let list = state
        .read()
        .list_posts(&PostQuery {
            filter,
            sticky_first: false,
            now: Utc::now(),
            offset: 0,
            limit: i64::from(site.settings.feed_items),
        })
        .await?;
    let images =
        beitrag_core::service::featured::of_posts(state.read(), list.items.iter().map(|c| &c.post))
            .await?;
    let items: Vec<FeedItem> = list.items.iter().map(|c| item(site, c, &images)).collect();
    let title = if *archive == Archive::Home {
        site.settings.title.clone()
    } else {
        state.i18n().t(
            &site.settings.language,
            "feed-archive",
            &[
                ("site", FluentValue::from(site.settings.title.clone())),
                ("name", FluentValue::from(name)),
            ],
        )
    };
    let home = site.url(&archive.path());
    let feed = Feed {
        title,
        description: site.settings.tagline.clone(),
        language: site.settings.language.clone(),
        feed_id: home.clone(),
        home_url: home,
        self_url: String::new(),
        updated: newest(items.iter().map(|i| i.updated), None),
        generator: format!("beitrag {}", env!("CARGO_PKG_VERSION")),
        alternates: urls(site, &archive.path()),
        items,
        icon: super::icons::feed_icon(site),
        hub: Some(beitrag_core::service::websub::hub_url(&site.settings)),
    };
    Ok(render(feed, format).tagged(super::pages::card_tags(&list.items)))
}

/// Words of an automatic summary, as WordPress's `the_excerpt`.
const EXCERPT_WORDS: usize = 55;

/// The newest of `times`; without any, `otherwise` (or 1970 without that).
fn newest(
    times: impl Iterator<Item = DateTime<Utc>>,
    otherwise: Option<DateTime<Utc>>,
) -> DateTime<Utc> {
    times.max().or(otherwise).unwrap_or(DateTime::UNIX_EPOCH)
}

/// The comments feed of the site or of one post.
pub async fn comments(
    state: &AppState,
    site: &Site,
    post: Option<&PostPage>,
    format: Format,
) -> Result<CachedPage, WebError> {
    let lang = site.settings.language.as_str();
    let rows = state
        .read()
        .recent_comments(
            post.map(|p| p.card.post.id),
            Utc::now(),
            i64::from(site.settings.feed_items),
        )
        .await?;
    // Each item links to the comment page it is on.
    let ids: Vec<_> = rows.iter().map(|r| r.comment.id).collect();
    let places: std::collections::HashMap<_, _> = state
        .read()
        .comment_places(&ids)
        .await?
        .into_iter()
        .collect();
    let paging = CommentPaging::of(&site.settings);
    let items: Vec<FeedItem> = rows
        .iter()
        .map(|row| {
            let post_url = site.url(&site.directory.post_path(&site.settings, &row.post));
            let c = &row.comment;
            let url = comment_page::link_at(&paging, &post_url, c.id, places.get(&c.id).copied());
            FeedItem {
                id: format!("{}#comment-{}", guid(site, &row.post), c.id.0),
                url,
                title: state.i18n().t(
                    lang,
                    "comments-on",
                    &[
                        ("title", FluentValue::from(row.post.title.clone())),
                        ("name", FluentValue::from(c.author_name.clone())),
                    ],
                ),
                author_name: c.author_name.clone(),
                author_url: (!c.author_url.is_empty()).then(|| c.author_url.clone()),
                published: c.created_at,
                updated: c.created_at,
                summary: Some(beitrag_markdown::excerpt(&c.html, EXCERPT_WORDS)),
                content_html: beitrag_markdown::absolute_urls(&c.html, &site.settings.base_url),
                categories: Vec::new(),
                comments_url: None,
                comments_feed_url: None,
                comment_count: None,
                in_reply_to: Some(post_url),
                image: None,
            }
        })
        .collect();
    let (title, home, base) = match post {
        Some(p) => {
            let path = site.directory.post_path(&site.settings, &p.card.post);
            let title = state.i18n().t(
                lang,
                "feed-post-comments",
                &[
                    ("site", FluentValue::from(site.settings.title.clone())),
                    ("title", FluentValue::from(p.card.post.title.clone())),
                ],
            );
            let base = if path.ends_with('/') {
                path.clone()
            } else {
                format!("{path}/")
            };
            (title, site.url(&path), base)
        }
        None => (
            state.i18n().t(
                lang,
                "feed-comments",
                &[("site", FluentValue::from(site.settings.title.clone()))],
            ),
            site.url("/"),
            "/comments/".to_owned(),
        ),
    };
    let feed = Feed {
        title,
        description: site.settings.tagline.clone(),
        language: site.settings.language.clone(),
        feed_id: site.url(&format!("{base}feed/")),
        home_url: home,
        self_url: String::new(),
        // A post's feed without comments yet dates from the post, not 1970.
        updated: newest(
            items.iter().map(|i| i.updated),
            post.map(|p| p.card.post.published_at.unwrap_or(p.card.post.updated_at)),
        ),
        generator: format!("beitrag {}", env!("CARGO_PKG_VERSION")),
        alternates: urls(site, &base),
        items,
        icon: super::icons::feed_icon(site),
        // Comment feeds change with every comment; the hub announces posts
        // only, so these feeds name none and readers poll them.
        hub: None,
    };
    let mut tags: Vec<String> = rows.iter().map(|r| cache::post_tag(r.post.id)).collect();
    match post {
        Some(p) => {
            tags.push(cache::post_tag(p.card.post.id));
            tags.push(cache::comments_tag(p.card.post.id));
        }
        None => tags.push(cache::ALL_COMMENTS.to_owned()),
    }
    Ok(render(feed, format).tagged(tags))
}
