//! Change events: every write says what it touched, so caches drop exactly
//! the pages that show it, and workers wake when there is work. Events are
//! recorded in the store's change log too, so other processes (a second
//! instance, a server while the CLI writes) follow within a second.

use crate::model::PostId;

/// What a write touched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Change {
    /// One post's content: its page, and the cards and feed entries that
    /// show it (neighbours link to it by title).
    Post(PostId),
    /// Which posts are public, or their order: every list, every feed and
    /// every previous/next link (a post published, deleted, re-dated).
    Timeline,
    /// The responses of one post: its page, its comment feed, the comment
    /// counts of the cards that show it, the site's comment feed.
    Comments(PostId),
    /// Settings, terms, users or the navigation: every page.
    Site,
    /// The media library (no public page shows it directly).
    Media,
    /// Work was queued (wakes the job workers of this process).
    Jobs,
}

impl Change {
    /// The topic as written to the change log.
    pub fn topic(&self) -> String {
        match self {
            Self::Post(id) => format!("post:{}", id.0),
            Self::Timeline => "timeline".into(),
            Self::Comments(id) => format!("comments:{}", id.0),
            Self::Site => "site".into(),
            Self::Media => "media".into(),
            Self::Jobs => "jobs".into(),
        }
    }

    /// Reads a topic back; unknown topics (from a newer version) are `None`.
    pub fn from_topic(topic: &str) -> Option<Self> {
        let id = |rest: &str| rest.parse::<i64>().ok().map(PostId);
        match topic.split_once(':') {
            Some(("post", rest)) => id(rest).map(Self::Post),
            Some(("comments", rest)) => id(rest).map(Self::Comments),
            None => match topic {
                "timeline" => Some(Self::Timeline),
                "site" => Some(Self::Site),
                "media" => Some(Self::Media),
                "jobs" => Some(Self::Jobs),
                _ => None,
            },
            Some(_) => None,
        }
    }

    /// Whether other processes need to hear of it (queued work is found by
    /// their workers' polling anyway).
    pub fn is_shared(&self) -> bool {
        !matches!(self, Self::Jobs)
    }
}

/// Something that reacts to changes: the page cache, the job worker.
/// Called synchronously after the write, so a redirect that follows a write
/// already sees fresh pages.
pub trait ChangeListener: Send + Sync {
    /// The changes of one write, or of a batch read from the change log.
    fn changed(&self, changes: &[Change]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_topics_back_when_written() {
        for c in [
            Change::Post(PostId(7)),
            Change::Timeline,
            Change::Comments(PostId(9)),
            Change::Site,
            Change::Media,
            Change::Jobs,
        ] {
            assert_eq!(Change::from_topic(&c.topic()), Some(c));
        }
        assert_eq!(Change::from_topic("post:x"), None);
        assert_eq!(Change::from_topic("future:1"), None);
    }
}
