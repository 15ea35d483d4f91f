//! Full-text search, engine-neutral: the words of a post as the index keeps
//! them and the words of a query as they are looked up pass through the same
//! [`Analyzer`] (lowercase, Snowball stem in the site's language, diacritics
//! folded), so "Führungskraft" finds "Führungskräfte" on SQLite's FTS5 and
//! PostgreSQL's `tsvector` alike. The engines only match and rank the words
//! they are given (title weighted above body); the store writes their
//! syntax from a parsed [`SearchExpr`].

mod query;
mod snippet;

use std::borrow::Cow;

use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

pub use query::{MAX_QUERY_CHARS, MAX_TERMS, QueryError, SearchExpr, SearchTerm};
pub use snippet::Segment;

/// A search counts and ranks at most this many matches, the newest: a
/// word in every post then costs what a rare one does, and nobody pages
/// past a hundred pages of results.
pub const MAX_MATCHES: i64 = 1_000;

/// The body beyond this many words is not indexed: PostgreSQL refuses a
/// `tsvector` over 1 MB, and a reader's words are found near the start.
pub const MAX_INDEXED_WORDS: usize = 20_000;

/// Turns text into index words for one language.
pub struct Analyzer {
    stemmer: Option<Stemmer>,
}

impl std::fmt::Debug for Analyzer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Analyzer")
            .field("stemming", &self.stemmer.is_some())
            .finish()
    }
}

impl Analyzer {
    /// The analyzer of a site language (`de`, `en`); any other language
    /// is folded but not stemmed.
    pub fn new(language: &str) -> Self {
        let algorithm = match language {
            "de" => Some(Algorithm::German),
            "en" => Some(Algorithm::English),
            _ => None,
        };
        Self {
            stemmer: algorithm.map(Stemmer::create),
        }
    }

    /// One token (a run of letters and digits) as the index keeps it.
    pub fn word(&self, token: &str) -> String {
        let lower = token.to_lowercase();
        let stemmed = match &self.stemmer {
            Some(s) => s.stem(&lower).into_owned(),
            None => lower,
        };
        fold(&stemmed).into_owned()
    }

    /// A token as typed before a `*`: lowercase and folded, not stemmed
    /// (a stem of a word's beginning is no beginning of its stem).
    pub fn prefix(&self, token: &str) -> String {
        fold(&token.to_lowercase()).into_owned()
    }

    /// The index words of a text, in order, space-separated.
    pub fn words(&self, text: &str, max: usize) -> String {
        let mut out = String::with_capacity(text.len() / 2);
        for (_, token) in tokens(text).take(max) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&self.word(token));
        }
        out
    }

    /// Parses what a reader typed (see [`SearchExpr`]).
    pub fn parse(&self, input: &str) -> Result<SearchExpr, QueryError> {
        query::parse(self, input)
    }

    /// The stretch of `text` around the first match of `expr`, about
    /// `max_words` words, matches marked (see [`Segment`]).
    pub fn snippet(&self, text: &str, expr: &SearchExpr, max_words: usize) -> Vec<Segment> {
        snippet::snippet(self, text, expr, max_words)
    }
}

/// The runs of letters and digits of `text` with their byte offsets.
pub(crate) fn tokens(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(move |t| (t.as_ptr() as usize - text.as_ptr() as usize, t))
}

/// Diacritics removed, ß as ss: readers type "Fuhrung" for "Führung".
fn fold(word: &str) -> Cow<'_, str> {
    if word.is_ascii() {
        return Cow::Borrowed(word);
    }
    let mut out = String::with_capacity(word.len());
    for c in word.nfd().filter(|c| !is_combining_mark(*c)) {
        match c {
            'ß' => out.push_str("ss"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A page of public search results: visible posts and pages matching
/// `expr`, best first.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchRequest {
    /// What to find; never empty (an empty search lists nothing).
    pub expr: SearchExpr,
    /// Visibility is evaluated at this instant.
    pub now: chrono::DateTime<chrono::Utc>,
    /// Rows to skip.
    pub offset: i64,
    /// Rows to return.
    pub limit: i64,
}

/// What the index holds for one post: its title's and body's index words.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchDocument {
    /// Index words of the title.
    pub title: String,
    /// Index words of the body text (at most [`MAX_INDEXED_WORDS`]).
    pub body: String,
}

impl SearchDocument {
    /// The document of a post with this title and rendered HTML.
    pub fn of(analyzer: &Analyzer, title: &str, html: &str) -> Self {
        Self {
            title: analyzer.words(title, MAX_INDEXED_WORDS),
            body: analyzer.words(&beitrag_markdown::strip_tags(html), MAX_INDEXED_WORDS),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn german_stems_and_folds_umlauts() {
        let de = Analyzer::new("de");
        assert_eq!(de.word("Führungskräfte"), de.word("Führungskraft"));
        assert_eq!(de.word("Führungskraft"), de.word("fuhrungskraft"));
        assert_eq!(de.word("Straße"), de.word("strasse"));
        assert_eq!(de.words("Die Häuser, die Häuser!", 10), "die haus die haus");
    }

    #[test]
    fn english_stems() {
        let en = Analyzer::new("en");
        assert_eq!(en.word("Communities"), en.word("community"));
        assert_eq!(en.word("running"), "run");
        assert_eq!(en.word("café"), "cafe");
    }

    #[test]
    fn other_languages_fold_without_stemming() {
        let xx = Analyzer::new("fr");
        assert_eq!(xx.word("Élèves"), "eleves");
        assert_eq!(xx.words("Привет, мир", 10), "привет мир");
    }

    #[test]
    fn documents_strip_markup_and_stop_at_the_limit() {
        let de = Analyzer::new("de");
        let doc = SearchDocument::of(&de, "Titel", "<p>Ein <em>kurzer</em> Text &amp; mehr</p>");
        assert_eq!(doc.title, "titel");
        assert_eq!(doc.body, de.words("Ein kurzer Text mehr", 10));
        let long = "wort ".repeat(MAX_INDEXED_WORDS + 10);
        let doc = SearchDocument::of(&de, "", &long);
        assert_eq!(doc.body.split(' ').count(), MAX_INDEXED_WORDS);
    }
}
