//! Reading posts: single posts, the single-post page (three statements;
//! one batch on SQLite, `post_batch`),
//! archive pages (three statements) and the full export (two statements).

use beitrag_core::comment_page::CommentPaging;
use beitrag_core::model::{
    AdminPostQuery, ArchiveFilter, Comment, Post, PostCard, PostId, PostKey, PostKind, PostList,
    PostPage, PostQuery,
};
use beitrag_core::store::PostWithTerms;
use chrono::{DateTime, Utc};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::exec::{Db, Query, dynamic, placeholders, query};
use crate::rows::{card_from_row, post_from_row, secs};
use crate::sql::{card_columns, post_columns, visible};
use crate::terms;

/// Cards from rows of `card_columns!()`, with their terms in one more
/// statement (archive pages and the admin list).
pub(crate) async fn cards_with_terms(
    db: &mut Db<'_>,
    rows: &[sqlx::any::AnyRow],
) -> Result<Vec<PostCard>, sqlx::Error> {
    let mut items = rows
        .iter()
        .map(card_from_row)
        .collect::<Result<Vec<PostCard>, _>>()?;
    let ids: Vec<PostId> = items.iter().map(|c| c.post.id).collect();
    let mut by_post = terms::of_posts(db, &ids).await?;
    for card in &mut items {
        card.terms = by_post.remove(&card.post.id).unwrap_or_default();
    }
    Ok(items)
}

/// A post by id, whatever its status.
pub(crate) async fn by_id(db: &mut Db<'_>, id: PostId) -> Result<Option<Post>, sqlx::Error> {
    let row = db
        .optional(
            query(concat!(
                "select ",
                post_columns!(),
                " from posts p where p.id = $1"
            ))
            .bind(id.0),
        )
        .await?;
    row.as_ref().map(post_from_row).transpose()
}

/// Posts by id, whatever their status, in one statement.
pub(crate) async fn by_ids(db: &mut Db<'_>, ids: &[PostId]) -> Result<Vec<Post>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        concat!(
            "select ",
            post_columns!(),
            " from posts p where p.id in ({})"
        ),
        placeholders(1, ids.len())
    );
    let mut q = dynamic(sql);
    for id in ids {
        q = q.bind(id.0);
    }
    db.all(q).await?.iter().map(post_from_row).collect()
}

/// A post by kind and slug, whatever its status.
pub(crate) async fn by_slug(
    db: &mut Db<'_>,
    kind: PostKind,
    slug: &str,
) -> Result<Option<Post>, sqlx::Error> {
    let row = db
        .optional(
            query(concat!(
                "select ",
                post_columns!(),
                " from posts p where p.kind = $1 and p.slug = $2"
            ))
            .bind(kind.as_str())
            .bind(slug),
        )
        .await?;
    row.as_ref().map(post_from_row).transpose()
}

/// Pages visible at `now`, by title (the theme's navigation).
pub(crate) async fn public_pages(
    db: &mut Db<'_>,
    now: DateTime<Utc>,
) -> Result<Vec<Post>, sqlx::Error> {
    let rows = db
        .all(
            query(concat!(
                "select ",
                post_columns!(),
                " from posts p where p.kind = 'page' and ",
                visible!("$1"),
                " order by p.title, p.id"
            ))
            .bind(secs(now)),
        )
        .await?;
    rows.iter().map(post_from_row).collect()
}

/// The current post (`$1` kind, `$2` slug or `$3` id, the other one null,
/// visible at `$4`) and, for kind `post` only, its visible neighbours of
/// kind `post`, each row tagged with its `role`. Ties on the date are
/// broken by id, so neighbours are well defined for posts of the same second.
/// Neighbours are picked by id first and only then joined to their card
/// columns: SQLite computes a select list before `order by … limit`, so
/// picking with the full card would run its subqueries for every candidate.
/// The current post is read through scalar subqueries rather than a join so
/// the date index drives the walk and stops at the first visible row; the
/// redundant `<=`/`>=` bound lets the index start the walk at the current
/// post's date (the `or` alone would not bound the range). Older posts need
/// no `<= now` bound: the current post is visible, so anything older is too
/// old to be in the future, and a second upper bound would hide the first.
macro_rules! page_sql {
    ($find:literal) => {
        concat!(
            "with cur as (select p.id, p.kind, p.published_at from posts p where ",
            $find,
            " and ",
            visible!("$4"),
            "), older as (select p.id from posts p where p.kind = 'post' \
     and p.status in ('published', 'scheduled') \
     and (select kind from cur) = 'post' \
     and p.published_at <= (select published_at from cur) \
     and (p.published_at < (select published_at from cur) \
     or (p.published_at = (select published_at from cur) and p.id < (select id from cur))) \
     order by p.published_at desc, p.id desc limit 1), \
     newer as (select p.id from posts p where p.kind = 'post' and ",
            visible!("$4"),
            " and (select kind from cur) = 'post' \
     and p.published_at >= (select published_at from cur) \
     and (p.published_at > (select published_at from cur) \
     or (p.published_at = (select published_at from cur) and p.id > (select id from cur))) \
     order by p.published_at, p.id limit 1) \
     select 'current' as role, ",
            card_columns!(),
            " from posts p join users u on u.id = p.author_id join cur on cur.id = p.id \
     union all select 'previous' as role, ",
            card_columns!(),
            " from posts p join users u on u.id = p.author_id join older on older.id = p.id \
     union all select 'next' as role, ",
            card_columns!(),
            " from posts p join users u on u.id = p.author_id join newer on newer.id = p.id"
        )
    };
}

pub(crate) use page_sql;

// Two texts rather than `slug = $2 or id = $3`: an `or` across two columns
// keeps SQLite from using either index and scans every post.
// The batch of `post_batch` repeats these two conditions.
const PAGE_BY_SLUG_SQL: &str = page_sql!("p.kind = $1 and p.slug = $2 and $3 is null");
const PAGE_BY_ID_SQL: &str = page_sql!("p.id = $3 and p.kind = $1 and $2 is null");

/// The single-post page of a post visible at `now`, in at most three
/// statements: the post with its neighbours, its terms, its comments (and
/// its featured image, when it has one).
pub(crate) async fn page(
    db: &mut Db<'_>,
    key: &PostKey,
    now: DateTime<Utc>,
    paging: &CommentPaging,
    page: Option<i64>,
) -> Result<Option<PostPage>, sqlx::Error> {
    if page.is_none_or(|n| n == 1) && !db.is_postgres() {
        return crate::post_batch::page(db, key, now, paging, page).await;
    }
    let (kind, slug, id) = key_values(key);
    let sql = if id.is_some() {
        PAGE_BY_ID_SQL
    } else {
        PAGE_BY_SLUG_SQL
    };
    let rows = db
        .all(
            query(sql)
                .bind(kind.as_str())
                .bind(slug)
                .bind(id)
                .bind(secs(now)),
        )
        .await?;
    let mut found = Found::default();
    for row in &rows {
        found.take(row)?;
    }
    let Some(mut card) = found.card.take() else {
        return Ok(None);
    };
    let id = card.post.id;
    card.terms = terms::of_posts(db, &[id])
        .await?
        .remove(&id)
        .unwrap_or_default();
    found.finish(db, card, paging, page, None).await.map(Some)
}

/// The values bound to `$1`…`$3` of the page statement: the kind, and the
/// slug or the id.
pub(crate) fn key_values(key: &PostKey) -> (PostKind, Option<&str>, Option<i64>) {
    match key {
        PostKey::Slug(kind, slug) => (*kind, Some(slug.as_str()), None),
        // `%post_id%` permalinks only ever address posts.
        PostKey::Id(id) => (PostKind::Post, None, Some(id.0)),
    }
}

/// The rows of the page statement, read by their `role`.
#[derive(Default)]
pub(crate) struct Found {
    pub(crate) card: Option<PostCard>,
    previous: Option<Post>,
    next: Option<Post>,
}

impl Found {
    /// Keeps a row of the page statement.
    pub(crate) fn take(&mut self, row: &AnyRow) -> Result<(), sqlx::Error> {
        let role: String = row.try_get("role")?;
        match role.as_str() {
            "current" => self.card = Some(card_from_row(row)?),
            "previous" => self.previous = Some(post_from_row(row)?),
            _ => self.next = Some(post_from_row(row)?),
        }
        Ok(())
    }

    /// The page around `card` (its terms read): its comment page `page` or
    /// the default one, whose comments are `first` when they were read
    /// already as page 1.
    pub(crate) async fn finish(
        self,
        db: &mut Db<'_>,
        card: PostCard,
        paging: &CommentPaging,
        page: Option<i64>,
        first: Option<Vec<Comment>>,
    ) -> Result<PostPage, sqlx::Error> {
        let comment_pages = paging.pages_of(&card);
        let comment_page = page.unwrap_or_else(|| paging.default_page(comment_pages));
        let comments = match first {
            Some(comments) if comment_page == 1 => comments,
            _ => crate::comment_pages::of_page(db, &card, paging, comment_page).await?,
        };
        // A statement more only for posts that have a featured image.
        let featured = match card.post.featured_media {
            Some(m) => crate::media::by_id(db, m).await?,
            None => None,
        };
        Ok(PostPage {
            card,
            previous: self.previous,
            next: self.next,
            comments,
            comment_page,
            comment_pages,
            featured,
        })
    }
}

/// Term filters use `id in (select …)`, which the engine evaluates once
/// as a list, rather than a correlated `exists` per candidate post (half the
/// time for a count over 10,000 posts).
///
/// The `where` conditions an archive filter adds (after the visibility at
/// `$1`), with its values, whose placeholders start at `$2`.
fn filter_sql(filter: &ArchiveFilter) -> (String, Vec<i64>) {
    match filter {
        ArchiveFilter::All => (String::new(), Vec::new()),
        ArchiveFilter::Tag(term) => (
            " and p.id in (select f.post_id from post_terms f where f.term_id = $2)".to_owned(),
            vec![term.0],
        ),
        // No category at all matches nothing (`in ()` is not valid SQL).
        ArchiveFilter::Categories(ids) if ids.is_empty() => (" and 1 = 0".to_owned(), Vec::new()),
        ArchiveFilter::Categories(ids) => (
            format!(
                " and p.id in (select f.post_id from post_terms f where f.term_id in ({}))",
                placeholders(2, ids.len())
            ),
            ids.iter().map(|t| t.0).collect(),
        ),
        ArchiveFilter::Author(user) => (" and p.author_id = $2".to_owned(), vec![user.0]),
        ArchiveFilter::Between(from, to) => (
            " and p.published_at >= $2 and p.published_at < $3".to_owned(),
            vec![secs(*from), secs(*to)],
        ),
    }
}

fn bind_all(mut q: Query, values: &[i64]) -> Query {
    for v in values {
        q = q.bind(*v);
    }
    q
}

/// An archive page in exactly three statements (two when it is empty): the
/// total, the page's cards, the terms of every post on the page.
pub(crate) async fn list(db: &mut Db<'_>, q: &PostQuery) -> Result<PostList, sqlx::Error> {
    match q.filter {
        ArchiveFilter::All => return crate::timeline::list(db, q).await,
        ArchiveFilter::Tag(term) if !q.sticky_first => {
            return crate::timeline::list_term(db, q, term).await;
        }
        _ => {}
    }
    let (filter, values) = filter_sql(&q.filter);
    let base = concat!("from posts p where p.kind = 'post' and ", visible!("$1"));
    let count_sql = format!("select count(*) as total {base}{filter}");
    let total: i64 = db
        .one(bind_all(dynamic(count_sql).bind(secs(q.now)), &values))
        .await?
        .try_get("total")?;

    let limit_at = values.len() + 2;
    // Pick the page's ids with cheap columns, then fetch their cards: the
    // card's subqueries then run for the page only, not for every match.
    // Sticky-first pages pick sticky and other posts in two date-ordered
    // index walks, each stopping after `limit + offset` rows, so no ordering
    // ever sorts the whole blog.
    let pick = if q.sticky_first {
        format!(
            concat!(
                "select id, sticky, published_at from (select p.id, p.sticky, p.published_at from posts p \
                 where p.kind = 'post' and p.sticky = 1 and ",
                visible!("$1"),
                "{filter} order by p.published_at desc, p.id desc limit ${window} + 0) as s \
                 union all select id, sticky, published_at from (select p.id, p.sticky, p.published_at from posts p \
                 where p.kind = 'post' and p.sticky = 0 and ",
                visible!("$1"),
                "{filter} order by p.published_at desc, p.id desc limit ${window} + 0) as o \
                 order by sticky desc, published_at desc, id desc limit ${limit} + 0 offset ${offset}"
            ),
            filter = filter,
            window = limit_at + 2,
            limit = limit_at,
            offset = limit_at + 1,
        )
    } else {
        format!(
            concat!(
                "select p.id from posts p where p.kind = 'post' and ",
                visible!("$1"),
                "{filter} order by p.published_at desc, p.id desc limit ${limit} + 0 offset ${offset}"
            ),
            filter = filter,
            limit = limit_at,
            offset = limit_at + 1,
        )
    };
    let order = if q.sticky_first {
        "p.sticky desc, "
    } else {
        ""
    };
    let page_sql = format!(
        concat!(
            "select ",
            card_columns!(),
            " from ({pick}) as pick join posts p on p.id = pick.id join users u on u.id = p.author_id \
             order by {order}p.published_at desc, p.id desc"
        ),
        pick = pick,
        order = order,
    );
    // A negative limit means "no limit" to SQLite and an error to PostgreSQL.
    let (limit, offset) = (q.limit.max(0), q.offset.max(0));
    let mut page = bind_all(dynamic(page_sql).bind(secs(q.now)), &values)
        .bind(limit)
        .bind(offset);
    if q.sticky_first {
        page = page.bind(limit.saturating_add(offset));
    }
    let rows = db.all(page).await?;
    let items = cards_with_terms(db, &rows).await?;
    Ok(PostList { items, total })
}

/// Every post and page of every status with author login and terms, by
/// kind, date (undated drafts last, the same on both engines) and id.
pub(crate) async fn all(db: &mut Db<'_>) -> Result<Vec<PostWithTerms>, sqlx::Error> {
    let rows = db
        .all(query(concat!(
            "select ",
            post_columns!(),
            ", u.login as author_login from posts p join users u on u.id = p.author_id \
             order by p.kind, case when p.published_at is null then 1 else 0 end, p.published_at, p.id"
        )))
        .await?;
    let mut by_post = terms::of_all_posts(db).await?;
    rows.iter()
        .map(|row| {
            let post = post_from_row(row)?;
            Ok(PostWithTerms {
                terms: by_post.remove(&post.id).unwrap_or_default(),
                author_login: row.try_get("author_login")?,
                post,
            })
        })
        .collect()
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
    if let Some(search) = q.search.as_ref().filter(|s| !s.is_empty()) {
        let i = next();
        let (clause, value) = crate::search::filter(db, i, search);
        clauses.push(clause);
        texts.push((i, value));
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
             order by p.updated_at desc, p.id desc limit ${limit} + 0 offset ${offset}"
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
    let items = cards_with_terms(db, &rows).await?;
    Ok(PostList { items, total })
}

/// Deletes posts; comments, terms links and revisions go with them (the
/// schema cascades).
pub(crate) async fn delete_posts(db: &mut Db<'_>, ids: &[PostId]) -> Result<u64, sqlx::Error> {
    if ids.is_empty() {
        return Ok(0);
    }
    crate::search::remove(db, ids).await?;
    let mut q = dynamic(format!(
        "delete from posts where id in ({})",
        placeholders(1, ids.len())
    ));
    for id in ids {
        q = q.bind(id.0);
    }
    db.execute(q).await
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
