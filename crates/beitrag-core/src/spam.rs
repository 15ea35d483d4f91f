//! A naive Bayes spam classifier over words and metadata, trained from
//! every moderator decision: no cloud service, nothing leaves the server.
//!
//! Scoring follows Paul Graham's "A Plan for Spam" with Gary Robinson's
//! smoothing of rare tokens: the most telling tokens of a message are
//! combined into one probability. Counting happens in the store; this
//! module is pure.

use std::collections::BTreeSet;

/// Token counts as stored: how often a token appeared in spam and in ham,
/// and how many spam and ham messages were trained in all.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Counts {
    /// `(token, spam, ham)` for the tokens asked about that are known.
    pub tokens: Vec<(String, i64, i64)>,
    /// Messages trained as spam.
    pub spam_messages: i64,
    /// Messages trained as ham.
    pub ham_messages: i64,
}

/// The parts of a message the classifier reads.
#[derive(Debug, Clone, Default)]
pub struct Message<'a> {
    /// Author name.
    pub author: &'a str,
    /// Author email.
    pub email: &'a str,
    /// Author website.
    pub url: &'a str,
    /// The text as submitted.
    pub text: &'a str,
    /// Number of links in the text.
    pub links: usize,
}

/// Tokens counted per message (at most one each, so a repeated word does
/// not outweigh the rest). Lowercase words of 3 to 30 characters, plus
/// metadata tokens for the email and website domains and the link count.
pub fn tokens(m: &Message<'_>) -> Vec<String> {
    let mut out = BTreeSet::new();
    for word in m
        .text
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '$' && c != '€')
        .chain(m.author.split_whitespace())
    {
        let w = word.trim_matches('\'').to_lowercase();
        if (3..=30).contains(&w.chars().count()) {
            out.insert(w);
        }
    }
    if let Some((_, domain)) = m.email.rsplit_once('@') {
        out.insert(format!("email:{}", domain.to_lowercase()));
    }
    if let Some(host) = host_of(m.url) {
        out.insert(format!("url:{host}"));
    }
    out.insert(format!("links:{}", m.links.min(5)));
    out.into_iter().take(500).collect()
}

/// Lowercase host of an http(s) URL.
pub fn host_of(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let host = rest.split(['/', '?', '#']).next()?.rsplit('@').next()?;
    let host = host.split(':').next()?.to_lowercase();
    (!host.is_empty()).then_some(host)
}

/// Probability in `[0, 1]` that the message is spam; 0.5 when nothing is
/// known yet.
pub fn score(counts: &Counts) -> f64 {
    let spam_n = counts.spam_messages.max(1) as f64;
    let ham_n = counts.ham_messages.max(1) as f64;
    // Robinson's f(w): a rare token is pulled towards the neutral 0.5.
    const STRENGTH: f64 = 1.0;
    const NEUTRAL: f64 = 0.5;
    let mut probs: Vec<f64> = counts
        .tokens
        .iter()
        .map(|(_, s, h)| {
            let (s, h) = ((*s).max(0) as f64, (*h).max(0) as f64);
            let in_spam = (s / spam_n).min(1.0);
            let in_ham = (h / ham_n).min(1.0);
            let p = if in_spam + in_ham == 0.0 {
                NEUTRAL
            } else {
                in_spam / (in_spam + in_ham)
            };
            let n = s + h;
            ((STRENGTH * NEUTRAL + n * p) / (STRENGTH + n)).clamp(0.01, 0.99)
        })
        .collect();
    // The 15 most telling tokens decide.
    probs.sort_by(|a, b| (b - 0.5).abs().total_cmp(&(a - 0.5).abs()));
    probs.truncate(15);
    if probs.is_empty() {
        return NEUTRAL;
    }
    let (mut log_spam, mut log_ham) = (0.0, 0.0);
    for p in probs {
        log_spam += p.ln();
        log_ham += (1.0 - p).ln();
    }
    1.0 / (1.0 + (log_ham - log_spam).exp())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(tokens: &[(&str, i64, i64)], spam: i64, ham: i64) -> Counts {
        Counts {
            tokens: tokens
                .iter()
                .map(|(t, s, h)| ((*t).to_owned(), *s, *h))
                .collect(),
            spam_messages: spam,
            ham_messages: ham,
        }
    }

    #[test]
    fn is_neutral_when_untrained() {
        assert!((score(&Counts::default()) - 0.5).abs() < 1e-9);
    }

    #[test]
    fn scores_high_when_tokens_are_spammy() {
        let c = counts(
            &[("viagra", 40, 0), ("cheap", 30, 1), ("links:5", 35, 2)],
            50,
            50,
        );
        assert!(score(&c) > 0.95, "{}", score(&c));
        let c = counts(&[("moderation", 0, 30), ("community", 1, 40)], 50, 50);
        assert!(score(&c) < 0.05, "{}", score(&c));
    }

    #[test]
    fn tokenises_words_and_metadata_when_given_a_message() {
        let t = tokens(&Message {
            author: "Anna",
            email: "a@Example.org",
            url: "https://Blog.example/x",
            text: "Great post! Great post.",
            links: 7,
        });
        assert!(t.contains(&"great".to_owned()));
        assert!(t.contains(&"email:example.org".to_owned()));
        assert!(t.contains(&"url:blog.example".to_owned()));
        assert!(t.contains(&"links:5".to_owned()));
        assert_eq!(t.iter().filter(|x| *x == "great").count(), 1);
    }
}
