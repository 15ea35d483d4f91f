//! What an author submits for a post ([`PostInput`]), what a change to a
//! stored one names ([`PostPatch`]), and the way back from a stored post
//! to input ([`input_of`]). The rules that check them are `service::post`'s.

use chrono::{DateTime, Utc};

use crate::model::{MediaId, OpenClosed, Post, PostId, PostKind, PostStatus, SourceFormat};
use crate::service::links::Directory;

/// What an author submits for one post or page.
#[derive(Debug, Clone, PartialEq)]
pub struct PostInput {
    /// Existing post to replace, or `None` for a new one.
    pub id: Option<PostId>,
    /// Post or page.
    pub kind: PostKind,
    /// Publication state.
    pub status: PostStatus,
    /// Title (required).
    pub title: String,
    /// Slug; derived from the title when `None`.
    pub slug: Option<String>,
    /// Source as written.
    pub source: String,
    /// What `source` is written in.
    pub format: SourceFormat,
    /// Hand-written excerpt.
    pub excerpt: String,
    /// Author login.
    pub author: String,
    /// Publication time; now when publishing without one.
    pub published_at: Option<DateTime<Utc>>,
    /// Last change; now when `None`.
    pub updated_at: Option<DateTime<Utc>>,
    /// Comment switch; the site default when `None`.
    pub comment_status: Option<OpenClosed>,
    /// Ping switch; the site default when `None`.
    pub ping_status: Option<OpenClosed>,
    /// Sticky on the home page.
    pub sticky: bool,
    /// TrackBack URLs to ping when published (absolute http(s) URLs).
    pub trackbacks: Vec<String>,
    /// Tag names.
    pub tags: Vec<String>,
    /// Category paths like `Social Media/Strategie`.
    pub categories: Vec<String>,
    /// The featured image: a stored image (checked by `service::featured`).
    pub featured_media: Option<MediaId>,
}

/// Changes to a stored post; `None` keeps the field.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PostPatch {
    /// Post or page: only the one it is (a post never becomes a page).
    pub kind: Option<PostKind>,
    /// Publication state.
    pub status: Option<PostStatus>,
    /// Title.
    pub title: Option<String>,
    /// Slug.
    pub slug: Option<String>,
    /// Markdown source.
    pub source: Option<String>,
    /// Hand-written excerpt.
    pub excerpt: Option<String>,
    /// Author login.
    pub author: Option<String>,
    /// Publication time.
    pub published_at: Option<DateTime<Utc>>,
    /// Comment switch.
    pub comment_status: Option<OpenClosed>,
    /// Ping switch.
    pub ping_status: Option<OpenClosed>,
    /// Sticky on the home page.
    pub sticky: Option<bool>,
    /// TrackBack URLs.
    pub trackbacks: Option<Vec<String>>,
    /// Tag names.
    pub tags: Option<Vec<String>>,
    /// Category paths.
    pub categories: Option<Vec<String>>,
    /// The featured image: `Some(None)` removes it.
    pub featured_media: Option<Option<MediaId>>,
}

/// The input that saves a stored post unchanged: the one way a stored post
/// becomes input again (the editor, the API, bulk actions, revisions).
pub fn input_of(
    post: &Post,
    author: &str,
    terms: &[crate::model::Term],
    directory: &Directory,
) -> PostInput {
    use crate::model::Taxonomy;
    PostInput {
        id: Some(post.id),
        kind: post.kind,
        status: post.status,
        title: post.title.clone(),
        slug: Some(post.slug.clone()),
        source: post.source.clone(),
        format: post.format,
        excerpt: post.excerpt.clone(),
        author: author.to_owned(),
        published_at: post.published_at,
        updated_at: None,
        comment_status: Some(post.comment_status),
        ping_status: Some(post.ping_status),
        sticky: post.sticky,
        trackbacks: post.trackbacks.clone(),
        tags: terms
            .iter()
            .filter(|t| t.taxonomy == Taxonomy::Tag)
            .map(|t| t.name.clone())
            .collect(),
        categories: terms
            .iter()
            .filter(|t| t.taxonomy == Taxonomy::Category)
            .map(|t| directory.category_names(t.id))
            .collect(),
        featured_media: post.featured_media,
    }
}
