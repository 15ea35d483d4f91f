//! `POST /comments/`: the comment form. Form-specific defences (strict
//! UTF-8, honeypot, signed token with a minimum fill time) run here;
//! everything else — closure, flood limits, spam, moderation,
//! notifications — is the shared pipeline in `beitrag_core::service::comment`.

use std::collections::HashMap;
use std::net::SocketAddr;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use beitrag_core::Actor;
use beitrag_core::comment_page::{self, CommentPaging};
use beitrag_core::model::{CommentId, CommentKind, CommentStatus, PostId, PostKey};
use beitrag_core::service::comment::{self, Submission};
use chrono::Utc;
use fluent_bundle::FluentValue;
use percent_encoding::percent_decode;

use super::content;
use super::pages::{self, Extras};
use crate::error::WebError;
use crate::state::AppState;
use crate::views::FormView;

/// Tokens older than this are refused (the form was left open too long).
const TOKEN_MAX_AGE: i64 = 2 * 24 * 3600;
const PENDING_COOKIE: &str = "beitrag_pending";

/// Parses `application/x-www-form-urlencoded` strictly: invalid
/// percent-encoding or UTF-8 is a client error, not silently replaced.
pub fn parse_form(body: &[u8]) -> Result<HashMap<String, String>, WebError> {
    let mut out = HashMap::new();
    for pair in body.split(|b| *b == b'&').filter(|p| !p.is_empty()) {
        let mut it = pair.splitn(2, |b| *b == b'=');
        let decode = |raw: &[u8]| -> Result<String, WebError> {
            let spaced: Vec<u8> = raw
                .iter()
                .map(|b| if *b == b'+' { b' ' } else { *b })
                .collect();
            percent_decode(&spaced)
                .decode_utf8()
                .map(|s| s.into_owned())
                .map_err(|_| WebError::BadRequest("the form is not valid UTF-8".into()))
        };
        let key = decode(it.next().unwrap_or_default())?;
        let value = decode(it.next().unwrap_or_default())?;
        if out.len() > 50 {
            return Err(WebError::BadRequest("too many form fields".into()));
        }
        out.insert(key, value);
    }
    Ok(out)
}

/// Whether the request may carry pending comments (its page is then the
/// visitor's own); a cheap look, before any signature is checked.
pub fn may_have_pending(headers: &HeaderMap) -> bool {
    headers.get_all(header::COOKIE).iter().any(|v| {
        v.as_bytes()
            .windows(PENDING_COOKIE.len())
            .any(|w| w == PENDING_COOKIE.as_bytes())
    })
}

/// Pending ids from the request's cookie.
pub fn pending_from(state: &AppState, headers: &HeaderMap) -> Vec<i64> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| {
            c.trim()
                .strip_prefix(&format!("{PENDING_COOKIE}="))
                .map(str::to_owned)
        })
        .flat_map(|v| state.signer().pending_ids(&v))
        .collect()
}

fn page_response(status: StatusCode, html: String) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        html,
    )
        .into_response()
}

fn error_key(field: &str) -> &'static str {
    match field {
        "name" => "form-error-name",
        "email" => "form-error-email",
        "url" => "form-error-url",
        "parent" => "form-error-parent",
        _ => "form-error-text",
    }
}

/// A themed 403/429 page answering the form.
async fn refusal(
    state: &AppState,
    site: &crate::state::Site,
    post_url: &str,
    error: &beitrag_core::Error,
) -> Result<Option<Response>, WebError> {
    let lang = site.settings.language.as_str();
    let (status, title, text) = match error {
        beitrag_core::Error::Closed(_) => (
            StatusCode::FORBIDDEN,
            "closed-title",
            state.i18n().t(lang, "comments-closed", &[]),
        ),
        beitrag_core::Error::Blocked(_) => (
            StatusCode::FORBIDDEN,
            "blocked-title",
            state.i18n().t(lang, "blocked-text", &[]),
        ),
        beitrag_core::Error::RateLimited(seconds) => (
            StatusCode::TOO_MANY_REQUESTS,
            "too-many-title",
            state.i18n().t(
                lang,
                "too-many-text",
                &[("seconds", FluentValue::from(*seconds))],
            ),
        ),
        _ => return Ok(None),
    };
    let html = pages::message(state, title, &text, Some(post_url)).await?;
    let mut res = page_response(status, html);
    if let beitrag_core::Error::RateLimited(seconds) = error
        && let Ok(v) = seconds.to_string().parse()
    {
        res.headers_mut().insert(header::RETRY_AFTER, v);
    }
    Ok(Some(res))
}

/// `POST /comments/`: the form's own defences (honeypot, signed token with
/// a minimum fill time), then `comment::submit`, which decides closure,
/// flood limits, spam, moderation and notifications.
pub async fn create(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, WebError> {
    let fields = parse_form(&body)?;
    let field = |k: &str| fields.get(k).cloned().unwrap_or_default();
    let post_id: i64 = field("comment_post_ID")
        .trim()
        .parse()
        .map_err(|_| WebError::NotFound)?;
    let now = Utc::now();
    let site = state.site().await?;
    let store = state.read();
    let post = match comment::check_open(
        store,
        &site.settings,
        PostId(post_id),
        CommentKind::Comment,
        now,
    )
    .await
    {
        Ok(post) => post,
        Err(beitrag_core::Error::NotFound) => return Err(WebError::NotFound),
        Err(e @ beitrag_core::Error::Closed(_)) => {
            let post = store
                .post_by_id(PostId(post_id))
                .await?
                .ok_or(WebError::NotFound)?;
            let post_url = site.url(&content::path_of(&site, &post));
            return refusal(&state, &site, &post_url, &e)
                .await?
                .ok_or(WebError::NotFound);
        }
        Err(e) => return Err(e.into()),
    };
    let post_url = site.url(&content::path_of(&site, &post));
    // Bots fill every field; people never see this one.
    if !field("website_url").is_empty() {
        return Ok((StatusCode::SEE_OTHER, [(header::LOCATION, post_url)]).into_response());
    }

    let parent = field("comment_parent")
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|p| *p > 0);
    let mut form = FormView {
        parent,
        name: field("author"),
        email: field("email"),
        url: field("url"),
        text: field("comment"),
        notify: field("notify") == "1",
        ..FormView::default()
    };
    let age = state
        .signer()
        .token_age(&field("token"), post_id, now.timestamp());
    let form_error = match age {
        None => Some("form-error-token"),
        Some(a) if !(0..=TOKEN_MAX_AGE).contains(&a) => Some("form-error-token"),
        Some(a) if a < i64::from(site.settings.comment_min_seconds) => Some("form-error-too-fast"),
        Some(_) => None,
    };
    let submission = Submission {
        post_id: Some(PostId(post_id)),
        parent: parent.map(CommentId),
        author_name: form.name.clone(),
        author_email: form.email.clone(),
        author_url: form.url.clone(),
        text: form.text.clone(),
        ip: Some(peer.ip()),
        notify: form.notify,
        ..Submission::default()
    };
    // Every problem at once: the form's own and each field's.
    let mut problems: Vec<(&'static str, &'static str)> = form_error
        .map(|key| ("form", key))
        .into_iter()
        .chain(
            comment::problems(&submission, CommentKind::Comment)
                .iter()
                .map(|(field, _)| (form_field(field), error_key(field))),
        )
        .collect();
    let result = match problems.is_empty() {
        false => Err(StatusCode::UNPROCESSABLE_ENTITY),
        true => {
            match comment::submit(
                state.core(),
                &Actor::Remote,
                &site.settings,
                submission,
                now,
            )
            .await
            {
                Ok(accepted) => Ok(accepted),
                Err(beitrag_core::Error::Invalid { field, .. }) => {
                    problems.push((form_field(&field), error_key(&field)));
                    Err(StatusCode::UNPROCESSABLE_ENTITY)
                }
                Err(beitrag_core::Error::Duplicate) => {
                    problems.push(("form", "form-error-duplicate"));
                    Err(StatusCode::CONFLICT)
                }
                Err(e) => {
                    return match refusal(&state, &site, &post_url, &e).await? {
                        Some(res) => Ok(res),
                        None => Err(e.into()),
                    };
                }
            }
        }
    };
    match result {
        Ok(accepted) => {
            let location =
                comment_page::link(store, &site.settings, &post_url, accepted.id).await?;
            let mut res = Response::builder().status(StatusCode::SEE_OTHER);
            if accepted.status != CommentStatus::Approved {
                // Spam is shown to its sender like any pending comment, so
                // a spammer learns nothing from the answer.
                let mut ids = pending_from(&state, &headers);
                ids.push(accepted.id.0);
                ids.sort_unstable();
                ids.dedup();
                let keep: Vec<i64> = ids.into_iter().rev().take(20).collect();
                let cookie = format!(
                    "{PENDING_COOKIE}={}; Path=/; Max-Age=604800; HttpOnly; SameSite=Lax",
                    state.signer().pending_cookie(&keep)
                );
                res = res.header(header::SET_COOKIE, cookie);
            }
            Ok(res
                .header(header::LOCATION, location)
                .body(axum::body::Body::empty())
                .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response()))
        }
        Err(status) => {
            for (field_name, key) in problems {
                form.errors.set(field_name, key);
            }
            let key = PostKey::Slug(post.kind, post.slug.clone());
            let page = store
                .post_page(&key, now, &CommentPaging::of(&site.settings), None)
                .await?
                .ok_or(WebError::NotFound)?;
            let pending = store
                .comments_of_post_by_ids(
                    post.id,
                    &pending_from(&state, &headers)
                        .into_iter()
                        .map(CommentId)
                        .collect::<Vec<_>>(),
                )
                .await?;
            let sidebar = state.sidebar(&site).await?;
            let rendered = pages::post_with(
                &state,
                &site,
                &sidebar,
                &page,
                Extras {
                    pending,
                    form: Some(form),
                },
            )?;
            Ok(page_response(
                status,
                String::from_utf8_lossy(&rendered.body).into_owned(),
            ))
        }
    }
}

/// The template's name for a core validation field.
fn form_field(field: &str) -> &'static str {
    match field {
        "name" => "name",
        "email" => "email",
        "url" => "url",
        "parent" => "form",
        _ => "text",
    }
}

/// `GET /comments/unsubscribe/?c=ID&sig=…`: the link in reply notifications.
pub async fn unsubscribe(
    State(state): State<AppState>,
    axum::extract::Query(q): axum::extract::Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let (Some(id), Some(sig)) = (q.get("c"), q.get("sig")) else {
        return Err(WebError::NotFound);
    };
    let signed = format!("{id}.{sig}");
    let id: i64 = state
        .signer()
        .verify("unsubscribe", &signed)
        .and_then(|p| p.parse().ok())
        .ok_or(WebError::NotFound)?;
    comment::unsubscribe(state.core(), CommentId(id)).await?;
    let site = state.site().await?;
    let text = state
        .i18n()
        .t(&site.settings.language, "unsubscribed-text", &[]);
    let html = pages::message(&state, "unsubscribed-title", &text, None).await?;
    Ok(page_response(StatusCode::OK, html))
}

#[cfg(test)]
mod tests {
    use super::parse_form;

    #[test]
    fn rejects_form_when_utf8_is_invalid() {
        let ok = parse_form(b"author=J%C3%BCrgen+M&comment=a%26b").unwrap();
        assert_eq!(ok["author"], "Jürgen M");
        assert_eq!(ok["comment"], "a&b");
        assert!(parse_form(b"author=%FF%FE").is_err());
        assert!(parse_form(&[b'a', b'=', 0xff]).is_err());
    }
}
