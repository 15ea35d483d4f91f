//! The DNS resolver reqwest connects through.
//!
//! Checking addresses in a separate look-up before the request would leave a
//! DNS-rebinding gap: a hostile name server can answer with a public address
//! for the check and a private one a moment later for the connection. Handing
//! reqwest a resolver that filters its own answers means the addresses that are
//! checked are exactly the addresses that get connected to.

use std::fmt;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use reqwest::dns::{Addrs, Name, Resolve, Resolving};

use crate::OutboundError;
use crate::policy::Policy;

/// Resolves with the system resolver (`tokio::net::lookup_host`) and drops
/// every address the [`Policy`] does not permit.
#[derive(Debug, Clone)]
pub(crate) struct GuardedResolver {
    pub(crate) policy: Arc<Policy>,
}

/// Failures of [`GuardedResolver`]. reqwest boxes them deep inside its own
/// error, so the client digs them out again with [`find_in_chain`] to report a
/// precise [`OutboundError`] instead of a generic connect failure.
#[derive(Debug)]
pub(crate) enum ResolveError {
    /// Every address the host resolved to is forbidden; holds the first one.
    Forbidden { host: String, addr: IpAddr },
    /// The look-up itself failed or came back empty.
    Failed { host: String, reason: String },
}

impl fmt::Display for ResolveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Forbidden { host, addr } => write!(
                f,
                "host {host} resolves only to forbidden addresses (first: {addr})"
            ),
            Self::Failed { host, reason } => write!(f, "{host}: {reason}"),
        }
    }
}

impl std::error::Error for ResolveError {}

impl From<&ResolveError> for OutboundError {
    fn from(err: &ResolveError) -> Self {
        match err {
            ResolveError::Forbidden { host, addr } => OutboundError::Forbidden {
                host: host.clone(),
                addr: *addr,
            },
            ResolveError::Failed { .. } => OutboundError::Resolve(err.to_string()),
        }
    }
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let policy = Arc::clone(&self.policy);
        let host = name.as_str().to_owned();
        Box::pin(async move {
            // Port 0: reqwest substitutes the URL's (or the scheme's) port.
            let found: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0))
                .await
                .map_err(|e| ResolveError::Failed {
                    host: host.clone(),
                    reason: e.to_string(),
                })?
                .collect();
            let Some(first) = found.first() else {
                return Err(ResolveError::Failed {
                    host,
                    reason: "no addresses found".to_owned(),
                }
                .into());
            };
            let first = first.ip();
            let permitted: Vec<SocketAddr> = found
                .iter()
                .copied()
                .filter(|sa| {
                    let ok = policy.permits(sa.ip());
                    if !ok {
                        tracing::debug!(%host, addr = %sa.ip(), "dropping forbidden address");
                    }
                    ok
                })
                .collect();
            if permitted.is_empty() {
                return Err(ResolveError::Forbidden { host, addr: first }.into());
            }
            Ok(Box::new(permitted.into_iter()) as Addrs)
        })
    }
}

/// Finds a [`ResolveError`] anywhere in `err`'s source chain.
pub(crate) fn find_in_chain<'a>(
    err: &'a (dyn std::error::Error + 'static),
) -> Option<&'a ResolveError> {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = cur {
        if let Some(found) = e.downcast_ref::<ResolveError>() {
            return Some(found);
        }
        cur = e.source();
    }
    None
}
