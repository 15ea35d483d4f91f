//! Who signed a request: the key named by `keyId`, from what we stored of
//! its actor or fetched fresh (through the SSRF-safe client) when we have
//! none or the stored key no longer verifies (the actor rotated it).

use axum::http::{HeaderMap, HeaderValue, header};
use beitrag_core::model::KnownActor;
use beitrag_core::service::fediverse;
use beitrag_federation::cavage::{self, Signature};
use beitrag_federation::read::{self, Document, RemoteActor};
use chrono::{Duration, Utc};

use crate::state::AppState;

/// A stored actor older than this is fetched again before it is trusted.
const STALE_AFTER: Duration = Duration::days(2);

/// Why a signer could not be established; the text is safe to show.
#[derive(Debug)]
pub(super) struct Unverified(pub(super) String);

/// The actor whose key made `sig` over `signing_string`.
pub(super) async fn signer(
    state: &AppState,
    sig: &Signature,
    signing_string: &str,
) -> Result<KnownActor, Unverified> {
    let stored = state
        .read()
        .known_actor_by_key(&sig.key_id)
        .await
        .map_err(|_| Unverified("the key could not be looked up".into()))?;
    if let Some(a) = &stored
        && Utc::now() - a.fetched_at < STALE_AFTER
        && cavage::verify(sig, signing_string, &a.public_pem)
    {
        return Ok(a.clone());
    }
    let fresh = fetch_key_owner(state, &sig.key_id).await?;
    if !cavage::verify(sig, signing_string, &fresh.public_pem) {
        return Err(Unverified("the signature does not verify".into()));
    }
    fediverse::remember(state.core(), &fresh)
        .await
        .map_err(|_| Unverified("the key could not be stored".into()))?;
    Ok(fresh)
}

/// Fetches an actor by its id (the author of a fetched note).
pub(super) async fn fetch_actor(state: &AppState, id: &str) -> Result<KnownActor, Unverified> {
    let Document::Actor(actor) = fetch(state, id).await? else {
        return Err(Unverified("not an actor".into()));
    };
    if actor.id != id {
        return Err(Unverified("the actor has another id".into()));
    }
    let (key_id, pem) = actor
        .public_key
        .clone()
        .map(|k| (k.id, k.pem))
        .unwrap_or_default();
    Ok(known(actor, key_id, pem))
}

/// Fetches the actor a key id belongs to (the key id is usually the
/// actor's id with a fragment; some servers serve the key on its own).
pub(super) async fn fetch_key_owner(
    state: &AppState,
    key_id: &str,
) -> Result<KnownActor, Unverified> {
    let url = key_id.split('#').next().unwrap_or(key_id);
    let doc = fetch(state, url).await?;
    let Document::Actor(actor) = doc else {
        return Err(Unverified("the key's document is not an actor".into()));
    };
    let Some(key) = actor.public_key.clone() else {
        return Err(Unverified("the actor publishes no key".into()));
    };
    if key.id != key_id || key.owner.as_deref().is_some_and(|o| o != actor.id) {
        return Err(Unverified("the actor does not own this key".into()));
    }
    if !fediverse::inbox::same_origin(&actor.id, key_id) {
        return Err(Unverified("the key is not on the actor's server".into()));
    }
    Ok(known(actor, key.id, key.pem))
}

/// Fetches an ActivityStreams document.
pub(super) async fn fetch(state: &AppState, url: &str) -> Result<Document, Unverified> {
    let mut headers = HeaderMap::new();
    headers.insert(
        header::ACCEPT,
        HeaderValue::from_static("application/activity+json, application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\""),
    );
    let fetched = state
        .outbound()
        .get_with(url, &headers)
        .await
        .map_err(|e| {
            tracing::info!(url, error = %e, "fediverse fetch failed");
            Unverified(format!(
                "the key's actor could not be fetched: {}",
                e.public_message()
            ))
        })?;
    if fetched.status != 200 {
        return Err(Unverified(format!(
            "the key's actor answered {}",
            fetched.status
        )));
    }
    read::parse(&fetched.body).map_err(|e| Unverified(format!("the key's actor: {e}")))
}

fn known(actor: RemoteActor, key_id: String, pem: String) -> KnownActor {
    let host = beitrag_federation::discovery::authority(&actor.id).unwrap_or_default();
    let handle = actor
        .preferred_username
        .as_deref()
        .map(|u| format!("@{u}@{host}"))
        .unwrap_or_default();
    KnownActor {
        key_id,
        public_pem: pem,
        inbox: actor.inbox.unwrap_or_default(),
        shared_inbox: actor.shared_inbox.unwrap_or_default(),
        handle,
        name: actor.name.unwrap_or_default(),
        url: actor.url.unwrap_or_default(),
        icon: actor.icon.unwrap_or_default(),
        fetched_at: Utc::now(),
        id: actor.id,
    }
}
