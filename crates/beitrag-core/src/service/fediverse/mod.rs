//! The blog in the fediverse (ActivityPub): its actor and key, its
//! followers, what it tells them when a post is published, changed or
//! withdrawn, and what it does with what other servers send
//! ([`inbox`]). The documents themselves come from [`documents`]; the
//! wire formats from `beitrag-federation`.
//!
//! Deliveries are jobs: [`Job::FederatePost`] builds the activity when it
//! runs and queues one [`Job::Deliver`] per follower inbox (a server's
//! shared inbox once for all its followers).

pub mod comments;
pub mod documents;
pub mod inbox;

use chrono::{DateTime, Utc};

use crate::actor::Actor;
use crate::job::{Job, Verb};
use crate::model::{ActorKey, FollowStatus, Follower, KnownActor, Post, PostId, PostKind};
use crate::service::access::Capability;
use crate::settings::Settings;
use crate::{Core, Error, Result};

/// The stored name of the blog's actor (its key row). The handle people
/// type is the `fediverse_username` setting; the actor's URL stays the
/// same when that changes, so followers keep following.
pub const BLOG: &str = "blog";

/// Followers read per page when fanning out.
const FAN_OUT_PAGE: i64 = 500;

/// Our addresses in the fediverse, all below `base_url`.
#[derive(Debug, Clone)]
pub struct Addresses {
    base: String,
}

impl Addresses {
    /// The addresses of the site `settings` describes.
    pub fn of(settings: &Settings) -> Self {
        Addresses {
            base: settings.base_url.clone(),
        }
    }

    /// The site's base URL.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// The blog actor's id.
    pub fn actor(&self) -> String {
        format!("{}/ap/{BLOG}", self.base)
    }

    /// Its key's id.
    pub fn key_id(&self) -> String {
        beitrag_federation::vocab::key_id(&self.actor())
    }

    /// Its inbox.
    pub fn inbox(&self) -> String {
        format!("{}/inbox", self.actor())
    }

    /// The shared inbox.
    pub fn shared_inbox(&self) -> String {
        format!("{}/ap/inbox", self.base)
    }

    /// Its outbox.
    pub fn outbox(&self) -> String {
        format!("{}/outbox", self.actor())
    }

    /// Its followers collection.
    pub fn followers(&self) -> String {
        format!("{}/followers", self.actor())
    }

    /// Its following collection (always empty: the blog follows no one).
    pub fn following(&self) -> String {
        format!("{}/following", self.actor())
    }

    /// Its featured (pinned) collection: the sticky posts.
    pub fn featured(&self) -> String {
        format!("{}/featured", self.actor())
    }

    /// The remote-follow page readers are sent to (`{uri}` filled in).
    pub fn interact_template(&self) -> String {
        format!("{}/ap/interact?uri={{uri}}", self.base)
    }
}

/// The blog actor's key, made (and stored) on first use. Two servers
/// making it at once end with the one that was stored first.
pub async fn blog_key(core: &Core) -> Result<ActorKey> {
    if let Some(k) = core.read().actor_key(BLOG).await? {
        return Ok(k);
    }
    let made = tokio::task::spawn_blocking(beitrag_federation::keys::generate)
        .await
        .map_err(|e| Error::Internal(format!("key generation stopped: {e}")))?
        .map_err(|e| Error::Internal(e.to_string()))?;
    let key = ActorKey {
        actor: BLOG.to_owned(),
        private_pem: made.private_pem,
        public_pem: made.public_pem,
        created_at: Utc::now(),
    };
    Ok(core.store().insert_actor_key(&key).await?)
}

/// Keeps what another server published about an actor (fetched through
/// the SSRF-safe client by the caller), so its next request verifies
/// without a fetch.
pub async fn remember(core: &Core, actor: &KnownActor) -> Result<()> {
    Ok(core.store().put_known_actor(actor).await?)
}

/// Every accepted follower, oldest first, read a page at a time.
async fn all_followers(core: &Core) -> Result<Vec<Follower>> {
    let mut all = Vec::new();
    let mut after = 0;
    loop {
        let page = core
            .read()
            .followers(BLOG, FollowStatus::Accepted, after, FAN_OUT_PAGE)
            .await?;
        let Some(last) = page.last() else {
            return Ok(all);
        };
        after = last.id;
        all.extend(page);
    }
}

/// Every follower of the blog, for the CLI.
pub async fn every_follower(core: &Core, actor: &Actor) -> Result<Vec<Follower>> {
    actor.require(Capability::ManageSettings)?;
    all_followers(core).await
}

/// Removes a follower (by actor id or handle): they get nothing more.
pub async fn remove_follower(core: &Core, actor: &Actor, who: &str) -> Result<()> {
    actor.require(Capability::ManageSettings)?;
    let who = who.trim();
    let remote = if who.contains("://") {
        who.to_owned()
    } else {
        let wanted = who.trim_start_matches('@');
        all_followers(core)
            .await?
            .into_iter()
            .find(|f| {
                f.handle
                    .trim_start_matches('@')
                    .eq_ignore_ascii_case(wanted)
            })
            .ok_or(Error::NotFound)?
            .remote
    };
    if core.store().remove_follower(BLOG, &remote).await? {
        Ok(())
    } else {
        Err(Error::NotFound)
    }
}

/// Whether a post is one the fediverse hears of: a post (not a page)
/// visible to everyone.
fn federated(post: &Post, now: DateTime<Utc>) -> bool {
    post.kind == PostKind::Post && post.is_public_at(now)
}

/// After a save: tells followers of a post that became public (`Create`),
/// changed while public (`Update`) or stopped being public (`Delete`).
pub(crate) async fn after_save(core: &Core, before: Option<&Post>, id: PostId) -> Result<()> {
    let now = Utc::now();
    let Some(post) = core.read().post_by_id(id).await? else {
        return Ok(());
    };
    let was = before.is_some_and(|b| federated(b, now));
    let is = federated(&post, now);
    let verb = match (was, is) {
        (false, true) => Verb::Create,
        (true, true) => Verb::Update,
        (true, false) => Verb::Delete,
        (false, false) => return Ok(()),
    };
    let url = if verb == Verb::Delete {
        Some(documents::Loaded::load(core).await?.site().post_url(&post))
    } else {
        None
    };
    announce(core, &post, verb, url).await
}

/// A scheduled post reached its time.
pub(crate) async fn published(core: &Core, id: PostId) -> Result<()> {
    match core.read().post_by_id(id).await? {
        Some(post) if federated(&post, Utc::now()) => {
            announce(core, &post, Verb::Create, None).await
        }
        _ => Ok(()),
    }
}

/// Posts about to be deleted: their followers hear `Delete`. Called
/// before the rows go, while the permalinks can still be built.
pub(crate) async fn before_delete(core: &Core, posts: &[Post]) -> Result<()> {
    let now = Utc::now();
    let gone: Vec<&Post> = posts.iter().filter(|p| federated(p, now)).collect();
    if gone.is_empty() {
        return Ok(());
    }
    // One read of settings, terms and users for the whole batch.
    let loaded = documents::Loaded::load(core).await?;
    let site = loaded.site();
    for post in gone {
        announce(core, post, Verb::Delete, Some(site.post_url(post))).await?;
    }
    Ok(())
}

async fn announce(core: &Core, post: &Post, verb: Verb, url: Option<String>) -> Result<()> {
    // Its address answers 410 from now on (a post found there again wins).
    if let Some(url) = &url {
        core.store().set_tombstone(url, Some(Utc::now())).await?;
    }
    let key = format!(
        "fediverse.post:{}:{verb:?}:{}",
        post.id.0,
        post.updated_at.timestamp_millis()
    );
    crate::service::jobs::enqueue(
        core,
        &Job::FederatePost {
            post: post.id,
            verb,
            url,
        },
        Some(&key),
        Utc::now(),
    )
    .await?;
    Ok(())
}

/// Queues `activity` (JSON with an `id`) for every accepted follower,
/// once per inbox; returns how many deliveries were queued.
pub async fn deliver_to_followers(core: &Core, activity: &serde_json::Value) -> Result<usize> {
    let text = activity.to_string();
    let id = activity
        .get("id")
        .and_then(serde_json::Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let settings = crate::service::settings::load(core.read()).await?;
    // Followers blocked since they followed get nothing.
    let inboxes: std::collections::BTreeSet<String> = all_followers(core)
        .await?
        .iter()
        .filter(|f| {
            let who = KnownActor {
                id: f.remote.clone(),
                handle: f.handle.clone(),
                ..KnownActor::default()
            };
            !inbox::is_blocked(&settings, &who)
        })
        .map(|f| f.delivery_inbox().to_owned())
        .collect();
    for inbox in &inboxes {
        deliver(core, inbox, &text, &id).await?;
    }
    Ok(inboxes.len())
}

/// Queues `activity` for one remote actor we know (the author a reply
/// answers), unless their server's inbox already gets it as a follower's.
pub async fn deliver_to_actor(
    core: &Core,
    actor: &str,
    activity: &serde_json::Value,
) -> Result<()> {
    let Some(known) = core.read().known_actor(actor).await? else {
        return Ok(());
    };
    if known.inbox.is_empty() {
        return Ok(());
    }
    let id = activity
        .get("id")
        .and_then(serde_json::Value::as_str)
        .unwrap_or_default();
    // Deliveries are de-duplicated by activity id and inbox.
    let inbox = if known.shared_inbox.is_empty() {
        &known.inbox
    } else {
        &known.shared_inbox
    };
    deliver(core, inbox, &activity.to_string(), id).await
}

/// Queues one delivery of an activity to one inbox (once per activity id).
pub(crate) async fn deliver(core: &Core, inbox: &str, activity: &str, id: &str) -> Result<()> {
    let key = format!("fediverse.deliver:{id} {inbox}");
    crate::service::jobs::enqueue(
        core,
        &Job::Deliver {
            actor: BLOG.to_owned(),
            inbox: inbox.to_owned(),
            activity: activity.to_owned(),
        },
        (!id.is_empty()).then_some(key.as_str()),
        Utc::now(),
    )
    .await?;
    Ok(())
}
