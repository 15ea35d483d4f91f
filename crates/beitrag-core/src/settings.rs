//! Site settings: stored as key/value text in the database, edited with
//! `beitrag settings set`, validated here so every entry point agrees.

use chrono_tz::Tz;

use crate::model::OpenClosed;
use crate::permalink::Permalink;
use crate::{Error, Result};

/// The languages the theme ships catalogs for.
pub const LANGUAGES: &[&str] = &["de", "en"];

/// Every setting key with a one-line description, in display order.
pub const KEYS: &[(&str, &str)] = &[
    ("title", "name of the blog"),
    ("tagline", "one line under the name"),
    ("language", "de or en"),
    ("timezone", "IANA time zone, e.g. Europe/Berlin"),
    (
        "base_url",
        "absolute URL the blog is reached at, without trailing slash",
    ),
    (
        "permalink",
        "post URL pattern, e.g. /%year%/%monthnum%/%postname%/",
    ),
    ("posts_per_page", "posts on each archive page (1-100)"),
    ("feed_items", "items in each feed (1-100)"),
    ("default_comment_status", "open or closed, for new posts"),
    ("default_ping_status", "open or closed, for new posts"),
];

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
        }
    }
}

fn open_closed(key: &str, value: &str) -> Result<OpenClosed> {
    OpenClosed::parse(value).ok_or_else(|| Error::invalid(key, "must be open or closed"))
}

fn count(key: &str, value: &str) -> Result<u32> {
    match value.parse::<u32>() {
        Ok(n @ 1..=100) => Ok(n),
        _ => Err(Error::invalid(key, "must be a number from 1 to 100")),
    }
}

impl Settings {
    /// Validates `value` and applies it.
    pub fn set(&mut self, key: &str, value: &str) -> Result<()> {
        let value = value.trim();
        match key {
            "title" => {
                if value.is_empty() || value.chars().count() > 200 {
                    return Err(Error::invalid(key, "must be 1 to 200 characters"));
                }
                self.title = value.into();
            }
            "tagline" => {
                if value.chars().count() > 300 {
                    return Err(Error::invalid(key, "must be at most 300 characters"));
                }
                self.tagline = value.into();
            }
            "language" => {
                if !LANGUAGES.contains(&value) {
                    return Err(Error::invalid(
                        key,
                        format!("must be one of {}", LANGUAGES.join(", ")),
                    ));
                }
                self.language = value.into();
            }
            "timezone" => {
                self.timezone = value
                    .parse()
                    .map_err(|_| Error::invalid(key, format!("unknown time zone `{value}`")))?;
            }
            "base_url" => {
                let ok = (value.starts_with("http://") || value.starts_with("https://"))
                    && !value.ends_with('/')
                    && !value.contains(char::is_whitespace)
                    && value.len() < 300;
                if !ok {
                    return Err(Error::invalid(
                        key,
                        "must be an http(s) URL without trailing slash",
                    ));
                }
                self.base_url = value.into();
            }
            "permalink" => self.permalink = Permalink::parse(value)?,
            "posts_per_page" => self.posts_per_page = count(key, value)?,
            "feed_items" => self.feed_items = count(key, value)?,
            "default_comment_status" => self.default_comment_status = open_closed(key, value)?,
            "default_ping_status" => self.default_ping_status = open_closed(key, value)?,
            _ => return Err(Error::invalid(key, "unknown setting")),
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
            _ => return None,
        })
    }

    /// Builds settings from stored pairs. Unknown keys are ignored so an
    /// older binary can read a newer database; invalid values are errors.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Self> {
        let mut s = Self::default();
        for (k, v) in pairs {
            if KEYS.iter().any(|(known, _)| *known == k) {
                s.set(k, v)?;
            }
        }
        Ok(s)
    }

    /// All settings as stored pairs.
    pub fn to_pairs(&self) -> Vec<(String, String)> {
        KEYS.iter()
            .filter_map(|(k, _)| self.get(k).map(|v| ((*k).to_owned(), v)))
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
    fn rejects_value_when_invalid() {
        let mut s = Settings::default();
        assert!(s.set("language", "fr").is_err());
        assert!(s.set("timezone", "Mars/Olympus").is_err());
        assert!(s.set("posts_per_page", "0").is_err());
        assert!(s.set("base_url", "ftp://x").is_err());
        assert!(s.set("nope", "1").is_err());
    }
}
