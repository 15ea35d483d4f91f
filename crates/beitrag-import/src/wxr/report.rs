//! What an import run did, told item by item and in totals.

use std::collections::BTreeMap;
use std::fmt;

use beitrag_core::model::PostKind;

/// Totals and everything that was left out, with reasons.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Whether this was a dry run (nothing written).
    pub dry_run: bool,
    /// Items in the file.
    pub items: u64,
    /// Posts imported now.
    pub posts: u64,
    /// Pages imported now.
    pub pages: u64,
    /// Items an earlier run imported (left as they are).
    pub unchanged: u64,
    /// Responses imported now, by kind (`comment`, `trackback`, `pingback`…).
    pub responses: BTreeMap<String, u64>,
    /// Attachments stored as media (`--fetch-media`), now or before.
    pub media: u64,
    /// Author accounts created now.
    pub authors_created: u64,
    /// Authors that already had an account here.
    pub authors_matched: u64,
    /// Items left out, by reason (post types, statuses…), with counts.
    pub skipped_by_reason: BTreeMap<String, u64>,
    /// Items left out because they are malformed or refused: line, what, why.
    pub skipped: Vec<Skipped>,
    /// Shortcodes left as text, with how many items use each.
    pub unknown_shortcodes: BTreeMap<String, u64>,
    /// Remarks about items that were imported (line, what).
    pub notes: Vec<(u64, String)>,
}

/// One item or response left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// Line of the item in the file.
    pub line: u64,
    /// The item (`post 12 "Hallo"`, `comment 7 of post 12`).
    pub what: String,
    /// Why.
    pub reason: String,
}

impl Report {
    pub(crate) fn imported(&mut self, kind: PostKind) {
        match kind {
            PostKind::Post => self.posts += 1,
            PostKind::Page => self.pages += 1,
        }
    }

    pub(crate) fn response(&mut self, kind: &str, n: u64) {
        if n > 0 {
            *self.responses.entry(kind.to_owned()).or_default() += n;
        }
    }

    pub(crate) fn skip(&mut self, line: u64, what: String, reason: String) {
        self.skipped.push(Skipped { line, what, reason });
    }

    /// Responses imported, of every kind.
    pub fn responses_total(&self) -> u64 {
        self.responses.values().sum()
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let verb = if self.dry_run {
            "would import"
        } else {
            "imported"
        };
        writeln!(
            f,
            "{} items read; {verb} {} posts, {} pages, {} responses; {} unchanged from an earlier run",
            self.items,
            self.posts,
            self.pages,
            self.responses_total(),
            self.unchanged
        )?;
        for (kind, n) in &self.responses {
            writeln!(f, "  {kind}: {n}")?;
        }
        writeln!(
            f,
            "authors: {} created, {} already here",
            self.authors_created, self.authors_matched
        )?;
        if self.media > 0 {
            writeln!(f, "media: {} attachments stored here", self.media)?;
        }
        for (reason, n) in &self.skipped_by_reason {
            writeln!(f, "left out: {n} × {reason}")?;
        }
        for s in &self.skipped {
            writeln!(f, "skipped at line {}: {}: {}", s.line, s.what, s.reason)?;
        }
        if !self.unknown_shortcodes.is_empty() {
            let list: Vec<String> = self
                .unknown_shortcodes
                .iter()
                .map(|(name, n)| format!("[{name}] ({n})"))
                .collect();
            writeln!(f, "shortcodes left as text: {}", list.join(", "))?;
        }
        for (line, note) in &self.notes {
            writeln!(f, "note at line {line}: {note}")?;
        }
        Ok(())
    }
}
