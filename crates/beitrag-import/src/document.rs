//! The in-memory form of an imported post and its small enumerations.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

/// A blog post as read from (or written to) a Markdown file with front matter.
///
/// Field order here is the key order used by [`write_post`](crate::write_post).
#[derive(Debug, Clone, PartialEq)]
pub struct PostFile {
    /// Title; required and non-empty after trimming.
    pub title: String,
    /// URL slug; derived from the title by the importer when `None`.
    pub slug: Option<String>,
    /// Publication date with its UTC offset.
    pub date: Option<DateTime<FixedOffset>>,
    /// Date of the last update with its UTC offset.
    pub updated: Option<DateTime<FixedOffset>>,
    /// Login of the author.
    pub author: Option<String>,
    /// Tags, in file order.
    pub tags: Vec<String>,
    /// Categories as hierarchical paths such as `Social Media/Strategie`.
    pub categories: Vec<String>,
    /// Publication status.
    pub status: Option<Status>,
    /// Whether comments are open.
    pub comments: Option<OpenClosed>,
    /// Whether pingbacks/trackbacks are open.
    pub pings: Option<OpenClosed>,
    /// Hand-written excerpt (Markdown), possibly several lines long.
    pub excerpt: Option<String>,
    /// Post or page (front matter key `type`); `None` means post.
    pub kind: Option<Kind>,
    /// Whether the post sticks to the top of listings.
    pub sticky: Option<bool>,
    /// URLs to send a TrackBack ping to when the post is published.
    pub trackbacks: Vec<String>,
    /// What the body is written in; `None` means Markdown (HTML for posts
    /// brought from WordPress or Ghost, written as `format = "html"`).
    pub format: Option<beitrag_core::model::SourceFormat>,
    /// Markdown after the closing fence, without the empty line(s) directly
    /// after the fence, otherwise byte-exact.
    pub body: String,
}

/// Publication status of a post.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Not published yet.
    Draft,
    /// Waiting for an editor's review.
    Pending,
    /// Publicly visible.
    Published,
    /// Becomes visible at its date.
    Scheduled,
    /// Visible to logged-in users only.
    Private,
}

impl Status {
    /// The front matter spelling (`draft`, `published`, `scheduled`, `private`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Pending => "pending",
            Self::Published => "published",
            Self::Scheduled => "scheduled",
            Self::Private => "private",
        }
    }
}

/// Whether comments or pings are accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OpenClosed {
    /// Accepted.
    Open,
    /// Not accepted.
    Closed,
}

impl OpenClosed {
    /// The front matter spelling (`open`, `closed`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Closed => "closed",
        }
    }
}

/// Kind of content (front matter key `type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A dated blog post.
    Post,
    /// A static page.
    Page,
}

impl Kind {
    /// The front matter spelling (`post`, `page`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Post => "post",
            Self::Page => "page",
        }
    }
}

/// The language of a front matter block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FrontMatterFormat {
    /// TOML between `+++` lines (Zola, Hugo).
    Toml,
    /// YAML between `---` lines (Jekyll, Hugo).
    Yaml,
}

impl FrontMatterFormat {
    /// The fence line that opens and closes this kind of front matter.
    pub fn fence(self) -> &'static str {
        match self {
            Self::Toml => "+++",
            Self::Yaml => "---",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn as_str_matches_serde_name_when_serialized() {
        let statuses = [
            Status::Draft,
            Status::Published,
            Status::Scheduled,
            Status::Private,
        ];
        for s in statuses {
            let yaml = serde_yaml_ng::to_string(&s).unwrap_or_default();
            assert_eq!(yaml.trim(), s.as_str());
        }
        for o in [OpenClosed::Open, OpenClosed::Closed] {
            let yaml = serde_yaml_ng::to_string(&o).unwrap_or_default();
            assert_eq!(yaml.trim(), o.as_str());
        }
        for k in [Kind::Post, Kind::Page] {
            let yaml = serde_yaml_ng::to_string(&k).unwrap_or_default();
            assert_eq!(yaml.trim(), k.as_str());
        }
    }
}
