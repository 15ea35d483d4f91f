//! A reply whose parent is not here yet (a reply to a reply that never
//! reached us) is not dropped: its parent is fetched from its origin, and
//! that one's parent, up to [`MAX_DEPTH`] notes, until one answers a post
//! or a comment stored here; the fetched notes are stored first, top down,
//! so the thread is whole.

use beitrag_core::Error;
use beitrag_core::model::KnownActor;
use beitrag_core::service::fediverse::documents::Site;
use beitrag_core::service::fediverse::inbox::{self, Effect, ReplyTarget, same_origin};
use beitrag_federation::read::{Document, Object};

use super::keys;
use crate::state::AppState;

/// Notes fetched up one chain at most.
const MAX_DEPTH: usize = 5;

/// The target of a reply whose parent is `in_reply_to`, fetching (and
/// storing) the missing notes between; `None` when the chain does not
/// reach anything here.
pub(super) async fn fetch_up(
    state: &AppState,
    site: &Site,
    in_reply_to: &str,
) -> Result<Option<ReplyTarget>, Error> {
    let mut chain: Vec<(Object, KnownActor)> = Vec::new();
    let mut next = in_reply_to.to_owned();
    let mut target = loop {
        if chain.len() >= MAX_DEPTH {
            return Ok(None);
        }
        let Some((note, author)) = fetch_note(state, &next).await else {
            return Ok(None);
        };
        let parent = note.in_reply_to.clone();
        chain.push((note, author));
        let Some(parent) = parent else {
            // A thread that starts elsewhere and never reaches us.
            return Ok(None);
        };
        if let Some(t) = super::inbox::reply_target(state, &parent).await? {
            break t;
        }
        next = parent;
    };
    for (note, author) in chain.iter().rev() {
        if inbox::is_blocked(&site.settings, author) {
            return Ok(None);
        }
        let id = match inbox::reply(state.core(), site, author, target, note, None).await {
            Ok(Effect::Replied(a)) => a.id,
            Err(Error::Duplicate) => match note.id.as_deref() {
                Some(n) => match state.read().fediverse_comment(n).await? {
                    Some(c) => c.id,
                    None => return Ok(None),
                },
                None => return Ok(None),
            },
            Ok(_) => return Ok(None),
            Err(e) => return Err(e),
        };
        target = ReplyTarget {
            post: target.post,
            parent: Some(id),
        };
    }
    Ok(Some(target))
}

/// A note from its origin, with its author (who must be on the same server).
async fn fetch_note(state: &AppState, url: &str) -> Option<(Object, KnownActor)> {
    let Ok(Document::Object(note)) = keys::fetch(state, url).await else {
        return None;
    };
    let id = note.id.as_deref()?;
    let by = note.attributed_to.as_deref()?;
    if !same_origin(id, url) || !same_origin(by, url) {
        return None;
    }
    let author = match state.read().known_actor(by).await.ok().flatten() {
        Some(a) => a,
        None => {
            let a = keys::fetch_actor(state, by).await.ok()?;
            beitrag_core::service::fediverse::remember(state.core(), &a)
                .await
                .ok()?;
            a
        }
    };
    Some((note, author))
}
