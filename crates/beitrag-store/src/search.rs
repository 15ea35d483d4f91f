//! The full-text index: SQLite's FTS5 table or PostgreSQL's `tsvector`
//! table (migration 0013), both holding the core's index words, and the
//! one place where a parsed query becomes each engine's match syntax.
//!
//! Index words are runs of letters and digits (the core's analyzer cuts
//! them so), which is why they can be written into either syntax without
//! escaping: no quote, operator or colon can occur in one.

use beitrag_core::model::{PostId, PostList};
use beitrag_core::search::{MAX_MATCHES, SearchDocument, SearchExpr, SearchRequest, SearchTerm};
use sqlx::Row;

use crate::exec::{Db, dynamic, query};
use crate::rows::secs;
use crate::sql::{card_columns, visible};

/// `expr` in FTS5's query language: `"word"`, `"pre"*`, `"two words"`,
/// side by side (all must match).
fn fts5(expr: &SearchExpr) -> String {
    let terms: Vec<String> = expr
        .terms
        .iter()
        .map(|t| match t {
            SearchTerm::Word(w) => format!("\"{w}\""),
            SearchTerm::Prefix(p) => format!("\"{p}\"*"),
            SearchTerm::Phrase(ws) => format!("\"{}\"", ws.join(" ")),
        })
        .collect();
    terms.join(" ")
}

/// `expr` matched against the title column only.
fn fts5_title(expr: &SearchExpr) -> String {
    format!("{{title}} : ({})", fts5(expr))
}

/// `expr` as a `tsquery`: `'word' & 'pre':* & ('two' <-> 'words')`.
fn tsquery(expr: &SearchExpr) -> String {
    tsquery_weighted(expr, "")
}

/// `expr` as a `tsquery` on the title's words (weight A) only.
fn tsquery_title(expr: &SearchExpr) -> String {
    tsquery_weighted(expr, "A")
}

fn tsquery_weighted(expr: &SearchExpr, weight: &str) -> String {
    let terms: Vec<String> = expr
        .terms
        .iter()
        .map(|t| match t {
            SearchTerm::Word(w) if weight.is_empty() => format!("'{w}'"),
            SearchTerm::Word(w) => format!("'{w}':{weight}"),
            SearchTerm::Prefix(p) => format!("'{p}':*{weight}"),
            SearchTerm::Phrase(ws) => {
                let words: Vec<String> = ws
                    .iter()
                    .map(|w| match weight {
                        "" => format!("'{w}'"),
                        _ => format!("'{w}':{weight}"),
                    })
                    .collect();
                format!("({})", words.join(" <-> "))
            }
        })
        .collect();
    terms.join(" & ")
}

/// The condition "post `p` matches the query bound to `$n`" and the value
/// to bind there, for filters that join nothing (the admin list).
pub(crate) fn filter(db: &Db<'_>, n: usize, expr: &SearchExpr) -> (String, String) {
    if db.is_postgres() {
        (
            format!(
                "p.id in (select s.post_id from post_search s \
                 where s.document @@ to_tsquery('simple', ${n}))"
            ),
            tsquery(expr),
        )
    } else {
        (
            format!("p.id in (select rowid from post_search where post_search match ${n})"),
            fts5(expr),
        )
    }
}

/// A page of visible posts and pages matching the query, ranked as
/// WordPress ranks its search: posts whose title holds every term first,
/// then the others, each newest first — the same order on both engines,
/// and cheap: only the newest `MAX_MATCHES` matches are counted and ranked,
/// and walking an index in id order stops there, so a word in every post
/// costs what a rare one does. (Scoring every match with bm25 cost 22 µs a
/// match on SQLite, 1.2 s for a word in half of 100,000 posts.) One
/// statement ranks and counts (`count(*) over ()` before the limit); a
/// second reads the page's cards and a third their terms.
pub(crate) async fn search(db: &mut Db<'_>, q: &SearchRequest) -> Result<PostList, sqlx::Error> {
    if q.expr.is_empty() {
        return Ok(PostList {
            items: Vec::new(),
            total: 0,
        });
    }
    let (pick_sql, value, title) = if db.is_postgres() {
        (
            // Every step is driven by the matches (at most `MAX_MATCHES`):
            // the title test reads the document the match already holds,
            // and each post is looked up by id in a lateral subquery (its
            // `limit 1` keeps it from being flattened). Joined plainly,
            // PostgreSQL hashed every visible post and merge-joined the
            // whole index for the title test: 15 ms at 10,000 posts, ten
            // times that at 100,000, for a word in every other post.
            concat!(
                "with m as (select s.post_id as id, s.document from post_search s \
                 where s.document @@ to_tsquery('simple', $1) order by s.post_id desc limit $5 + 0) \
                 select p.id, case when m.document @@ to_tsquery('simple', $6) then 1 else 0 end as score, \
                 p.published_at, count(*) over () as total \
                 from m cross join lateral (select p.id, p.published_at from posts p \
                 where p.id = m.id and p.kind in ('post', 'page') and ",
                visible!("$2"),
                " limit 1) as p \
                 order by score desc, p.published_at desc, p.id desc limit $3 + 0 offset $4"
            ),
            tsquery(&q.expr),
            tsquery_title(&q.expr),
        )
    } else {
        // The matches are found once, then joined: joined directly, SQLite
        // may walk the posts and run the full-text query once per post
        // (32 s on 100,000 posts). `materialized` and `cross join` fix the
        // order; FTS5 walks its matches newest first and stops at the cut.
        // The visibility columns come from a covering index (migration
        // 0017) instead of the rows, where `published_at` sits behind the
        // body: a third of the time for a word in every other post.
        // The title matches are looked for only from the oldest of those
        // matches on (any title match there is one of them), walking
        // forward: FTS5 walks backward by loading a term's whole doclist
        // first, so "newest first" for the titles cost as much as a search
        // through every post — two thirds of the statement for two words
        // that never meet in a title.
        (
            concat!(
                "with m as materialized (select rowid as id from post_search \
                 where post_search match $1 order by rowid desc limit $5 + 0), \
                 t as materialized (select rowid as id from post_search \
                 where post_search match $6 and rowid >= (select min(id) from m)) \
                 select p.id, case when p.id in (select id from t) then 1 else 0 end as score, \
                 p.published_at, count(*) over () as total \
                 from m cross join posts p indexed by posts_visibility_idx on p.id = m.id \
                 where p.kind in ('post', 'page') and ",
                visible!("$2"),
                " order by score desc, p.published_at desc, p.id desc limit $3 + 0 offset $4"
            ),
            fts5(&q.expr),
            fts5_title(&q.expr),
        )
    };
    let page_sql = format!(
        concat!(
            "select ",
            card_columns!(),
            ", pick.total from ({pick}) as pick join posts p on p.id = pick.id \
             join users u on u.id = p.author_id \
             order by pick.score desc, p.published_at desc, p.id desc"
        ),
        pick = pick_sql,
    );
    // Not kept prepared on PostgreSQL: a kept statement is planned once
    // for any query (a generic plan after five), and that plan reads a
    // word's matches through the GIN index whatever their number, 56,250
    // for a word in every other post of 100,000 (44 ms instead of 3.5). An
    // unnamed statement is planned with the words it is given: the GIN
    // index for a rare word, the id walk that stops at the cut for a
    // common one. SQLite has one plan for both and keeps it.
    let postgres = db.is_postgres();
    let rows = db
        .all(
            dynamic(page_sql)
                .persistent(!postgres)
                .bind(value.clone())
                .bind(secs(q.now))
                .bind(q.limit.max(0))
                .bind(q.offset.max(0))
                .bind(MAX_MATCHES)
                .bind(title.clone()),
        )
        .await?;
    let total = match rows.first() {
        Some(row) => row.try_get("total")?,
        // Past the last page (or nothing found): the count alone.
        None if q.offset > 0 => {
            let rows = db
                .all(
                    dynamic(format!(
                        "select count(*) as total from ({pick_sql}) as pick"
                    ))
                    .bind(value)
                    .bind(secs(q.now))
                    .bind(MAX_MATCHES)
                    .bind(0_i64)
                    .bind(MAX_MATCHES)
                    .bind(title),
                )
                .await?;
            match rows.first() {
                Some(row) => row.try_get("total")?,
                None => 0,
            }
        }
        None => 0,
    };
    let items = crate::posts::cards_with_terms(db, &rows).await?;
    Ok(PostList { items, total })
}

/// Replaces one post's document (saving a post calls this in its transaction).
pub(crate) async fn write(
    db: &mut Db<'_>,
    id: PostId,
    doc: &SearchDocument,
) -> Result<(), sqlx::Error> {
    if db.is_postgres() {
        db.execute(
            query(
                "insert into post_search (post_id, document) values ($1, \
                 setweight(to_tsvector('simple', $2), 'A') || setweight(to_tsvector('simple', $3), 'B')) \
                 on conflict (post_id) do update set document = excluded.document",
            )
            .bind(id.0)
            .bind(doc.title.as_str())
            .bind(doc.body.as_str()),
        )
        .await?;
    } else {
        remove(db, &[id]).await?;
        db.execute(
            query("insert into post_search (rowid, title, body) values ($1, $2, $3)")
                .bind(id.0)
                .bind(doc.title.as_str())
                .bind(doc.body.as_str()),
        )
        .await?;
    }
    Ok(())
}

/// Drops deleted posts' rows. PostgreSQL's foreign key does it by itself;
/// FTS5 has none.
pub(crate) async fn remove(db: &mut Db<'_>, ids: &[PostId]) -> Result<(), sqlx::Error> {
    if db.is_postgres() || ids.is_empty() {
        return Ok(());
    }
    let mut q = dynamic(format!(
        "delete from post_search where rowid in ({})",
        crate::exec::placeholders(1, ids.len())
    ));
    for id in ids {
        q = q.bind(id.0);
    }
    db.execute(q).await.map(drop)
}

/// Documents in one transaction, then the index's language if given.
pub(crate) async fn write_all(
    db: &mut Db<'_>,
    documents: &[(PostId, SearchDocument)],
    language: Option<&str>,
) -> Result<(), sqlx::Error> {
    for (id, doc) in documents {
        write(db, *id, doc).await?;
    }
    if let Some(language) = language {
        db.execute(
            query(
                "insert into search_state (id, language) values (1, $1) \
                 on conflict (id) do update set language = excluded.language",
            )
            .bind(language),
        )
        .await?;
    }
    Ok(())
}

/// The index's language, if it was ever built.
pub(crate) async fn language(db: &mut Db<'_>) -> Result<Option<String>, sqlx::Error> {
    let row = db
        .optional(query("select language from search_state where id = 1"))
        .await?;
    row.map(|r| r.try_get("language")).transpose()
}

/// Posts by id after `after`: the index's sources, a batch at a time.
pub(crate) async fn sources(
    db: &mut Db<'_>,
    after: PostId,
    limit: i64,
) -> Result<Vec<(PostId, String, String)>, sqlx::Error> {
    let rows = db
        .all(
            query("select id, title, html from posts where id > $1 order by id limit $2 + 0")
                .bind(after.0)
                .bind(limit.max(0)),
        )
        .await?;
    rows.iter()
        .map(|r| {
            Ok((
                PostId(r.try_get("id")?),
                r.try_get("title")?,
                r.try_get("html")?,
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use beitrag_core::search::Analyzer;

    use super::*;

    #[test]
    fn both_syntaxes_from_one_query() {
        let expr = Analyzer::new("de")
            .parse(r#"Führungskräfte "soziale Medien" comm*"#)
            .unwrap();
        assert_eq!(fts5(&expr), r#""fuhrungskraft" "sozial medi" "comm"*"#);
        assert_eq!(
            fts5_title(&expr),
            r#"{title} : ("fuhrungskraft" "sozial medi" "comm"*)"#
        );
        assert_eq!(
            tsquery_title(&expr),
            "'fuhrungskraft':A & ('sozial':A <-> 'medi':A) & 'comm':*A"
        );
        assert_eq!(
            tsquery(&expr),
            "'fuhrungskraft' & ('sozial' <-> 'medi') & 'comm':*"
        );
    }
}
