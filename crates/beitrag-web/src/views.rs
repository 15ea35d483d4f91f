//! View models: what templates see. Built from core types with the site
//! snapshot, so templates never compute URLs or dates themselves.

use beitrag_core::model::{
    Comment, MenuItem, MenuKind, OpenClosed, Post, PostCard, Taxonomy, Term, TermId,
};
use beitrag_core::service::links::author_path;
use chrono::{DateTime, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::i18n::I18n;
use crate::state::Site;

/// `<head>` metadata.
#[derive(Debug, Serialize)]
pub struct Head {
    /// Document title.
    pub title: String,
    /// Absolute canonical URL.
    pub canonical: String,
    /// Meta/OpenGraph description.
    pub description: String,
    /// `website` or `article`.
    pub og_type: &'static str,
    /// `de_DE` / `en_US`.
    pub og_locale: &'static str,
    /// JSON-LD, already made safe for a `<script>` element.
    pub jsonld: String,
    /// Feed autodiscovery links.
    pub feeds: Vec<FeedLink>,
    /// Pagination `rel=prev`.
    pub prev_url: Option<String>,
    /// Pagination `rel=next`.
    pub next_url: Option<String>,
}

/// One `<link rel=alternate>`.
#[derive(Debug, Serialize)]
pub struct FeedLink {
    /// Title shown by feed readers.
    pub title: String,
    /// Absolute URL.
    pub url: String,
    /// MIME type.
    pub mime: &'static str,
}

/// Site-wide values.
#[derive(Debug, Serialize)]
pub struct SiteView {
    /// Blog name.
    pub title: String,
    /// Line under the name.
    pub tagline: String,
    /// Absolute home URL.
    pub home_url: String,
    /// Whether the Webmention endpoint is advertised.
    pub webmention: bool,
    /// RSS.
    pub feed_url: String,
    /// Atom.
    pub atom_url: String,
    /// JSON Feed.
    pub json_url: String,
    /// Pages for the navigation.
    pub pages: Vec<Link>,
    /// The uploaded icon's 192 px PNG (the ICO and touch icon sit at fixed paths).
    pub icon_png: Option<String>,
    /// The menu an administrator made; empty: the navigation shows home,
    /// the pages and RSS.
    pub menu: Vec<MenuLink>,
}

/// An entry of the navigation menu, with its submenu.
#[derive(Debug, Serialize)]
pub struct MenuLink {
    /// Text.
    pub title: String,
    /// Absolute URL.
    pub url: String,
    /// Entries nested under it.
    pub children: Vec<MenuLink>,
}

/// A titled link.
#[derive(Debug, Serialize)]
pub struct Link {
    /// Text.
    pub title: String,
    /// Absolute URL.
    pub url: String,
}

/// A tag or category link.
#[derive(Debug, Serialize)]
pub struct TermLink {
    /// Name.
    pub name: String,
    /// Absolute archive URL.
    pub url: String,
}

/// The author box.
#[derive(Debug, Serialize)]
pub struct AuthorView {
    /// Display name.
    pub name: String,
    /// Absolute archive URL.
    pub url: String,
    /// Biography.
    pub bio: String,
    /// Avatar URL (local identicon unless the user set one).
    pub avatar: String,
}

/// A post as lists and the single page show it.
#[derive(Debug, Serialize)]
pub struct PostView {
    /// Id.
    pub id: i64,
    /// Title.
    pub title: String,
    /// Absolute permalink.
    pub url: String,
    /// Stored HTML.
    pub html: String,
    /// Plain-text summary.
    pub summary: String,
    /// ISO 8601 publication time with offset.
    pub date_iso: String,
    /// Localised long date.
    pub date_long: String,
    /// Badge: two-digit day.
    pub badge_day: String,
    /// Badge: abbreviated month.
    pub badge_month: String,
    /// Badge: two-digit year.
    pub badge_year: String,
    /// Approved comments and replies.
    pub comment_count: i64,
    /// Approved linkbacks.
    pub ping_count: i64,
    /// Likes from the fediverse.
    pub likes: i64,
    /// Boosts from the fediverse.
    pub boosts: i64,
    /// Comments open?
    pub comments_open: bool,
    /// Pings open?
    pub pings_open: bool,
    /// Sticky?
    pub sticky: bool,
    /// Author.
    pub author: AuthorView,
    /// Tags.
    pub tags: Vec<TermLink>,
    /// Categories.
    pub categories: Vec<TermLink>,
}

/// A comment or linkback.
#[derive(Debug, Serialize)]
pub struct CommentView {
    /// Id (anchor).
    pub id: i64,
    /// Name or blog name.
    pub author: String,
    /// Website.
    pub author_url: String,
    /// Local identicon.
    pub avatar: String,
    /// ISO 8601.
    pub date_iso: String,
    /// Localised.
    pub date_long: String,
    /// Sanitised HTML.
    pub html: String,
    /// Thread depth (0 = top level).
    pub depth: usize,
    /// Linking page.
    pub source_url: String,
    /// Linking page's title.
    pub source_title: String,
    /// `comment`, `trackback`, `pingback`, `webmention`, …: linkbacks are
    /// labelled by it.
    pub kind: &'static str,
    /// Awaiting moderation (shown only to its author).
    pub pending: bool,
}

/// Errors of the comment form: the catalog key of each field's message.
/// Every field is always present (templates are strict about undefined
/// values), `None` when the field is fine.
#[derive(Debug, Default, Serialize)]
pub struct FormErrors {
    /// Whether any error is set.
    pub any: bool,
    /// The whole form (expired token, too fast, duplicate).
    pub form: Option<&'static str>,
    /// Name.
    pub name: Option<&'static str>,
    /// Email.
    pub email: Option<&'static str>,
    /// Website.
    pub url: Option<&'static str>,
    /// Text.
    pub text: Option<&'static str>,
    /// Every message in form order with the id of the field it is about,
    /// for the summary's links.
    pub list: Vec<ErrorLink>,
}

/// One entry of the error summary.
#[derive(Debug, Serialize)]
pub struct ErrorLink {
    /// Id of the element to go to.
    pub target: &'static str,
    /// Message key.
    pub key: &'static str,
}

impl FormErrors {
    /// Marks `field` with the message `key` (the first message per field wins).
    pub fn set(&mut self, field: &str, key: &'static str) {
        self.any = true;
        let target = match field {
            "name" => "author",
            "email" => "email",
            "url" => "url",
            "text" => "comment",
            _ => "respond",
        };
        if self.list.iter().any(|e| e.target == target) {
            return;
        }
        self.list.push(ErrorLink { target, key });
        match field {
            "name" => self.name = Some(key),
            "email" => self.email = Some(key),
            "url" => self.url = Some(key),
            "text" => self.text = Some(key),
            _ => self.form = Some(key),
        }
    }
}

/// The comment form as the template shows it.
#[derive(Debug, Default, Serialize)]
pub struct FormView {
    /// Where it posts to.
    pub action: String,
    /// Comment replied to.
    pub parent: Option<i64>,
    /// Name of the author replied to.
    pub reply_to: Option<String>,
    /// Signed token (post and time shown).
    pub token: String,
    /// Name as typed.
    pub name: String,
    /// Email as typed.
    pub email: String,
    /// Website as typed.
    pub url: String,
    /// Text as typed.
    pub text: String,
    /// Catalog keys of the errors, per field.
    pub errors: FormErrors,
    /// Deepest reply level.
    pub max_depth: u32,
    /// Reply notifications asked for.
    pub notify: bool,
}

/// Local avatar URL for an email address: a hash, never the address.
pub fn avatar_url(email: &str) -> String {
    let digest = Sha256::digest(email.trim().to_lowercase().as_bytes());
    let hex: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    format!("/avatar/{hex}.svg")
}

/// Published time of a post (falls back to its last change for drafts).
pub fn post_time(post: &Post) -> DateTime<Utc> {
    post.published_at.unwrap_or(post.updated_at)
}

impl SiteView {
    /// From the snapshot.
    pub fn new(site: &Site) -> Self {
        Self {
            title: site.settings.title.clone(),
            tagline: site.settings.tagline.clone(),
            home_url: site.url("/"),
            webmention: site.settings.webmention_status == beitrag_core::model::OpenClosed::Open,
            feed_url: site.url("/feed/"),
            atom_url: site.url("/feed/atom/"),
            json_url: site.url("/feed/json/"),
            pages: site
                .pages
                .iter()
                .map(|p| Link {
                    title: p.title.clone(),
                    url: site.url(&site.directory.post_path(&site.settings, p)),
                })
                .collect(),
            icon_png: crate::routes::icons::uploaded(site, "icon-192.png"),
            menu: menu(site),
        }
    }
}

/// The site's menu as links: an item whose page or category is gone (a
/// page unpublished since) is left out, and its children with it.
fn menu(site: &Site) -> Vec<MenuLink> {
    let link = |item: &MenuItem| -> Option<MenuLink> {
        let (title, url) = match item.kind {
            MenuKind::Page => {
                let page = site.pages.iter().find(|p| Some(p.id.0) == item.target)?;
                (
                    page.title.clone(),
                    site.url(&site.directory.post_path(&site.settings, page)),
                )
            }
            MenuKind::Category => {
                let term = site.directory.term(TermId(item.target?))?;
                (term.name.clone(), site.url(&site.directory.term_path(term)))
            }
            MenuKind::Custom => (item.url.clone(), item.url.clone()),
        };
        Some(MenuLink {
            title: if item.label.is_empty() {
                title
            } else {
                item.label.clone()
            },
            url,
            children: Vec::new(),
        })
    };
    site.menu
        .iter()
        .enumerate()
        .filter(|(_, item)| item.parent.is_none())
        .filter_map(|(n, item)| {
            let mut top = link(item)?;
            top.children = site
                .menu
                .iter()
                .filter(|c| c.parent == Some(n))
                .filter_map(link)
                .collect();
            Some(top)
        })
        .collect()
}

/// Links of a post's terms of one taxonomy, as the post's card lists them.
pub fn term_links(site: &Site, terms: &[Term], taxonomy: Taxonomy) -> Vec<TermLink> {
    terms
        .iter()
        .filter(|t| t.taxonomy == taxonomy)
        .map(|t| TermLink {
            name: t.name.clone(),
            url: site.url(&site.directory.term_path(t)),
        })
        .collect()
}

/// Builds the view of a post card.
pub fn post_view(site: &Site, i18n: &I18n, card: &PostCard) -> PostView {
    let lang = site.settings.language.as_str();
    let post = &card.post;
    let local = post_time(post).with_timezone(&site.settings.timezone);
    let closed_by_age = site
        .settings
        .closed_by_age(post.published_at, chrono::Utc::now());
    let summary = if post.excerpt.is_empty() {
        beitrag_markdown::summary(&post.html, 55)
    } else {
        post.excerpt.clone()
    };
    PostView {
        id: post.id.0,
        title: post.title.clone(),
        url: site.url(&site.directory.post_path(&site.settings, post)),
        html: post.html.clone(),
        summary,
        date_iso: local.to_rfc3339(),
        date_long: i18n.long_date(lang, local),
        badge_day: local.format("%d").to_string(),
        badge_month: i18n.short_month(lang, local),
        badge_year: local.format("%y").to_string(),
        comment_count: card.comment_count,
        likes: card.reactions.likes,
        boosts: card.reactions.announces,
        ping_count: card.ping_count,
        comments_open: post.comment_status == OpenClosed::Open && !closed_by_age,
        pings_open: post.ping_status == OpenClosed::Open && !closed_by_age,
        sticky: post.sticky,
        author: AuthorView {
            name: card.author.display_name.clone(),
            url: site.url(&author_path(&card.author.login)),
            bio: card.author.bio.clone(),
            avatar: card
                .author
                .avatar_url
                .clone()
                .unwrap_or_else(|| avatar_url(&card.author.email)),
        },
        tags: term_links(site, &card.terms, Taxonomy::Tag),
        categories: term_links(site, &card.terms, Taxonomy::Category),
    }
}

/// Orders comments as threads (parents before children, oldest first within
/// a level) and records each one's depth; linear in the number of comments.
pub fn thread<'a>(comments: impl Iterator<Item = &'a Comment>) -> Vec<(&'a Comment, usize)> {
    use std::collections::HashMap;
    let all: Vec<&Comment> = comments.collect();
    let ids: std::collections::HashSet<_> = all.iter().map(|c| c.id).collect();
    // Children by parent, each list oldest first (the input order).
    let mut children: HashMap<_, Vec<&Comment>> = HashMap::new();
    let mut roots = Vec::new();
    for c in &all {
        match c.parent.filter(|p| ids.contains(p) && *p != c.id) {
            Some(p) => children.entry(p).or_default().push(*c),
            // Replies to missing parents count as top level.
            None => roots.push(*c),
        }
    }
    let mut out = Vec::with_capacity(all.len());
    let mut stack: Vec<(&Comment, usize)> = roots.into_iter().rev().map(|c| (c, 0)).collect();
    while let Some((c, depth)) = stack.pop() {
        out.push((c, depth));
        if out.len() > all.len() {
            break;
        }
        if let Some(kids) = children.remove(&c.id) {
            stack.extend(kids.into_iter().rev().map(|k| (k, depth + 1)));
        }
    }
    out
}

/// Builds the view of a comment.
pub fn comment_view(site: &Site, i18n: &I18n, c: &Comment, depth: usize) -> CommentView {
    let local = c.created_at.with_timezone(&site.settings.timezone);
    CommentView {
        id: c.id.0,
        author: c.author_name.clone(),
        author_url: c.author_url.clone(),
        avatar: avatar_url(&c.author_email),
        date_iso: local.to_rfc3339(),
        date_long: i18n.long_date(&site.settings.language, local),
        html: c.html.clone(),
        depth: depth.min(9),
        source_url: c.source_url.clone(),
        source_title: c.source_title.clone(),
        kind: c.kind.as_str(),
        pending: c.status != beitrag_core::model::CommentStatus::Approved,
    }
}

/// JSON for a `<script type="application/ld+json">` element: `</` cannot end
/// the element early once escaped.
pub fn jsonld(value: &serde_json::Value) -> String {
    value.to_string().replace("</", "<\\/")
}

/// OpenGraph locale of a language.
pub fn og_locale(lang: &str) -> &'static str {
    if lang == "de" { "de_DE" } else { "en_US" }
}
