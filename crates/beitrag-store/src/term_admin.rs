//! Managing tags and categories: post counts per term, renaming and
//! re-parenting, and merging two terms. The writes run inside the caller's
//! transaction together with the redirects they make necessary.

use beitrag_core::model::{Term, TermId};
use chrono::{DateTime, Utc};
use sqlx::Row;

use crate::exec::{Db, query};
use crate::rows::secs;
use crate::settings::add_redirects;
use crate::sql::visible;

/// Posts visible at `now` per term, in one statement.
pub(crate) async fn post_counts(
    db: &mut Db<'_>,
    now: DateTime<Utc>,
) -> Result<Vec<(TermId, i64)>, sqlx::Error> {
    let rows = db
        .all(
            query(concat!(
                "select pt.term_id, count(*) as posts from post_terms pt \
                 join posts p on p.id = pt.post_id where p.kind = 'post' and ",
                visible!("$1"),
                " group by pt.term_id order by pt.term_id"
            ))
            .bind(secs(now)),
        )
        .await?;
    rows.iter()
        .map(|r| Ok((TermId(r.try_get("term_id")?), r.try_get("posts")?)))
        .collect()
}

/// Writes a term's name, slug and parent, then the redirects. A missing
/// term is `RowNotFound`; a taken slug a unique violation.
pub(crate) async fn update(
    db: &mut Db<'_>,
    term: &Term,
    redirects: &[(String, String)],
) -> Result<(), sqlx::Error> {
    let n = db
        .execute(
            query(
                "update terms set name = $1, slug = $2, parent_id = $3 \
                 where id = $4 and taxonomy = $5",
            )
            .bind(term.name.as_str())
            .bind(term.slug.as_str())
            .bind(term.parent.map(|p| p.0))
            .bind(term.id.0)
            .bind(term.taxonomy.as_str()),
        )
        .await?;
    if n == 0 {
        return Err(sqlx::Error::RowNotFound);
    }
    add_redirects(db, redirects).await
}

async fn exists(db: &mut Db<'_>, id: TermId) -> Result<(), sqlx::Error> {
    db.optional(query("select id from terms where id = $1").bind(id.0))
        .await?
        .map(drop)
        .ok_or(sqlx::Error::RowNotFound)
}

/// Gives every post of `from` the term `into`, moves `from`'s children
/// under `into`, deletes `from` (its post links go with it) and records the
/// redirects. Returns how many posts gained `into`.
pub(crate) async fn merge(
    db: &mut Db<'_>,
    from: TermId,
    into: TermId,
    redirects: &[(String, String)],
) -> Result<u64, sqlx::Error> {
    exists(db, from).await?;
    exists(db, into).await?;
    // The `where` clause also settles SQLite's parsing ambiguity between
    // `insert … select … on conflict` and a join's `on`.
    let gained = db
        .execute(
            query(
                "insert into post_terms (post_id, term_id) \
                 select pt.post_id, $1 from post_terms pt where pt.term_id = $2 \
                 on conflict do nothing",
            )
            .bind(into.0)
            .bind(from.0),
        )
        .await?;
    db.execute(
        query("update terms set parent_id = $1 where parent_id = $2")
            .bind(into.0)
            .bind(from.0),
    )
    .await?;
    db.execute(query("delete from terms where id = $1").bind(from.0))
        .await?;
    add_redirects(db, redirects).await?;
    Ok(gained)
}
