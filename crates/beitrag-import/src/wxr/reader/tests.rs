//! The reader on the shared WordPress exports and on hostile input.

use super::*;
use std::collections::BTreeMap;
use std::path::Path;

const FIXTURES: &str = "/work/shared/testdata/wxr";
const NO_VERSION: &str = "not a WordPress export (WXR) file: no wp:wxr_version";

#[derive(Debug, Default)]
struct Doc {
    authors: Vec<Author>,
    terms: Vec<Term>,
    items: Vec<Item>,
    skipped: Vec<WxrError>,
    fatal: Option<WxrError>,
}

impl Doc {
    fn fatal(&self) -> (u64, &str) {
        let e = self.fatal.as_ref();
        e.map_or((0, "no fatal error"), |e| (e.line, e.message.as_str()))
    }

    fn count<'a>(&'a self, key: impl Fn(&'a Item) -> &'a str) -> BTreeMap<&'a str, usize> {
        let mut counts = BTreeMap::new();
        for item in &self.items {
            *counts.entry(key(item)).or_default() += 1;
        }
        counts
    }
}

fn read_with<R: BufRead>(mut reader: Reader<R>) -> Doc {
    let mut doc = Doc::default();
    loop {
        match reader.next_entry() {
            Ok(None) => return doc,
            Ok(Some(Entry::Author(a))) => doc.authors.push(a),
            Ok(Some(Entry::Term(t))) => doc.terms.push(t),
            Ok(Some(Entry::Item(i))) => doc.items.push(i),
            Err(e) if e.fatal => {
                assert_eq!(reader.next_entry(), Err(e.clone()), "fatal is sticky");
                doc.fatal = Some(e);
                return doc;
            }
            Err(e) => doc.skipped.push(e),
        }
    }
}

fn read(xml: impl AsRef<[u8]>) -> Doc {
    read_with(Reader::new(xml.as_ref()))
}

/// A minimal WXR 1.2 document; `body` goes inside `<channel>` from line 5 on.
fn wxr(body: &str) -> String {
    let ns = "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" \
              xmlns:wp=\"http://wordpress.org/export/1.2/\"";
    let head = "<channel>\n<wp:wxr_version>1.2</wp:wxr_version>";
    format!("<?xml version=\"1.0\"?>\n<rss {ns}>\n{head}\n{body}\n</channel>\n</rss>\n")
}

/// None (the test passes vacuously) when the shared fixtures are absent, except in CI.
fn bytes(name: &str) -> Option<Vec<u8>> {
    if !Path::new(FIXTURES).is_dir() {
        assert_ne!(std::env::var("CI").as_deref(), Ok("true"), "no {FIXTURES}");
        eprintln!("skipped: {FIXTURES} not found");
        return None;
    }
    Some(std::fs::read(Path::new(FIXTURES).join(name)).unwrap())
}

/// Reads through a tiny buffer, so tokens straddle many fill_buf calls.
fn fixture(name: &str) -> Option<Doc> {
    let data = bytes(name)?;
    Some(read_with(Reader::new(io::BufReader::with_capacity(
        61,
        &data[..],
    ))))
}

fn good(name: &str) -> Option<Doc> {
    let doc = fixture(name)?;
    assert_eq!((&doc.fatal, &doc.skipped[..]), (&None, &[][..]), "{name}");
    Some(doc)
}

fn meta(key: &str, value: &str) -> Meta {
    Meta {
        key: key.into(),
        value: value.into(),
    }
}

#[test]
fn reads_every_fixture_and_rejects_only_the_broken_ones() {
    let Some(_) = bytes("slashes.xml") else {
        return;
    };
    for entry in std::fs::read_dir(FIXTURES).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if name.ends_with(".xml") {
            let doc = fixture(&name).unwrap();
            let broken = [
                "crazy-cdata.xml",
                "malformed.xml",
                "missing-version-tag.xml",
            ];
            assert_eq!(
                doc.fatal.is_some(),
                broken.contains(&name.as_str()),
                "{name}"
            );
            let comments: usize = doc.items.iter().map(|i| i.comments.len()).sum();
            let (authors, terms, items) = (doc.authors.len(), doc.terms.len(), doc.items.len());
            eprintln!(
                "{name}: {authors} authors, {terms} terms, {items} items, {comments} comments"
            );
        }
    }
}

#[test]
fn counts_theme_unit_test_data() {
    let Some(doc) = good("themeunittestdata.wordpress.xml") else {
        return;
    };
    let types = doc.count(|i| &i.post_type);
    let want = [
        ("attachment", 37),
        ("nav_menu_item", 70),
        ("page", 21),
        ("post", 58),
    ];
    assert_eq!(types, BTreeMap::from(want));
    let comments: Vec<_> = doc.items.iter().flat_map(|i| &i.comments).collect();
    assert_eq!(comments.len(), 33);
    let kinds = |k: &str| comments.iter().filter(|c| c.kind == k).count();
    assert_eq!(
        (kinds("trackback"), kinds("pingback"), kinds("")),
        (2, 2, 28)
    );
    assert_eq!(comments.iter().filter(|c| c.parent > Some(0)).count(), 10);
    assert_eq!(comments.iter().filter(|c| c.approved != "1").count(), 3);
    assert_eq!(comments[0].author, "themedemos");
    let logins: Vec<_> = doc.authors.iter().map(|a| a.login.as_str()).collect();
    assert_eq!(logins, ["themedemos", "themereviewteam"]);
    let taxonomies = doc
        .terms
        .iter()
        .filter(|t| t.taxonomy == "nav_menu")
        .count();
    assert_eq!((doc.terms.len(), taxonomies), (68 + 110 + 7, 6));
    assert_eq!(doc.items.iter().map(|i| i.meta.len()).sum::<usize>(), 737);
    assert_eq!(doc.items.iter().filter(|i| i.is_sticky).count(), 1);
    let first = &doc.items[0];
    assert_eq!(
        (first.line, first.title.as_str()),
        (1082, "WP 6.1 Font size scale")
    );
}

#[test]
fn reads_channel_header_and_block_data() {
    let Some(data) = bytes("64-block-test-data.xml") else {
        return;
    };
    let mut reader = Reader::new(&data[..]);
    assert!(matches!(reader.next_entry(), Ok(Some(Entry::Author(_)))));
    assert_eq!(reader.channel().version.as_deref(), Some("1.2"));
    assert!(reader.channel().base_site_url.starts_with("http"));
    let doc = read_with(reader);
    let want = [
        ("attachment", 9),
        ("page", 1),
        ("post", 61),
        ("wp_navigation", 1),
    ];
    assert_eq!(doc.count(|i| &i.post_type), BTreeMap::from(want));
    assert_eq!(doc.items.iter().map(|i| i.comments.len()).sum::<usize>(), 2);
}

#[test]
fn reads_small_export() {
    let Some(doc) = good("small-export.xml") else {
        return;
    };
    assert_eq!((doc.authors.len(), doc.items.len()), (3, 11));
    let editor = &doc.authors[1];
    assert_eq!((editor.id, editor.login.as_str()), (Some(2), "editor"));
    assert_eq!(
        (editor.first_name.as_str(), editor.last_name.as_ref()),
        ("FirstName", "LastName")
    );
    assert_eq!(
        (doc.items[0].line, doc.items[0].title.as_str()),
        (78, "Hello world!")
    );
}

#[test]
fn reads_wxr_1_0() {
    let Some(doc) = good("valid-wxr-1.0.xml") else {
        return;
    };
    assert_eq!(doc.items.len(), 6);
    let alpha = &doc.terms[0];
    assert_eq!(
        (alpha.taxonomy.as_str(), alpha.slug.as_str()),
        ("category", "alpha")
    );
    assert_eq!(alpha.description, "The alpha category");
    assert!(
        doc.terms
            .iter()
            .any(|t| t.taxonomy == "post_tag" && t.slug == "chicken")
    );
    let terms = |i: usize| -> Vec<_> {
        let terms = doc.items[i].terms.iter();
        terms
            .map(|t| format!("{}:{}:{}", t.domain, t.slug, t.name))
            .collect()
    };
    assert_eq!(terms(0), ["category:uncategorized:Uncategorized"]);
    assert_eq!(
        terms(2),
        ["category:alpha:alpha", "tag:news:news", "tag:roar:roar"]
    );
    assert_eq!(doc.items[1].meta, [meta("_wp_page_template", "default")]);
}

#[test]
fn reads_wxr_1_1() {
    let Some(doc) = good("valid-wxr-1.1.xml") else {
        return;
    };
    assert_eq!(doc.items.len(), 2);
    let john = Author {
        line: 38,
        id: Some(2),
        login: "john".into(),
        email: "johndoe@example.org".into(),
        display_name: "John Doe".into(),
        first_name: "John".into(),
        last_name: "Doe".into(),
    };
    assert_eq!(doc.authors, [john]);
    let terms: Vec<_> = doc
        .terms
        .iter()
        .map(|t| (t.id, t.taxonomy.as_str()))
        .collect();
    assert_eq!(
        terms,
        [
            (Some(3), "category"),
            (Some(22), "post_tag"),
            (Some(40), "post_tax")
        ]
    );
    assert_eq!(
        (doc.terms[2].slug.as_str(), doc.terms[2].name.as_str()),
        ("bieup", "bieup")
    );
    assert_eq!(doc.terms[2].description, "The bieup post_tax");
    let domains: Vec<_> = doc.items[0]
        .terms
        .iter()
        .map(|t| t.domain.as_str())
        .collect();
    assert_eq!(domains, ["category", "post_tag", "post_tax"]);
}

#[test]
fn keeps_escaped_cdata_exactly() {
    let Some(doc) = good("crazy-cdata-escaped.xml") else {
        return;
    };
    assert_eq!(
        doc.items[0].content,
        "Content with nested <![CDATA[ tags ]]> :)"
    );
    let values: Vec<_> = doc.items[0].meta.iter().map(|m| m.value.as_str()).collect();
    let alot = "This has <![CDATA[ opening and ]]> closing <![CDATA[ tags like this: ]]>";
    assert_eq!(values, ["Foo", "]]>", alot]);
}

#[test]
fn rejects_unescaped_cdata_end() {
    let Some(doc) = fixture("crazy-cdata.xml") else {
        return;
    };
    assert_eq!(
        doc.fatal(),
        (18, "malformed XML: `]]>` outside a CDATA section")
    );
}

#[test]
fn keeps_backslashes_and_quotes() {
    let Some(doc) = good("slashes.xml") else {
        return;
    };
    assert_eq!(doc.items[0].content, r#"Slashes aren\'t \"cool\""#);
    assert_eq!(doc.items[0].comments[0].content, r"\o/ ¯\_(ツ)_/¯");
    assert_eq!(doc.items[0].terms[0].name, r#"a \"great\" category"#);
    assert_eq!(doc.terms[1].name, r"foo\'bar");
}

#[test]
fn keeps_non_ascii_exactly() {
    let Some(data) = bytes("wxr-utf-8-challenges.xml") else {
        return;
    };
    let doc = good("wxr-utf-8-challenges.xml").unwrap();
    let text = std::str::from_utf8(&data).unwrap();
    let start = text.find("<content:encoded><![CDATA[").unwrap() + 26;
    let len = text[start..].find("]]></content:encoded>").unwrap();
    assert_eq!(doc.items[0].content, &text[start..start + len]);
    let admin = &doc.authors[0];
    assert_eq!(admin.login, "admin\u{200C}\u{200B}\u{200D}\u{200E}");
    assert_eq!(admin.email, "ădmĩn@ℓocalhost.com");
    assert_eq!(admin.last_name, "&#x1F1FA;&#x1F1F8;𝕌𝕟𝕚𝕔𝕠𝕕𝕖");
    assert!(doc.items[0].guid.contains("?p=1&test=💫"));
}

#[test]
fn matches_namespace_uri_not_prefix() {
    let Some(doc) = good("namespace-edge-cases.xml") else {
        return;
    };
    let logins: Vec<_> = doc.authors.iter().map(|a| a.login.as_str()).collect();
    assert_eq!(logins, ["real_user", "version_conflict"]);
    // alt: is bound to the real URI, so its later post_id wins; item 5 rebinds wp:.
    let ids: Vec<_> = doc.items.iter().map(|i| i.post_id).collect();
    assert_eq!(ids, [Some(999), Some(2), Some(3), Some(4), None, Some(6)]);
    assert_eq!(doc.items[0].meta, [meta("normal_key", "normal_value")]);
    assert!(doc.items[4].meta.is_empty() && doc.items[4].post_type.is_empty());
    assert!(doc.items[5].content.starts_with("&lol1;&lol1;"));
    let terms: Vec<_> = doc.terms.iter().map(|t| t.id).collect();
    assert_eq!(terms, [Some(100), Some(102)]);
}

#[test]
fn keeps_serialized_meta_as_text() {
    let Some(doc) = good("test-serialized-postmeta-with-cdata.xml") else {
        return;
    };
    let meta_of = |key: &str| doc.items[0].meta.iter().find(|m| m.key == key).unwrap();
    assert_eq!(doc.items[0].meta.len(), 7);
    assert_eq!(meta_of("evil").value, "<wp:meta_value>evil</wp:meta_value>");
    assert_eq!(
        meta_of("array").value,
        r#"a:1:{s:3:"key";s:13:"¯\_(ツ)_/¯";}"#
    );
    let doc = good("test-serialized-comment-meta.xml").unwrap();
    let comment = &doc.items[0].comments[0];
    assert_eq!(comment.author, "A WordPress Commenter");
    assert_eq!(comment.meta[0], meta("string", r"¯\_(ツ)_/¯"));
}

#[test]
fn rejects_mismatched_tag_with_line() {
    let Some(doc) = fixture("malformed.xml") else {
        return;
    };
    let want = "malformed XML: expected </notachanneltag>, found </channel>";
    assert_eq!(doc.fatal(), (90, want));
}

#[test]
fn rejects_missing_or_unknown_version() {
    if let Some(doc) = fixture("missing-version-tag.xml") {
        assert_eq!(doc.fatal(), (35, NO_VERSION));
        assert!(doc.authors.is_empty());
    }
    let doc = read(b"<rss><channel><title>x</title></channel></rss>");
    assert_eq!(doc.fatal(), (1, NO_VERSION));
    let doc = read(wxr("").replace("1.2</wp:wxr", "2.0</wp:wxr"));
    assert!(doc.fatal().1.starts_with("unsupported WXR version `2.0`"));
}

#[test]
fn rejects_other_documents() {
    let doc = read(b"<?xml version='1.0'?>\n<html><body/></html>");
    let want = "not a WordPress export (WXR) file: the root element is <html>";
    assert_eq!(doc.fatal(), (2, want));
    assert!(read(b"").fatal().1.ends_with("no root element"));
    let latin1 = read(b"<?xml version='1.0' encoding='ISO-8859-1'?><rss/>");
    assert!(
        latin1
            .fatal()
            .1
            .starts_with("unsupported encoding `iso-8859-1`")
    );
}

#[test]
fn rejects_doctype_and_entities() {
    let xxe = "<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<rss>&x;</rss>";
    let laughs = "<!DOCTYPE lolz [<!ENTITY lol \"lol\">\n\
                  <!ENTITY lol1 \"&lol;&lol;&lol;&lol;\">]><rss>&lol1;</rss>";
    for xml in [xxe, laughs] {
        let doc = read(format!("<?xml version=\"1.0\"?>\n{xml}").as_bytes());
        assert_eq!(doc.fatal().1, "DOCTYPE declarations are not accepted");
    }
}

#[test]
fn rejects_deep_nesting_quickly() {
    let xml = wxr(&format!("<item>{}", "<a>".repeat(10_000)));
    let start = std::time::Instant::now();
    assert_eq!(
        read(&xml).fatal(),
        (5, "elements are nested more than 64 levels deep")
    );
    assert!(start.elapsed() < std::time::Duration::from_secs(1));
}

#[test]
fn rejects_truncated_files() {
    let Some(data) = bytes("themeunittestdata.wordpress.xml") else {
        return;
    };
    let half = data.len() / 2;
    let doc = read(&data[..half]);
    assert!(doc.fatal().1.starts_with("malformed XML"));
    assert!(doc.items.len() > 10);
    let item = half
        + data[half..]
            .windows(6)
            .position(|w| w == b"<item>")
            .unwrap();
    let eof = "malformed XML: unexpected end of file inside an element (truncated?)";
    assert_eq!(read(&data[..item + 6]).fatal().1, eof);
    // Every cut before the end of </rss> is an error, never a silent end.
    let data = bytes("slashes.xml").unwrap();
    let end = data.windows(6).position(|w| w == b"</rss>").unwrap() + 6;
    for cut in 0..end {
        assert!(read(&data[..cut]).fatal.is_some(), "cut at {cut}");
    }
    assert!(read(&data[..end]).fatal.is_none());
}

#[test]
fn skips_item_with_undefined_entity() {
    let doc = read(wxr(
        "<item><title>a &undefined; b</title></item>\n<item><title>next</title></item>",
    ));
    let e = &doc.skipped[..];
    let want = WxrError {
        line: 5,
        message: "undefined entity reference &undefined;".into(),
        fatal: false,
    };
    assert_eq!(e, [want]);
    assert_eq!((doc.items.len(), doc.items[0].title.as_str()), (1, "next"));
    assert!(doc.fatal.is_none());
}

#[test]
fn skips_item_with_bad_number() {
    let doc = read(wxr(
        "<item><wp:post_id>abc</wp:post_id><wp:comment/></item>\n\
                         <item><wp:post_id> 7 </wp:post_id></item>",
    ));
    assert_eq!(doc.skipped[0].message, "wp:post_id `abc` is not a number");
    assert_eq!(
        doc.items.iter().map(|i| i.post_id).collect::<Vec<_>>(),
        [Some(7)]
    );
}

#[test]
fn resolves_predefined_and_numeric_references() {
    let doc = read(wxr(
        "<item><title>&lt;b&gt; &amp; &quot;&apos; &#233;&#x1F600;</title>\
        <category domain=\"post_tag\" nicename=\" a&amp;b \">x</category></item>\
        <item><title>&#0;</title></item><item><category nicename=\"&bad;\"/></item>",
    ));
    assert_eq!(doc.items[0].title, "<b> & \"' é😀");
    assert_eq!(doc.items[0].terms[0].slug, "a&b");
    assert_eq!(doc.items.len(), 1);
    assert_eq!(doc.skipped[0].message, "invalid character reference &#0;");
    assert!(
        doc.skipped[1]
            .message
            .starts_with("bad attribute in <category>")
    );
}

#[test]
fn skips_oversized_fields_and_entries() {
    let big = "x".repeat(300);
    let xml = wxr(&format!(
        "<item><content:encoded>{big}</content:encoded><a>{big}</a></item>\
         <item><title>{big}</title><content:encoded>{big}</content:encoded></item>\
         <item><title>ok</title></item>"
    ));
    let mut reader = Reader::new(xml.as_bytes());
    (reader.max_field, reader.max_entry) = (400, 500);
    let doc = read_with(reader);
    assert_eq!(doc.items.len(), 2);
    assert_eq!(doc.skipped[0].message, "the entry is larger than 500 bytes");
    let mut reader = Reader::new(xml.as_bytes());
    reader.max_field = 200;
    let doc = read_with(reader);
    assert_eq!((doc.skipped.len(), doc.items[0].title.as_str()), (2, "ok"));
    assert_eq!(
        doc.skipped[0].message,
        "a text field is larger than 200 bytes"
    );
}

#[test]
fn rejects_oversized_tokens() {
    let xml = wxr(&format!(
        "<item><title>{}</title></item>",
        "x".repeat(100_000)
    ));
    let mut reader = Reader::new(io::BufReader::with_capacity(1024, xml.as_bytes()));
    reader.xml.get_mut().max_token = 10_000;
    assert!(
        read_with(reader)
            .fatal()
            .1
            .starts_with("an XML token is larger than")
    );
}

#[test]
fn ignores_comments_processing_instructions_and_unknown_elements() {
    let doc = read(wxr(
        "<!-- c --><?pi x?><item><title>a<!-- c -->b<![CDATA[<c>]]>&amp;\
        </title><x><title>no</title></x><wp:x><wp:post_id>1</wp:post_id></wp:x></item>",
    ));
    assert_eq!(
        (doc.items[0].title.as_str(), doc.items[0].post_id),
        ("ab<c>&", None)
    );
}

#[test]
fn survives_mutated_input() {
    let Some(data) = bytes("slashes.xml") else {
        return;
    };
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    let mut rand = move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    for _ in 0..3000 {
        let mut xml = data.clone();
        for _ in 0..1 + rand(4) {
            let at = rand(xml.len());
            let byte = b"<>&;/]!?\"x#\n\xff"[rand(13)];
            match rand(3) {
                0 => xml[at] = byte,
                1 => xml.insert(at, byte),
                _ => drop(xml.remove(at)),
            }
        }
        read(&xml);
    }
}
