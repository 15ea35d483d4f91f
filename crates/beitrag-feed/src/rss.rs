//! RSS 2.0 rendering.
//!
//! Besides the core vocabulary this uses the de-facto standard blog extensions:
//! `content:encoded` for full HTML, `dc:creator` for author names (the core
//! `<author>` element demands an e-mail address), `wfw:commentRss` and
//! `slash:comments` for comment discovery, and `atom:link rel="self"` as the
//! RSS Best Practices Profile recommends.

use std::collections::BTreeMap;

use rss::extension::dublincore::DublinCoreExtension;
use rss::extension::{Extension, ExtensionMap};
use rss::{Category, Channel, Enclosure, Guid, Item};

use crate::model::{Feed, FeedItem};
use crate::xml::{clean, clean_opt, media_type};

const NS_ATOM: &str = "http://www.w3.org/2005/Atom";
const NS_CONTENT: &str = "http://purl.org/rss/1.0/modules/content/";
const NS_DC: &str = "http://purl.org/dc/elements/1.1/";
const NS_SLASH: &str = "http://purl.org/rss/1.0/modules/slash/";
const NS_WFW: &str = "http://wellformedweb.org/CommentAPI/";

/// Renders `feed` as an RSS 2.0 document.
///
/// Follows <https://www.rssboard.org/rss-specification> and the
/// [RSS Best Practices Profile](https://www.rssboard.org/rss-profile).
/// Dates are RFC 2822; item guids carry `isPermaLink="false"` because
/// [`FeedItem::id`] is an identifier, not necessarily a fetchable URL.
pub fn to_rss(feed: &Feed) -> String {
    let mut extensions = ExtensionMap::new();
    let links = atom_links(feed);
    if !links.is_empty() {
        insert_ext(&mut extensions, "atom", "link", links);
    }

    let channel = Channel {
        title: clean(&feed.title),
        link: clean(&feed.home_url),
        description: clean(&feed.description),
        language: clean_opt(Some(&feed.language)),
        last_build_date: Some(feed.updated.to_rfc2822()),
        generator: clean_opt(Some(&feed.generator)),
        docs: Some("https://www.rssboard.org/rss-specification".to_owned()),
        // The channel's image links to the site and is titled as the
        // channel (RSS 2.0, `<image>`); 64 px stays within its 144 px limit.
        image: feed.icon.as_ref().map(|icon| rss::Image {
            url: clean(&icon.small),
            title: clean(&feed.title),
            link: clean(&feed.home_url),
            width: Some(crate::model::SMALL_ICON_SIDE.to_string()),
            height: Some(crate::model::SMALL_ICON_SIDE.to_string()),
            description: None,
        }),
        items: feed.items.iter().map(item).collect(),
        extensions,
        namespaces: namespaces(),
        ..Default::default()
    };
    channel.to_string()
}

/// Declares every prefix this renderer may use, even if a given feed happens
/// not to need one, so the root element is identical for all feeds.
fn namespaces() -> BTreeMap<String, String> {
    [
        ("atom", NS_ATOM),
        ("content", NS_CONTENT),
        ("dc", NS_DC),
        ("slash", NS_SLASH),
        ("wfw", NS_WFW),
    ]
    .into_iter()
    .map(|(prefix, uri)| (prefix.to_owned(), uri.to_owned()))
    .collect()
}

fn atom_links(feed: &Feed) -> Vec<Extension> {
    let mut links = Vec::new();
    if !feed.self_url.is_empty() {
        links.push(atom_link("self", &feed.self_url, media_type::RSS));
    }
    if let Some(hub) = &feed.hub {
        links.push(Extension {
            name: "atom:link".to_owned(),
            attrs: [("rel", "hub"), ("href", hub.as_str())]
                .into_iter()
                .map(|(k, v)| (k.to_owned(), clean(v)))
                .collect(),
            ..Default::default()
        });
    }
    for (href, mime) in [
        (&feed.alternates.atom, media_type::ATOM),
        (&feed.alternates.json, media_type::JSON),
    ] {
        if !href.is_empty() && *href != feed.self_url {
            links.push(atom_link("alternate", href, mime));
        }
    }
    links
}

fn atom_link(rel: &str, href: &str, mime: &str) -> Extension {
    Extension {
        name: "atom:link".to_owned(),
        attrs: [("rel", rel), ("href", href), ("type", mime)]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), clean(v)))
            .collect(),
        ..Default::default()
    }
}

fn text_ext(name: &str, value: &str) -> Extension {
    Extension {
        name: name.to_owned(),
        value: Some(clean(value)),
        ..Default::default()
    }
}

fn insert_ext(map: &mut ExtensionMap, prefix: &str, local: &str, exts: Vec<Extension>) {
    map.entry(prefix.to_owned())
        .or_default()
        .insert(local.to_owned(), exts);
}

fn item(item: &FeedItem) -> Item {
    let mut extensions = ExtensionMap::new();
    if let Some(url) = item.comments_feed_url.as_deref().filter(|u| !u.is_empty()) {
        insert_ext(
            &mut extensions,
            "wfw",
            "commentRss",
            vec![text_ext("wfw:commentRss", url)],
        );
    }
    if let Some(count) = item.comment_count {
        insert_ext(
            &mut extensions,
            "slash",
            "comments",
            vec![text_ext("slash:comments", &count.to_string())],
        );
    }

    let creators = clean_opt(Some(&item.author_name)).into_iter().collect();

    Item {
        title: Some(clean(&item.title)),
        link: clean_opt(Some(&item.url)),
        // <description> is defined as entity-encoded HTML, so readers render it
        // as markup; escaping the plain-text excerpt once more keeps a summary
        // such as "use <script>" from turning into live HTML in the reader.
        description: item.summary.as_deref().map(|s| clean(&escape_html(s))),
        categories: item
            .categories
            .iter()
            .map(|name| Category {
                name: clean(name),
                domain: None,
            })
            .collect(),
        comments: clean_opt(item.comments_url.as_deref()),
        enclosure: item.image.as_ref().map(|i| Enclosure {
            url: clean(&i.url),
            length: i.length.to_string(),
            mime_type: clean(&i.mime),
        }),
        guid: Some(Guid {
            value: clean(&item.id),
            permalink: false,
        }),
        pub_date: Some(item.published.to_rfc2822()),
        content: Some(clean(&item.content_html)),
        dublin_core_ext: Some(DublinCoreExtension {
            creators,
            ..Default::default()
        }),
        extensions,
        ..Default::default()
    }
}

fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
