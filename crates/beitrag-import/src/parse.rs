//! Parsing of Markdown files with TOML (`+++`) or YAML (`---`) front matter.

use std::fmt;
use std::path::Path;
use std::str::FromStr;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, TimeZone};
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};

use crate::document::{FrontMatterFormat, Kind, OpenClosed, PostFile, Status};
use crate::error::ImportError;

/// Line of the opening fence; front matter must start on the first line.
const OPENING_FENCE_LINE: usize = 1;

/// Example shown in date error messages.
const DATE_EXAMPLE: &str = "2011-01-26T10:00:00+01:00";

/// Parses the text of a Markdown file with front matter into a [`PostFile`].
///
/// `file` is only used to label errors. The first line must be a `+++`
/// (TOML) or `---` (YAML) fence; the front matter ends at the next line that
/// consists of the same fence. A leading byte order mark and CRLF line
/// endings are accepted. Unknown keys, wrong value types, a missing or empty
/// `title` and dates without a UTC offset are errors that carry the line of
/// the problem in the whole file.
pub fn parse_post(file: &Path, text: &str) -> Result<PostFile, ImportError> {
    let err = |line: usize, message: String| ImportError::new(file, line, message);

    let split = split_front_matter(text).map_err(|(line, message)| err(line, message))?;
    // The front matter starts on the line after the opening fence.
    let first_line = OPENING_FENCE_LINE + 1;

    let raw = match split.format {
        FrontMatterFormat::Toml => parse_toml(split.front),
        FrontMatterFormat::Yaml => parse_yaml(split.front),
    }
    .map_err(|e| {
        let line = match e.line {
            Some(l) => first_line + l - 1,
            None => fallback_line(split.front, &e.message)
                .map_or(OPENING_FENCE_LINE, |l| first_line + l - 1),
        };
        err(line, e.message)
    })?;

    let title = match raw.title {
        Some(t) if !t.trim().is_empty() => t,
        other => {
            let line =
                key_line(split.front, "title").map_or(OPENING_FENCE_LINE, |l| first_line + l - 1);
            let message = if other.is_some() {
                "`title` is empty"
            } else {
                "missing `title` in front matter"
            };
            return Err(err(line, message.to_owned()));
        }
    };

    Ok(PostFile {
        title,
        slug: raw.slug,
        date: raw.date,
        updated: raw.updated,
        author: raw.author,
        tags: raw.tags.unwrap_or_default(),
        categories: raw.categories.unwrap_or_default(),
        status: raw.status,
        comments: raw.comments,
        pings: raw.pings,
        excerpt: raw.excerpt,
        kind: raw.kind,
        sticky: raw.sticky,
        trackbacks: raw.trackbacks.unwrap_or_default(),
        format: raw.format,
        body: strip_leading_empty_lines(split.body).to_owned(),
    })
}

/// A file cut into front matter and body.
struct Split<'a> {
    format: FrontMatterFormat,
    /// Text between the fence lines (without them).
    front: &'a str,
    /// Text after the closing fence line.
    body: &'a str,
}

/// Cuts `text` at its fences; errors are `(line, message)`.
fn split_front_matter(text: &str) -> Result<Split<'_>, (usize, String)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    let format = [FrontMatterFormat::Toml, FrontMatterFormat::Yaml]
        .into_iter()
        .find(|f| is_fence(first, *f))
        .ok_or_else(|| {
            (
                OPENING_FENCE_LINE,
                "missing front matter: the first line must be `+++` (TOML) or `---` (YAML)"
                    .to_owned(),
            )
        })?;

    let front_start = first.len();
    let mut pos = front_start;
    for line in lines {
        if is_fence(line, format) {
            return Ok(Split {
                format,
                front: &text[front_start..pos],
                body: &text[pos + line.len()..],
            });
        }
        pos += line.len();
    }
    Err((
        OPENING_FENCE_LINE,
        format!(
            "front matter is not closed: no closing `{}` line",
            format.fence()
        ),
    ))
}

/// Whether `line` (with or without its line break) is the fence of `format`.
fn is_fence(line: &str, format: FrontMatterFormat) -> bool {
    line.trim_end() == format.fence()
}

/// Removes empty lines (`\n` or `\r\n`) at the start of the body.
fn strip_leading_empty_lines(mut body: &str) -> &str {
    while let Some(rest) = body
        .strip_prefix("\r\n")
        .or_else(|| body.strip_prefix('\n'))
    {
        body = rest;
    }
    body
}

/// The front matter keys, as deserialized before validation.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFront {
    title: Option<String>,
    slug: Option<String>,
    #[serde(default, deserialize_with = "de_date")]
    date: Option<DateTime<FixedOffset>>,
    #[serde(default, deserialize_with = "de_updated")]
    updated: Option<DateTime<FixedOffset>>,
    author: Option<String>,
    tags: Option<Vec<String>>,
    categories: Option<Vec<String>>,
    status: Option<Status>,
    comments: Option<OpenClosed>,
    pings: Option<OpenClosed>,
    excerpt: Option<String>,
    #[serde(rename = "type")]
    kind: Option<Kind>,
    sticky: Option<bool>,
    trackbacks: Option<Vec<String>>,
    format: Option<beitrag_core::model::SourceFormat>,
}

/// A front matter parser error; `line` is 1-based within the front matter.
struct FrontError {
    line: Option<usize>,
    message: String,
}

fn parse_toml(front: &str) -> Result<RawFront, FrontError> {
    toml::from_str(front).map_err(|e: toml::de::Error| FrontError {
        line: e.span().map(|span| line_of_offset(front, span.start)),
        message: e.message().trim_end().to_owned(),
    })
}

fn parse_yaml(front: &str) -> Result<RawFront, FrontError> {
    if front.trim().is_empty() {
        return Ok(RawFront::default());
    }
    serde_yaml_ng::from_str::<Option<RawFront>>(front)
        .map(Option::unwrap_or_default)
        .map_err(|e| FrontError {
            line: e.location().map(|l| l.line()),
            message: dedup_yaml_path(&strip_yaml_positions(&e.to_string())),
        })
}

/// Turns `date: `date`: problem` (YAML path plus our own key prefix) into
/// `` `date`: problem ``.
fn dedup_yaml_path(message: &str) -> String {
    if let Some((path, rest)) = message.split_once(": ")
        && rest.starts_with(&format!("`{path}`: "))
    {
        return rest.to_owned();
    }
    message.to_owned()
}

/// 1-based line of byte `offset` in `text` (clamped to its end).
fn line_of_offset(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// Removes the ` at line N column M` / ` at position N` parts of a YAML error
/// message: they count lines within the front matter, not within the file.
fn strip_yaml_positions(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(idx) = rest.find(" at ") {
        out.push_str(&rest[..idx]);
        let after = &rest[idx + " at ".len()..];
        match skip_position(after) {
            Some(remaining) => rest = remaining,
            None => {
                out.push_str(" at ");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// If `s` starts with `line N column M` or `position N`, returns what follows.
fn skip_position(s: &str) -> Option<&str> {
    fn number(s: &str) -> Option<&str> {
        let rest = s.trim_start_matches(|c: char| c.is_ascii_digit());
        (rest.len() < s.len()).then_some(rest)
    }
    if let Some(s) = s.strip_prefix("line ") {
        number(number(s)?.strip_prefix(" column ")?)
    } else {
        number(s.strip_prefix("position ")?)
    }
}

/// 1-based line (within `front`) of the top-level `key`, for errors the
/// parser reports without a position. Works for TOML (`key =`) and YAML
/// (`key:`), bare or quoted.
pub(crate) fn key_line(front: &str, key: &str) -> Option<usize> {
    front
        .lines()
        .position(|line| {
            let line = line.trim_start();
            let (quote, line) = match line.chars().next() {
                Some(q @ ('"' | '\'')) => (Some(q), &line[1..]),
                _ => (None, line),
            };
            let Some(rest) = line.strip_prefix(key) else {
                return false;
            };
            let rest = match quote {
                Some(q) => match rest.strip_prefix(q) {
                    Some(r) => r,
                    None => return false,
                },
                None => rest,
            };
            rest.trim_start_matches([' ', '\t']).starts_with(['=', ':'])
        })
        .map(|idx| idx + 1)
}

/// Line of the first backquoted name in `message` that is a key in `front`.
fn fallback_line(front: &str, message: &str) -> Option<usize> {
    message
        .split('`')
        .skip(1)
        .step_by(2)
        .find_map(|name| key_line(front, name))
}

fn de_date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<FixedOffset>>, D::Error> {
    d.deserialize_any(DateVisitor { key: "date" })
}

fn de_updated<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<FixedOffset>>, D::Error> {
    d.deserialize_any(DateVisitor { key: "updated" })
}

/// Accepts an RFC 3339 string or a TOML offset date-time.
struct DateVisitor {
    key: &'static str,
}

/// The map key under which the `toml` crate hands out native date-times.
const TOML_DATETIME_KEY: &str = "$__toml_private_datetime";

impl<'de> Visitor<'de> for DateVisitor {
    type Value = Option<DateTime<FixedOffset>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a date with UTC offset like {DATE_EXAMPLE}")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        parse_date(v)
            .map(Some)
            .map_err(|problem| E::custom(format!("`{}`: {problem}", self.key)))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        match map.next_key::<String>()? {
            Some(k) if k == TOML_DATETIME_KEY => {
                let text: String = map.next_value()?;
                self.visit_str(&text)
            }
            _ => Err(de::Error::invalid_type(de::Unexpected::Map, &self)),
        }
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

/// Parses an RFC 3339 date-time; also takes the TOML spellings (space instead
/// of `T`, seconds omitted). Errors describe the problem.
fn parse_date(text: &str) -> Result<DateTime<FixedOffset>, String> {
    let text = text.trim();
    if let Ok(dt) = DateTime::parse_from_rfc3339(text) {
        return Ok(dt);
    }
    let invalid = || format!("invalid date `{text}`, expected e.g. {DATE_EXAMPLE}");
    let toml_dt = toml::value::Datetime::from_str(text).map_err(|_| invalid())?;
    let (Some(date), Some(time)) = (toml_dt.date, toml_dt.time) else {
        return Err(format!(
            "date needs a UTC offset and a time, e.g. {DATE_EXAMPLE}, got `{text}`"
        ));
    };
    let Some(offset) = toml_dt.offset else {
        return Err(format!(
            "date needs a UTC offset, e.g. {DATE_EXAMPLE}, got `{text}`"
        ));
    };
    let offset_seconds = match offset {
        toml::value::Offset::Z => 0,
        toml::value::Offset::Custom { minutes } => i32::from(minutes) * 60,
    };
    let naive = NaiveDate::from_ymd_opt(
        i32::from(date.year),
        u32::from(date.month),
        u32::from(date.day),
    )
    .and_then(|d| {
        NaiveTime::from_hms_nano_opt(
            u32::from(time.hour),
            u32::from(time.minute),
            u32::from(time.second),
            time.nanosecond,
        )
        .map(|t| d.and_time(t))
    })
    .ok_or_else(invalid)?;
    FixedOffset::east_opt(offset_seconds)
        .and_then(|o| o.from_local_datetime(&naive).single())
        .ok_or_else(invalid)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn path() -> PathBuf {
        PathBuf::from("content/post.md")
    }

    fn parse(text: &str) -> Result<PostFile, ImportError> {
        parse_post(&path(), text)
    }

    fn parse_err(text: &str) -> ImportError {
        match parse(text) {
            Ok(post) => panic!("expected an error, parsed {post:?}"),
            Err(e) => e,
        }
    }

    fn dt(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    #[test]
    fn parses_every_field_when_front_matter_is_yaml() {
        let text = "---\n\
title: \"Schöne Grüße: \\\"Zitat\\\"\"\n\
slug: schoene-gruesse\n\
date: 2011-01-26T10:00:00+01:00\n\
updated: '2012-02-03T04:05:06.5Z'\n\
author: jdoe\n\
tags:\n  - Rust\n  - Blog\n\
categories: [\"Social Media/Strategie\", Technik]\n\
status: scheduled\n\
comments: open\n\
pings: closed\n\
excerpt: |\n  Erste Zeile\n  zweite Zeile\n\
type: page\n\
sticky: true\n\
---\n\
\n\
# Hallo\n";
        let post = parse(text).unwrap();
        assert_eq!(
            post,
            PostFile {
                title: "Schöne Grüße: \"Zitat\"".into(),
                slug: Some("schoene-gruesse".into()),
                date: Some(dt("2011-01-26T10:00:00+01:00")),
                updated: Some(dt("2012-02-03T04:05:06.5+00:00")),
                author: Some("jdoe".into()),
                tags: vec!["Rust".into(), "Blog".into()],
                categories: vec!["Social Media/Strategie".into(), "Technik".into()],
                status: Some(Status::Scheduled),
                comments: Some(OpenClosed::Open),
                pings: Some(OpenClosed::Closed),
                excerpt: Some("Erste Zeile\nzweite Zeile\n".into()),
                kind: Some(Kind::Page),
                sticky: Some(true),
                trackbacks: Vec::new(),
                format: None,
                body: "# Hallo\n".into(),
            }
        );
    }

    #[test]
    fn accepts_native_datetime_when_front_matter_is_toml() {
        let post = parse(
            "+++\ntitle = \"T\"\ndate = 2011-01-26T10:00:00+01:00\nupdated = 2011-01-27 08:30Z\n+++\nBody",
        )
        .unwrap();
        assert_eq!(post.date, Some(dt("2011-01-26T10:00:00+01:00")));
        assert_eq!(post.updated, Some(dt("2011-01-27T08:30:00Z")));
        assert_eq!(post.body, "Body");
    }

    #[test]
    fn tolerates_bom_and_crlf_when_present() {
        let text =
            "\u{feff}+++\r\ntitle = \"T\"\r\ntags = [\"a\"]\r\n+++\r\n\r\nLine 1\r\nLine 2\r\n";
        let post = parse(text).unwrap();
        assert_eq!(post.title, "T");
        assert_eq!(post.tags, vec!["a".to_owned()]);
        assert_eq!(post.body, "Line 1\r\nLine 2\r\n");

        let yaml = "\u{feff}---\r\ntitle: T\r\n---\r\nBody\r\n";
        assert_eq!(parse(yaml).unwrap().body, "Body\r\n");
    }

    #[test]
    fn keeps_body_byte_exact_when_it_contains_fences() {
        let text = "+++\ntitle = \"T\"\n+++\n\n\n  indented\n+++\n---\n\n";
        assert_eq!(parse(text).unwrap().body, "  indented\n+++\n---\n\n");
    }

    #[test]
    fn fails_at_line_1_when_opening_fence_is_missing() {
        let e = parse_err("title = \"T\"\n+++\nBody\n");
        assert_eq!(e.line, 1);
        assert!(e.message.contains("missing front matter"), "{e}");
        assert_eq!(parse_err("").line, 1);
        assert_eq!(e.file, path());
    }

    #[test]
    fn fails_at_opening_fence_when_front_matter_is_not_closed() {
        let e = parse_err("+++\ntitle = \"T\"\n\nBody\n");
        assert_eq!(e.line, 1);
        assert!(e.message.contains("front matter is not closed"), "{e}");
        // A YAML fence does not close TOML front matter.
        let e = parse_err("+++\ntitle = \"T\"\n---\nBody\n");
        assert!(e.message.contains("not closed"), "{e}");
    }

    #[test]
    fn names_key_and_line_when_toml_key_is_unknown() {
        let e = parse_err("+++\ntitle = \"T\"\n\nlayout = \"x\"\n+++\n");
        assert_eq!(e.line, 4);
        assert!(e.message.contains("unknown field `layout`"), "{e}");
        assert_eq!(e.to_string().split(": ").next(), Some("content/post.md:4"));
    }

    #[test]
    fn names_key_and_line_when_yaml_key_is_unknown() {
        let e = parse_err("---\ntitle: T\nslug: s\nlayout: x\n---\n");
        assert_eq!(e.line, 4);
        assert!(e.message.contains("unknown field `layout`"), "{e}");
        assert!(!e.message.contains("at line"), "{e}");
    }

    #[test]
    fn reports_file_line_when_toml_is_broken() {
        let e = parse_err("+++\ntitle = \"T\"\nslug = \"unterminated\n+++\n");
        assert_eq!(e.line, 3);
        assert!(e.message.contains("string"), "{e}");
    }

    #[test]
    fn reports_file_line_when_yaml_is_broken() {
        let e = parse_err("---\ntitle: T\ntags: [a, b\nslug: x\n---\n");
        assert_eq!(e.line, 4);
        assert!(e.message.contains("flow sequence"), "{e}");
        let e = parse_err("---\ntitle: T\nslug: x\n  author: y\n---\n");
        assert_eq!(e.line, 4);
        assert!(e.message.contains("mapping values are not allowed"), "{e}");
    }

    #[test]
    fn reports_line_when_toml_type_is_wrong() {
        let e = parse_err("+++\ntitle = \"T\"\ntags = 5\n+++\n");
        assert_eq!(e.line, 3);
        assert!(e.message.contains("invalid type: integer"), "{e}");
        assert!(e.message.contains("sequence"), "{e}");
    }

    #[test]
    fn reports_line_when_yaml_type_is_wrong() {
        let e = parse_err("---\ntitle: T\n\nsticky: yes\ntags: 5\n---\n");
        assert_eq!(e.line, 4);
        assert!(e.message.contains("sticky"), "{e}");
        let e = parse_err("---\ntitle: T\ntags: 5\n---\n");
        assert_eq!(e.line, 3);
        assert!(e.message.contains("tags"), "{e}");
    }

    #[test]
    fn reports_line_when_enum_value_is_unknown() {
        let e = parse_err("+++\ntitle = \"T\"\nstatus = \"live\"\n+++\n");
        assert_eq!(e.line, 3);
        assert!(e.message.contains("unknown variant `live`"), "{e}");
    }

    #[test]
    fn fails_at_opening_fence_when_title_is_missing() {
        let e = parse_err("+++\nslug = \"s\"\n+++\nBody\n");
        assert_eq!(e.line, 1);
        assert!(e.message.contains("missing `title`"), "{e}");
        let e = parse_err("---\n---\nBody\n");
        assert_eq!(e.line, 1);
        assert!(e.message.contains("missing `title`"), "{e}");
    }

    #[test]
    fn fails_at_title_line_when_title_is_empty() {
        let e = parse_err("+++\nslug = \"s\"\ntitle = \"  \"\n+++\n");
        assert_eq!(e.line, 3);
        assert!(e.message.contains("`title` is empty"), "{e}");
        let e = parse_err("---\nslug: s\n\ntitle: ''\n---\n");
        assert_eq!(e.line, 4);
        assert!(e.message.contains("`title` is empty"), "{e}");
    }

    #[test]
    fn fails_at_date_line_when_offset_is_missing() {
        let e = parse_err("+++\ntitle = \"T\"\ndate = 2011-01-26T10:00:00\n+++\n");
        assert_eq!(e.line, 3);
        assert!(e.message.contains("date needs a UTC offset"), "{e}");
        assert!(e.message.contains("`date`"), "{e}");

        let e = parse_err("---\ntitle: T\nslug: s\nupdated: 2011-01-26 10:00:00\n---\n");
        assert_eq!(e.line, 4);
        assert!(e.message.contains("date needs a UTC offset"), "{e}");
        assert!(e.message.contains("`updated`"), "{e}");

        let e = parse_err("+++\ntitle = \"T\"\n\ndate = \"2011-01-26T10:00:00\"\n+++\n");
        assert_eq!(e.line, 4);
        assert!(e.message.contains("date needs a UTC offset"), "{e}");
    }

    #[test]
    fn fails_at_date_line_when_date_is_garbage() {
        let e = parse_err("+++\ntitle = \"T\"\ndate = \"gestern\"\n+++\n");
        assert_eq!(e.line, 3);
        assert!(e.message.contains("invalid date `gestern`"), "{e}");

        let e = parse_err("---\ntitle: T\ndate: 2011-02-30T10:00:00Z\n---\n");
        assert_eq!(e.line, 3);
        assert!(
            e.message.starts_with("`date`: invalid date `2011-02-30"),
            "{e}"
        );

        let e = parse_err("+++\ntitle = \"T\"\ndate = 2011-01-26\n+++\n");
        assert_eq!(e.line, 3);
        assert!(e.message.contains("UTC offset"), "{e}");

        let e = parse_err("+++\ntitle = \"T\"\ndate = 2011\n+++\n");
        assert_eq!(e.line, 3);
        assert!(e.message.contains("invalid type"), "{e}");
    }

    #[test]
    fn counts_crlf_lines_when_reporting_errors() {
        let e = parse_err("+++\r\ntitle = \"T\"\r\n\r\nfoo = 1\r\n+++\r\n");
        assert_eq!(e.line, 4);
        let e = parse_err("---\r\ntitle: T\r\n\r\nfoo: 1\r\n---\r\n");
        assert_eq!(e.line, 4);
    }

    #[test]
    fn finds_key_line_when_key_is_bare_or_quoted() {
        let front = "a = 1\n\"title\" = \"x\"\nslug: y\n  'date' : z\ntitles = 1\n";
        assert_eq!(key_line(front, "title"), Some(2));
        assert_eq!(key_line(front, "slug"), Some(3));
        assert_eq!(key_line(front, "date"), Some(4));
        assert_eq!(key_line(front, "author"), None);
    }

    #[test]
    fn strips_positions_when_cleaning_yaml_messages() {
        assert_eq!(
            strip_yaml_positions(
                "found end at line 2 column 1, while scanning at line 1 column 8 at home"
            ),
            "found end, while scanning at home"
        );
    }
}
