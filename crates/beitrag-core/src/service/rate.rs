//! Flood limits for responses: per sending address and per post, in
//! memory (per process; see `docs/ARCHITECTURE.md`). The keyed limiters
//! are pruned as they fill, so a flood from many addresses cannot grow
//! memory without bound.

use std::hash::Hash;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

/// Checks between two prunings of the limiters' idle keys.
const PRUNE_EVERY: u64 = 4096;

/// The per-address and per-post limiters.
pub struct RateLimits {
    per_ip: Option<DefaultKeyedRateLimiter<IpAddr>>,
    per_post: Option<DefaultKeyedRateLimiter<i64>>,
    /// Fediverse servers, by host: a big instance is one sender of many
    /// people, so its replies are counted here, not per address.
    per_instance: Option<DefaultKeyedRateLimiter<String>>,
    checks: AtomicU64,
}

impl std::fmt::Debug for RateLimits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RateLimits")
            .field("addresses", &self.addresses())
            .finish_non_exhaustive()
    }
}

fn limiter<K: Hash + Eq + Clone>(per_minute: u32) -> Option<DefaultKeyedRateLimiter<K>> {
    NonZeroU32::new(per_minute).map(|n| RateLimiter::keyed(Quota::per_minute(n)))
}

impl RateLimits {
    /// Limits of so many responses per minute (0 = no limit).
    pub fn new(per_ip: u32, per_post: u32) -> Self {
        Self {
            per_ip: limiter(per_ip),
            per_post: limiter(per_post),
            per_instance: None,
            checks: AtomicU64::new(0),
        }
    }

    /// With a limit of so many activities per minute per fediverse server.
    pub fn with_instances(mut self, per_minute: u32) -> Self {
        self.per_instance = limiter(per_minute);
        self
    }

    /// Counts one activity from the fediverse server `host`; `Err(seconds)`
    /// to wait when its limit is exhausted.
    pub fn check_instance(&self, host: &str) -> Result<(), u64> {
        if self.checks.fetch_add(1, Ordering::Relaxed) % PRUNE_EVERY == PRUNE_EVERY - 1 {
            self.prune();
        }
        match &self.per_instance {
            Some(l) => l.check_key(&host.to_owned()).map_err(|n| {
                n.wait_time_from(DefaultClock::default().now())
                    .as_secs()
                    .max(1)
            }),
            None => Ok(()),
        }
    }

    /// Counts one response from `ip` to `post`; `Err(seconds)` to wait when
    /// either limit is exhausted.
    pub fn check(&self, ip: IpAddr, post: i64) -> Result<(), u64> {
        self.check_keys(ip, Some(post))
    }

    fn check_keys(&self, ip: IpAddr, post: Option<i64>) -> Result<(), u64> {
        if self.checks.fetch_add(1, Ordering::Relaxed) % PRUNE_EVERY == PRUNE_EVERY - 1 {
            self.prune();
        }
        let wait = |n: governor::NotUntil<_>| {
            n.wait_time_from(DefaultClock::default().now())
                .as_secs()
                .max(1)
        };
        if let Some(l) = &self.per_ip {
            l.check_key(&ip).map_err(wait)?;
        }
        if let (Some(l), Some(post)) = (&self.per_post, post) {
            l.check_key(&post).map_err(wait)?;
        }
        Ok(())
    }

    /// Counts one request from `ip` that concerns no post (a subscription
    /// request), against the same per-address budget as responses.
    pub fn check_address(&self, ip: IpAddr) -> Result<(), u64> {
        self.check_keys(ip, None)
    }

    /// Forgets every key whose limit has fully recovered: such a key
    /// behaves exactly like one never seen.
    pub fn prune(&self) {
        if let Some(l) = &self.per_ip {
            l.retain_recent();
            l.shrink_to_fit();
        }
        if let Some(l) = &self.per_post {
            l.retain_recent();
            l.shrink_to_fit();
        }
        if let Some(l) = &self.per_instance {
            l.retain_recent();
            l.shrink_to_fit();
        }
    }

    /// Addresses currently remembered.
    pub fn addresses(&self) -> usize {
        self.per_ip.as_ref().map_or(0, |l| l.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stays_bounded_when_many_addresses_send() {
        // A quota that recovers within a millisecond, so pruning can be
        // seen without waiting a minute.
        let limits = RateLimits {
            per_ip: Some(RateLimiter::keyed(
                Quota::with_period(std::time::Duration::from_micros(10)).unwrap(),
            )),
            per_post: None,
            per_instance: None,
            checks: AtomicU64::new(0),
        };
        let mut most = 0;
        for n in 0..100_000u32 {
            let ip = IpAddr::from(std::net::Ipv4Addr::from(0x0a00_0000 + n));
            assert!(limits.check(ip, 1).is_ok());
            most = most.max(limits.addresses());
            if n % 1000 == 999 {
                std::thread::sleep(std::time::Duration::from_millis(1));
            }
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
        limits.prune();
        assert!(most <= 2 * PRUNE_EVERY as usize, "peak {most}");
        assert_eq!(limits.addresses(), 0);
    }

    #[test]
    fn refuses_when_an_address_floods() {
        let limits = RateLimits::new(2, 0);
        let ip: IpAddr = "203.0.113.9".parse().unwrap();
        assert!(limits.check(ip, 1).is_ok());
        assert!(limits.check(ip, 2).is_ok());
        assert!(limits.check(ip, 3).unwrap_err() >= 1);
    }
}
