//! Site settings: stored as key/value text in the database, edited with
//! `beitrag settings set`, validated here so every entry point agrees.

use crate::message::texts;
use chrono_tz::Tz;

use crate::model::OpenClosed;
use crate::permalink::Permalink;
use crate::{Error, Result};

mod keys;

pub use keys::{Group, KEYS, Key, Kind, PERMALINK_PRESETS, key};

/// The languages the theme ships catalogs for.
pub const LANGUAGES: &[&str] = &["de", "en"];

/// How new comments are moderated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moderation {
    /// Every comment waits for a moderator.
    All,
    /// Comments from people without an approved comment wait.
    FirstTime,
    /// Comments appear at once unless another rule holds them.
    None,
}

impl Moderation {
    fn parse(s: &str) -> Option<Self> {
        match s {
            "all" => Some(Self::All),
            "first" => Some(Self::FirstTime),
            "none" => Some(Self::None),
            _ => None,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Self::All => "all",
            Self::FirstTime => "first",
            Self::None => "none",
        }
    }
}

/// Which comment page a post's own URL shows, as WordPress's
/// `default_comments_page`: pages are numbered from the oldest either way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommentsPage {
    /// The last page, with the newest threads.
    Newest,
    /// The first page.
    Oldest,
}

impl CommentsPage {
    fn parse(s: &str) -> Option<Self> {
        match s {
            "newest" => Some(Self::Newest),
            "oldest" => Some(Self::Oldest),
            _ => None,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Self::Newest => "newest",
            Self::Oldest => "oldest",
        }
    }
}

fn list(value: &str) -> Vec<String> {
    value
        .split([',', '\n'])
        .map(|s| s.trim().to_lowercase())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Validated site settings.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Blog name.
    pub title: String,
    /// Line under the name.
    pub tagline: String,
    /// UI language, one of [`LANGUAGES`].
    pub language: String,
    /// Zone dates are shown in.
    pub timezone: Tz,
    /// Absolute URL without trailing slash.
    pub base_url: String,
    /// Post URL pattern.
    pub permalink: Permalink,
    /// Archive page size.
    pub posts_per_page: u32,
    /// Feed length.
    pub feed_items: u32,
    /// Comment switch for new posts.
    pub default_comment_status: OpenClosed,
    /// Ping switch for new posts.
    pub default_ping_status: OpenClosed,
    /// Whether Webmentions are received and the endpoint advertised.
    pub webmention_status: OpenClosed,
    /// The blog's actor: `@fediverse_username@host`.
    pub fediverse_username: String,
    /// Moderation policy.
    pub comment_moderation: Moderation,
    /// More links than this hold a comment.
    pub comment_max_links: u32,
    /// Score (percent) from which a comment is spam.
    pub comment_spam_threshold: u32,
    /// Days after which comments close; 0 = never.
    pub close_comments_days_old: u32,
    /// Deepest reply level.
    pub comment_thread_depth: u32,
    /// Top-level comments (with their replies) per comment page.
    pub comments_per_page: u32,
    /// Which comment page the post's own URL shows.
    pub default_comments_page: CommentsPage,
    /// Minimum form fill time in seconds.
    pub comment_min_seconds: u32,
    /// Words that mark a comment as spam (lowercase).
    pub blocklist_words: Vec<String>,
    /// IP addresses or prefixes that are refused.
    pub blocklist_ips: Vec<String>,
    /// Email addresses that are refused (lowercase).
    pub blocklist_emails: Vec<String>,
    /// Domains refused in emails, websites and links (lowercase).
    pub blocklist_domains: Vec<String>,
    /// Fediverse accounts (handles or actor ids) whose activities are dropped.
    pub fediverse_blocked_actors: Vec<String>,
    /// Rules of robots.txt, one per line; empty: the defaults.
    pub robots_txt: Vec<String>,
    /// An external WebSub hub the feeds name (and which is pinged on
    /// publication); empty: the blog is its own hub at `/websub`.
    pub websub_hub: String,
    /// Key prefix of the uploaded site icon's files (`site-icon/…`); empty
    /// for the built-in icon.
    pub site_icon: String,
    /// Days stored addresses are kept.
    pub ip_retention_days: u32,
    /// Akismet-compatible service key; empty = off.
    pub akismet_key: String,
    /// Its comment-check URL.
    pub akismet_url: String,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            title: "beitrag".into(),
            tagline: String::new(),
            language: "de".into(),
            timezone: chrono_tz::Europe::Berlin,
            base_url: "http://127.0.0.1:8080".into(),
            permalink: Permalink::parse(Permalink::DEFAULT)
                .unwrap_or_else(|_| unreachable!("default pattern is valid")),
            posts_per_page: 10,
            feed_items: 20,
            default_comment_status: OpenClosed::Open,
            default_ping_status: OpenClosed::Open,
            webmention_status: OpenClosed::Open,
            fediverse_username: "blog".into(),
            comment_moderation: Moderation::FirstTime,
            comment_max_links: 2,
            comment_spam_threshold: 90,
            close_comments_days_old: 0,
            comment_thread_depth: 5,
            comments_per_page: 50,
            default_comments_page: CommentsPage::Newest,
            comment_min_seconds: 3,
            blocklist_words: Vec::new(),
            blocklist_ips: Vec::new(),
            blocklist_emails: Vec::new(),
            blocklist_domains: Vec::new(),
            fediverse_blocked_actors: Vec::new(),
            robots_txt: Vec::new(),
            websub_hub: String::new(),
            site_icon: String::new(),
            ip_retention_days: 30,
            akismet_key: String::new(),
            akismet_url: "https://rest.akismet.com/1.1/comment-check".into(),
        }
    }
}

/// The longest text [`KEYS`] allows for `key`.
fn text_max(key: &str) -> usize {
    match self::key(key).map(|k| k.kind) {
        Some(Kind::Text { max }) => max,
        _ => 0,
    }
}

/// A number in the range [`KEYS`] gives `key`.
fn number(key: &str, value: &str) -> Result<u32> {
    match self::key(key).map(|k| k.kind) {
        Some(Kind::Number { min, max }) => ranged(key, value, min..=max),
        _ => Err(Error::invalid(key, texts::NOT_A_NUMBER_SETTING)),
    }
}

fn ranged(key: &str, value: &str, range: std::ops::RangeInclusive<u32>) -> Result<u32> {
    match value.parse::<u32>() {
        Ok(n) if range.contains(&n) => Ok(n),
        _ => Err(Error::invalid(
            key,
            texts::NUMBER_RANGE
                .with("min", *range.start())
                .with("max", *range.end()),
        )),
    }
}

fn open_closed(key: &str, value: &str) -> Result<OpenClosed> {
    OpenClosed::parse(value).ok_or_else(|| Error::invalid(key, texts::OPEN_OR_CLOSED))
}

impl Settings {
    /// Validates `value` and applies it.
    pub fn set(&mut self, key: &str, value: &str) -> Result<()> {
        let value = value.trim();
        match key {
            "title" => {
                if value.is_empty() || value.chars().count() > text_max(key) {
                    return Err(Error::invalid(key, texts::LENGTH.with("max", 200_usize)));
                }
                self.title = value.into();
            }
            "tagline" => {
                if value.chars().count() > text_max(key) {
                    return Err(Error::invalid(key, texts::AT_MOST.with("max", 300_usize)));
                }
                self.tagline = value.into();
            }
            "language" => {
                if !LANGUAGES.contains(&value) {
                    return Err(Error::invalid(
                        key,
                        texts::ONE_OF.with("choices", LANGUAGES.join(", ")),
                    ));
                }
                self.language = value.into();
            }
            "timezone" => {
                self.timezone = value
                    .parse()
                    .map_err(|_| Error::invalid(key, texts::UNKNOWN_ZONE.with("zone", value)))?;
            }
            "base_url" => {
                let ok = (value.starts_with("http://") || value.starts_with("https://"))
                    && !value.ends_with('/')
                    && !value.contains(char::is_whitespace)
                    && value.len() < 300;
                if !ok {
                    return Err(Error::invalid(key, texts::BASE_URL));
                }
                self.base_url = value.into();
            }
            "permalink" => self.permalink = Permalink::parse(value)?,
            "posts_per_page" => self.posts_per_page = number(key, value)?,
            "feed_items" => self.feed_items = number(key, value)?,
            "default_comment_status" => self.default_comment_status = open_closed(key, value)?,
            "default_ping_status" => self.default_ping_status = open_closed(key, value)?,
            "webmention_status" => self.webmention_status = open_closed(key, value)?,
            "fediverse_username" => {
                let fine = (1..=30).contains(&value.len())
                    && value.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
                if !fine {
                    return Err(Error::invalid(key, texts::FEDIVERSE_USERNAME));
                }
                self.fediverse_username = value.into();
            }
            "comment_moderation" => {
                self.comment_moderation = Moderation::parse(value)
                    .ok_or_else(|| Error::invalid(key, texts::MODERATION_MODE))?;
            }
            "comment_max_links" => self.comment_max_links = number(key, value)?,
            "comment_spam_threshold" => self.comment_spam_threshold = number(key, value)?,
            "close_comments_days_old" => self.close_comments_days_old = number(key, value)?,
            "comment_thread_depth" => self.comment_thread_depth = number(key, value)?,
            "comments_per_page" => self.comments_per_page = number(key, value)?,
            "default_comments_page" => {
                self.default_comments_page = CommentsPage::parse(value)
                    .ok_or_else(|| Error::invalid(key, texts::COMMENTS_PAGE))?;
            }
            "comment_min_seconds" => self.comment_min_seconds = number(key, value)?,
            "blocklist_words" => self.blocklist_words = list(value),
            "blocklist_ips" => self.blocklist_ips = list(value),
            "blocklist_emails" => self.blocklist_emails = list(value),
            "blocklist_domains" => self.blocklist_domains = list(value),
            "fediverse_blocked_actors" => self.fediverse_blocked_actors = list(value),
            "site_icon" => {
                let ok = value.is_empty()
                    || value.strip_prefix("site-icon/").is_some_and(|v| {
                        !v.is_empty() && v.len() <= 20 && v.bytes().all(|b| b.is_ascii_digit())
                    });
                if !ok {
                    return Err(Error::invalid(key, texts::NOT_A_SITE_ICON));
                }
                self.site_icon = value.into();
            }
            "robots_txt" => {
                // Lines, not commas: a rule may hold one.
                self.robots_txt = value
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_owned)
                    .collect();
                if self.robots_txt.iter().any(|l| l.chars().count() > 500) {
                    return Err(Error::invalid(
                        key,
                        texts::LINE_TOO_LONG.with("max", 500_usize),
                    ));
                }
                if self.robots_txt.len() > 200 {
                    return Err(Error::invalid(
                        key,
                        texts::TOO_MANY_LINES.with("max", 200_usize),
                    ));
                }
            }
            "ip_retention_days" => self.ip_retention_days = number(key, value)?,
            "akismet_key" => {
                if value.len() > 64 || !value.chars().all(|c| c.is_ascii_alphanumeric()) {
                    return Err(Error::invalid(key, texts::API_KEY));
                }
                self.akismet_key = value.into();
            }
            "websub_hub" => {
                let ok = value.is_empty()
                    || ((value.starts_with("https://") || value.starts_with("http://"))
                        && !value.contains(char::is_whitespace)
                        && value.len() < 300);
                if !ok {
                    return Err(Error::invalid(key, texts::EMPTY_OR_URL));
                }
                self.websub_hub = value.into();
            }
            "akismet_url" => {
                let ok = (value.starts_with("https://") || value.starts_with("http://"))
                    && !value.contains(char::is_whitespace)
                    && value.len() < 300;
                if !ok {
                    return Err(Error::invalid(key, texts::HTTP_URL));
                }
                self.akismet_url = value.into();
            }
            _ => return Err(Error::invalid(key, texts::UNKNOWN_SETTING)),
        }
        Ok(())
    }

    /// Reads a setting as text.
    pub fn get(&self, key: &str) -> Option<String> {
        Some(match key {
            "title" => self.title.clone(),
            "tagline" => self.tagline.clone(),
            "language" => self.language.clone(),
            "timezone" => self.timezone.name().to_owned(),
            "base_url" => self.base_url.clone(),
            "permalink" => self.permalink.as_str().to_owned(),
            "posts_per_page" => self.posts_per_page.to_string(),
            "feed_items" => self.feed_items.to_string(),
            "default_comment_status" => self.default_comment_status.as_str().to_owned(),
            "default_ping_status" => self.default_ping_status.as_str().to_owned(),
            "webmention_status" => self.webmention_status.as_str().to_owned(),
            "fediverse_username" => self.fediverse_username.clone(),
            "comment_moderation" => self.comment_moderation.as_str().to_owned(),
            "comment_max_links" => self.comment_max_links.to_string(),
            "comment_spam_threshold" => self.comment_spam_threshold.to_string(),
            "close_comments_days_old" => self.close_comments_days_old.to_string(),
            "comment_thread_depth" => self.comment_thread_depth.to_string(),
            "comments_per_page" => self.comments_per_page.to_string(),
            "default_comments_page" => self.default_comments_page.as_str().to_owned(),
            "comment_min_seconds" => self.comment_min_seconds.to_string(),
            "blocklist_words" => self.blocklist_words.join(", "),
            "blocklist_ips" => self.blocklist_ips.join(", "),
            "blocklist_emails" => self.blocklist_emails.join(", "),
            "blocklist_domains" => self.blocklist_domains.join(", "),
            "fediverse_blocked_actors" => self.fediverse_blocked_actors.join(", "),
            "robots_txt" => self.robots_txt.join("\n"),
            "websub_hub" => self.websub_hub.clone(),
            "site_icon" => self.site_icon.clone(),
            "ip_retention_days" => self.ip_retention_days.to_string(),
            "akismet_key" => self.akismet_key.clone(),
            "akismet_url" => self.akismet_url.clone(),
            _ => return None,
        })
    }

    /// Builds settings from stored pairs. Unknown keys are ignored so an
    /// older binary can read a newer database; invalid values are errors.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Self> {
        let mut s = Self::default();
        for (k, v) in pairs {
            if key(k).is_some() {
                s.set(k, v)?;
            }
        }
        Ok(s)
    }

    /// Whether comments and pings on a post published at `published` are
    /// closed by age at `now` (WordPress's `close_comments_days_old`).
    pub fn closed_by_age(
        &self,
        published: Option<chrono::DateTime<chrono::Utc>>,
        now: chrono::DateTime<chrono::Utc>,
    ) -> bool {
        self.close_comments_days_old > 0
            && published.is_some_and(|p| {
                now - p > chrono::Duration::days(i64::from(self.close_comments_days_old))
            })
    }

    /// All settings as stored pairs.
    pub fn to_pairs(&self) -> Vec<(String, String)> {
        KEYS.iter()
            .filter_map(|k| self.get(k.name).map(|v| (k.name.to_owned(), v)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_when_stored_as_pairs() {
        let mut s = Settings::default();
        s.set("language", "en").unwrap();
        s.set("timezone", "America/New_York").unwrap();
        let pairs = s.to_pairs();
        let back =
            Settings::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()))).unwrap();
        assert_eq!(back.language, "en");
        assert_eq!(back.timezone.name(), "America/New_York");
    }

    #[test]
    fn round_trips_every_key_when_stored() {
        let mut s = Settings::default();
        s.set("ip_retention_days", "7").unwrap();
        s.set("akismet_key", "abc123").unwrap();
        s.set("comment_moderation", "all").unwrap();
        let pairs = s.to_pairs();
        assert_eq!(pairs.len(), KEYS.len(), "every field is a stored key");
        let back =
            Settings::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()))).unwrap();
        assert_eq!(back.to_pairs(), pairs);
        assert_eq!(
            (back.ip_retention_days, back.akismet_key.as_str()),
            (7, "abc123")
        );
    }

    #[test]
    fn rejects_value_when_invalid() {
        let mut s = Settings::default();
        assert!(s.set("language", "fr").is_err());
        assert!(s.set("timezone", "Mars/Olympus").is_err());
        assert!(s.set("posts_per_page", "0").is_err());
        assert!(s.set("base_url", "ftp://x").is_err());
        assert!(s.set("nope", "1").is_err());
    }
}
