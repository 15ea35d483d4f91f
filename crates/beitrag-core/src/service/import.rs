//! Bringing a blog over from another engine: authors, and items (a post
//! with its responses) in batches. Every item goes through the same
//! validation and rendering as a save (`post::prepare_posts`) and its
//! responses through the comment rules for imports (no spam defences,
//! always sanitised); an item that fails is reported and left out, whole.
//! A second run of the same import finds every item by its origin and
//! changes nothing.

use crate::message::texts;
use std::net::IpAddr;

use chrono::{DateTime, Utc};

use crate::actor::Actor;
use crate::change::Change;
use crate::model::{
    CommentKind, CommentStatus, ImportComment, ImportPost, ImportWrite, NewComment, NewUser,
    PostId, Role, User, origin_kind,
};
use crate::service::comment::{MAX_NAME, has_control, truncate_ip, valid_email, valid_url};
use crate::service::links::Directory;
use crate::service::post::{self, PostInput, Prepared};
use crate::{Core, Error, Result, StoreError};

/// An author as another engine exports it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AuthorInput {
    /// Its id there.
    pub external_id: String,
    /// Login there (made a valid login here by [`login_of`]).
    pub login: String,
    /// Name shown to readers.
    pub display_name: String,
    /// Contact address; dropped when not an address.
    pub email: String,
}

/// One item: a post or page and its responses.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemInput {
    /// Its id on the other engine.
    pub external_id: String,
    /// The post, as any save takes it.
    pub post: PostInput,
    /// Its feed id there (kept so feed readers see nothing new).
    pub guid: String,
    /// Paths it answered at there (`/2011/01/26/hallo/`, `/?p=12`): each
    /// becomes a redirect to its place here.
    pub old_paths: Vec<String>,
    /// Its responses, in any order.
    pub responses: Vec<ResponseInput>,
}

/// A comment, trackback or pingback as another engine exports it.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseInput {
    /// Its id there.
    pub external_id: String,
    /// The id there of the comment it answers.
    pub parent: Option<String>,
    /// Comment, trackback or pingback.
    pub kind: CommentKind,
    /// Its moderation state there.
    pub status: CommentStatus,
    /// Name (or the linking blog's name).
    pub author_name: String,
    /// Email.
    pub author_email: String,
    /// Website; for linkbacks the linking page.
    pub author_url: String,
    /// Sender address as recorded there.
    pub author_ip: String,
    /// Its HTML there (sanitised here).
    pub html: String,
    /// When it was written.
    pub created_at: DateTime<Utc>,
}

/// What became of one item.
#[derive(Debug)]
pub enum ItemOutcome {
    /// Written now (or, on a dry run, would be).
    Imported {
        /// The post (`None` on a dry run).
        post: Option<PostId>,
        /// Responses written.
        responses: usize,
        /// Responses left out, with the reason.
        skipped: Vec<(String, String)>,
    },
    /// Imported by an earlier run; only responses new since then were added.
    Known {
        /// The post.
        post: PostId,
        /// Responses added now.
        responses: usize,
        /// Responses left out, with the reason.
        skipped: Vec<(String, String)>,
    },
    /// Left out whole.
    Skipped(Error),
}

/// Responses left out of an item: their external id and why.
pub type Skips = Vec<(String, String)>;

/// The longest imported response: old comments may be long, but a
/// response is not a post.
const MAX_RESPONSE: usize = 100_000;

/// A valid login for `raw`: lowercase, with anything we do not allow in a
/// login turned into `-`.
pub fn login_of(raw: &str) -> String {
    let mut login: String = raw
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| {
            if c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c) {
                c
            } else {
                '-'
            }
        })
        .collect();
    login.truncate(60);
    login
}

fn import_only(actor: &Actor) -> Result<()> {
    match actor {
        Actor::Import => Ok(()),
        _ => Err(Error::Forbidden(texts::IMPORT_ONLY.into())),
    }
}

/// Finds the account an author became (by origin, then by login) or
/// creates it: role author, no password (it signs in after a reset or an
/// administrator's `user passwd`).
pub async fn author(core: &Core, actor: &Actor, origin: &str, a: &AuthorInput) -> Result<User> {
    import_only(actor)?;
    let login = login_of(&a.login);
    if login.is_empty() {
        return Err(Error::invalid(
            "login",
            texts::NOT_A_LOGIN.with("login", a.login.as_str()),
        ));
    }
    let store = core.read();
    if let Some(user) = store.user_by_login(&login).await? {
        remember_author(core, origin, a, &user).await?;
        return Ok(user);
    }
    let display: String = a.display_name.trim().chars().take(100).collect();
    let email = a.email.trim().to_lowercase();
    let new = NewUser {
        login: login.clone(),
        display_name: if display.is_empty() {
            login.clone()
        } else {
            display
        },
        email: if valid_email(&email) {
            email
        } else {
            String::new()
        },
        bio: String::new(),
        avatar_url: None,
        role: Role::Author,
        // Not a PHC string: no password matches it.
        password_hash: "!".into(),
    };
    let user = core.store().create_user(&new).await.map_err(|e| match e {
        StoreError::Conflict { .. } => Error::LoginTaken(login),
        other => other.into(),
    })?;
    remember_author(core, origin, a, &user).await?;
    core.publish(&[Change::Site]).await;
    Ok(user)
}

async fn remember_author(core: &Core, origin: &str, a: &AuthorInput, user: &User) -> Result<()> {
    if a.external_id.is_empty() {
        return Ok(());
    }
    let known = core
        .read()
        .import_origin(origin, origin_kind::USER, &a.external_id)
        .await?;
    if known != Some(user.id.0) {
        core.store()
            .record_origin(origin, origin_kind::USER, &a.external_id, user.id.0)
            .await?;
    }
    Ok(())
}

/// A response as the store takes it, or why it is left out.
fn response(r: &ResponseInput) -> std::result::Result<ImportComment, String> {
    let name: String = r.author_name.trim().chars().take(MAX_NAME).collect();
    let email = r.author_email.trim().to_lowercase();
    let url = r.author_url.trim();
    if [name.as_str(), email.as_str(), url, r.html.as_str()]
        .iter()
        .any(|s| has_control(s) || s.contains('\0'))
    {
        return Err("contains control characters".into());
    }
    if r.html.chars().count() > MAX_RESPONSE {
        return Err(format!("is longer than {MAX_RESPONSE} characters"));
    }
    let url = if valid_url(url) { url } else { "" };
    if r.kind.is_linkback() && url.is_empty() {
        return Err(format!("a {} without the URL of its source", r.kind));
    }
    let html = beitrag_markdown::convert_comment(&r.html);
    let author_ip = r
        .author_ip
        .trim()
        .parse::<IpAddr>()
        .map(truncate_ip)
        .unwrap_or_default();
    Ok(ImportComment {
        external_id: r.external_id.clone(),
        parent: r.parent.clone().filter(|p| !p.is_empty() && *p != "0"),
        comment: NewComment {
            // Both filled in by the store.
            post_id: PostId(0),
            parent: None,
            kind: r.kind,
            status: r.status,
            author_name: name,
            author_email: if valid_email(&email) {
                email
            } else {
                String::new()
            },
            author_url: if r.kind.is_linkback() {
                String::new()
            } else {
                url.to_owned()
            },
            html,
            source_url: if r.kind.is_linkback() {
                url.to_owned()
            } else {
                String::new()
            },
            source_title: if r.kind.is_linkback() {
                r.author_name.trim().chars().take(250).collect()
            } else {
                String::new()
            },
            author_ip,
            notify: false,
            created_at: r.created_at,
        },
    })
}

/// Responses in an order where every parent comes before its replies
/// (exports usually list them so, but need not); a reply whose parent is
/// not among them keeps the reference for the store to find.
fn parents_first(mut rest: Vec<ImportComment>) -> Vec<ImportComment> {
    let mut out: Vec<ImportComment> = Vec::with_capacity(rest.len());
    let mut placed = std::collections::HashSet::new();
    let local: std::collections::HashSet<String> =
        rest.iter().map(|c| c.external_id.clone()).collect();
    while !rest.is_empty() {
        let before = rest.len();
        let (ready, waiting): (Vec<_>, Vec<_>) = rest.into_iter().partition(|c| {
            c.parent
                .as_ref()
                .is_none_or(|p| !local.contains(p) || placed.contains(p))
        });
        for c in ready {
            placed.insert(c.external_id.clone());
            out.push(c);
        }
        rest = waiting;
        if rest.len() == before {
            // A cycle: the rest become top-level comments.
            for mut c in rest.drain(..) {
                c.parent = None;
                out.push(c);
            }
        }
    }
    out
}

/// Imports a batch of items on behalf of the import actor. The new posts
/// are prepared together (an invalid one is `Skipped` and the others go
/// on; a slug that is taken here gets a number). The valid items are then
/// written in one transaction, their old paths recorded as redirects, and
/// the changes published. With `dry_run`, nothing is written.
pub async fn items(
    core: &Core,
    actor: &Actor,
    origin: &str,
    batch: Vec<ItemInput>,
    dry_run: bool,
) -> Result<Vec<ItemOutcome>> {
    import_only(actor)?;
    let store = core.read();
    let now = Utc::now();
    let mut outcomes: Vec<Option<ItemOutcome>> = Vec::with_capacity(batch.len());
    // Per item that goes on: its index, the write (post filled in below for
    // new ones), the responses left out, its old paths.
    let mut kept: Vec<(usize, ImportWrite, Skips, Vec<String>)> = Vec::new();
    let mut fresh: Vec<(usize, PostInput, String)> = Vec::new();
    for (index, mut item) in batch.into_iter().enumerate() {
        let mut comments = Vec::new();
        let mut skipped = Vec::new();
        for r in &item.responses {
            match response(r) {
                Ok(c) => comments.push(c),
                Err(why) => skipped.push((r.external_id.clone(), why)),
            }
        }
        let known = match store
            .import_origin(origin, origin_kind::POST, &item.external_id)
            .await?
        {
            Some(id) => store.post_by_id(PostId(id)).await?.map(|p| p.id),
            None => None,
        };
        let post = match known {
            Some(id) => ImportPost::Known(id),
            None => {
                post::normalise_status(&mut item.post, now);
                fresh.push((index, item.post, item.guid));
                // Filled in once prepared.
                ImportPost::Known(PostId(0))
            }
        };
        outcomes.push(None);
        kept.push((
            index,
            ImportWrite {
                external_id: item.external_id,
                post,
                comments: parents_first(comments),
            },
            skipped,
            item.old_paths,
        ));
    }
    let (prepared, refused) = prepare_fresh(store, actor, fresh).await?;
    let mut prepared_new = Vec::new();
    for (index, p) in prepared {
        if let Some(k) = kept.iter_mut().find(|k| k.0 == index) {
            k.1.post = ImportPost::New(Box::new(p.write.clone()));
        }
        prepared_new.push(p);
    }
    for (index, e) in refused {
        outcomes[index] = Some(ItemOutcome::Skipped(e));
        kept.retain(|k| k.0 != index);
    }
    if dry_run {
        for (index, w, skipped, _) in kept {
            let responses = w.comments.len();
            outcomes[index] = Some(match w.post {
                ImportPost::Known(post) => ItemOutcome::Known {
                    post,
                    responses: 0,
                    skipped,
                },
                ImportPost::New(_) => ItemOutcome::Imported {
                    post: None,
                    responses,
                    skipped,
                },
            });
        }
        return Ok(outcomes.into_iter().flatten().collect());
    }
    let items: Vec<ImportWrite> = kept.iter().map(|k| k.1.clone()).collect();
    let saved = core.store().save_imported(origin, &items).await?;
    let new_ids: Vec<PostId> = saved
        .iter()
        .filter(|s| s.inserted)
        .map(|s| s.post)
        .collect();
    post::after_save(core, &prepared_new, &new_ids, false).await?;
    let old_paths: Vec<(&crate::model::ImportedItem, &[String])> = saved
        .iter()
        .zip(&kept)
        .map(|(s, k)| (s, k.3.as_slice()))
        .collect();
    record_old_paths(core, &old_paths).await?;
    let mut changes = Vec::new();
    for ((index, _, skipped, _), s) in kept.into_iter().zip(&saved) {
        if s.comments > 0 {
            changes.push(Change::Comments(s.post));
        }
        outcomes[index] = Some(if s.inserted {
            ItemOutcome::Imported {
                post: Some(s.post),
                responses: s.comments,
                skipped,
            }
        } else {
            ItemOutcome::Known {
                post: s.post,
                responses: s.comments,
                skipped,
            }
        });
    }
    core.publish(&changes).await;
    Ok(outcomes.into_iter().flatten().collect())
}

/// Prepares the new posts of a batch together (one read of settings,
/// users and terms, not one per post). A post that fails is set aside
/// with its error and the rest prepared again; a slug taken here (by a
/// stored post or an earlier one of the batch) gets `-2`, `-3`…: the old
/// URL still leads to the post.
async fn prepare_fresh(
    store: &dyn crate::store::Reads,
    actor: &Actor,
    mut fresh: Vec<(usize, PostInput, String)>,
) -> Result<(Vec<(usize, Prepared)>, Vec<(usize, Error)>)> {
    let mut refused = Vec::new();
    let mut bumps: std::collections::HashMap<usize, (String, u32)> = Default::default();
    while !fresh.is_empty() {
        let inputs: Vec<PostInput> = fresh.iter().map(|f| f.1.clone()).collect();
        match post::prepare_posts(store, actor, inputs).await {
            Ok(prepared) => {
                let out = fresh
                    .into_iter()
                    .zip(prepared)
                    .map(|((index, _, guid), mut p)| {
                        p.write.guid = guid;
                        (index, p)
                    })
                    .collect();
                return Ok((out, refused));
            }
            Err(e) => {
                let Some(at) = fresh.get_mut(e.index) else {
                    return Err(e.error);
                };
                let slug = at.1.slug.clone();
                match (e.error, slug) {
                    (Error::SlugTaken(_), Some(slug)) => {
                        let (base, n) = bumps.entry(at.0).or_insert((slug, 1));
                        *n += 1;
                        if *n < 100 {
                            at.1.slug = Some(format!("{base}-{n}"));
                            continue;
                        }
                        let (index, ..) = fresh.remove(e.index);
                        refused.push((index, Error::SlugTaken(base.clone())));
                    }
                    (error, _) => {
                        let (index, ..) = fresh.remove(e.index);
                        refused.push((index, error));
                    }
                }
            }
        }
    }
    Ok((Vec::new(), refused))
}

/// Old paths become redirects to where the posts are now. Done after the
/// write because a new path may hold the new id or category; an item
/// imported before gets any that are missing (so an interruption between
/// the write and this heals on the next run).
async fn record_old_paths(
    core: &Core,
    saved: &[(&crate::model::ImportedItem, &[String])],
) -> Result<()> {
    let store = core.read();
    let settings = crate::service::settings::load(store).await?;
    let users = store.users().await?;
    let directory = Directory::new(store.terms().await?, &users);
    let ids: Vec<PostId> = saved.iter().map(|(s, _)| s.post).collect();
    let posts = store.posts_by_ids(&ids).await?;
    let mut pairs = Vec::new();
    for (s, paths) in saved {
        let Some(post) = posts.iter().find(|p| p.id == s.post) else {
            continue;
        };
        let new = directory.post_path(&settings, post);
        pairs.extend(
            paths
                .iter()
                .map(|old| (old.clone(), new.clone(), s.inserted)),
        );
    }
    record_missing(core, pairs).await.map(drop)
}

/// Records the `old → new` redirects of an import that are not recorded
/// yet (the one place for it: old paths, archives, uploads). A pair marked
/// fresh belongs to a post inserted just now, whose old paths cannot be
/// recorded already, so it is not looked up. Returns how many were added.
async fn record_missing(core: &Core, pairs: Vec<(String, String, bool)>) -> Result<usize> {
    let store = core.read();
    let mut redirects: Vec<(String, String)> = Vec::new();
    for (old, new, fresh) in pairs {
        if old == new || redirects.iter().any(|(o, _)| *o == old) {
            continue;
        }
        if fresh || store.redirect_for(&old).await?.as_deref() != Some(new.as_str()) {
            redirects.push((old, new));
        }
    }
    if !redirects.is_empty() {
        core.store().put_settings(&[], &redirects).await?;
    }
    Ok(redirects.len())
}

/// Adds responses to a post that is already here (the comments sidecar of
/// a Markdown export): the same rules as an item's responses, parents found
/// by their ids there, responses imported before left alone. Returns how
/// many were added and those left out, with the reason.
pub async fn responses(
    core: &Core,
    actor: &Actor,
    origin: &str,
    post: PostId,
    list: &[ResponseInput],
) -> Result<(usize, Skips)> {
    import_only(actor)?;
    let mut comments = Vec::new();
    let mut skipped = Vec::new();
    for r in list {
        match response(r) {
            Ok(c) => comments.push(c),
            Err(why) => skipped.push((r.external_id.clone(), why)),
        }
    }
    let write = ImportWrite {
        external_id: String::new(),
        post: ImportPost::Known(post),
        comments: parents_first(comments),
    };
    let saved = core.store().save_imported(origin, &[write]).await?;
    let added = saved.first().map_or(0, |s| s.comments);
    if added > 0 {
        core.publish(&[Change::Comments(post)]).await;
    }
    Ok((added, skipped))
}

/// Stores a file an import brings (a WordPress attachment) as an upload of
/// `by`, and remembers which item of the other engine it was, so a second
/// run finds it.
#[allow(clippy::too_many_arguments)]
pub async fn attachment(
    core: &Core,
    actor: &Actor,
    files: &dyn crate::service::media::MediaFiles,
    origin: &str,
    external_id: &str,
    name: &str,
    claimed_type: Option<&str>,
    bytes: Vec<u8>,
    by: crate::model::UserId,
) -> Result<crate::model::Media> {
    import_only(actor)?;
    let media =
        crate::service::media::import(core, actor, files, name, claimed_type, bytes, by).await?;
    core.store()
        .record_origin(origin, origin_kind::MEDIA, external_id, media.id.0)
        .await?;
    Ok(media)
}

/// Records redirects an import knows of (old upload addresses and the
/// like), leaving out those already recorded. Returns how many were added.
pub async fn redirects(core: &Core, actor: &Actor, pairs: &[(String, String)]) -> Result<usize> {
    import_only(actor)?;
    let pairs = pairs
        .iter()
        .map(|(old, to)| (old.clone(), to.clone(), false))
        .collect();
    record_missing(core, pairs).await
}

/// An archive of the other engine: a category (its path of names), a tag
/// (its name) or an author (login there).
#[derive(Debug, Clone, PartialEq)]
pub enum ArchiveTarget {
    /// A category by its names from the top (`["Social Media", "Strategie"]`).
    Category(Vec<String>),
    /// A tag by name.
    Tag(String),
    /// An author by login there (made a login here by [`login_of`]).
    Author(String),
}

/// Addresses an archive had there (`/category/news/`, `/?cat=3`).
#[derive(Debug, Clone, PartialEq)]
pub struct ArchiveInput {
    /// Its old paths and query forms.
    pub old_paths: Vec<String>,
    /// What it is.
    pub target: ArchiveTarget,
}

/// Records redirects from the archives' old addresses to their archives
/// here; archives that do not exist here (no imported post uses the term)
/// are left out. Returns how many redirects were added.
pub async fn archives(core: &Core, actor: &Actor, list: &[ArchiveInput]) -> Result<usize> {
    import_only(actor)?;
    let store = core.read();
    let users = store.users().await?;
    let directory = Directory::new(store.terms().await?, &users);
    let mut pairs = Vec::new();
    for a in list {
        let new = match &a.target {
            ArchiveTarget::Category(names) => {
                let slugs: Vec<String> =
                    names.iter().map(|n| beitrag_markdown::slugify(n)).collect();
                let leaf = slugs.last().cloned().unwrap_or_default();
                // A category merged into another of the same name is found by its slug.
                directory
                    .category_by_path(&slugs.join("/"))
                    .or_else(|| {
                        directory.terms().iter().find(|t| {
                            t.taxonomy == crate::model::Taxonomy::Category && t.slug == leaf
                        })
                    })
                    .map(|t| directory.term_path(t))
            }
            ArchiveTarget::Tag(name) => directory
                .tag(&beitrag_markdown::slugify(name))
                .map(|t| directory.term_path(t)),
            ArchiveTarget::Author(login) => {
                let login = login_of(login);
                users
                    .iter()
                    .any(|u| u.login == login)
                    .then(|| crate::service::links::author_path(&login))
            }
        };
        let Some(new) = new else { continue };
        pairs.extend(
            a.old_paths
                .iter()
                .map(|old| (old.clone(), new.clone(), false)),
        );
    }
    record_missing(core, pairs).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn makes_a_login_when_wordpress_allowed_more() {
        assert_eq!(login_of("Jane Doe"), "jane-doe");
        assert_eq!(login_of("jane@example.com"), "jane-example.com");
        assert_eq!(login_of("  admin "), "admin");
    }

    fn c(id: &str, parent: Option<&str>) -> ImportComment {
        ImportComment {
            external_id: id.into(),
            parent: parent.map(str::to_owned),
            comment: NewComment {
                post_id: PostId(0),
                parent: None,
                kind: CommentKind::Comment,
                status: CommentStatus::Approved,
                author_name: String::new(),
                author_email: String::new(),
                author_url: String::new(),
                html: String::new(),
                source_url: String::new(),
                source_title: String::new(),
                author_ip: String::new(),
                notify: false,
                created_at: DateTime::UNIX_EPOCH,
            },
        }
    }

    #[test]
    fn orders_parents_before_replies_when_listed_after() {
        let order: Vec<String> =
            parents_first(vec![c("3", Some("2")), c("2", Some("1")), c("1", None)])
                .into_iter()
                .map(|c| c.external_id)
                .collect();
        assert_eq!(order, ["1", "2", "3"]);
    }

    #[test]
    fn breaks_a_cycle_when_parents_refer_to_each_other() {
        let out = parents_first(vec![
            c("1", Some("2")),
            c("2", Some("1")),
            c("9", Some("404")),
        ]);
        assert_eq!(out.len(), 3);
        assert!(
            out.iter()
                .any(|c| c.external_id == "9" && c.parent.as_deref() == Some("404"))
        );
        assert!(out.iter().filter(|c| c.parent.is_none()).count() == 2);
    }
}
