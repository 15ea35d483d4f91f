//! Round-trip tests: every document is read back with `feed-rs`, an
//! independent parser, so we test what readers see rather than our own
//! assumptions about the serialised text.

use chrono::{DateTime, TimeZone, Utc};
use feed_rs::model::{Entry, FeedType};

use crate::{ATOM_MIME, Feed, FeedItem, FeedUrls, JSON_MIME, RSS_MIME, to_atom, to_json, to_rss};

const HOSTILE_TITLE: &str =
    r#"Tom & Jerry <script>alert("x")</script> ]]> 'quoted' "double" 😀 Grüße aus Köln, Äöüß"#;
const HOSTILE_CONTENT: &str = r#"<p>Fish &amp; chips ]]> <b>bold</b> "q" 'a' 😀 Übermaß</p><script>alert('x')</script><![CDATA[ nested ]]>"#;
const HOSTILE_AUTHOR: &str = r#"Jörg "Ä" <b>&</b> 😀"#;
const HOSTILE_TAG: &str = "C&A <b>Größe</b>";

fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, s).unwrap()
}

fn urls() -> FeedUrls {
    FeedUrls {
        rss: "https://blog.example/feed/rss".into(),
        atom: "https://blog.example/feed/atom".into(),
        json: "https://blog.example/feed/json".into(),
    }
}

fn post(n: u32) -> FeedItem {
    FeedItem {
        id: format!("https://blog.example/?p={n}"),
        url: format!("https://blog.example/2024/post-{n}/"),
        title: format!("Post {n}"),
        author_name: "Anna Autorin".into(),
        author_url: Some("https://anna.example/".into()),
        published: at(2024, 3, n, 10, 0, 0),
        updated: at(2024, 3, n, 12, 30, 15),
        summary: Some(format!("Summary {n}")),
        content_html: format!("<p>Body {n}</p>"),
        categories: vec!["Rust".into(), format!("tag-{n}")],
        comments_url: Some(format!("https://blog.example/2024/post-{n}/#comments")),
        comments_feed_url: Some(format!("https://blog.example/2024/post-{n}/feed/")),
        comment_count: Some(u64::from(n) * 3),
        in_reply_to: None,
        image: None,
    }
}

fn hostile_post() -> FeedItem {
    FeedItem {
        title: HOSTILE_TITLE.into(),
        author_name: HOSTILE_AUTHOR.into(),
        content_html: HOSTILE_CONTENT.into(),
        summary: Some(HOSTILE_TITLE.into()),
        categories: vec![HOSTILE_TAG.into()],
        ..post(9)
    }
}

fn sample(self_url: &str, items: Vec<FeedItem>) -> Feed {
    Feed {
        title: "Beispiel-Blog".into(),
        description: "Gedanken über Rust".into(),
        language: "de".into(),
        home_url: "https://blog.example/".into(),
        self_url: self_url.into(),
        feed_id: "https://blog.example/".into(),
        updated: at(2024, 3, 2, 12, 30, 15),
        generator: "beitrag 0.1.0".into(),
        alternates: urls(),
        items,
        icon: None,
        hub: None,
    }
}

fn rss_feed() -> Feed {
    sample(&urls().rss, vec![post(2), post(1)])
}

fn atom_feed() -> Feed {
    sample(&urls().atom, vec![post(2), post(1)])
}

fn json_feed() -> Feed {
    sample(&urls().json, vec![post(2), post(1)])
}

fn parse(doc: &str) -> feed_rs::model::Feed {
    feed_rs::parser::parse(doc.as_bytes()).unwrap_or_else(|e| panic!("{e}\n{doc}"))
}

fn title(entry: &Entry) -> &str {
    &entry.title.as_ref().unwrap().content
}

fn content(entry: &Entry) -> &str {
    entry.content.as_ref().unwrap().body.as_deref().unwrap()
}

fn hrefs(links: &[feed_rs::model::Link]) -> Vec<&str> {
    links.iter().map(|l| l.href.as_str()).collect()
}

fn assert_items_match(parsed: &[Entry], items: &[FeedItem]) {
    assert_eq!(parsed.len(), items.len());
    for (entry, item) in parsed.iter().zip(items) {
        assert_eq!(entry.id, item.id);
        assert_eq!(title(entry), item.title);
        assert!(hrefs(&entry.links).contains(&item.url.as_str()));
        assert_eq!(content(entry), item.content_html);
        assert_eq!(entry.published, Some(item.published));
        assert_eq!(
            entry
                .authors
                .iter()
                .map(|a| a.name.as_str())
                .collect::<Vec<_>>(),
            [item.author_name.as_str()]
        );
        assert_eq!(
            entry
                .categories
                .iter()
                .map(|c| c.term.as_str())
                .collect::<Vec<_>>(),
            item.categories
        );
    }
}

fn outside_cdata(doc: &str) -> String {
    let mut rest = doc;
    let mut out = String::new();
    while let Some(start) = rest.find("<![CDATA[") {
        out.push_str(&rest[..start]);
        let end = rest[start..].find("]]>").unwrap();
        rest = &rest[start + end + 3..];
    }
    out.push_str(rest);
    out
}

#[test]
fn reads_back_rss_when_parsed_by_feed_rs() {
    let feed = rss_feed();
    let parsed = parse(&to_rss(&feed));

    assert_eq!(parsed.feed_type, FeedType::RSS2);
    assert_eq!(parsed.title.unwrap().content, feed.title);
    assert_eq!(parsed.description.unwrap().content, feed.description);
    assert_eq!(parsed.language.as_deref(), Some("de"));
    assert_eq!(parsed.updated, Some(feed.updated));
    assert_eq!(parsed.generator.unwrap().content, feed.generator);
    let links = &parsed.links;
    assert!(hrefs(links).contains(&"https://blog.example/"));
    assert!(
        links
            .iter()
            .any(|l| l.rel.as_deref() == Some("self") && l.href == feed.self_url),
        "{links:?}"
    );
    assert_items_match(&parsed.entries, &feed.items);
    // RSS items have no modification date; feed-rs mirrors pubDate into updated.
    assert_eq!(parsed.entries[0].updated, Some(feed.items[0].published));
}

#[test]
fn reads_back_atom_when_parsed_by_feed_rs() {
    let feed = atom_feed();
    let parsed = parse(&to_atom(&feed));

    assert_eq!(parsed.feed_type, FeedType::Atom);
    assert_eq!(parsed.id, feed.feed_id);
    assert_eq!(parsed.title.unwrap().content, feed.title);
    assert_eq!(parsed.description.unwrap().content, feed.description);
    assert_eq!(parsed.updated, Some(feed.updated));
    assert_eq!(parsed.generator.unwrap().content, feed.generator);
    let rels: Vec<_> = parsed
        .links
        .iter()
        .map(|l| (l.rel.as_deref(), l.href.as_str(), l.media_type.as_deref()))
        .collect();
    assert_eq!(
        rels,
        [
            (
                Some("self"),
                feed.self_url.as_str(),
                Some("application/atom+xml")
            ),
            (
                Some("alternate"),
                "https://blog.example/",
                Some("text/html")
            ),
            (
                Some("alternate"),
                feed.alternates.rss.as_str(),
                Some("application/rss+xml")
            ),
            (
                Some("alternate"),
                feed.alternates.json.as_str(),
                Some("application/feed+json")
            ),
        ]
    );
    assert_items_match(&parsed.entries, &feed.items);
    for (entry, item) in parsed.entries.iter().zip(&feed.items) {
        assert_eq!(entry.updated, Some(item.updated));
        assert_eq!(entry.authors[0].uri, item.author_url);
        assert_eq!(
            entry.summary.as_ref().unwrap().content,
            *item.summary.as_ref().unwrap()
        );
        assert_eq!(
            entry.content.as_ref().unwrap().content_type.as_str(),
            "text/html"
        );
    }
}

#[test]
fn reads_back_json_when_parsed_by_feed_rs() {
    let feed = json_feed();
    let parsed = parse(&to_json(&feed));

    assert_eq!(parsed.feed_type, FeedType::JSON);
    assert_eq!(parsed.title.unwrap().content, feed.title);
    assert_eq!(parsed.description.unwrap().content, feed.description);
    assert_eq!(parsed.language.as_deref(), Some("de"));
    assert_eq!(
        hrefs(&parsed.links),
        ["https://blog.example/", feed.self_url.as_str()]
    );
    assert_items_match(&parsed.entries, &feed.items);
    for (entry, item) in parsed.entries.iter().zip(&feed.items) {
        assert_eq!(entry.updated, Some(item.updated));
        assert_eq!(entry.authors[0].uri, item.author_url);
        assert_eq!(
            entry.summary.as_ref().unwrap().content,
            *item.summary.as_ref().unwrap()
        );
    }
}

#[test]
fn keeps_hostile_text_literal_when_rendered_in_any_format() {
    let items = vec![hostile_post()];
    let docs = [
        ("rss", to_rss(&sample(&urls().rss, items.clone()))),
        ("atom", to_atom(&sample(&urls().atom, items.clone()))),
        ("json", to_json(&sample(&urls().json, items.clone()))),
    ];
    for (format, doc) in docs {
        let parsed = parse(&doc);
        let entry = &parsed.entries[0];
        assert_eq!(title(entry), HOSTILE_TITLE, "{format} title");
        assert_eq!(content(entry), HOSTILE_CONTENT, "{format} content");
        assert_eq!(entry.authors[0].name, HOSTILE_AUTHOR, "{format} author");
        assert_eq!(entry.categories[0].term, HOSTILE_TAG, "{format} category");
        // In XML, HTML content may sit verbatim inside CDATA, but nowhere else
        // may markup from the input become XML structure, nor be escaped twice.
        if format != "json" {
            let bare = outside_cdata(&doc);
            assert!(!bare.contains("<script>"), "{format}: raw markup in\n{doc}");
        }
        assert!(
            !doc.contains("&amp;lt;"),
            "{format}: double-escaped in\n{doc}"
        );
    }
}

#[test]
fn escapes_plain_summary_as_html_when_rendering_rss_description() {
    let doc = to_rss(&sample(&urls().rss, vec![hostile_post()]));
    let summary = parse(&doc).entries[0].summary.clone().unwrap();
    assert_eq!(summary.content_type.as_str(), "text/html");
    assert_eq!(
        summary.content,
        "Tom &amp; Jerry &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; ]]&gt; \
         &#39;quoted&#39; &quot;double&quot; 😀 Grüße aus Köln, Äöüß"
    );
}

#[test]
fn keeps_plain_summary_verbatim_when_rendering_atom_and_json() {
    for doc in [
        to_atom(&sample(&urls().atom, vec![hostile_post()])),
        to_json(&sample(&urls().json, vec![hostile_post()])),
    ] {
        let summary = parse(&doc).entries[0].summary.clone().unwrap();
        assert_eq!(summary.content, HOSTILE_TITLE);
    }
}

#[test]
fn renders_valid_documents_when_feed_is_empty() {
    for (format, doc) in [
        ("rss", to_rss(&sample(&urls().rss, vec![]))),
        ("atom", to_atom(&sample(&urls().atom, vec![]))),
        ("json", to_json(&sample(&urls().json, vec![]))),
    ] {
        let parsed = parse(&doc);
        assert_eq!(parsed.title.unwrap().content, "Beispiel-Blog", "{format}");
        assert!(parsed.entries.is_empty(), "{format}");
    }
    let json: serde_json::Value = serde_json::from_str(&to_json(&Feed::default())).unwrap();
    assert_eq!(json["items"], serde_json::json!([]));
}

#[test]
fn emits_required_json_feed_keys_when_serialised() {
    let json: serde_json::Value = serde_json::from_str(&to_json(&json_feed())).unwrap();
    assert_eq!(json["version"], "https://jsonfeed.org/version/1.1");
    for key in [
        "title",
        "home_page_url",
        "feed_url",
        "description",
        "language",
    ] {
        assert!(json[key].is_string(), "missing {key}");
    }
    assert_eq!(json["feed_url"], "https://blog.example/feed/json");
    assert_eq!(
        json["authors"],
        serde_json::json!([{"name": "Anna Autorin", "url": "https://anna.example/"}])
    );
    let item = &json["items"][0];
    for key in ["id", "url", "title", "content_html", "summary"] {
        assert!(item[key].is_string(), "missing item {key}");
    }
    assert_eq!(item["date_published"], "2024-03-02T10:00:00Z");
    assert_eq!(item["date_modified"], "2024-03-02T12:30:15Z");
    assert_eq!(item["tags"], serde_json::json!(["Rust", "tag-2"]));
    assert_eq!(item["authors"][0]["name"], "Anna Autorin");
}

#[test]
fn omits_optional_json_keys_when_values_are_missing() {
    let mut feed = json_feed();
    feed.description.clear();
    feed.items = vec![FeedItem {
        summary: None,
        author_url: None,
        categories: vec![],
        ..post(1)
    }];
    let json: serde_json::Value = serde_json::from_str(&to_json(&feed)).unwrap();
    assert!(json.get("description").is_none());
    let item = json["items"][0].as_object().unwrap();
    assert!(!item.contains_key("summary"));
    assert!(!item.contains_key("tags"));
    assert!(!item["authors"][0].as_object().unwrap().contains_key("url"));
    assert!(!to_json(&feed).contains("null"));
}

#[test]
fn declares_namespaces_and_opaque_guid_when_rendering_rss() {
    let doc = to_rss(&rss_feed());
    for ns in [
        r#"xmlns:atom="http://www.w3.org/2005/Atom""#,
        r#"xmlns:content="http://purl.org/rss/1.0/modules/content/""#,
        r#"xmlns:dc="http://purl.org/dc/elements/1.1/""#,
        r#"xmlns:slash="http://purl.org/rss/1.0/modules/slash/""#,
        r#"xmlns:wfw="http://wellformedweb.org/CommentAPI/""#,
    ] {
        assert!(doc.contains(ns), "missing {ns}");
    }
    assert!(doc.contains(r#"<guid isPermaLink="false">https://blog.example/?p=2</guid>"#));
    assert!(doc.contains("<pubDate>Sat, 2 Mar 2024 10:00:00 +0000</pubDate>"));
    assert!(doc.contains("<lastBuildDate>Sat, 2 Mar 2024 12:30:15 +0000</lastBuildDate>"));
}

#[test]
fn writes_comment_extensions_when_rss_item_has_comments() {
    let doc = to_rss(&rss_feed());
    let channel = rss::Channel::read_from(doc.as_bytes()).unwrap();
    let item = &channel.items()[0];
    assert_eq!(
        item.comments(),
        Some("https://blog.example/2024/post-2/#comments")
    );
    assert_eq!(item.dublin_core_ext().unwrap().creators(), ["Anna Autorin"]);
    let ext = |prefix: &str, name: &str| {
        item.extensions()[prefix][name][0]
            .value()
            .map(str::to_owned)
    };
    assert_eq!(
        ext("wfw", "commentRss").as_deref(),
        Some("https://blog.example/2024/post-2/feed/")
    );
    assert_eq!(ext("slash", "comments").as_deref(), Some("6"));

    let self_link = &channel.extensions()["atom"]["link"][0];
    assert_eq!(self_link.attrs()["rel"], "self");
    assert_eq!(self_link.attrs()["href"], "https://blog.example/feed/rss");
    assert_eq!(self_link.attrs()["type"], "application/rss+xml");
}

#[test]
fn omits_comment_extensions_when_rss_item_has_none() {
    let mut feed = rss_feed();
    feed.items = vec![FeedItem {
        comments_url: None,
        comments_feed_url: None,
        comment_count: None,
        ..post(1)
    }];
    let doc = to_rss(&feed);
    assert!(!doc.contains("<wfw:commentRss"));
    assert!(!doc.contains("<slash:comments"));
    assert!(!doc.contains("<comments>"));
}

#[test]
fn marks_reply_when_atom_entry_has_in_reply_to() {
    let mut feed = atom_feed();
    feed.items = vec![FeedItem {
        in_reply_to: Some("https://blog.example/2024/post-1/".into()),
        ..post(1)
    }];
    let doc = to_atom(&feed);
    assert!(doc.contains(r#"xmlns:thr="http://purl.org/syndication/thread/1.0""#));
    assert!(
        doc.contains(
            r#"<thr:in-reply-to href="https://blog.example/2024/post-1/" ref="https://blog.example/2024/post-1/" type="text/html">"#
        ),
        "{doc}"
    );
    assert!(doc.contains("<thr:total>3</thr:total>"));

    let atom = atom_syndication::Feed::read_from(doc.as_bytes()).unwrap();
    let entry = &atom.entries()[0];
    let reply = &entry.extensions()["thr"]["in-reply-to"][0];
    assert_eq!(reply.attrs()["ref"], "https://blog.example/2024/post-1/");
    let replies: Vec<_> = entry
        .links()
        .iter()
        .filter(|l| l.rel() == "replies")
        .map(|l| l.href())
        .collect();
    assert_eq!(
        replies,
        [
            "https://blog.example/2024/post-1/#comments",
            "https://blog.example/2024/post-1/feed/"
        ]
    );
    // Still an ordinary Atom document for readers that ignore RFC 4685.
    assert_eq!(parse(&doc).entries.len(), 1);
}

#[test]
fn omits_thread_elements_when_atom_entry_is_not_a_reply() {
    let mut feed = atom_feed();
    feed.items = vec![FeedItem {
        comment_count: None,
        ..post(1)
    }];
    let doc = to_atom(&feed);
    assert!(!doc.contains("<thr:"));
}

#[test]
fn drops_xml_forbidden_characters_when_rendering_xml() {
    let item = FeedItem {
        title: "bell\u{7}less\u{FFFF}".into(),
        content_html: "<p>a\u{0}b\u{1B}c\td</p>".into(),
        ..post(1)
    };
    for doc in [
        to_rss(&sample(&urls().rss, vec![item.clone()])),
        to_atom(&sample(&urls().atom, vec![item.clone()])),
    ] {
        let parsed = parse(&doc);
        assert_eq!(title(&parsed.entries[0]), "bellless");
        assert_eq!(content(&parsed.entries[0]), "<p>abc\td</p>");
    }
    // JSON can carry any character escaped, so nothing is lost there.
    let parsed = parse(&to_json(&sample(&urls().json, vec![item])));
    assert_eq!(title(&parsed.entries[0]), "bell\u{7}less\u{FFFF}");
}

#[test]
fn skips_self_and_alternate_links_when_urls_are_empty() {
    let mut feed = atom_feed();
    feed.self_url.clear();
    feed.alternates = FeedUrls::default();
    let parsed = parse(&to_atom(&feed));
    assert_eq!(hrefs(&parsed.links), ["https://blog.example/"]);
    let rss = to_rss(&feed);
    assert!(!rss.contains("<atom:link"));
}

#[test]
fn exposes_charset_in_mime_types() {
    for mime in [RSS_MIME, ATOM_MIME, JSON_MIME] {
        assert!(mime.ends_with("; charset=utf-8"));
    }
}

#[test]
fn the_site_icon_is_each_formats_image() {
    let icon = crate::model::FeedIcon {
        small: "https://blog.example/media/site-icon/1/icon-64.png".into(),
        large: "https://blog.example/media/site-icon/1/icon-512.png".into(),
    };
    let with_icon = |mut f: Feed| {
        f.icon = Some(icon.clone());
        f
    };
    let rss = to_rss(&with_icon(rss_feed()));
    assert!(rss.contains("<image><url>https://blog.example/media/site-icon/1/icon-64.png</url><title>Beispiel-Blog</title><link>https://blog.example/</link><width>64</width><height>64</height></image>"), "{rss}");
    let parsed = parse(&rss);
    assert_eq!(parsed.logo.map(|i| i.uri), Some(icon.small.clone()));
    let atom = to_atom(&with_icon(atom_feed()));
    let parsed = parse(&atom);
    assert_eq!(parsed.icon.map(|i| i.uri), Some(icon.small.clone()));
    assert_eq!(parsed.logo.map(|i| i.uri), Some(icon.large.clone()));
    let json: serde_json::Value = serde_json::from_str(&to_json(&with_icon(json_feed()))).unwrap();
    assert_eq!(json["icon"], icon.large.as_str());
    assert_eq!(json["favicon"], icon.small.as_str());
    // Without one, no format names an image.
    assert!(!to_rss(&rss_feed()).contains("<image>"));
    assert!(!to_atom(&atom_feed()).contains("<logo>"));
    assert!(!to_json(&json_feed()).contains("favicon"));
}

#[test]
fn carries_the_featured_image_when_an_item_has_one() {
    let item = FeedItem {
        image: Some(crate::FeedImage {
            url: "https://blog.example/media/2026/12/a&b.jpg".into(),
            mime: "image/jpeg".into(),
            length: 12345,
        }),
        ..post(1)
    };
    let feed = sample("https://blog.example/feed/", vec![item, post(2)]);
    let rss = to_rss(&feed);
    assert!(
        rss.contains(r#"<enclosure url="https://blog.example/media/2026/12/a&amp;b.jpg" length="12345" type="image/jpeg"/>"#),
        "{rss}"
    );
    assert_eq!(
        rss.matches("<enclosure").count(),
        1,
        "only the item with an image"
    );
    let atom = to_atom(&feed);
    assert!(
        atom.contains(r#"rel="enclosure""#) && atom.contains(r#"length="12345""#),
        "{atom}"
    );
    let json: serde_json::Value = serde_json::from_str(&to_json(&feed)).unwrap();
    assert_eq!(
        json["items"][0]["image"],
        "https://blog.example/media/2026/12/a&b.jpg"
    );
    assert!(json["items"][1].get("image").is_none());
}

#[test]
fn names_the_hub_when_a_feed_has_one() {
    let hub = "https://blog.example/websub";
    let mut rss = rss_feed();
    rss.hub = Some(hub.into());
    let doc = to_rss(&rss);
    assert!(
        doc.contains(&format!("<atom:link href=\"{hub}\" rel=\"hub\">")),
        "{doc}"
    );
    assert!(hrefs(&parse(&doc).links).contains(&hub));
    let mut atom = atom_feed();
    atom.hub = Some(hub.into());
    let doc = to_atom(&atom);
    assert!(
        doc.contains(&format!("href=\"{hub}\" rel=\"hub\"")),
        "{doc}"
    );
    let mut json = json_feed();
    json.hub = Some(hub.into());
    let value: serde_json::Value = serde_json::from_str(&to_json(&json)).unwrap();
    assert_eq!(
        value["hubs"],
        serde_json::json!([{"type": "WebSub", "url": hub}])
    );
    assert!(!to_json(&json_feed()).contains("hubs"));
}
