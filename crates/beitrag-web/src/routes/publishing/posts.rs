//! Writing and reading posts over XML-RPC: MetaWeblog, Blogger, `mt.*` and
//! `wp.*` calls turned into `post::save`, `post::update` and `post::delete`
//! with the signed-in user as the actor. What the role may do is the
//! services' answer; a post the user may not edit reads as 401.

use beitrag_core::Actor;
use beitrag_core::model::{
    AdminPostQuery, MediaId, Post, PostId, PostKind, PostStatus, SourceFormat, TermId,
};
use beitrag_core::service::access;
use beitrag_core::service::post::{self, PostInput, PostPatch};
use beitrag_linkback::xmlrpc::Value;

use super::convert::{
    kind_of, member_flag, member_list, member_text, metaweblog, open_closed, parse_date, wordpress,
};
use super::{Answer, Fault, fault, missing, string, text};
use crate::error::WebError;
use crate::state::AppState;

fn bad(message: &str) -> Fault {
    (400, message.to_owned())
}

/// The post named by parameter `at`, when the user may edit it.
async fn editable(
    state: &AppState,
    me: &Actor,
    p: &[Value],
    at: usize,
) -> Result<Result<Post, Fault>, WebError> {
    let Some(id) = string(p, at).and_then(|s| s.trim().parse::<i64>().ok()) else {
        return Ok(Err((404, "Invalid post ID.".into())));
    };
    let Some(post) = state.read().post_by_id(PostId(id)).await? else {
        return Ok(Err((404, "Invalid post ID.".into())));
    };
    match me.user() {
        Some(user) if access::can_edit(user, &post) => Ok(Ok(post)),
        _ => Ok(Err((
            401,
            "Sorry, you are not allowed to edit this post.".into(),
        ))),
    }
}

async fn saved(result: beitrag_core::Result<PostId>) -> Result<Answer, WebError> {
    Ok(match result {
        Ok(id) => Ok(text(&id.0.to_string())),
        Err(e) => Err(fault(e)?),
    })
}

async fn done(result: beitrag_core::Result<PostId>) -> Result<Answer, WebError> {
    Ok(match result {
        Ok(_) => Ok(Value::Bool(true)),
        Err(e) => Err(fault(e)?),
    })
}

fn login(me: &Actor) -> String {
    me.user().map(|u| u.login.clone()).unwrap_or_default()
}

/// What a MetaWeblog struct says, as the fields of a patch; `publish` is
/// the call's flag, which decides the status unless `post_status` does.
fn mw_patch(v: &Value, publish: Option<bool>) -> Result<PostPatch, Fault> {
    let body = member_text(v, "description");
    let more = member_text(v, "mt_text_more").filter(|m| !m.trim().is_empty());
    let source = match (body, more) {
        (Some(b), Some(m)) => Some(format!("{b}\n<!--more-->\n{m}")),
        (b, _) => b,
    };
    let status = match member_text(v, "post_status") {
        Some(w) => Some(
            PostStatus::from_wordpress(&w)
                .ok_or_else(|| bad("post_status is not a WordPress status"))?,
        ),
        None => publish.map(|on| {
            if on {
                PostStatus::Published
            } else {
                PostStatus::Draft
            }
        }),
    };
    let when = v
        .member("date_created_gmt")
        .or_else(|| v.member("dateCreated"))
        .map(|d| parse_date(d).ok_or_else(|| bad("dateCreated is not a date")))
        .transpose()?;
    Ok(PostPatch {
        kind: None,
        status,
        title: member_text(v, "title"),
        slug: member_text(v, "wp_slug").filter(|s| !s.trim().is_empty()),
        source,
        excerpt: member_text(v, "mt_excerpt"),
        author: None,
        published_at: when,
        comment_status: member_flag(v, "mt_allow_comments").map(open_closed),
        ping_status: member_flag(v, "mt_allow_pings").map(open_closed),
        sticky: member_flag(v, "sticky"),
        trackbacks: member_list(v, "mt_tb_ping_urls"),
        tags: member_list(v, "mt_keywords"),
        categories: member_list(v, "categories"),
        featured_media: None,
    })
}

/// A new post from a patch of everything a client sent.
fn new_input(patch: PostPatch, kind: PostKind, author: String) -> PostInput {
    PostInput {
        id: None,
        kind,
        status: patch.status.unwrap_or(PostStatus::Draft),
        title: patch.title.unwrap_or_default(),
        slug: patch.slug,
        source: patch.source.unwrap_or_default(),
        // Clients write HTML.
        format: SourceFormat::Html,
        excerpt: patch.excerpt.unwrap_or_default(),
        author: patch.author.unwrap_or(author),
        published_at: patch.published_at,
        updated_at: None,
        comment_status: patch.comment_status,
        ping_status: patch.ping_status,
        sticky: patch.sticky.unwrap_or(false),
        trackbacks: patch.trackbacks.unwrap_or_default(),
        tags: patch.tags.unwrap_or_default(),
        categories: patch.categories.unwrap_or_default(),
        featured_media: patch.featured_media.flatten(),
    }
}

fn flag_param(p: &[Value], at: usize) -> Option<bool> {
    match p.get(at)? {
        Value::Bool(b) => Some(*b),
        Value::Int(i) => Some(*i != 0),
        _ => None,
    }
}

/// `metaWeblog.newPost(blogid, user, password, struct, publish)`
pub(super) async fn mw_new(state: &AppState, me: &Actor, p: &[Value]) -> Result<Answer, WebError> {
    let Some(content) = p.get(3) else {
        return Ok(Err(missing()));
    };
    create(
        state,
        me,
        content,
        mw_patch(content, flag_param(p, 4).or(Some(false))),
    )
    .await
}

/// A new post of the kind a struct names (`post_type`), from its patch.
async fn create(
    state: &AppState,
    me: &Actor,
    content: &Value,
    patch: Result<PostPatch, Fault>,
) -> Result<Answer, WebError> {
    let patch = match patch {
        Ok(patch) => patch,
        Err(f) => return Ok(Err(f)),
    };
    let Some(kind) = kind_of(&member_text(content, "post_type").unwrap_or_default()) else {
        return Ok(Err((
            401,
            "Sorry, you are not allowed to publish posts in this post type.".into(),
        )));
    };
    saved(post::save(state.core(), me, new_input(patch, kind, login(me)), None).await).await
}

/// `metaWeblog.editPost(postid, user, password, struct, publish)`
pub(super) async fn mw_edit(state: &AppState, me: &Actor, p: &[Value]) -> Result<Answer, WebError> {
    let post = match editable(state, me, p, 0).await? {
        Ok(post) => post,
        Err(f) => return Ok(Err(f)),
    };
    let Some(content) = p.get(3) else {
        return Ok(Err(missing()));
    };
    let patch = match mw_patch(content, flag_param(p, 4)) {
        Ok(patch) => patch,
        Err(f) => return Ok(Err(f)),
    };
    done(post::update(state.core(), me, post.id, patch, None).await).await
}

/// `metaWeblog.getPost(postid, user, password)`
pub(super) async fn mw_get(state: &AppState, me: &Actor, p: &[Value]) -> Result<Answer, WebError> {
    let post = match editable(state, me, p, 0).await? {
        Ok(post) => post,
        Err(f) => return Ok(Err(f)),
    };
    let site = state.site().await?;
    let terms = state.read().terms_of_post(post.id).await?;
    Ok(Ok(metaweblog(&site, &post, &terms)))
}

/// The newest posts the user may edit.
async fn editable_posts(
    state: &AppState,
    me: &Actor,
    kind: Option<PostKind>,
    status: Option<PostStatus>,
    offset: i64,
    limit: i64,
) -> Result<Vec<Post>, WebError> {
    let Some(user) = me.user() else {
        return Ok(Vec::new());
    };
    let author = (!access::can(user.role, access::Capability::EditOthersPosts)).then_some(user.id);
    let list = state
        .read()
        .admin_posts(&AdminPostQuery {
            kind,
            status,
            author,
            term: None,
            search: None,
            offset: offset.max(0),
            limit: limit.clamp(1, 100),
        })
        .await?;
    Ok(list
        .items
        .into_iter()
        .map(|c| c.post)
        .filter(|p| access::can_edit(user, p))
        .collect())
}

/// `metaWeblog.getRecentPosts(blogid, user, password, n)` and
/// `mt.getRecentPostTitles` (titles only).
pub(super) async fn mw_recent(
    state: &AppState,
    me: &Actor,
    p: &[Value],
    titles: bool,
) -> Result<Answer, WebError> {
    let n = p.get(3).and_then(Value::as_i64).unwrap_or(10);
    let posts = editable_posts(state, me, Some(PostKind::Post), None, 0, n).await?;
    let site = state.site().await?;
    let mut out = Vec::with_capacity(posts.len());
    for post in &posts {
        out.push(if titles {
            Value::Struct(vec![
                ("postid".into(), text(&post.id.0.to_string())),
                ("title".into(), text(&post.title)),
                (
                    "dateCreated".into(),
                    super::convert::date(post.published_at.unwrap_or(post.updated_at)),
                ),
                ("userid".into(), text(&post.author_id.0.to_string())),
            ])
        } else {
            metaweblog(&site, post, &state.read().terms_of_post(post.id).await?)
        });
    }
    Ok(Ok(Value::Array(out)))
}

/// `blogger.deletePost(appkey, postid, …)`, `metaWeblog.deletePost` (the
/// same) and `wp.deletePost(blogid, user, password, post_id)`.
pub(super) async fn delete(
    state: &AppState,
    me: &Actor,
    method: &str,
    p: &[Value],
) -> Result<Answer, WebError> {
    let at = if method == "wp.deletePost" { 3 } else { 1 };
    let post = match editable(state, me, p, at).await? {
        Ok(post) => post,
        Err(f) => return Ok(Err(f)),
    };
    Ok(match post::delete(state.core(), me, &[post.id]).await {
        Ok(_) => Ok(Value::Bool(true)),
        Err(e) => Err(fault(e)?),
    })
}

/// `mt.getPostCategories(postid, user, password)`
pub(super) async fn mt_categories(
    state: &AppState,
    me: &Actor,
    p: &[Value],
) -> Result<Answer, WebError> {
    let post = match editable(state, me, p, 0).await? {
        Ok(post) => post,
        Err(f) => return Ok(Err(f)),
    };
    let site = state.site().await?;
    let terms = state.read().terms_of_post(post.id).await?;
    let list = terms
        .iter()
        .filter(|t| t.taxonomy == beitrag_core::model::Taxonomy::Category)
        .map(|t| {
            Value::Struct(vec![
                (
                    "categoryName".into(),
                    text(&site.directory.category_names(t.id)),
                ),
                ("categoryId".into(), text(&t.id.0.to_string())),
                (
                    "isPrimary".into(),
                    Value::Bool(post.primary_category == Some(t.id)),
                ),
            ])
        })
        .collect();
    Ok(Ok(Value::Array(list)))
}

/// `mt.setPostCategories(postid, user, password, [{categoryId}])`
pub(super) async fn mt_set_categories(
    state: &AppState,
    me: &Actor,
    p: &[Value],
) -> Result<Answer, WebError> {
    let post = match editable(state, me, p, 0).await? {
        Ok(post) => post,
        Err(f) => return Ok(Err(f)),
    };
    let Some(Value::Array(items)) = p.get(3) else {
        return Ok(Err(bad("the categories must be an array")));
    };
    let site = state.site().await?;
    let mut categories = Vec::new();
    for item in items {
        let id = member_text(item, "categoryId").and_then(|s| s.trim().parse::<i64>().ok());
        match id.and_then(|id| site.directory.term(TermId(id))) {
            Some(t) => categories.push(site.directory.category_names(t.id)),
            None => return Ok(Err(bad("a categoryId names no category"))),
        }
    }
    let patch = PostPatch {
        categories: Some(categories),
        ..PostPatch::default()
    };
    done(post::update(state.core(), me, post.id, patch, None).await).await
}

/// `mt.publishPost(postid, user, password)`
pub(super) async fn mt_publish(
    state: &AppState,
    me: &Actor,
    p: &[Value],
) -> Result<Answer, WebError> {
    let post = match editable(state, me, p, 0).await? {
        Ok(post) => post,
        Err(f) => return Ok(Err(f)),
    };
    let patch = PostPatch {
        status: Some(PostStatus::Published),
        ..PostPatch::default()
    };
    done(post::update(state.core(), me, post.id, patch, None).await).await
}

/// WordPress's content struct (`wp.newPost`, `wp.editPost`) as a patch.
async fn wp_patch(state: &AppState, v: &Value) -> Result<Result<PostPatch, Fault>, WebError> {
    let status = match member_text(v, "post_status") {
        Some(w) => match PostStatus::from_wordpress(&w) {
            Some(s) => Some(s),
            None => return Ok(Err(bad("post_status is not a WordPress status"))),
        },
        None => None,
    };
    let when = match v.member("post_date_gmt").or_else(|| v.member("post_date")) {
        Some(d) => match parse_date(d) {
            Some(t) => Some(t),
            None => return Ok(Err(bad("post_date is not a date"))),
        },
        None => None,
    };
    let site = state.site().await?;
    let author = match member_text(v, "post_author").and_then(|a| a.trim().parse::<i64>().ok()) {
        Some(id) => match site.users.iter().find(|u| u.id.0 == id) {
            Some(u) => Some(u.login.clone()),
            None => return Ok(Err(bad("post_author names no user"))),
        },
        None => None,
    };
    let names = v.member("terms_names");
    let mut tags = names.and_then(|n| member_list(n, "post_tag"));
    let mut categories = names.and_then(|n| member_list(n, "category"));
    if let Some(ids) = v.member("terms") {
        for (taxonomy, into) in [("category", &mut categories), ("post_tag", &mut tags)] {
            let Some(list) = member_list(ids, taxonomy) else {
                continue;
            };
            let target = into.get_or_insert_with(Vec::new);
            for id in list {
                let term = id
                    .parse::<i64>()
                    .ok()
                    .and_then(|i| site.directory.term(TermId(i)));
                match term {
                    Some(t) if taxonomy == "category" => {
                        target.push(site.directory.category_names(t.id))
                    }
                    Some(t) => target.push(t.name.clone()),
                    None => return Ok(Err(bad("a term id names no term"))),
                }
            }
        }
    }
    // WordPress: an attachment id; empty or 0 removes the thumbnail.
    let featured_media = match member_text(v, "post_thumbnail").map(|t| t.trim().to_owned()) {
        None => None,
        Some(t) if t.is_empty() || t == "0" => Some(None),
        Some(t) => match t.parse::<i64>() {
            Ok(id) => Some(Some(MediaId(id))),
            Err(_) => return Ok(Err(bad("post_thumbnail is not an attachment id"))),
        },
    };
    Ok(Ok(PostPatch {
        kind: None,
        status,
        title: member_text(v, "post_title"),
        slug: member_text(v, "post_name").filter(|s| !s.trim().is_empty()),
        source: member_text(v, "post_content"),
        excerpt: member_text(v, "post_excerpt"),
        author,
        published_at: when,
        comment_status: member_flag(v, "comment_status").map(open_closed),
        ping_status: member_flag(v, "ping_status").map(open_closed),
        sticky: member_flag(v, "sticky"),
        trackbacks: None,
        tags,
        categories,
        featured_media,
    }))
}

/// `wp.newPost(blogid, user, password, content)`
pub(super) async fn wp_new(state: &AppState, me: &Actor, p: &[Value]) -> Result<Answer, WebError> {
    let Some(content) = p.get(3) else {
        return Ok(Err(missing()));
    };
    let patch = wp_patch(state, content).await?;
    create(state, me, content, patch).await
}

/// `wp.editPost(blogid, user, password, post_id, content)`
pub(super) async fn wp_edit(state: &AppState, me: &Actor, p: &[Value]) -> Result<Answer, WebError> {
    let post = match editable(state, me, p, 3).await? {
        Ok(post) => post,
        Err(f) => return Ok(Err(f)),
    };
    let Some(content) = p.get(4) else {
        return Ok(Err(missing()));
    };
    let patch = match wp_patch(state, content).await? {
        Ok(patch) => patch,
        Err(f) => return Ok(Err(f)),
    };
    done(post::update(state.core(), me, post.id, patch, None).await).await
}

/// `wp.getPost(blogid, user, password, post_id)`
pub(super) async fn wp_get(state: &AppState, me: &Actor, p: &[Value]) -> Result<Answer, WebError> {
    let post = match editable(state, me, p, 3).await? {
        Ok(post) => post,
        Err(f) => return Ok(Err(f)),
    };
    let site = state.site().await?;
    let terms = state.read().terms_of_post(post.id).await?;
    let thumbnail = beitrag_core::service::featured::of_post(state.read(), &post).await?;
    Ok(Ok(wordpress(&site, &post, &terms, thumbnail.as_ref())))
}

/// `wp.getPosts(blogid, user, password, filter)`
pub(super) async fn wp_list(state: &AppState, me: &Actor, p: &[Value]) -> Result<Answer, WebError> {
    let filter = p.get(3);
    let word = |name: &str| filter.and_then(|f| member_text(f, name));
    let kind = match word("post_type") {
        Some(t) => match kind_of(&t) {
            Some(k) => Some(k),
            None => return Ok(Ok(Value::Array(Vec::new()))),
        },
        None => Some(PostKind::Post),
    };
    let status = match word("post_status") {
        Some(s) => match PostStatus::from_wordpress(&s) {
            Some(s) => Some(s),
            None => return Ok(Err(bad("post_status is not a WordPress status"))),
        },
        None => None,
    };
    let number = word("number").and_then(|n| n.parse().ok()).unwrap_or(10);
    let offset = word("offset").and_then(|n| n.parse().ok()).unwrap_or(0);
    let posts = editable_posts(state, me, kind, status, offset, number).await?;
    let site = state.site().await?;
    let thumbnails = beitrag_core::service::featured::of_posts(state.read(), &posts).await?;
    let mut out = Vec::with_capacity(posts.len());
    for post in &posts {
        out.push(wordpress(
            &site,
            post,
            &state.read().terms_of_post(post.id).await?,
            post.featured_media.and_then(|m| thumbnails.get(&m)),
        ));
    }
    Ok(Ok(Value::Array(out)))
}
