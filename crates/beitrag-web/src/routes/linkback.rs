//! Receiving linkbacks: TrackBack pings (`POST <permalink>trackback/`,
//! [TrackBack 1.2](http://archive.cweiske.de/trackback/trackback-1.2.html))
//! and Pingback (`POST /xmlrpc`, method `pingback.ping`,
//! [Pingback 1.0](http://www.hixie.ch/specs/pingback/pingback)). Both end in
//! the shared submission pipeline; Pingback first checks, through the
//! SSRF-safe client, that the source really links to the target.

use std::net::SocketAddr;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use beitrag_core::Actor;
use beitrag_core::model::{CommentKind, Post};
use beitrag_core::service::comment::{self, Submission};
use beitrag_linkback::{mf2, trackback, xmlrpc};
use beitrag_markdown::render_comment;
use chrono::Utc;

use super::comments::parse_form;
use super::content::{self, Found};
use crate::error::WebError;
use crate::state::AppState;

fn xml(status: StatusCode, body: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/xml; charset=utf-8")],
        body,
    )
        .into_response()
}

/// `POST <post path>trackback/`
pub async fn trackback(
    state: &AppState,
    peer: SocketAddr,
    post_path: &str,
    body: &[u8],
) -> Result<Response, WebError> {
    let site = state.site().await?;
    let post = match content::find(state, &site, post_path, None).await {
        Ok(Found::Post(page)) => page.card.post,
        _ => return Ok(xml(StatusCode::NOT_FOUND, trackback::error("No such post"))),
    };
    let fields = match parse_form(body) {
        Ok(f) => f.into_iter().collect::<Vec<_>>(),
        Err(_) => {
            return Ok(xml(
                StatusCode::BAD_REQUEST,
                trackback::error("The ping is not valid UTF-8 form data"),
            ));
        }
    };
    let ping = match trackback::parse_ping(&fields) {
        Ok(p) => p,
        Err(message) => {
            return Ok(xml(
                StatusCode::BAD_REQUEST,
                trackback::error(&message.to_string()),
            ));
        }
    };
    let host = beitrag_core::spam::host_of(&ping.url).unwrap_or_default();
    let submission = Submission {
        post_id: Some(post.id),
        kind: Some(CommentKind::Trackback),
        author_name: ping.blog_name.clone().unwrap_or(host),
        text: ping.excerpt.clone().unwrap_or_default(),
        html: Some(render_comment(ping.excerpt.as_deref().unwrap_or_default())),
        source_title: ping.title.clone().unwrap_or_else(|| ping.url.clone()),
        source_url: ping.url,
        ip: Some(peer.ip()),
        ..Submission::default()
    };
    Ok(
        match comment::submit(
            state.core(),
            &Actor::Remote,
            &site.settings,
            submission,
            Utc::now(),
        )
        .await
        {
            Ok(_) => xml(StatusCode::OK, trackback::success()),
            Err(beitrag_core::Error::RateLimited(seconds)) => {
                let mut res = xml(
                    StatusCode::TOO_MANY_REQUESTS,
                    trackback::error("Too many pings; try again later"),
                );
                if let Ok(v) = seconds.to_string().parse() {
                    res.headers_mut().insert(header::RETRY_AFTER, v);
                }
                res
            }
            Err(beitrag_core::Error::Closed(_)) => xml(
                StatusCode::FORBIDDEN,
                trackback::error("Pings are closed on this post"),
            ),
            Err(beitrag_core::Error::Duplicate) => xml(
                StatusCode::CONFLICT,
                trackback::error("This ping was already received"),
            ),
            Err(beitrag_core::Error::Blocked(_)) => {
                xml(StatusCode::FORBIDDEN, trackback::error("Not accepted"))
            }
            Err(beitrag_core::Error::Invalid { message, .. }) => xml(
                StatusCode::BAD_REQUEST,
                trackback::error(&message.to_string()),
            ),
            Err(other) => return Err(other.into()),
        },
    )
}

/// `POST /xmlrpc`: XML-RPC with the methods beitrag speaks (for now
/// `pingback.ping`). Every failure is a fault response with HTTP 200, as
/// XML-RPC clients expect.
pub async fn xmlrpc(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    body: Bytes,
) -> Result<Response, WebError> {
    let call = match xmlrpc::parse_call(&body) {
        Ok(c) => c,
        Err(e) => return Ok(xml(StatusCode::OK, e.to_fault())),
    };
    if call.method != "pingback.ping" {
        return Ok(xml(
            StatusCode::OK,
            super::publishing::answer(&state, peer, &call).await?,
        ));
    }
    let (Some(source), Some(target)) = (
        call.params.first().and_then(|v| v.as_str()),
        call.params.get(1).and_then(|v| v.as_str()),
    ) else {
        return Ok(xml(
            StatusCode::OK,
            xmlrpc::fault(
                xmlrpc::INVALID_PARAMS,
                "pingback.ping takes a source and a target URL",
            ),
        ));
    };
    Ok(xml(
        StatusCode::OK,
        match pingback(&state, peer, source, target).await? {
            Ok(message) => xmlrpc::response(&xmlrpc::Value::String(message)),
            Err((code, message)) => xmlrpc::fault(code, &message),
        },
    ))
}

/// `GET /xmlrpc?rsd`: Really Simple Discovery for clients; any other GET
/// is told that the endpoint takes POST.
pub async fn discovery(
    State(state): State<AppState>,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
) -> Result<Response, WebError> {
    if query.as_deref() != Some("rsd") {
        return Ok((
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, "POST")],
            "XML-RPC server accepts POST requests only.",
        )
            .into_response());
    }
    let site = state.site().await?;
    Ok((
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/rsd+xml; charset=utf-8")],
        super::publishing::rsd(&site),
    )
        .into_response())
}

type Fault = (i32, String);

async fn target_post(state: &AppState, target: &str) -> Result<Result<Post, Fault>, WebError> {
    let site = state.site().await?;
    let base = site.settings.base_url.as_str();
    let Some(path) = target.strip_prefix(base).filter(|p| p.starts_with('/')) else {
        return Ok(Err((
            xmlrpc::TARGET_NOT_FOUND,
            "the target is not on this site".into(),
        )));
    };
    let path = path.split(['#', '?']).next().unwrap_or("/");
    Ok(match content::find(state, &site, path, None).await {
        Ok(Found::Post(page)) => Ok(page.card.post),
        Ok(Found::Redirect(_)) | Err(WebError::NotFound) => {
            Err((xmlrpc::TARGET_NOT_FOUND, "the target does not exist".into()))
        }
        Err(e) => return Err(e),
    })
}

async fn pingback(
    state: &AppState,
    peer: SocketAddr,
    source: &str,
    target: &str,
) -> Result<Result<String, Fault>, WebError> {
    let post = match target_post(state, target).await? {
        Ok(p) => p,
        Err(f) => return Ok(Err(f)),
    };
    if source == target {
        return Ok(Err((
            xmlrpc::SOURCE_NO_LINK,
            "the source is the target".into(),
        )));
    }
    let site = state.site().await?;
    // Closure and flood limits before fetching anything for the sender.
    let admission = match comment::admit(
        state.core(),
        &site.settings,
        post.id,
        CommentKind::Pingback,
        Some(peer.ip()),
        Utc::now(),
    )
    .await
    {
        Ok((_, admission)) => admission,
        Err(beitrag_core::Error::Closed(m)) => {
            return Ok(Err((xmlrpc::TARGET_NOT_PINGABLE, m.to_string())));
        }
        Err(beitrag_core::Error::NotFound) => {
            return Ok(Err((
                xmlrpc::TARGET_NOT_FOUND,
                "the target does not exist".into(),
            )));
        }
        Err(beitrag_core::Error::RateLimited(_)) => {
            return Ok(Err((
                xmlrpc::ACCESS_DENIED,
                "too many pings; try again later".into(),
            )));
        }
        Err(e) => return Err(e.into()),
    };
    // The 2007 erratum: fetch at most a bounded amount, once.
    let fetched = match state.outbound().get(source).await {
        Ok(f) if f.status == 200 => f,
        Ok(f) => {
            return Ok(Err((
                xmlrpc::SOURCE_NOT_FOUND,
                format!("the source answered {}", f.status),
            )));
        }
        Err(e) => {
            tracing::info!(source, error = %e, "pingback source not fetched");
            return Ok(Err((
                xmlrpc::SOURCE_NOT_FOUND,
                format!("the source cannot be fetched: {}", e.public_message()),
            )));
        }
    };
    let html = fetched.text();
    let Ok(base) = url::Url::parse(&fetched.url) else {
        return Ok(Err((
            xmlrpc::SOURCE_NOT_FOUND,
            "the source URL is invalid".into(),
        )));
    };
    if !beitrag_linkback::discover::links_to(&html, &base, target) {
        return Ok(Err((
            xmlrpc::SOURCE_NO_LINK,
            "the source does not link to the target".into(),
        )));
    }
    let entry = mf2::h_entry(&base, &html);
    let page_title = page_title(&html);
    let title = page_title.clone().unwrap_or_else(|| source.to_owned());
    // The entry's text when the source marks it up (h-entry), else the
    // words around its link to us, as WordPress quotes a pingback.
    let excerpt: String = entry
        .as_ref()
        .and_then(|e| e.content_text.clone())
        .or_else(|| beitrag_linkback::context::link_context(&html, &base, target, CONTEXT_WORDS))
        .unwrap_or_default()
        .chars()
        .take(300)
        .collect();
    let submission = Submission {
        post_id: Some(post.id),
        kind: Some(CommentKind::Pingback),
        admission: Some(admission),
        author_name: entry
            .as_ref()
            .and_then(|e| e.author_name.clone())
            .or(page_title)
            .unwrap_or_else(|| beitrag_core::spam::host_of(source).unwrap_or_default()),
        author_url: entry
            .as_ref()
            .and_then(|e| e.author_url.clone())
            .unwrap_or_default(),
        text: excerpt.clone(),
        html: Some(render_comment(&excerpt)),
        source_url: source.to_owned(),
        source_title: title,
        ip: Some(peer.ip()),
        ..Submission::default()
    };
    Ok(
        match comment::submit(
            state.core(),
            &Actor::Remote,
            &site.settings,
            submission,
            Utc::now(),
        )
        .await
        {
            Ok(_) => Ok(format!("Pingback from {source} to {target} registered")),
            Err(beitrag_core::Error::Duplicate) => Err((
                xmlrpc::ALREADY_REGISTERED,
                "this pingback was already registered".into(),
            )),
            Err(beitrag_core::Error::Closed(m)) => {
                Err((xmlrpc::TARGET_NOT_PINGABLE, m.to_string()))
            }
            Err(beitrag_core::Error::Blocked(m)) => Err((xmlrpc::ACCESS_DENIED, m.to_string())),
            Err(beitrag_core::Error::Invalid { message, .. }) => {
                Err((xmlrpc::FAULT_GENERIC, message.to_string()))
            }
            Err(beitrag_core::Error::NotFound) => {
                Err((xmlrpc::TARGET_NOT_FOUND, "the target does not exist".into()))
            }
            Err(other) => return Err(other.into()),
        },
    )
}

/// Words quoted on each side of a pingback source's link to us.
const CONTEXT_WORDS: usize = 20;

fn page_title(html: &str) -> Option<String> {
    let doc = scraper_lite_title(html)?;
    let t = doc.split_whitespace().collect::<Vec<_>>().join(" ");
    (!t.is_empty()).then(|| t.chars().take(250).collect())
}

/// The text of the first `<title>`; a full HTML parse is not needed for it.
fn scraper_lite_title(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    let start = lower.find("<title")?;
    let open_end = start + lower[start..].find('>')? + 1;
    let close = open_end + lower[open_end..].find("</title")?;
    Some(beitrag_markdown::strip_tags(&html[open_end..close]))
}
