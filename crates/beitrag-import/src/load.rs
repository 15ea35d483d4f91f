//! The loader: pushes parsed files through the core post service, all or
//! nothing, and maps a failure back to the file and line it came from.

use std::path::{Path, PathBuf};

use beitrag_core::model::{OpenClosed, PostKind, PostStatus, Role};
use beitrag_core::service::post::{PostInput, prepare_posts, save_batch};
use beitrag_core::{Actor, Core};
use chrono::Utc;

use crate::{
    ImportError, Kind, OpenClosed as FileOpenClosed, PostFile, Status, collect_files, read_post,
};

/// What an import run did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportSummary {
    /// Files read, in import order.
    pub files: Vec<PathBuf>,
    /// Whether anything was written.
    pub written: bool,
    /// Ids of the stored posts, in file order (empty on a dry run).
    pub ids: Vec<beitrag_core::model::PostId>,
}

fn open_closed(v: Option<FileOpenClosed>) -> Option<OpenClosed> {
    v.map(|v| match v {
        FileOpenClosed::Open => OpenClosed::Open,
        FileOpenClosed::Closed => OpenClosed::Closed,
    })
}

fn input(file: PostFile, default_author: &str) -> PostInput {
    let status = match file.status {
        Some(Status::Draft) => PostStatus::Draft,
        Some(Status::Scheduled) => PostStatus::Scheduled,
        Some(Status::Private) => PostStatus::Private,
        Some(Status::Pending) => PostStatus::Pending,
        Some(Status::Published) | None => PostStatus::Published,
    };
    PostInput {
        id: None,
        kind: match file.kind {
            Some(Kind::Page) => PostKind::Page,
            Some(Kind::Post) | None => PostKind::Post,
        },
        status,
        title: file.title,
        slug: file.slug,
        source: file.body,
        format: file
            .format
            .unwrap_or(beitrag_core::model::SourceFormat::Markdown),
        excerpt: file.excerpt.unwrap_or_default(),
        author: file.author.unwrap_or_else(|| default_author.to_owned()),
        published_at: file.date.map(|d| d.with_timezone(&Utc)),
        updated_at: file.updated.map(|d| d.with_timezone(&Utc)),
        comment_status: open_closed(file.comments),
        ping_status: open_closed(file.pings),
        sticky: file.sticky.unwrap_or(false),
        trackbacks: file.trackbacks,
        tags: file.tags,
        categories: file.categories,
        featured_media: None,
    }
}

/// Line of the front matter key a core validation error is about.
fn line_for(path: &Path, field: &str) -> usize {
    let key = match field {
        "body" => return 1,
        "date" => "date",
        other => other,
    };
    std::fs::read_to_string(path)
        .ok()
        .and_then(|text| crate::parse::key_line(&text, key))
        .unwrap_or(1)
}

/// Imports Markdown files and directories as the import actor. Every file
/// is parsed and every post validated before anything is written; then all
/// posts are stored in one transaction through `post::save_batch`, with the
/// side effects of any save (scheduled publication, change events; outgoing
/// linkbacks when `send_linkbacks`). Posts without `author` go to the first
/// administrator.
pub async fn import(
    core: &Core,
    inputs: &[PathBuf],
    dry_run: bool,
    send_linkbacks: bool,
) -> Result<ImportSummary, ImportError> {
    let store = core.read();
    let files = collect_files(inputs)?;
    let whole = |message: String| ImportError {
        file: PathBuf::from(inputs.first().map_or(Path::new("."), |p| p.as_path())),
        line: 0,
        message,
    };
    let users = store
        .users()
        .await
        .map_err(|e| whole(format!("cannot read users: {e}")))?;
    let default_author = users
        .iter()
        .find(|u| u.role == Role::Administrator)
        .or(users.first())
        .map(|u| u.login.clone())
        .ok_or_else(|| whole("no users exist yet; add one with `beitrag user add`".into()))?;
    let mut posts = Vec::with_capacity(files.len());
    let mut responses = Vec::with_capacity(files.len());
    for path in &files {
        posts.push(input(read_post(path)?, &default_author));
        // Read (and so checked) before anything is written.
        responses.push(crate::sidecar::read(path)?);
    }
    let result = if dry_run {
        prepare_posts(store, &Actor::Import, posts)
            .await
            .map(|_| Vec::new())
    } else {
        save_batch(core, &Actor::Import, posts, send_linkbacks).await
    };
    let ids = result.map_err(|e| {
        let file = files.get(e.index).cloned().unwrap_or_default();
        let line = match &e.error {
            beitrag_core::Error::Invalid { field, .. } => line_for(&file, field),
            beitrag_core::Error::SlugTaken(_) => line_for(&file, "slug"),
            _ => 0,
        };
        ImportError {
            file,
            line,
            message: e.error.to_string(),
        }
    })?;
    // The posts are in; their responses follow, found again by their ids
    // on a second run.
    for ((id, list), file) in ids.iter().zip(&responses).zip(&files) {
        if list.is_empty() {
            continue;
        }
        beitrag_core::service::import::responses(core, &Actor::Import, "markdown", *id, list)
            .await
            .map_err(|e| ImportError::new(crate::sidecar::path_of(file), 0, e.to_string()))?;
    }
    Ok(ImportSummary {
        files,
        written: !dry_run,
        ids,
    })
}
