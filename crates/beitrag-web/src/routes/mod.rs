//! The router. Fixed assets have routes of their own; everything else goes
//! through one dispatcher, because permalink patterns are configurable and
//! category paths nest, which static route tables cannot express.

mod admin;
mod api;
mod assets;
mod comments;
mod content;
pub(crate) mod fediverse;
mod feeds;
pub mod hot;
mod http;
pub(crate) mod icons;
mod indieauth;
mod legacy;
mod linkback;
mod micropub;
mod ops;
mod pages;
mod post_page;
mod publishing;
pub mod resolve;
mod search;
mod sitemap;
mod subscribe;
mod webmention;
pub mod websub;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use percent_encoding::percent_decode_str;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::cache::Lookup;
use crate::error::{ThemedNotFound, WebError};
use crate::state::AppState;
use resolve::{Route, resolve};

/// Longest request path we try to resolve.
pub(crate) const MAX_PATH: usize = 2048;

/// Builds the router with its middleware. `beitrag serve` runs it behind
/// [`hot::HotPath`], which answers cached pages first.
pub fn router(state: AppState) -> Router {
    let body_limit = state.options().max_body_bytes;
    // Room for the multipart framing around a file of the largest size.
    let upload_limit = usize::try_from(state.options().max_upload_bytes)
        .unwrap_or(usize::MAX)
        .saturating_add(64 * 1024);
    Router::new()
        .route("/static/style.css", get(assets::style))
        .route("/avatar/{file}", get(assets::avatar))
        .route("/media/{*path}", get(crate::media::serve))
        .route("/search", get(search::page))
        .route("/robots.txt", get(sitemap::robots))
        .route("/healthz", get(ops::healthz))
        .route("/readyz", get(ops::readyz))
        .route("/favicon.ico", get(icons::favicon))
        .route("/apple-touch-icon.png", get(icons::touch_icon))
        .route("/apple-touch-icon-precomposed.png", get(icons::touch_icon))
        .route("/comments/", axum::routing::post(comments::create))
        .route("/comments/unsubscribe/", get(comments::unsubscribe))
        .route("/xmlrpc", get(linkback::discovery).post(linkback::xmlrpc))
        // WordPress's address for the same endpoint, which clients and
        // pinging blogs have stored.
        .route(
            "/xmlrpc.php",
            get(linkback::discovery).post(linkback::xmlrpc),
        )
        .route("/webmention", axum::routing::post(webmention::receive))
        .route("/micropub", get(micropub::query).post(micropub::post))
        .route("/micropub/media", axum::routing::post(micropub::media))
        .route("/indieauth/token", axum::routing::post(indieauth::token))
        .route(
            "/.well-known/oauth-authorization-server",
            get(indieauth::metadata),
        )
        .route("/webmention/status/{id}", get(webmention::status))
        .route("/websub", axum::routing::post(websub::hub))
        .route("/subscribe", axum::routing::post(subscribe::subscribe))
        .route("/subscribe/confirm", get(subscribe::confirm))
        .route(
            "/unsubscribe",
            get(subscribe::ask).post(subscribe::unsubscribe),
        )
        .merge(ops::metrics_router(state.options().metrics_on_main))
        .merge(fediverse::router())
        .merge(admin::router(upload_limit))
        .merge(api::router(upload_limit))
        .fallback(dispatch)
        .layer(axum::extract::DefaultBodyLimit::max(body_limit))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            themed_not_found,
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static(NOSNIFF),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static(REFERRER_POLICY),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        ))
        .layer(tower_http::compression::CompressionLayer::new())
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .layer(middleware::from_fn_with_state(state.clone(), ops::observe))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::proxy::real_client,
        ))
        .with_state(state)
}

/// Only `/metrics`, for an address of its own (`[server] metrics_listen`),
/// which keeps it off the address the public reaches.
pub fn metrics_only(state: AppState) -> Router {
    Router::new()
        .route("/metrics", get(ops::metrics))
        .with_state(state)
}

// What every response carries (the layers above; the hot path adds them
// itself, as it answers before them).
pub(crate) const NOSNIFF: &str = "nosniff";
pub(crate) const REFERRER_POLICY: &str = "strict-origin-when-cross-origin";
pub(crate) const CSP: &str = "default-src 'self'; img-src 'self' https: data:; style-src 'self'; script-src 'none'; frame-ancestors 'self'";

async fn dispatch(
    State(state): State<AppState>,
    axum::extract::ConnectInfo(peer): axum::extract::ConnectInfo<std::net::SocketAddr>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, WebError> {
    if method == Method::POST
        && let Some(post_path) = uri.path().strip_suffix("trackback/")
    {
        let post_path = percent_decode_str(post_path)
            .decode_utf8()
            .map_err(|_| WebError::NotFound)?;
        return linkback::trackback(&state, peer, &post_path, &body).await;
    }
    if method != Method::GET && method != Method::HEAD {
        return Ok((
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, "GET, HEAD")],
        )
            .into_response());
    }
    let raw = uri.path();
    if raw.len() > MAX_PATH {
        return Err(WebError::NotFound);
    }
    let path = percent_decode_str(raw)
        .decode_utf8()
        .map_err(|_| WebError::NotFound)?
        .into_owned();
    if path.contains(['\0', '\n', '\r']) {
        return Err(WebError::NotFound);
    }
    // A visitor replying to a comment or waiting for their own comments to
    // be approved sees a page of their own, which is never cached.
    let reply_to = uri.query().and_then(|q| {
        q.split('&')
            .find_map(|kv| kv.strip_prefix("replytocom="))
            .and_then(|v| v.parse::<i64>().ok())
    });
    let visitor = post_page::Visitor {
        reply_to,
        pending: comments::pending_from(&state, &headers),
    };
    let personal = visitor.personal();
    let asked = post_page::Asked {
        headers: &headers,
        query: uri.query(),
        path: &path,
        visitor: &visitor,
    };
    if let Some(to) = legacy::path(&path) {
        return Ok(http::redirect(to, None));
    }
    let epoch = state.cache().epoch();
    let site = state.site().await?;
    // A fediverse server asking for a post gets its `Article`, never a
    // cached HTML page (and the HTML pages say `Vary: Accept`).
    if fediverse::wants_activity(&headers) {
        return fediverse::object_at(&state, &site, &path).await;
    }
    if path == "/"
        && let Some(q) = uri.query()
        && legacy::is_wordpress_query(q)
    {
        return legacy::query(&state, &site, q).await;
    }
    // One request renders a missing page; the others for the same path
    // wait for it, or get the copy a change has just made stale.
    let render = if personal {
        state.cache().render_alone(&path)
    } else {
        match state.cache().lookup(&path).await {
            Lookup::Hit(page) => {
                state.metrics().cache_hit();
                return Ok(http::conditional(&page, &headers));
            }
            Lookup::Render(render) => {
                state.metrics().cache_render();
                render
            }
        }
    };
    let route = resolve(&path);
    let feed = matches!(route, Route::Feed(..));
    if let Some(canonical) = route.canonical()
        && canonical != path
    {
        return Ok(http::redirect(&canonical, uri.query()));
    }
    let page = match route {
        Route::List(archive, n) => match pages::list(&state, &site, &archive, n).await {
            Err(WebError::NotFound) => return moved(&state, &path, uri.query()).await,
            other => other?,
        },
        Route::Feed(archive, format) => match feeds::posts(&state, &site, &archive, format).await {
            Err(WebError::NotFound) => return moved(&state, &path, uri.query()).await,
            other => other?,
        },
        Route::Sitemap(part) => sitemap::render(&state, &site, part).await?,
        Route::CommentsFeed(format) => feeds::comments(&state, &site, None, format).await?,
        Route::PostCommentsFeed(post_path, format) => {
            match content::find(&state, &site, &post_path, None).await? {
                content::Found::Post(p) => {
                    let canonical = format!(
                        "{}{}",
                        content::path_of(&site, &p.card.post),
                        feed_suffix(format, &site)
                    );
                    if canonical != path {
                        return Ok(http::redirect(&canonical, uri.query()));
                    }
                    feeds::comments(&state, &site, Some(&p), format).await?
                }
                // A post that moved (an old slug, or an imported blog's
                // permalink) takes its comment feed along.
                content::Found::Redirect(to) => {
                    let feed = format!("{to}{}", feed_suffix(format, &site));
                    return Ok(http::redirect(&feed, None));
                }
            }
        }
        Route::Content(p, n) => match post_page::render(&state, &site, &asked, &p, n).await? {
            post_page::Rendered::Page(page) => page,
            post_page::Rendered::Done(res) => return Ok(with_pingback(res, &site)),
        },
        Route::NotFound => return Err(WebError::NotFound),
    };
    let mut extra = pingback_headers(&site, page.content_type);
    if feed {
        extra.extend(websub::feed_headers(&site, &path));
    }
    let page = render.put(page.with_headers(extra), epoch);
    Ok(http::conditional(&page, &headers))
}

/// Every HTML page names the Pingback endpoint (Pingback 1.0 §2.1) and the
/// Webmention endpoint (Webmention §3.1.2) unless Webmentions are switched
/// off; the endpoints themselves tell
/// posts that take pings from everything else.
fn pingback_headers(
    site: &crate::state::Site,
    content_type: &str,
) -> Vec<(header::HeaderName, HeaderValue)> {
    let mut out = Vec::new();
    if !content_type.starts_with("text/html") {
        return out;
    }
    out.push((header::VARY, HeaderValue::from_static("Accept")));
    if let Ok(v) = HeaderValue::from_str(&site.url("/xmlrpc")) {
        out.push((header::HeaderName::from_static("x-pingback"), v));
    }
    if site.settings.webmention_status == beitrag_core::model::OpenClosed::Open
        && let Ok(v) = HeaderValue::from_str(&format!(
            "<{}>; rel=\"webmention\"",
            site.url("/webmention")
        ))
    {
        out.push((header::LINK, v));
    }
    out
}

/// [`pingback_headers`] on a response built outside the page cache.
fn with_pingback(mut res: Response, site: &crate::state::Site) -> Response {
    let content_type = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    for (name, value) in pingback_headers(site, &content_type) {
        res.headers_mut().append(name, value);
    }
    res
}

/// An archive that is not there may have moved (a renamed or merged tag or
/// category): follow the recorded redirect, else 404. Redirects are
/// recorded for an archive's root; its feeds and later pages follow it.
async fn moved(state: &AppState, path: &str, query: Option<&str>) -> Result<Response, WebError> {
    let (root, suffix) = archive_root(path);
    match state.read().redirect_for(root).await? {
        Some(to) => Ok(http::redirect(&format!("{to}{suffix}"), query)),
        None => Err(WebError::NotFound),
    }
}

/// Splits `…/feed/`, `…/feed/atom/`, `…/feed/json/` and `…/page/N/` off an
/// archive path: `(root, suffix)`.
fn archive_root(path: &str) -> (&str, &str) {
    for suffix in ["feed/atom/", "feed/json/", "feed/"] {
        if let Some(root) = path.strip_suffix(suffix)
            && root.ends_with('/')
        {
            return (root, &path[root.len()..]);
        }
    }
    if let Some(rest) = path.strip_suffix('/')
        && let Some((head, n)) = rest.rsplit_once('/')
        && n.bytes().all(|b| b.is_ascii_digit())
        && !n.is_empty()
        && let Some(root) = head.strip_suffix("page")
        && root.ends_with('/')
    {
        return (root, &path[root.len()..]);
    }
    (path, "")
}

fn feed_suffix(format: resolve::Format, site: &crate::state::Site) -> &'static str {
    let slash = site.settings.permalink.trailing_slash();
    match (format, slash) {
        (resolve::Format::Rss, true) => "feed/",
        (resolve::Format::Atom, true) => "feed/atom/",
        (resolve::Format::Json, true) => "feed/json/",
        (resolve::Format::Rss, false) => "/feed/",
        (resolve::Format::Atom, false) => "/feed/atom/",
        (resolve::Format::Json, false) => "/feed/json/",
    }
}

/// Replaces the plain 404 of any handler with the themed page.
async fn themed_not_found(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let res = next.run(req).await;
    if res.extensions().get::<ThemedNotFound>().is_none() {
        return res;
    }
    match pages::not_found(&state).await {
        Ok(html) => (
            StatusCode::NOT_FOUND,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            html,
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = ?e, "themed 404 failed");
            res
        }
    }
}

#[cfg(test)]
mod tests {
    use super::archive_root;

    #[test]
    fn finds_archive_root_when_path_has_feed_or_page() {
        assert_eq!(archive_root("/tag/alt/"), ("/tag/alt/", ""));
        assert_eq!(archive_root("/tag/alt/feed/"), ("/tag/alt/", "feed/"));
        assert_eq!(
            archive_root("/tag/alt/feed/atom/"),
            ("/tag/alt/", "feed/atom/")
        );
        assert_eq!(
            archive_root("/category/a/b/page/3/"),
            ("/category/a/b/", "page/3/")
        );
        assert_eq!(archive_root("/tag/page/"), ("/tag/page/", ""));
        assert_eq!(archive_root("/tag/xpage/2/"), ("/tag/xpage/2/", ""));
    }
}
