//! Reading and changing site settings; a new permalink pattern records a
//! redirect for every public post whose URL changes.

use chrono::Utc;

use crate::model::PostKind;
use crate::service::links::Directory;
use crate::{Error, Result, Settings, Store};

/// Current settings from the store.
pub async fn load(store: &dyn Store) -> Result<Settings> {
    let pairs = store.settings().await?;
    Settings::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
}

/// Validates and stores one setting.
pub async fn set(store: &dyn Store, key: &str, value: &str) -> Result<Settings> {
    let old = load(store).await?;
    let mut new = old.clone();
    new.set(key, value)?;
    let mut redirects = Vec::new();
    if key == "permalink" && old.permalink.as_str() != new.permalink.as_str() {
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
    let value = new
        .get(key)
        .ok_or_else(|| Error::invalid(key, "unknown setting"))?;
    store
        .put_settings(&[(key.to_owned(), value)], &redirects)
        .await?;
    Ok(new)
}

/// Stores settings for a new site, keeping any that already exist.
pub async fn initialise(store: &dyn Store, initial: &Settings) -> Result<Settings> {
    let stored = store.settings().await?;
    let missing: Vec<(String, String)> = initial
        .to_pairs()
        .into_iter()
        .filter(|(k, _)| !stored.iter().any(|(sk, _)| sk == k))
        .collect();
    if !missing.is_empty() {
        store.put_settings(&missing, &[]).await?;
    }
    load(store).await
}
