//! The client itself: URL checks, manual redirects, size and time limits.

use std::future::Future;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderValue, LOCATION};
use reqwest::{RequestBuilder, Response, StatusCode};
use url::{Host, Url};

use crate::OutboundError;
use crate::policy::Policy;
use crate::resolve::{GuardedResolver, find_in_chain};

/// Resource limits for one outbound request.
///
/// The defaults suit fetching a linkback source page; tests shrink them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest accepted response body in bytes; one byte more is an error.
    pub max_bytes: usize,
    /// Deadline for the whole exchange: all redirect hops and the full body.
    pub timeout: Duration,
    /// How many redirects a `GET` may follow before giving up.
    pub max_redirects: usize,
}

impl Default for Limits {
    /// 1 MiB, 10 seconds, 3 redirects.
    fn default() -> Self {
        Self {
            max_bytes: 1024 * 1024,
            timeout: Duration::from_secs(10),
            max_redirects: 3,
        }
    }
}

/// A completed response, with the body read in full.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// HTTP status code of the final response.
    pub status: u16,
    /// The URL that produced this response, after any redirects.
    pub url: String,
    /// Response headers of the final response.
    pub headers: HeaderMap,
    /// The complete response body, never truncated.
    pub body: Vec<u8>,
}

impl Fetched {
    /// The `Content-Type` header, if present and valid text.
    pub fn content_type(&self) -> Option<&str> {
        self.headers.get(CONTENT_TYPE)?.to_str().ok()
    }

    /// The body decoded as UTF-8, with invalid sequences replaced by U+FFFD.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// Every value of header `name` (case-insensitive), in order.
    ///
    /// Headers such as `Link` may legitimately repeat, and Webmention endpoint
    /// discovery has to see all of them. Non-UTF-8 bytes are replaced lossily;
    /// an invalid header name simply yields no values.
    pub fn header_all(&self, name: &str) -> Vec<String> {
        self.headers
            .get_all(name)
            .iter()
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
            .collect()
    }
}

/// The SSRF-safe HTTP client. Cheap to clone; clones share connections.
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    policy: Arc<Policy>,
    limits: Limits,
}

impl Client {
    /// Builds a client.
    ///
    /// `allow_private` lists CIDR networks (`"127.0.0.0/8"`, `"::1/128"`) that
    /// may be contacted even though [`crate::is_forbidden`] denies them, e.g. a
    /// Webmention receiver on the LAN, or the loopback servers of tests. A bare
    /// address counts as a single-host network. An unparsable entry or user
    /// agent yields [`OutboundError::Config`].
    pub fn new(
        allow_private: &[String],
        limits: Limits,
        user_agent: &str,
    ) -> Result<Client, OutboundError> {
        let policy = Arc::new(Policy::new(allow_private)?);
        let user_agent = HeaderValue::from_str(user_agent).map_err(|_| {
            OutboundError::Config(format!(
                "user agent {user_agent:?} is not a valid header value"
            ))
        })?;
        let http = reqwest::Client::builder()
            // Redirects are followed by hand so every hop is checked again.
            .redirect(reqwest::redirect::Policy::none())
            // A proxy would resolve host names itself, behind our resolver's back.
            .no_proxy()
            .dns_resolver(GuardedResolver {
                policy: Arc::clone(&policy),
            })
            .user_agent(user_agent)
            .build()
            .map_err(|e| OutboundError::Config(error_chain(&e)))?;
        Ok(Client {
            http,
            policy,
            limits,
        })
    }

    /// `GET`s `url`, following up to [`Limits::max_redirects`] redirects, each
    /// checked like the original URL.
    pub async fn get(&self, url: &str) -> Result<Fetched, OutboundError> {
        self.within_deadline(self.get_following(url)).await
    }

    /// `GET`s `url` like [`Client::get`], sending `headers` (an `Accept`)
    /// on every hop.
    pub async fn get_with(&self, url: &str, headers: &HeaderMap) -> Result<Fetched, OutboundError> {
        self.within_deadline(self.get_following_with(url, headers))
            .await
    }

    /// `POST`s `body` with `headers` (which name the content type and,
    /// for ActivityPub, carry the signature made for exactly this URL).
    /// Redirects are not followed, as with [`Client::post`].
    pub async fn post_with(
        &self,
        url: &str,
        headers: HeaderMap,
        body: Vec<u8>,
    ) -> Result<Fetched, OutboundError> {
        self.within_deadline(async {
            let url = self.checked_url(url)?;
            let response = send(self.http.post(url).headers(headers).body(body)).await?;
            self.read(response).await
        })
        .await
    }

    /// `POST`s `fields` as `application/x-www-form-urlencoded`, the encoding
    /// Webmention and trackback expect. Redirects are not followed: a 3xx
    /// response is returned as is.
    pub async fn post_form(
        &self,
        url: &str,
        fields: &[(&str, &str)],
    ) -> Result<Fetched, OutboundError> {
        let body = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(fields)
            .finish();
        self.post(url, "application/x-www-form-urlencoded", body.into_bytes())
            .await
    }

    /// `POST`s `body` with the given `Content-Type`. Redirects are not
    /// followed: re-sending a body to wherever a server points is exactly the
    /// kind of request forgery this crate exists to prevent, and the protocols
    /// we speak do not need it.
    pub async fn post(
        &self,
        url: &str,
        content_type: &str,
        body: Vec<u8>,
    ) -> Result<Fetched, OutboundError> {
        self.post_with_headers(url, content_type, &[], body).await
    }

    /// [`Client::post`] with further request headers (WebSub's `Link` and
    /// `X-Hub-Signature`); a name or value that is not a valid header is
    /// [`OutboundError::Config`].
    pub async fn post_with_headers(
        &self,
        url: &str,
        content_type: &str,
        headers: &[(&str, &str)],
        body: Vec<u8>,
    ) -> Result<Fetched, OutboundError> {
        let mut extra = HeaderMap::new();
        for (name, value) in headers {
            let name = reqwest::header::HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| OutboundError::Config(format!("invalid header name {name:?}")))?;
            let value = HeaderValue::from_str(value)
                .map_err(|_| OutboundError::Config(format!("invalid value of header {name}")))?;
            extra.append(name, value);
        }
        self.within_deadline(async {
            let url = self.checked_url(url)?;
            let request = self
                .http
                .post(url)
                .header(CONTENT_TYPE, content_type)
                .headers(extra)
                .body(body);
            let response = send(request).await?;
            self.read(response).await
        })
        .await
    }

    /// Applies the total deadline around everything `fut` does.
    async fn within_deadline(
        &self,
        fut: impl Future<Output = Result<Fetched, OutboundError>>,
    ) -> Result<Fetched, OutboundError> {
        tokio::time::timeout(self.limits.timeout, fut)
            .await
            .unwrap_or(Err(OutboundError::Timeout))
    }

    async fn get_following(&self, url: &str) -> Result<Fetched, OutboundError> {
        self.get_following_with(url, &HeaderMap::new()).await
    }

    async fn get_following_with(
        &self,
        url: &str,
        headers: &HeaderMap,
    ) -> Result<Fetched, OutboundError> {
        let mut current = self.checked_url(url)?;
        let mut followed = 0;
        loop {
            let response = send(self.http.get(current.clone()).headers(headers.clone())).await?;
            let Some(next) = redirect_target(&response, &current)? else {
                return self.read(response).await;
            };
            if followed >= self.limits.max_redirects {
                return Err(OutboundError::TooManyRedirects);
            }
            followed += 1;
            tracing::debug!(from = %current, to = %next, "following redirect");
            current = self.check(next)?;
        }
    }

    fn checked_url(&self, url: &str) -> Result<Url, OutboundError> {
        let parsed = Url::parse(url).map_err(|e| OutboundError::BadUrl(format!("{url:?}: {e}")))?;
        self.check(parsed)
    }

    /// Scheme and IP-literal checks. Host names are checked later, by the
    /// resolver, because only it sees the addresses actually connected to;
    /// reqwest never resolves IP literals, so those must be checked here.
    fn check(&self, url: Url) -> Result<Url, OutboundError> {
        if !matches!(url.scheme(), "http" | "https") {
            return Err(OutboundError::Scheme(url.scheme().to_owned()));
        }
        let addr = match url.host() {
            None => return Err(OutboundError::BadUrl(format!("{url}: no host"))),
            Some(Host::Domain(_)) => return Ok(url),
            Some(Host::Ipv4(ip)) => IpAddr::V4(ip),
            Some(Host::Ipv6(ip)) => IpAddr::V6(ip),
        };
        if self.policy.permits(addr) {
            Ok(url)
        } else {
            Err(OutboundError::Forbidden {
                host: url.host_str().unwrap_or_default().to_owned(),
                addr,
            })
        }
    }

    /// Reads the body, refusing to buffer more than [`Limits::max_bytes`].
    async fn read(&self, mut response: Response) -> Result<Fetched, OutboundError> {
        let max = self.limits.max_bytes;
        let announced = response.content_length();
        // Refuse early when the server already tells us it is too big.
        if announced.is_some_and(|len| len > max as u64) {
            return Err(OutboundError::TooLarge(max));
        }
        let status = response.status().as_u16();
        let url = response.url().to_string();
        let headers = std::mem::take(response.headers_mut());
        let capacity = announced.map_or(0, |len| usize::try_from(len).unwrap_or(max));
        let mut body = Vec::with_capacity(capacity.min(max));
        while let Some(chunk) = response.chunk().await.map_err(map_reqwest)? {
            if chunk.len() > max - body.len() {
                return Err(OutboundError::TooLarge(max));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Fetched {
            status,
            url,
            headers,
            body,
        })
    }
}

async fn send(request: RequestBuilder) -> Result<Response, OutboundError> {
    request.send().await.map_err(map_reqwest)
}

/// The next URL if `response` is a redirect with a usable `Location`.
fn redirect_target(response: &Response, current: &Url) -> Result<Option<Url>, OutboundError> {
    let redirect = matches!(
        response.status(),
        StatusCode::MOVED_PERMANENTLY
            | StatusCode::FOUND
            | StatusCode::SEE_OTHER
            | StatusCode::TEMPORARY_REDIRECT
            | StatusCode::PERMANENT_REDIRECT
    );
    // A redirect status without Location has nowhere to go; hand it back.
    let Some(location) = response.headers().get(LOCATION).filter(|_| redirect) else {
        return Ok(None);
    };
    let location = location
        .to_str()
        .map_err(|_| OutboundError::BadUrl("redirect Location is not valid text".to_owned()))?;
    // Location may be relative (RFC 9110 §10.2.2).
    current
        .join(location)
        .map(Some)
        .map_err(|e| OutboundError::BadUrl(format!("redirect to {location:?}: {e}")))
}

fn map_reqwest(err: reqwest::Error) -> OutboundError {
    if let Some(found) = find_in_chain(&err) {
        return found.into();
    }
    if err.is_timeout() {
        return OutboundError::Timeout;
    }
    OutboundError::Http(error_chain(&err))
}

/// reqwest's own message is terse ("error sending request"); the cause, such
/// as "connection refused", is further down the source chain.
fn error_chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut message = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}
