//! Saving posts and pages: validation, slugs, Markdown rendering at save
//! time, redirects when a published URL changes, and all-or-nothing batches
//! (the importer's contract).

use crate::message::texts;
use std::collections::{HashMap, HashSet};

use beitrag_markdown::{Trust, render, render_html, slugify};
use chrono::{DateTime, Utc};

use crate::actor::Actor;
use crate::change::Change;
use crate::job::Job;
use crate::model::{
    Post, PostId, PostKind, PostStatus, PostWrite, RevisionId, Role, SourceFormat, User,
};
use crate::search::{Analyzer, SearchDocument};
use crate::service::access;
use crate::service::links::Directory;
use crate::store::Reads;
use crate::{Core, Error, Result, Settings};

pub use super::post_input::{PostInput, PostPatch, input_of};

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

/// Saves posts all-or-nothing on behalf of `actor` (import, demo, seed):
/// every input is validated first, then all are written in one
/// transaction, with the same side effects as [`save`] (scheduled
/// publication, change events; outgoing linkbacks when `send_linkbacks`).
/// Returns the ids in input order.
pub async fn save_batch(
    core: &Core,
    actor: &Actor,
    mut inputs: Vec<PostInput>,
    send_linkbacks: bool,
) -> Result<Vec<PostId>, BatchError> {
    let at = |index: usize| move |error: Error| BatchError { index, error };
    let users = core.read().users().await.map_err(|e| at(0)(e.into()))?;
    let now = Utc::now();
    for input in inputs.iter_mut() {
        // A future "published" is scheduled; an import's "scheduled"
        // without a date stays an error (`prepare` names it).
        if input.status == PostStatus::Published && input.published_at.is_some_and(|t| t > now) {
            input.status = PostStatus::Scheduled;
        }
    }
    let prepared = prepare_posts(core.read(), actor, inputs).await?;
    for (index, p) in prepared.iter().enumerate() {
        let author = users
            .iter()
            .find(|u| u.id == p.write.author_id)
            .ok_or(Error::NotFound)
            .map_err(at(index))?;
        check_save(actor, p.before.as_ref(), author, p.write.status).map_err(at(index))?;
    }
    let writes: Vec<PostWrite> = prepared.iter().map(|p| p.write.clone()).collect();
    let ids = core.store().save_posts(&writes).await.map_err(|e| {
        let error = match e {
            crate::StoreError::Conflict { what } => Error::SlugTaken(what),
            other => other.into(),
        };
        BatchError { index: 0, error }
    })?;
    after_save(core, &prepared, &ids, send_linkbacks)
        .await
        .map_err(at(0))?;
    Ok(ids)
}

/// Saves one post on behalf of `actor` (admin, API): checks the role,
/// refuses to overwrite a version the actor has not seen (`base` is the
/// newest revision when the editor was opened), keeps a revision, turns a
/// future "published" into "scheduled", queues outgoing linkbacks and the
/// scheduled publication, and publishes the changes.
pub async fn save(
    core: &Core,
    actor: &Actor,
    mut input: PostInput,
    base: Option<RevisionId>,
) -> Result<PostId> {
    let store = core.read();
    let now = Utc::now();
    let existing = match input.id {
        Some(id) => Some(store.post_by_id(id).await?.ok_or(Error::NotFound)?),
        None => None,
    };
    let author = store
        .user_by_login(input.author.trim())
        .await?
        .ok_or_else(|| {
            Error::invalid(
                "author",
                texts::UNKNOWN_AUTHOR.with("login", input.author.as_str()),
            )
        })?;
    normalise_status(&mut input, now);
    check_save(actor, existing.as_ref(), &author, input.status)?;
    if let (Some(post), Some(base)) = (&existing, base)
        && store
            .latest_revision(post.id)
            .await?
            .is_some_and(|l| l != base)
    {
        return Err(Error::EditConflict(Box::new(post.clone())));
    }
    let prepared = prepare_posts(store, actor, vec![input])
        .await
        .map_err(|b| b.error)?;
    let write = &prepared[0].write;
    let id = core
        .store()
        .save_posts(std::slice::from_ref(write))
        .await
        .map_err(|e| match e {
            crate::StoreError::Conflict { .. } => Error::SlugTaken(write.slug.clone()),
            other => other.into(),
        })?
        .remove(0);
    after_save(core, &prepared, &[id], true).await?;
    Ok(id)
}

/// Changes a stored post on behalf of `actor` (the API's PATCH, restoring
/// a revision): the stored post with `patch` applied goes through
/// [`save`]. `Forbidden` when the actor may not edit it, `Invalid`
/// (`kind`) when it would turn a post into a page or back.
pub async fn update(
    core: &Core,
    actor: &Actor,
    id: PostId,
    patch: PostPatch,
    base: Option<RevisionId>,
) -> Result<PostId> {
    let input = patched(core, actor, id, patch).await?;
    save(core, actor, input, base).await
}

/// Applies one patch to several posts, all of them or none (bulk actions).
/// Returns how many were saved.
pub async fn update_many(
    core: &Core,
    actor: &Actor,
    ids: &[PostId],
    patch: &PostPatch,
) -> Result<usize> {
    let mut inputs = Vec::with_capacity(ids.len());
    for id in ids {
        inputs.push(patched(core, actor, *id, patch.clone()).await?);
    }
    let n = inputs.len();
    save_batch(core, actor, inputs, true)
        .await
        .map_err(|b| b.error)?;
    Ok(n)
}

/// The stored post `id` as input, with `patch` applied.
async fn patched(core: &Core, actor: &Actor, id: PostId, patch: PostPatch) -> Result<PostInput> {
    let store = core.read();
    let post = store.post_by_id(id).await?.ok_or(Error::NotFound)?;
    if let Actor::User(user) = actor
        && (user.disabled || !access::can_edit(user, &post))
    {
        return Err(Error::Forbidden(texts::MAY_NOT_EDIT.into()));
    }
    if patch.kind.is_some_and(|k| k != post.kind) {
        return Err(Error::invalid("kind", texts::KIND_CHANGE));
    }
    let users = store.users().await?;
    let directory = Directory::new(store.terms().await?, &users);
    let terms = store.terms_of_post(id).await?;
    let mut input = input_of(&post, directory.login(post.author_id), &terms, &directory);
    let PostPatch {
        kind: _,
        status,
        title,
        slug,
        source,
        excerpt,
        author,
        published_at,
        comment_status,
        ping_status,
        sticky,
        trackbacks,
        tags,
        categories,
        featured_media,
    } = patch;
    replace(&mut input.status, status);
    replace(&mut input.title, title);
    replace(&mut input.slug, slug.map(Some));
    replace(&mut input.source, source);
    replace(&mut input.excerpt, excerpt);
    replace(&mut input.author, author);
    replace(&mut input.published_at, published_at.map(Some));
    replace(&mut input.comment_status, comment_status.map(Some));
    replace(&mut input.ping_status, ping_status.map(Some));
    replace(&mut input.sticky, sticky);
    replace(&mut input.trackbacks, trackbacks);
    replace(&mut input.tags, tags);
    replace(&mut input.categories, categories);
    replace(&mut input.featured_media, featured_media);
    Ok(input)
}

/// A patch field: `Some` replaces the stored value, `None` keeps it.
fn replace<T>(field: &mut T, new: Option<T>) {
    if let Some(v) = new {
        *field = v;
    }
}

/// A future "published" is "scheduled"; a "scheduled" without a future
/// date is "published".
pub(crate) fn normalise_status(input: &mut PostInput, now: DateTime<Utc>) {
    if input.status == PostStatus::Published && input.published_at.is_some_and(|t| t > now) {
        input.status = PostStatus::Scheduled;
    }
    if input.status == PostStatus::Scheduled && input.published_at.is_none_or(|t| t <= now) {
        input.status = PostStatus::Published;
    }
}

/// The capability check of a save, for any actor.
fn check_save(
    actor: &Actor,
    existing: Option<&Post>,
    author: &User,
    status: PostStatus,
) -> Result<()> {
    match actor {
        Actor::User(user) if user.disabled => Err(disabled()),
        Actor::User(user) => access::check_save(user, existing, author, status),
        Actor::Operator | Actor::Import | Actor::System => Ok(()),
        Actor::Remote => Err(Error::Forbidden(texts::POSTS_BY_USERS.into())),
    }
}

fn disabled() -> Error {
    Error::Forbidden(texts::ACCOUNT_DISABLED.into())
}

/// What every save does after the write: linkbacks, scheduled
/// publication, change events.
pub(crate) async fn after_save(
    core: &Core,
    prepared: &[Prepared],
    ids: &[PostId],
    send_linkbacks: bool,
) -> Result<()> {
    let now = Utc::now();
    let public: Vec<PostId> = prepared
        .iter()
        .zip(ids)
        .filter(|(p, _)| {
            matches!(
                p.write.status,
                PostStatus::Published | PostStatus::Scheduled
            )
        })
        .map(|(_, id)| *id)
        .collect();
    if send_linkbacks && !public.is_empty() {
        crate::service::linkback::schedule(core, &public, now).await?;
        crate::service::followers::schedule(core, prepared, ids, now).await?;
    }
    // Only posts saved as scheduled can need the job (a batch of old
    // imported posts asks the store nothing here).
    let scheduled: Vec<PostId> = prepared
        .iter()
        .zip(ids)
        .filter(|(p, _)| p.write.status == PostStatus::Scheduled)
        .map(|(_, id)| *id)
        .collect();
    queue_publication(core, &scheduled).await?;
    let mut changes = Vec::new();
    let mut site = false;
    for (p, id) in prepared.iter().zip(ids) {
        changes.push(Change::Post(*id));
        let moved = p.before.as_ref().is_none_or(|old| {
            old.status != p.write.status
                || old.published_at != p.write.published_at
                || old.slug != p.write.slug
                || old.sticky != p.write.sticky
        });
        let public =
            |status: PostStatus| matches!(status, PostStatus::Published | PostStatus::Scheduled);
        // A public post that changed its tags or categories moves between
        // the archives (and the sidebar's counts) without changing its date.
        let retermed = !moved
            && (public(p.write.status) || p.before.as_ref().is_some_and(|b| public(b.status)))
            && term_ids(core.read(), *id).await? != p.terms_before;
        if moved || retermed {
            changes.push(Change::Timeline);
        }
        // Pages are in the navigation of every page.
        site |= p.write.kind == PostKind::Page;
    }
    let terms_before = prepared.first().map_or(0, |p| p.terms_known);
    if !site && core.read().terms().await?.len() != terms_before {
        // The save created tags or categories: the site's term list changed.
        site = true;
    }
    if site {
        changes.push(Change::Site);
    }
    changes.dedup();
    core.publish(&changes).await;
    // The fediverse hears of saves as the linked pages do: always for a
    // save, for an import only on request.
    if send_linkbacks {
        for (p, id) in prepared.iter().zip(ids) {
            crate::service::fediverse::after_save(core, p.before.as_ref(), *id).await?;
        }
    }
    Ok(())
}

/// Queues the publication of those posts that are scheduled, once per
/// publication time (saving again with the same time queues nothing new).
async fn queue_publication(core: &Core, ids: &[PostId]) -> Result<usize> {
    let mut queued = 0;
    for id in ids {
        let Some(post) = core.read().post_by_id(*id).await? else {
            continue;
        };
        if let (PostStatus::Scheduled, Some(at)) = (post.status, post.published_at) {
            let key = format!("publish:{}:{}", id.0, at.timestamp());
            crate::service::jobs::enqueue(
                core,
                &Job::PublishScheduled { post: *id },
                Some(&key),
                at,
            )
            .await?;
            queued += 1;
        }
    }
    Ok(queued)
}

/// Publishes a scheduled post whose time has come (the job of
/// [`Job::PublishScheduled`]). The store's conditional update lets exactly
/// one worker of any instance make the change; `false` when the post was
/// unscheduled or moved in the meantime.
pub async fn publish_due(core: &Core, id: PostId) -> Result<bool> {
    let published = core.store().publish_scheduled(id, Utc::now()).await?;
    if published {
        let page = core
            .read()
            .post_by_id(id)
            .await?
            .is_some_and(|p| p.kind == PostKind::Page);
        let mut changes = vec![Change::Post(id), Change::Timeline];
        if page {
            changes.push(Change::Site);
        }
        core.publish(&changes).await;
        crate::service::fediverse::published(core, id).await?;
    }
    Ok(published)
}

/// Deletes posts on behalf of `actor`, all or none.
pub async fn delete(core: &Core, actor: &Actor, ids: &[PostId]) -> Result<u64> {
    let mut changes = vec![Change::Timeline];
    let mut posts = Vec::with_capacity(ids.len());
    for id in ids {
        let post = core.read().post_by_id(*id).await?.ok_or(Error::NotFound)?;
        match actor {
            Actor::User(user) if user.disabled => return Err(disabled()),
            Actor::User(user) => access::check_delete(user, &post)?,
            Actor::Operator | Actor::Import | Actor::System => {}
            Actor::Remote => return Err(Error::Forbidden(texts::MAY_NOT_DELETE_POSTS.into())),
        }
        changes.push(Change::Post(*id));
        changes.push(Change::Comments(*id));
        if post.kind == PostKind::Page {
            changes.push(Change::Site);
        }
        posts.push(post);
    }
    crate::service::fediverse::before_delete(core, &posts).await?;
    let n = core.store().delete_posts(ids).await?;
    core.publish(&changes).await;
    Ok(n)
}

/// The HTML a save stores for `source`: raw HTML is kept only when the
/// author is an administrator and the one saving may publish it too;
/// everything else is sanitised, and so is HTML an import brings from
/// another engine (whoever wrote it there). Images of known uploads get
/// `srcset`. The editor's preview shows exactly this.
pub async fn render_as(
    store: &dyn Reads,
    actor: &Actor,
    author: &User,
    source: &str,
    format: SourceFormat,
) -> Result<String> {
    let foreign = format == SourceFormat::Html && *actor == Actor::Import;
    let trust = if author.role == Role::Administrator && actor.trusted_with_html() && !foreign {
        Trust::RawHtml
    } else {
        Trust::Sanitised
    };
    let html = match format {
        SourceFormat::Markdown => render(source, trust),
        SourceFormat::Html => render_html(source, trust),
    };
    crate::service::media::add_srcset(store, html).await
}

/// A validated write and the stored post it replaces.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// What will be stored.
    pub write: PostWrite,
    /// The post as it was, for a replaced one.
    pub before: Option<Post>,
    terms_known: usize,
    /// The replaced post's tags and categories, sorted.
    terms_before: Vec<crate::model::TermId>,
}

/// Validates posts and turns them into writes without storing anything
/// (the importer's `--dry-run`).
pub async fn prepare_posts(
    store: &dyn Reads,
    actor: &Actor,
    inputs: Vec<PostInput>,
) -> Result<Vec<Prepared>, BatchError> {
    let at = |index: usize| move |error: Error| BatchError { index, error };
    let settings = crate::service::settings::load(store).await.map_err(at(0))?;
    let users = store.users().await.map_err(|e| at(0)(e.into()))?;
    let terms = store.terms().await.map_err(|e| at(0)(e.into()))?;
    let terms_known = terms.len();
    let directory = Directory::new(terms, &users);
    let now = Utc::now();
    let analyzer = Analyzer::new(&settings.language);

    let mut writes = Vec::with_capacity(inputs.len());
    let mut taken: HashSet<(PostKind, String)> = HashSet::new();
    let by_login: HashMap<&str, &User> = users.iter().map(|u| (u.login.as_str(), u)).collect();
    for (index, input) in inputs.into_iter().enumerate() {
        let before = match input.id {
            Some(id) => Some(
                store
                    .post_by_id(id)
                    .await
                    .map_err(|e| at(index)(e.into()))?
                    .ok_or(Error::NotFound)
                    .map_err(at(index))?,
            ),
            None => None,
        };
        let terms_before = match &before {
            Some(old) => term_ids(store, old.id).await.map_err(at(index))?,
            None => Vec::new(),
        };
        let mut write = prepare(
            store,
            &settings,
            &directory,
            &by_login,
            &mut taken,
            input,
            before.clone(),
            now,
        )
        .await
        .map_err(at(index))?;
        let author = users
            .iter()
            .find(|u| u.id == write.author_id)
            .ok_or(Error::NotFound)
            .map_err(at(index))?;
        write.html = render_as(store, actor, author, &write.source, write.format)
            .await
            .map_err(at(index))?;
        write.search = SearchDocument::of(&analyzer, &write.title, &write.html);
        if let Some(user) = actor.user() {
            write.saved_by = user.id;
        }
        writes.push(Prepared {
            write,
            before,
            terms_known,
            terms_before,
        });
    }
    Ok(writes)
}

/// A post's tags and categories, sorted.
async fn term_ids(store: &dyn Reads, id: PostId) -> Result<Vec<crate::model::TermId>> {
    let mut ids: Vec<_> = store
        .terms_of_post(id)
        .await?
        .into_iter()
        .map(|t| t.id)
        .collect();
    ids.sort_unstable();
    Ok(ids)
}

#[allow(clippy::too_many_arguments)]
async fn prepare(
    store: &dyn Reads,
    settings: &Settings,
    directory: &Directory,
    users: &HashMap<&str, &User>,
    taken: &mut HashSet<(PostKind, String)>,
    input: PostInput,
    existing: Option<Post>,
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
            return Err(Error::invalid(field, texts::CONTROL_CHARS));
        }
    }
    if input
        .tags
        .iter()
        .chain(input.categories.iter())
        .chain(input.trackbacks.iter())
        .any(|t| control(t, &[]))
    {
        return Err(Error::invalid("tags", texts::CONTROL_CHARS));
    }
    let title = input.title.trim().to_owned();
    if title.is_empty() {
        return Err(Error::invalid("title", texts::MISSING));
    }
    if title.chars().count() > MAX_TITLE {
        return Err(Error::invalid(
            "title",
            texts::LONGER_THAN.with("max", MAX_TITLE),
        ));
    }
    if input.source.len() > MAX_SOURCE {
        return Err(Error::invalid("body", texts::BODY_TOO_LARGE));
    }
    let featured_media = crate::service::featured::check(store, input.featured_media).await?;
    let author = users.get(input.author.as_str()).ok_or_else(|| {
        Error::invalid(
            "author",
            texts::UNKNOWN_AUTHOR.with("login", input.author.as_str()),
        )
    })?;
    let explicit = input
        .slug
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let slug = match explicit {
        Some(s) => {
            if !valid_slug(s) {
                return Err(Error::invalid("slug", texts::SLUG_CHARS.with("slug", s)));
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
            return Err(Error::invalid("date", texts::SCHEDULED_DATE));
        }
        (PostStatus::Published, None) => Some(
            existing
                .as_ref()
                .and_then(|p| p.published_at)
                .unwrap_or(now),
        ),
        (_, at) => at,
    };
    // Rendered by `prepare_posts`, which knows who saves.
    let html = String::new();

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
                texts::TERM_NAME_UNUSABLE.with("name", name.as_str()),
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
        format: input.format,
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
        // An imported feed id is the post's for good.
        guid: existing
            .as_ref()
            .map(|p| p.guid.clone())
            .unwrap_or_default(),
        // Written by `prepare_posts` with the HTML.
        search: SearchDocument::default(),
        featured_media,
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
                texts::TRACKBACK_URL.with("url", raw),
            ));
        };
        if !out.contains(&url.to_string()) {
            out.push(url.to_string());
        }
    }
    if out.len() > MAX_TRACKBACKS {
        return Err(Error::invalid(
            "trackbacks",
            texts::TRACKBACKS_MAX.with("max", MAX_TRACKBACKS),
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
    store: &dyn Reads,
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
