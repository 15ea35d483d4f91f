//! The blog's documents as ActivityStreams: its actor, its posts as
//! `Article`s and the activities that carry them. The web layer serves
//! them (content negotiation) and the jobs send them, from this one place.

use beitrag_federation::vocab::{self, ActorDoc, ArticleDoc};
use beitrag_markdown::{absolute_urls, escape_html, summary};
use chrono::{DateTime, Utc};
use serde_json::Value;

use super::{Addresses, blog_key};
use crate::model::{Post, PostId, Taxonomy, Term};
use crate::service::links::Directory;
use crate::settings::Settings;
use crate::{Core, Result};

/// Words of the summary when a post has no excerpt.
const SUMMARY_WORDS: usize = 55;

/// What building a post's documents needs: the settings and the
/// directory, borrowed from the web layer's snapshot or from [`Loaded`].
pub struct Site<'a> {
    /// The settings.
    pub settings: &'a Settings,
    /// Terms and logins, for permalinks.
    pub directory: &'a Directory,
    /// Our addresses.
    pub addresses: Addresses,
}

/// Settings and directory read from the store (for jobs, which have no
/// snapshot).
pub struct Loaded {
    settings: Settings,
    directory: Directory,
}

impl Loaded {
    /// Loads settings, terms and users.
    pub async fn load(core: &Core) -> Result<Loaded> {
        let store = core.read();
        let settings = crate::service::settings::load(store).await?;
        let users = store.users().await?;
        let directory = Directory::new(store.terms().await?, &users);
        Ok(Loaded {
            settings,
            directory,
        })
    }

    /// The documents' view of it.
    pub fn site(&self) -> Site<'_> {
        Site::new(&self.settings, &self.directory)
    }
}

impl<'a> Site<'a> {
    /// Over settings and a directory the caller holds.
    pub fn new(settings: &'a Settings, directory: &'a Directory) -> Site<'a> {
        Site {
            settings,
            directory,
            addresses: Addresses::of(settings),
        }
    }

    /// The permalink of `post`.
    pub fn post_url(&self, post: &Post) -> String {
        format!(
            "{}{}",
            self.settings.base_url,
            self.directory.post_path(self.settings, post)
        )
    }

    /// `post` as an `Article`, its URLs absolute.
    pub fn article(&self, post: &Post, terms: &[Term]) -> Value {
        let url = self.post_url(post);
        let base = &self.settings.base_url;
        let content = absolute_urls(&post.html, base);
        let summary = if post.excerpt.trim().is_empty() {
            format!(
                "<p>{}</p>",
                escape_html(&summary(&post.html, SUMMARY_WORDS))
            )
        } else {
            format!("<p>{}</p>", escape_html(post.excerpt.trim()))
        };
        let tags = terms
            .iter()
            .filter(|t| t.taxonomy == Taxonomy::Tag)
            .map(|t| {
                (
                    t.name.clone(),
                    format!("{base}{}", self.directory.term_path(t)),
                )
            })
            .collect();
        let published = post.published_at.unwrap_or(post.updated_at);
        vocab::article(&ArticleDoc {
            id: &url,
            attributed_to: &self.addresses.actor(),
            name: &post.title,
            summary: &summary,
            content: &content,
            followers: &self.addresses.followers(),
            published,
            updated: (post.updated_at > published).then_some(post.updated_at),
            tags,
            images: Vec::new(),
            language: &self.settings.language,
        })
    }

    /// An activity of the blog actor around `object`.
    pub fn activity(&self, kind: &str, object: Value, at: DateTime<Utc>) -> Value {
        vocab::activity(kind, &self.addresses.actor(), object, at)
    }

    /// `Delete` of a post that is gone: a `Tombstone` with its former id.
    pub fn delete(&self, url: &str, at: DateTime<Utc>) -> Value {
        let mut tomb = vocab::tombstone(url, at);
        if let Some(o) = tomb.as_object_mut() {
            o.remove("@context");
        }
        let mut activity = self.activity("Delete", tomb, at);
        activity["to"] = serde_json::json!([vocab::PUBLIC]);
        activity["cc"] = serde_json::json!([self.addresses.followers()]);
        activity
    }
}

/// The public post `id` as an `Article` with `@context`, or `None` when it
/// is not public.
pub async fn article_of(core: &Core, site: &Site<'_>, id: PostId) -> Result<Option<Value>> {
    let Some(post) = core.read().post_by_id(id).await? else {
        return Ok(None);
    };
    if !super::federated(&post, Utc::now()) {
        return Ok(None);
    }
    let terms = core.read().terms_of_post(id).await?;
    let mut article = site.article(&post, &terms);
    article["@context"] = serde_json::json!(["https://www.w3.org/ns/activitystreams"]);
    Ok(Some(article))
}

/// The blog actor's document (its key is made on first use).
pub async fn blog_actor(core: &Core, site: &Site<'_>, created: DateTime<Utc>) -> Result<Value> {
    let key = blog_key(core).await?;
    let a = &site.addresses;
    let (actor, inbox, outbox) = (a.actor(), a.inbox(), a.outbox());
    let (followers, following, featured) = (a.followers(), a.following(), a.featured());
    let shared = a.shared_inbox();
    let home = format!("{}/", a.base());
    let icon = format!("{}/apple-touch-icon.png", a.base());
    let summary = format!("<p>{}</p>", escape_html(&site.settings.tagline));
    Ok(vocab::actor(&ActorDoc {
        id: &actor,
        username: &site.settings.fediverse_username,
        name: &site.settings.title,
        summary: &summary,
        url: &home,
        icon: Some((&icon, "image/png")),
        inbox: &inbox,
        shared_inbox: &shared,
        outbox: &outbox,
        followers: &followers,
        following: &following,
        featured: &featured,
        public_key_pem: &key.public_pem,
        published: created.min(key.created_at),
        manually_approves: false,
    }))
}
