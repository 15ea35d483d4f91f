//! Tags and hierarchical categories (WordPress's terms and taxonomies).

use serde::{Deserialize, Serialize};

/// Primary key of a term.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct TermId(pub i64);

/// Which vocabulary a term belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Taxonomy {
    /// Flat keywords.
    Tag,
    /// Hierarchical sections.
    Category,
}

impl Taxonomy {
    /// Stored word.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Tag => "tag",
            Self::Category => "category",
        }
    }

    /// Parses the stored word.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "tag" => Some(Self::Tag),
            "category" => Some(Self::Category),
            _ => None,
        }
    }
}

/// A tag or category.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Term {
    /// Primary key.
    pub id: TermId,
    /// Tag or category.
    pub taxonomy: Taxonomy,
    /// URL slug, unique per taxonomy.
    pub slug: String,
    /// Name as written.
    pub name: String,
    /// Parent category; always `None` for tags.
    pub parent: Option<TermId>,
}
