//! Reading and changing site settings; a new permalink pattern records a
//! redirect for every public post whose URL changes.

use crate::message::texts;
use chrono::Utc;

use crate::actor::Actor;
use crate::change::Change;
use crate::model::PostKind;
use crate::service::access::Capability;
use crate::service::links::Directory;
use crate::settings::Kind;
use crate::store::Reads;
use crate::{Core, Error, Result, Settings};

/// Current settings from the store.
pub async fn load(store: &dyn Reads) -> Result<Settings> {
    let pairs = store.settings().await?;
    Settings::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
}

/// Validates and stores one setting.
pub async fn set(core: &Core, actor: &Actor, key: &str, value: &str) -> Result<Settings> {
    set_many(core, actor, &[(key.to_owned(), value.to_owned())]).await
}

/// Validates every pair, then stores them all in one transaction together
/// with the redirects a new permalink pattern needs: one invalid value (the
/// error names its key) and nothing is stored. A new permalink pattern
/// records a redirect for every public post whose URL changes.
pub async fn set_many(core: &Core, actor: &Actor, pairs: &[(String, String)]) -> Result<Settings> {
    actor.require(Capability::ManageSettings)?;
    if let Some((key, _)) = pairs
        .iter()
        .find(|(k, _)| crate::settings::key(k).is_some_and(|k| k.kind == Kind::Icon))
    {
        return Err(Error::invalid(key, texts::SITE_ICON_UPLOAD));
    }
    apply(core, pairs).await
}

/// Stores validated pairs; the permission is the caller's to check.
pub(crate) async fn apply(core: &Core, pairs: &[(String, String)]) -> Result<Settings> {
    let store = core.store();
    let old = load(core.read()).await?;
    let mut new = old.clone();
    for (key, value) in pairs {
        // PostgreSQL refuses NUL in text; lists may span lines.
        if value
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        {
            return Err(Error::invalid(key, texts::CONTROL_CHARS));
        }
        new.set(key, value)?;
    }
    let mut redirects = Vec::new();
    if old.permalink.as_str() != new.permalink.as_str() {
        let users = store.users().await?;
        let directory = Directory::new(store.terms().await?, &users);
        let now = Utc::now();
        for p in store.all_posts().await? {
            if p.post.kind == PostKind::Post && p.post.is_public_at(now) {
                let from = directory.post_path(&old, &p.post);
                let to = directory.post_path(&new, &p.post);
                if from != to {
                    redirects.push((from, to));
                }
            }
        }
    }
    let stored = pairs
        .iter()
        .map(|(key, _)| {
            new.get(key)
                .map(|value| (key.clone(), value))
                .ok_or_else(|| Error::invalid(key, texts::UNKNOWN_SETTING))
        })
        .collect::<Result<Vec<_>>>()?;
    store.put_settings(&stored, &redirects).await?;
    core.publish(&[Change::Site]).await;
    if old.language != new.language {
        // The index's words are stems of the old language.
        crate::service::search::queue_rebuild(core).await?;
    }
    Ok(new)
}

/// Stores settings for a new site, keeping any that already exist.
pub async fn initialise(core: &Core, initial: &Settings) -> Result<Settings> {
    let store = core.store();
    let stored = store.settings().await?;
    let missing: Vec<(String, String)> = initial
        .to_pairs()
        .into_iter()
        .filter(|(k, _)| !stored.iter().any(|(sk, _)| sk == k))
        .collect();
    if !missing.is_empty() {
        store.put_settings(&missing, &[]).await?;
        core.publish(&[Change::Site]).await;
    }
    load(core.read()).await
}
