//! The site icon: who may change it, and the order of its writes. The
//! files (a multi-size `favicon.ico` and square PNGs) are made and stored
//! by the [`MediaFiles`] implementation; the setting `site_icon` names
//! where they are, so every instance in front of a shared object store
//! serves the same icon.

use chrono::Utc;

use crate::actor::Actor;
use crate::service::access::Capability;
use crate::service::media::MediaFiles;
use crate::service::settings;
use crate::{Core, Result, Settings};

/// Key prefix under which every icon's files are kept.
pub const PREFIX: &str = "site-icon";

/// Makes a new site icon from `bytes`: its files first, under a fresh
/// prefix, then the setting; a failed setting removes the new files, and
/// the old icon's files go only once the new one is in place.
pub async fn set(
    core: &Core,
    actor: &Actor,
    files: &dyn MediaFiles,
    bytes: Vec<u8>,
) -> Result<Settings> {
    actor.require(Capability::ManageSettings)?;
    let old = settings::load(core.read()).await?.site_icon;
    // Milliseconds make a prefix no earlier icon used: objects are never
    // overwritten, and the new URLs pass every browser cache.
    let mut prefix = format!("{PREFIX}/{}", Utc::now().timestamp_millis());
    if prefix == old {
        prefix.push('1');
    }
    files.store_icon(&prefix, bytes).await?;
    match settings::apply(core, &[("site_icon".to_owned(), prefix.clone())]).await {
        Ok(new) => {
            forget(files, &old).await;
            Ok(new)
        }
        Err(e) => {
            forget(files, &prefix).await;
            Err(e)
        }
    }
}

/// Goes back to the built-in icon.
pub async fn remove(core: &Core, actor: &Actor, files: &dyn MediaFiles) -> Result<Settings> {
    actor.require(Capability::ManageSettings)?;
    let old = settings::load(core.read()).await?.site_icon;
    let new = settings::apply(core, &[("site_icon".to_owned(), String::new())]).await?;
    forget(files, &old).await;
    Ok(new)
}

/// Deletes an icon's files; a failure only leaves unreachable objects.
async fn forget(files: &dyn MediaFiles, prefix: &str) {
    if prefix.is_empty() {
        return;
    }
    if let Err(e) = files.delete_icon(prefix).await {
        tracing::warn!(error = %e, prefix, "cannot delete the old site icon's files");
    }
}
