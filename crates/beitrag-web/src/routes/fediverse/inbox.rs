//! `POST /ap/inbox` and `/ap/blog/inbox`: verify who signed it, then let
//! the core services do what the activity says. An unsigned or badly
//! signed request gets 401 and stores nothing.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::Response;
use beitrag_core::Error;
use beitrag_core::model::{CommentId, KnownActor, PostId, ReactionKind};
use beitrag_core::service::fediverse::documents;
use beitrag_core::service::fediverse::inbox::{self, Effect, ReplyTarget};
use beitrag_federation::cavage::{self, Rules};
use beitrag_federation::read::{self, Activity, Document};
use chrono::Utc;

use super::keys::{self, Unverified};
use super::refuse;
use crate::error::WebError;
use crate::routes::content;
use crate::state::AppState;

/// Receives one activity.
pub(super) async fn receive(
    State(state): State<AppState>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, WebError> {
    let sig = match cavage::read(&headers) {
        Ok(s) => s,
        // An RFC 9421 signature (Signature-Input) is not read yet: the 401
        // makes Fedify knock again with draft-cavage.
        Err(e) => return Ok(refuse(StatusCode::UNAUTHORIZED, &e.to_string())),
    };
    let target = uri.path_and_query().map_or(uri.path(), |p| p.as_str());
    let signing_string = match cavage::prepare(
        &sig,
        "POST",
        target,
        &headers,
        Some(&body),
        Utc::now(),
        Rules::default(),
    ) {
        Ok(s) => s,
        Err(e) => return Ok(refuse(StatusCode::UNAUTHORIZED, &e.to_string())),
    };
    // Read the body before any fetch: garbage costs us nothing.
    let value: serde_json::Value = match serde_json::from_slice(&body) {
        Ok(v) => v,
        Err(e) => return Ok(refuse(StatusCode::BAD_REQUEST, &format!("not JSON: {e}"))),
    };
    let activity = match read::classify(&value) {
        Ok(Document::Activity(a)) => a,
        _ => return Ok(refuse(StatusCode::BAD_REQUEST, "not an activity")),
    };
    let signer = match keys::signer(&state, &sig, &signing_string).await {
        Ok(s) => s,
        Err(Unverified(why)) => return Ok(refuse(StatusCode::UNAUTHORIZED, &why)),
    };
    if activity.actor.as_deref() != Some(signer.id.as_str()) {
        return Ok(refuse(
            StatusCode::UNAUTHORIZED,
            "the activity's actor is not the one who signed it",
        ));
    }
    let effect = act(&state, &signer, &activity, &value).await;
    Ok(answer(&activity, &signer, effect))
}

async fn act(
    state: &AppState,
    signer: &KnownActor,
    activity: &Activity,
    value: &serde_json::Value,
) -> Result<Effect, Error> {
    let core = state.core();
    let snap = state
        .site()
        .await
        .map_err(|e| Error::Internal(e.to_string()))?;
    let site = documents::Site::new(&snap.settings, &snap.directory);
    inbox::admit(core, &site, signer).await?;
    let object = activity.object.as_ref();
    match activity.kind.as_str() {
        "Follow" => inbox::follow(core, &site, signer, value).await,
        "Undo" => {
            let undone = object.and_then(|o| read::id_of(o.get("object")));
            let post = match undone {
                Some(url) => our_post(state, &url).await?,
                None => None,
            };
            inbox::undo(core, signer, object, post).await
        }
        "Like" | "Announce" => {
            let kind = if activity.kind == "Like" {
                ReactionKind::Like
            } else {
                ReactionKind::Announce
            };
            let Some(url) = read::id_of(object) else {
                return Err(Error::invalid(
                    "object",
                    beitrag_core::message::texts::NAMES_NOTHING,
                ));
            };
            let Some(post) = our_post(state, &url).await? else {
                return Ok(Effect::Ignored("a reaction to something not here"));
            };
            let id = activity.id.clone().unwrap_or_default();
            inbox::react(core, signer, post, kind, &id).await
        }
        "Create" => {
            let Some(note) = inbox::signers_note(signer, object)? else {
                return Ok(Effect::Ignored("a create without an embedded object"));
            };
            let Some(parent) = note.in_reply_to.as_deref() else {
                return Ok(Effect::Ignored("a post that answers nothing here"));
            };
            let target = match reply_target(state, parent).await? {
                Some(t) => Some(t),
                None => super::chain::fetch_up(state, &site, parent).await?,
            };
            let Some(target) = target else {
                return Ok(Effect::Ignored("a reply to something not here"));
            };
            // Counted per server by `admit`, not per address.
            inbox::reply(core, &site, signer, target, &note, None).await
        }
        "Update" => match inbox::signers_note(signer, object) {
            Ok(Some(note)) => inbox::edit(core, signer, &note).await,
            Ok(None) => Ok(Effect::Ignored("an update without an embedded object")),
            // An actor updating its profile: we refetch it when its key is next used.
            Err(_)
                if object
                    .and_then(read::first_type)
                    .is_some_and(|t| read::ACTOR_TYPES.contains(&t.as_str())) =>
            {
                Ok(Effect::Ignored("a profile update"))
            }
            Err(e) => Err(e),
        },
        "Delete" => inbox::delete(core, signer, object).await,
        _ => Ok(Effect::Ignored("an activity we do not act on")),
    }
}

/// The post one of our URLs names.
async fn our_post(state: &AppState, url: &str) -> Result<Option<PostId>, Error> {
    let site = state
        .site()
        .await
        .map_err(|e| Error::Internal(e.to_string()))?;
    if !url.starts_with(&site.settings.base_url) {
        return Ok(None);
    }
    let post = content::post_at(state, &site, url)
        .await
        .map_err(|e| Error::Internal(e.to_string()))?;
    Ok(post.map(|p| p.id))
}

/// The post (and comment) a reply's `inReplyTo` names: one of our
/// permalinks, a comment anchor on one, or a fediverse reply stored here.
pub(super) async fn reply_target(
    state: &AppState,
    in_reply_to: &str,
) -> Result<Option<ReplyTarget>, Error> {
    let site = state
        .site()
        .await
        .map_err(|e| Error::Internal(e.to_string()))?;
    if in_reply_to.starts_with(&site.settings.base_url) {
        let (url, fragment) = in_reply_to.split_once('#').unwrap_or((in_reply_to, ""));
        // A comment's Note (`/ap/comments/7`) or its anchor on the post.
        let note = url
            .strip_prefix(&site.settings.base_url)
            .and_then(|p| p.strip_prefix("/ap/comments/"))
            .and_then(|n| n.parse::<i64>().ok());
        let anchor = fragment
            .strip_prefix("comment-")
            .and_then(|n| n.parse::<i64>().ok());
        if let Some(id) = note.or(anchor) {
            return Ok(state
                .read()
                .comment(CommentId(id))
                .await?
                .map(|c| ReplyTarget {
                    post: c.post_id,
                    parent: Some(c.id),
                }));
        }
        return Ok(our_post(state, url)
            .await?
            .map(|post| ReplyTarget { post, parent: None }));
    }
    Ok(state
        .read()
        .fediverse_comment(in_reply_to)
        .await?
        .map(|c| ReplyTarget {
            post: c.post_id,
            parent: Some(c.id),
        }))
}

/// 202 for everything taken in (or knowingly ignored); a clear 4xx when
/// the activity is refused.
fn answer(activity: &Activity, signer: &KnownActor, effect: Result<Effect, Error>) -> Response {
    match effect {
        Ok(e) => {
            tracing::info!(kind = %activity.kind, actor = %signer.id, effect = ?e, "inbox");
            refuse(StatusCode::ACCEPTED, "accepted")
        }
        // The same reply delivered twice: already here.
        Err(Error::Duplicate) => refuse(StatusCode::ACCEPTED, "already received"),
        Err(Error::Invalid { field, message }) => {
            refuse(StatusCode::BAD_REQUEST, &format!("{field}: {message}"))
        }
        Err(Error::Forbidden(m) | Error::Closed(m) | Error::Blocked(m)) => {
            refuse(StatusCode::FORBIDDEN, &m.to_string())
        }
        Err(Error::NotFound) => refuse(StatusCode::NOT_FOUND, "no such post"),
        Err(Error::RateLimited(s)) => {
            let mut res = refuse(
                StatusCode::TOO_MANY_REQUESTS,
                &format!("too many activities; try again in {s} seconds"),
            );
            res.headers_mut()
                .insert(axum::http::header::RETRY_AFTER, s.into());
            res
        }
        Err(e) => {
            tracing::warn!(error = %e, "inbox failed");
            refuse(
                StatusCode::INTERNAL_SERVER_ERROR,
                "the activity could not be stored",
            )
        }
    }
}
