//! Comments, linkbacks and fediverse replies (one table).

use beitrag_core::model::Comment;
use beitrag_core::model::{CommentFeedRow, CommentId, NewComment, PostId};
use chrono::{DateTime, Utc};
use sqlx::Row;

use crate::exec::{Db, query};
use crate::rows::{comment_from_row, post_from_row, secs};
use crate::sql::{comment_columns, post_columns, visible};

/// Inserts a response.
pub(crate) async fn add(db: &mut Db<'_>, c: &NewComment) -> Result<CommentId, sqlx::Error> {
    let row = db
        .one(
            query(
                "insert into comments (post_id, parent_id, kind, status, author_name, author_email, \
                 author_url, html, source_url, source_title, author_ip, created_at, notify) \
                 values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) returning id",
            )
            .bind(c.post_id.0)
            .bind(c.parent.map(|p| p.0))
            .bind(c.kind.as_str())
            .bind(c.status.as_str())
            .bind(c.author_name.as_str())
            .bind(c.author_email.as_str())
            .bind(c.author_url.as_str())
            .bind(c.html.as_str())
            .bind(c.source_url.as_str())
            .bind(c.source_title.as_str())
            .bind(c.author_ip.as_str())
            .bind(secs(c.created_at))
            .bind(i64::from(c.notify)),
        )
        .await?;
    Ok(CommentId(row.try_get("id")?))
}

/// Approved responses of every kind to one post, oldest first.
pub(crate) async fn approved_of_post(
    db: &mut Db<'_>,
    post: PostId,
) -> Result<Vec<Comment>, sqlx::Error> {
    let rows = db
        .all(
            query(concat!(
                "select ",
                comment_columns!(),
                " from comments c where c.post_id = $1 and c.status = 'approved' order by c.created_at, c.id"
            ))
            .bind(post.0),
        )
        .await?;
    rows.iter().map(comment_from_row).collect()
}

/// The newest approved responses (of one post, or all) on posts visible at
/// `now`, each with its post, in one statement.
pub(crate) async fn recent(
    db: &mut Db<'_>,
    post: Option<PostId>,
    now: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<CommentFeedRow>, sqlx::Error> {
    let rows = db
        .all(
            query(concat!(
                "select ",
                comment_columns!(),
                ", ",
                post_columns!(),
                " from comments c join posts p on p.id = c.post_id where c.status = 'approved' and ",
                visible!("$1"),
                " and ($2 is null or c.post_id = $2) order by c.created_at desc, c.id desc limit $3"
            ))
            .bind(secs(now))
            .bind(post.map(|p| p.0))
            .bind(limit.max(0)),
        )
        .await?;
    rows.iter()
        .map(|row| {
            Ok(CommentFeedRow {
                comment: comment_from_row(row)?,
                post: post_from_row(row)?,
            })
        })
        .collect()
}
