//! Posts and their fields between XML-RPC structs and the core's types, in
//! the shapes MetaWeblog and WordPress clients expect.

use beitrag_core::model::{Media, OpenClosed, Post, PostKind, Taxonomy, Term};
use beitrag_linkback::xmlrpc::Value;
use chrono::{DateTime, NaiveDateTime, Utc};

use super::text;
use crate::state::Site;

/// A struct member as text (numbers and booleans as their words).
pub(super) fn member_text(v: &Value, name: &str) -> Option<String> {
    match v.member(name)? {
        Value::String(s) => Some(s.clone()),
        Value::Int(i) => Some(i.to_string()),
        Value::Bool(b) => Some(if *b { "1" } else { "0" }.to_owned()),
        _ => None,
    }
}

/// A list member: an array of strings, or one comma-separated string
/// (`mt_keywords`).
pub(super) fn member_list(v: &Value, name: &str) -> Option<Vec<String>> {
    match v.member(name)? {
        Value::Array(items) => Some(
            items
                .iter()
                .filter_map(|i| match i {
                    Value::String(s) => Some(s.trim().to_owned()),
                    Value::Int(n) => Some(n.to_string()),
                    _ => None,
                })
                .filter(|s| !s.is_empty())
                .collect(),
        ),
        Value::String(s) => Some(
            s.split(',')
                .map(|t| t.trim().to_owned())
                .filter(|t| !t.is_empty())
                .collect(),
        ),
        _ => None,
    }
}

/// A boolean-ish member: `1`/`0`, `true`/`false`, `open`/`closed`.
pub(super) fn member_flag(v: &Value, name: &str) -> Option<bool> {
    match v.member(name)? {
        Value::Bool(b) => Some(*b),
        Value::Int(i) => Some(*i != 0),
        Value::String(s) => match s.trim() {
            "1" | "true" | "open" => Some(true),
            "0" | "false" | "closed" | "" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

pub(super) fn open_closed(on: bool) -> OpenClosed {
    if on {
        OpenClosed::Open
    } else {
        OpenClosed::Closed
    }
}

/// An XML-RPC date: `20110126T09:15:00`, with or without dashes, a `Z` or
/// an offset. Without a zone it is UTC (what clients send in the `_gmt`
/// members and what MarsEdit sends in `dateCreated`).
pub(super) fn parse_date(v: &Value) -> Option<DateTime<Utc>> {
    let raw = match v {
        Value::DateTime(s) | Value::String(s) => s.trim(),
        _ => return None,
    };
    if let Ok(t) = DateTime::parse_from_rfc3339(raw) {
        return Some(t.with_timezone(&Utc));
    }
    let bare = raw.trim_end_matches('Z');
    for format in ["%Y%m%dT%H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y%m%dT%H%M%S"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(bare, format) {
            return Some(t.and_utc());
        }
    }
    DateTime::parse_from_str(raw, "%Y%m%dT%H:%M:%S%z")
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// A date for the client: UTC, in the form every client reads.
pub(super) fn date(t: DateTime<Utc>) -> Value {
    Value::DateTime(t.format("%Y%m%dT%H:%M:%SZ").to_string())
}

pub(super) fn kind_of(word: &str) -> Option<PostKind> {
    match word.trim() {
        "post" | "" => Some(PostKind::Post),
        "page" => Some(PostKind::Page),
        _ => None,
    }
}

fn names(site: &Site, terms: &[Term], taxonomy: Taxonomy) -> Vec<String> {
    terms
        .iter()
        .filter(|t| t.taxonomy == taxonomy)
        .map(|t| match taxonomy {
            Taxonomy::Category => site.directory.category_names(t.id),
            Taxonomy::Tag => t.name.clone(),
        })
        .collect()
}

fn url(site: &Site, post: &Post) -> String {
    site.url(&site.directory.post_path(&site.settings, post))
}

fn when(post: &Post) -> DateTime<Utc> {
    post.published_at.unwrap_or(post.updated_at)
}

/// A post as MetaWeblog's `getPost` returns it.
pub(super) fn metaweblog(site: &Site, post: &Post, terms: &[Term]) -> Value {
    let link = url(site, post);
    Value::Struct(vec![
        ("postid".into(), text(&post.id.0.to_string())),
        ("title".into(), text(&post.title)),
        ("description".into(), text(&post.source)),
        ("link".into(), text(&link)),
        ("permaLink".into(), text(&link)),
        ("dateCreated".into(), date(when(post))),
        ("date_created_gmt".into(), date(when(post))),
        ("date_modified".into(), date(post.updated_at)),
        ("userid".into(), text(&post.author_id.0.to_string())),
        ("wp_author_id".into(), text(&post.author_id.0.to_string())),
        (
            "categories".into(),
            Value::Array(
                names(site, terms, Taxonomy::Category)
                    .iter()
                    .map(|n| text(n))
                    .collect(),
            ),
        ),
        (
            "mt_keywords".into(),
            text(&names(site, terms, Taxonomy::Tag).join(", ")),
        ),
        ("mt_excerpt".into(), text(&post.excerpt)),
        ("mt_text_more".into(), text("")),
        (
            "mt_allow_comments".into(),
            Value::Int(i64::from(post.comment_status == OpenClosed::Open)),
        ),
        (
            "mt_allow_pings".into(),
            Value::Int(i64::from(post.ping_status == OpenClosed::Open)),
        ),
        ("wp_slug".into(), text(&post.slug)),
        ("post_status".into(), text(post.status.wordpress())),
        ("sticky".into(), Value::Bool(post.sticky)),
        ("post_type".into(), text(post.kind.as_str())),
    ])
}

/// A term as `wp.getTerms` returns it.
pub(super) fn wp_term(term: &Term) -> Value {
    let taxonomy = match term.taxonomy {
        Taxonomy::Tag => "post_tag",
        Taxonomy::Category => "category",
    };
    Value::Struct(vec![
        ("term_id".into(), text(&term.id.0.to_string())),
        ("name".into(), text(&term.name)),
        ("slug".into(), text(&term.slug)),
        ("term_group".into(), text("0")),
        ("term_taxonomy_id".into(), text(&term.id.0.to_string())),
        ("taxonomy".into(), text(taxonomy)),
        ("description".into(), text("")),
        (
            "parent".into(),
            text(&term.parent.map_or(0, |p| p.0).to_string()),
        ),
        ("count".into(), Value::Int(0)),
    ])
}

/// A featured image as `wp.getPost` shows it (WordPress's attachment
/// struct, the fields clients read), or WordPress's empty array.
fn wp_thumbnail(site: &Site, media: Option<&Media>) -> Value {
    let Some(m) = media else {
        return Value::Array(Vec::new());
    };
    Value::Struct(vec![
        ("attachment_id".into(), text(&m.id.0.to_string())),
        ("date_created_gmt".into(), date(m.created_at)),
        ("parent".into(), Value::Int(0)),
        ("link".into(), text(&site.url(&m.url()))),
        ("title".into(), text(&m.name)),
        ("caption".into(), text("")),
        ("description".into(), text(&m.alt)),
        ("thumbnail".into(), text(&site.url(&m.url()))),
    ])
}

/// A post as `wp.getPost` returns it.
pub(super) fn wordpress(
    site: &Site,
    post: &Post,
    terms: &[Term],
    thumbnail: Option<&Media>,
) -> Value {
    Value::Struct(vec![
        ("post_id".into(), text(&post.id.0.to_string())),
        ("post_title".into(), text(&post.title)),
        ("post_date".into(), date(when(post))),
        ("post_date_gmt".into(), date(when(post))),
        ("post_modified".into(), date(post.updated_at)),
        ("post_modified_gmt".into(), date(post.updated_at)),
        ("post_status".into(), text(post.status.wordpress())),
        ("post_type".into(), text(post.kind.as_str())),
        ("post_name".into(), text(&post.slug)),
        ("post_author".into(), text(&post.author_id.0.to_string())),
        ("post_password".into(), text("")),
        ("post_excerpt".into(), text(&post.excerpt)),
        ("post_content".into(), text(&post.source)),
        ("post_parent".into(), text("0")),
        ("post_mime_type".into(), text("")),
        ("link".into(), text(&url(site, post))),
        ("guid".into(), text(&post.feed_id(&site.settings.base_url))),
        ("menu_order".into(), Value::Int(0)),
        ("comment_status".into(), text(post.comment_status.as_str())),
        ("ping_status".into(), text(post.ping_status.as_str())),
        ("sticky".into(), Value::Bool(post.sticky)),
        ("post_thumbnail".into(), wp_thumbnail(site, thumbnail)),
        ("post_format".into(), text("standard")),
        (
            "terms".into(),
            Value::Array(terms.iter().map(wp_term).collect()),
        ),
        ("custom_fields".into(), Value::Array(Vec::new())),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_dates_clients_send_when_formats_differ() {
        let want = "2011-01-26T09:15:00+00:00";
        for raw in [
            "20110126T09:15:00",
            "20110126T09:15:00Z",
            "2011-01-26T09:15:00",
            "2011-01-26T09:15:00Z",
            "20110126T091500",
        ] {
            let got = parse_date(&Value::DateTime(raw.into())).map(|t| t.to_rfc3339());
            assert_eq!(got.as_deref(), Some(want), "{raw}");
        }
        let shifted = parse_date(&Value::DateTime("2011-01-26T10:15:00+01:00".into())).unwrap();
        assert_eq!(shifted.to_rfc3339(), want);
        assert_eq!(parse_date(&Value::DateTime("yesterday".into())), None);
        assert_eq!(parse_date(&Value::Int(3)), None);
    }

    #[test]
    fn reads_flags_and_lists_when_clients_spell_them_differently() {
        let v = Value::Struct(vec![
            ("a".into(), Value::Int(1)),
            ("b".into(), Value::String("closed".into())),
            ("k".into(), Value::String("eins, zwei,,".into())),
            ("c".into(), Value::Array(vec![Value::String("News".into())])),
        ]);
        assert_eq!(member_flag(&v, "a"), Some(true));
        assert_eq!(member_flag(&v, "b"), Some(false));
        assert_eq!(
            member_list(&v, "k"),
            Some(vec!["eins".to_owned(), "zwei".to_owned()])
        );
        assert_eq!(member_list(&v, "c"), Some(vec!["News".to_owned()]));
        assert_eq!(member_list(&v, "missing"), None);
    }
}
