//! Rows of uploaded media.

use beitrag_core::model::{Media, MediaId, MediaVariant, UserId};
use chrono::DateTime;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::exec::{Db, dynamic, placeholders, query};
use crate::rows::secs;

const COLUMNS: &str =
    "id, path, name, alt, mime, size, width, height, variants, uploaded_by, created_at";

fn variants_text(v: &[MediaVariant]) -> String {
    v.iter()
        .map(|v| format!("{} {} {}", v.path, v.width, v.height))
        .collect::<Vec<_>>()
        .join("\n")
}

fn dimension(row: &AnyRow, col: &str) -> Result<Option<u32>, sqlx::Error> {
    row.try_get::<Option<i64>, _>(col)?
        .map(|n| {
            u32::try_from(n)
                .map_err(|_| sqlx::Error::Decode(format!("{col}: {n} out of range").into()))
        })
        .transpose()
}

fn from_row(row: &AnyRow) -> Result<Media, sqlx::Error> {
    let bad = |what: String| sqlx::Error::Decode(what.into());
    let text: String = row.try_get("variants")?;
    let variants = text
        .lines()
        .filter(|l| !l.is_empty())
        .map(|l| {
            let mut parts = l.split(' ');
            match (parts.next(), parts.next(), parts.next()) {
                (Some(p), Some(w), Some(h)) => Ok(MediaVariant {
                    path: p.to_owned(),
                    width: w.parse().map_err(|_| bad(format!("variants: `{l}`")))?,
                    height: h.parse().map_err(|_| bad(format!("variants: `{l}`")))?,
                }),
                _ => Err(bad(format!("variants: `{l}`"))),
            }
        })
        .collect::<Result<Vec<_>, _>>()?;
    let at: i64 = row.try_get("created_at")?;
    let size: i64 = row.try_get("size")?;
    Ok(Media {
        id: MediaId(row.try_get("id")?),
        path: row.try_get("path")?,
        name: row.try_get("name")?,
        alt: row.try_get("alt")?,
        mime: row.try_get("mime")?,
        size: u64::try_from(size).map_err(|_| bad(format!("size: {size}")))?,
        width: dimension(row, "width")?,
        height: dimension(row, "height")?,
        variants,
        uploaded_by: UserId(row.try_get("uploaded_by")?),
        created_at: DateTime::from_timestamp(at, 0)
            .ok_or_else(|| bad(format!("created_at: {at} out of range")))?,
    })
}

/// Inserts an upload.
pub(crate) async fn add(db: &mut Db<'_>, m: &Media) -> Result<Media, sqlx::Error> {
    let row = db
        .one(
            query(
                "insert into media (path, name, mime, size, width, height, variants, uploaded_by, created_at, alt) \
                 values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning id",
            )
            .bind(m.path.as_str())
            .bind(m.name.as_str())
            .bind(m.mime.as_str())
            .bind(i64::try_from(m.size).unwrap_or(i64::MAX))
            .bind(m.width.map(i64::from))
            .bind(m.height.map(i64::from))
            .bind(variants_text(&m.variants))
            .bind(m.uploaded_by.0)
            .bind(secs(m.created_at))
            .bind(m.alt.as_str()),
        )
        .await?;
    Ok(Media {
        id: MediaId(row.try_get("id")?),
        ..m.clone()
    })
}

/// One upload.
pub(crate) async fn by_id(db: &mut Db<'_>, id: MediaId) -> Result<Option<Media>, sqlx::Error> {
    let row = db
        .optional(dynamic(format!("select {COLUMNS} from media where id = $1")).bind(id.0))
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// Uploads by id, in one query (the featured images of a feed or list).
pub(crate) async fn by_ids(db: &mut Db<'_>, ids: &[MediaId]) -> Result<Vec<Media>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = dynamic(format!(
        "select {COLUMNS} from media where id in ({})",
        placeholders(1, ids.len())
    ));
    for id in ids {
        q = q.bind(id.0);
    }
    db.all(q).await?.iter().map(from_row).collect()
}

/// Uploads by original path.
pub(crate) async fn by_paths(db: &mut Db<'_>, paths: &[String]) -> Result<Vec<Media>, sqlx::Error> {
    if paths.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = dynamic(format!(
        "select {COLUMNS} from media where path in ({})",
        placeholders(1, paths.len())
    ));
    for p in paths {
        q = q.bind(p.clone());
    }
    db.all(q).await?.iter().map(from_row).collect()
}

/// A page of uploads, newest first, with the total.
pub(crate) async fn list(
    db: &mut Db<'_>,
    limit: i64,
    offset: i64,
) -> Result<(Vec<Media>, i64), sqlx::Error> {
    let total: i64 = db
        .one(query("select count(*) as n from media"))
        .await?
        .try_get("n")?;
    let rows = db
        .all(
            dynamic(format!(
                "select {COLUMNS} from media order by created_at desc, id desc limit $1 + 0 offset $2"
            ))
            .bind(limit.max(0))
            .bind(offset.max(0)),
        )
        .await?;
    Ok((rows.iter().map(from_row).collect::<Result<_, _>>()?, total))
}

/// Changes an upload's alt text; the ids of the posts that show it as
/// their featured image, whose pages must be rendered again.
pub(crate) async fn set_alt(
    db: &mut Db<'_>,
    id: MediaId,
    alt: &str,
) -> Result<Vec<beitrag_core::model::PostId>, sqlx::Error> {
    // `one` turns "no such id" into `RowNotFound`.
    db.one(
        query("update media set alt = $1 where id = $2 returning id")
            .bind(alt)
            .bind(id.0),
    )
    .await?;
    db.all(query("select id from posts where featured_media = $1 order by id").bind(id.0))
        .await?
        .iter()
        .map(|r| r.try_get("id").map(beitrag_core::model::PostId))
        .collect()
}

/// Forgets an upload; the posts that showed it as their featured image
/// lose it (the foreign key would do the same, but this way the caller
/// learns which pages changed).
pub(crate) async fn delete(
    db: &mut Db<'_>,
    id: MediaId,
) -> Result<Vec<beitrag_core::model::PostId>, sqlx::Error> {
    let posts = db
        .all(
            query("update posts set featured_media = null where featured_media = $1 returning id")
                .bind(id.0),
        )
        .await?
        .iter()
        .map(|r| r.try_get("id").map(beitrag_core::model::PostId))
        .collect::<Result<Vec<_>, _>>()?;
    db.execute(query("delete from media where id = $1").bind(id.0))
        .await?;
    Ok(posts)
}
