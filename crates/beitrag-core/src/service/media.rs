//! The rules of the media library — who may upload and delete, how names
//! stay unique — and what posts need to know about uploads: images
//! inserted into a post get `srcset`, `width` and `height` from their
//! stored variants when the post is saved, so pages stay static HTML.
//! Preparing and storing the bytes is `beitrag-media`'s work.

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
    Err(Error::invalid(
        "name",
        "too many uploads of this name this month",
    ))
}

/// Records an upload whose objects are stored (its `id` is ignored).
pub async fn record(core: &Core, actor: &Actor, media: &Media) -> Result<Media> {
    check_upload(actor)?;
    let stored = core.store().add_media(media).await?;
    core.publish(&[Change::Media]).await;
    Ok(stored)
}

/// Forgets an upload — its own uploader, or an editor — and returns it, so
/// the caller deletes its objects.
pub async fn remove(core: &Core, actor: &Actor, id: MediaId) -> Result<Media> {
    check_upload(actor)?;
    let media = core.store().media_by_id(id).await?.ok_or(Error::NotFound)?;
    if actor.user_id() != Some(media.uploaded_by) {
        actor.require(Capability::EditOthersPosts)?;
    }
    core.store().delete_media(id).await?;
    core.publish(&[Change::Media]).await;
    Ok(media)
}
