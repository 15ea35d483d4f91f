//! Saving posts and pages: validation, slugs, Markdown rendering at save
//! time, redirects when a published URL changes, and all-or-nothing batches
//! (the importer's contract).

use std::collections::{HashMap, HashSet};

use beitrag_markdown::{Trust, render, slugify};
use chrono::{DateTime, Utc};

use crate::model::{OpenClosed, PostId, PostKind, PostStatus, PostWrite, RevisionId, Role, User};
use crate::service::access;
use crate::service::links::Directory;
use crate::{Error, Result, Settings, Store};

/// What an author submits for one post or page.
#[derive(Debug, Clone, PartialEq)]
pub struct PostInput {
    /// Existing post to replace, or `None` for a new one.
    pub id: Option<PostId>,
    /// Post or page.
    pub kind: PostKind,
    /// Publication state.
    pub status: PostStatus,
    /// Title (required).
    pub title: String,
    /// Slug; derived from the title when `None`.
    pub slug: Option<String>,
    /// Markdown source.
    pub source: String,
    /// Hand-written excerpt.
    pub excerpt: String,
    /// Author login.
    pub author: String,
    /// Publication time; now when publishing without one.
    pub published_at: Option<DateTime<Utc>>,
    /// Last change; now when `None`.
    pub updated_at: Option<DateTime<Utc>>,
    /// Comment switch; the site default when `None`.
    pub comment_status: Option<OpenClosed>,
    /// Ping switch; the site default when `None`.
    pub ping_status: Option<OpenClosed>,
    /// Sticky on the home page.
    pub sticky: bool,
    /// TrackBack URLs to ping when published (absolute http(s) URLs).
    pub trackbacks: Vec<String>,
    /// Tag names.
    pub tags: Vec<String>,
    /// Category paths like `Social Media/Strategie`.
    pub categories: Vec<String>,
}

/// A batch failed: which input, and why.
#[derive(Debug, thiserror::Error)]
#[error("entry {index}: {error}")]
pub struct BatchError {
    /// Index of the failing input.
    pub index: usize,
    /// The reason.
    #[source]
    pub error: Error,
}

const MAX_TITLE: usize = 300;
const MAX_SOURCE: usize = 2 * 1024 * 1024;

fn valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug.len() <= 200
        && !slug.starts_with('-')
        && slug
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
        && slug.chars().all(|c| !c.is_uppercase())
}

/// Saves posts all-or-nothing: every input is validated first, then all are
/// written in one transaction. Returns the ids in input order.
pub async fn save_posts(
    store: &dyn Store,
    inputs: Vec<PostInput>,
) -> Result<Vec<PostId>, BatchError> {
    let writes = prepare_posts(store, inputs).await?;
    store.save_posts(&writes).await.map_err(|e| {
        let error = match e {
            crate::StoreError::Conflict { what } => Error::SlugTaken(what),
            other => other.into(),
        };
        BatchError { index: 0, error }
    })
}

/// Saves one post on behalf of `actor` (admin, API): checks the role,
/// refuses to overwrite a version the actor has not seen (`base` is the
/// newest revision when the editor was opened), keeps a revision, turns a
/// future "published" into "scheduled", and queues outgoing linkbacks.
pub async fn save_as(
    store: &dyn Store,
    actor: &User,
    mut input: PostInput,
    base: Option<RevisionId>,
) -> Result<PostId> {
    let now = Utc::now();
    let existing = match input.id {
        Some(id) => Some(store.post_by_id(id).await?.ok_or(Error::NotFound)?),
        None => None,
    };
    let author = store
        .user_by_login(input.author.trim())
        .await?
        .ok_or_else(|| Error::invalid("author", format!("unknown author `{}`", input.author)))?;
    if input.status == PostStatus::Published && input.published_at.is_some_and(|t| t > now) {
        input.status = PostStatus::Scheduled;
    }
    if input.status == PostStatus::Scheduled && input.published_at.is_none_or(|t| t <= now) {
        input.status = PostStatus::Published;
    }
    access::check_save(actor, existing.as_ref(), &author, input.status)?;
    if let (Some(post), Some(base)) = (&existing, base)
        && store
            .latest_revision(post.id)
            .await?
            .is_some_and(|l| l != base)
    {
        return Err(Error::EditConflict(Box::new(post.clone())));
    }
    let mut write = prepare_posts(store, vec![input])
        .await
        .map_err(|b| b.error)?
        .remove(0);
    write.saved_by = actor.id;
    if actor.role != Role::Administrator {
        // Raw HTML is an administrator's privilege, whoever wrote the post.
        write.html =
            crate::service::media::add_srcset(store, render(&write.source, Trust::Sanitised))
                .await?;
    }
    let id = store
        .save_posts(std::slice::from_ref(&write))
        .await
        .map_err(|e| match e {
            crate::StoreError::Conflict { .. } => Error::SlugTaken(write.slug.clone()),
            other => other.into(),
        })?
        .remove(0);
    if matches!(write.status, PostStatus::Published | PostStatus::Scheduled) {
        crate::service::linkback::schedule(store, &[id], now).await?;
    }
    queue_publication(store, &[id]).await?;
    Ok(id)
}

/// Job kind: turn a scheduled post into a published one at its time.
pub const PUBLISH: &str = "post.publish";

/// Queues the publication of those posts that are scheduled, once per
/// publication time (saving again with the same time queues nothing new).
pub async fn queue_publication(store: &dyn Store, ids: &[PostId]) -> Result<usize> {
    let mut queued = 0;
    for id in ids {
        let Some(post) = store.post_by_id(*id).await? else {
            continue;
        };
        if let (PostStatus::Scheduled, Some(at)) = (post.status, post.published_at) {
            let key = format!("publish:{}:{}", id.0, at.timestamp());
            store
                .enqueue_job(PUBLISH, &id.0.to_string(), Some(&key), at)
                .await?;
            queued += 1;
        }
    }
    Ok(queued)
}

/// Deletes posts on behalf of `actor`, all or none.
pub async fn delete_as(store: &dyn Store, actor: &User, ids: &[PostId]) -> Result<u64> {
    for id in ids {
        let post = store.post_by_id(*id).await?.ok_or(Error::NotFound)?;
        access::check_delete(actor, &post)?;
    }
    Ok(store.delete_posts(ids).await?)
}

/// Validates posts and turns them into writes without storing anything
/// (the importer's `--dry-run`).
pub async fn prepare_posts(
    store: &dyn Store,
    inputs: Vec<PostInput>,
) -> Result<Vec<PostWrite>, BatchError> {
    let at = |index: usize| move |error: Error| BatchError { index, error };
    let settings_pairs = store.settings().await.map_err(|e| at(0)(e.into()))?;
    let settings =
        Settings::from_pairs(settings_pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .map_err(at(0))?;
    let users = store.users().await.map_err(|e| at(0)(e.into()))?;
    let terms = store.terms().await.map_err(|e| at(0)(e.into()))?;
    let directory = Directory::new(terms, &users);
    let now = Utc::now();

    let mut writes = Vec::with_capacity(inputs.len());
    let mut taken: HashSet<(PostKind, String)> = HashSet::new();
    let by_login: HashMap<&str, &User> = users.iter().map(|u| (u.login.as_str(), u)).collect();
    for (index, input) in inputs.into_iter().enumerate() {
        let write = prepare(
            store, &settings, &directory, &by_login, &mut taken, input, now,
        )
        .await
        .map_err(at(index))?;
        writes.push(write);
    }
    Ok(writes)
}

async fn prepare(
    store: &dyn Store,
    settings: &Settings,
    directory: &Directory,
    users: &HashMap<&str, &User>,
    taken: &mut HashSet<(PostKind, String)>,
    input: PostInput,
    now: DateTime<Utc>,
) -> Result<PostWrite> {
    // PostgreSQL refuses NUL in text and no field has a use for control
    // characters; the Markdown source keeps its line breaks and tabs.
    let control = |s: &str, keep: &[char]| s.chars().any(|c| c.is_control() && !keep.contains(&c));
    for (field, value, keep) in [
        ("title", input.title.as_str(), &[][..]),
        ("slug", input.slug.as_deref().unwrap_or(""), &[][..]),
        ("author", input.author.as_str(), &[][..]),
        ("body", input.source.as_str(), &['\n', '\r', '\t'][..]),
        ("excerpt", input.excerpt.as_str(), &['\n', '\r', '\t'][..]),
    ] {
        if control(value, keep) {
            return Err(Error::invalid(field, "contains control characters"));
        }
    }
    if input
        .tags
        .iter()
        .chain(input.categories.iter())
        .chain(input.trackbacks.iter())
        .any(|t| control(t, &[]))
    {
        return Err(Error::invalid("tags", "contains control characters"));
    }
    let title = input.title.trim().to_owned();
    if title.is_empty() {
        return Err(Error::invalid("title", "is missing"));
    }
    if title.chars().count() > MAX_TITLE {
        return Err(Error::invalid(
            "title",
            format!("is longer than {MAX_TITLE} characters"),
        ));
    }
    if input.source.len() > MAX_SOURCE {
        return Err(Error::invalid("body", "is larger than 2 MiB"));
    }
    let author = users
        .get(input.author.as_str())
        .ok_or_else(|| Error::invalid("author", format!("unknown author `{}`", input.author)))?;
    let existing = match input.id {
        Some(id) => Some(store.post_by_id(id).await?.ok_or(Error::NotFound)?),
        None => None,
    };

    let explicit = input
        .slug
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let slug = match explicit {
        Some(s) => {
            if !valid_slug(s) {
                return Err(Error::invalid(
                    "slug",
                    format!("`{s}` may only hold lowercase letters, digits, - and _"),
                ));
            }
            let clash = store
                .post_by_slug(input.kind, s)
                .await?
                .filter(|p| Some(p.id) != input.id);
            if clash.is_some() || taken.contains(&(input.kind, s.to_owned())) {
                return Err(Error::SlugTaken(s.to_owned()));
            }
            s.to_owned()
        }
        None => unique_slug(store, input.kind, input.id, &title, taken).await?,
    };
    taken.insert((input.kind, slug.clone()));

    let published_at = match (input.status, input.published_at) {
        (PostStatus::Scheduled, None) => {
            return Err(Error::invalid("date", "a scheduled post needs a date"));
        }
        (PostStatus::Published, None) => Some(
            existing
                .as_ref()
                .and_then(|p| p.published_at)
                .unwrap_or(now),
        ),
        (_, at) => at,
    };
    let trust = if author.role == Role::Administrator {
        Trust::RawHtml
    } else {
        Trust::Sanitised
    };
    let html = crate::service::media::add_srcset(store, render(&input.source, trust)).await?;

    let categories: Vec<Vec<String>> = input
        .categories
        .iter()
        .map(|c| {
            c.split('/')
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
        })
        .filter(|p: &Vec<String>| !p.is_empty())
        .collect();
    for name in input.tags.iter().chain(categories.iter().flatten()) {
        if slugify(name).is_empty() || name.chars().count() > 100 {
            return Err(Error::invalid(
                "tags",
                format!("`{name}` cannot be used as a tag or category name"),
            ));
        }
    }

    let mut write = PostWrite {
        id: input.id,
        kind: input.kind,
        status: input.status,
        slug,
        title,
        source: input.source,
        html,
        excerpt: input.excerpt.trim().to_owned(),
        author_id: author.id,
        saved_by: author.id,
        published_at,
        updated_at: input.updated_at.unwrap_or(now),
        comment_status: input
            .comment_status
            .unwrap_or(settings.default_comment_status),
        ping_status: input.ping_status.unwrap_or(settings.default_ping_status),
        sticky: input.sticky,
        trackbacks: trackback_urls(&input.trackbacks)?,
        tags: dedup(input.tags.iter().map(|t| t.trim().to_owned()).collect()),
        categories,
        redirects: Vec::new(),
    };
    if let Some(old) = existing.filter(|p| p.is_public_at(now)) {
        let old_path = directory.post_path(settings, &old);
        // The new primary category is only known after the write; the slug
        // and date are what usually change, and those we can compare now.
        let mut probe = old.clone();
        probe.slug = write.slug.clone();
        probe.published_at = write.published_at;
        probe.kind = write.kind;
        let new_path = directory.post_path(settings, &probe);
        if old_path != new_path {
            write.redirects.push((old_path, new_path));
        }
    }
    Ok(write)
}

/// At most this many TrackBack URLs per post.
const MAX_TRACKBACKS: usize = 20;

/// Checks and normalises the listed TrackBack URLs (deduplicated, in order).
fn trackback_urls(urls: &[String]) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for raw in urls.iter().map(|u| u.trim()).filter(|u| !u.is_empty()) {
        let ok = url::Url::parse(raw)
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some())
            .filter(|_| raw.len() <= 2000);
        let Some(url) = ok else {
            return Err(Error::invalid(
                "trackbacks",
                format!("`{raw}` is not an http(s) URL"),
            ));
        };
        if !out.contains(&url.to_string()) {
            out.push(url.to_string());
        }
    }
    if out.len() > MAX_TRACKBACKS {
        return Err(Error::invalid(
            "trackbacks",
            format!("at most {MAX_TRACKBACKS} TrackBack URLs per post"),
        ));
    }
    Ok(out)
}

fn dedup(mut v: Vec<String>) -> Vec<String> {
    let mut seen = HashSet::new();
    v.retain(|t| !t.is_empty() && seen.insert(t.to_lowercase()));
    v
}

async fn unique_slug(
    store: &dyn Store,
    kind: PostKind,
    id: Option<PostId>,
    title: &str,
    taken: &HashSet<(PostKind, String)>,
) -> Result<String> {
    let mut base = slugify(title);
    if base.is_empty() {
        base = kind.as_str().to_owned();
    }
    base.truncate(180);
    let mut candidate = base.clone();
    for n in 2..1000 {
        let clash = store
            .post_by_slug(kind, &candidate)
            .await?
            .filter(|p| Some(p.id) != id);
        if clash.is_none() && !taken.contains(&(kind, candidate.clone())) {
            return Ok(candidate);
        }
        candidate = format!("{base}-{n}");
    }
    Err(Error::SlugTaken(base))
}

#[cfg(test)]
mod tests {
    use super::valid_slug;

    #[test]
    fn accepts_slug_when_lowercase_words() {
        assert!(valid_slug("hallo-welt_2"));
        assert!(valid_slug("grüße"));
        assert!(!valid_slug("Hallo"));
        assert!(!valid_slug("a/b"));
        assert!(!valid_slug("-x"));
        assert!(!valid_slug(""));
    }
}
