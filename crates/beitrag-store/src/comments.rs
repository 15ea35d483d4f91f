//! Comments, linkbacks and fediverse replies (one table): storing,
//! finding, moderating and counting them.

use beitrag_core::model::{
    Comment, CommentFeedRow, CommentId, CommentKind, CommentStatus, NewComment, PostId,
};
use beitrag_core::store::{CommentFilter, CommentMove};
use chrono::{DateTime, Utc};
use sqlx::Row;

use crate::exec::{Db, dynamic, placeholders, query};
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
                " and ($2 is null or c.post_id = $2) order by c.created_at desc, c.id desc limit $3 + 0"
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

/// Whether a linkback from a page on `host` (any scheme or port) was ever
/// approved. Linkbacks are rare and rate-limited, so this reads the
/// approved linkbacks rather than keeping an index of hosts.
pub(crate) async fn known_source(db: &mut Db<'_>, host: &str) -> Result<bool, sqlx::Error> {
    let host = host
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    let mut q = query(
        "select 1 as hit from comments where status = 'approved' \
         and kind in ('trackback', 'pingback', 'webmention') \
         and (source_url like $1 escape '\\' or source_url like $2 escape '\\' \
         or source_url like $3 escape '\\' or source_url like $4 escape '\\') limit 1",
    );
    for scheme in ["http", "https"] {
        for end in ["/%", ":%"] {
            q = q.bind(format!("{scheme}://{host}{end}"));
        }
    }
    Ok(db.optional(q).await?.is_some())
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
                " order by c.created_at desc, c.id desc limit $3 + 0 offset $4"
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

/// A post's linkback of `kind` from `source`.
pub(crate) async fn by_source(
    db: &mut Db<'_>,
    post: PostId,
    kind: CommentKind,
    source: &str,
) -> Result<Option<Comment>, sqlx::Error> {
    let row = db
        .optional(
            query(concat!(
                "select ",
                comment_columns!(),
                " from comments c where c.post_id = $1 and c.kind = $2 and c.source_url = $3 order by c.id limit 1"
            ))
            .bind(post.0)
            .bind(kind.as_str())
            .bind(source.to_owned()),
        )
        .await?;
    row.as_ref().map(comment_from_row).transpose()
}

/// Updates what a linkback shows.
pub(crate) async fn update_linkback(
    db: &mut Db<'_>,
    id: CommentId,
    author_name: &str,
    author_url: &str,
    html: &str,
    source_title: &str,
) -> Result<(), sqlx::Error> {
    db.execute(
        query("update comments set author_name = $2, author_url = $3, html = $4, source_title = $5 where id = $1")
            .bind(id.0)
            .bind(author_name.to_owned())
            .bind(author_url.to_owned())
            .bind(html.to_owned())
            .bind(source_title.to_owned()),
    )
    .await?;
    Ok(())
}

/// Applies moderation moves: each response must still have the status it
/// was judged in (else `RowNotFound`, which rolls the batch back), then
/// gets its new status or is deleted, and the classifier is trained.
pub(crate) async fn moderate(db: &mut Db<'_>, moves: &[CommentMove]) -> Result<(), sqlx::Error> {
    for m in moves {
        let n = match m.to {
            Some(status) => {
                db.execute(
                    query("update comments set status = $2 where id = $1 and status = $3")
                        .bind(m.id.0)
                        .bind(status.as_str())
                        .bind(m.from.as_str()),
                )
                .await?
            }
            None => {
                db.execute(
                    query("delete from comments where id = $1 and status = $2")
                        .bind(m.id.0)
                        .bind(m.from.as_str()),
                )
                .await?
            }
        };
        if n == 0 {
            return Err(sqlx::Error::RowNotFound);
        }
        if m.spam != 0 || m.ham != 0 {
            crate::spam_tokens::train(db, &m.tokens, m.spam, m.ham).await?;
        }
    }
    Ok(())
}
