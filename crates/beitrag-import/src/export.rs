//! Export: every post and page as a Markdown file with TOML front matter,
//! `posts/<slug>.md` and `pages/<slug>.md`, its responses beside it in
//! `<slug>.comments.json`, so that importing the folder into an empty blog
//! gives the same content back.

use std::path::{Path, PathBuf};

use beitrag_core::Settings;
use beitrag_core::model::{OpenClosed, PostKind, PostStatus, SourceFormat, Taxonomy};
use beitrag_core::service::links::Directory;
use beitrag_core::store::Reads;

use crate::{ImportError, Kind, OpenClosed as FileOpenClosed, PostFile, Status, write_post};

fn file_open_closed(v: OpenClosed) -> FileOpenClosed {
    match v {
        OpenClosed::Open => FileOpenClosed::Open,
        OpenClosed::Closed => FileOpenClosed::Closed,
    }
}

/// Writes every post and page under `dir` and returns the files written.
pub async fn export(
    store: &dyn Reads,
    settings: &Settings,
    dir: &Path,
) -> Result<Vec<PathBuf>, ImportError> {
    let fail = |file: &Path, message: String| ImportError {
        file: file.to_path_buf(),
        line: 0,
        message,
    };
    let posts = store
        .all_posts()
        .await
        .map_err(|e| fail(dir, format!("cannot read posts: {e}")))?;
    let directory = Directory::new(
        store.terms().await.map_err(|e| fail(dir, e.to_string()))?,
        &[],
    );
    let mut written = Vec::with_capacity(posts.len());
    for entry in posts {
        let post = entry.post;
        let tz = settings.timezone;
        let file = PostFile {
            title: post.title,
            slug: Some(post.slug.clone()),
            date: post
                .published_at
                .map(|d| d.with_timezone(&tz).fixed_offset()),
            updated: Some(post.updated_at.with_timezone(&tz).fixed_offset()),
            author: Some(entry.author_login),
            tags: entry
                .terms
                .iter()
                .filter(|t| t.taxonomy == Taxonomy::Tag)
                .map(|t| t.name.clone())
                .collect(),
            categories: entry
                .terms
                .iter()
                .filter(|t| t.taxonomy == Taxonomy::Category)
                .map(|t| directory.category_names(t.id))
                .collect(),
            status: Some(match post.status {
                PostStatus::Draft => Status::Draft,
                PostStatus::Published => Status::Published,
                PostStatus::Scheduled => Status::Scheduled,
                PostStatus::Private => Status::Private,
                PostStatus::Pending => Status::Pending,
            }),
            comments: Some(file_open_closed(post.comment_status)),
            pings: Some(file_open_closed(post.ping_status)),
            excerpt: (!post.excerpt.is_empty()).then_some(post.excerpt),
            kind: Some(match post.kind {
                PostKind::Post => Kind::Post,
                PostKind::Page => Kind::Page,
            }),
            sticky: Some(post.sticky),
            trackbacks: post.trackbacks,
            format: (post.format == SourceFormat::Html).then_some(SourceFormat::Html),
            body: post.source,
        };
        let sub = dir.join(if post.kind == PostKind::Page {
            "pages"
        } else {
            "posts"
        });
        std::fs::create_dir_all(&sub)
            .map_err(|e| fail(&sub, format!("cannot create directory: {e}")))?;
        let path = sub.join(format!("{}.md", post.slug));
        std::fs::write(&path, write_post(&file))
            .map_err(|e| fail(&path, format!("cannot write: {e}")))?;
        crate::sidecar::write(store, post.id, &path).await?;
        written.push(path);
    }
    Ok(written)
}
