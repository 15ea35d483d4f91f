//! Moderation queries and the spam classifier's token counts.

use beitrag_core::model::{Comment, CommentId, CommentStatus, PostId};
use beitrag_core::spam::Counts;
use sqlx::Row;

use crate::exec::{Db, dynamic, placeholders, query};
use crate::rows::comment_from_row;
use crate::sql::comment_columns;

/// One response by id.
pub(crate) async fn by_id(db: &mut Db<'_>, id: CommentId) -> Result<Option<Comment>, sqlx::Error> {
    let row = db
        .optional(
            query(concat!(
                "select ",
                comment_columns!(),
                " from comments c where c.id = $1"
            ))
            .bind(id.0),
        )
        .await?;
    row.as_ref().map(comment_from_row).transpose()
}

/// Responses by status, newest first.
pub(crate) async fn by_status(
    db: &mut Db<'_>,
    status: Option<CommentStatus>,
    limit: i64,
    offset: i64,
) -> Result<Vec<Comment>, sqlx::Error> {
    let rows = db
        .all(
            query(concat!(
                "select ",
                comment_columns!(),
                " from comments c where ($1 is null or c.status = $1) \
                 order by c.created_at desc, c.id desc limit $2 offset $3"
            ))
            .bind(status.map(CommentStatus::as_str))
            .bind(limit.max(0))
            .bind(offset.max(0)),
        )
        .await?;
    rows.iter().map(comment_from_row).collect()
}

/// Responses of a post among `ids`.
pub(crate) async fn of_post_by_ids(
    db: &mut Db<'_>,
    post: PostId,
    ids: &[CommentId],
) -> Result<Vec<Comment>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        concat!(
            "select ",
            comment_columns!(),
            " from comments c where c.post_id = $1 and c.id in ({}) order by c.created_at, c.id"
        ),
        placeholders(2, ids.len())
    );
    let mut q = dynamic(sql).bind(post.0);
    for id in ids {
        q = q.bind(id.0);
    }
    let rows = db.all(q).await?;
    rows.iter().map(comment_from_row).collect()
}

/// Sets the status of responses.
pub(crate) async fn set_status(
    db: &mut Db<'_>,
    ids: &[CommentId],
    status: CommentStatus,
) -> Result<u64, sqlx::Error> {
    if ids.is_empty() {
        return Ok(0);
    }
    let sql = format!(
        "update comments set status = $1 where id in ({})",
        placeholders(2, ids.len())
    );
    let mut q = dynamic(sql).bind(status.as_str());
    for id in ids {
        q = q.bind(id.0);
    }
    db.execute(q).await
}

/// Deletes responses.
pub(crate) async fn delete(db: &mut Db<'_>, ids: &[CommentId]) -> Result<u64, sqlx::Error> {
    if ids.is_empty() {
        return Ok(0);
    }
    let sql = format!(
        "delete from comments where id in ({})",
        placeholders(1, ids.len())
    );
    let mut q = dynamic(sql);
    for id in ids {
        q = q.bind(id.0);
    }
    db.execute(q).await
}

/// Whether an email address has an approved comment.
pub(crate) async fn known(db: &mut Db<'_>, email: &str) -> Result<bool, sqlx::Error> {
    let row = db
        .optional(
            query("select 1 as hit from comments where author_email = $1 and status = 'approved' and kind = 'comment' limit 1")
                .bind(email.to_owned()),
        )
        .await?;
    Ok(row.is_some())
}

/// Whether the post has this comment (same email and HTML) or a linkback
/// from this source already. Two statements rather than one with `or`, so
/// each uses its index instead of reading every comment of a busy post.
pub(crate) async fn duplicate(
    db: &mut Db<'_>,
    post: PostId,
    linkback: bool,
    sender: &str,
    html: &str,
) -> Result<bool, sqlx::Error> {
    if sender.is_empty() {
        return Ok(false);
    }
    let q = if linkback {
        query("select 1 as hit from comments where post_id = $1 and source_url = $2 and kind <> 'comment' limit 1")
            .bind(post.0)
            .bind(sender.to_owned())
    } else {
        query("select 1 as hit from comments where post_id = $1 and author_email = $2 and html = $3 and kind = 'comment' limit 1")
            .bind(post.0)
            .bind(sender.to_owned())
            .bind(html.to_owned())
    };
    Ok(db.optional(q).await?.is_some())
}

/// Token counts and totals.
pub(crate) async fn spam_counts(db: &mut Db<'_>, tokens: &[String]) -> Result<Counts, sqlx::Error> {
    let mut counts = Counts::default();
    // The totals row has the empty token; one statement fetches both.
    let mut all: Vec<&str> = vec![""];
    all.extend(tokens.iter().map(String::as_str));
    let sql = format!(
        "select token, spam, ham from spam_tokens where token in ({})",
        placeholders(1, all.len())
    );
    let mut q = dynamic(sql);
    for t in &all {
        q = q.bind((*t).to_owned());
    }
    for row in db.all(q).await? {
        let token: String = row.try_get("token")?;
        let (spam, ham): (i64, i64) = (row.try_get("spam")?, row.try_get("ham")?);
        if token.is_empty() {
            counts.spam_messages = spam;
            counts.ham_messages = ham;
        } else {
            counts.tokens.push((token, spam, ham));
        }
    }
    Ok(counts)
}

/// Adds to token counts and totals (never below zero).
pub(crate) async fn train(
    db: &mut Db<'_>,
    tokens: &[String],
    spam: i64,
    ham: i64,
) -> Result<(), sqlx::Error> {
    for token in std::iter::once("").chain(tokens.iter().map(String::as_str)) {
        db.execute(
            query(
                "insert into spam_tokens (token, spam, ham) values ($1, $2, $3) \
                 on conflict (token) do update set \
                 spam = case when spam_tokens.spam + $4 < 0 then 0 else spam_tokens.spam + $4 end, \
                 ham = case when spam_tokens.ham + $5 < 0 then 0 else spam_tokens.ham + $5 end",
            )
            .bind(token.to_owned())
            .bind(spam.max(0))
            .bind(ham.max(0))
            .bind(spam)
            .bind(ham),
        )
        .await?;
    }
    Ok(())
}

/// Every response with this email address.
pub(crate) async fn by_email(db: &mut Db<'_>, email: &str) -> Result<Vec<Comment>, sqlx::Error> {
    let rows = db
        .all(
            query(concat!(
                "select ",
                comment_columns!(),
                " from comments c where lower(c.author_email) = lower($1) order by c.id"
            ))
            .bind(email.to_owned()),
        )
        .await?;
    rows.iter().map(comment_from_row).collect()
}

/// Blanks addresses older than `before` (seconds).
pub(crate) async fn purge_ips(db: &mut Db<'_>, before: i64) -> Result<u64, sqlx::Error> {
    db.execute(
        query("update comments set author_ip = '' where author_ip <> '' and created_at < $1")
            .bind(before),
    )
    .await
}

/// Turns reply notifications of a comment on or off.
pub(crate) async fn set_notify(
    db: &mut Db<'_>,
    id: CommentId,
    on: bool,
) -> Result<u64, sqlx::Error> {
    db.execute(
        query("update comments set notify = $2 where id = $1")
            .bind(id.0)
            .bind(i64::from(on)),
    )
    .await
}

/// Responses per status, in one grouped count.
pub(crate) async fn counts(db: &mut Db<'_>) -> Result<Vec<(CommentStatus, i64)>, sqlx::Error> {
    let rows = db
        .all(query(
            "select status, count(*) as n from comments group by status order by status",
        ))
        .await?;
    rows.iter()
        .map(|r| {
            let s: String = r.try_get("status")?;
            let status = CommentStatus::parse(&s)
                .ok_or_else(|| sqlx::Error::Decode(format!("status: unknown word `{s}`").into()))?;
            Ok((status, r.try_get("n")?))
        })
        .collect()
}
