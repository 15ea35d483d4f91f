//! What the admin needs beyond the public pages: every post whatever its
//! status, filtered; deleting; revisions.

use beitrag_core::model::{
    AdminPostQuery, PostCard, PostId, PostList, Revision, RevisionId, UserId,
};
use chrono::DateTime;
use sqlx::Row;

use crate::exec::{Db, dynamic, placeholders, query};
use crate::rows::card_from_row;
use crate::sql::card_columns;
use crate::terms;

/// Escapes `%`, `_` and `\` for a `like … escape '\'` pattern.
fn like_pattern(words: &str) -> String {
    let mut out = String::from("%");
    for c in words.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// A filtered page of posts of any status, most recently changed first, in
/// three statements (count, cards, terms).
pub(crate) async fn admin_posts(
    db: &mut Db<'_>,
    q: &AdminPostQuery,
) -> Result<PostList, sqlx::Error> {
    let mut clauses = Vec::new();
    let mut ints: Vec<(usize, i64)> = Vec::new();
    let mut texts: Vec<(usize, String)> = Vec::new();
    let mut n = 0;
    let mut next = || {
        n += 1;
        n
    };
    if let Some(kind) = q.kind {
        let i = next();
        clauses.push(format!("p.kind = ${i}"));
        texts.push((i, kind.as_str().to_owned()));
    }
    if let Some(status) = q.status {
        let i = next();
        clauses.push(format!("p.status = ${i}"));
        texts.push((i, status.as_str().to_owned()));
    }
    if let Some(author) = q.author {
        let i = next();
        clauses.push(format!("p.author_id = ${i}"));
        ints.push((i, author.0));
    }
    if let Some(term) = q.term {
        let i = next();
        clauses.push(format!(
            "p.id in (select f.post_id from post_terms f where f.term_id = ${i})"
        ));
        ints.push((i, term.0));
    }
    if let Some(search) = q.search.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        let i = next();
        clauses.push(format!(
            "(lower(p.title) like ${i} escape '\\' or lower(p.source) like ${i} escape '\\')"
        ));
        texts.push((i, like_pattern(search)));
    }
    let filter = if clauses.is_empty() {
        String::new()
    } else {
        format!(" where {}", clauses.join(" and "))
    };
    // Values must be bound in placeholder order.
    let bind = |mut query: crate::exec::Query| {
        for i in 1..=n {
            if let Some((_, v)) = ints.iter().find(|(j, _)| *j == i) {
                query = query.bind(*v);
            } else if let Some((_, v)) = texts.iter().find(|(j, _)| *j == i) {
                query = query.bind(v.clone());
            }
        }
        query
    };
    let total: i64 = db
        .one(bind(dynamic(format!(
            "select count(*) as total from posts p{filter}"
        ))))
        .await?
        .try_get("total")?;
    let page_sql = format!(
        concat!(
            "select ",
            card_columns!(),
            " from posts p join users u on u.id = p.author_id{filter} \
             order by p.updated_at desc, p.id desc limit ${limit} offset ${offset}"
        ),
        filter = filter,
        limit = n + 1,
        offset = n + 2,
    );
    let rows = db
        .all(
            bind(dynamic(page_sql))
                .bind(q.limit.max(0))
                .bind(q.offset.max(0)),
        )
        .await?;
    let mut items = rows
        .iter()
        .map(card_from_row)
        .collect::<Result<Vec<PostCard>, _>>()?;
    let ids: Vec<PostId> = items.iter().map(|c| c.post.id).collect();
    let mut by_post = terms::of_posts(db, &ids).await?;
    for card in &mut items {
        card.terms = by_post.remove(&card.post.id).unwrap_or_default();
    }
    Ok(PostList { items, total })
}

/// Deletes posts; comments, terms links and revisions go with them (the
/// schema cascades).
pub(crate) async fn delete_posts(db: &mut Db<'_>, ids: &[PostId]) -> Result<u64, sqlx::Error> {
    if ids.is_empty() {
        return Ok(0);
    }
    let mut q = dynamic(format!(
        "delete from posts where id in ({})",
        placeholders(1, ids.len())
    ));
    for id in ids {
        q = q.bind(id.0);
    }
    db.execute(q).await
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
    rows.iter()
        .map(|r| {
            let at: i64 = r.try_get("saved_at")?;
            Ok(Revision {
                id: RevisionId(r.try_get("id")?),
                post_id: PostId(r.try_get("post_id")?),
                author_id: UserId(r.try_get("author_id")?),
                title: r.try_get("title")?,
                source: r.try_get("source")?,
                excerpt: r.try_get("excerpt")?,
                saved_at: DateTime::from_timestamp(at, 0).ok_or_else(|| {
                    sqlx::Error::Decode(format!("saved_at: {at} out of range").into())
                })?,
            })
        })
        .collect()
}

/// `scheduled` → `published` for a due post, as one conditional update.
pub(crate) async fn publish_scheduled(
    db: &mut Db<'_>,
    id: PostId,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<bool, sqlx::Error> {
    let n = db
        .execute(
            query(
                "update posts set status = 'published' \
                 where id = $1 and status = 'scheduled' and published_at <= $2",
            )
            .bind(id.0)
            .bind(crate::rows::secs(now)),
        )
        .await?;
    Ok(n == 1)
}
