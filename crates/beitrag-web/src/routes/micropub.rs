//! Micropub (W3C Recommendation) at `/micropub` and its media endpoint
//! `/micropub/media`: IndieWeb apps create, update and delete posts with a
//! bearer token from our IndieAuth endpoints (or any personal access
//! token). Requests become `post::save`, `post::update`, `post::delete` and
//! `media::upload` calls with the token's user as the actor.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Multipart, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use beitrag_core::Actor;
use beitrag_core::model::{Post, PostKind, PostStatus, Scope, SourceFormat, Taxonomy, User};
use beitrag_core::service::access;
use beitrag_core::service::post::{self, PostInput, PostPatch};
use beitrag_markdown::escape_html;
use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::admin::form::Fields;
use super::content;
use crate::error::WebError;
use crate::state::AppState;

type Props = HashMap<String, Vec<Value>>;

fn error(status: StatusCode, error: &str, description: &str) -> Response {
    (
        status,
        axum::Json(json!({"error": error, "error_description": description})),
    )
        .into_response()
}

fn bad(description: &str) -> Response {
    error(StatusCode::BAD_REQUEST, "invalid_request", description)
}

/// The caller of a request: the bearer token's user, when the token may
/// do what the request does.
async fn caller(
    state: &AppState,
    headers: &HeaderMap,
    form: Option<&Fields>,
    write: bool,
) -> Result<Result<User, Response>, WebError> {
    let header = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    let secret = header
        .map(str::to_owned)
        .or_else(|| form.and_then(|f| f.get("access_token").map(str::to_owned)));
    let Some(secret) = secret else {
        return Ok(Err(error(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "no access token",
        )));
    };
    match beitrag_core::service::auth::token(state.core(), &secret, Utc::now()).await? {
        Some((token, _)) if write && token.scope == Scope::Read => Ok(Err(error(
            StatusCode::FORBIDDEN,
            "insufficient_scope",
            "the token may only read",
        ))),
        Some((_, user)) => Ok(Ok(user)),
        None => Ok(Err(error(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "the token is not valid",
        ))),
    }
}

fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Object(o) => o.get("value").and_then(Value::as_str).map(str::to_owned),
        _ => None,
    }
}

fn first(props: &Props, key: &str) -> Option<String> {
    props.get(key).and_then(|v| v.first()).and_then(text)
}

fn all(props: &Props, key: &str) -> Option<Vec<String>> {
    props.get(key).map(|v| {
        v.iter()
            .filter_map(text)
            .filter(|s| !s.trim().is_empty())
            .collect()
    })
}

/// The content: HTML when given as `{"html": …}`, else plain text, kept
/// as text (a note's `#hashtag` is no heading): escaped, its blank lines
/// paragraphs, its line breaks breaks.
fn content(props: &Props) -> Option<(String, SourceFormat)> {
    let v = props.get("content")?.first()?;
    match v.get("html").and_then(Value::as_str) {
        Some(html) => Some((html.to_owned(), SourceFormat::Html)),
        None => text(v).map(|t| (plain_html(&t), SourceFormat::Html)),
    }
}

fn plain_html(text: &str) -> String {
    text.replace("\r\n", "\n")
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| format!("<p>{}</p>", escape_html(p).replace('\n', "<br>\n")))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A note has no name: its first words stand in for the title.
fn title_of(props: &Props, body: &str) -> String {
    if let Some(name) = first(props, "name").filter(|n| !n.trim().is_empty()) {
        return name;
    }
    // The text as written, when it came as text; else the HTML's words.
    let plain = first(props, "content").unwrap_or_else(|| beitrag_markdown::strip_tags(body));
    let words: Vec<&str> = plain.split_whitespace().take(8).collect();
    if words.is_empty() {
        "Notiz".into()
    } else {
        words.join(" ")
    }
}

fn date(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s.trim())
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

fn status_of(props: &Props) -> Result<Option<PostStatus>, &'static str> {
    if first(props, "visibility").as_deref() == Some("private") {
        return Ok(Some(PostStatus::Private));
    }
    match first(props, "post-status").as_deref() {
        None => Ok(None),
        Some("published") => Ok(Some(PostStatus::Published)),
        Some("draft") => Ok(Some(PostStatus::Draft)),
        Some(_) => Err("post-status is published or draft"),
    }
}

fn new_post(props: &Props, author: &str) -> Result<PostInput, &'static str> {
    let (mut source, format) = content(props).unwrap_or((String::new(), SourceFormat::Html));
    if let Some(photos) = all(props, "photo").filter(|p| !p.is_empty()) {
        for url in photos {
            source.push_str(&format!(
                "\n<p><img src=\"{}\" alt=\"\"></p>",
                escape_html(&url)
            ));
        }
    }
    let published_at = match first(props, "published") {
        Some(d) => Some(date(&d).ok_or("published is not an RFC 3339 date")?),
        None => None,
    };
    Ok(PostInput {
        id: None,
        kind: PostKind::Post,
        status: status_of(props)?.unwrap_or(PostStatus::Published),
        title: title_of(props, &source),
        slug: first(props, "mp-slug").filter(|s| !s.trim().is_empty()),
        source,
        format,
        excerpt: first(props, "summary").unwrap_or_default(),
        author: author.to_owned(),
        published_at,
        updated_at: None,
        comment_status: None,
        ping_status: None,
        sticky: false,
        trackbacks: Vec::new(),
        tags: all(props, "category").unwrap_or_default(),
        categories: Vec::new(),
        featured_media: None,
    })
}

/// Form fields as properties (`category[]` is `category`).
fn form_props(body: &[u8]) -> Props {
    let mut props: Props = HashMap::new();
    for (k, v) in url::form_urlencoded::parse(body) {
        let key = k.trim_end_matches("[]").to_owned();
        if matches!(key.as_str(), "h" | "access_token" | "action" | "url") {
            continue;
        }
        props
            .entry(key)
            .or_default()
            .push(Value::String(v.into_owned()));
    }
    props
}

fn saved_error(e: beitrag_core::Error) -> Result<Response, WebError> {
    Ok(match e {
        beitrag_core::Error::Forbidden(m) => error(StatusCode::FORBIDDEN, "forbidden", &m),
        beitrag_core::Error::NotFound => bad("no such post"),
        beitrag_core::Error::Invalid { field, message } => bad(&format!("{field} {message}")),
        beitrag_core::Error::SlugTaken(s) => bad(&format!("the slug `{s}` is taken")),
        e @ (beitrag_core::Error::Store(_)
        | beitrag_core::Error::Password(_)
        | beitrag_core::Error::Internal(_)) => {
            return Err(e.into());
        }
        other => bad(&other.to_string()),
    })
}

/// `GET /micropub?q=config|syndicate-to|source`
pub async fn query(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
) -> Result<Response, WebError> {
    let f = Fields::parse(q.unwrap_or_default().as_bytes());
    let user = match caller(&state, &headers, Some(&f), false).await? {
        Ok(u) => u,
        Err(res) => return Ok(res),
    };
    let site = state.site().await?;
    match f.get("q") {
        Some("config") => Ok(axum::Json(json!({
            "media-endpoint": site.url("/micropub/media"),
            "syndicate-to": [],
            "post-types": [{"type": "note", "name": "Note"}, {"type": "article", "name": "Article"}, {"type": "photo", "name": "Photo"}],
        }))
        .into_response()),
        Some("syndicate-to") => Ok(axum::Json(json!({"syndicate-to": []})).into_response()),
        Some("source") => {
            let Some(post) = content::post_at(&state, &site, &f.text("url")).await? else {
                return Ok(bad("no post at this URL"));
            };
            if !access::can_edit(&user, &post) {
                return Ok(error(StatusCode::FORBIDDEN, "forbidden", "you may not edit this post"));
            }
            let terms = state.read().terms_of_post(post.id).await?;
            let tags: Vec<String> = terms.into_iter().filter(|t| t.taxonomy == Taxonomy::Tag).map(|t| t.name).collect();
            let content = match post.format {
                SourceFormat::Html => json!({"html": post.source}),
                SourceFormat::Markdown => json!(post.source),
            };
            let mut props = serde_json::Map::new();
            props.insert("name".into(), json!([post.title]));
            props.insert("content".into(), json!([content]));
            props.insert("category".into(), json!(tags));
            props.insert("published".into(), json!(post.published_at.map(|t| t.to_rfc3339()).into_iter().collect::<Vec<_>>()));
            props.insert("post-status".into(), json!([if post.status == PostStatus::Draft { "draft" } else { "published" }]));
            props.insert("mp-slug".into(), json!([post.slug]));
            let wanted = f.all("properties[]");
            if !wanted.is_empty() {
                props.retain(|k, _| wanted.iter().any(|w| w == k));
                return Ok(axum::Json(json!({"properties": props})).into_response());
            }
            Ok(axum::Json(json!({"type": ["h-entry"], "properties": props})).into_response())
        }
        _ => Ok(bad("q is config, syndicate-to or source")),
    }
}

/// `POST /micropub`: create (form or JSON), update and delete (JSON or form).
pub async fn post(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, WebError> {
    let json_body = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|c| c.starts_with("application/json"));
    let (f, request): (Fields, Value) = if json_body {
        match serde_json::from_slice::<Value>(&body) {
            Ok(v) if v.is_object() => (Fields::parse(b""), v),
            _ => return Ok(bad("the body is not a JSON object")),
        }
    } else {
        let f = Fields::parse(&body);
        let mut v = json!({});
        for key in ["action", "url", "h"] {
            if let Some(x) = f.get(key) {
                v[key] = json!(x);
            }
        }
        (f, v)
    };
    let user = match caller(&state, &headers, Some(&f), true).await? {
        Ok(u) => u,
        Err(res) => return Ok(res),
    };
    let me = Actor::User(Box::new(user.clone()));
    let site = state.site().await?;
    let action = request
        .get("action")
        .and_then(Value::as_str)
        .unwrap_or("create");
    if action != "create" {
        let url = request
            .get("url")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let Some(target) = content::post_at(&state, &site, url).await? else {
            return Ok(bad("no post at this URL"));
        };
        return match action {
            "delete" => match post::delete(state.core(), &me, &[target.id]).await {
                Ok(_) => Ok(StatusCode::NO_CONTENT.into_response()),
                Err(e) => saved_error(e),
            },
            "update" if json_body => update(&state, &me, &target, &request).await,
            "update" => Ok(bad("updates are sent as JSON")),
            _ => Ok(bad(
                "action is create, update or delete (undelete is not supported)",
            )),
        };
    }
    let props: Props = if json_body {
        match request
            .get("type")
            .and_then(|t| t.get(0))
            .and_then(Value::as_str)
        {
            Some("h-entry") => {}
            _ => return Ok(bad("only h-entry can be created")),
        }
        match request
            .get("properties")
            .cloned()
            .map(serde_json::from_value::<Props>)
        {
            Some(Ok(p)) => p,
            _ => return Ok(bad("properties must map names to arrays")),
        }
    } else {
        if f.get("h").unwrap_or("entry") != "entry" {
            return Ok(bad("only h=entry can be created"));
        }
        form_props(&body)
    };
    let input = match new_post(&props, &user.login) {
        Ok(i) => i,
        Err(why) => return Ok(bad(why)),
    };
    match post::save(state.core(), &me, input, None).await {
        Ok(id) => {
            let post = state
                .read()
                .post_by_id(id)
                .await?
                .ok_or(WebError::NotFound)?;
            let location = site.url(&site.directory.post_path(&site.settings, &post));
            Ok((StatusCode::CREATED, [(header::LOCATION, location)]).into_response())
        }
        Err(e) => saved_error(e),
    }
}

async fn update(
    state: &AppState,
    me: &Actor,
    target: &Post,
    request: &Value,
) -> Result<Response, WebError> {
    let props = |key: &str| -> Props {
        request
            .get(key)
            .cloned()
            .and_then(|v| serde_json::from_value::<Props>(v).ok())
            .unwrap_or_default()
    };
    let (replace, add) = (props("replace"), props("add"));
    let mut tags: Option<Vec<String>> = None;
    let current = || async {
        state.read().terms_of_post(target.id).await.map(|t| {
            t.into_iter()
                .filter(|t| t.taxonomy == Taxonomy::Tag)
                .map(|t| t.name)
                .collect::<Vec<_>>()
        })
    };
    if let Some(c) = all(&replace, "category") {
        tags = Some(c);
    }
    if let Some(more) = all(&add, "category") {
        let mut t = match tags.take() {
            Some(t) => t,
            None => current().await?,
        };
        t.extend(more);
        tags = Some(t);
    }
    match request.get("delete") {
        Some(Value::Array(names)) if names.iter().any(|n| n == "category") => {
            tags = Some(Vec::new())
        }
        Some(Value::Object(_)) => {
            let gone = all(&props("delete"), "category").unwrap_or_default();
            let mut t = match tags.take() {
                Some(t) => t,
                None => current().await?,
            };
            t.retain(|x| !gone.contains(x));
            tags = Some(t);
        }
        _ => {}
    }
    let status = match status_of(&replace) {
        Ok(s) => s,
        Err(why) => return Ok(bad(why)),
    };
    let source = content(&replace).map(|(s, _)| s);
    let patch = PostPatch {
        title: first(&replace, "name"),
        source,
        excerpt: first(&replace, "summary"),
        status,
        published_at: first(&replace, "published").and_then(|d| date(&d)),
        slug: first(&replace, "mp-slug"),
        tags,
        ..PostPatch::default()
    };
    match post::update(state.core(), me, target.id, patch, None).await {
        Ok(_) => Ok(StatusCode::NO_CONTENT.into_response()),
        Err(e) => saved_error(e),
    }
}

/// `POST /micropub/media`: one file (`file`), stored as an upload.
pub async fn media(
    State(state): State<AppState>,
    headers: HeaderMap,
    mut multipart: Multipart,
) -> Result<Response, WebError> {
    let user = match caller(&state, &headers, None, true).await? {
        Ok(u) => u,
        Err(res) => return Ok(res),
    };
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => return Ok(bad("the request has no file field")),
            Err(e) => return Ok(bad(&format!("the form cannot be read: {e}"))),
        };
        if field.name() != Some("file") {
            continue;
        }
        let name = field.file_name().unwrap_or("upload").to_owned();
        let claimed = field.content_type().map(str::to_owned);
        let bytes = match field.bytes().await {
            Ok(b) => b.to_vec(),
            Err(e) => return Ok(bad(&format!("the file cannot be read: {e}"))),
        };
        let stored = beitrag_core::service::media::upload(
            state.core(),
            &Actor::User(Box::new(user)),
            state.files(),
            &name,
            claimed.as_deref(),
            bytes,
            // Micropub's media endpoint has no field for it.
            beitrag_core::service::media::Alt::Optional(""),
        )
        .await;
        return match stored {
            Ok(m) => {
                let site = state.site().await?;
                let location = site.url(&format!("/media/{}", m.path));
                Ok((StatusCode::CREATED, [(header::LOCATION, location)]).into_response())
            }
            Err(e) => saved_error(e),
        };
    }
}
