//! The one submission pipeline for every response to a post — the comment
//! form, TrackBack, Pingback, Webmention and (later) fediverse replies:
//! validate → defend → score → decide → store. Rate limits, honeypot and
//! form tokens belong to the entry point (they differ per source) and run
//! before this. Moderation decisions train the spam classifier.

use std::net::IpAddr;

use beitrag_markdown::{count_links, render_comment, strip_tags};
use chrono::{DateTime, Utc};

use crate::actor::Actor;
use crate::change::Change;
use crate::job::Verb;
use crate::model::{
    Comment, CommentId, CommentKind, CommentStatus, NewComment, OpenClosed, PostId,
};
use crate::service::access::Capability;
use crate::settings::Moderation;
use crate::spam::{self, Message};
use crate::store::{CommentMove, Reads};
use crate::{Core, Error, Result, Settings};

/// A response as it arrives.
#[derive(Debug, Clone, Default)]
pub struct Submission {
    /// The post answered.
    pub post_id: Option<PostId>,
    /// The comment answered.
    pub parent: Option<CommentId>,
    /// Where it comes from.
    pub kind: Option<CommentKind>,
    /// Name (or blog name).
    pub author_name: String,
    /// Email (required for form comments, never shown).
    pub author_email: String,
    /// Website.
    pub author_url: String,
    /// Text as typed; rendered here for comments.
    pub text: String,
    /// Already sanitised HTML (linkbacks bring an excerpt); `None` renders `text`.
    pub html: Option<String>,
    /// For linkbacks: the linking page.
    pub source_url: String,
    /// For linkbacks: its title.
    pub source_title: String,
    /// Sender address.
    pub ip: Option<IpAddr>,
    /// Tell the author of replies by email.
    pub notify: bool,
    /// The status an import brings along (only [`Actor::Import`] may set
    /// it; everyone else's is decided by the pipeline).
    pub status: Option<CommentStatus>,
    /// Set when the entry point already admitted the sender with [`admit`]
    /// (before fetching a pinging page), so the flood limit counts once.
    pub admission: Option<Admission>,
}

/// Proof that a response to one post passed the closure check and the
/// flood limits; only [`admit`] makes one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Admission {
    post: PostId,
}

/// An outside opinion on spam (an Akismet-compatible service). `None`
/// means no opinion (not configured, or the service failed): the local
/// classifier decides alone, and a comment is never lost to an outage.
#[async_trait::async_trait]
pub trait SpamChecker: Send + Sync {
    /// Whether the service considers this response spam.
    async fn is_spam(
        &self,
        post: &crate::model::Post,
        s: &Submission,
        kind: CommentKind,
    ) -> Option<bool>;
}

/// What became of an accepted response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Accepted {
    /// Its id.
    pub id: CommentId,
    /// Approved, pending or spam.
    pub status: CommentStatus,
}

pub(crate) const MAX_NAME: usize = 100;
const MAX_EMAIL: usize = 254;
const MAX_URL: usize = 500;
const MAX_TEXT: usize = 10_000;

/// An address cut to its network (IPv4 /24, IPv6 /48): enough for block
/// lists and abuse handling, too little to identify a reader.
pub fn truncate_ip(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            format!("{}.{}.{}.0", o[0], o[1], o[2])
        }
        IpAddr::V6(v6) => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}::", s[0], s[1], s[2])
        }
    }
}

pub(crate) fn valid_email(email: &str) -> bool {
    email.len() <= MAX_EMAIL
        && !email.contains(char::is_whitespace)
        && email.split_once('@').is_some_and(|(l, d)| {
            !l.is_empty() && d.contains('.') && !d.starts_with('.') && !d.ends_with('.')
        })
}

pub(crate) fn valid_url(url: &str) -> bool {
    url.len() <= MAX_URL
        && (url.starts_with("http://") || url.starts_with("https://"))
        && spam::host_of(url).is_some()
        && !url.contains(char::is_whitespace)
}

pub(crate) fn has_control(s: &str) -> bool {
    s.chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
}

/// Field-level validation; the error names the form field.
fn validate(s: &mut Submission, kind: CommentKind) -> Result<()> {
    s.author_name = s.author_name.trim().to_owned();
    s.author_email = s.author_email.trim().to_owned();
    s.author_url = s.author_url.trim().to_owned();
    match problems(s, kind).into_iter().next() {
        Some((field, message)) => Err(Error::invalid(field, message)),
        None => Ok(()),
    }
}

/// Every field problem of a submission at once, in form order, as
/// `(field, message)`: the comment form shows them all together, and
/// [`submit`] refuses with the first. Values are read trimmed.
pub fn problems(s: &Submission, kind: CommentKind) -> Vec<(&'static str, String)> {
    let name = s.author_name.trim();
    let email = s.author_email.trim();
    let url = s.author_url.trim();
    let text_len = s.text.trim().chars().count();
    let mut out: Vec<(&'static str, String)> = Vec::new();
    let mut add = |field: &'static str, message: String| {
        if !out.iter().any(|(f, _)| *f == field) {
            out.push((field, message));
        }
    };
    if kind == CommentKind::Comment {
        if name.is_empty() {
            add("name", "is required".into());
        }
        if !valid_email(email) {
            add("email", "is not a valid email address".into());
        }
    } else if !valid_url(&s.source_url) {
        add("source", "must be an http(s) URL".into());
    }
    if has_control(name) {
        add("name", "contains control characters".into());
    }
    if name.chars().count() > MAX_NAME {
        add("name", format!("is longer than {MAX_NAME} characters"));
    }
    if has_control(email) {
        add("email", "contains control characters".into());
    }
    if !url.is_empty() && (has_control(url) || !valid_url(url)) {
        add("url", "must be an http(s) URL".into());
    }
    if kind == CommentKind::Comment && text_len == 0 {
        add("text", "is required".into());
    }
    if has_control(&s.text) {
        add("text", "contains control characters".into());
    }
    if text_len > MAX_TEXT {
        add("text", format!("is longer than {MAX_TEXT} characters"));
    }
    out
}

pub(crate) fn domain_blocked(settings: &Settings, host: &str) -> bool {
    settings
        .blocklist_domains
        .iter()
        .any(|d| host == d || host.ends_with(&format!(".{d}")))
}

/// The visible post `post_id`, when it accepts responses of `kind` now:
/// `NotFound` for a missing or unpublished post, `Closed` when comments
/// (or, for linkbacks, pings) are closed by the switch or by age. The one
/// place this rule lives; entry points ask it before their own checks.
pub async fn check_open(
    store: &dyn Reads,
    settings: &Settings,
    post_id: PostId,
    kind: CommentKind,
    now: DateTime<Utc>,
) -> Result<crate::model::Post> {
    let post = store
        .post_by_id(post_id)
        .await?
        .filter(|p| p.is_public_at(now))
        .ok_or(Error::NotFound)?;
    let by_age = settings.closed_by_age(post.published_at, now);
    if kind.is_linkback() {
        if post.ping_status == OpenClosed::Closed || by_age {
            return Err(Error::Closed("pings are closed on this post".into()));
        }
    } else if post.comment_status == OpenClosed::Closed || by_age {
        return Err(Error::Closed("comments are closed on this post".into()));
    }
    Ok(post)
}

/// Checks, before an entry point does expensive work (fetching the page
/// that sent a Pingback), that the post takes responses of `kind` and the
/// sender is within the flood limits. `NotFound`, `Closed`, `RateLimited`.
pub async fn admit(
    core: &Core,
    settings: &Settings,
    post_id: PostId,
    kind: CommentKind,
    ip: Option<IpAddr>,
    now: DateTime<Utc>,
) -> Result<(crate::model::Post, Admission)> {
    let post = check_open(core.read(), settings, post_id, kind, now).await?;
    if let Some(ip) = ip {
        core.limits()
            .check(ip, post_id.0)
            .map_err(Error::RateLimited)?;
    }
    Ok((post, Admission { post: post_id }))
}

/// Takes a Webmention for verification ([Webmention §3.2](https://www.w3.org/TR/webmention/#receiving-webmentions)):
/// the post must take pings (`Closed` otherwise) and the sender stay within
/// the flood limits (`RateLimited`); the verification job is queued and its
/// id returned for the status URL.
pub async fn receive_webmention(
    core: &Core,
    settings: &Settings,
    post_id: PostId,
    source: &str,
    target: &str,
    ip: Option<IpAddr>,
    now: DateTime<Utc>,
) -> Result<crate::model::JobId> {
    admit(core, settings, post_id, CommentKind::Webmention, ip, now).await?;
    let job = crate::job::Job::VerifyWebmention {
        post: post_id,
        source: source.to_owned(),
        target: target.to_owned(),
    };
    crate::service::jobs::enqueue(core, &job, None, now).await
}

/// Runs the pipeline for a response sent by `actor` (a reader or remote
/// server: [`Actor::Remote`]; an import run: [`Actor::Import`], which skips
/// the flood limits and spam defences but not validation and sanitising)
/// and stores it, queues its notifications and publishes the change.
/// Errors: `NotFound` (no such visible post or parent), `Closed`,
/// `RateLimited`, `Invalid`, `Duplicate`, `Blocked`.
pub async fn submit(
    core: &Core,
    actor: &Actor,
    settings: &Settings,
    mut s: Submission,
    now: DateTime<Utc>,
) -> Result<Accepted> {
    let store = core.read();
    let kind = s.kind.unwrap_or(CommentKind::Comment);
    let post_id = s.post_id.ok_or(Error::NotFound)?;
    let imported = *actor == Actor::Import;
    let post = check_open(store, settings, post_id, kind, now).await?;
    let admitted = s.admission == Some(Admission { post: post_id });
    if !imported
        && !admitted
        && let Some(ip) = s.ip
    {
        core.limits()
            .check(ip, post_id.0)
            .map_err(Error::RateLimited)?;
    }
    validate(&mut s, kind)?;

    if let Some(parent) = s.parent {
        // A reply from the fediverse may answer one still waiting here (the
        // thread shows once both are approved), and one nested deeper than
        // the theme shows is kept, one level up, instead of being lost.
        let federated = kind == CommentKind::Fediverse;
        let mut ancestors = Vec::new();
        let mut cur = Some(parent);
        while let Some(id) = cur {
            let c = store.comment(id).await?.filter(|c| {
                c.post_id == post_id
                    && (c.status == CommentStatus::Approved
                        || (federated && c.status == CommentStatus::Pending))
            });
            let c =
                c.ok_or_else(|| Error::invalid("parent", "the comment replied to does not exist"))?;
            cur = c.parent;
            ancestors.push(c.id);
            if !federated && ancestors.len() + 1 > settings.comment_thread_depth as usize {
                return Err(Error::invalid(
                    "parent",
                    "replies cannot be nested this deep",
                ));
            }
        }
        // `ancestors` runs from the parent (one level up) to the top-level
        // comment (level 1): level L is at `len - L`.
        let max = settings.comment_thread_depth.max(1) as usize;
        if federated && ancestors.len() + 1 > max {
            s.parent = (max > 1).then(|| ancestors[ancestors.len() - (max - 1)]);
        }
    }

    // Defend.
    let ip = s.ip.map(truncate_ip).unwrap_or_default();
    let full_ip = s.ip.map(|i| i.to_string()).unwrap_or_default();
    if !imported
        && settings
            .blocklist_ips
            .iter()
            .any(|b| !full_ip.is_empty() && full_ip.starts_with(b.as_str()))
    {
        return Err(Error::Blocked("your address is blocked".into()));
    }
    let email = s.author_email.to_lowercase();
    if !imported && settings.blocklist_emails.contains(&email) {
        return Err(Error::Blocked("this email address is blocked".into()));
    }
    let html = match s.html.take() {
        Some(h) => h,
        None => render_comment(&s.text),
    };
    // A linkback or a fediverse reply is the same one again when it has
    // the same source (page or Note id); a comment when its author says
    // the same again.
    let by_source = kind != CommentKind::Comment;
    let sender = if by_source {
        s.source_url.as_str()
    } else {
        email.as_str()
    };
    if store
        .has_duplicate(post_id, by_source, sender, &html)
        .await?
    {
        return Err(Error::Duplicate);
    }
    let links = count_links(&html);
    let text_lower = strip_tags(&html).to_lowercase();
    let mut hosts: Vec<String> = [s.author_url.as_str(), s.source_url.as_str()]
        .iter()
        .filter_map(|u| spam::host_of(u))
        .collect();
    if let Some((_, d)) = email.rsplit_once('@') {
        hosts.push(d.to_owned());
    }
    hosts.extend(
        html.split("href=\"")
            .skip(1)
            .filter_map(|rest| spam::host_of(rest.split('"').next().unwrap_or(""))),
    );
    let blocked_content = settings
        .blocklist_words
        .iter()
        .any(|w| text_lower.contains(w.as_str()))
        || hosts.iter().any(|h| domain_blocked(settings, h));

    // Score.
    let tokens = spam::tokens(&Message {
        author: &s.author_name,
        email: &email,
        url: &s.author_url,
        text: &text_lower,
        links,
    });
    if imported {
        let status = s.status.unwrap_or(CommentStatus::Approved);
        // Old conversations arrive silently: nobody is mailed about them.
        return store_response(core, s, kind, status, html, email, ip, now, false).await;
    }
    let score = spam::score(&store.spam_counts(&tokens).await?);
    let outside = match core.spam_checker() {
        Some(c) => c.is_spam(&post, &s, kind).await,
        None => None,
    };

    // Decide.
    let status = if blocked_content
        || outside == Some(true)
        || score * 100.0 >= f64::from(settings.comment_spam_threshold)
    {
        CommentStatus::Spam
    } else if links > settings.comment_max_links as usize {
        CommentStatus::Pending
    } else {
        match settings.comment_moderation {
            Moderation::All => CommentStatus::Pending,
            Moderation::None => CommentStatus::Approved,
            // As for people, so for sites: a linkback from a host never
            // approved before waits for a moderator.
            Moderation::FirstTime if kind.is_linkback() => {
                let host = spam::host_of(&s.source_url).unwrap_or_default();
                if !host.is_empty() && store.known_linkback_host(&host).await? {
                    CommentStatus::Approved
                } else {
                    CommentStatus::Pending
                }
            }
            // A fediverse author is known by their actor, not an email.
            Moderation::FirstTime if kind == CommentKind::Fediverse => {
                if store.known_fediverse_author(&s.author_url).await? {
                    CommentStatus::Approved
                } else {
                    CommentStatus::Pending
                }
            }
            Moderation::FirstTime => {
                if store.known_commenter(&email).await? {
                    CommentStatus::Approved
                } else {
                    CommentStatus::Pending
                }
            }
        }
    };

    store_response(core, s, kind, status, html, email, ip, now, true).await
}

/// Stores a response that passed the pipeline, queues its notifications
/// and publishes the change.
#[allow(clippy::too_many_arguments)]
async fn store_response(
    core: &Core,
    s: Submission,
    kind: CommentKind,
    status: CommentStatus,
    html: String,
    email: String,
    ip: String,
    now: DateTime<Utc>,
    notify: bool,
) -> Result<Accepted> {
    let post_id = s.post_id.ok_or(Error::NotFound)?;
    let id = core
        .store()
        .add_comment(&NewComment {
            post_id,
            parent: s.parent,
            kind,
            status,
            author_name: s.author_name,
            author_email: email,
            author_url: s.author_url,
            html,
            source_url: s.source_url,
            source_title: s.source_title.chars().take(250).collect(),
            author_ip: ip,
            notify: s.notify && kind == CommentKind::Comment,
            created_at: now,
        })
        .await?;
    if notify {
        crate::service::notify::queue_new(core, id, status, now).await?;
        if status == CommentStatus::Approved {
            federate(core, id, Verb::Create).await?;
        }
    }
    core.publish(&[Change::Comments(post_id)]).await;
    Ok(Accepted { id, status })
}

/// What a moderator does with a response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Publish it.
    Approve,
    /// Mark as spam (trains the classifier).
    Spam,
    /// Back from spam to the queue (untrains).
    Unspam,
    /// Move to the trash.
    Trash,
    /// Delete for good.
    Delete,
}

/// Replaces a response's text (a moderator's edit); the HTML is rendered
/// and sanitised like a new comment's.
pub async fn edit(core: &Core, actor: &Actor, id: CommentId, text: &str) -> Result<()> {
    actor.require(Capability::ModerateComments)?;
    let c = core.read().comment(id).await?.ok_or(Error::NotFound)?;
    check_text(text)?;
    core.store()
        .update_linkback(
            id,
            &c.author_name,
            &c.author_url,
            &render_comment(text),
            &c.source_title,
        )
        .await?;
    core.publish(&[Change::Comments(c.post_id)]).await;
    Ok(())
}

fn check_text(text: &str) -> Result<()> {
    let text_len = text.trim().chars().count();
    if text_len == 0 || text_len > MAX_TEXT || has_control(text) {
        return Err(Error::invalid(
            "text",
            format!("must be 1 to {MAX_TEXT} characters without control characters"),
        ));
    }
    Ok(())
}

/// A moderator's reply to a response: stored approved, authored by the
/// acting user. Staff skip the spam defences but not the rules every text
/// obeys (length, control characters, sanitised HTML) or the thread depth.
/// The post may be closed to readers: answering stays possible. The usual
/// notifications are queued. Errors: `Forbidden` without the moderation
/// capability, `NotFound` (no such response), `Invalid` (`text`; `parent`
/// when the response is not approved or the reply would nest too deep).
pub async fn reply_as_staff(
    core: &Core,
    actor: &Actor,
    settings: &Settings,
    parent: CommentId,
    text: &str,
    now: DateTime<Utc>,
) -> Result<CommentId> {
    actor.require(Capability::ModerateComments)?;
    let Some(author) = actor.user() else {
        return Err(Error::Forbidden(
            "staff replies are written by a signed-in user".into(),
        ));
    };
    let store = core.read();
    let answered = store.comment(parent).await?.ok_or(Error::NotFound)?;
    check_text(text)?;
    if answered.status != CommentStatus::Approved {
        return Err(Error::invalid(
            "parent",
            "only approved responses can be answered; approve it first",
        ));
    }
    // The reply's level: 2 under a top-level comment, as in `submit`.
    let mut depth = 2;
    let mut up = answered.parent;
    while let Some(id) = up {
        depth += 1;
        if depth > settings.comment_thread_depth {
            break;
        }
        up = store.comment(id).await?.and_then(|c| c.parent);
    }
    if depth > settings.comment_thread_depth {
        return Err(Error::invalid(
            "parent",
            "replies cannot be nested this deep",
        ));
    }
    let name = if author.display_name.trim().is_empty() {
        author.login.clone()
    } else {
        author.display_name.clone()
    };
    let id = core
        .store()
        .add_comment(&NewComment {
            post_id: answered.post_id,
            parent: Some(parent),
            kind: CommentKind::Comment,
            status: CommentStatus::Approved,
            author_name: name,
            author_email: author.email.trim().to_lowercase(),
            author_url: String::new(),
            html: render_comment(text),
            source_url: String::new(),
            source_title: String::new(),
            author_ip: String::new(),
            notify: false,
            created_at: now,
        })
        .await?;
    crate::service::notify::queue_new(core, id, CommentStatus::Approved, now).await?;
    federate(core, id, Verb::Create).await?;
    core.publish(&[Change::Comments(answered.post_id)]).await;
    Ok(id)
}

fn message_tokens(c: &Comment) -> Vec<String> {
    let text = strip_tags(&c.html).to_lowercase();
    spam::tokens(&Message {
        author: &c.author_name,
        email: &c.author_email,
        url: &c.author_url,
        text: &text,
        links: count_links(&c.html),
    })
}

/// Applies an action to responses, all of them or none, in one
/// transaction; returns how many there were (unknown ids are skipped).
/// Every move into or out of `spam` or `approved` adjusts the classifier,
/// so it always reflects the moderators' current decisions; a newly
/// approved reply queues its notification. `Forbidden` without the
/// moderation capability; `Changed` when a response changed meanwhile.
pub async fn moderate(
    core: &Core,
    actor: &Actor,
    ids: &[CommentId],
    action: Action,
) -> Result<usize> {
    actor.require(Capability::ModerateComments)?;
    let target = match action {
        Action::Approve => Some(CommentStatus::Approved),
        Action::Spam => Some(CommentStatus::Spam),
        Action::Unspam => Some(CommentStatus::Pending),
        Action::Trash => Some(CommentStatus::Trash),
        Action::Delete => None,
    };
    let mut moves = Vec::new();
    let mut approved = Vec::new();
    let mut withdrawn = Vec::new();
    let mut changes = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for id in ids {
        if !seen.insert(*id) {
            continue;
        }
        let Some(c) = core.read().comment(*id).await? else {
            continue;
        };
        let spam_delta = i64::from(target == Some(CommentStatus::Spam))
            - i64::from(c.status == CommentStatus::Spam);
        let ham_delta = i64::from(target == Some(CommentStatus::Approved))
            - i64::from(c.status == CommentStatus::Approved);
        let trains = spam_delta != 0 || ham_delta != 0;
        if target == Some(CommentStatus::Approved) && c.status != CommentStatus::Approved {
            approved.push(c.id);
        }
        if c.status == CommentStatus::Approved && target != Some(CommentStatus::Approved) {
            withdrawn.push(c.clone());
        }
        changes.push(Change::Comments(c.post_id));
        moves.push(CommentMove {
            id: c.id,
            from: c.status,
            to: target,
            tokens: if trains {
                message_tokens(&c)
            } else {
                Vec::new()
            },
            spam: spam_delta,
            ham: ham_delta,
        });
    }
    if moves.is_empty() {
        return Ok(0);
    }
    core.store()
        .moderate_comments(&moves)
        .await
        .map_err(|e| match e {
            crate::StoreError::Conflict { .. } | crate::StoreError::NotFound => Error::Changed,
            other => other.into(),
        })?;
    let now = Utc::now();
    for id in approved {
        crate::service::notify::queue_reply(core, id, now).await?;
        federate(core, id, Verb::Create).await?;
    }
    for c in &withdrawn {
        crate::service::fediverse::comments::changed(core, c, Verb::Delete).await?;
    }
    changes.sort_by_key(|c| c.topic());
    changes.dedup();
    core.publish(&changes).await;
    Ok(moves.len())
}

/// Replaces what a Webmention shows after its source changed (the job
/// that re-verified it).
pub async fn update_linkback(
    core: &Core,
    id: CommentId,
    author_name: &str,
    author_url: &str,
    html: &str,
    source_title: &str,
) -> Result<()> {
    let c = core.read().comment(id).await?.ok_or(Error::NotFound)?;
    core.store()
        .update_linkback(id, author_name, author_url, html, source_title)
        .await?;
    core.publish(&[Change::Comments(c.post_id)]).await;
    Ok(())
}

/// Removes a linkback whose source is gone or no longer links here.
pub async fn remove_linkback(core: &Core, id: CommentId) -> Result<()> {
    let c = core.read().comment(id).await?.ok_or(Error::NotFound)?;
    if !c.kind.is_linkback() {
        return Err(Error::invalid("id", "only linkbacks are removed this way"));
    }
    core.store().delete_comments(&[id]).await?;
    core.publish(&[Change::Comments(c.post_id)]).await;
    Ok(())
}

/// Turns reply notifications of a comment off (a signed unsubscribe link).
pub async fn unsubscribe(core: &Core, id: CommentId) -> Result<()> {
    core.store().set_comment_notify(id, false).await?;
    Ok(())
}

/// Erases stored addresses of responses older than `before`.
pub async fn purge_addresses(core: &Core, before: DateTime<Utc>) -> Result<u64> {
    Ok(core.store().purge_ips(before).await?)
}

/// Every response sent with this email address (a privacy export).
pub async fn by_email(core: &Core, actor: &Actor, email: &str) -> Result<Vec<Comment>> {
    actor.require(Capability::ModerateComments)?;
    Ok(core.read().comments_by_email(email.trim()).await?)
}

/// Deletes every response sent with this email address (a privacy
/// erasure request); returns how many.
pub async fn erase_email(core: &Core, actor: &Actor, email: &str) -> Result<u64> {
    actor.require(Capability::ModerateComments)?;
    let rows = core.read().comments_by_email(email.trim()).await?;
    let ids: Vec<CommentId> = rows.iter().map(|c| c.id).collect();
    let n = core.store().delete_comments(&ids).await?;
    let mut changes: Vec<Change> = rows.iter().map(|c| Change::Comments(c.post_id)).collect();
    changes.sort_by_key(|c| c.topic());
    changes.dedup();
    core.publish(&changes).await;
    Ok(n)
}

/// Sends an approved local comment to the fediverse.
async fn federate(core: &Core, id: CommentId, verb: Verb) -> Result<()> {
    match core.read().comment(id).await? {
        Some(c) => crate::service::fediverse::comments::changed(core, &c, verb).await,
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncates_addresses_when_storing() {
        assert_eq!(truncate_ip("203.0.113.77".parse().unwrap()), "203.0.113.0");
        assert_eq!(
            truncate_ip("2001:db8:abcd:12::1".parse().unwrap()),
            "2001:db8:abcd::"
        );
    }

    #[test]
    fn rejects_fields_when_invalid() {
        let ok = Submission {
            author_name: "Petra".into(),
            author_email: "p@example.org".into(),
            text: "Hallo".into(),
            ..Default::default()
        };
        assert!(validate(&mut ok.clone(), CommentKind::Comment).is_ok());
        for bad in [
            Submission {
                author_name: " ".into(),
                ..ok.clone()
            },
            Submission {
                author_email: "nope".into(),
                ..ok.clone()
            },
            Submission {
                text: "".into(),
                ..ok.clone()
            },
            Submission {
                text: "x".repeat(MAX_TEXT + 1),
                ..ok.clone()
            },
            Submission {
                author_url: "javascript:alert(1)".into(),
                ..ok.clone()
            },
            Submission {
                text: "a\u{0}b".into(),
                ..ok.clone()
            },
        ] {
            assert!(
                validate(&mut bad.clone(), CommentKind::Comment).is_err(),
                "{bad:?}"
            );
        }
        assert!(
            validate(
                &mut Submission {
                    source_url: "ftp://x".into(),
                    ..ok
                },
                CommentKind::Trackback
            )
            .is_err()
        );
    }
}
