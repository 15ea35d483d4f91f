//! Atom rendering (RFC 4287) with the threading extension (RFC 4685).

use std::collections::BTreeMap;

use atom_syndication::extension::{Extension, ExtensionMap};
use atom_syndication::{Category, Content, Entry, Generator, Link, Person, Text};

use crate::model::{Feed, FeedItem};
use crate::xml::{clean, clean_opt, media_type};

const NS_THR: &str = "http://purl.org/syndication/thread/1.0";

/// Renders `feed` as an Atom 1.0 document.
///
/// Follows [RFC 4287](https://www.rfc-editor.org/rfc/rfc4287) (feed: id, title,
/// subtitle, updated, generator, `self`/`alternate` links, §4.1.1; entry: id,
/// title, links, published, updated, author, summary, `type="html"` content and
/// categories, §4.1.2). Comment entries with [`FeedItem::in_reply_to`] get a
/// `thr:in-reply-to` element, and comment counts and comment feeds are exposed
/// as `thr:total` and `rel="replies"` links, per
/// [RFC 4685](https://www.rfc-editor.org/rfc/rfc4685) §3–§5.
pub fn to_atom(feed: &Feed) -> String {
    let atom = atom_syndication::Feed {
        title: Text::plain(clean(&feed.title)),
        id: clean(&feed.feed_id),
        updated: feed.updated.fixed_offset(),
        generator: clean_opt(Some(&feed.generator)).map(|value| Generator {
            value,
            ..Default::default()
        }),
        links: feed_links(feed),
        subtitle: clean_opt(Some(&feed.description)).map(Text::plain),
        lang: clean_opt(Some(&feed.language)),
        icon: feed.icon.as_ref().map(|i| clean(&i.small)),
        logo: feed.icon.as_ref().map(|i| clean(&i.large)),
        entries: feed.items.iter().map(entry).collect(),
        // Declared once on the root instead of per entry so extension
        // elements stay short and the prefix is in scope everywhere.
        namespaces: BTreeMap::from([("thr".to_owned(), NS_THR.to_owned())]),
        ..Default::default()
    };
    atom.to_string()
}

fn link(rel: &str, href: &str, mime: Option<&str>) -> Link {
    Link {
        href: clean(href),
        rel: rel.to_owned(),
        mime_type: mime.map(str::to_owned),
        ..Default::default()
    }
}

fn feed_links(feed: &Feed) -> Vec<Link> {
    let mut links = Vec::new();
    if !feed.self_url.is_empty() {
        links.push(link("self", &feed.self_url, Some(media_type::ATOM)));
    }
    if let Some(hub) = &feed.hub {
        links.push(link("hub", hub, None));
    }
    if !feed.home_url.is_empty() {
        links.push(link("alternate", &feed.home_url, Some(media_type::HTML)));
    }
    // RFC 4287 §4.1.1 allows several rel="alternate" links as long as their
    // type differs, which is exactly what one link per format gives us.
    for (href, mime) in [
        (&feed.alternates.rss, media_type::RSS),
        (&feed.alternates.json, media_type::JSON),
    ] {
        if !href.is_empty() && *href != feed.self_url {
            links.push(link("alternate", href, Some(mime)));
        }
    }
    links
}

fn entry(item: &FeedItem) -> Entry {
    let mut links = vec![link("alternate", &item.url, Some(media_type::HTML))];
    if let Some(url) = item.comments_url.as_deref().filter(|u| !u.is_empty()) {
        links.push(link("replies", url, Some(media_type::HTML)));
    }
    if let Some(url) = item.comments_feed_url.as_deref().filter(|u| !u.is_empty()) {
        // The comment feed's format is the caller's choice, so no type is
        // claimed rather than a possibly wrong one.
        links.push(link("replies", url, None));
    }
    if let Some(image) = &item.image {
        links.push(Link {
            length: Some(image.length.to_string()),
            ..link("enclosure", &image.url, Some(&image.mime))
        });
    }

    Entry {
        title: Text::plain(clean(&item.title)),
        id: clean(&item.id),
        updated: item.updated.fixed_offset(),
        authors: vec![Person {
            name: clean(&item.author_name),
            uri: clean_opt(item.author_url.as_deref()),
            ..Default::default()
        }],
        categories: item
            .categories
            .iter()
            .map(|term| Category {
                term: clean(term),
                ..Default::default()
            })
            .collect(),
        links,
        published: Some(item.published.fixed_offset()),
        summary: item.summary.as_deref().map(|s| Text::plain(clean(s))),
        content: Some(Content {
            value: Some(clean(&item.content_html)),
            content_type: Some("html".to_owned()),
            ..Default::default()
        }),
        extensions: thread_extensions(item),
        ..Default::default()
    }
}

fn thread_extensions(item: &FeedItem) -> ExtensionMap {
    let mut thr = BTreeMap::new();
    if let Some(parent) = item.in_reply_to.as_deref().filter(|u| !u.is_empty()) {
        // RFC 4685 §3 wants the parent's Atom id in `ref`; the model only knows
        // the post URL, which is also a valid, stable IRI for it, so it serves
        // as both `ref` and the dereferenceable `href`.
        let parent = clean(parent);
        let attrs = BTreeMap::from([
            ("ref".to_owned(), parent.clone()),
            ("href".to_owned(), parent),
            ("type".to_owned(), media_type::HTML.to_owned()),
        ]);
        thr.insert(
            "in-reply-to".to_owned(),
            vec![Extension {
                name: "thr:in-reply-to".to_owned(),
                attrs,
                ..Default::default()
            }],
        );
    }
    if let Some(count) = item.comment_count {
        thr.insert(
            "total".to_owned(),
            vec![Extension {
                name: "thr:total".to_owned(),
                value: Some(count.to_string()),
                ..Default::default()
            }],
        );
    }

    let mut map = ExtensionMap::new();
    if !thr.is_empty() {
        map.insert("thr".to_owned(), thr);
    }
    map
}
