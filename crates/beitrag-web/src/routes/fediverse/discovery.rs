//! How others find the blog: WebFinger for `@name@host`, host-meta for
//! older clients, NodeInfo for server statistics.

use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use beitrag_core::model::{ArchiveFilter, CommentStatus, PostQuery};
use beitrag_core::service::fediverse::Addresses;
use beitrag_federation::discovery::{self, Usage};
use serde::Deserialize;

use super::refuse;
use crate::error::WebError;
use crate::state::AppState;

#[derive(Deserialize)]
pub(super) struct Resource {
    resource: Option<String>,
}

/// The host people put after the `@`: the base URL's host and port.
fn our_host(base: &str) -> String {
    discovery::authority(base).unwrap_or_default()
}

/// `GET /.well-known/webfinger?resource=acct:blog@host` (RFC 7033).
pub(super) async fn webfinger(
    State(state): State<AppState>,
    Query(q): Query<Resource>,
) -> Result<Response, WebError> {
    let site = state.site().await?;
    let Some(resource) = q.resource.filter(|r| !r.is_empty()) else {
        return Ok(refuse(StatusCode::BAD_REQUEST, "resource is required"));
    };
    let addresses = Addresses::of(&site.settings);
    let actor = addresses.actor();
    let home = format!("{}/", addresses.base());
    let wanted = if resource == actor || resource == home {
        true
    } else {
        match discovery::handle(&resource) {
            Ok(h) => {
                h.user
                    .eq_ignore_ascii_case(&site.settings.fediverse_username)
                    && h.host == our_host(addresses.base())
            }
            Err(_) => {
                return Ok(refuse(
                    StatusCode::BAD_REQUEST,
                    "resource must be acct:user@host or the actor's URL",
                ));
            }
        }
    };
    if !wanted {
        return Ok(refuse(StatusCode::NOT_FOUND, "no such account here"));
    }
    let subject = discovery::Handle {
        user: site.settings.fediverse_username.clone(),
        host: our_host(addresses.base()),
    };
    let jrd = discovery::webfinger(&subject, &actor, &home, &addresses.interact_template());
    Ok((
        [
            (header::CONTENT_TYPE, "application/jrd+json"),
            (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
        ],
        jrd.to_string(),
    )
        .into_response())
}

/// `GET /.well-known/host-meta` (RFC 6415).
pub(super) async fn host_meta(State(state): State<AppState>) -> Result<Response, WebError> {
    let site = state.site().await?;
    Ok((
        [(header::CONTENT_TYPE, "application/xrd+xml; charset=utf-8")],
        discovery::host_meta(&site.settings.base_url),
    )
        .into_response())
}

/// `GET /.well-known/nodeinfo`.
pub(super) async fn nodeinfo_links(State(state): State<AppState>) -> Result<Response, WebError> {
    let site = state.site().await?;
    Ok((
        [(header::CONTENT_TYPE, "application/json")],
        discovery::nodeinfo_links(&site.settings.base_url).to_string(),
    )
        .into_response())
}

/// `GET /nodeinfo/2.1`.
pub(super) async fn nodeinfo(State(state): State<AppState>) -> Result<Response, WebError> {
    let site = state.site().await?;
    let store = state.read();
    let posts = store
        .list_posts(&PostQuery {
            filter: ArchiveFilter::All,
            sticky_first: false,
            now: chrono::Utc::now(),
            offset: 0,
            limit: 1,
        })
        .await?
        .total;
    let comments = store
        .comment_counts()
        .await?
        .iter()
        .find(|(s, _)| *s == CommentStatus::Approved)
        .map_or(0, |(_, n)| *n);
    let users = store.users().await?.iter().filter(|u| !u.disabled).count() as i64;
    let doc = discovery::nodeinfo(
        env!("CARGO_PKG_VERSION"),
        &site.settings.title,
        Usage {
            users,
            posts,
            comments,
        },
    );
    Ok((
        [(
            header::CONTENT_TYPE,
            "application/json; profile=\"http://nodeinfo.diaspora.software/ns/schema/2.1#\"",
        )],
        doc.to_string(),
    )
        .into_response())
}
