//! The single-post page on SQLite in one batch of statements.
//!
//! SQLite runs each connection on a thread of its own, and every statement
//! is a hand-off to it and back: two context switches, which on an
//! uncached post page cost more than the statements themselves. So the
//! page's three statements go to SQLite as one text: the post with its
//! neighbours, its terms, and its first comment page. The comments are
//! read before the post's counts are known, as page 1, which is the page
//! the post's URL shows unless it has more than one page of comments
//! (newest first) — those pages are read again afterwards. PostgreSQL
//! takes one statement per message with bound values, so it keeps the
//! three statements of `posts::page`.

use beitrag_core::comment_page::CommentPaging;
use beitrag_core::model::{Comment, PostKey, PostPage};
use chrono::{DateTime, Utc};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::comment_pages::{MAX_DEPTH, MAX_ROWS, page_sql as comments_sql};
use crate::exec::{Db, query};
use crate::posts::{Found, key_values, page_sql as post_sql};
use crate::rows::{comment_from_row, secs, term_from_row};
use crate::sql::{card_columns, term_columns, visible};

/// The batch for the post that `$find` picks (`$1` kind, `$2` slug, `$3`
/// id, visible at `$4`): the page statement, its terms (`role` `term`), and
/// its first `$5` threads and linkbacks, at most `$7` rows, replies at most
/// `$6` deep.
macro_rules! batch_sql {
    ($find:literal) => {
        concat!(
            post_sql!($find),
            "; select 'term' as role, ",
            term_columns!(),
            " from post_terms pt join terms t on t.id = pt.term_id where pt.post_id = ",
            current!($find),
            " order by t.taxonomy, t.name, t.id; ",
            comments_sql!("asc", current!($find), "$5", "0", "$6", "$5", "0", "$7")
        )
    };
}

/// The id of the post `$find` picks, if it is visible at `$4`.
macro_rules! current {
    ($find:literal) => {
        concat!(
            "(select p.id from posts p where ",
            $find,
            " and ",
            visible!("$4"),
            ")"
        )
    };
}

const BATCH_BY_SLUG_SQL: &str = batch_sql!("p.kind = $1 and p.slug = $2 and $3 is null");
const BATCH_BY_ID_SQL: &str = batch_sql!("p.id = $3 and p.kind = $1 and $2 is null");

/// The post's comment page `page` (its default one when `None`), as
/// `posts::page` reads it; meant for the default page and page 1.
pub(crate) async fn page(
    db: &mut Db<'_>,
    key: &PostKey,
    now: DateTime<Utc>,
    paging: &CommentPaging,
    page: Option<i64>,
) -> Result<Option<PostPage>, sqlx::Error> {
    let (kind, slug, id) = key_values(key);
    let sql = if id.is_some() {
        BATCH_BY_ID_SQL
    } else {
        BATCH_BY_SLUG_SQL
    };
    let per_page = paging.per_page.max(1);
    let rows = db
        .all(
            query(sql)
                .bind(kind.as_str())
                .bind(slug)
                .bind(id)
                .bind(secs(now))
                .bind(per_page)
                .bind(MAX_DEPTH)
                .bind(MAX_ROWS),
        )
        .await?;
    let mut found = Found::default();
    let (mut terms, mut first) = (Vec::new(), Vec::<Comment>::new());
    for row in &rows {
        match Part::of(row) {
            Part::Page => found.take(row)?,
            Part::Term => terms.push(term_from_row(row)?),
            Part::Comment => first.push(comment_from_row(row)?),
        }
    }
    let Some(mut card) = found.card.take() else {
        return Ok(None);
    };
    card.terms = terms;
    found
        .finish(db, card, paging, page, Some(first))
        .await
        .map(Some)
}

/// Which statement of the batch a row comes from.
enum Part {
    Page,
    Term,
    Comment,
}

impl Part {
    fn of(row: &AnyRow) -> Self {
        match row.try_get::<String, _>("role") {
            Ok(role) if role == "term" => Part::Term,
            Ok(_) => Part::Page,
            // Comment rows have no `role`.
            Err(_) => Part::Comment,
        }
    }
}
