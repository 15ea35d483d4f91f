//! Site settings (key/value text) and redirects of old paths.

use sqlx::Row;

use crate::exec::{Db, query};
use crate::rows::secs;

/// Every setting, by key.
pub(crate) async fn all(db: &mut Db<'_>) -> Result<Vec<(String, String)>, sqlx::Error> {
    let rows = db
        .all(query("select key, value from settings order by key"))
        .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("key")?, r.try_get("value")?)))
        .collect()
}

/// Inserts or replaces settings.
pub(crate) async fn put(db: &mut Db<'_>, pairs: &[(String, String)]) -> Result<(), sqlx::Error> {
    for (key, value) in pairs {
        db.execute(
            query(
                "insert into settings (key, value) values ($1, $2) \
                 on conflict (key) do update set value = excluded.value",
            )
            .bind(key.as_str())
            .bind(value.as_str()),
        )
        .await?;
    }
    Ok(())
}

/// Inserts `key` unless it exists; the value stored either way.
pub(crate) async fn add(db: &mut Db<'_>, key: &str, value: &str) -> Result<String, sqlx::Error> {
    db.execute(
        query("insert into settings (key, value) values ($1, $2) on conflict (key) do nothing")
            .bind(key.to_owned())
            .bind(value.to_owned()),
    )
    .await?;
    let row = db
        .one(query("select value from settings where key = $1").bind(key.to_owned()))
        .await?;
    row.try_get("value")
}

/// Records `old → new` redirects without ever creating a chain or a loop:
/// the new path is live again, so a redirect away from it goes; redirects
/// that pointed at the old path now point at the new one; then `old → new`
/// itself is written (replacing an earlier target of `old`).
pub(crate) async fn add_redirects(
    db: &mut Db<'_>,
    redirects: &[(String, String)],
) -> Result<(), sqlx::Error> {
    let now = secs(chrono::Utc::now());
    for (old, new) in redirects {
        if old == new {
            continue;
        }
        db.execute(query("delete from redirects where source = $1").bind(new.as_str()))
            .await?;
        db.execute(
            query("update redirects set target = $1 where target = $2")
                .bind(new.as_str())
                .bind(old.as_str()),
        )
        .await?;
        db.execute(
            query(
                "insert into redirects (source, target, created_at) values ($1, $2, $3) \
                 on conflict (source) do update set target = excluded.target, created_at = excluded.created_at",
            )
            .bind(old.as_str())
            .bind(new.as_str())
            .bind(now),
        )
        .await?;
    }
    Ok(())
}

/// Where an old path now lives.
pub(crate) async fn redirect_for(
    db: &mut Db<'_>,
    path: &str,
) -> Result<Option<String>, sqlx::Error> {
    let row = db
        .optional(query("select target from redirects where source = $1").bind(path))
        .await?;
    row.map(|r| r.try_get("target")).transpose()
}

/// Settings and the redirects they cause (in the caller's transaction).
pub(crate) async fn put_with_redirects(
    db: &mut Db<'_>,
    pairs: &[(String, String)],
    redirects: &[(String, String)],
) -> Result<(), sqlx::Error> {
    put(db, pairs).await?;
    add_redirects(db, redirects).await
}
