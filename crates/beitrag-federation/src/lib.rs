//! The wire formats of beitrag in the fediverse, with no I/O of their own:
//! the ActivityStreams documents we publish ([`vocab`]) and read ([`read`]),
//! WebFinger, host-meta and NodeInfo ([`discovery`]), RSA keys ([`keys`]),
//! body digests ([`digest`]) and draft-cavage HTTP signatures ([`cavage`]).
//!
//! JSON-LD is read as plain JSON: nothing is ever fetched for a context,
//! and a property may be a string, an object or an array (see [`read::items`]).

pub mod cavage;
pub mod digest;
pub mod discovery;
pub mod keys;
pub mod read;
pub mod vocab;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

/// What can go wrong reading or signing.
#[derive(Debug, thiserror::Error)]
pub enum FederationError {
    /// The request carries no signature.
    #[error("the request is not signed")]
    Unsigned,
    /// The signature is unreadable, incomplete, stale or wrong.
    #[error("{0}")]
    BadSignature(String),
    /// A document is not what it must be.
    #[error("{0}")]
    Malformed(String),
    /// A key could not be made, read or used.
    #[error("the key could not be used")]
    Key,
}

pub(crate) fn b64_encode(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

pub(crate) fn b64_decode(s: &str) -> Option<Vec<u8>> {
    STANDARD.decode(s.trim()).ok()
}
