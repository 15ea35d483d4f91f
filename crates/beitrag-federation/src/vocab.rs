//! The documents we publish: our actors, posts as `Article`s, comments as
//! `Note`s, the activities around them and the collections. Built from
//! plain inputs, so the web layer and the jobs produce the same JSON.

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Value, json};

/// The audience "everyone".
pub const PUBLIC: &str = "https://www.w3.org/ns/activitystreams#Public";
/// `Content-Type` of what we serve and send.
pub const CONTENT_TYPE: &str = "application/activity+json";

fn context() -> Value {
    json!([
        "https://www.w3.org/ns/activitystreams",
        "https://w3id.org/security/v1"
    ])
}

fn time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// One of our actors.
#[derive(Debug, Clone)]
pub struct ActorDoc<'a> {
    /// Its id (URL).
    pub id: &'a str,
    /// `Person` (authors) or `Service`-like for the blog; we say `Person`
    /// for both, which every server shows as followable.
    pub username: &'a str,
    /// Display name.
    pub name: &'a str,
    /// HTML summary.
    pub summary: &'a str,
    /// The profile page (the blog's home or the author's archive).
    pub url: &'a str,
    /// Avatar URL and media type.
    pub icon: Option<(&'a str, &'a str)>,
    /// Inbox, outbox, followers, following and featured URLs.
    pub inbox: &'a str,
    /// The shared inbox.
    pub shared_inbox: &'a str,
    /// The outbox.
    pub outbox: &'a str,
    /// The followers collection.
    pub followers: &'a str,
    /// The following collection.
    pub following: &'a str,
    /// The featured collection.
    pub featured: &'a str,
    /// SPKI PEM of its key.
    pub public_key_pem: &'a str,
    /// When it came into being.
    pub published: DateTime<Utc>,
    /// Whether follows wait for approval.
    pub manually_approves: bool,
}

/// The key id of an actor.
pub fn key_id(actor: &str) -> String {
    format!("{actor}#main-key")
}

/// An actor document.
pub fn actor(a: &ActorDoc<'_>) -> Value {
    let mut v = json!({
        "@context": context(),
        "id": a.id,
        "type": "Person",
        "preferredUsername": a.username,
        "name": a.name,
        "summary": a.summary,
        "url": a.url,
        "inbox": a.inbox,
        "outbox": a.outbox,
        "followers": a.followers,
        "following": a.following,
        "featured": a.featured,
        "endpoints": { "sharedInbox": a.shared_inbox },
        "manuallyApprovesFollowers": a.manually_approves,
        "discoverable": true,
        "published": time(a.published),
        "publicKey": {
            "id": key_id(a.id),
            "owner": a.id,
            "publicKeyPem": a.public_key_pem,
        },
    });
    if let Some((url, media_type)) = a.icon {
        v["icon"] = json!({ "type": "Image", "url": url, "mediaType": media_type });
    }
    v
}

/// A post, as an `Article`.
#[derive(Debug, Clone)]
pub struct ArticleDoc<'a> {
    /// Its id: the post's permalink.
    pub id: &'a str,
    /// Who wrote it (an actor id).
    pub attributed_to: &'a str,
    /// Its title.
    pub name: &'a str,
    /// Its excerpt as HTML.
    pub summary: &'a str,
    /// Its full HTML, URLs absolute.
    pub content: &'a str,
    /// The followers collection it is addressed to besides the public.
    pub followers: &'a str,
    /// Published and (if later) updated.
    pub published: DateTime<Utc>,
    /// Last change.
    pub updated: Option<DateTime<Utc>>,
    /// Tags as (name, archive URL).
    pub tags: Vec<(String, String)>,
    /// Images as (URL, media type, alt text).
    pub images: Vec<(String, String, String)>,
    /// The language of its text (`de`).
    pub language: &'a str,
}

/// An `Article` with a `preview` Note, so Mastodon shows something useful.
pub fn article(a: &ArticleDoc<'_>) -> Value {
    let tags: Vec<Value> = a
        .tags
        .iter()
        .map(|(name, href)| {
            json!({ "type": "Hashtag", "name": format!("#{}", hashtag(name)), "href": href })
        })
        .collect();
    let images: Vec<Value> = a
        .images
        .iter()
        .map(|(url, media_type, alt)| {
            json!({ "type": "Image", "url": url, "mediaType": media_type, "name": alt })
        })
        .collect();
    let preview = format!(
        "<p><strong>{}</strong></p>{}<p><a href=\"{}\">{}</a></p>",
        escape(a.name),
        a.summary,
        a.id,
        a.id
    );
    let mut v = json!({
        "id": a.id,
        "type": "Article",
        "name": a.name,
        "summary": a.summary,
        "content": a.content,
        "contentMap": { a.language: a.content },
        "url": a.id,
        "attributedTo": a.attributed_to,
        "published": time(a.published),
        "to": [PUBLIC],
        "cc": [a.followers],
        "tag": tags,
        "attachment": images,
        "preview": { "type": "Note", "content": preview, "attributedTo": a.attributed_to },
    });
    if let Some(u) = a.updated {
        v["updated"] = json!(time(u));
    }
    v
}

/// A comment, as a `Note` in reply to its post or parent comment.
#[derive(Debug, Clone)]
pub struct NoteDoc<'a> {
    /// Its id: the comment's permalink (`…#comment-7`).
    pub id: &'a str,
    /// Who speaks for it (the blog actor for comments of readers).
    pub attributed_to: &'a str,
    /// The post's or parent comment's id.
    pub in_reply_to: &'a str,
    /// Its HTML.
    pub content: &'a str,
    /// When it was written.
    pub published: DateTime<Utc>,
    /// Followers of the speaker.
    pub followers: &'a str,
    /// Whom it mentions/answers (a remote author's id), addressed directly.
    pub mention: Option<&'a str>,
}

/// A comment as a `Note`.
pub fn note(n: &NoteDoc<'_>) -> Value {
    let mut cc = vec![json!(n.followers)];
    let mut tag = Vec::new();
    if let Some(m) = n.mention {
        cc.push(json!(m));
        tag.push(json!({ "type": "Mention", "href": m }));
    }
    json!({
        "id": n.id,
        "type": "Note",
        "attributedTo": n.attributed_to,
        "inReplyTo": n.in_reply_to,
        "content": n.content,
        "url": n.id,
        "published": time(n.published),
        "to": [PUBLIC],
        "cc": cc,
        "tag": tag,
    })
}

/// Wraps `object` in an activity of `kind` by `actor`, addressed as the
/// object is. The id is the object's with a fragment naming the activity.
pub fn activity(kind: &str, actor: &str, object: Value, at: DateTime<Utc>) -> Value {
    let object_id = object
        .get("id")
        .and_then(Value::as_str)
        .unwrap_or(actor)
        .to_owned();
    let to = object.get("to").cloned().unwrap_or_else(|| json!([PUBLIC]));
    let cc = object.get("cc").cloned().unwrap_or_else(|| json!([]));
    json!({
        "@context": context(),
        "id": format!("{object_id}#{}-{}", kind.to_ascii_lowercase(), at.timestamp_millis()),
        "type": kind,
        "actor": actor,
        "published": time(at),
        "to": to,
        "cc": cc,
        "object": object,
    })
}

/// What a deleted object answers.
pub fn tombstone(id: &str, deleted: DateTime<Utc>) -> Value {
    json!({
        "@context": context(),
        "id": id,
        "type": "Tombstone",
        "deleted": time(deleted),
    })
}

/// `Accept` (or `Reject`) of a follow request, embedding it as received.
pub fn answer_follow(kind: &str, actor: &str, follow: &Value, at: DateTime<Utc>) -> Value {
    json!({
        "@context": context(),
        "id": format!("{actor}#{}-{}", kind.to_ascii_lowercase(), at.timestamp_millis()),
        "type": kind,
        "actor": actor,
        "object": follow,
    })
}

/// An `OrderedCollection` with its total and, when given, the first page's URL.
pub fn collection(id: &str, total: i64, first: Option<&str>) -> Value {
    let mut v = json!({
        "@context": context(),
        "id": id,
        "type": "OrderedCollection",
        "totalItems": total,
    });
    if let Some(first) = first {
        v["first"] = json!(first);
    }
    v
}

/// One page of an `OrderedCollection`.
pub fn collection_page(id: &str, part_of: &str, items: Vec<Value>, next: Option<&str>) -> Value {
    let mut v = json!({
        "@context": context(),
        "id": id,
        "type": "OrderedCollectionPage",
        "partOf": part_of,
        "orderedItems": items,
    });
    if let Some(next) = next {
        v["next"] = json!(next);
    }
    v
}

/// A tag name as a hashtag: words joined, no spaces or punctuation.
fn hashtag(name: &str) -> String {
    name.split(|c: char| !c.is_alphanumeric() && c != '_')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut cs = w.chars();
            cs.next()
                .map(|f| f.to_uppercase().chain(cs).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashtags_join_words() {
        assert_eq!(hashtag("Social Media"), "SocialMedia");
        assert_eq!(hashtag("führung"), "Führung");
        assert_eq!(hashtag("web 2.0"), "Web20");
    }

    #[test]
    fn an_article_reads_back_as_one() {
        let now = Utc::now();
        let a = article(&ArticleDoc {
            id: "https://b.example/p/",
            attributed_to: "https://b.example/ap/blog",
            name: "Telefon <&>",
            summary: "<p>Kurz</p>",
            content: "<p>Lang</p>",
            followers: "https://b.example/ap/blog/followers",
            published: now,
            updated: None,
            tags: vec![("Social Media".into(), "https://b.example/tag/sm/".into())],
            images: vec![],
            language: "de",
        });
        let create = activity("Create", "https://b.example/ap/blog", a, now);
        let crate::read::Document::Activity(act) = crate::read::classify(&create).unwrap() else {
            panic!()
        };
        assert_eq!(act.kind, "Create");
        let crate::read::Document::Object(o) = crate::read::classify(&act.object.unwrap()).unwrap()
        else {
            panic!()
        };
        assert_eq!(o.kind, "Article");
        assert_eq!(o.name.as_deref(), Some("Telefon <&>"));
    }
}
