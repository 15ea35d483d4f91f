//! Receiving Webmentions ([W3C Recommendation](https://www.w3.org/TR/webmention/)):
//! `POST /webmention` checks the request synchronously (§3.2.1), answers
//! `202 Accepted` with a status URL, and leaves verification to the job
//! worker (§3.2.2).

use std::net::SocketAddr;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use beitrag_core::job::Job;
use beitrag_core::model::{JobId, JobStatus, OpenClosed};
use beitrag_core::service::comment;
use chrono::Utc;

use super::comments::parse_form;
use super::content::{self, Found};
use crate::error::WebError;
use crate::state::AppState;

fn plain(status: StatusCode, text: &str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        text.to_owned(),
    )
        .into_response()
}

fn http_url(s: &str) -> Option<url::Url> {
    url::Url::parse(s)
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some())
}

/// `POST /webmention`
pub async fn receive(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    body: Bytes,
) -> Result<Response, WebError> {
    let fields = parse_form(&body)?;
    let (Some(source), Some(target)) = (fields.get("source"), fields.get("target")) else {
        return Ok(plain(
            StatusCode::BAD_REQUEST,
            "source and target are required",
        ));
    };
    let (Some(source_url), Some(target_url)) = (http_url(source), http_url(target)) else {
        return Ok(plain(
            StatusCode::BAD_REQUEST,
            "source and target must be http(s) URLs",
        ));
    };
    if source_url == target_url {
        return Ok(plain(
            StatusCode::BAD_REQUEST,
            "the source must differ from the target",
        ));
    }
    let site = state.site().await?;
    if site.settings.webmention_status == OpenClosed::Closed {
        return Ok(plain(
            StatusCode::NOT_FOUND,
            "this site does not accept Webmentions",
        ));
    }
    let Some(path) = target
        .strip_prefix(&site.settings.base_url)
        .filter(|p| p.starts_with('/'))
    else {
        return Ok(plain(
            StatusCode::BAD_REQUEST,
            "the target is not on this site",
        ));
    };
    let path = path.split(['#', '?']).next().unwrap_or("/");
    let post = match content::find(&state, &site, path, None).await {
        Ok(Found::Post(page)) => page.card.post,
        Ok(Found::Redirect(_)) | Err(WebError::NotFound) => {
            return Ok(plain(StatusCode::BAD_REQUEST, "the target does not exist"));
        }
        Err(e) => return Err(e),
    };
    let job = match comment::receive_webmention(
        state.core(),
        &site.settings,
        post.id,
        source,
        target,
        Some(peer.ip()),
        Utc::now(),
    )
    .await
    {
        Ok(job) => job,
        Err(beitrag_core::Error::Closed(_) | beitrag_core::Error::NotFound) => {
            return Ok(plain(
                StatusCode::BAD_REQUEST,
                "the target does not accept Webmentions",
            ));
        }
        Err(beitrag_core::Error::RateLimited(seconds)) => {
            let mut res = plain(
                StatusCode::TOO_MANY_REQUESTS,
                "too many requests; try again later",
            );
            if let Ok(v) = seconds.to_string().parse() {
                res.headers_mut().insert(header::RETRY_AFTER, v);
            }
            return Ok(res);
        }
        Err(e) => return Err(e.into()),
    };
    let status_url = site.url(&format!("/webmention/status/{}", job.0));
    Ok((
        StatusCode::ACCEPTED,
        [
            (header::LOCATION, status_url.clone()),
            (header::CONTENT_TYPE, "text/plain; charset=utf-8".to_owned()),
        ],
        format!("Accepted; verification status: {status_url}\n"),
    )
        .into_response())
}

/// `GET /webmention/status/{id}`: `queued`, `accepted` or `rejected`.
pub async fn status(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let id: i64 = id.parse().map_err(|_| WebError::NotFound)?;
    let job = state
        .read()
        .job(JobId(id))
        .await?
        .ok_or(WebError::NotFound)?;
    if !matches!(
        Job::decode(&job.job.kind, &job.job.payload),
        Ok(Job::VerifyWebmention { .. })
    ) {
        return Err(WebError::NotFound);
    }
    let (word, detail) = match job.status {
        JobStatus::Done => ("accepted", String::new()),
        JobStatus::Failed | JobStatus::Cancelled => ("rejected", job.last_error),
        JobStatus::Queued | JobStatus::Running => ("queued", job.last_error),
    };
    let body = serde_json::json!({"status": word, "detail": detail});
    Ok((
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response())
}
