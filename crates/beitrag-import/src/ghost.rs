//! `beitrag import ghost EXPORT.json`: a Ghost 4–6 export (Settings → Labs
//! → Export) through the same import service as WordPress's: authors,
//! posts and pages with their HTML, tags, status, feature image; old
//! `/{slug}/` addresses become redirects. Ghost's JSON has no streaming
//! form worth the name, so the file is read whole, up to [`MAX_FILE`].

use std::collections::HashMap;
use std::path::Path;

use beitrag_core::model::{PostKind, PostStatus, SourceFormat};
use beitrag_core::service::import::{
    self as service, AuthorInput, ItemInput, ItemOutcome, login_of,
};
use beitrag_core::service::post::PostInput;
use beitrag_core::{Actor, Core};
use beitrag_markdown::{escape_html, strip_tags};
use chrono::{DateTime, Utc};
use serde::Deserialize;

use crate::ImportError;
use crate::wxr::Report;

/// The largest export read (Ghost exports hold text, not images).
pub const MAX_FILE: u64 = 512 * 1024 * 1024;
const ORIGIN: &str = "ghost";
const BATCH: usize = 100;

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Export {
    /// `{"db": [{"meta": …, "data": …}]}` (every version since 1.0).
    Wrapped { db: Vec<Section> },
    /// `{"meta": …, "data": …}` (hand-made or trimmed exports).
    Bare(Section),
}

#[derive(Debug, Deserialize)]
struct Section {
    data: Data,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Data {
    posts: Vec<GhostPost>,
    tags: Vec<Tag>,
    posts_tags: Vec<Link>,
    users: Vec<GhostUser>,
    posts_authors: Vec<AuthorLink>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct GhostPost {
    id: serde_json::Value,
    title: String,
    slug: String,
    html: Option<String>,
    feature_image: Option<String>,
    featured: serde_json::Value,
    #[serde(rename = "type")]
    kind: Option<String>,
    page: serde_json::Value,
    status: String,
    visibility: Option<String>,
    custom_excerpt: Option<String>,
    published_at: serde_json::Value,
    updated_at: serde_json::Value,
    created_at: serde_json::Value,
    author_id: serde_json::Value,
    uuid: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Tag {
    id: serde_json::Value,
    name: String,
    visibility: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Link {
    post_id: serde_json::Value,
    tag_id: serde_json::Value,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct AuthorLink {
    post_id: serde_json::Value,
    author_id: serde_json::Value,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct GhostUser {
    id: serde_json::Value,
    name: String,
    slug: String,
    email: String,
}

/// Ghost's ids are strings (ObjectIds) in new exports, numbers in old ones.
fn id(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Number(n) => n.to_string(),
        _ => String::new(),
    }
}

fn truthy(v: &serde_json::Value) -> bool {
    match v {
        serde_json::Value::Bool(b) => *b,
        serde_json::Value::Number(n) => n.as_i64().is_some_and(|n| n != 0),
        _ => false,
    }
}

/// A date as ISO 8601 text or (old exports) milliseconds since 1970.
fn date(v: &serde_json::Value) -> Option<DateTime<Utc>> {
    match v {
        serde_json::Value::String(s) => DateTime::parse_from_rfc3339(s.trim())
            .ok()
            .map(|t| t.with_timezone(&Utc)),
        serde_json::Value::Number(n) => n.as_i64().and_then(DateTime::from_timestamp_millis),
        _ => None,
    }
}

/// Imports a Ghost export. A file that is not one is a single error naming
/// its line and column; an item that cannot be imported is reported and
/// left out.
pub async fn import_ghost(core: &Core, file: &Path, dry_run: bool) -> Result<Report, ImportError> {
    let size = std::fs::metadata(file)
        .map_err(|e| ImportError::new(file, 0, format!("cannot open: {e}")))?
        .len();
    if size > MAX_FILE {
        return Err(ImportError::new(
            file,
            0,
            format!("larger than {} MiB", MAX_FILE >> 20),
        ));
    }
    let text =
        std::fs::read(file).map_err(|e| ImportError::new(file, 0, format!("cannot read: {e}")))?;
    let export: Export = serde_json::from_slice(&text)
        .map_err(|e| ImportError::new(file, e.line(), format!("not a Ghost export: {e}")))?;
    let data = match export {
        Export::Wrapped { db } => db.into_iter().next().map(|s| s.data).unwrap_or_default(),
        Export::Bare(section) => section.data,
    };
    let mut report = Report {
        dry_run,
        items: data.posts.len() as u64,
        ..Report::default()
    };
    let logins = authors(core, &data, dry_run, &mut report)
        .await
        .map_err(|e| ImportError::new(file, 0, e))?;
    let tags: HashMap<String, &Tag> = data.tags.iter().map(|t| (id(&t.id), t)).collect();
    let mut post_tags: HashMap<String, Vec<String>> = HashMap::new();
    for link in &data.posts_tags {
        if let Some(tag) = tags.get(&id(&link.tag_id)) {
            // Internal tags (`#…`) steer Ghost's themes; they are not topics.
            if !tag.name.starts_with('#') && tag.visibility.as_deref() != Some("internal") {
                post_tags
                    .entry(id(&link.post_id))
                    .or_default()
                    .push(tag.name.clone());
            }
        }
    }
    let mut first_author: HashMap<String, String> = HashMap::new();
    for link in &data.posts_authors {
        first_author
            .entry(id(&link.post_id))
            .or_insert_with(|| id(&link.author_id));
    }
    let fallback = core
        .read()
        .users()
        .await
        .map_err(|e| ImportError::new(file, 0, format!("cannot read users: {e}")))?
        .into_iter()
        .find(|u| u.role == beitrag_core::model::Role::Administrator)
        .map(|u| u.login);
    let mut batch = Vec::new();
    for post in &data.posts {
        let pid = id(&post.id);
        let author_id = first_author
            .get(&pid)
            .cloned()
            .unwrap_or_else(|| id(&post.author_id));
        let author = match logins.get(&author_id).cloned().or_else(|| fallback.clone()) {
            Some(a) => a,
            None => {
                report.skip(
                    0,
                    format!("post {pid}"),
                    "it has no author and no users exist yet".into(),
                );
                continue;
            }
        };
        let (item, kind, note) = convert(post, author, post_tags.remove(&pid).unwrap_or_default());
        if let Some(note) = note {
            report
                .notes
                .push((0, format!("post {pid} \"{}\": {note}", post.title)));
        }
        batch.push((pid, kind, item));
        if batch.len() >= BATCH {
            flush(core, file, &mut batch, dry_run, &mut report).await?;
        }
    }
    flush(core, file, &mut batch, dry_run, &mut report).await?;
    Ok(report)
}

/// Accounts for Ghost's users, by Ghost id → login here.
async fn authors(
    core: &Core,
    data: &Data,
    dry_run: bool,
    report: &mut Report,
) -> Result<HashMap<String, String>, String> {
    let mut out = HashMap::new();
    for u in &data.users {
        let login = login_of(if u.slug.is_empty() { &u.name } else { &u.slug });
        let exists = matches!(core.read().user_by_login(&login).await, Ok(Some(_)));
        if dry_run {
            if exists {
                report.authors_matched += 1;
                out.insert(id(&u.id), login);
            } else {
                report.authors_created += 1;
            }
            continue;
        }
        let input = AuthorInput {
            external_id: id(&u.id),
            login: login.clone(),
            display_name: u.name.clone(),
            email: u.email.clone(),
        };
        let user = service::author(core, &Actor::Import, ORIGIN, &input)
            .await
            .map_err(|e| format!("author `{login}`: {e}"))?;
        if exists {
            report.authors_matched += 1;
        } else {
            report.authors_created += 1;
        }
        out.insert(id(&u.id), user.login);
    }
    Ok(out)
}

fn convert(
    post: &GhostPost,
    author: String,
    tags: Vec<String>,
) -> (ItemInput, PostKind, Option<String>) {
    let kind = if post.kind.as_deref() == Some("page") || truthy(&post.page) {
        PostKind::Page
    } else {
        PostKind::Post
    };
    let mut note = None;
    let mut status = match post.status.as_str() {
        "published" => PostStatus::Published,
        "scheduled" => PostStatus::Scheduled,
        "sent" => {
            note = Some("sent as a newsletter only: imported as a draft".to_owned());
            PostStatus::Draft
        }
        _ => PostStatus::Draft,
    };
    if status == PostStatus::Published && post.visibility.as_deref().is_some_and(|v| v != "public")
    {
        // Members-only text stays away from readers here too.
        note = Some("for members only in Ghost: imported as private".to_owned());
        status = PostStatus::Private;
    }
    let mut html = post.html.clone().unwrap_or_default();
    if let Some(image) = post
        .feature_image
        .as_deref()
        .filter(|i| !i.trim().is_empty())
    {
        html = format!(
            "<figure class=\"feature-image\"><img src=\"{}\" alt=\"\"></figure>\n{html}",
            escape_html(image.trim())
        );
    }
    let published_at = date(&post.published_at).or_else(|| match status {
        PostStatus::Draft => None,
        _ => date(&post.created_at),
    });
    let slug = post.slug.trim().to_lowercase();
    let item = ItemInput {
        external_id: id(&post.id),
        post: PostInput {
            id: None,
            kind,
            status,
            title: if post.title.trim().is_empty() {
                "(no title)".into()
            } else {
                post.title.clone()
            },
            slug: Some(slug.clone()).filter(|s| !s.is_empty()),
            source: html,
            format: SourceFormat::Html,
            excerpt: strip_tags(post.custom_excerpt.as_deref().unwrap_or_default())
                .trim()
                .to_owned(),
            author,
            published_at,
            updated_at: date(&post.updated_at),
            comment_status: None,
            ping_status: None,
            sticky: truthy(&post.featured),
            trackbacks: Vec::new(),
            tags,
            categories: Vec::new(),
            featured_media: None,
        },
        guid: post.uuid.clone().unwrap_or_default(),
        old_paths: if slug.is_empty() {
            Vec::new()
        } else {
            vec![format!("/{slug}/")]
        },
        responses: Vec::new(),
    };
    (item, kind, note)
}

async fn flush(
    core: &Core,
    file: &Path,
    batch: &mut Vec<(String, PostKind, ItemInput)>,
    dry_run: bool,
    report: &mut Report,
) -> Result<(), ImportError> {
    if batch.is_empty() {
        return Ok(());
    }
    let pending = std::mem::take(batch);
    let inputs = pending.iter().map(|(_, _, i)| i.clone()).collect();
    let outcomes = service::items(core, &Actor::Import, ORIGIN, inputs, dry_run)
        .await
        .map_err(|e| ImportError::new(file, 0, format!("cannot import: {e}")))?;
    for ((pid, kind, item), outcome) in pending.into_iter().zip(outcomes) {
        match outcome {
            ItemOutcome::Imported { .. } => report.imported(kind),
            ItemOutcome::Known { .. } => report.unchanged += 1,
            ItemOutcome::Skipped(e) => report.skip(
                0,
                format!("post {pid} \"{}\"", item.post.title),
                e.to_string(),
            ),
        }
    }
    Ok(())
}
