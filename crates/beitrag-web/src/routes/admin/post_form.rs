//! The editor's form as typed: parsed from a submission, filled from a
//! stored post, turned into a `PostInput` for `service::post::save_as`,
//! and every failure pinned to the field it concerns. The form keeps the
//! raw text of every field so a refused save shows exactly what was typed.

use beitrag_core::model::{
    MediaId, OpenClosed, Post, PostId, PostKind, PostStatus, RevisionId, SourceFormat, Taxonomy,
    Term,
};
use beitrag_core::service::links::Directory;
use beitrag_core::service::post::PostInput;
use beitrag_core::{Message, Text};
use chrono::{DateTime, LocalResult, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use super::form::Fields;

/// What `datetime-local` sends and shows (seconds optional on input).
const LOCAL_FORMAT: &str = "%Y-%m-%dT%H:%M:%S";

/// Every field of the editor, as text.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct PostForm {
    pub(crate) title: String,
    pub(crate) slug: String,
    pub(crate) source: String,
    /// `markdown` or `html` (imported posts): kept as it was.
    pub(crate) format: String,
    pub(crate) excerpt: String,
    /// Comma-separated tag names.
    pub(crate) tags: String,
    /// Checked category paths (`Social Media/Strategie`).
    pub(crate) categories: Vec<String>,
    /// Comma-separated new category paths.
    pub(crate) new_categories: String,
    /// Author login; empty when the field is not offered.
    pub(crate) author: String,
    pub(crate) comments_open: bool,
    pub(crate) pings_open: bool,
    pub(crate) sticky: bool,
    pub(crate) status: String,
    /// Local time in the site's zone, `YYYY-MM-DDTHH:MM:SS`, or empty.
    pub(crate) published_at: String,
    /// One URL per line.
    pub(crate) trackbacks: String,
    /// The revision the editor was opened on (conflict detection).
    pub(crate) base_revision: String,
    /// Id of the featured image, or empty for none.
    pub(crate) featured_media: String,
}

/// A message per field; `general` for what belongs to no field.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct FieldErrors {
    pub(crate) title: Option<String>,
    pub(crate) slug: Option<String>,
    pub(crate) source: Option<String>,
    pub(crate) excerpt: Option<String>,
    pub(crate) tags: Option<String>,
    pub(crate) categories: Option<String>,
    pub(crate) author: Option<String>,
    pub(crate) status: Option<String>,
    pub(crate) published_at: Option<String>,
    pub(crate) trackbacks: Option<String>,
    pub(crate) featured_media: Option<String>,
    pub(crate) general: Option<String>,
}

impl FieldErrors {
    /// Whether any message is set.
    pub(crate) fn any(&self) -> bool {
        [
            &self.title,
            &self.slug,
            &self.source,
            &self.excerpt,
            &self.tags,
            &self.categories,
            &self.author,
            &self.status,
            &self.published_at,
            &self.trackbacks,
            &self.featured_media,
            &self.general,
        ]
        .iter()
        .any(|m| m.is_some())
    }

    /// Pins a core error to its field, worded by `say` (the viewer's
    /// language); `None` for errors that are not about the input
    /// (conflicts, permissions, failures).
    pub(crate) fn from_core(
        e: &beitrag_core::Error,
        say: impl Fn(&beitrag_core::Message) -> String,
    ) -> Option<Self> {
        let mut errors = Self::default();
        match e {
            beitrag_core::Error::SlugTaken(slug) => {
                let taken = beitrag_core::message::texts::SLUG_TAKEN.with("slug", slug);
                errors.slug = Some(say(&taken));
            }
            beitrag_core::Error::Invalid { field, message } => {
                let slot = match field.as_str() {
                    "title" => &mut errors.title,
                    "slug" => &mut errors.slug,
                    "body" | "source" => &mut errors.source,
                    "excerpt" => &mut errors.excerpt,
                    "tags" => &mut errors.tags,
                    "categories" => &mut errors.categories,
                    "author" => &mut errors.author,
                    "status" => &mut errors.status,
                    "date" | "published_at" => &mut errors.published_at,
                    "trackbacks" => &mut errors.trackbacks,
                    beitrag_core::service::featured::FIELD => &mut errors.featured_media,
                    _ => &mut errors.general,
                };
                *slot = Some(say(message));
            }
            _ => return None,
        }
        Some(errors)
    }
}

fn split_list(text: &str, sep: char) -> Vec<String> {
    text.split(sep)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The form's own complaints, before any rule of the post service: ids of
/// the admin catalogs, with the English the tests hold `admin.en.ftl` to.
const BAD_STATUS: Text = Text::new(
    "admin-editor-bad-status",
    "choose one of the offered statuses",
);
const BAD_DATE: Text = Text::new(
    "admin-editor-bad-date",
    "`{text}` is not a date and time like 2026-11-28T09:30",
);
const NO_SUCH_TIME: Text = Text::new(
    "admin-editor-no-such-time",
    "{text} does not exist in {zone} (the clocks skip that hour)",
);
const BAD_UPLOAD_ID: Text = Text::new(
    "admin-editor-bad-upload-id",
    "`{id}` is not the id of an upload",
);
#[cfg(test)]
const TEXTS: &[Text] = &[BAD_STATUS, BAD_DATE, NO_SUCH_TIME, BAD_UPLOAD_ID];

/// Shows a UTC time in the site's zone as `datetime-local` wants it.
pub(crate) fn local_input(at: DateTime<Utc>, tz: Tz) -> String {
    at.with_timezone(&tz).format(LOCAL_FORMAT).to_string()
}

/// Reads a `datetime-local` value in the site's zone. In the hour skipped
/// when clocks go forward there is no such time; in the hour repeated when
/// they go back, the earlier one is meant.
pub(crate) fn parse_local(text: &str, tz: Tz) -> Result<Option<DateTime<Utc>>, Message> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let naive = NaiveDateTime::parse_from_str(text, LOCAL_FORMAT)
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M"))
        .map_err(|_| BAD_DATE.with("text", text))?;
    match tz.from_local_datetime(&naive) {
        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => Ok(Some(t.with_timezone(&Utc))),
        LocalResult::None => Err(NO_SUCH_TIME.with("text", text).with("zone", tz.to_string())),
    }
}

impl PostForm {
    /// A blank form for a new entry with the site's defaults.
    pub(crate) fn blank(author: &str, comments: OpenClosed, pings: OpenClosed) -> Self {
        Self {
            author: author.to_owned(),
            comments_open: comments == OpenClosed::Open,
            pings_open: pings == OpenClosed::Open,
            status: PostStatus::Draft.as_str().to_owned(),
            ..Self::default()
        }
    }

    /// The form of a stored post.
    pub(crate) fn of_post(
        post: &Post,
        author: &str,
        terms: &[Term],
        directory: &Directory,
        tz: Tz,
        revision: Option<RevisionId>,
    ) -> Self {
        let tags: Vec<&str> = terms
            .iter()
            .filter(|t| t.taxonomy == Taxonomy::Tag)
            .map(|t| t.name.as_str())
            .collect();
        Self {
            title: post.title.clone(),
            slug: post.slug.clone(),
            source: post.source.clone(),
            format: post.format.as_str().to_owned(),
            excerpt: post.excerpt.clone(),
            tags: tags.join(", "),
            categories: terms
                .iter()
                .filter(|t| t.taxonomy == Taxonomy::Category)
                .map(|t| directory.category_names(t.id))
                .collect(),
            new_categories: String::new(),
            author: author.to_owned(),
            comments_open: post.comment_status == OpenClosed::Open,
            pings_open: post.ping_status == OpenClosed::Open,
            sticky: post.sticky,
            status: post.status.as_str().to_owned(),
            published_at: post
                .published_at
                .map(|t| local_input(t, tz))
                .unwrap_or_default(),
            trackbacks: post.trackbacks.join("\n"),
            base_revision: revision.map(|r| r.0.to_string()).unwrap_or_default(),
            featured_media: post
                .featured_media
                .map(|m| m.0.to_string())
                .unwrap_or_default(),
        }
    }

    /// The form as submitted. `author` is the author to keep when the form
    /// has no author field (only those who may edit others' posts get one).
    pub(crate) fn submitted(f: &Fields, author: &str) -> Self {
        Self {
            title: f.text("title"),
            slug: f.text("slug"),
            // Browsers send CRLF line ends; the stored source uses LF.
            source: f.text("source").replace("\r\n", "\n"),
            format: f.text("format"),
            excerpt: f.text("excerpt"),
            tags: f.text("tags"),
            categories: f.all("category").into_iter().map(str::to_owned).collect(),
            new_categories: f.text("new_categories"),
            author: f.non_empty("author").unwrap_or(author).to_owned(),
            comments_open: f.has("comments_open"),
            pings_open: f.has("pings_open"),
            sticky: f.has("sticky"),
            status: f.text("status"),
            published_at: f.text("published_at"),
            trackbacks: f.text("trackbacks").replace("\r\n", "\n"),
            base_revision: f.text("base_revision"),
            featured_media: f.text("featured_media"),
        }
    }

    /// What the source is written in (Markdown unless the form says HTML).
    pub(crate) fn source_format(&self) -> SourceFormat {
        SourceFormat::parse(self.format.trim()).unwrap_or(SourceFormat::Markdown)
    }

    /// The revision the form was opened on.
    pub(crate) fn base(&self) -> Option<RevisionId> {
        self.base_revision.trim().parse().ok().map(RevisionId)
    }

    /// The input for `save_as`, or the fields this form cannot fill
    /// (boxed: the messages are many and the error path is rare).
    /// Only the form's own syntax is checked here; every rule about posts
    /// is the service's.
    /// `say` words a message in the viewer's language.
    pub(crate) fn to_input(
        &self,
        id: Option<PostId>,
        kind: PostKind,
        tz: Tz,
        say: impl Fn(&Message) -> String,
    ) -> Result<PostInput, Box<FieldErrors>> {
        let mut errors = FieldErrors::default();
        let status = PostStatus::parse(self.status.trim());
        if status.is_none() {
            errors.status = Some(say(&BAD_STATUS.into()));
        }
        let published_at = parse_local(&self.published_at, tz)
            .map_err(|e| errors.published_at = Some(say(&e)))
            .ok()
            .flatten();
        let featured = self.featured_media.trim();
        let featured_media = match featured {
            "" | "none" => None,
            id => match id.parse::<i64>() {
                Ok(id) => Some(MediaId(id)),
                Err(_) => {
                    errors.featured_media = Some(say(&BAD_UPLOAD_ID.with("id", id)));
                    None
                }
            },
        };
        let Some(status) = status.filter(|_| !errors.any()) else {
            return Err(Box::new(errors));
        };
        let mut categories = self.categories.clone();
        categories.extend(split_list(&self.new_categories, ','));
        let open = |on: bool| {
            if on {
                OpenClosed::Open
            } else {
                OpenClosed::Closed
            }
        };
        Ok(PostInput {
            id,
            kind,
            status,
            title: self.title.clone(),
            slug: Some(self.slug.trim().to_owned()).filter(|s| !s.is_empty()),
            source: self.source.clone(),
            format: self.source_format(),
            excerpt: self.excerpt.clone(),
            author: self.author.trim().to_owned(),
            published_at,
            updated_at: None,
            comment_status: Some(open(self.comments_open)),
            ping_status: Some(open(self.pings_open)),
            sticky: self.sticky,
            trackbacks: split_list(&self.trackbacks, '\n'),
            tags: split_list(&self.tags, ','),
            categories,
            featured_media,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_local_times_in_the_site_zone_when_parsing() {
        let berlin: Tz = "Europe/Berlin".parse().unwrap();
        let t = parse_local("2026-07-01T12:00", berlin).unwrap().unwrap();
        assert_eq!(t.to_rfc3339(), "2026-07-01T10:00:00+00:00");
        assert_eq!(local_input(t, berlin), "2026-07-01T12:00:00");
        assert!(
            parse_local("2026-03-29T02:30", berlin).is_err(),
            "skipped hour"
        );
        assert!(parse_local("gestern", berlin).is_err());
        assert_eq!(parse_local("  ", berlin), Ok(None));
    }

    #[test]
    fn keeps_every_value_when_the_date_is_invalid() {
        let f =
            Fields::parse(b"title=Hallo&status=draft&published_at=31.12.&tags=a,+b&category=X%2FY");
        let form = PostForm::submitted(&f, "anna");
        let errors = form
            .to_input(None, PostKind::Post, Tz::UTC, |m| m.to_string())
            .unwrap_err();
        assert!(errors.published_at.is_some());
        assert_eq!(
            (form.title.as_str(), form.author.as_str()),
            ("Hallo", "anna")
        );
        assert_eq!(form.categories, vec!["X/Y"]);
        let ok = PostForm {
            published_at: String::new(),
            ..form
        };
        let input = ok
            .to_input(None, PostKind::Post, Tz::UTC, |m| m.to_string())
            .unwrap();
        assert_eq!(input.tags, vec!["a", "b"]);
        assert_eq!(input.comment_status, Some(OpenClosed::Closed));
    }

    #[test]
    fn words_the_forms_complaints_when_rendering_either_language() {
        let i18n = crate::i18n::I18n::load().unwrap();
        for text in TEXTS {
            let m = text
                .placeholders()
                .into_iter()
                .fold(Message::from(*text), |m, name| m.with(name, "X"));
            assert_eq!(i18n.message("en", &m), m.to_string(), "{}", text.id);
            let de = i18n.message("de", &m);
            assert!(
                de != m.to_string() && !de.contains('{'),
                "{}: {de}",
                text.id
            );
        }
    }
}
