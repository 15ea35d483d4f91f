//! The one SSRF-safe HTTP client every outbound request of beitrag goes through.
//!
//! Fetching linkback sources, sending Webmentions, pingbacks and trackbacks (and
//! later ActivityPub deliveries) all mean that a stranger on the internet chooses
//! a URL and our server requests it. Without care that lets anyone make the blog
//! talk to `127.0.0.1`, the LAN or a cloud metadata endpoint. This crate closes
//! that hole in one place so no caller has to remember the rules:
//!
//! * only `http` and `https` URLs are accepted;
//! * addresses in private, loopback, link-local, unique-local, CGNAT, multicast,
//!   broadcast, unspecified, documentation, benchmarking and other reserved
//!   ranges (see [`is_forbidden`]) are refused unless the operator put them on
//!   an explicit allow-list;
//! * the check runs on the *resolved* addresses, inside the DNS resolver that
//!   reqwest connects with, so a name cannot resolve to a public address for the
//!   check and to a private one for the connection (DNS rebinding);
//! * redirects are followed by hand (at most [`Limits::max_redirects`]) and every
//!   hop is checked again; `POST`s never follow redirects;
//! * bodies are streamed and the request is aborted with
//!   [`OutboundError::TooLarge`] once [`Limits::max_bytes`] is exceeded, and the
//!   whole exchange is bounded by [`Limits::timeout`].

mod client;
mod error;
mod policy;
mod resolve;

pub use client::{Client, Fetched, Limits};
pub use error::OutboundError;
pub use policy::is_forbidden;
