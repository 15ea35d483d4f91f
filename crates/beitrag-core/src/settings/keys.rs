//! The facts of each setting: its key, description, admin section and the
//! values it takes ([`Kind`]). Validation in [`super::Settings::set`] reads
//! the ranges from here, and the admin renders its controls from here.

use super::LANGUAGES;

/// Where a setting appears in the admin: the sections WordPress users know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    /// Name, address, language, time zone.
    General,
    /// Defaults of new posts.
    Writing,
    /// Archive pages and feeds.
    Reading,
    /// Comments, linkbacks, moderation, spam.
    Discussion,
    /// Uploads (their limits are configuration, not settings, so far).
    Media,
    /// The post URL pattern.
    Permalinks,
}

impl Group {
    /// Every group, in display order.
    pub const ALL: &'static [Group] = &[
        Self::General,
        Self::Writing,
        Self::Reading,
        Self::Discussion,
        Self::Media,
        Self::Permalinks,
    ];

    /// Name in forms and catalogs.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::General => "general",
            Self::Writing => "writing",
            Self::Reading => "reading",
            Self::Discussion => "discussion",
            Self::Media => "media",
            Self::Permalinks => "permalinks",
        }
    }
}

/// What values a setting takes: validation and the admin's controls both
/// read it, so a range or a list of choices is written down once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// One line of text, at most this many characters.
    Text {
        /// Longest value in characters.
        max: usize,
    },
    /// An http(s) URL.
    Url,
    /// A whole number in `min..=max`.
    Number {
        /// Smallest value.
        min: u32,
        /// Largest value.
        max: u32,
    },
    /// One of a few words, plain enough for a drop-down.
    Select(&'static [&'static str]),
    /// One of a few words that each need a sentence (radio buttons).
    Radio(&'static [&'static str]),
    /// An IANA time zone name.
    TimeZone,
    /// A comma- or line-separated list.
    List,
    /// A permalink pattern ([`crate::permalink::Permalink`]).
    Permalink,
    /// Where the site icon's files are stored; set by uploading a picture
    /// ([`crate::service::site_icon`]), never typed.
    Icon,
}

/// One setting: its key, a one-line description (CLI, API), where the
/// admin shows it and the values it takes.
#[derive(Debug, Clone, Copy)]
pub struct Key {
    /// Stored name.
    pub name: &'static str,
    /// What it does, in English, for the CLI and the API.
    pub description: &'static str,
    /// Admin section.
    pub group: Group,
    /// Values it takes.
    pub kind: Kind,
}

const OPEN_CLOSED: &[&str] = &["open", "closed"];

/// Every setting, in display order (grouped).
pub const KEYS: &[Key] = &[
    Key {
        name: "title",
        description: "name of the blog",
        group: Group::General,
        kind: Kind::Text { max: 200 },
    },
    Key {
        name: "tagline",
        description: "one line under the name",
        group: Group::General,
        kind: Kind::Text { max: 300 },
    },
    Key {
        name: "language",
        description: "de or en",
        group: Group::General,
        kind: Kind::Select(LANGUAGES),
    },
    Key {
        name: "timezone",
        description: "IANA time zone, e.g. Europe/Berlin",
        group: Group::General,
        kind: Kind::TimeZone,
    },
    Key {
        name: "base_url",
        description: "absolute URL the blog is reached at, without trailing slash",
        group: Group::General,
        kind: Kind::Url,
    },
    Key {
        name: "site_icon",
        description: "where the uploaded site icon is stored (empty: the built-in icon); set by uploading a picture in the admin",
        group: Group::General,
        kind: Kind::Icon,
    },
    Key {
        name: "default_comment_status",
        description: "open or closed, for new posts",
        group: Group::Writing,
        kind: Kind::Select(OPEN_CLOSED),
    },
    Key {
        name: "default_ping_status",
        description: "open or closed, for new posts",
        group: Group::Writing,
        kind: Kind::Select(OPEN_CLOSED),
    },
    Key {
        name: "posts_per_page",
        description: "posts on each archive page (1-100)",
        group: Group::Reading,
        kind: Kind::Number { min: 1, max: 100 },
    },
    Key {
        name: "feed_items",
        description: "items in each feed (1-100)",
        group: Group::Reading,
        kind: Kind::Number { min: 1, max: 100 },
    },
    Key {
        name: "robots_txt",
        description: "robots.txt rules, one per line (empty: keep crawlers out of /admin/ and /search); the Sitemap line is always added",
        group: Group::Reading,
        kind: Kind::List,
    },
    Key {
        name: "websub_hub",
        description: "an external WebSub hub for the feeds, pinged on publication (empty: the blog is its own hub at /websub)",
        group: Group::Reading,
        kind: Kind::Url,
    },
    Key {
        name: "webmention_status",
        description: "open or closed: receive Webmentions and advertise the endpoint (Pingback and TrackBack stay on)",
        group: Group::Discussion,
        kind: Kind::Select(OPEN_CLOSED),
    },
    Key {
        name: "fediverse_username",
        description: "the blog's name in the fediverse: @NAME@host (letters, digits, _; 1-30)",
        group: Group::Discussion,
        kind: Kind::Text { max: 30 },
    },
    Key {
        name: "comment_moderation",
        description: "all (hold every comment), first (hold first-time commenters) or none",
        group: Group::Discussion,
        kind: Kind::Radio(&["all", "first", "none"]),
    },
    Key {
        name: "comment_max_links",
        description: "hold comments with more links than this (0-50)",
        group: Group::Discussion,
        kind: Kind::Number { min: 0, max: 50 },
    },
    Key {
        name: "comment_spam_threshold",
        description: "spam score from which a comment is marked spam (50-100, percent)",
        group: Group::Discussion,
        kind: Kind::Number { min: 50, max: 100 },
    },
    Key {
        name: "close_comments_days_old",
        description: "close comments and pings on posts older than this many days (0 = never)",
        group: Group::Discussion,
        kind: Kind::Number {
            min: 0,
            max: 36_500,
        },
    },
    Key {
        name: "comment_thread_depth",
        description: "deepest reply level (1-10)",
        group: Group::Discussion,
        kind: Kind::Number { min: 1, max: 10 },
    },
    Key {
        name: "comments_per_page",
        description: "top-level comments per page, each with its replies (1-1000)",
        group: Group::Discussion,
        kind: Kind::Number { min: 1, max: 1000 },
    },
    Key {
        name: "default_comments_page",
        description: "newest or oldest: which comment page the post itself shows",
        group: Group::Discussion,
        kind: Kind::Radio(&["newest", "oldest"]),
    },
    Key {
        name: "comment_min_seconds",
        description: "minimum seconds between showing the form and submitting it (0-600)",
        group: Group::Discussion,
        kind: Kind::Number { min: 0, max: 600 },
    },
    Key {
        name: "blocklist_words",
        description: "comma-separated words that mark a comment as spam",
        group: Group::Discussion,
        kind: Kind::List,
    },
    Key {
        name: "blocklist_ips",
        description: "comma-separated IP addresses or prefixes (e.g. 203.0.113.) that are refused",
        group: Group::Discussion,
        kind: Kind::List,
    },
    Key {
        name: "blocklist_emails",
        description: "comma-separated email addresses that are refused",
        group: Group::Discussion,
        kind: Kind::List,
    },
    Key {
        name: "blocklist_domains",
        description: "comma-separated domains refused in email addresses, websites and links",
        group: Group::Discussion,
        kind: Kind::List,
    },
    Key {
        name: "fediverse_blocked_actors",
        description: "comma-separated fediverse accounts (@user@host or actor URL) whose activities are dropped; a server is blocked with blocklist_domains",
        group: Group::Discussion,
        kind: Kind::List,
    },
    Key {
        name: "ip_retention_days",
        description: "days after which commenters' (already truncated) addresses are erased (1-3650)",
        group: Group::Discussion,
        kind: Kind::Number { min: 1, max: 3650 },
    },
    Key {
        name: "akismet_key",
        description: "API key of an Akismet-compatible spam service; empty (default) keeps spam checks local",
        group: Group::Discussion,
        kind: Kind::Text { max: 64 },
    },
    Key {
        name: "akismet_url",
        description: "comment-check URL of that service",
        group: Group::Discussion,
        kind: Kind::Url,
    },
    Key {
        name: "permalink",
        description: "post URL pattern, e.g. /%year%/%monthnum%/%postname%/",
        group: Group::Permalinks,
        kind: Kind::Permalink,
    },
];

/// The setting `name`.
pub fn key(name: &str) -> Option<&'static Key> {
    KEYS.iter().find(|k| k.name == name)
}

/// The usual WordPress permalink structures in this project's syntax, for
/// the admin's presets: name and pattern. WordPress's "plain" `?p=123` is
/// no pattern; its "numeric" `/archives/123` is the nearest.
pub const PERMALINK_PRESETS: &[(&str, &str)] = &[
    ("day", "/%year%/%monthnum%/%day%/%postname%/"),
    ("month", "/%year%/%monthnum%/%postname%/"),
    ("numeric", "/archives/%post_id%/"),
    ("name", "/%postname%/"),
    ("category", "/%category%/%postname%/"),
];
