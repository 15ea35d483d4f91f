//! A post's responses beside its Markdown file: `posts/<slug>.md` has
//! `posts/<slug>.comments.json`, a JSON array written by `export markdown`
//! and read back by `import markdown`, so comments, trackbacks and
//! pingbacks survive the round trip with their threads and status.

use std::path::{Path, PathBuf};

use beitrag_core::model::{Comment, CommentKind, CommentStatus, PostId};
use beitrag_core::service::import::ResponseInput;
use beitrag_core::store::{CommentFilter, Reads};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::ImportError;

/// Largest sidecar read: the responses of one post.
const MAX_SIDECAR: u64 = 64 * 1024 * 1024;
const PAGE: i64 = 1000;

/// One response as the sidecar holds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    id: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    parent: Option<i64>,
    kind: CommentKind,
    status: CommentStatus,
    author: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    url: String,
    html: String,
    date: DateTime<Utc>,
}

/// The sidecar of a Markdown file.
pub(crate) fn path_of(markdown: &Path) -> PathBuf {
    markdown.with_extension("comments.json")
}

/// Writes the responses of `post` beside `markdown` (no file when it has none).
pub(crate) async fn write(
    store: &dyn Reads,
    post: PostId,
    markdown: &Path,
) -> Result<(), ImportError> {
    let fail = |m: String| ImportError::new(markdown, 0, m);
    let mut all: Vec<Comment> = Vec::new();
    loop {
        let (page, _) = store
            .comments_page(&CommentFilter {
                status: None,
                post: Some(post),
                offset: all.len() as i64,
                limit: PAGE,
            })
            .await
            .map_err(|e| fail(format!("cannot read responses: {e}")))?;
        let done = (page.len() as i64) < PAGE;
        all.extend(page);
        if done {
            break;
        }
    }
    if all.is_empty() {
        return Ok(());
    }
    all.sort_by_key(|c| (c.created_at, c.id));
    // Numbered within the post, so the same post always writes the same
    // file, whatever ids another blog gave its responses.
    let number: std::collections::HashMap<i64, i64> =
        all.iter().zip(1..).map(|(c, n)| (c.id.0, n)).collect();
    let entries: Vec<Entry> = all
        .into_iter()
        .map(|c| Entry {
            url: c.wordpress_url().to_owned(),
            id: number.get(&c.id.0).copied().unwrap_or_default(),
            parent: c.parent.and_then(|p| number.get(&p.0).copied()),
            kind: c.kind,
            status: c.status,
            author: c.author_name,
            email: c.author_email,
            html: c.html,
            date: c.created_at,
        })
        .collect();
    let path = path_of(markdown);
    let text = serde_json::to_string_pretty(&entries).map_err(|e| fail(e.to_string()))?;
    std::fs::write(&path, text + "\n")
        .map_err(|e| ImportError::new(&path, 0, format!("cannot write: {e}")))
}

/// The responses in the sidecar of `markdown`, if it has one; a broken
/// sidecar is an error naming its line.
pub(crate) fn read(markdown: &Path) -> Result<Vec<ResponseInput>, ImportError> {
    let path = path_of(markdown);
    let Ok(meta) = std::fs::metadata(&path) else {
        return Ok(Vec::new());
    };
    if meta.len() > MAX_SIDECAR {
        return Err(ImportError::new(
            &path,
            0,
            format!("larger than {} MiB", MAX_SIDECAR >> 20),
        ));
    }
    let text = std::fs::read(&path)
        .map_err(|e| ImportError::new(&path, 0, format!("cannot read: {e}")))?;
    let entries: Vec<Entry> = serde_json::from_slice(&text)
        .map_err(|e| ImportError::new(&path, e.line(), e.to_string()))?;
    // Numbers count within one file: the file names them for the origin
    // table, which is one for the whole import.
    let stem = markdown
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let folder = markdown
        .parent()
        .and_then(Path::file_name)
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let key = |n: i64| format!("{folder}/{stem}#{n}");
    Ok(entries
        .into_iter()
        .map(|e| ResponseInput {
            external_id: key(e.id),
            parent: e.parent.map(key),
            kind: e.kind,
            status: e.status,
            author_name: e.author,
            author_email: e.email,
            author_url: e.url,
            author_ip: String::new(),
            html: e.html,
            created_at: e.date,
        })
        .collect())
}
