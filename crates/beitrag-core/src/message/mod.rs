//! Messages of the core's errors as data: a catalog id and named
//! arguments. The web layer words them in the reader's language through its
//! Fluent catalogs (`beitrag-web/locales/core.*.ftl`); everything else —
//! the CLI, logs, import reports, the API's problems — shows the English
//! wording kept here, which `Display` gives.
//!
//! Why the English is here and not only in a catalog: the core must not
//! depend on the web layer or on Fluent, and the CLI speaks English.
//! `beitrag-web`'s tests hold each catalog to every [`texts::ALL`] entry and
//! its English catalog to this wording.

use std::fmt;

pub mod texts;

/// One text of the catalog: its id and its English wording, in which
/// `{name}` stands for the argument `name`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Text {
    /// The catalog id (`core-…`).
    pub id: &'static str,
    /// The English wording with `{name}` placeholders.
    pub english: &'static str,
}

impl Text {
    /// A text of the catalog (see [`texts`]).
    pub const fn new(id: &'static str, english: &'static str) -> Self {
        Self { id, english }
    }

    /// This text with the argument `name` set to `value`.
    pub fn with(self, name: &'static str, value: impl Into<Arg>) -> Message {
        Message::from(self).with(name, value)
    }

    /// The names of the placeholders of the English wording, in order.
    pub fn placeholders(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        let mut rest = self.english;
        while let Some(start) = rest.find('{') {
            let Some(len) = rest[start..].find('}') else {
                break;
            };
            out.push(&rest[start + 1..start + len]);
            rest = &rest[start + len + 1..];
        }
        out
    }
}

/// The value of an argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// Text shown as given (a name, a value the user typed).
    Text(String),
    /// A number, which a catalog may use for plurals.
    Number(i64),
}

impl fmt::Display for Arg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Text(s) => f.write_str(s),
            Self::Number(n) => write!(f, "{n}"),
        }
    }
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Self::Text(s.to_owned())
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Self {
        Self::Text(s)
    }
}

impl From<&String> for Arg {
    fn from(s: &String) -> Self {
        Self::Text(s.clone())
    }
}

impl From<i64> for Arg {
    fn from(n: i64) -> Self {
        Self::Number(n)
    }
}

impl From<u32> for Arg {
    fn from(n: u32) -> Self {
        Self::Number(n.into())
    }
}

impl From<u64> for Arg {
    fn from(n: u64) -> Self {
        Self::Number(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

impl From<usize> for Arg {
    fn from(n: usize) -> Self {
        Self::Number(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

/// A text of the catalog with its arguments: what an error says, in no
/// language yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    text: Text,
    args: Vec<(&'static str, Arg)>,
}

impl Message {
    /// The catalog id.
    pub fn id(&self) -> &'static str {
        self.text.id
    }

    /// The text this message words.
    pub fn text(&self) -> Text {
        self.text
    }

    /// The named arguments.
    pub fn args(&self) -> &[(&'static str, Arg)] {
        &self.args
    }

    /// The message with the argument `name` set to `value`.
    pub fn with(mut self, name: &'static str, value: impl Into<Arg>) -> Self {
        self.args.push((name, value.into()));
        self
    }
}

impl From<Text> for Message {
    fn from(text: Text) -> Self {
        Self {
            text,
            args: Vec::new(),
        }
    }
}

impl fmt::Display for Message {
    /// The English wording with the arguments put in; a placeholder without
    /// an argument stays as written, so a slip shows rather than vanishes.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rest = self.text.english;
        while let Some(start) = rest.find('{') {
            let Some(len) = rest[start..].find('}') else {
                break;
            };
            f.write_str(&rest[..start])?;
            let name = &rest[start + 1..start + len];
            match self.args.iter().find(|(n, _)| *n == name) {
                Some((_, value)) => write!(f, "{value}")?,
                None => f.write_str(&rest[start..=start + len])?,
            }
            rest = &rest[start + len + 1..];
        }
        f.write_str(rest)
    }
}

#[cfg(test)]
mod tests {
    use super::texts::{ALL, LONGER_THAN, MISSING};
    use super::*;

    #[test]
    fn words_english_when_displayed() {
        assert_eq!(Message::from(MISSING).to_string(), "is missing");
        assert_eq!(
            LONGER_THAN.with("max", 200_usize).to_string(),
            "is longer than 200 characters"
        );
        assert_eq!(LONGER_THAN.placeholders(), ["max"]);
        assert_eq!(
            Message::from(LONGER_THAN).to_string(),
            "is longer than {max} characters"
        );
    }

    #[test]
    fn lists_every_text_once_when_collecting_the_catalog() {
        // Every `pub const` of texts.rs is in ALL (a text left out would go
        // unchecked against the catalogs), and every id is unique.
        let declared = include_str!("texts.rs")
            .lines()
            .filter(|l| l.starts_with("pub const ") && l.contains(": Text"))
            .count();
        assert_eq!(declared, ALL.len());
        let mut ids: Vec<&str> = ALL.iter().map(|t| t.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), ALL.len(), "duplicate ids");
        assert!(ALL.iter().all(|t| t.id.starts_with("core-")));
    }
}
