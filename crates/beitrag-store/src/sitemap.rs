//! The posts of the sitemaps. Posts are grouped by id range (`id / size`),
//! so a sitemap file reads one bounded primary-key range however large the
//! blog is; the index needs one grouped pass over the visible posts.

use beitrag_core::model::Post;
use chrono::{DateTime, Utc};
use sqlx::Row;

use crate::exec::{Db, query};
use crate::rows::{post_from_row, secs, time};
use crate::sql::visible;

/// The id ranges (`id / size`) holding visible posts, with the newest
/// change in each, in order.
pub(crate) async fn chunks(
    db: &mut Db<'_>,
    now: DateTime<Utc>,
    size: i64,
) -> Result<Vec<(i64, DateTime<Utc>)>, sqlx::Error> {
    let rows = db
        .all(
            query(concat!(
                "select p.id / $2 as chunk, max(p.updated_at) as updated_at from posts p \
                 where p.kind = 'post' and ",
                visible!("$1"),
                " group by 1 order by 1"
            ))
            .bind(secs(now))
            .bind(size.max(1)),
        )
        .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("chunk")?, time(r, "updated_at")?)))
        .collect()
}

/// The visible posts of id range `chunk`, by id, without their texts
/// (a permalink needs the slug, date, author and primary category).
pub(crate) async fn posts(
    db: &mut Db<'_>,
    now: DateTime<Utc>,
    chunk: i64,
    size: i64,
) -> Result<Vec<Post>, sqlx::Error> {
    let size = size.max(1);
    let rows = db
        .all(
            query(concat!(
                "select p.id, p.kind, p.status, p.slug, p.title, '' as source, p.format, '' as html, \
                 '' as excerpt, p.author_id, p.published_at, p.updated_at, p.comment_status, \
                 p.ping_status, p.sticky, '' as trackbacks, p.guid, p.featured_media, \
                 (select min(pc.term_id) from post_terms pc join terms tc on tc.id = pc.term_id \
                  where pc.post_id = p.id and tc.taxonomy = 'category') as primary_category \
                 from posts p where p.id >= $2 and p.id < $3 and p.kind = 'post' and ",
                visible!("$1"),
                " order by p.id"
            ))
            .bind(secs(now))
            .bind(chunk.saturating_mul(size))
            .bind(chunk.saturating_add(1).saturating_mul(size)),
        )
        .await?;
    rows.iter().map(post_from_row).collect()
}
