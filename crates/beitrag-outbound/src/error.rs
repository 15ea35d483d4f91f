//! The error type shared by every operation of the outbound client.

use std::net::IpAddr;

/// Why an outbound request was refused or failed.
///
/// The variants separate "we refused on purpose" (`Scheme`, `Forbidden`,
/// `TooManyRedirects`, `TooLarge`) from "the other side or the network failed"
/// (`Resolve`, `Timeout`, `Http`) so callers can log or report them differently.
#[derive(Debug, thiserror::Error)]
pub enum OutboundError {
    /// The client could not be built, e.g. a bad allow-list entry or user agent.
    #[error("invalid outbound client configuration: {0}")]
    Config(String),
    /// The URL (or a redirect's `Location`) could not be parsed.
    #[error("invalid URL: {0}")]
    BadUrl(String),
    /// The URL uses a scheme other than `http` or `https`; holds the scheme.
    #[error("URL scheme {0:?} is not allowed, only http and https are")]
    Scheme(String),
    /// The host is, or resolves only to, an address that must not be contacted.
    #[error(
        "address {addr} of host {host} is {} and not allowed",
        crate::policy::forbidden_reason(*.addr).unwrap_or("reserved")
    )]
    Forbidden {
        /// The host name (or IP literal) as it appeared in the URL.
        host: String,
        /// The first forbidden address the host resolved to.
        addr: IpAddr,
    },
    /// DNS resolution failed or returned no addresses.
    #[error("could not resolve host: {0}")]
    Resolve(String),
    /// A `GET` was redirected more often than [`crate::Limits::max_redirects`].
    #[error("too many redirects")]
    TooManyRedirects,
    /// The response body is larger than the limit; holds the limit in bytes.
    #[error("response body exceeds the limit of {0} bytes")]
    TooLarge(usize),
    /// The request did not complete within [`crate::Limits::timeout`].
    #[error("request timed out")]
    Timeout,
    /// Any other transport or protocol failure (connection refused, TLS, ...).
    #[error("HTTP request failed: {0}")]
    Http(String),
}

impl OutboundError {
    /// What may be told to whoever made us fetch: the kind of failure
    /// without the addresses a host resolved to or the resolver's and the
    /// transport's own words, which would let anyone map internal names
    /// through the Pingback fault or the public Webmention status. Log the
    /// `Display` form for the operator.
    pub fn public_message(&self) -> &'static str {
        match self {
            Self::Config(_) => "the request could not be made",
            Self::BadUrl(_) => "the URL is invalid",
            Self::Scheme(_) => "only http and https URLs can be fetched",
            Self::Forbidden { .. } => "the host is not allowed",
            Self::Resolve(_) => "the host could not be resolved",
            Self::TooManyRedirects => "too many redirects",
            Self::TooLarge(_) => "the response is too large",
            Self::Timeout => "the request timed out",
            Self::Http(_) => "the host could not be reached",
        }
    }
}
