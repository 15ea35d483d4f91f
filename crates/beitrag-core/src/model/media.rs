//! Uploaded images and files (the bytes live in an object store).

use chrono::{DateTime, Utc};

use super::UserId;

/// Primary key of a media item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MediaId(pub i64);

/// A resized copy of an image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaVariant {
    /// Object path.
    pub path: String,
    /// Pixels.
    pub width: u32,
    /// Pixels.
    pub height: u32,
}

/// A stored upload.
#[derive(Debug, Clone, PartialEq)]
pub struct Media {
    /// Primary key.
    pub id: MediaId,
    /// Object path of the original, e.g. `2026/11/foto.jpg`; served at `/media/{path}`.
    pub path: String,
    /// The file name the uploader used.
    pub name: String,
    /// What an image shows, for readers who cannot see it; empty for
    /// documents and for images uploaded without one (API, imports).
    pub alt: String,
    /// Sniffed MIME type.
    pub mime: String,
    /// Bytes of the original.
    pub size: u64,
    /// Pixels, for images.
    pub width: Option<u32>,
    /// Pixels, for images.
    pub height: Option<u32>,
    /// Resized copies, narrowest first.
    pub variants: Vec<MediaVariant>,
    /// Who uploaded it.
    pub uploaded_by: UserId,
    /// When.
    pub created_at: DateTime<Utc>,
}

impl Media {
    /// Whether it is an image (only images have pixel sizes).
    pub fn is_image(&self) -> bool {
        self.width.is_some()
    }

    /// Where it is served, relative to the site.
    pub fn url(&self) -> String {
        format!("/media/{}", self.path)
    }

    /// The Markdown that shows it in a post: an image described by its alt
    /// text (never the file name, which says nothing to a reader who cannot
    /// see it), or a link to a document named by its file name. Brackets
    /// and line breaks would end the label.
    pub fn markdown(&self) -> String {
        let label = |s: &str| -> String {
            s.chars()
                .filter(|c| !matches!(c, '[' | ']' | '\n' | '\r'))
                .collect()
        };
        if self.is_image() {
            format!("![{}]({})", label(&self.alt), self.url())
        } else {
            format!("[{}]({})", label(&self.name), self.url())
        }
    }
}
