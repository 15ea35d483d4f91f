//! Items brought from another engine: their posts and responses in one
//! transaction, and the origin table that makes a second run a no-op.

use std::collections::HashMap;

use beitrag_core::model::{CommentId, ImportPost, ImportWrite, ImportedItem, PostId, origin_kind};
use sqlx::Row;

use crate::exec::{Db, dynamic, query};

/// The local id `external_id` of `kind` became, if it was imported.
pub(crate) async fn origin(
    db: &mut Db<'_>,
    origin: &str,
    kind: &str,
    external_id: &str,
) -> Result<Option<i64>, sqlx::Error> {
    let row = db
        .optional(
            query(
                "select local_id from import_origins \
                 where origin = $1 and kind = $2 and external_id = $3",
            )
            .bind(origin.to_owned())
            .bind(kind.to_owned())
            .bind(external_id.to_owned()),
        )
        .await?;
    row.map(|r| r.try_get("local_id")).transpose()
}

/// Records (or moves, when the row it named was deleted) an origin.
pub(crate) async fn record(
    db: &mut Db<'_>,
    origin: &str,
    kind: &str,
    external_id: &str,
    local_id: i64,
) -> Result<(), sqlx::Error> {
    db.execute(
        query(
            "insert into import_origins (origin, kind, external_id, local_id) values ($1, $2, $3, $4) \
             on conflict (origin, kind, external_id) do update set local_id = excluded.local_id",
        )
        .bind(origin.to_owned())
        .bind(kind.to_owned())
        .bind(external_id.to_owned())
        .bind(local_id),
    )
    .await?;
    Ok(())
}

/// Writes the items in order, in the caller's transaction.
pub(crate) async fn save(
    db: &mut Db<'_>,
    source: &str,
    items: &[ImportWrite],
) -> Result<Vec<ImportedItem>, sqlx::Error> {
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        let (post, inserted) = match &item.post {
            ImportPost::New(write) => {
                let id = crate::save::save_post(db, write).await?;
                record(db, source, origin_kind::POST, &item.external_id, id.0).await?;
                (id, true)
            }
            ImportPost::Known(id) => (*id, false),
        };
        let comments = save_comments(db, source, post, inserted, item).await?;
        out.push(ImportedItem {
            post,
            inserted,
            comments,
        });
    }
    Ok(out)
}

async fn save_comments(
    db: &mut Db<'_>,
    source: &str,
    post: PostId,
    fresh: bool,
    item: &ImportWrite,
) -> Result<usize, sqlx::Error> {
    // Parents of this item are looked up here first: they were written a
    // moment ago, or (re-run) are among the item's known responses, read
    // in a few statements rather than one per response.
    let mut ids: HashMap<&str, CommentId> = HashMap::new();
    let known: HashMap<String, i64> = if fresh {
        // A post inserted just now has no responses of earlier runs.
        HashMap::new()
    } else {
        let wanted: Vec<&str> = item
            .comments
            .iter()
            .map(|c| c.external_id.as_str())
            .collect();
        origins(db, source, origin_kind::COMMENT, &wanted).await?
    };
    let mut added: Vec<(&str, i64)> = Vec::new();
    for c in &item.comments {
        if let Some(id) = known.get(&c.external_id) {
            ids.insert(c.external_id.as_str(), CommentId(*id));
            continue;
        }
        let parent = match c.parent.as_deref() {
            None => None,
            Some(p) => match ids.get(p) {
                Some(id) => Some(*id),
                None => origin(db, source, origin_kind::COMMENT, p)
                    .await?
                    .map(CommentId),
            },
        };
        let id = crate::comments::add(db, &c.with_parent(post, parent)).await?;
        ids.insert(c.external_id.as_str(), id);
        added.push((c.external_id.as_str(), id.0));
    }
    record_many(db, source, origin_kind::COMMENT, &added).await?;
    Ok(added.len())
}

/// The local ids of those of `external` that were imported before.
async fn origins(
    db: &mut Db<'_>,
    source: &str,
    kind: &str,
    external: &[&str],
) -> Result<HashMap<String, i64>, sqlx::Error> {
    let mut out = HashMap::new();
    for chunk in external.chunks(ORIGINS_PER_STATEMENT) {
        let sql = format!(
            "select external_id, local_id from import_origins \
             where origin = $1 and kind = $2 and external_id in ({})",
            crate::exec::placeholders(3, chunk.len())
        );
        let mut q = dynamic(sql).bind(source.to_owned()).bind(kind.to_owned());
        for e in chunk {
            q = q.bind((*e).to_owned());
        }
        for row in db.all(q).await? {
            out.insert(row.try_get("external_id")?, row.try_get("local_id")?);
        }
    }
    Ok(out)
}

/// Rows per statement when recording many origins (4 parameters each, well
/// under SQLite's limit of 32,766).
const ORIGINS_PER_STATEMENT: usize = 500;

/// Records origins in a few multi-row statements instead of one each: an
/// import of 100,000 comments saves 100,000 round trips.
async fn record_many(
    db: &mut Db<'_>,
    source: &str,
    kind: &str,
    rows: &[(&str, i64)],
) -> Result<(), sqlx::Error> {
    // One statement may not name a key twice (PostgreSQL refuses to update
    // a row twice): an id an export repeats keeps its last row.
    let mut seen = std::collections::HashSet::new();
    let mut rows: Vec<(&str, i64)> = rows
        .iter()
        .rev()
        .filter(|(external, _)| seen.insert(*external))
        .copied()
        .collect();
    rows.reverse();
    for chunk in rows.chunks(ORIGINS_PER_STATEMENT) {
        let values: Vec<String> = (0..chunk.len())
            .map(|i| {
                format!(
                    "(${}, ${}, ${}, ${})",
                    4 * i + 1,
                    4 * i + 2,
                    4 * i + 3,
                    4 * i + 4
                )
            })
            .collect();
        let sql = format!(
            "insert into import_origins (origin, kind, external_id, local_id) values {} \
             on conflict (origin, kind, external_id) do update set local_id = excluded.local_id",
            values.join(", ")
        );
        let mut q = dynamic(sql);
        for (external, local) in chunk {
            q = q
                .bind(source.to_owned())
                .bind(kind.to_owned())
                .bind((*external).to_owned())
                .bind(*local);
        }
        db.execute(q).await?;
    }
    Ok(())
}
