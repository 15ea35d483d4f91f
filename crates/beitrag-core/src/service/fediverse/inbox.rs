//! What another server's activities do here, once the web layer has
//! verified who signed them. The signer is the only authority: an actor
//! follows, unfollows, replies, edits and deletes only for itself, and an
//! embedded object counts only when its id is on the signer's server.

use std::net::IpAddr;

use beitrag_federation::read::{self, Document, Object};
use beitrag_markdown::{sanitize_comment_html, strip_tags};
use chrono::Utc;
use serde_json::Value;

use super::documents::Site;
use super::{BLOG, deliver};
use crate::change::Change;
use crate::model::{
    CommentId, CommentKind, FollowStatus, Follower, KnownActor, PostId, ReactionKind,
};
use crate::service::comment::{self, Accepted, Submission};
use crate::{Core, Error, Result};

/// What an activity did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// A follower was added (and, when accepted, an `Accept` queued).
    Followed(FollowStatus),
    /// A follower left.
    Unfollowed,
    /// A reply became a response of the post.
    Replied(Accepted),
    /// A reply's text changed.
    Edited(CommentId),
    /// A reply was removed.
    Removed(CommentId),
    /// A like or boost was counted.
    Reacted(ReactionKind),
    /// A like or boost was taken back.
    Unreacted(ReactionKind),
    /// Nothing to do; the reason is logged.
    Ignored(&'static str),
}

/// Where a reply belongs: resolved by the web layer from `inReplyTo`
/// (one of our permalinks, a comment's anchor, or a reply stored here).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReplyTarget {
    /// The post.
    pub post: PostId,
    /// The comment answered, if any.
    pub parent: Option<CommentId>,
}

/// Whether `id` is an URL on the same origin (scheme, host, port) as `actor`.
pub fn same_origin(id: &str, actor: &str) -> bool {
    match (url::Url::parse(id), url::Url::parse(actor)) {
        (Ok(a), Ok(b)) => a.origin() == b.origin(),
        _ => false,
    }
}

/// Whether `actor` (an account of another server) is blocked: its server
/// by `blocklist_domains`, itself by `fediverse_blocked_actors`.
pub fn is_blocked(settings: &crate::settings::Settings, actor: &KnownActor) -> bool {
    let host = url::Url::parse(&actor.id)
        .ok()
        .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
        .unwrap_or_default();
    let handle = actor.handle.trim_start_matches('@');
    crate::service::comment::domain_blocked(settings, &host)
        || settings.fediverse_blocked_actors.iter().any(|b| {
            b.eq_ignore_ascii_case(&actor.id)
                || (!handle.is_empty() && b.trim_start_matches('@').eq_ignore_ascii_case(handle))
        })
}

/// Lets a verified signer speak here, unless it is blocked: then its
/// activity is dropped and, if it followed, it follows no longer.
pub async fn admit(core: &Core, site: &Site, signer: &KnownActor) -> Result<()> {
    if !is_blocked(&site.settings, signer) {
        return Ok(());
    }
    core.store().remove_follower(BLOG, &signer.id).await?;
    Err(Error::Blocked(
        "this account or its server is blocked".to_owned(),
    ))
}

/// `Follow` of our actor: the follower is stored and accepted (an
/// `Accept` goes back to their inbox).
pub async fn follow(
    core: &Core,
    site: &Site,
    signer: &KnownActor,
    follow: &Value,
) -> Result<Effect> {
    let target = read::id_of(follow.get("object"));
    if target.as_deref() != Some(site.addresses.actor().as_str()) {
        return Ok(Effect::Ignored("a follow of an actor we do not have"));
    }
    if signer.inbox.is_empty() {
        return Err(Error::invalid("actor", "the follower has no inbox"));
    }
    let follower = Follower {
        id: 0,
        actor: BLOG.to_owned(),
        remote: signer.id.clone(),
        inbox: signer.inbox.clone(),
        shared_inbox: signer.shared_inbox.clone(),
        handle: signer.handle.clone(),
        follow_id: read::id_of(follow.get("id")).unwrap_or_default(),
        status: FollowStatus::Accepted,
        created_at: Utc::now(),
    };
    core.store().put_follower(&follower).await?;
    let accept = beitrag_federation::vocab::answer_follow(
        "Accept",
        &site.addresses.actor(),
        follow,
        Utc::now(),
    );
    let id = read::id_of(accept.get("id")).unwrap_or_default();
    deliver(core, &signer.inbox, &accept.to_string(), &id).await?;
    Ok(Effect::Followed(FollowStatus::Accepted))
}

/// `Like` or `Announce` of a public post: counted once per actor.
pub async fn react(
    core: &Core,
    signer: &KnownActor,
    post: PostId,
    kind: ReactionKind,
    activity_id: &str,
) -> Result<Effect> {
    let public = core
        .read()
        .post_by_id(post)
        .await?
        .is_some_and(|p| super::federated(&p, Utc::now()));
    if !public {
        return Ok(Effect::Ignored("a reaction to a post that is not public"));
    }
    if core
        .store()
        .add_reaction(post, &signer.id, kind, activity_id, Utc::now())
        .await?
    {
        core.publish(&[Change::Post(post)]).await;
    }
    Ok(Effect::Reacted(kind))
}

/// `Undo`: of a `Follow`, the follower leaves; of a `Like` or an
/// `Announce`, it is no longer counted.
pub async fn undo(
    core: &Core,
    signer: &KnownActor,
    object: Option<&Value>,
    object_post: Option<PostId>,
) -> Result<Effect> {
    let Some(object) = object else {
        return Err(Error::invalid("object", "Undo names nothing"));
    };
    let kind = read::first_type(object);
    let reaction = match kind.as_deref() {
        Some("Like") => Some(ReactionKind::Like),
        Some("Announce") => Some(ReactionKind::Announce),
        _ => None,
    };
    let id = read::id_of(Some(object)).unwrap_or_default();
    let kinds: &[ReactionKind] = match reaction {
        Some(ReactionKind::Like) => &[ReactionKind::Like],
        Some(ReactionKind::Announce) => &[ReactionKind::Announce],
        // Only an id: whichever it was.
        None => &[ReactionKind::Like, ReactionKind::Announce],
    };
    for k in kinds {
        if let Some(post) = core
            .store()
            .remove_reaction(&signer.id, *k, &id, object_post)
            .await?
        {
            core.publish(&[Change::Post(post)]).await;
            return Ok(Effect::Unreacted(*k));
        }
    }
    let follower = core.read().follower(BLOG, &signer.id).await?;
    let undoes_follow = kind.as_deref() == Some("Follow")
        || follower.as_ref().is_some_and(|f| {
            !f.follow_id.is_empty()
                && read::id_of(Some(object)).as_deref() == Some(f.follow_id.as_str())
        });
    if !undoes_follow {
        return Ok(Effect::Ignored("an undo of something not stored"));
    }
    if core.store().remove_follower(BLOG, &signer.id).await? {
        Ok(Effect::Unfollowed)
    } else {
        Ok(Effect::Ignored("an unfollow by someone not following"))
    }
}

/// The note of a `Create` or `Update`, if the object embedded is one
/// from the signer's own server and by the signer.
pub fn signers_note(signer: &KnownActor, object: Option<&Value>) -> Result<Option<Object>> {
    let Some(object) = object else {
        return Err(Error::invalid("object", "the activity has no object"));
    };
    let note = match read::classify(object) {
        Ok(Document::Object(o)) => o,
        // Only an id: nothing embedded to trust, and nothing we fetch yet.
        _ => return Ok(None),
    };
    let Some(id) = note.id.as_deref() else {
        return Err(Error::invalid("object", "the object has no id"));
    };
    if !same_origin(id, &signer.id) || note.attributed_to.as_deref() != Some(signer.id.as_str()) {
        return Err(Error::Forbidden(
            "the object is not the signer's own".to_owned(),
        ));
    }
    Ok(Some(note))
}

/// A reply to one of our posts or its responses becomes a response of
/// kind `fediverse`, through the one comment pipeline (closure, limits,
/// spam, moderation).
pub async fn reply(
    core: &Core,
    site: &Site,
    signer: &KnownActor,
    target: ReplyTarget,
    note: &Object,
    ip: Option<IpAddr>,
) -> Result<Effect> {
    let html = sanitize_comment_html(note.content.as_deref().unwrap_or_default());
    let text = strip_tags(&html);
    let name = if signer.name.trim().is_empty() {
        signer.handle.clone()
    } else {
        signer.name.trim().to_owned()
    };
    let submission = Submission {
        post_id: Some(target.post),
        parent: target.parent,
        kind: Some(CommentKind::Fediverse),
        author_name: name.chars().take(200).collect(),
        author_email: String::new(),
        author_url: signer.id.clone(),
        text,
        html: Some(html),
        source_url: note.id.clone().unwrap_or_default(),
        source_title: signer.handle.clone(),
        ip,
        notify: false,
        status: None,
        admission: None,
    };
    let accepted = comment::submit(
        core,
        &crate::Actor::Remote,
        &site.settings,
        submission,
        Utc::now(),
    )
    .await?;
    Ok(Effect::Replied(accepted))
}

/// `Update` of a reply stored here: its text is replaced.
pub async fn edit(core: &Core, signer: &KnownActor, note: &Object) -> Result<Effect> {
    let Some(c) = own_reply(core, signer, note.id.as_deref()).await? else {
        return Ok(Effect::Ignored("an update of a note not stored here"));
    };
    let html = sanitize_comment_html(note.content.as_deref().unwrap_or_default());
    core.store()
        .update_linkback(c.id, &c.author_name, &c.author_url, &html, &c.source_title)
        .await?;
    core.publish(&[Change::Comments(c.post_id)]).await;
    Ok(Effect::Edited(c.id))
}

/// `Delete` of a reply stored here (or of the signer itself, which then
/// follows no longer).
pub async fn delete(core: &Core, signer: &KnownActor, object: Option<&Value>) -> Result<Effect> {
    let id = read::id_of(object);
    if id.as_deref() == Some(signer.id.as_str()) {
        core.store().remove_follower(BLOG, &signer.id).await?;
        return Ok(Effect::Unfollowed);
    }
    let Some(c) = own_reply(core, signer, id.as_deref()).await? else {
        return Ok(Effect::Ignored("a delete of something not stored here"));
    };
    core.store().delete_comments(&[c.id]).await?;
    core.publish(&[Change::Comments(c.post_id)]).await;
    Ok(Effect::Removed(c.id))
}

/// The stored reply with Note id `id`, if the signer wrote it.
async fn own_reply(
    core: &Core,
    signer: &KnownActor,
    id: Option<&str>,
) -> Result<Option<crate::model::Comment>> {
    let Some(id) = id else { return Ok(None) };
    let Some(c) = core.read().fediverse_comment(id).await? else {
        return Ok(None);
    };
    if c.author_url != signer.id {
        return Err(Error::Forbidden(
            "the reply is not the signer's own".to_owned(),
        ));
    }
    Ok(Some(c))
}
