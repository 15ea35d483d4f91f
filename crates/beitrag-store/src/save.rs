//! Writing posts: the whole batch of a `save_posts` call runs in the
//! caller's transaction, so any failure leaves nothing behind.

use beitrag_core::model::{PostId, PostWrite};
use chrono::Utc;
use sqlx::Row;

use crate::exec::{Db, Query, query};
use crate::rows::secs;
use crate::{settings, terms};

/// Binds the columns shared by insert and update, as `$1 … $17`.
fn bind_content(q: Query, w: &PostWrite) -> Query {
    q.bind(w.kind.as_str())
        .bind(w.status.as_str())
        .bind(w.slug.as_str())
        .bind(w.title.as_str())
        .bind(w.source.as_str())
        .bind(w.html.as_str())
        .bind(w.excerpt.as_str())
        .bind(w.author_id.0)
        .bind(w.published_at.map(secs))
        .bind(secs(w.updated_at))
        .bind(w.comment_status.as_str())
        .bind(w.ping_status.as_str())
        .bind(i64::from(w.sticky))
        .bind(w.trackbacks.join("\n"))
        .bind(w.format.as_str())
        .bind(w.guid.as_str())
        .bind(w.featured_media.map(|m| m.0))
}

/// Writes one post with its terms and redirects. Updating an id that does
/// not exist is `RowNotFound`; a taken `(kind, slug)` a unique violation.
pub(crate) async fn save_post(db: &mut Db<'_>, w: &PostWrite) -> Result<PostId, sqlx::Error> {
    let q = match w.id {
        None => bind_content(
            query(
                "insert into posts (kind, status, slug, title, source, html, excerpt, author_id, \
                 published_at, updated_at, comment_status, ping_status, sticky, trackbacks, format, guid, featured_media, created_at) \
                 values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) returning id",
            ),
            w,
        )
        .bind(secs(Utc::now())),
        Some(id) => bind_content(
            query(
                "update posts set kind = $1, status = $2, slug = $3, title = $4, source = $5, html = $6, \
                 excerpt = $7, author_id = $8, published_at = $9, updated_at = $10, comment_status = $11, \
                 ping_status = $12, sticky = $13, trackbacks = $14, format = $15, guid = $16, featured_media = $17 where id = $18 returning id",
            ),
            w,
        )
        .bind(id.0),
    };
    // `one` turns "no such id" into `RowNotFound`.
    let id = PostId(db.one(q).await?.try_get("id")?);
    terms::replace_post_terms(db, id, &w.tags, &w.categories).await?;
    crate::search::write(db, id, &w.search).await?;
    crate::revisions::add_revision(db, id, w).await?;
    settings::add_redirects(db, &w.redirects).await?;
    Ok(id)
}

/// Writes posts in order; the caller's transaction makes it all-or-nothing.
pub(crate) async fn save_all(
    db: &mut Db<'_>,
    writes: &[PostWrite],
) -> Result<Vec<PostId>, sqlx::Error> {
    let mut ids = Vec::with_capacity(writes.len());
    for w in writes {
        ids.push(save_post(db, w).await?);
    }
    Ok(ids)
}
