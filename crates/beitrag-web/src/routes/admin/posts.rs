//! The list of posts and pages (`GET /admin/posts/`) with filters and
//! pagination, bulk actions (`POST /admin/posts/bulk`: publish, move to
//! draft, delete) and deleting one entry (`POST /admin/posts/{id}/delete`).
//! Every change goes through `service::post` (`update_many`, `delete`), so
//! roles are checked there; a bulk action is all or nothing: one entry the
//! viewer may not change keeps them all unchanged, and the notice says so.

use axum::extract::{Path, RawForm, RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use beitrag_core::model::{
    AdminPostQuery, PostCard, PostId, PostKind, PostList, PostStatus, Taxonomy,
};
use beitrag_core::service::access::{Capability, can, can_edit};
use beitrag_core::service::post;
use beitrag_core::service::search;
use serde::Serialize;

use super::form::{Fields, back_to, with_param};
use super::{refusal, render};
use crate::auth::AdminSession;
use crate::error::WebError;
use crate::state::{AppState, Site};

/// Rows per page.
const PER_PAGE: i64 = 20;

/// One option of a filter select.
#[derive(Debug, Serialize)]
struct Choice {
    value: String,
    label: String,
    selected: bool,
}

/// One row of the list.
#[derive(Debug, Serialize)]
struct Row {
    id: i64,
    title: String,
    status: &'static str,
    author: String,
    /// Publication date (or last change of an unpublished entry), local.
    date: String,
    tags: Vec<String>,
    categories: Vec<String>,
    editable: bool,
    view_url: Option<String>,
}

/// The filters as sent, echoed back into the form.
#[derive(Debug, Default, Serialize)]
struct Filters {
    status: String,
    author: String,
    tag: String,
    category: String,
    q: String,
}

#[derive(Debug, Serialize)]
struct ListPage {
    kind: &'static str,
    filters: Filters,
    statuses: Vec<Choice>,
    authors: Option<Vec<Choice>>,
    tags: Vec<Choice>,
    categories: Vec<Choice>,
    rows: Vec<Row>,
    total: i64,
    page: i64,
    pages: i64,
    prev_url: Option<String>,
    next_url: Option<String>,
    notice: Option<String>,
    notice_error: bool,
    /// This list's own URL, to come back to after a bulk action.
    back: String,
    can_publish: bool,
}

fn choice(value: &str, label: String, current: &str) -> Choice {
    Choice {
        selected: value == current,
        value: value.to_owned(),
        label,
    }
}

fn row(state: &AppState, site: &Site, me: &AdminSession, card: &PostCard) -> Row {
    let post = &card.post;
    let (mut tags, mut categories) = (Vec::new(), Vec::new());
    for t in &card.terms {
        match t.taxonomy {
            Taxonomy::Tag => tags.push(t.name.clone()),
            Taxonomy::Category => categories.push(site.directory.category_names(t.id)),
        }
    }
    Row {
        id: post.id.0,
        title: post.title.clone(),
        status: post.status.as_str(),
        author: card.author.display_name.clone(),
        date: super::when(
            state,
            me,
            site,
            post.published_at.unwrap_or(post.updated_at),
        ),
        tags,
        categories,
        editable: can_edit(&me.user, post),
        view_url: post
            .is_public_at(chrono::Utc::now())
            .then(|| site.url(&site.directory.post_path(&site.settings, post))),
    }
}

/// The notice after a bulk action, from the redirect's query. Only fixed
/// texts and numbers are shown, never text taken from the URL.
fn notice(state: &AppState, me: &AdminSession, site: &Site, q: &Fields) -> Option<(String, bool)> {
    let key = match q.get("done")? {
        "published" => "admin-posts-done-published",
        "drafted" => "admin-posts-done-drafted",
        "deleted" => "admin-posts-done-deleted",
        _ => return None,
    };
    let ok = q.id("ok").unwrap_or(0);
    let failed = q.id("failed").unwrap_or(0);
    let mut text = super::tr(state, me, site, key, &[("count", ok.into())]);
    if failed > 0 {
        text.push(' ');
        text.push_str(&super::tr(
            state,
            me,
            site,
            "admin-posts-done-failed",
            &[("count", failed.into())],
        ));
    }
    Some((text, failed > 0))
}

/// `GET /admin/posts/?kind=&status=&author=&tag=&category=&q=&page=`
pub(crate) async fn list(
    State(state): State<AppState>,
    me: AdminSession,
    RawQuery(query): RawQuery,
) -> Result<Response, WebError> {
    let q = Fields::query(query.as_deref());
    let site = state.site().await?;
    let kind = q
        .get("kind")
        .and_then(PostKind::parse)
        .unwrap_or(PostKind::Post);
    let filters = Filters {
        status: q.text("status"),
        author: q.text("author"),
        tag: q.text("tag"),
        category: q.text("category"),
        q: q.text("q"),
    };
    let others = can(me.user.role, Capability::EditOthersPosts);
    // Those who may edit only their own posts see only those.
    let author = if others {
        site.users
            .iter()
            .find(|u| u.login == filters.author)
            .map(|u| u.id)
    } else {
        Some(me.user.id)
    };
    let term = site
        .directory
        .tag(&filters.tag)
        .or_else(|| site.directory.category_by_path(&filters.category))
        .map(|t| t.id);
    let page = q.page();
    let search = q
        .non_empty("q")
        .map(|text| search::parse(&site.settings.language, text))
        .transpose();
    let list = match search {
        Ok(search) => {
            state
                .read()
                .admin_posts(&AdminPostQuery {
                    kind: Some(kind),
                    status: PostStatus::parse(&filters.status),
                    author,
                    term,
                    search,
                    offset: (page - 1) * PER_PAGE,
                    limit: PER_PAGE,
                })
                .await?
        }
        // A query too long to search finds nothing rather than everything.
        Err(_) => PostList {
            items: Vec::new(),
            total: 0,
        },
    };
    let pages = ((list.total + PER_PAGE - 1) / PER_PAGE).max(1);
    let mut base: Vec<(&str, &str)> = vec![("kind", kind.as_str())];
    for (k, v) in [
        ("status", &filters.status),
        ("author", &filters.author),
        ("tag", &filters.tag),
        ("category", &filters.category),
        ("q", &filters.q),
    ] {
        if !v.is_empty() {
            base.push((k, v));
        }
    }
    let url_of = |n: i64| {
        let mut s = url::form_urlencoded::Serializer::new(String::new());
        s.extend_pairs(base.iter());
        if n > 1 {
            s.append_pair("page", &n.to_string());
        }
        format!("/admin/posts/?{}", s.finish())
    };
    let mut tags: Vec<Choice> = Vec::new();
    let mut categories: Vec<Choice> = Vec::new();
    for t in site.directory.terms() {
        match t.taxonomy {
            Taxonomy::Tag => tags.push(choice(&t.slug, t.name.clone(), &filters.tag)),
            Taxonomy::Category => categories.push(choice(
                &site.directory.category_path(t.id),
                site.directory.category_names(t.id),
                &filters.category,
            )),
        }
    }
    tags.sort_by_key(|c| c.label.to_lowercase());
    categories.sort_by_key(|c| c.label.to_lowercase());
    let (notice, notice_error) =
        notice(&state, &me, &site, &q).map_or((None, false), |(t, e)| (Some(t), e));
    let list_page = ListPage {
        kind: kind.as_str(),
        statuses: PostStatus::ALL
            .iter()
            .map(|s| {
                let label = super::tr(
                    &state,
                    &me,
                    &site,
                    &format!("admin-post-status-{}", s.as_str()),
                    &[],
                );
                choice(s.as_str(), label, &filters.status)
            })
            .collect(),
        authors: others.then(|| {
            site.users
                .iter()
                .map(|u| choice(&u.login, u.display_name.clone(), &filters.author))
                .collect()
        }),
        tags,
        categories,
        rows: list
            .items
            .iter()
            .map(|c| row(&state, &site, &me, c))
            .collect(),
        total: list.total,
        page,
        pages,
        prev_url: (page > 1).then(|| url_of(page - 1)),
        next_url: (page < pages).then(|| url_of(page + 1)),
        notice,
        notice_error,
        back: url_of(page),
        can_publish: can(me.user.role, Capability::PublishOwnPosts),
        filters,
    };
    let section = if kind == PostKind::Page {
        "pages"
    } else {
        "posts"
    };
    render(
        &state,
        &me,
        StatusCode::OK,
        "posts.html",
        section,
        list_page,
    )
    .await
}

fn see_other(to: String) -> Response {
    (StatusCode::SEE_OTHER, [(header::LOCATION, to)]).into_response()
}

/// `POST /admin/posts/bulk`: `action` (`publish`, `draft`, `delete`) on the
/// checked `ids`, then back to the list with a notice.
pub(crate) async fn bulk(
    State(state): State<AppState>,
    me: AdminSession,
    RawForm(body): RawForm,
) -> Result<Response, WebError> {
    let fields = Fields::parse(&body);
    fields.check_csrf(&me)?;
    let back = back_to(fields.get("back"), "/admin/posts/");
    let ids: Vec<PostId> = fields.ids("ids").into_iter().map(PostId).collect();
    let (done, ok, failed) = match fields.get("action") {
        Some("delete") => match post::delete(state.core(), &me.actor(), &ids).await {
            Ok(n) => ("deleted", usize::try_from(n).unwrap_or(0), 0),
            // All or nothing: one entry the viewer may not delete keeps them all.
            Err(beitrag_core::Error::Forbidden(_) | beitrag_core::Error::NotFound) => {
                ("deleted", 0, ids.len())
            }
            Err(e) => return Err(e.into()),
        },
        Some(action @ ("publish" | "draft")) => {
            let (status, done) = if action == "publish" {
                (PostStatus::Published, "published")
            } else {
                (PostStatus::Draft, "drafted")
            };
            let patch = post::PostPatch {
                status: Some(status),
                ..post::PostPatch::default()
            };
            // All or nothing, like deleting.
            match post::update_many(state.core(), &me.actor(), &ids, &patch).await {
                Ok(n) => (done, n, 0),
                Err(beitrag_core::Error::Store(e)) => return Err(e.into()),
                Err(_) => (done, 0, ids.len()),
            }
        }
        _ => return Ok(see_other(back)),
    };
    let to = with_param(&back, "done", done);
    let to = with_param(&to, "ok", &ok.to_string());
    Ok(see_other(with_param(&to, "failed", &failed.to_string())))
}

/// `POST /admin/posts/{id}/delete` (the editor's delete button).
pub(crate) async fn delete(
    State(state): State<AppState>,
    me: AdminSession,
    Path(id): Path<i64>,
    RawForm(body): RawForm,
) -> Result<Response, WebError> {
    Fields::parse(&body).check_csrf(&me)?;
    let post = state
        .read()
        .post_by_id(PostId(id))
        .await?
        .ok_or(WebError::NotFound)?;
    match post::delete(state.core(), &me.actor(), &[post.id]).await {
        Ok(_) => {
            let to = format!(
                "/admin/posts/?kind={}&done=deleted&ok=1",
                post.kind.as_str()
            );
            Ok(see_other(to))
        }
        Err(beitrag_core::Error::Forbidden(why)) => {
            refusal(&state, &me, StatusCode::FORBIDDEN, "posts", &why).await
        }
        Err(e) => Err(e.into()),
    }
}
