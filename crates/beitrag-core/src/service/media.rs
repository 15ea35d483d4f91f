//! The rules of the media library — who may upload and delete, how names
//! stay unique — and what posts need to know about uploads: images
//! inserted into a post get `srcset`, `width` and `height` from their
//! stored variants when the post is saved, so pages stay static HTML.
//! Every image carries an alt text (`media.alt`) that the Markdown it is
//! inserted with uses; the admin asks for it, the API may send it.
//! Preparing and storing the bytes is `beitrag-media`'s work.

use crate::message::texts;
use std::sync::LazyLock;

use regex::Regex;

use crate::actor::Actor;
use crate::change::Change;
use crate::model::{Media, MediaId};
use crate::service::access::Capability;
use crate::store::Reads;
use crate::{Core, Error, Result};

/// Where uploads are served.
pub const URL_PREFIX: &str = "/media/";

/// `<img src="…/media/PATH"` as our Markdown renderer writes it.
static IMG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"<img src="((?:https?://[^"/]+)?/media/([a-z0-9._/-]+))""#)
        .unwrap_or_else(|e| unreachable!("the pattern is valid: {e}"))
});

/// Adds `srcset`, `sizes`, `width` and `height` to images of our own
/// uploads. Unknown paths are left alone.
pub async fn add_srcset(store: &dyn Reads, html: String) -> Result<String> {
    let paths: Vec<String> = IMG
        .captures_iter(&html)
        .filter_map(|c| c.get(2).map(|m| m.as_str().to_owned()))
        .collect();
    if paths.is_empty() {
        return Ok(html);
    }
    let known = store.media_by_paths(&paths).await?;
    if known.is_empty() {
        return Ok(html);
    }
    Ok(IMG
        .replace_all(&html, |c: &regex::Captures<'_>| {
            let whole = &c[0];
            let Some(m) = known.iter().find(|m| m.path == c[2]) else {
                return whole.to_owned();
            };
            let (Some(w), Some(h)) = (m.width, m.height) else {
                return whole.to_owned();
            };
            if m.variants.is_empty() {
                return format!("{whole} width=\"{w}\" height=\"{h}\"");
            }
            let mut set: Vec<String> = m
                .variants
                .iter()
                .map(|v| format!("{URL_PREFIX}{} {}w", v.path, v.width))
                .collect();
            set.push(format!("{} {w}w", &c[1]));
            format!(
                "{whole} srcset=\"{}\" sizes=\"(max-width: 800px) 100vw, 800px\" width=\"{w}\" height=\"{h}\"",
                set.join(", ")
            )
        })
        .into_owned())
}

/// An upload checked and made ready to store (type sniffed, limits kept,
/// variants rendered), not stored yet.
pub struct PreparedUpload {
    /// The file name without extension, made safe.
    pub stem: String,
    /// The extension of the type found in the bytes.
    pub ext: String,
    /// Whether the bytes are an image (which needs an alt text).
    pub image: bool,
    /// What the storage needs to store it (its bytes and variants).
    pub payload: Box<dyn std::any::Any + Send + Sync>,
}

impl std::fmt::Debug for PreparedUpload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PreparedUpload")
            .field("stem", &self.stem)
            .field("ext", &self.ext)
            .field("image", &self.image)
            .finish_non_exhaustive()
    }
}

/// The objects of a stored upload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredUpload {
    /// Path of the original.
    pub path: String,
    /// Its type.
    pub mime: String,
    /// Its size in bytes.
    pub size: u64,
    /// Pixel size of images.
    pub width: Option<u32>,
    /// Pixel size of images.
    pub height: Option<u32>,
    /// Smaller copies.
    pub variants: Vec<crate::model::MediaVariant>,
}

/// Where the bytes of uploads live (a local directory or an object store;
/// `beitrag-web` implements it over `beitrag-media`). The rules around it
/// — who may upload or delete, unique names, the `media` row, cleaning up
/// after a failure — are this module's.
#[async_trait::async_trait]
pub trait MediaFiles: Send + Sync {
    /// Checks and prepares an upload; nothing is stored.
    async fn prepare(
        &self,
        name: &str,
        claimed_type: Option<&str>,
        bytes: Vec<u8>,
    ) -> Result<PreparedUpload>;
    /// Stores a prepared upload as `prefix/name` (never overwriting).
    async fn store(
        &self,
        prefix: &str,
        name: &str,
        upload: &PreparedUpload,
    ) -> Result<StoredUpload>;
    /// Deletes objects; missing ones are no error.
    async fn delete(&self, paths: Vec<String>) -> Result<()>;
    /// Checks a picture and stores the site icon's files made from it under
    /// `prefix` (never overwriting).
    async fn store_icon(&self, prefix: &str, bytes: Vec<u8>) -> Result<()>;
    /// Deletes the site icon's files under `prefix`; missing ones are no error.
    async fn delete_icon(&self, prefix: &str) -> Result<()>;
}

/// The longest alt text: a description, not an essay (WordPress has no
/// limit; screen readers read it in one breath).
pub const MAX_ALT: usize = 500;

/// The field's name in forms, the API and errors.
pub const ALT_FIELD: &str = "alt";

/// The alt text an upload comes with, and whether an image needs one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alt<'a> {
    /// An image must be described (the admin's upload form and editor).
    Required(&'a str),
    /// May be empty (the JSON API, Micropub, XML-RPC: clients that have no
    /// field for it keep working).
    Optional(&'a str),
}

/// A trimmed alt text, checked: at most [`MAX_ALT`] characters, no
/// control characters (it ends up in an attribute and in Markdown).
pub fn clean_alt(alt: &str) -> Result<String> {
    let alt = alt.trim();
    if alt.chars().any(char::is_control) {
        return Err(Error::invalid(ALT_FIELD, texts::ALT_CONTROL));
    }
    if alt.chars().count() > MAX_ALT {
        return Err(Error::invalid(
            ALT_FIELD,
            texts::ALT_TOO_LONG.with("max", MAX_ALT),
        ));
    }
    Ok(alt.to_owned())
}

/// Checks an upload's alt text once it is known whether it is an image:
/// only images need one, documents keep theirs empty.
fn alt_for(alt: Alt<'_>, image: bool) -> Result<String> {
    let (text, required) = match alt {
        Alt::Required(t) => (t, true),
        Alt::Optional(t) => (t, false),
    };
    let text = clean_alt(text)?;
    if required && image && text.is_empty() {
        return Err(Error::invalid(ALT_FIELD, texts::ALT_MISSING));
    }
    Ok(if image { text } else { String::new() })
}

/// Checks, prepares and stores an upload by `actor`: the objects first, then
/// the row; when the row cannot be written the objects are removed again,
/// so nothing is kept of a failed upload.
pub async fn upload(
    core: &Core,
    actor: &Actor,
    files: &dyn MediaFiles,
    name: &str,
    claimed_type: Option<&str>,
    bytes: Vec<u8>,
    alt: Alt<'_>,
) -> Result<Media> {
    check_upload(actor)?;
    let Some(by) = actor.user_id() else {
        return Err(Error::Forbidden(texts::UPLOADS_BY_USERS.into()));
    };
    // A refused alt text is told before the bytes are even looked at.
    clean_alt(match alt {
        Alt::Required(t) | Alt::Optional(t) => t,
    })?;
    store_upload(core, actor, files, name, claimed_type, bytes, by, alt).await
}

/// An upload an import brings (a WordPress attachment), filed under the
/// account it belonged to there: the same checks, names and storage as
/// [`upload`]; only the import actor may name someone else as uploader.
pub async fn import(
    core: &Core,
    actor: &Actor,
    files: &dyn MediaFiles,
    name: &str,
    claimed_type: Option<&str>,
    bytes: Vec<u8>,
    by: crate::model::UserId,
) -> Result<Media> {
    if *actor != Actor::Import {
        return Err(Error::Forbidden(texts::IMPORT_ONLY.into()));
    }
    store_upload(
        core,
        actor,
        files,
        name,
        claimed_type,
        bytes,
        by,
        Alt::Optional(""),
    )
    .await
}

#[allow(clippy::too_many_arguments)]
async fn store_upload(
    core: &Core,
    actor: &Actor,
    files: &dyn MediaFiles,
    name: &str,
    claimed_type: Option<&str>,
    bytes: Vec<u8>,
    by: crate::model::UserId,
    alt: Alt<'_>,
) -> Result<Media> {
    let prepared = files.prepare(name, claimed_type, bytes).await?;
    let alt = alt_for(alt, prepared.image)?;
    let now = chrono::Utc::now();
    let prefix = now.format("%Y/%m").to_string();
    let file = unique_name(core.read(), &prefix, &prepared.stem, &prepared.ext).await?;
    let stored = files.store(&prefix, &file, &prepared).await?;
    let media = Media {
        id: MediaId(0),
        path: stored.path.clone(),
        name: name.chars().take(200).collect(),
        alt,
        mime: stored.mime.clone(),
        size: stored.size,
        width: stored.width,
        height: stored.height,
        variants: stored.variants.clone(),
        uploaded_by: by,
        created_at: now,
    };
    match record(core, actor, &media).await {
        Ok(m) => Ok(m),
        Err(e) => {
            let mut paths = vec![stored.path];
            paths.extend(stored.variants.into_iter().map(|v| v.path));
            if let Err(cleanup) = files.delete(paths).await {
                tracing::warn!(error = %cleanup, "cannot remove objects of a failed upload");
            }
            Err(e)
        }
    }
}

/// Changes the alt text of an upload — its own uploader, or an editor,
/// as for deleting it. The pages of posts that show it as their featured
/// image are rendered again.
pub async fn set_alt(core: &Core, actor: &Actor, id: MediaId, alt: &str) -> Result<Media> {
    let media = core.read().media_by_id(id).await?.ok_or(Error::NotFound)?;
    if !may_remove(actor, &media) {
        check_upload(actor)?;
        actor.require(Capability::EditOthersPosts)?;
    }
    let alt = clean_alt(alt)?;
    if media.is_image() && alt.is_empty() {
        return Err(Error::invalid(ALT_FIELD, texts::ALT_MISSING));
    }
    let posts = core.store().set_media_alt(id, &alt).await?;
    let mut changes = vec![Change::Media];
    changes.extend(posts.into_iter().map(Change::Post));
    core.publish(&changes).await;
    Ok(Media { alt, ..media })
}

/// Deletes an upload — its own uploader, or an editor — row first, then
/// its objects (a failure there only leaves unreachable orphans, logged).
pub async fn delete(core: &Core, actor: &Actor, files: &dyn MediaFiles, id: MediaId) -> Result<()> {
    let media = remove(core, actor, id).await?;
    let mut paths = vec![media.path.clone()];
    paths.extend(media.variants.iter().map(|v| v.path.clone()));
    if let Err(e) = files.delete(paths).await {
        tracing::warn!(error = %e, media = id.0, "cannot delete media objects");
    }
    Ok(())
}

/// `Forbidden` unless the actor may upload.
pub fn check_upload(actor: &Actor) -> Result<()> {
    actor.require(Capability::UploadMedia)
}

/// A name for a new upload under `prefix` (`2026/12`) that no stored
/// object has: objects are never overwritten, so a second `foto.jpg` this
/// month becomes `foto-2.jpg`.
pub async fn unique_name(store: &dyn Reads, prefix: &str, stem: &str, ext: &str) -> Result<String> {
    let mut name = format!("{stem}.{ext}");
    for n in 2..100 {
        if store
            .media_by_paths(&[format!("{prefix}/{name}")])
            .await?
            .is_empty()
        {
            return Ok(name);
        }
        name = format!("{stem}-{n}.{ext}");
    }
    Err(Error::invalid("name", texts::NAME_UPLOADS))
}

/// Records an upload whose objects are stored (its `id` is ignored).
pub async fn record(core: &Core, actor: &Actor, media: &Media) -> Result<Media> {
    check_upload(actor)?;
    let stored = core.store().add_media(media).await?;
    core.publish(&[Change::Media]).await;
    Ok(stored)
}

/// Whether `actor` may delete `media`: its own uploader (who may upload),
/// or whoever may edit others' posts.
pub fn may_remove(actor: &Actor, media: &Media) -> bool {
    (actor.can(Capability::UploadMedia) && actor.user_id() == Some(media.uploaded_by))
        || actor.can(Capability::EditOthersPosts)
}

/// Forgets an upload — its own uploader, or an editor — and returns it, so
/// the caller deletes its objects.
pub async fn remove(core: &Core, actor: &Actor, id: MediaId) -> Result<Media> {
    let media = core.store().media_by_id(id).await?.ok_or(Error::NotFound)?;
    if !may_remove(actor, &media) {
        check_upload(actor)?;
        actor.require(Capability::EditOthersPosts)?;
    }
    let posts = core.store().delete_media(id).await?;
    let mut changes = vec![Change::Media];
    changes.extend(posts.into_iter().map(Change::Post));
    core.publish(&changes).await;
    Ok(media)
}
