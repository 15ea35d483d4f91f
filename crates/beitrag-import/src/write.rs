//! Writing a [`PostFile`] as Markdown with TOML front matter.

use std::fmt::Write as _;

use chrono::{DateTime, FixedOffset, SecondsFormat};

use crate::document::PostFile;

/// Renders `post` as Markdown with TOML front matter between `+++` lines.
///
/// Keys appear in the order of the [`PostFile`] fields (`kind` as `type`);
/// `None` values and empty lists are left out. Dates are written as native
/// TOML offset date-times. The body follows the closing fence after one
/// empty line.
///
/// [`parse_post`](crate::parse_post) turns the result back into an equal
/// [`PostFile`], provided the post is one a parser can produce: a non-blank
/// title, a body that does not start with an empty line (those are removed
/// when parsing), and dates whose UTC offset is a whole number of minutes and
/// whose year lies in 0..=9999 (the RFC 3339 range).
pub fn write_post(post: &PostFile) -> String {
    let mut out = String::with_capacity(post.body.len() + 512);
    out.push_str("+++\n");
    put_str(&mut out, "title", Some(&post.title));
    put_str(&mut out, "slug", post.slug.as_deref());
    put_date(&mut out, "date", post.date.as_ref());
    put_date(&mut out, "updated", post.updated.as_ref());
    put_str(&mut out, "author", post.author.as_deref());
    put_list(&mut out, "tags", &post.tags);
    put_list(&mut out, "categories", &post.categories);
    put_str(&mut out, "status", post.status.map(|s| s.as_str()));
    put_str(&mut out, "comments", post.comments.map(|c| c.as_str()));
    put_str(&mut out, "pings", post.pings.map(|p| p.as_str()));
    put_str(&mut out, "excerpt", post.excerpt.as_deref());
    put_str(&mut out, "type", post.kind.map(|k| k.as_str()));
    if let Some(sticky) = post.sticky {
        let _ = writeln!(out, "sticky = {sticky}");
    }
    put_list(&mut out, "trackbacks", &post.trackbacks);
    // Markdown is the default and stays unwritten.
    if let Some(f @ beitrag_core::model::SourceFormat::Html) = post.format {
        put_str(&mut out, "format", Some(f.as_str()));
    }
    out.push_str("+++\n");
    if !post.body.is_empty() {
        out.push('\n');
        out.push_str(&post.body);
    }
    out
}

fn put_str(out: &mut String, key: &str, value: Option<&str>) {
    if let Some(value) = value {
        out.push_str(key);
        out.push_str(" = ");
        push_toml_string(out, value);
        out.push('\n');
    }
}

fn put_date(out: &mut String, key: &str, value: Option<&DateTime<FixedOffset>>) {
    if let Some(value) = value {
        let _ = writeln!(
            out,
            "{key} = {}",
            value.to_rfc3339_opts(SecondsFormat::AutoSi, false)
        );
    }
}

fn put_list(out: &mut String, key: &str, values: &[String]) {
    if values.is_empty() {
        return;
    }
    out.push_str(key);
    out.push_str(" = [");
    for (i, value) in values.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        push_toml_string(out, value);
    }
    out.push_str("]\n");
}

/// Appends `value` as a TOML basic string; values with line breaks become
/// multi-line basic strings (`"""`), one physical line per value line.
fn push_toml_string(out: &mut String, value: &str) {
    if !value.contains('\n') {
        out.push('"');
        for c in value.chars() {
            push_escaped(out, c);
        }
        out.push('"');
        return;
    }
    // The line break right after the opening `"""` is dropped by TOML.
    out.push_str("\"\"\"\n");
    let mut line_start = true;
    for c in value.chars() {
        if c == '\n' {
            out.push('\n');
            line_start = true;
            continue;
        }
        if line_start && c == '+' {
            // Never let a value line look like the closing `+++` fence.
            out.push_str("\\u002B");
        } else {
            push_escaped(out, c);
        }
        line_start = false;
    }
    out.push_str("\"\"\"");
}

/// Appends `c`, escaped as needed inside a TOML basic string.
fn push_escaped(out: &mut String, c: char) {
    match c {
        '"' => out.push_str("\\\""),
        '\\' => out.push_str("\\\\"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if c.is_control() => {
            let _ = write!(out, "\\u{:04X}", u32::from(c));
        }
        c => out.push(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Kind, OpenClosed, Status};
    use crate::parse::parse_post;
    use std::path::Path;

    fn dt(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    fn minimal() -> PostFile {
        PostFile {
            title: "Hallo".into(),
            slug: None,
            date: None,
            updated: None,
            author: None,
            tags: Vec::new(),
            categories: Vec::new(),
            status: None,
            comments: None,
            pings: None,
            excerpt: None,
            kind: None,
            sticky: None,
            trackbacks: Vec::new(),
            format: None,
            body: String::new(),
        }
    }

    fn rich() -> PostFile {
        PostFile {
            title: "Über \"Zitate\", Backslashes \\ und 'Apostrophe' – ä ö ü ß".into(),
            slug: Some("ueber-zitate".into()),
            date: Some(dt("2011-01-26T10:00:00+01:00")),
            updated: Some(dt("2012-06-30T23:59:59.123456789-05:30")),
            author: Some("jürgen".into()),
            tags: vec!["Rust".into(), "Grüße \"x\"".into(), "a,b".into()],
            categories: vec!["Social Media/Strategie".into(), "Technik".into()],
            status: Some(Status::Published),
            comments: Some(OpenClosed::Open),
            pings: Some(OpenClosed::Closed),
            excerpt: Some(
                "Erste Zeile mit \"\"\" drin\n+++\n\n  eingerückt\t\\n\r\nletzte\n".into(),
            ),
            kind: Some(Kind::Page),
            sticky: Some(false),
            trackbacks: vec!["https://example.org/trackback/1".into()],
            format: None,
            body:
                "# Überschrift\n\n+++\ntitle = \"not front matter\"\n+++\n---\n\nEnde ohne Umbruch"
                    .into(),
        }
    }

    fn round_trip(post: &PostFile) -> PostFile {
        let text = write_post(post);
        match parse_post(Path::new("out.md"), &text) {
            Ok(parsed) => parsed,
            Err(e) => panic!("{e}\n{text}"),
        }
    }

    #[test]
    fn round_trips_when_post_has_every_field() {
        let post = rich();
        assert_eq!(round_trip(&post), post);
    }

    #[test]
    fn round_trips_when_post_is_minimal() {
        let post = minimal();
        assert_eq!(write_post(&post), "+++\ntitle = \"Hallo\"\n+++\n");
        assert_eq!(round_trip(&post), post);
        let with_body = PostFile {
            body: "Text\n".into(),
            ..minimal()
        };
        assert_eq!(round_trip(&with_body), with_body);
    }

    #[test]
    fn writes_keys_in_field_order_when_all_present() {
        let text = write_post(&rich());
        let keys: Vec<&str> = text
            .lines()
            .skip(1)
            .take_while(|l| *l != "+++")
            .filter_map(|l| l.split_once(" = ").map(|(k, _)| k))
            .collect();
        assert_eq!(
            keys,
            [
                "title",
                "slug",
                "date",
                "updated",
                "author",
                "tags",
                "categories",
                "status",
                "comments",
                "pings",
                "excerpt",
                "type",
                "sticky",
                "trackbacks"
            ]
        );
        assert!(
            text.contains("\ndate = 2011-01-26T10:00:00+01:00\n"),
            "{text}"
        );
        assert!(text.contains("\n+++\n\n# Überschrift\n"), "{text}");
    }

    #[test]
    fn round_trips_when_values_are_utc_or_contain_control_characters() {
        let post = PostFile {
            title: "a\u{1}b\u{7f}".into(),
            date: Some(dt("2020-02-29T00:00:00Z")),
            excerpt: Some("+++".into()),
            body: "  leading spaces\r\n".into(),
            ..minimal()
        };
        assert_eq!(round_trip(&post), post);
    }
}
