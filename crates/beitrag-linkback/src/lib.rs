//! Linkbacks for beitrag: Pingback 1.0, TrackBack 1.2 and Webmention, plus the
//! small pieces of XML-RPC and microformats2 they need.
//!
//! This crate is pure code: no HTTP, no database, no async. Callers fetch pages,
//! read request bodies and store results; this crate decodes and encodes the
//! wire formats and looks at HTML.
//!
//! * [`xmlrpc`]: a small, defensive XML-RPC codec for `pingback.ping`
//!   ([XML-RPC](http://xmlrpc.com/spec.md), [Pingback 1.0](http://www.hixie.ch/specs/pingback/pingback)).
//! * [`trackback`]: TrackBack ping forms, responses and RDF autodiscovery
//!   ([TrackBack 1.2](http://archive.cweiske.de/trackback/trackback-1.2.html)).
//! * [`discover`]: Webmention and Pingback endpoint discovery, outgoing links and
//!   link verification ([Webmention §3.1.2](https://www.w3.org/TR/webmention/#sender-discovers-receiver-webmention-endpoint)).
//! * [`mf2`]: a sensible subset of microformats2 [h-entry](http://microformats.org/wiki/h-entry)
//!   parsing to turn an incoming Webmention source into a comment.
//!
//! Everything that comes out of a remote page (HTML content, names, URLs) is
//! untrusted: sanitise HTML with `ammonia` before rendering it.

#![warn(missing_docs)]

pub mod context;
pub mod discover;
mod html;
pub mod mf2;
pub mod trackback;
pub mod xmlrpc;
