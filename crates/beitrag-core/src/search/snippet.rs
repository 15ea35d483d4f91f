//! Result snippets: the words around the first match, matches marked. Built
//! from the post's own text rather than the index, which holds stems.

use super::{Analyzer, MAX_INDEXED_WORDS, SearchExpr, tokens};

/// A piece of a snippet: plain text, or a matching word to highlight. The
/// theme escapes both; nothing here is HTML.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Segment {
    /// The text as written.
    pub text: String,
    /// A matching word.
    pub hit: bool,
}

/// Words of context before the first match.
const LEAD: usize = 8;

pub(super) fn snippet(
    analyzer: &Analyzer,
    text: &str,
    expr: &SearchExpr,
    max_words: usize,
) -> Vec<Segment> {
    let all: Vec<(usize, &str)> = tokens(text).take(MAX_INDEXED_WORDS).collect();
    if all.is_empty() || max_words == 0 {
        return Vec::new();
    }
    // Words are stemmed only up to the first match and within the window
    // shown: stemming every word of every result was a good part of a
    // search's time, and of a long post's far more.
    let hit = |t: &str| expr.hits(&analyzer.word(t), &analyzer.prefix(t));
    let first = all.iter().position(|(_, t)| hit(t)).unwrap_or(0);
    let start = first.saturating_sub(LEAD);
    let end = (start + max_words).min(all.len());
    let mut out = Vec::new();
    let mut push = |text: &str, marked: bool| {
        if text.is_empty() {
            return;
        }
        match out.last_mut() {
            Some(Segment {
                text: last,
                hit: false,
            }) if !marked => last.push_str(text),
            _ => out.push(Segment {
                text: text.to_owned(),
                hit: marked,
            }),
        }
    };
    if start > 0 {
        push("… ", false);
    }
    let mut at = all[start].0;
    for &(from, token) in &all[start..end] {
        push(&text[at..from], false);
        push(token, hit(token));
        at = from + token.len();
    }
    if end < all.len() {
        push(" …", false);
    } else {
        push(text[at..].trim_end(), false);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(segments: &[Segment]) -> String {
        segments
            .iter()
            .map(|s| {
                if s.hit {
                    format!("[{}]", s.text)
                } else {
                    s.text.clone()
                }
            })
            .collect()
    }

    #[test]
    fn marks_matches_around_the_first() {
        let de = Analyzer::new("de");
        let text = "Eins zwei drei vier fünf sechs sieben acht neun zehn elf. \
                    Neue Führungskräfte kommen, und die Führungskraft geht.";
        let expr = de.parse("Führungskraft").unwrap();
        assert_eq!(
            marked(&de.snippet(text, &expr, 12)),
            "… fünf sechs sieben acht neun zehn elf. Neue [Führungskräfte] kommen, und die …"
        );
        let expr = de.parse("führ*").unwrap();
        assert_eq!(
            marked(&de.snippet("Die Führung führt.", &expr, 30)),
            "Die [Führung] [führt]."
        );
    }

    #[test]
    fn without_a_match_the_beginning() {
        let en = Analyzer::new("en");
        let expr = en.parse("absent").unwrap();
        assert_eq!(marked(&en.snippet("one two three", &expr, 2)), "one two …");
        assert!(en.snippet("", &expr, 5).is_empty());
    }
}
