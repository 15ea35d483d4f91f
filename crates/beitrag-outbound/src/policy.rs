//! Which IP addresses outbound requests may reach.
//!
//! The built-in rule ([`is_forbidden`]) denies everything that is not a public,
//! globally routed unicast address. Operators (and tests) can carve exceptions
//! out of it with an allow-list of CIDR networks, held by [`Policy`].

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use ipnet::{IpNet, Ipv4Net, Ipv6Net};

use crate::OutboundError;

/// Shorthand so the tables below stay readable.
const fn v4(a: u8, b: u8, c: u8, d: u8, len: u8) -> Ipv4Net {
    Ipv4Net::new_assert(Ipv4Addr::new(a, b, c, d), len)
}

/// Shorthand so the tables below stay readable.
#[allow(clippy::too_many_arguments)] // mirrors `Ipv6Addr::new`
const fn v6(a: u16, b: u16, c: u16, d: u16, e: u16, f: u16, g: u16, h: u16, len: u8) -> Ipv6Net {
    Ipv6Net::new_assert(Ipv6Addr::new(a, b, c, d, e, f, g, h), len)
}

/// IPv4 ranges that must not be contacted, each with the phrase used in
/// [`OutboundError::Forbidden`] messages. Order matters: the first match wins,
/// so the specific metadata and broadcast entries precede their wider ranges.
const DENY_V4: &[(Ipv4Net, &str)] = &[
    (v4(169, 254, 169, 254, 32), "a cloud metadata endpoint"),
    (v4(255, 255, 255, 255, 32), "broadcast"),
    (v4(0, 0, 0, 0, 8), "unspecified (\"this network\")"),
    (v4(10, 0, 0, 0, 8), "private"),
    (v4(100, 64, 0, 0, 10), "shared CGNAT space"),
    (v4(127, 0, 0, 0, 8), "loopback"),
    (v4(169, 254, 0, 0, 16), "link-local"),
    (v4(172, 16, 0, 0, 12), "private"),
    // IETF protocol assignments (DS-Lite, NAT64 discovery, ...): never a web site.
    (v4(192, 0, 0, 0, 24), "reserved"),
    (v4(192, 0, 2, 0, 24), "reserved for documentation"),
    // Deprecated 6to4 relay anycast (RFC 7526).
    (v4(192, 88, 99, 0, 24), "reserved"),
    (v4(192, 168, 0, 0, 16), "private"),
    (v4(198, 18, 0, 0, 15), "reserved for benchmarking"),
    (v4(198, 51, 100, 0, 24), "reserved for documentation"),
    (v4(203, 0, 113, 0, 24), "reserved for documentation"),
    (v4(224, 0, 0, 0, 4), "multicast"),
    (v4(240, 0, 0, 0, 4), "reserved"),
];

/// IPv6 ranges that must not be contacted, checked only for addresses inside
/// 2000::/3 (global unicast); everything outside it is handled in
/// [`forbidden_reason_v6`] because almost all of it is non-routable.
const DENY_V6_GLOBAL: &[(Ipv6Net, &str)] = &[
    // Teredo embeds an obfuscated client IPv4 address; nobody serves web pages
    // from it, so refusing it wholesale is simpler than decoding it.
    (
        v6(0x2001, 0, 0, 0, 0, 0, 0, 0, 32),
        "a Teredo tunnel address",
    ),
    (
        v6(0x2001, 0x2, 0, 0, 0, 0, 0, 0, 48),
        "reserved for benchmarking",
    ),
    // ORCHID and ORCHIDv2 identifiers are not routable locators.
    (v6(0x2001, 0x10, 0, 0, 0, 0, 0, 0, 28), "reserved"),
    (v6(0x2001, 0x20, 0, 0, 0, 0, 0, 0, 28), "reserved"),
    (
        v6(0x2001, 0xdb8, 0, 0, 0, 0, 0, 0, 32),
        "reserved for documentation",
    ),
    (
        v6(0x3fff, 0, 0, 0, 0, 0, 0, 0, 20),
        "reserved for documentation",
    ),
];

/// The AWS IPv6 instance metadata endpoint.
const METADATA_V6: Ipv6Addr = Ipv6Addr::new(0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x254);

/// Returns `true` if the built-in rule forbids contacting `addr`.
///
/// This ignores any allow-list: it answers "is this a public, globally routed
/// unicast address?" in the negative. Denied are private (RFC 1918),
/// loopback, link-local, unique-local, site-local, CGNAT (100.64.0.0/10),
/// multicast, broadcast, unspecified, documentation, benchmarking, cloud
/// metadata and other reserved addresses. IPv6 addresses that embed an IPv4
/// address (IPv4-mapped, IPv4-compatible, NAT64 `64:ff9b::/96`, 6to4
/// `2002::/16`) are judged by the embedded address, because that is where the
/// packets would end up.
pub fn is_forbidden(addr: IpAddr) -> bool {
    forbidden_reason(addr).is_some()
}

/// Like [`is_forbidden`], but says why, phrased to fit "address X is …".
pub(crate) fn forbidden_reason(addr: IpAddr) -> Option<&'static str> {
    match addr {
        IpAddr::V4(ip) => forbidden_reason_v4(ip),
        IpAddr::V6(ip) => forbidden_reason_v6(ip),
    }
}

fn forbidden_reason_v4(ip: Ipv4Addr) -> Option<&'static str> {
    DENY_V4
        .iter()
        .find(|(net, _)| net.contains(&ip))
        .map(|&(_, reason)| reason)
}

fn forbidden_reason_v6(ip: Ipv6Addr) -> Option<&'static str> {
    let seg = ip.segments();
    let embedded_low = || Ipv4Addr::from(ip.to_bits() as u32);

    if ip.is_unspecified() {
        return Some("unspecified");
    }
    if ip.is_loopback() {
        return Some("loopback");
    }
    if ip == METADATA_V6 {
        return Some("a cloud metadata endpoint");
    }
    // ::ffff:a.b.c.d — how dual-stack sockets spell IPv4; judge the IPv4 part.
    if let Some(v4) = ip.to_ipv4_mapped() {
        return forbidden_reason_v4(v4);
    }
    // ::a.b.c.d (IPv4-compatible, deprecated by RFC 4291): a stack that still
    // honours it would talk IPv4 to the embedded address, so a forbidden
    // embedded address decides; otherwise it is still never legitimate.
    if seg[..6] == [0; 6] {
        return Some(
            forbidden_reason_v4(embedded_low()).unwrap_or("a deprecated IPv4-compatible address"),
        );
    }
    // Well-known NAT64 prefix: the translator forwards to the embedded IPv4.
    if seg[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        return forbidden_reason_v4(embedded_low());
    }
    // 6to4: the IPv4 gateway address sits in bits 16..48.
    if seg[0] == 0x2002 {
        let gw = Ipv4Addr::from((u32::from(seg[1]) << 16) | u32::from(seg[2]));
        return forbidden_reason_v4(gw);
    }

    match seg[0] {
        // Global unicast: allowed apart from a few special blocks.
        0x2000..=0x3fff => DENY_V6_GLOBAL
            .iter()
            .find(|(net, _)| net.contains(&ip))
            .map(|&(_, reason)| reason),
        0xfc00..=0xfdff => Some("unique-local"),
        0xfe80..=0xfebf => Some("link-local"),
        0xfec0..=0xfeff => Some("site-local"),
        0xff00..=0xffff => Some("multicast"),
        // 100::/64 discard-only, 64:ff9b:1::/48 local NAT64 and everything
        // else outside 2000::/3 is unassigned or non-routable.
        _ => Some("reserved"),
    }
}

/// The effective rule: the built-in deny list minus the operator's allow-list.
#[derive(Debug, Clone, Default)]
pub(crate) struct Policy {
    allow: Vec<IpNet>,
}

impl Policy {
    /// Parses allow-list entries. CIDRs like `127.0.0.0/8` are expected; a bare
    /// address is accepted as a single-host network because that is what an
    /// operator typing `::1` obviously means.
    pub(crate) fn new(allow_private: &[String]) -> Result<Self, OutboundError> {
        let allow = allow_private
            .iter()
            .map(|entry| {
                let trimmed = entry.trim();
                trimmed
                    .parse::<IpNet>()
                    .or_else(|_| trimmed.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| {
                        OutboundError::Config(format!(
                            "allow-list entry {entry:?} is not a CIDR network like \"127.0.0.0/8\""
                        ))
                    })
            })
            .collect::<Result<_, _>>()?;
        Ok(Self { allow })
    }

    /// Whether `addr` may be contacted.
    pub(crate) fn permits(&self, addr: IpAddr) -> bool {
        !is_forbidden(addr) || self.allow_listed(addr)
    }

    fn allow_listed(&self, addr: IpAddr) -> bool {
        // ::ffff:127.0.0.1 is 127.0.0.1 on the wire, so an IPv4 entry must
        // cover its mapped form too.
        let canonical = addr.to_canonical();
        self.allow
            .iter()
            .any(|net| net.contains(&addr) || net.contains(&canonical))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allow_list_covers_mapped_addresses() {
        let policy = Policy::new(&["127.0.0.0/8".to_owned()]).unwrap();
        assert!(policy.permits("127.0.0.1".parse().unwrap()));
        assert!(policy.permits("::ffff:127.0.0.1".parse().unwrap()));
        assert!(!policy.permits("::1".parse().unwrap()));
        assert!(!policy.permits("10.0.0.1".parse().unwrap()));
    }

    #[test]
    fn bare_address_is_single_host() {
        let policy = Policy::new(&["::1".to_owned()]).unwrap();
        assert!(policy.permits("::1".parse().unwrap()));
        assert!(!policy.permits("127.0.0.1".parse().unwrap()));
    }

    #[test]
    fn reasons_read_well() {
        assert_eq!(
            forbidden_reason("10.1.2.3".parse().unwrap()),
            Some("private")
        );
        assert_eq!(
            forbidden_reason("169.254.169.254".parse().unwrap()),
            Some("a cloud metadata endpoint")
        );
        assert_eq!(
            forbidden_reason("fd00:ec2::254".parse().unwrap()),
            Some("a cloud metadata endpoint")
        );
        assert_eq!(
            forbidden_reason("::ffff:127.0.0.1".parse().unwrap()),
            Some("loopback")
        );
        assert_eq!(
            forbidden_reason("2002:a00:1::1".parse().unwrap()),
            Some("private")
        );
        assert_eq!(
            forbidden_reason("64:ff9b::a00:1".parse().unwrap()),
            Some("private")
        );
        assert_eq!(
            forbidden_reason("64:ff9b::5db8:d822".parse().unwrap()),
            None
        );
    }
}
