//! Tags and categories: listing, find-or-create while saving posts, and the
//! terms of a set of posts (one statement for a whole page).

use std::collections::HashMap;

use beitrag_core::model::{PostId, Taxonomy, Term, TermId};
use beitrag_markdown::slugify;
use sqlx::Row;

use crate::exec::{Db, dynamic, placeholders, query};
use crate::rows::secs;
use crate::rows::term_from_row;
use crate::settings::add_redirects;
use crate::sql::term_columns;
use crate::sql::visible;
use chrono::{DateTime, Utc};

/// Every term, by taxonomy and name.
pub(crate) async fn all(db: &mut Db<'_>) -> Result<Vec<Term>, sqlx::Error> {
    let rows = db
        .all(query(concat!(
            "select ",
            term_columns!(),
            " from terms t order by t.taxonomy, t.name, t.id"
        )))
        .await?;
    rows.iter().map(term_from_row).collect()
}

/// Inserts a new term; a taken `(taxonomy, slug)` is a unique violation.
pub(crate) async fn create(db: &mut Db<'_>, t: &Term) -> Result<TermId, sqlx::Error> {
    let row = db
        .one(
            query("insert into terms (taxonomy, slug, name, parent_id) values ($1, $2, $3, $4) returning id")
                .bind(t.taxonomy.as_str())
                .bind(t.slug.as_str())
                .bind(t.name.as_str())
                .bind(t.parent.map(|p| p.0)),
        )
        .await?;
    Ok(TermId(row.try_get("id")?))
}

/// The id of the term `(taxonomy, slug of name)`, created under `parent`
/// when missing. An existing term keeps its first name and parent.
///
/// One statement, race-free on both engines: the no-op `do update` makes
/// `returning` yield the existing row's id on conflict (`do nothing` would
/// return no row).
async fn find_or_create(
    db: &mut Db<'_>,
    taxonomy: Taxonomy,
    slug: &str,
    name: &str,
    parent: Option<TermId>,
) -> Result<TermId, sqlx::Error> {
    let row = db
        .one(
            query(
                "insert into terms (taxonomy, slug, name, parent_id) values ($1, $2, $3, $4) \
                 on conflict (taxonomy, slug) do update set name = terms.name \
                 returning id",
            )
            .bind(taxonomy.as_str())
            .bind(slug)
            .bind(name)
            .bind(parent.map(|p| p.0)),
        )
        .await?;
    Ok(TermId(row.try_get("id")?))
}

/// Replaces the terms of `post`: each tag by name, and the leaf of each
/// category path, creating missing terms (a path's segments become a chain
/// of parent categories). Names that slugify to nothing are skipped; the
/// core rejects them before they get here.
pub(crate) async fn replace_post_terms(
    db: &mut Db<'_>,
    post: PostId,
    tags: &[String],
    categories: &[Vec<String>],
) -> Result<(), sqlx::Error> {
    db.execute(query("delete from post_terms where post_id = $1").bind(post.0))
        .await?;
    let mut ids = Vec::new();
    for name in tags {
        let slug = slugify(name);
        if !slug.is_empty() {
            ids.push(find_or_create(db, Taxonomy::Tag, &slug, name.trim(), None).await?);
        }
    }
    for path in categories {
        let mut parent = None;
        for name in path {
            let slug = slugify(name);
            if slug.is_empty() {
                continue;
            }
            parent =
                Some(find_or_create(db, Taxonomy::Category, &slug, name.trim(), parent).await?);
        }
        ids.extend(parent);
    }
    for id in ids {
        // Two names may share a slug ("C++" and "c"): link the term once.
        db.execute(
            query(
                "insert into post_terms (post_id, term_id) values ($1, $2) on conflict do nothing",
            )
            .bind(post.0)
            .bind(id.0),
        )
        .await?;
    }
    Ok(())
}

/// The terms of the given posts, grouped by post, in one statement; no
/// statement at all when `posts` is empty.
pub(crate) async fn of_posts(
    db: &mut Db<'_>,
    posts: &[PostId],
) -> Result<HashMap<PostId, Vec<Term>>, sqlx::Error> {
    if posts.is_empty() {
        return Ok(HashMap::new());
    }
    let sql = format!(
        concat!(
            "select pt.post_id, ",
            term_columns!(),
            " from post_terms pt join terms t on t.id = pt.term_id \
             where pt.post_id in ({}) order by t.taxonomy, t.name, t.id"
        ),
        placeholders(1, posts.len())
    );
    let mut q = dynamic(sql);
    for id in posts {
        q = q.bind(id.0);
    }
    group(db.all(q).await?)
}

/// The terms of one post.
pub(crate) async fn of_post(db: &mut Db<'_>, post: PostId) -> Result<Vec<Term>, sqlx::Error> {
    Ok(of_posts(db, &[post])
        .await?
        .remove(&post)
        .unwrap_or_default())
}

/// The terms of every post, grouped by post (for export).
pub(crate) async fn of_all_posts(
    db: &mut Db<'_>,
) -> Result<HashMap<PostId, Vec<Term>>, sqlx::Error> {
    let rows = db
        .all(query(concat!(
            "select pt.post_id, ",
            term_columns!(),
            " from post_terms pt join terms t on t.id = pt.term_id order by t.taxonomy, t.name, t.id"
        )))
        .await?;
    group(rows)
}

fn group(rows: Vec<sqlx::any::AnyRow>) -> Result<HashMap<PostId, Vec<Term>>, sqlx::Error> {
    let mut out: HashMap<PostId, Vec<Term>> = HashMap::new();
    for row in &rows {
        let post = PostId(row.try_get("post_id")?);
        out.entry(post).or_default().push(term_from_row(row)?);
    }
    Ok(out)
}

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
