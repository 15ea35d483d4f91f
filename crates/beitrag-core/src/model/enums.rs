//! The small closed vocabularies of the content model, stored as lowercase
//! text so both backends and exports read the same words.

use serde::{Deserialize, Serialize};

macro_rules! text_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "lowercase")]
        pub enum $name { $($(#[$vm])* $variant),+ }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stored and exported word.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// Parses the stored word; `None` for anything else.
            pub fn parse(s: &str) -> Option<Self> {
                match s { $($text => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

text_enum!(
    /// Whether an entry is a dated post or a standalone page.
    PostKind { Post = "post", Page = "page" }
);
text_enum!(
    /// Publication state. A `published` or `scheduled` entry is visible once
    /// its `published_at` has passed, evaluated at request time.
    PostStatus {
        /// Not visible to readers.
        Draft = "draft",
        /// Submitted by a contributor for review; not visible to readers.
        Pending = "pending",
        /// Visible from `published_at` on.
        Published = "published",
        /// Published with a future date; becomes visible at that time.
        Scheduled = "scheduled",
        /// Visible only to logged-in editors.
        Private = "private",
    }
);
text_enum!(
    /// What a post's source is written in.
    SourceFormat {
        /// Markdown, rendered to HTML when saved (everything written here).
        Markdown = "markdown",
        /// HTML, sanitised when saved (content brought from WordPress or Ghost).
        Html = "html",
    }
);
text_enum!(
    /// Comment or ping switch of a post (WordPress's `comment_status`, `ping_status`).
    OpenClosed { Open = "open", Closed = "closed" }
);
text_enum!(
    /// What a personal access token may do.
    Scope {
        /// Read everything its owner may read.
        Read = "read",
        /// Also create, change and delete.
        Write = "write",
        /// An application password: signs one desktop or mobile client in
        /// over XML-RPC in place of the login password; never the API or
        /// the admin.
        App = "app",
    }
);
text_enum!(
    /// Roles with WordPress's meaning.
    Role {
        /// Manages everything, may post raw HTML.
        Administrator = "administrator",
        /// Publishes and moderates everything.
        Editor = "editor",
        /// Publishes own posts.
        Author = "author",
        /// Writes drafts for review.
        Contributor = "contributor",
    }
);
text_enum!(
    /// Where a response to a post came from.
    CommentKind {
        /// Written in our comment form.
        Comment = "comment",
        /// A TrackBack ping.
        Trackback = "trackback",
        /// A Pingback 1.0 ping.
        Pingback = "pingback",
        /// A W3C Webmention.
        Webmention = "webmention",
        /// A reply from the fediverse (ActivityPub).
        Fediverse = "fediverse",
    }
);
text_enum!(
    /// Moderation state of a comment.
    CommentStatus { Pending = "pending", Approved = "approved", Spam = "spam", Trash = "trash" }
);

impl PostStatus {
    /// WordPress's word for this status (exports, XML-RPC).
    pub fn wordpress(self) -> &'static str {
        match self {
            Self::Published => "publish",
            Self::Scheduled => "future",
            Self::Draft => "draft",
            Self::Pending => "pending",
            Self::Private => "private",
        }
    }

    /// A WordPress status word (ours are accepted too).
    pub fn from_wordpress(word: &str) -> Option<Self> {
        match word.trim() {
            "publish" | "published" => Some(Self::Published),
            "future" | "scheduled" => Some(Self::Scheduled),
            "draft" => Some(Self::Draft),
            "pending" => Some(Self::Pending),
            "private" => Some(Self::Private),
            _ => None,
        }
    }
}

impl CommentKind {
    /// Linkbacks are listed under "Trackbacks", apart from conversation.
    pub fn is_linkback(self) -> bool {
        matches!(self, Self::Trackback | Self::Pingback | Self::Webmention)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_word_when_parsed() {
        for s in PostStatus::ALL {
            assert_eq!(PostStatus::parse(s.as_str()), Some(*s));
        }
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(*r));
        }
        assert_eq!(CommentKind::parse("nonsense"), None);
    }
}
