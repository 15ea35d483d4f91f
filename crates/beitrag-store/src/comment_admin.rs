//! The moderation list of the API: responses filtered by status and post,
//! a page of them and the total.

use beitrag_core::model::{Comment, CommentStatus};
use beitrag_core::store::CommentFilter;
use sqlx::Row;

use crate::exec::{Db, query};
use crate::rows::comment_from_row;
use crate::sql::comment_columns;

/// Both filters are optional: a null parameter matches every row.
macro_rules! filtered {
    () => {
        " from comments c where ($1 is null or c.status = $1) and ($2 is null or c.post_id = $2)"
    };
}

/// A page of responses, newest first, and how many match in all (two
/// statements).
pub(crate) async fn page(
    db: &mut Db<'_>,
    f: &CommentFilter,
) -> Result<(Vec<Comment>, i64), sqlx::Error> {
    let status = f.status.map(CommentStatus::as_str);
    let post = f.post.map(|p| p.0);
    let total: i64 = db
        .one(
            query(concat!("select count(*) as total", filtered!()))
                .bind(status)
                .bind(post),
        )
        .await?
        .try_get("total")?;
    let rows = db
        .all(
            query(concat!(
                "select ",
                comment_columns!(),
                filtered!(),
                " order by c.created_at desc, c.id desc limit $3 offset $4"
            ))
            .bind(status)
            .bind(post)
            .bind(f.limit.max(0))
            .bind(f.offset.max(0)),
        )
        .await?;
    let items = rows
        .iter()
        .map(comment_from_row)
        .collect::<Result<_, _>>()?;
    Ok((items, total))
}
