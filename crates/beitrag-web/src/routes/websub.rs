//! The WebSub hub's web half ([W3C WebSub](https://www.w3.org/TR/websub/)):
//! `POST /websub` takes subscription requests (§5.1) for the site's post
//! feeds and answers `202 Accepted` (the intent is verified by a job);
//! feeds name the hub and themselves in `Link` headers (§4); and the jobs
//! get a topic's current document and the topics that list a post from
//! here, since only this layer knows the site's paths.

use std::net::SocketAddr;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use beitrag_core::model::{PostId, PostKind, Taxonomy};
use beitrag_core::service::websub::{self, HubRequest};
use chrono::Utc;

use super::resolve::{Archive, Format, Route, resolve};
use crate::cache::Lookup;
use crate::error::WebError;
use crate::state::{AppState, Site};

/// `POST /websub`: a subscriber's `hub.mode=subscribe|unsubscribe`
/// request. A refusal is a `400` naming the `hub.*` field at fault.
pub async fn hub(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    body: Bytes,
) -> Result<Response, WebError> {
    let form = super::comments::parse_form(&body)?;
    let field = |k: &str| form.get(k).cloned();
    let req = HubRequest {
        mode: field("hub.mode").unwrap_or_default(),
        topic: field("hub.topic").unwrap_or_default(),
        callback: field("hub.callback").unwrap_or_default(),
        lease_seconds: field("hub.lease_seconds"),
        secret: field("hub.secret"),
    };
    let site = state.site().await?;
    let known = feed_path(&site, &req.topic)
        .is_some_and(|path| matches!(resolve(path), Route::Feed(ref a, _) if exists(&site, a)));
    websub::request(
        state.core(),
        &site.settings,
        &req,
        known,
        Some(peer.ip()),
        Utc::now(),
    )
    .await?;
    Ok((
        StatusCode::ACCEPTED,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "The subscription request was accepted; its intent will be verified.\n",
    )
        .into_response())
}

/// The path of `topic` when it is a canonical feed URL of this site.
fn feed_path<'a>(site: &Site, topic: &'a str) -> Option<&'a str> {
    let path = topic.strip_prefix(site.settings.base_url.as_str())?;
    let route = resolve(path);
    let canonical = route.canonical()?;
    (canonical == path && matches!(route, Route::Feed(..))).then_some(path)
}

/// Whether the archive of a post feed exists (dated archives have none).
fn exists(site: &Site, archive: &Archive) -> bool {
    match archive {
        Archive::Home => true,
        Archive::Tag(slug) => site.directory.tag(slug).is_some(),
        Archive::Category(path) => site.directory.category_by_path(path).is_some(),
        Archive::Author(login) => site.users.iter().any(|u| &u.login == login),
        Archive::Date(..) => false,
    }
}

/// The `Link` headers of a post feed (§4): the hub and the feed itself.
pub(crate) fn feed_headers(site: &Site, path: &str) -> Vec<(header::HeaderName, HeaderValue)> {
    let value = format!(
        "<{}>; rel=\"hub\", <{}>; rel=\"self\"",
        websub::hub_url(&site.settings),
        site.url(path)
    );
    HeaderValue::from_str(&value)
        .map(|v| vec![(header::LINK, v)])
        .unwrap_or_default()
}

/// The document a reader gets at `topic` (through the page cache, so a
/// burst of deliveries renders it once): content type and body. `None`
/// when the topic is not one of our post feeds.
pub async fn document(
    state: &AppState,
    topic: &str,
) -> Result<Option<(String, Vec<u8>)>, WebError> {
    let epoch = state.cache().epoch();
    let site = state.site().await?;
    let Some(path) = feed_path(&site, topic) else {
        return Ok(None);
    };
    let Route::Feed(archive, format) = resolve(path) else {
        return Ok(None);
    };
    if !exists(&site, &archive) {
        return Ok(None);
    }
    let page = match state.cache().lookup(path).await {
        Lookup::Hit(page) => page,
        Lookup::Render(render) => {
            let page = super::feeds::posts(state, &site, &archive, format).await?;
            render.put(page.with_headers(feed_headers(&site, path)), epoch)
        }
    };
    Ok(Some((page.content_type.to_owned(), page.body.to_vec())))
}

/// Absolute URLs of the post feeds that list `post`, in every format: the
/// site's, its author's, its tags' and its categories' (with their parent
/// categories, whose archives include their children's posts).
pub async fn topics(state: &AppState, post: PostId) -> Result<Vec<String>, WebError> {
    let site = state.site().await?;
    let Some(p) = state.read().post_by_id(post).await? else {
        return Ok(Vec::new());
    };
    if p.kind != PostKind::Post {
        return Ok(Vec::new());
    }
    let mut archives = vec![Archive::Home];
    if let Some(author) = site.users.iter().find(|u| u.id == p.author_id) {
        archives.push(Archive::Author(author.login.clone()));
    }
    for term in state.read().terms_of_post(post).await? {
        match term.taxonomy {
            Taxonomy::Tag => archives.push(Archive::Tag(term.slug.clone())),
            Taxonomy::Category => {
                let path = site.directory.category_path(term.id);
                let parts: Vec<&str> = path.split('/').collect();
                for n in 1..=parts.len() {
                    archives.push(Archive::Category(parts[..n].join("/")));
                }
            }
        }
    }
    let mut out = Vec::new();
    for archive in archives {
        for format in [Format::Rss, Format::Atom, Format::Json] {
            if let Some(path) = Route::Feed(archive.clone(), format).canonical() {
                let url = site.url(&path);
                if !out.contains(&url) {
                    out.push(url);
                }
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> Site {
        Site {
            settings: beitrag_core::Settings {
                base_url: "https://blog.example".into(),
                ..Default::default()
            },
            directory: beitrag_core::service::links::Directory::new(Vec::new(), &[]),
            users: Vec::new(),
            pages: Vec::new(),
            menu: Vec::new(),
            widgets: Vec::new(),
            epoch: 0,
            view: Default::default(),
        }
    }

    #[test]
    fn accepts_topic_only_when_a_canonical_post_feed_of_ours() {
        let site = site();
        assert_eq!(
            feed_path(&site, "https://blog.example/feed/"),
            Some("/feed/")
        );
        assert_eq!(
            feed_path(&site, "https://blog.example/feed/atom/"),
            Some("/feed/atom/")
        );
        for other in [
            "https://other.example/feed/",
            "https://blog.example/",
            "https://blog.example/feed",
            "https://blog.example/comments/feed/",
            "https://blog.example.evil/feed/",
        ] {
            assert_eq!(feed_path(&site, other), None, "{other}");
        }
    }
}
