//! Reading what other servers send, tolerantly: ActivityStreams as plain
//! JSON (no JSON-LD processing, nothing fetched for contexts), where a
//! property may be a string, an object with an `id`, or an array of
//! either, and a document may start with a byte-order mark.

use serde_json::Value;

use crate::FederationError;

/// Types of actors (ActivityStreams §3.2 plus what servers use).
pub const ACTOR_TYPES: [&str; 5] = ["Person", "Service", "Application", "Group", "Organization"];

/// Any document, sorted by what it is.
#[derive(Debug, Clone, PartialEq)]
pub enum Document {
    /// An activity (`Create`, `Follow`, `Like`, …).
    Activity(Activity),
    /// An actor's profile.
    Actor(RemoteActor),
    /// A content object (`Note`, `Article`, `Page`, `Question`, …).
    Object(Object),
    /// Anything else: collections, tombstones, fragments.
    Other {
        /// Its first type, if it has one.
        kind: Option<String>,
    },
}

/// An activity, its object left as JSON until the handler knows what it needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Activity {
    /// Its id (transient activities may have none).
    pub id: Option<String>,
    /// Its first type.
    pub kind: String,
    /// Who did it.
    pub actor: Option<String>,
    /// What it acts on: an id or an embedded object.
    pub object: Option<Value>,
}

/// A note, article or other content object.
#[derive(Debug, Clone, PartialEq)]
pub struct Object {
    /// Its id.
    pub id: Option<String>,
    /// Its first type.
    pub kind: String,
    /// Its author (the first actor named).
    pub attributed_to: Option<String>,
    /// What it answers.
    pub in_reply_to: Option<String>,
    /// Its HTML (or the first entry of `contentMap`).
    pub content: Option<String>,
    /// Its title.
    pub name: Option<String>,
    /// Its summary or content warning.
    pub summary: Option<String>,
    /// The page to link to (the first `text/html` link, else the first).
    pub url: Option<String>,
    /// When it was published (RFC 3339, as sent).
    pub published: Option<String>,
}

/// Another server's actor.
#[derive(Debug, Clone, PartialEq)]
pub struct RemoteActor {
    /// Its id.
    pub id: String,
    /// Its first type.
    pub kind: String,
    /// Its inbox.
    pub inbox: Option<String>,
    /// Its server's shared inbox.
    pub shared_inbox: Option<String>,
    /// The user part of its handle.
    pub preferred_username: Option<String>,
    /// Its display name.
    pub name: Option<String>,
    /// Its profile page.
    pub url: Option<String>,
    /// Its avatar.
    pub icon: Option<String>,
    /// Its signing key, if it publishes one.
    pub public_key: Option<PublicKey>,
}

/// A key an actor publishes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicKey {
    /// The key's id (`…#main-key`).
    pub id: String,
    /// Its actor.
    pub owner: Option<String>,
    /// SPKI PEM.
    pub pem: String,
}

/// Parses any document.
pub fn parse(bytes: &[u8]) -> Result<Document, FederationError> {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let value: Value = serde_json::from_slice(bytes)
        .map_err(|e| FederationError::Malformed(format!("not JSON: {e}")))?;
    classify(&value)
}

/// Sorts a parsed JSON value.
pub fn classify(value: &Value) -> Result<Document, FederationError> {
    if !value.is_object() {
        return Err(FederationError::Malformed("not a JSON object".to_owned()));
    }
    let Some(kind) = first_type(value) else {
        return Ok(Document::Other { kind: None });
    };
    if ACTOR_TYPES.contains(&kind.as_str()) {
        return Ok(actor(value).map_or(Document::Other { kind: Some(kind) }, Document::Actor));
    }
    if value.get("actor").is_some() && !is_content(&kind) {
        return Ok(Document::Activity(Activity {
            id: id_of(value.get("id")),
            kind,
            actor: id_of(value.get("actor")),
            object: value.get("object").cloned(),
        }));
    }
    if is_content(&kind) {
        return Ok(Document::Object(object(value, kind)));
    }
    Ok(Document::Other { kind: Some(kind) })
}

fn is_content(kind: &str) -> bool {
    matches!(
        kind,
        "Note"
            | "Article"
            | "Page"
            | "Question"
            | "Video"
            | "Event"
            | "Image"
            | "Audio"
            | "ChatMessage"
    )
}

/// Reads a content object.
pub fn object(value: &Value, kind: String) -> Object {
    let content = text(value.get("content")).or_else(|| {
        value
            .get("contentMap")
            .and_then(Value::as_object)
            .and_then(|m| m.values().find_map(|v| v.as_str().map(str::to_owned)))
    });
    Object {
        id: id_of(value.get("id")),
        kind,
        attributed_to: first_actor(value.get("attributedTo")),
        in_reply_to: id_of(value.get("inReplyTo")),
        content,
        name: text(value.get("name")),
        summary: text(value.get("summary")),
        url: link(value.get("url")),
        published: text(value.get("published")),
    }
}

/// Reads an actor; `None` without an id.
pub fn actor(value: &Value) -> Option<RemoteActor> {
    let id = id_of(value.get("id"))?;
    let shared_inbox = value
        .get("endpoints")
        .and_then(|e| id_of(e.get("sharedInbox")))
        .or_else(|| id_of(value.get("sharedInbox")));
    let public_key = items(value.get("publicKey")).find_map(|k| {
        Some(PublicKey {
            id: id_of(k.get("id")).unwrap_or_else(|| id.clone()),
            owner: id_of(k.get("owner")),
            pem: text(k.get("publicKeyPem"))?,
        })
    });
    Some(RemoteActor {
        kind: first_type(value).unwrap_or_default(),
        inbox: id_of(value.get("inbox")),
        shared_inbox,
        preferred_username: text(value.get("preferredUsername")),
        name: text(value.get("name")),
        url: link(value.get("url")),
        icon: items(value.get("icon")).find_map(|i| link(i.get("url")).or_else(|| id_of(Some(i)))),
        public_key,
        id,
    })
}

/// The first type of a document.
pub fn first_type(value: &Value) -> Option<String> {
    items(value.get("type")).find_map(|t| t.as_str().map(str::to_owned))
}

/// A property's id: the string itself, or the `id` (or `href`) of the first object.
pub fn id_of(value: Option<&Value>) -> Option<String> {
    items(value).find_map(|v| match v {
        Value::String(s) => Some(s.clone()),
        Value::Object(o) => o
            .get("id")
            .or_else(|| o.get("href"))
            .and_then(Value::as_str)
            .map(str::to_owned),
        _ => None,
    })
}

/// The first actor in a property that may list objects and actors
/// (PeerTube names a Person and its channel Group).
fn first_actor(value: Option<&Value>) -> Option<String> {
    items(value)
        .find(|v| v.is_string() || first_type(v).is_some_and(|t| t == "Person" || t == "Service"))
        .and_then(|v| id_of(Some(v)))
        .or_else(|| id_of(value))
}

/// A URL property: a string, a Link (`href`), or an array of those, where
/// an HTML link wins.
fn link(value: Option<&Value>) -> Option<String> {
    let html = items(value).find(|v| {
        v.get("mediaType")
            .and_then(Value::as_str)
            .is_some_and(|m| m.starts_with("text/html"))
    });
    html.and_then(|v| id_of(Some(v))).or_else(|| id_of(value))
}

fn text(value: Option<&Value>) -> Option<String> {
    value.and_then(Value::as_str).map(str::to_owned)
}

/// A property as a list of values, whether it was one value or an array.
pub fn items(value: Option<&Value>) -> impl Iterator<Item = &Value> {
    let slice: &[Value] = match value {
        None | Some(Value::Null) => &[],
        Some(Value::Array(a)) => a,
        Some(v) => std::slice::from_ref(v),
    };
    slice.iter()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mastodon_reply_reads() {
        let doc = parse(
            br#"{"@context":"https://www.w3.org/ns/activitystreams","id":"https://m.example/users/a/statuses/1/activity","type":"Create","actor":"https://m.example/users/a","object":{"id":"https://m.example/users/a/statuses/1","type":"Note","attributedTo":"https://m.example/users/a","inReplyTo":"https://blog.example/2011/01/26/post/","content":"<p>Hi</p>"}}"#,
        )
        .unwrap();
        let Document::Activity(a) = doc else {
            panic!("{doc:?}")
        };
        assert_eq!(a.kind, "Create");
        assert_eq!(a.actor.as_deref(), Some("https://m.example/users/a"));
        let Document::Object(note) = classify(a.object.as_ref().unwrap()).unwrap() else {
            panic!()
        };
        assert_eq!(
            note.in_reply_to.as_deref(),
            Some("https://blog.example/2011/01/26/post/")
        );
        assert_eq!(note.content.as_deref(), Some("<p>Hi</p>"));
    }

    #[test]
    fn arrays_links_and_byte_order_marks_are_tolerated() {
        let doc = parse(
            "\u{feff}{\"id\":\"https://p.example/v/1\",\"type\":\"Video\",\"attributedTo\":[{\"type\":\"Group\",\"id\":\"https://p.example/c\"},{\"type\":\"Person\",\"id\":\"https://p.example/a\"}],\"url\":[{\"type\":\"Link\",\"mediaType\":\"video/mp4\",\"href\":\"https://p.example/v.mp4\"},{\"type\":\"Link\",\"mediaType\":\"text/html\",\"href\":\"https://p.example/w/1\"}]}".as_bytes(),
        )
        .unwrap();
        let Document::Object(o) = doc else { panic!() };
        assert_eq!(o.attributed_to.as_deref(), Some("https://p.example/a"));
        assert_eq!(o.url.as_deref(), Some("https://p.example/w/1"));
    }

    #[test]
    fn not_json_or_not_an_object_is_malformed() {
        assert!(parse(b"").is_err());
        assert!(parse(b"[1]").is_err());
        assert!(parse(b"{\"type\":").is_err());
        assert_eq!(parse(b"{}").unwrap(), Document::Other { kind: None });
    }
}
