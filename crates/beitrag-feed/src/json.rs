//! JSON Feed 1.1 rendering.
//!
//! Uses its own serde structs rather than a third-party model so the output
//! shape is fully under our control and optional members are omitted instead
//! of being written as `null`.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;

use crate::model::{Feed, FeedItem};

const VERSION: &str = "https://jsonfeed.org/version/1.1";

#[derive(Serialize)]
struct JsonFeed<'a> {
    version: &'static str,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    home_page_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    feed_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    icon: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    favicon: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    language: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    authors: Vec<JsonAuthor<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    hubs: Vec<JsonHub<'a>>,
    items: Vec<JsonItem<'a>>,
}

/// JSON Feed 1.1 `hubs`: endpoints for real-time notifications.
#[derive(Serialize)]
struct JsonHub<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    url: &'a str,
}

#[derive(Serialize, PartialEq, Clone, Copy)]
struct JsonAuthor<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonItem<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    title: &'a str,
    content_html: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<&'a str>,
    date_published: String,
    date_modified: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    authors: Vec<JsonAuthor<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tags: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<&'a str>,
}

/// Renders `feed` as a JSON Feed 1.1 document.
///
/// Follows <https://www.jsonfeed.org/version/1.1/>: top-level `version`,
/// `title`, `home_page_url`, `feed_url`, `description`, `language`,
/// `authors` and `hubs`; per item `id`, `url`, `title`, `content_html`, `summary`,
/// `date_published`, `date_modified` (RFC 3339), `authors`, `tags` and
/// `image` (the item's featured image).
/// The feed-level `authors` lists each distinct item author once, since the
/// model has no separate feed owner.
pub fn to_json(feed: &Feed) -> String {
    let items: Vec<JsonItem<'_>> = feed.items.iter().map(item).collect();

    let mut authors: Vec<JsonAuthor<'_>> = Vec::new();
    for author in items.iter().flat_map(|i| i.authors.iter()) {
        if !authors.contains(author) {
            authors.push(*author);
        }
    }

    let doc = JsonFeed {
        version: VERSION,
        title: &feed.title,
        home_page_url: non_empty(&feed.home_url),
        feed_url: non_empty(&feed.self_url),
        description: non_empty(&feed.description),
        icon: feed.icon.as_ref().map(|i| i.large.as_str()),
        favicon: feed.icon.as_ref().map(|i| i.small.as_str()),
        language: non_empty(&feed.language),
        authors,
        hubs: feed
            .hub
            .iter()
            .map(|url| JsonHub {
                kind: "WebSub",
                url,
            })
            .collect(),
        items,
    };
    // Serialising plain structs with string fields cannot fail (no maps with
    // non-string keys, no fallible `Serialize` impls), so the fallback is
    // unreachable; it only avoids a panic path in library code.
    serde_json::to_string(&doc).unwrap_or_default()
}

fn item(item: &FeedItem) -> JsonItem<'_> {
    let authors = non_empty(&item.author_name)
        .map(|name| JsonAuthor {
            name,
            url: item.author_url.as_deref().and_then(non_empty),
        })
        .into_iter()
        .collect();

    JsonItem {
        id: &item.id,
        url: non_empty(&item.url),
        title: &item.title,
        content_html: &item.content_html,
        summary: item.summary.as_deref(),
        date_published: rfc3339(item.published),
        date_modified: rfc3339(item.updated),
        authors,
        tags: item.categories.iter().map(String::as_str).collect(),
        image: item.image.as_ref().map(|i| i.url.as_str()),
    }
}

fn rfc3339(time: DateTime<Utc>) -> String {
    time.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

fn non_empty(text: &str) -> Option<&str> {
    (!text.is_empty()).then_some(text)
}
