//! How other servers find us and we find them: WebFinger (RFC 7033) with
//! `acct:` URIs (RFC 7565), `host-meta` (RFC 6415) and NodeInfo 2.1.

use serde_json::{Value, json};

use crate::FederationError;

/// A parsed `acct:user@host` (also `@user@host` or `user@host`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handle {
    /// The user part.
    pub user: String,
    /// The host, with a port when one was given.
    pub host: String,
}

impl std::fmt::Display for Handle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "@{}@{}", self.user, self.host)
    }
}

/// The part of a handle after the `@` for a URL: its host, lower-case,
/// with the port when one is given (`127.0.0.1:8081`).
pub fn authority(url: &str) -> Option<String> {
    let u = url::Url::parse(url).ok()?;
    let host = u.host_str()?.to_ascii_lowercase();
    Some(match u.port() {
        Some(p) => format!("{host}:{p}"),
        None => host,
    })
}

/// Reads a handle as people type it or as `resource=` carries it.
pub fn handle(s: &str) -> Result<Handle, FederationError> {
    let s = s.trim();
    let s = s.strip_prefix("acct:").unwrap_or(s);
    let s = s.strip_prefix('@').unwrap_or(s);
    let (user, host) = s
        .split_once('@')
        .ok_or_else(|| FederationError::Malformed(format!("{s:?} is not user@host")))?;
    let fine = |p: &str| {
        !p.is_empty()
            && p.len() <= 255
            && p.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.:[]~".contains(c))
    };
    if !fine(user) || !fine(host) {
        return Err(FederationError::Malformed(format!(
            "{s:?} is not user@host"
        )));
    }
    Ok(Handle {
        user: user.to_owned(),
        host: host.to_ascii_lowercase(),
    })
}

/// Our WebFinger answer for an actor.
pub fn webfinger(subject: &Handle, actor: &str, profile: &str, subscribe: &str) -> Value {
    json!({
        "subject": format!("acct:{}@{}", subject.user, subject.host),
        "aliases": [actor, profile],
        "links": [
            { "rel": "self", "type": crate::vocab::CONTENT_TYPE, "href": actor },
            { "rel": "http://webfinger.net/rel/profile-page", "type": "text/html", "href": profile },
            { "rel": "http://ostatus.org/schema/1.0/subscribe", "template": subscribe },
        ],
    })
}

/// The actor id in someone's WebFinger answer.
pub fn actor_of(jrd: &Value) -> Option<String> {
    crate::read::items(jrd.get("links")).find_map(|l| {
        let rel = l.get("rel").and_then(Value::as_str)?;
        let kind = l.get("type").and_then(Value::as_str).unwrap_or_default();
        (rel == "self" && (kind.contains("activity+json") || kind.contains("ld+json")))
            .then(|| l.get("href").and_then(Value::as_str).map(str::to_owned))
            .flatten()
    })
}

/// The remote-interaction template (`…?uri={uri}`) in a WebFinger answer.
pub fn subscribe_template(jrd: &Value) -> Option<String> {
    crate::read::items(jrd.get("links")).find_map(|l| {
        (l.get("rel").and_then(Value::as_str) == Some("http://ostatus.org/schema/1.0/subscribe"))
            .then(|| l.get("template").and_then(Value::as_str).map(str::to_owned))
            .flatten()
    })
}

/// `host-meta` (XRD) pointing at our WebFinger endpoint.
pub fn host_meta(base: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<XRD xmlns=\"http://docs.oasis-open.org/ns/xri/xrd-1.0\">\n  <Link rel=\"lrdd\" template=\"{base}/.well-known/webfinger?resource={{uri}}\"/>\n</XRD>\n"
    )
}

/// `/.well-known/nodeinfo`: where the NodeInfo 2.1 document is.
pub fn nodeinfo_links(base: &str) -> Value {
    json!({
        "links": [{
            "rel": "http://nodeinfo.diaspora.software/ns/schema/2.1",
            "href": format!("{base}/nodeinfo/2.1"),
        }]
    })
}

/// What the NodeInfo document counts.
#[derive(Debug, Clone, Copy)]
pub struct Usage {
    /// Accounts that write.
    pub users: i64,
    /// Public posts.
    pub posts: i64,
    /// Approved comments.
    pub comments: i64,
}

/// The NodeInfo 2.1 document.
pub fn nodeinfo(version: &str, name: &str, usage: Usage) -> Value {
    json!({
        "version": "2.1",
        "software": {
            "name": "beitrag",
            "version": version,
            "repository": "https://github.com/beitrag/beitrag",
        },
        "protocols": ["activitypub"],
        "services": { "inbound": [], "outbound": ["atom1.0", "rss2.0"] },
        "openRegistrations": false,
        "usage": {
            "users": { "total": usage.users, "activeMonth": usage.users, "activeHalfyear": usage.users },
            "localPosts": usage.posts,
            "localComments": usage.comments,
        },
        "metadata": { "nodeName": name },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handles_in_every_spelling() {
        let want = Handle {
            user: "blog".into(),
            host: "127.0.0.1:8081".into(),
        };
        for s in [
            "acct:blog@127.0.0.1:8081",
            "@blog@127.0.0.1:8081",
            "blog@127.0.0.1:8081",
            " @blog@127.0.0.1:8081 ",
        ] {
            assert_eq!(handle(s).unwrap(), want, "{s}");
        }
        for s in [
            "", "blog", "@", "a@", "@b", "a b@c", "a@b/c", "a@b?c", "<x>@y",
        ] {
            assert!(handle(s).is_err(), "{s}");
        }
    }

    #[test]
    fn our_webfinger_names_the_actor() {
        let h = handle("blog@b.example").unwrap();
        let jrd = webfinger(
            &h,
            "https://b.example/ap/blog",
            "https://b.example/",
            "https://b.example/ap/interact?uri={uri}",
        );
        assert_eq!(actor_of(&jrd).as_deref(), Some("https://b.example/ap/blog"));
        assert_eq!(
            subscribe_template(&jrd).as_deref(),
            Some("https://b.example/ap/interact?uri={uri}")
        );
    }
}
