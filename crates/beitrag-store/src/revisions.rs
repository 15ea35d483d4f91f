//! Revisions: every saved version of a post, for diffs and restoring.

use beitrag_core::model::{PostId, Revision, RevisionId, RevisionInfo, UserId};
use chrono::{DateTime, Utc};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::exec::{Db, query};

fn time(r: &AnyRow) -> Result<DateTime<Utc>, sqlx::Error> {
    let at: i64 = r.try_get("saved_at")?;
    DateTime::from_timestamp(at, 0)
        .ok_or_else(|| sqlx::Error::Decode(format!("saved_at: {at} out of range").into()))
}

fn revision_from_row(r: &AnyRow) -> Result<Revision, sqlx::Error> {
    Ok(Revision {
        id: RevisionId(r.try_get("id")?),
        post_id: PostId(r.try_get("post_id")?),
        author_id: UserId(r.try_get("author_id")?),
        title: r.try_get("title")?,
        source: r.try_get("source")?,
        excerpt: r.try_get("excerpt")?,
        saved_at: time(r)?,
    })
}

/// Keeps the version just written.
pub(crate) async fn add_revision(
    db: &mut Db<'_>,
    post: PostId,
    w: &beitrag_core::model::PostWrite,
) -> Result<(), sqlx::Error> {
    db.execute(
        query(
            "insert into revisions (post_id, author_id, title, source, excerpt, saved_at) \
             values ($1, $2, $3, $4, $5, $6)",
        )
        .bind(post.0)
        .bind(w.saved_by.0)
        .bind(w.title.as_str())
        .bind(w.source.as_str())
        .bind(w.excerpt.as_str())
        .bind(crate::rows::secs(w.updated_at)),
    )
    .await
    .map(drop)
}

/// The newest revision's id.
pub(crate) async fn latest_revision(
    db: &mut Db<'_>,
    post: PostId,
) -> Result<Option<RevisionId>, sqlx::Error> {
    let row = db
        .one(query("select max(id) as id from revisions where post_id = $1").bind(post.0))
        .await?;
    Ok(row.try_get::<Option<i64>, _>("id")?.map(RevisionId))
}

/// A post's revisions, oldest first.
pub(crate) async fn revisions(db: &mut Db<'_>, post: PostId) -> Result<Vec<Revision>, sqlx::Error> {
    let rows = db
        .all(
            query(
                "select id, post_id, author_id, title, source, excerpt, saved_at from revisions \
                 where post_id = $1 order by id",
            )
            .bind(post.0),
        )
        .await?;
    rows.iter().map(revision_from_row).collect()
}

/// A post's revisions without their texts, oldest first (lists).
pub(crate) async fn list(db: &mut Db<'_>, post: PostId) -> Result<Vec<RevisionInfo>, sqlx::Error> {
    let rows = db
        .all(
            query(
                "select id, post_id, author_id, title, saved_at from revisions \
                 where post_id = $1 order by id",
            )
            .bind(post.0),
        )
        .await?;
    rows.iter()
        .map(|r| {
            Ok(RevisionInfo {
                id: RevisionId(r.try_get("id")?),
                post_id: PostId(r.try_get("post_id")?),
                author_id: UserId(r.try_get("author_id")?),
                title: r.try_get("title")?,
                saved_at: time(r)?,
            })
        })
        .collect()
}

/// One revision with its texts.
pub(crate) async fn by_id(
    db: &mut Db<'_>,
    id: RevisionId,
) -> Result<Option<Revision>, sqlx::Error> {
    let row = db
        .optional(
            query(
                "select id, post_id, author_id, title, source, excerpt, saved_at from revisions \
                 where id = $1",
            )
            .bind(id.0),
        )
        .await?;
    row.as_ref().map(revision_from_row).transpose()
}
