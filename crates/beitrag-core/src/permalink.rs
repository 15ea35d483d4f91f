//! WordPress-style permalink patterns such as `/%year%/%monthnum%/%postname%/`:
//! building a post's URL path and recognising one in a request path.
//!
//! Tokens: `%year% %monthnum% %day% %postname% %post_id% %category% %author%`.

use chrono::{Datelike, NaiveDateTime};
use regex::Regex;

use crate::message::{Text, texts};
use crate::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token {
    Year,
    Month,
    Day,
    PostName,
    PostId,
    Category,
    Author,
}

impl Token {
    const ALL: [(&'static str, Token); 7] = [
        ("%year%", Token::Year),
        ("%monthnum%", Token::Month),
        ("%day%", Token::Day),
        ("%postname%", Token::PostName),
        ("%post_id%", Token::PostId),
        ("%category%", Token::Category),
        ("%author%", Token::Author),
    ];

    fn regex(self) -> &'static str {
        match self {
            Token::Year => r"(\d{4})",
            Token::Month | Token::Day => r"(\d{2})",
            Token::PostName | Token::Author => r"([^/]+)",
            Token::PostId => r"(\d{1,18})",
            // Categories nest, so their path may contain slashes.
            Token::Category => r"(.+?)",
        }
    }
}

#[derive(Debug, Clone)]
enum Part {
    Literal(String),
    Token(Token),
}

/// A compiled permalink pattern.
#[derive(Debug, Clone)]
pub struct Permalink {
    pattern: String,
    parts: Vec<Part>,
    matcher: Regex,
    tokens: Vec<Token>,
}

/// What a post contributes to its permalink.
#[derive(Debug, Clone)]
pub struct LinkParts<'a> {
    /// Post id.
    pub id: i64,
    /// Post slug.
    pub slug: &'a str,
    /// Publication time in the site's time zone.
    pub local_time: NaiveDateTime,
    /// Author login.
    pub author: &'a str,
    /// Slash-separated category slugs, e.g. `social-media/strategie`.
    pub category_path: &'a str,
}

/// What a request path told us about the post it names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LinkMatch {
    /// From `%postname%`.
    pub slug: Option<String>,
    /// From `%post_id%`.
    pub id: Option<i64>,
}

impl Permalink {
    /// The default, WordPress's "day and name" without the day.
    pub const DEFAULT: &'static str = "/%year%/%monthnum%/%postname%/";

    /// Parses and checks a pattern: it must start with `/`, name the post by
    /// `%postname%` or `%post_id%`, and use only known tokens.
    pub fn parse(pattern: &str) -> Result<Self> {
        let bad = |t: Text| Error::invalid("permalink", t.with("pattern", pattern));
        if !pattern.starts_with('/') {
            return Err(bad(texts::PERMALINK_SLASH));
        }
        if pattern.len() > 200
            || pattern.contains("//")
            || pattern
                .chars()
                .any(|c| c.is_whitespace() || c == '?' || c == '#')
        {
            return Err(bad(texts::PERMALINK_PLAIN));
        }
        let mut parts = Vec::new();
        let mut rest = pattern;
        while let Some(start) = rest.find('%') {
            if start > 0 {
                parts.push(Part::Literal(rest[..start].to_owned()));
            }
            let after = &rest[start..];
            let Some((name, token)) = Token::ALL.iter().find(|(n, _)| after.starts_with(n)) else {
                return Err(bad(texts::PERMALINK_TOKEN));
            };
            parts.push(Part::Token(*token));
            rest = &after[name.len()..];
        }
        if !rest.is_empty() {
            parts.push(Part::Literal(rest.to_owned()));
        }
        let tokens: Vec<Token> = parts
            .iter()
            .filter_map(|p| match p {
                Part::Token(t) => Some(*t),
                Part::Literal(_) => None,
            })
            .collect();
        if !tokens
            .iter()
            .any(|t| matches!(t, Token::PostName | Token::PostId))
        {
            return Err(bad(texts::PERMALINK_NAME));
        }
        let mut re = String::from("^");
        for part in &parts {
            match part {
                Part::Literal(l) => re.push_str(&regex::escape(l)),
                Part::Token(t) => re.push_str(t.regex()),
            }
        }
        // Either trailing-slash form is recognised; the caller redirects to the canonical one.
        let re = format!("{}/?$", re.trim_end_matches('/'));
        let matcher = Regex::new(&re).map_err(|_| bad(texts::PERMALINK_MATCH))?;
        Ok(Self {
            pattern: pattern.to_owned(),
            parts,
            matcher,
            tokens,
        })
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.pattern
    }

    /// Builds the path of a post.
    pub fn build(&self, link: &LinkParts<'_>) -> String {
        let mut out = String::with_capacity(self.pattern.len() + link.slug.len());
        for part in &self.parts {
            match part {
                Part::Literal(l) => out.push_str(l),
                Part::Token(t) => match t {
                    Token::Year => out.push_str(&format!("{:04}", link.local_time.year())),
                    Token::Month => out.push_str(&format!("{:02}", link.local_time.month())),
                    Token::Day => out.push_str(&format!("{:02}", link.local_time.day())),
                    Token::PostName => out.push_str(link.slug),
                    Token::PostId => out.push_str(&link.id.to_string()),
                    Token::Category => out.push_str(if link.category_path.is_empty() {
                        "uncategorized"
                    } else {
                        link.category_path
                    }),
                    Token::Author => out.push_str(link.author),
                },
            }
        }
        out
    }

    /// Recognises a request path. The caller still compares the post's
    /// canonical path with the request and redirects on a difference.
    pub fn recognise(&self, path: &str) -> Option<LinkMatch> {
        let caps = self.matcher.captures(path)?;
        let mut found = LinkMatch::default();
        for (i, token) in self.tokens.iter().enumerate() {
            let value = caps.get(i + 1)?.as_str();
            match token {
                Token::PostName => found.slug = Some(value.to_owned()),
                Token::PostId => found.id = value.parse().ok(),
                Token::Month if !matches!(value.parse::<u32>(), Ok(1..=12)) => return None,
                Token::Day if !matches!(value.parse::<u32>(), Ok(1..=31)) => return None,
                _ => {}
            }
        }
        Some(found)
    }

    /// Whether canonical paths end with a slash.
    pub fn trailing_slash(&self) -> bool {
        self.pattern.ends_with('/')
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn parts(slug: &str) -> LinkParts<'_> {
        LinkParts {
            id: 42,
            slug,
            local_time: NaiveDate::from_ymd_opt(2011, 1, 26)
                .and_then(|d| d.and_hms_opt(10, 0, 0))
                .expect("valid date"),
            author: "anna",
            category_path: "social-media/strategie",
        }
    }

    #[test]
    fn builds_and_recognises_when_pattern_is_default() {
        let p = Permalink::parse(Permalink::DEFAULT).unwrap();
        assert_eq!(p.build(&parts("hallo-welt")), "/2011/01/hallo-welt/");
        let m = p.recognise("/2011/01/hallo-welt/").unwrap();
        assert_eq!(m.slug.as_deref(), Some("hallo-welt"));
        assert!(p.recognise("/2011/01/hallo-welt").is_some());
        assert!(p.recognise("/2011/13/hallo-welt/").is_none());
        assert!(p.recognise("/2011/").is_none());
    }

    #[test]
    fn handles_every_token_when_used_together() {
        let p = Permalink::parse(
            "/%category%/%author%/%year%-%monthnum%-%day%/%post_id%-%postname%.html",
        )
        .unwrap();
        let path = p.build(&parts("x"));
        assert_eq!(path, "/social-media/strategie/anna/2011-01-26/42-x.html");
        let m = p.recognise(&path).unwrap();
        assert_eq!(m.id, Some(42));
        assert_eq!(m.slug.as_deref(), Some("x"));
        assert!(!p.trailing_slash());
    }

    #[test]
    fn rejects_pattern_when_it_cannot_name_a_post() {
        assert!(Permalink::parse("/%year%/").is_err());
        assert!(Permalink::parse("%postname%").is_err());
        assert!(Permalink::parse("/%bogus%/%postname%/").is_err());
        assert!(Permalink::parse("/a b/%postname%/").is_err());
    }
}
