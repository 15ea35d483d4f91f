//! The sidebar's data, computed once for the whole site and shared by every
//! render until a change touches what it shows (readers never pay for it
//! per page). Only the active widgets are read, each with a bounded query,
//! and the snapshot knows which changes outdate it: the timeline for recent
//! posts, counts and archives, any comment for recent comments, a shown
//! post's own change for its title. Pages that show the sidebar carry the
//! same cache tags ([`Sidebar::tags`]), so exactly those writes drop them.

use std::collections::HashMap;

use beitrag_core::Change;
use beitrag_core::comment_page::{self, CommentPaging};
use beitrag_core::model::{
    ArchiveFilter, PostId, PostQuery, Taxonomy, TermId, Widget, WidgetKind, WidgetLink,
};
use chrono::{Offset, TimeZone, Utc};
use fluent_bundle::FluentValue;
use serde::Serialize;

use crate::cache;
use crate::error::WebError;
use crate::routes::resolve::Archive;
use crate::state::{AppState, Site};
use crate::templates::Templates;

/// Tags of the tag cloud: WordPress's `number` default.
const CLOUD_TAGS: usize = 45;
/// Font size steps of the tag cloud (CSS classes `size-1` … `size-5`).
const CLOUD_STEPS: i64 = 5;

/// What the sidebar shows, ready for the template.
#[derive(Debug, Default, Serialize)]
pub struct Sidebar {
    /// The widgets, in order.
    pub widgets: Vec<WidgetView>,
    /// Cache tags of every page that shows it.
    #[serde(skip)]
    pub tags: Vec<String>,
    #[serde(skip)]
    timeline: bool,
    #[serde(skip)]
    comments: bool,
    #[serde(skip)]
    posts: Vec<PostId>,
    /// Itself as a template value (`sidebar`), for themes that include
    /// `sidebar.html` themselves.
    #[serde(skip)]
    value: minijinja::Value,
    /// `sidebar.html` rendered once (`sidebar_html`): the sidebar is the
    /// same on every page, and rendering it per page was most of a page's
    /// template time.
    #[serde(skip)]
    html: minijinja::Value,
}

/// One widget with its heading and entries.
#[derive(Debug, Serialize)]
pub struct WidgetView {
    /// The kind's word (`recent-posts`), also the CSS class.
    pub kind: &'static str,
    /// Heading.
    pub title: String,
    /// Its entries (posts, comments, months, pages, links, feeds).
    pub items: Vec<Item>,
    /// The categories widget's tree.
    pub categories: Vec<CategoryNode>,
    /// The tag cloud.
    pub tags: Vec<CloudTag>,
    /// The subscribe widget's email form posts here (when mail is set up).
    pub subscribe_url: Option<String>,
}

/// One entry of a list widget.
#[derive(Debug, Serialize)]
pub struct Item {
    /// Text.
    pub title: String,
    /// Absolute URL.
    pub url: String,
    /// Posts of a month.
    pub count: Option<i64>,
}

/// A category with its post count and subcategories.
#[derive(Debug, Serialize)]
pub struct CategoryNode {
    /// Name.
    pub name: String,
    /// Archive URL.
    pub url: String,
    /// Visible posts filed under it.
    pub count: i64,
    /// Subcategories with posts.
    pub children: Vec<CategoryNode>,
}

/// A tag of the cloud.
#[derive(Debug, Serialize)]
pub struct CloudTag {
    /// Name.
    pub name: String,
    /// Archive URL.
    pub url: String,
    /// Visible posts with it.
    pub count: i64,
    /// 1 (least used) … 5 (most used).
    pub size: i64,
}

impl Sidebar {
    /// Whether the changes outdate this snapshot (settings and the widget
    /// list itself come with the site snapshot, dropped on `Site`).
    pub fn outdated_by(&self, changes: &[Change]) -> bool {
        changes.iter().any(|c| match c {
            Change::Site => true,
            Change::Timeline => self.timeline,
            Change::Comments(_) => self.comments,
            Change::Post(id) => self.posts.contains(id),
            Change::Media | Change::Jobs => false,
        })
    }

    /// With its template value and its HTML made, for [`Self::value`] and
    /// [`Self::html`]; no widgets, no HTML.
    pub fn rendered(mut self, templates: &Templates, site: &Site) -> Result<Self, WebError> {
        self.value = minijinja::Value::from(minijinja::value::Serde(&self));
        self.html = minijinja::Value::from_safe_string(String::new());
        if !self.widgets.is_empty() {
            let html = templates.render(
                "sidebar.html",
                minijinja::context! {
                    lang => site.settings.language.as_str(),
                    site => site.view(),
                    sidebar => self.value.clone(),
                },
            )?;
            self.html = minijinja::Value::from_safe_string(html);
        }
        Ok(self)
    }

    /// The sidebar as templates see it (`sidebar`).
    pub fn value(&self) -> minijinja::Value {
        self.value.clone()
    }

    /// Its HTML, safe for the template (`sidebar_html`); empty without
    /// widgets.
    pub fn html(&self) -> minijinja::Value {
        self.html.clone()
    }

    /// Reads what the site's widgets show.
    pub async fn build(state: &AppState, site: &Site) -> Result<Self, WebError> {
        let mut out = Self::default();
        let now = Utc::now();
        let lang = site.settings.language.as_str();
        let t = |key: &str, args: &[(&str, FluentValue<'_>)]| state.i18n().t(lang, key, args);
        let mut counts: Option<HashMap<TermId, i64>> = None;
        for w in &site.widgets {
            let title = if w.title.is_empty() {
                t(&format!("widget-{}", w.kind), &[])
            } else {
                w.title.clone()
            };
            let mut view = WidgetView {
                kind: w.kind.as_str(),
                title,
                items: Vec::new(),
                categories: Vec::new(),
                tags: Vec::new(),
                subscribe_url: None,
            };
            match w.kind {
                WidgetKind::Search => {}
                WidgetKind::RecentPosts => {
                    out.timeline = true;
                    view.items = out.recent_posts(state, site, w.shown()).await?;
                }
                WidgetKind::RecentComments => {
                    out.comments = true;
                    view.items = out.recent_comments(state, site, w.shown()).await?;
                }
                WidgetKind::Categories | WidgetKind::TagCloud => {
                    out.timeline = true;
                    if counts.is_none() {
                        let rows = state.read().term_post_counts(now).await?;
                        counts = Some(rows.into_iter().collect());
                    }
                    let counts = counts.as_ref().map_or_else(HashMap::new, Clone::clone);
                    if w.kind == WidgetKind::Categories {
                        view.categories = category_tree(site, &counts, None);
                    } else {
                        view.tags = cloud(site, &counts, w.shown());
                    }
                }
                WidgetKind::Archives => {
                    out.timeline = true;
                    view.items = archives(state, site, w).await?;
                }
                WidgetKind::Pages => {
                    view.items = site
                        .pages
                        .iter()
                        .map(|p| Item {
                            title: p.title.clone(),
                            url: site.url(&site.directory.post_path(&site.settings, p)),
                            count: None,
                        })
                        .collect();
                }
                WidgetKind::Links => view.items = links(&w.links),
                WidgetKind::Subscribe => {
                    view.items = [
                        ("RSS", "/feed/"),
                        ("Atom", "/feed/atom/"),
                        ("JSON Feed", "/feed/json/"),
                    ]
                    .into_iter()
                    .map(|(title, path)| Item {
                        title: title.to_owned(),
                        url: site.url(path),
                        count: None,
                    })
                    .collect();
                    view.subscribe_url =
                        state.core().options().mail.then(|| site.url("/subscribe"));
                }
            }
            out.widgets.push(view);
        }
        out.posts.sort();
        out.posts.dedup();
        out.tags = out.posts.iter().map(|id| cache::post_tag(*id)).collect();
        if out.timeline {
            out.tags.push(cache::TIMELINE.to_owned());
        }
        if out.comments {
            out.tags.push(cache::ALL_COMMENTS.to_owned());
        }
        Ok(out)
    }

    async fn recent_posts(
        &mut self,
        state: &AppState,
        site: &Site,
        n: i64,
    ) -> Result<Vec<Item>, WebError> {
        let list = state
            .read()
            .list_posts(&PostQuery {
                filter: ArchiveFilter::All,
                sticky_first: false,
                now: Utc::now(),
                offset: 0,
                limit: n,
            })
            .await?;
        Ok(list
            .items
            .iter()
            .map(|c| {
                self.posts.push(c.post.id);
                Item {
                    title: c.post.title.clone(),
                    url: site.url(&site.directory.post_path(&site.settings, &c.post)),
                    count: None,
                }
            })
            .collect())
    }

    async fn recent_comments(
        &mut self,
        state: &AppState,
        site: &Site,
        n: i64,
    ) -> Result<Vec<Item>, WebError> {
        let rows = state.read().recent_comments(None, Utc::now(), n).await?;
        let ids: Vec<_> = rows.iter().map(|r| r.comment.id).collect();
        let places: HashMap<_, _> = state
            .read()
            .comment_places(&ids)
            .await?
            .into_iter()
            .collect();
        let paging = CommentPaging::of(&site.settings);
        Ok(rows
            .iter()
            .map(|row| {
                self.posts.push(row.post.id);
                let post_url = site.url(&site.directory.post_path(&site.settings, &row.post));
                let c = &row.comment;
                Item {
                    title: state.i18n().t(
                        &site.settings.language,
                        "widget-comment-on",
                        &[
                            ("author", FluentValue::from(c.author_name.clone())),
                            ("post", FluentValue::from(row.post.title.clone())),
                        ],
                    ),
                    url: comment_page::link_at(
                        &paging,
                        &post_url,
                        c.id,
                        places.get(&c.id).copied(),
                    ),
                    count: None,
                }
            })
            .collect())
    }
}

/// The categories under `parent` that have posts (themselves or below),
/// by name, each with its own count as WordPress shows it.
fn category_tree(
    site: &Site,
    counts: &HashMap<TermId, i64>,
    parent: Option<TermId>,
) -> Vec<CategoryNode> {
    let mut nodes: Vec<CategoryNode> = site
        .directory
        .terms()
        .iter()
        .filter(|t| t.taxonomy == Taxonomy::Category && t.parent == parent)
        .filter_map(|t| {
            let children = category_tree(site, counts, Some(t.id));
            let count = counts.get(&t.id).copied().unwrap_or(0);
            (count > 0 || !children.is_empty()).then(|| CategoryNode {
                name: t.name.clone(),
                url: site.url(&site.directory.term_path(t)),
                count,
                children,
            })
        })
        .collect();
    nodes.sort_by_key(|n| n.name.to_lowercase());
    nodes
}

/// The `n` most used tags, alphabetically, sized in five steps between the
/// least and the most used of them.
fn cloud(site: &Site, counts: &HashMap<TermId, i64>, n: i64) -> Vec<CloudTag> {
    let mut tags: Vec<_> = site
        .directory
        .terms()
        .iter()
        .filter(|t| t.taxonomy == Taxonomy::Tag)
        .filter_map(|t| counts.get(&t.id).map(|c| (t, *c)))
        .collect();
    tags.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.name.cmp(&b.0.name)));
    tags.truncate(usize::try_from(n).unwrap_or(CLOUD_TAGS).min(CLOUD_TAGS));
    let min = tags.iter().map(|t| t.1).min().unwrap_or(0);
    let max = tags.iter().map(|t| t.1).max().unwrap_or(0);
    let mut out: Vec<CloudTag> = tags
        .into_iter()
        .map(|(t, count)| CloudTag {
            name: t.name.clone(),
            url: site.url(&site.directory.term_path(t)),
            count,
            size: if max == min {
                CLOUD_STEPS / 2 + 1
            } else {
                1 + (count - min) * (CLOUD_STEPS - 1) / (max - min)
            },
        })
        .collect();
    out.sort_by_key(|t| t.name.to_lowercase());
    out
}

/// Months with posts, newest first, linking to the month archives.
async fn archives(state: &AppState, site: &Site, w: &Widget) -> Result<Vec<Item>, WebError> {
    let now = Utc::now();
    let zone = &site.settings.timezone;
    let offset = i64::from(
        zone.offset_from_utc_datetime(&now.naive_utc())
            .fix()
            .local_minus_utc(),
    );
    let months = state.read().month_counts(now, offset, w.shown()).await?;
    let lang = site.settings.language.as_str();
    Ok(months
        .into_iter()
        .filter_map(|m| {
            let first = zone
                .with_ymd_and_hms(m.year, m.month, 1, 12, 0, 0)
                .single()?;
            Some(Item {
                title: state.i18n().month_year(lang, first),
                url: site.url(&Archive::Date(m.year, Some(m.month), None).path()),
                count: Some(m.posts),
            })
        })
        .collect())
}

fn links(links: &[WidgetLink]) -> Vec<Item> {
    links
        .iter()
        .map(|l| Item {
            title: if l.label.is_empty() {
                l.url.clone()
            } else {
                l.label.clone()
            },
            url: l.url.clone(),
            count: None,
        })
        .collect()
}
