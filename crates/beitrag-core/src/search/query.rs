//! Search queries as readers type them: words (all must occur, each
//! stemmed), `"phrases in quotes"` (these words in this order) and
//! `prefix*` (any word that begins so). A word that holds punctuation, such
//! as `E-Mail`, is the phrase of its parts, as the index saw it.

use super::{Analyzer, tokens};

/// Longer queries are refused rather than cut, so nobody is shown results
/// for words they did not ask for.
pub const MAX_QUERY_CHARS: usize = 200;
/// At most this many words, phrases and prefixes in one query.
pub const MAX_TERMS: usize = 12;
/// A shorter prefix would match most of the index.
const MIN_PREFIX_CHARS: usize = 2;

/// One condition of a query, in index words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SearchTerm {
    /// An index word.
    Word(String),
    /// The beginning of index words (folded, not stemmed).
    Prefix(String),
    /// Index words next to each other, in order.
    Phrase(Vec<String>),
}

/// A parsed query: every term must match. Empty when nothing searchable
/// was typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchExpr {
    /// The terms, in the order typed.
    pub terms: Vec<SearchTerm>,
}

impl SearchExpr {
    /// Nothing to look for.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Whether an index word satisfies one of the terms (for highlighting).
    pub(crate) fn hits(&self, word: &str, prefix_form: &str) -> bool {
        self.terms.iter().any(|t| match t {
            SearchTerm::Word(w) => w == word,
            SearchTerm::Prefix(p) => {
                prefix_form.starts_with(p.as_str()) || word.starts_with(p.as_str())
            }
            SearchTerm::Phrase(ws) => ws.iter().any(|w| w == word),
        })
    }
}

/// Why a query was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    /// More than [`MAX_QUERY_CHARS`] characters.
    #[error("the search is longer than {MAX_QUERY_CHARS} characters")]
    TooLong,
    /// More than [`MAX_TERMS`] terms.
    #[error("the search has more than {MAX_TERMS} words")]
    TooManyTerms,
}

pub(super) fn parse(analyzer: &Analyzer, input: &str) -> Result<SearchExpr, QueryError> {
    if input.chars().count() > MAX_QUERY_CHARS {
        return Err(QueryError::TooLong);
    }
    let mut terms = Vec::new();
    // Odd pieces between quotes are phrases; an unclosed quote runs to the end.
    for (i, piece) in input.split('"').enumerate() {
        if i % 2 == 1 {
            let words: Vec<String> = tokens(piece).map(|(_, t)| analyzer.word(t)).collect();
            push(&mut terms, words);
            continue;
        }
        for raw in piece.split_whitespace() {
            let parts: Vec<&str> = tokens(raw).map(|(_, t)| t).collect();
            match (raw.strip_suffix('*'), parts.as_slice()) {
                (Some(_), [only]) if only.chars().count() >= MIN_PREFIX_CHARS => {
                    terms.push(SearchTerm::Prefix(analyzer.prefix(only)));
                }
                _ => push(&mut terms, parts.iter().map(|t| analyzer.word(t)).collect()),
            }
        }
    }
    terms.dedup();
    if terms.len() > MAX_TERMS {
        return Err(QueryError::TooManyTerms);
    }
    Ok(SearchExpr { terms })
}

/// One word is a word; several are a phrase; none is nothing.
fn push(terms: &mut Vec<SearchTerm>, mut words: Vec<String>) {
    match words.len() {
        0 => {}
        1 => terms.extend(words.pop().map(SearchTerm::Word)),
        _ => terms.push(SearchTerm::Phrase(words)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_de(q: &str) -> Vec<SearchTerm> {
        Analyzer::new("de").parse(q).unwrap().terms
    }

    #[test]
    fn words_phrases_and_prefixes() {
        use SearchTerm::*;
        assert_eq!(
            parse_de(r#"Führungskräfte "soziale Medien" comm*"#),
            vec![
                Word("fuhrungskraft".into()),
                Phrase(vec!["sozial".into(), "medi".into()]),
                Prefix("comm".into())
            ]
        );
        assert_eq!(
            parse_de("E-Mail"),
            vec![Phrase(vec!["e".into(), "mail".into()])]
        );
        // An unclosed quote runs to the end; a one-letter prefix is a word.
        assert_eq!(
            parse_de(r#"a* "offen bleibt"#),
            vec![
                Word("a".into()),
                Phrase(vec!["off".into(), "bleibt".into()])
            ]
        );
    }

    #[test]
    fn nothing_searchable_is_empty() {
        assert!(parse_de("").is_empty());
        assert!(parse_de(r#" "" * -- ; "#).is_empty());
    }

    #[test]
    fn hostile_queries_are_refused_or_harmless() {
        let de = Analyzer::new("de");
        assert_eq!(de.parse(&"x".repeat(201)), Err(QueryError::TooLong));
        assert_eq!(
            de.parse(
                &(0..13)
                    .map(|i| format!("w{i}"))
                    .collect::<Vec<_>>()
                    .join(" ")
            ),
            Err(QueryError::TooManyTerms)
        );
        // Engine syntax is just punctuation: only letters and digits survive.
        assert_eq!(
            parse_de(r#"NEAR(a b) OR 'x' & !y:* "#),
            parse_de(r#""near a" b or x y"#)
        );
    }
}
