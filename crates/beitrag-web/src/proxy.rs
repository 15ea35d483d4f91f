//! Who the client is behind a reverse proxy. `X-Forwarded-For` and
//! `Forwarded` are believed only from the addresses of `[server]
//! trusted_proxies`; anyone else could name any address and so dodge rate
//! limits and blocklists or put another person's address into the records.
//! One middleware rewrites the connection's peer address, so every handler
//! (comments, logins, linkbacks, throttles, logs) sees the same client.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, Request, State};
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::Response;
use ipnet::IpNet;

use crate::state::AppState;

/// The networks whose forwarding headers are believed.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    /// From `["10.0.0.0/8", "127.0.0.1", …]`; an entry that is neither a
    /// network nor an address is an error naming it.
    pub fn parse(entries: &[String]) -> Result<Self, String> {
        entries
            .iter()
            .map(|e| {
                let e = e.trim();
                e.parse::<IpNet>()
                    .or_else(|_| e.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| format!("trusted_proxies: `{e}` is not an address or network"))
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Self)
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        self.0.iter().any(|net| net.contains(&ip))
    }

    /// The client: the peer itself unless it is a trusted proxy; then, of
    /// the addresses the proxies added (`Forwarded` first, else
    /// `X-Forwarded-For`), the rightmost one that is not itself a trusted
    /// proxy — entries further left were written by the client and prove
    /// nothing. Unreadable headers leave the peer.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        if self.0.is_empty() || !self.trusts(peer) {
            return peer;
        }
        let chain = forwarded(headers).or_else(|| x_forwarded_for(headers));
        let Some(chain) = chain else {
            return peer;
        };
        let mut client = peer;
        for hop in chain.iter().rev() {
            client = *hop;
            if !self.trusts(*hop) {
                break;
            }
        }
        client
    }
}

/// `X-Forwarded-For: client, proxy1, proxy2` (every such header, in order).
fn x_forwarded_for(headers: &HeaderMap) -> Option<Vec<IpAddr>> {
    let mut out = Vec::new();
    for value in headers.get_all("x-forwarded-for") {
        for part in value.to_str().ok()?.split(',') {
            out.push(part.trim().parse().ok()?);
        }
    }
    (!out.is_empty()).then_some(out)
}

/// `Forwarded: for=192.0.2.60;proto=https, for="[2001:db8::1]:4711"`
/// (RFC 7239); obfuscated identifiers (`for=_hidden`, `unknown`) make the
/// header unusable, as we cannot tell which hop they stand for.
fn forwarded(headers: &HeaderMap) -> Option<Vec<IpAddr>> {
    let mut out = Vec::new();
    for value in headers.get_all("forwarded") {
        for element in value.to_str().ok()?.split(',') {
            let node = element.split(';').find_map(|pair| {
                let (k, v) = pair.split_once('=')?;
                k.trim()
                    .eq_ignore_ascii_case("for")
                    .then(|| v.trim().trim_matches('"'))
            })?;
            out.push(node_address(node)?);
        }
    }
    (!out.is_empty()).then_some(out)
}

/// `192.0.2.60`, `192.0.2.60:4711`, `[2001:db8::1]` or `[2001:db8::1]:4711`.
fn node_address(node: &str) -> Option<IpAddr> {
    if let Some(rest) = node.strip_prefix('[') {
        return rest.split_once(']')?.0.parse().ok();
    }
    node.parse()
        .ok()
        .or_else(|| node.parse::<SocketAddr>().ok().map(|s| s.ip()))
}

/// Replaces the peer address of requests that came through a trusted proxy.
pub(crate) async fn real_client(
    State(state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Response {
    let proxies = state.trusted_proxies();
    if let Some(ConnectInfo(peer)) = req.extensions().get::<ConnectInfo<SocketAddr>>().copied() {
        let client = proxies.client(peer.ip(), req.headers());
        if client != peer.ip() {
            req.extensions_mut()
                .insert(ConnectInfo(SocketAddr::new(client, peer.port())));
        }
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, v.parse().unwrap());
        }
        h
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn believes_forwarding_headers_only_from_trusted_proxies() {
        let proxies = TrustedProxies::parse(&["10.0.0.0/8".into(), "127.0.0.1".into()]).unwrap();
        let xff = headers(&[("x-forwarded-for", "203.0.113.9, 198.51.100.23, 10.1.2.3")]);
        // From the proxy: the rightmost address no proxy of ours wrote.
        assert_eq!(proxies.client(ip("127.0.0.1"), &xff), ip("198.51.100.23"));
        // From anyone else: the header is a claim, not a fact.
        assert_eq!(proxies.client(ip("192.0.2.1"), &xff), ip("192.0.2.1"));
        let none = TrustedProxies::default();
        assert_eq!(none.client(ip("127.0.0.1"), &xff), ip("127.0.0.1"));
        // IPv4-mapped IPv6 peers are the same proxy.
        assert_eq!(
            proxies.client(ip("::ffff:127.0.0.1"), &xff),
            ip("198.51.100.23")
        );
        // Every hop a proxy of ours: the leftmost.
        let inner = headers(&[("x-forwarded-for", "10.9.9.9, 10.1.1.1")]);
        assert_eq!(proxies.client(ip("10.0.0.1"), &inner), ip("10.9.9.9"));
    }

    #[test]
    fn reads_rfc_7239_before_x_forwarded_for() {
        let proxies = TrustedProxies::parse(&["127.0.0.1/32".into()]).unwrap();
        let h = headers(&[
            (
                "forwarded",
                "for=192.0.2.60;proto=https, for=\"[2001:db8:cafe::17]:4711\"",
            ),
            ("x-forwarded-for", "198.51.100.1"),
        ]);
        assert_eq!(proxies.client(ip("127.0.0.1"), &h), ip("2001:db8:cafe::17"));
        let h = headers(&[("forwarded", "For=\"192.0.2.43:47011\"")]);
        assert_eq!(proxies.client(ip("127.0.0.1"), &h), ip("192.0.2.43"));
        // Hidden or broken values: nothing is believed.
        for bad in [
            "for=_hidden",
            "for=unknown",
            "for=",
            "proto=https",
            "for=\"[::1\"",
        ] {
            let h = headers(&[("forwarded", bad)]);
            assert_eq!(
                proxies.client(ip("127.0.0.1"), &h),
                ip("127.0.0.1"),
                "{bad}"
            );
        }
        let h = headers(&[("x-forwarded-for", "198.51.100.1, not-an-address")]);
        assert_eq!(proxies.client(ip("127.0.0.1"), &h), ip("127.0.0.1"));
    }

    #[test]
    fn refuses_entries_that_are_no_networks() {
        let err = TrustedProxies::parse(&["10.0.0.0/33".into()]).unwrap_err();
        assert!(err.contains("`10.0.0.0/33`"), "{err}");
        assert!(TrustedProxies::parse(&["::1".into(), "fd00::/8".into()]).is_ok());
    }
}
