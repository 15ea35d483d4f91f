//! `/api/v1/posts` and `/api/v1/pages`: list, get, create, update, delete,
//! and revisions. Saving goes through `core::service::post` (`save`, `update`), so
//! the API obeys the same role rules and conflict checks as the admin.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use beitrag_core::model::{
    AdminPostQuery, MediaId, OpenClosed, Post, PostCard, PostId, PostKind, PostStatus, RevisionId,
    Taxonomy,
};
use beitrag_core::service::access::{self, Capability, can};
use beitrag_core::service::post::{self, PostInput, PostPatch};
use beitrag_core::service::search;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

use super::body::{ApiPath as Path, ApiQuery as Query};
use super::{ApiJson, Page, Paging, invalid};
use crate::auth::ApiCaller;
use crate::problem::Problem;
use crate::state::{AppState, Site};

#[derive(OpenApi)]
#[openapi(
    paths(list, create, get_one, update, delete, revisions),
    components(schemas(PostOut, PostIn, RevisionOut, Page<PostOut>))
)]
pub(super) struct Api;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/posts", get(list).post(create))
        .route(
            "/api/v1/posts/{id}",
            get(get_one).patch(update).delete(delete),
        )
        .route("/api/v1/posts/{id}/revisions", get(revisions))
}

/// A post or page as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct PostOut {
    id: i64,
    /// `post` or `page`.
    kind: String,
    /// `draft`, `pending`, `published`, `scheduled` or `private`.
    status: String,
    slug: String,
    title: String,
    /// Markdown source.
    source: String,
    /// HTML rendered at save time.
    html: String,
    excerpt: String,
    /// Author login.
    author: String,
    published_at: Option<DateTime<Utc>>,
    updated_at: DateTime<Utc>,
    /// `open` or `closed`.
    comment_status: String,
    /// `open` or `closed`.
    ping_status: String,
    sticky: bool,
    tags: Vec<String>,
    /// Category paths such as `Social Media/Strategie`.
    categories: Vec<String>,
    /// TrackBack URLs pinged on publication.
    trackbacks: Vec<String>,
    /// Public URL (also for drafts: where it will live).
    url: String,
    /// Newest revision; send it back as `base_revision` to detect conflicts.
    revision: Option<i64>,
    /// Id of the featured image (an upload from `/media`), shown with the
    /// post, as `og:image` and in the feeds.
    featured_media: Option<i64>,
}

/// Fields to create or change. On update, absent fields keep their value.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct PostIn {
    /// `post` (default) or `page`; only when creating.
    kind: Option<String>,
    title: Option<String>,
    /// Markdown.
    source: Option<String>,
    slug: Option<String>,
    /// `draft`, `pending`, `published`, `scheduled` or `private`. A
    /// `published` post with a future `published_at` is scheduled.
    status: Option<String>,
    excerpt: Option<String>,
    /// Author login (default: the caller).
    author: Option<String>,
    published_at: Option<DateTime<Utc>>,
    comment_status: Option<String>,
    ping_status: Option<String>,
    sticky: Option<bool>,
    tags: Option<Vec<String>>,
    categories: Option<Vec<String>>,
    trackbacks: Option<Vec<String>>,
    /// Id of an uploaded image to feature; `null` removes it (on update,
    /// leaving the field out keeps it).
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<i64>)]
    featured_media: Option<Option<i64>>,
    /// The `revision` the change is based on; a newer one on the server is
    /// a 409 conflict instead of a silent overwrite.
    base_revision: Option<i64>,
}

/// A saved version.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct RevisionOut {
    id: i64,
    /// Login of who saved it.
    author: String,
    title: String,
    source: String,
    excerpt: String,
    saved_at: DateTime<Utc>,
}

/// Filters of the list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct Filter {
    /// `post` (default) or `page`.
    kind: Option<String>,
    /// Only this status.
    status: Option<String>,
    /// Only by this author login.
    author: Option<String>,
    /// Only with this tag (slug).
    tag: Option<String>,
    /// Only in this category (path of slugs, e.g. `social-media/strategie`).
    category: Option<String>,
    /// Full-text search, as on the blog's search page: words (stemmed in
    /// the site's language), `"phrases"`, `prefix*`; at most 200 characters.
    search: Option<String>,
}

fn parse_word<T>(
    field: &str,
    value: &str,
    parse: fn(&str) -> Option<T>,
    allowed: &str,
) -> Result<T, Problem> {
    parse(value).ok_or_else(|| invalid(field, format!("`{value}` is not one of {allowed}")))
}

/// A field that may be `null`: present as `Some(None)`, so an update can
/// tell "remove it" from "leave it" (a missing field stays `None`).
fn present<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

fn out(site: &Site, card: &PostCard, revision: Option<RevisionId>) -> PostOut {
    let post = &card.post;
    let (tags, categories) =
        card.terms
            .iter()
            .fold((Vec::new(), Vec::new()), |(mut t, mut c), term| {
                match term.taxonomy {
                    Taxonomy::Tag => t.push(term.name.clone()),
                    Taxonomy::Category => c.push(site.directory.category_names(term.id)),
                }
                (t, c)
            });
    PostOut {
        id: post.id.0,
        kind: post.kind.as_str().into(),
        status: post.status.as_str().into(),
        slug: post.slug.clone(),
        title: post.title.clone(),
        source: post.source.clone(),
        html: post.html.clone(),
        excerpt: post.excerpt.clone(),
        author: card.author.login.clone(),
        published_at: post.published_at,
        updated_at: post.updated_at,
        comment_status: post.comment_status.as_str().into(),
        ping_status: post.ping_status.as_str().into(),
        sticky: post.sticky,
        tags,
        categories,
        trackbacks: post.trackbacks.clone(),
        url: site.url(&site.directory.post_path(&site.settings, post)),
        revision: revision.map(|r| r.0),
        featured_media: post.featured_media.map(|m| m.0),
    }
}

/// The post as the caller may see it: editable by them, or public.
async fn visible_card(
    state: &AppState,
    caller: &ApiCaller,
    id: i64,
) -> Result<(PostCard, Option<RevisionId>), Problem> {
    let store = state.read();
    let post = store
        .post_by_id(PostId(id))
        .await?
        .ok_or_else(|| Problem::from(crate::error::WebError::NotFound))?;
    if !access::can_edit(&caller.user, &post) && !post.is_public_at(Utc::now()) {
        return Err(crate::error::WebError::NotFound.into());
    }
    card_of(state, post).await
}

async fn card_of(state: &AppState, post: Post) -> Result<(PostCard, Option<RevisionId>), Problem> {
    let store = state.read();
    let author = store
        .user_by_id(post.author_id)
        .await?
        .ok_or_else(|| Problem::from(crate::error::WebError::NotFound))?;
    let terms = store.terms_of_post(post.id).await?;
    let revision = store.latest_revision(post.id).await?;
    Ok((
        PostCard {
            author: beitrag_core::model::Author {
                id: author.id,
                login: author.login,
                display_name: author.display_name,
                email: author.email,
                bio: author.bio,
                avatar_url: author.avatar_url,
            },
            comment_count: 0,
            ping_count: 0,
            thread_count: 0,
            reactions: Default::default(),
            terms,
            post,
        },
        revision,
    ))
}

#[utoipa::path(
    get, path = "/posts", operation_id = "listPosts", tag = "posts",
    params(Filter, Paging),
    responses(
        (status = 200, description = "Posts the caller may edit, newest change first", body = Page<PostOut>),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
    )
)]
async fn list(
    State(state): State<AppState>,
    caller: ApiCaller,
    Query(f): Query<Filter>,
    Query(paging): Query<Paging>,
) -> Result<Response, Problem> {
    let (limit, offset, page, per_page) = paging.limit_offset()?;
    let site = state.site().await?;
    let kind = match f.kind.as_deref() {
        None => PostKind::Post,
        Some(k) => parse_word("kind", k, PostKind::parse, "post, page")?,
    };
    let status = post_status(f.status.as_deref())?;
    let mut author = match f.author.as_deref() {
        None => None,
        Some(login) => Some(
            site.users
                .iter()
                .find(|u| u.login == login)
                .map(|u| u.id)
                .ok_or_else(|| invalid("author", format!("no author `{login}`")))?,
        ),
    };
    if !can(caller.user.role, Capability::EditOthersPosts) {
        // Authors and contributors list their own posts only.
        if author.is_some_and(|a| a != caller.user.id) {
            return Ok(Problem::from(crate::error::WebError::Forbidden(
                "you may only list your own posts".into(),
            ))
            .into_response());
        }
        author = Some(caller.user.id);
    }
    let term = match (f.tag.as_deref(), f.category.as_deref()) {
        (Some(slug), _) => Some(
            site.directory
                .tag(slug)
                .map(|t| t.id)
                .ok_or_else(|| invalid("tag", format!("no tag `{slug}`")))?,
        ),
        (None, Some(path)) => Some(
            site.directory
                .category_by_path(path)
                .map(|t| t.id)
                .ok_or_else(|| invalid("category", format!("no category `{path}`")))?,
        ),
        (None, None) => None,
    };
    let search = match f.search.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(text) => Some(
            search::parse(&site.settings.language, text)
                .map_err(|e| invalid("search", e.to_string()))?,
        ),
    };
    let list = state
        .read()
        .admin_posts(&AdminPostQuery {
            kind: Some(kind),
            status,
            author,
            term,
            search,
            offset,
            limit,
        })
        .await?;
    let items = list.items.iter().map(|c| out(&site, c, None)).collect();
    Ok(axum::Json(Page {
        items,
        total: list.total,
        page,
        per_page,
    })
    .into_response())
}

#[utoipa::path(
    get, path = "/posts/{id}", operation_id = "getPost", tag = "posts",
    params(("id" = i64, Path, description = "Post id")),
    responses(
        (status = 200, body = PostOut),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
async fn get_one(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
) -> Result<axum::Json<PostOut>, Problem> {
    let (card, revision) = visible_card(&state, &caller, id).await?;
    let site = state.site().await?;
    Ok(axum::Json(out(&site, &card, revision)))
}

/// A status word, checked.
fn post_status(word: Option<&str>) -> Result<Option<PostStatus>, Problem> {
    word.map(|s| {
        parse_word(
            "status",
            s,
            PostStatus::parse,
            "draft, pending, published, scheduled, private",
        )
    })
    .transpose()
}

/// The words of the body, checked: `(status, kind, comment_status, ping_status)`.
#[allow(clippy::type_complexity)]
fn words(
    body: &PostIn,
) -> Result<
    (
        Option<PostStatus>,
        Option<PostKind>,
        Option<OpenClosed>,
        Option<OpenClosed>,
    ),
    Problem,
> {
    let status = post_status(body.status.as_deref())?;
    let kind = body
        .kind
        .as_deref()
        .map(|k| parse_word("kind", k, PostKind::parse, "post, page"))
        .transpose()?;
    let open_closed = |field: &str, v: Option<&str>| {
        v.map(|v| parse_word(field, v, OpenClosed::parse, "open, closed"))
            .transpose()
    };
    Ok((
        status,
        kind,
        open_closed("comment_status", body.comment_status.as_deref())?,
        open_closed("ping_status", body.ping_status.as_deref())?,
    ))
}

/// A new post from the body; the caller is the author unless it names one.
fn input_from(body: PostIn, author_login: String) -> Result<PostInput, Problem> {
    let (status, kind, comment_status, ping_status) = words(&body)?;
    Ok(PostInput {
        id: None,
        kind: kind.unwrap_or(PostKind::Post),
        status: status.unwrap_or(PostStatus::Draft),
        title: body.title.unwrap_or_default(),
        slug: body.slug,
        source: body.source.unwrap_or_default(),
        format: beitrag_core::model::SourceFormat::Markdown,
        excerpt: body.excerpt.unwrap_or_default(),
        author: body.author.unwrap_or(author_login),
        published_at: body.published_at,
        updated_at: None,
        comment_status,
        ping_status,
        sticky: body.sticky.unwrap_or(false),
        trackbacks: body.trackbacks.unwrap_or_default(),
        tags: body.tags.unwrap_or_default(),
        categories: body.categories.unwrap_or_default(),
        featured_media: body.featured_media.flatten().map(MediaId),
    })
}

/// The changes the body asks for; what it leaves out stays.
fn patch_from(body: PostIn) -> Result<(PostPatch, Option<RevisionId>), Problem> {
    let (status, kind, comment_status, ping_status) = words(&body)?;
    let patch = PostPatch {
        kind,
        status,
        title: body.title,
        slug: body.slug,
        source: body.source,
        excerpt: body.excerpt,
        author: body.author,
        published_at: body.published_at,
        comment_status,
        ping_status,
        sticky: body.sticky,
        trackbacks: body.trackbacks,
        tags: body.tags,
        categories: body.categories,
        featured_media: body.featured_media.map(|m| m.map(MediaId)),
    };
    Ok((patch, body.base_revision.map(RevisionId)))
}

async fn saved(state: &AppState, id: PostId, status: StatusCode) -> Result<Response, Problem> {
    let post = state
        .read()
        .post_by_id(id)
        .await?
        .ok_or_else(|| Problem::from(crate::error::WebError::NotFound))?;
    let (card, revision) = card_of(state, post).await?;
    let site = state.site().await?;
    let mut res = (status, axum::Json(out(&site, &card, revision))).into_response();
    if status == StatusCode::CREATED
        && let Ok(v) = format!("/api/v1/posts/{}", id.0).parse()
    {
        res.headers_mut().insert(axum::http::header::LOCATION, v);
    }
    Ok(res)
}

fn conflict_or(e: beitrag_core::Error) -> Problem {
    match e {
        beitrag_core::Error::EditConflict(current) => {
            let mut p = Problem::new(
                StatusCode::CONFLICT,
                format!(
                    "the post was changed since the revision this is based on; its current title is `{}` — fetch it again, merge, and send the new revision",
                    current.title
                ),
            );
            p.field = Some("base_revision".into());
            p
        }
        other => other.into(),
    }
}

#[utoipa::path(
    post, path = "/posts", operation_id = "createPost", tag = "posts",
    request_body = PostIn,
    responses(
        (status = 201, description = "Created", body = PostOut),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 415, body = Problem, content_type = "application/problem+json"),
    )
)]
async fn create(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiJson(body): ApiJson<PostIn>,
) -> Result<Response, Problem> {
    let input = input_from(body, caller.user.login.clone())?;
    let id = post::save(state.core(), &caller.actor(), input, None)
        .await
        .map_err(conflict_or)?;
    saved(&state, id, StatusCode::CREATED).await
}

#[utoipa::path(
    patch, path = "/posts/{id}", operation_id = "updatePost", tag = "posts",
    params(("id" = i64, Path, description = "Post id")),
    request_body = PostIn,
    responses(
        (status = 200, body = PostOut),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
    )
)]
async fn update(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<PostIn>,
) -> Result<Response, Problem> {
    let (card, _) = visible_card(&state, &caller, id).await?;
    let (patch, base) = patch_from(body)?;
    let id = post::update(state.core(), &caller.actor(), card.post.id, patch, base)
        .await
        .map_err(conflict_or)?;
    saved(&state, id, StatusCode::OK).await
}

#[utoipa::path(
    delete, path = "/posts/{id}", operation_id = "deletePost", tag = "posts",
    params(("id" = i64, Path, description = "Post id")),
    responses(
        (status = 204, description = "Deleted with its comments and revisions"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
async fn delete(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
) -> Result<StatusCode, Problem> {
    visible_card(&state, &caller, id).await?;
    post::delete(state.core(), &caller.actor(), &[PostId(id)]).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    get, path = "/posts/{id}/revisions", operation_id = "listPostRevisions", tag = "posts",
    params(("id" = i64, Path, description = "Post id")),
    responses(
        (status = 200, description = "Oldest first", body = Vec<RevisionOut>),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
async fn revisions(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
) -> Result<axum::Json<Vec<RevisionOut>>, Problem> {
    let (card, _) = visible_card(&state, &caller, id).await?;
    if !access::can_edit(&caller.user, &card.post) {
        return Err(crate::error::WebError::NotFound.into());
    }
    let site = state.site().await?;
    let revs = state.read().revisions(card.post.id).await?;
    Ok(axum::Json(
        revs.into_iter()
            .map(|r| RevisionOut {
                id: r.id.0,
                author: site.directory.login(r.author_id).to_owned(),
                title: r.title,
                source: r.source,
                excerpt: r.excerpt,
                saved_at: r.saved_at,
            })
            .collect(),
    ))
}
