//! One WXR item → the import service's input: WordPress's statuses, dates,
//! slugs, terms, old addresses and responses in beitrag's terms.

use std::collections::HashMap;

use beitrag_core::model::{
    CommentKind, CommentStatus, OpenClosed, PostKind, PostStatus, SourceFormat,
};
use beitrag_core::service::import::{
    ArchiveInput, ArchiveTarget, ItemInput, ResponseInput, login_of,
};
use beitrag_core::service::post::PostInput;
use beitrag_markdown::{GalleryImage, convert_post, slugify, strip_tags};
use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use percent_encoding::percent_decode_str;

use super::model::{Comment, Item};

/// What the whole file tells about each item: categories (for their
/// paths), attachments (for galleries), where the blog lived.
#[derive(Debug, Default)]
pub(crate) struct Context {
    /// Category nicename → (name, parent nicename).
    pub(crate) categories: HashMap<String, (String, String)>,
    /// Category term ids there → nicename (for `/?cat=ID`).
    pub(crate) category_ids: Vec<(i64, String)>,
    /// Tags: term id there, slug there, name.
    pub(crate) tags: Vec<(Option<i64>, String, String)>,
    /// Authors: user id there, login there.
    pub(crate) authors: Vec<(Option<i64>, String)>,
    /// Nicenames of categories whose name has the slug of another
    /// category's name: here they are one category (slugs follow names).
    pub(crate) merged: std::collections::HashSet<String>,
    /// Attachment id → (URL, title).
    pub(crate) attachments: HashMap<i64, (String, String)>,
    /// Post id → its attachments, in file order: a `[gallery]` without
    /// `ids` shows these, as in WordPress.
    pub(crate) attached: HashMap<i64, Vec<i64>>,
    /// Upload key → local media URL, when `--fetch-media` brought the files.
    pub(crate) local_media: HashMap<String, String>,
    /// Whether attachments are fetched (then they are not "left out").
    pub(crate) fetching: bool,
    /// Path of the old blog's root (`/` or `/blog/`).
    pub(crate) base_path: String,
    /// The site's zone, for dates exported without their UTC twin.
    pub(crate) timezone: Tz,
}

/// Why an item is not imported (counted in the report by reason).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// Menus, revisions, blocks, templates…: not content here.
    PostType(String),
    /// In the trash, or an auto-draft nobody wrote.
    Status(String),
    /// Attachments come over only with `--fetch-media`.
    Attachment,
    /// An attachment: fetched as media before the items.
    Fetched,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::PostType(t) => write!(f, "post type `{t}` is not imported"),
            Self::Status(s) => write!(f, "status `{s}` is not imported"),
            Self::Attachment => f.write_str("attachment not fetched (add --fetch-media)"),
            Self::Fetched => f.write_str("attachment (fetched as media)"),
        }
    }
}

/// The converted item and what the report should say about it.
#[derive(Debug)]
pub(crate) struct Converted {
    pub(crate) item: ItemInput,
    pub(crate) unknown_shortcodes: Vec<String>,
    pub(crate) notes: Vec<String>,
}

/// A WordPress date (`2011-01-26 09:15:00`): the UTC twin when the export
/// has one, else the local one in the site's zone; `None` for WordPress's
/// "no date" (`0000-00-00 00:00:00`) or an unreadable one.
pub(crate) fn date(gmt: &str, local: &str, tz: Tz) -> Option<DateTime<Utc>> {
    let parse = |s: &str| NaiveDateTime::parse_from_str(s.trim(), "%Y-%m-%d %H:%M:%S").ok();
    if let Some(t) = parse(gmt) {
        return Some(t.and_utc());
    }
    let t = parse(local)?;
    tz.from_local_datetime(&t)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
}

fn decoded(s: &str) -> String {
    percent_decode_str(s).decode_utf8_lossy().into_owned()
}

/// WordPress's `post_name` as a slug here: percent-decoded, lowercase;
/// anything our slugs do not allow goes through `slugify`.
fn slug_of(post_name: &str) -> Option<String> {
    let name = decoded(post_name.trim()).to_lowercase();
    if name.is_empty() {
        return None;
    }
    let fine = name
        .chars()
        .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
        && !name.starts_with('-')
        && name.len() <= 200;
    let slug = if fine { name } else { slugify(&name) };
    Some(slug).filter(|s| !s.is_empty())
}

/// The path of an old link relative to the old blog's root, re-rooted
/// here: `https://old.example/blog/2011/01/hallo/` → `/2011/01/hallo/`;
/// `…/?p=12` → `/?p=12`.
pub(crate) fn old_path(link: &str, base_path: &str) -> Option<String> {
    let url = url::Url::parse(link.trim()).ok()?;
    let path = decoded(url.path());
    let rest = path
        .strip_prefix(base_path.trim_end_matches('/'))
        .unwrap_or(&path);
    let rest = if rest.starts_with('/') {
        rest.to_owned()
    } else {
        format!("/{rest}")
    };
    if let Some(q) = url.query() {
        return (rest == "/" && !q.is_empty()).then(|| format!("/?{q}"));
    }
    Some(rest).filter(|p| p != "/" && !p.contains(['\0', '\n', '\r']) && p.len() <= 2000)
}

fn category_path(ctx: &Context, slug: &str, name: &str) -> String {
    let clean = |n: &str| n.trim().replace('/', "-");
    let mut names = vec![clean(name)];
    let mut cur = ctx
        .categories
        .get(slug)
        .map(|(_, p)| p.clone())
        .unwrap_or_default();
    // A parent chain longer than this is a loop in the export.
    for _ in 0..20 {
        let Some((n, parent)) = ctx.categories.get(&cur) else {
            break;
        };
        names.push(clean(n));
        cur = parent.clone();
    }
    names.reverse();
    names.join("/")
}

/// The nicenames of a category and its ancestors, from the top.
fn category_slugs(ctx: &Context, slug: &str) -> Vec<String> {
    let mut slugs = vec![slug.to_owned()];
    let mut cur = ctx
        .categories
        .get(slug)
        .map(|(_, p)| p.clone())
        .unwrap_or_default();
    for _ in 0..20 {
        if cur.is_empty() || !ctx.categories.contains_key(&cur) {
            break;
        }
        slugs.push(cur.clone());
        cur = ctx
            .categories
            .get(&cur)
            .map(|(_, p)| p.clone())
            .unwrap_or_default();
    }
    slugs.reverse();
    slugs
}

/// The archives WordPress had, with the addresses they answered at:
/// `/category/a/b/` and `/?cat=ID`, `/tag/x/` and `/?tag=x`,
/// `/author/login/` and `/?author=ID`.
pub(crate) fn archives(ctx: &Context) -> Vec<ArchiveInput> {
    let mut out = Vec::new();
    for (id, slug) in &ctx.category_ids {
        let Some((name, _)) = ctx.categories.get(slug) else {
            continue;
        };
        let path = category_path(ctx, slug, name);
        let slugs: Vec<String> = category_slugs(ctx, slug)
            .iter()
            .map(|s| decoded(s))
            .collect();
        out.push(ArchiveInput {
            old_paths: vec![
                format!("/category/{}/", slugs.join("/")),
                format!("/?cat={id}"),
            ],
            target: ArchiveTarget::Category(path.split('/').map(str::to_owned).collect()),
        });
    }
    for (id, slug, name) in &ctx.tags {
        let slug = decoded(slug);
        let mut old_paths = vec![format!("/tag/{slug}/"), format!("/?tag={slug}")];
        if let Some(id) = id {
            old_paths.push(format!("/?tag_id={id}"));
        }
        out.push(ArchiveInput {
            old_paths,
            target: ArchiveTarget::Tag(name.clone()),
        });
    }
    for (id, login) in &ctx.authors {
        let mut old_paths = vec![format!("/author/{}/", login_of(login))];
        if let Some(id) = id {
            old_paths.push(format!("/?author={id}"));
        }
        out.push(ArchiveInput {
            old_paths,
            target: ArchiveTarget::Author(login.clone()),
        });
    }
    out
}

fn usable_term(name: &str) -> bool {
    !slugify(name).is_empty() && name.chars().count() <= 100
}

fn status(item: &Item) -> Result<PostStatus, Refusal> {
    match item.status.as_str() {
        // A draft WordPress never saved with a status.
        "" => Ok(PostStatus::Draft),
        other => PostStatus::from_wordpress(other).ok_or_else(|| Refusal::Status(other.to_owned())),
    }
}

/// Converts an item, or says why it is not one to import.
pub(crate) fn item(ctx: &Context, item: &Item) -> Result<Converted, Refusal> {
    let kind = match item.post_type.as_str() {
        "post" | "" => PostKind::Post,
        "page" => PostKind::Page,
        "attachment" if ctx.fetching => return Err(Refusal::Fetched),
        "attachment" => return Err(Refusal::Attachment),
        other => return Err(Refusal::PostType(other.to_owned())),
    };
    let mut status = status(item)?;
    let mut notes = Vec::new();
    if !item.post_password.is_empty() {
        // There are no password-protected posts here: private keeps the
        // text from readers, as the password did.
        status = PostStatus::Private;
        notes.push("password-protected: imported as private".to_owned());
    }
    let published_at = date(&item.post_date_gmt, &item.post_date, ctx.timezone);
    // A draft without its UTC date has no date of its own yet in WordPress:
    // it gets one when published.
    let published_at = match status {
        PostStatus::Draft | PostStatus::Pending
            if item.post_date_gmt.trim().starts_with("0000") =>
        {
            None
        }
        _ => published_at,
    };
    let own: &[i64] = item
        .post_id
        .and_then(|id| ctx.attached.get(&id))
        .map_or(&[], Vec::as_slice);
    let gallery = |ids: &[i64]| -> Vec<GalleryImage> {
        let ids = if ids.is_empty() { own } else { ids };
        ids.iter()
            .filter_map(|id| ctx.attachments.get(id))
            .map(|(src, title)| GalleryImage {
                src: src.clone(),
                alt: title.clone(),
                caption: String::new(),
            })
            .collect()
    };
    let mut content = convert_post(&item.content, &gallery);
    content.html = super::media::rewrite(&content.html, &ctx.local_media);
    let mut tags = Vec::new();
    let mut categories = Vec::new();
    for t in &item.terms {
        let name = t.name.trim();
        match t.domain.as_str() {
            "post_tag" | "tag" if usable_term(name) => tags.push(name.to_owned()),
            "category" if usable_term(name) => {
                if ctx.merged.contains(&t.slug) {
                    notes.push(format!(
                        "category `{}` shares its name's slug with another category: one category here",
                        t.slug
                    ));
                }
                categories.push(category_path(ctx, &t.slug, name));
            }
            "post_tag" | "tag" | "category" => {
                notes.push(format!("term `{name}` left out: no usable slug"))
            }
            _ => {}
        }
    }
    let id = item.post_id.map(|i| i.to_string()).unwrap_or_default();
    let mut old_paths: Vec<String> = old_path(&item.link, &ctx.base_path).into_iter().collect();
    if let Some(n) = item.post_id {
        old_paths.push(format!("/?p={n}"));
        if kind == PostKind::Page {
            old_paths.push(format!("/?page_id={n}"));
        }
    }
    old_paths.dedup();
    let title = match item.title.trim() {
        "" => "(no title)".to_owned(),
        t => t.to_owned(),
    };
    let post = PostInput {
        id: None,
        kind,
        status,
        title,
        slug: slug_of(&item.post_name),
        source: content.html,
        format: SourceFormat::Html,
        excerpt: strip_tags(&item.excerpt).trim().to_owned(),
        author: login_of(&item.creator),
        published_at,
        updated_at: date(&item.post_modified_gmt, &item.post_modified, ctx.timezone),
        comment_status: Some(open_closed(&item.comment_status)),
        ping_status: Some(open_closed(&item.ping_status)),
        sticky: item.is_sticky,
        trackbacks: Vec::new(),
        tags,
        categories,
        featured_media: None,
    };
    let responses = item
        .comments
        .iter()
        .enumerate()
        .filter_map(|(n, c)| response(ctx, &id, n, c))
        .collect();
    Ok(Converted {
        item: ItemInput {
            external_id: id,
            post,
            guid: item.guid.trim().chars().take(500).collect(),
            old_paths,
            responses,
        },
        unknown_shortcodes: content.unknown_shortcodes,
        notes,
    })
}

fn open_closed(v: &str) -> OpenClosed {
    if v.trim() == "closed" {
        OpenClosed::Closed
    } else {
        OpenClosed::Open
    }
}

/// A response; one without an id (hand-made exports) is named by its
/// post and place, so a second run still recognises it.
fn response(ctx: &Context, post: &str, n: usize, c: &Comment) -> Option<ResponseInput> {
    let kind = match c.kind.as_str() {
        "" | "comment" => CommentKind::Comment,
        "trackback" => CommentKind::Trackback,
        "pingback" => CommentKind::Pingback,
        "webmention" => CommentKind::Webmention,
        // Shop order notes and other plugins' rows are not responses.
        _ => return None,
    };
    let status = match c.approved.as_str() {
        "1" | "approve" => CommentStatus::Approved,
        "spam" => CommentStatus::Spam,
        "trash" | "post-trashed" => CommentStatus::Trash,
        _ => CommentStatus::Pending,
    };
    Some(ResponseInput {
        external_id: c
            .id
            .map_or_else(|| format!("post-{post}-{n}"), |i| i.to_string()),
        parent: c.parent.filter(|p| *p > 0).map(|p| p.to_string()),
        kind,
        status,
        author_name: c.author.clone(),
        author_email: c.author_email.clone(),
        author_url: c.author_url.clone(),
        author_ip: c.author_ip.clone(),
        html: c.content.clone(),
        created_at: date(&c.date_gmt, &c.date, ctx.timezone).unwrap_or(DateTime::UNIX_EPOCH),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefers_the_utc_date_when_both_are_given() {
        let tz: Tz = "Europe/Berlin".parse().unwrap();
        let utc = date("2011-01-26 08:15:00", "2011-01-26 09:15:00", tz).unwrap();
        assert_eq!(utc.to_rfc3339(), "2011-01-26T08:15:00+00:00");
        let local = date("0000-00-00 00:00:00", "2011-01-26 09:15:00", tz).unwrap();
        assert_eq!(local, utc);
        assert_eq!(date("", "garbage", tz), None);
    }

    #[test]
    fn keeps_the_path_below_the_old_root_when_the_blog_lived_in_a_folder() {
        assert_eq!(
            old_path("https://old.example/blog/2011/01/hallo/", "/blog/").as_deref(),
            Some("/2011/01/hallo/")
        );
        assert_eq!(
            old_path("http://old.example/?p=12", "/").as_deref(),
            Some("/?p=12")
        );
        assert_eq!(
            old_path("http://old.example/2011/%C3%BCber/", "/").as_deref(),
            Some("/2011/über/")
        );
        assert_eq!(old_path("http://old.example/", "/"), None);
        assert_eq!(old_path("not a url", "/"), None);
    }

    #[test]
    fn decodes_slugs_when_wordpress_encoded_them() {
        assert_eq!(slug_of("%c3%bcber-uns").as_deref(), Some("über-uns"));
        assert_eq!(slug_of("Hello.World").as_deref(), Some("hello-world"));
        assert_eq!(slug_of(""), None);
    }
}
