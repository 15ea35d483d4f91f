//! IndieAuth authorization codes: stored by hash, taken once.

use beitrag_core::model::{AuthCode, UserId};
use chrono::{DateTime, Utc};
use sqlx::Row;

use crate::exec::{Db, query};
use crate::rows::secs;

/// Stores a code, forgetting expired ones on the way.
pub(crate) async fn add(db: &mut Db<'_>, c: &AuthCode) -> Result<(), sqlx::Error> {
    db.execute(query("delete from auth_codes where expires_at < $1").bind(secs(Utc::now())))
        .await?;
    db.execute(
        query(
            "insert into auth_codes (code_hash, user_id, client_id, redirect_uri, scope, challenge, expires_at) \
             values ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(c.code_hash.as_str())
        .bind(c.user_id.0)
        .bind(c.client_id.as_str())
        .bind(c.redirect_uri.as_str())
        .bind(c.scope.as_str())
        .bind(c.challenge.as_str())
        .bind(secs(c.expires_at)),
    )
    .await?;
    Ok(())
}

/// Removes the code and returns it when it has not expired: deleting
/// first makes a second use find nothing, on either engine.
pub(crate) async fn take(
    db: &mut Db<'_>,
    hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<AuthCode>, sqlx::Error> {
    let row = db
        .optional(
            query(
                "delete from auth_codes where code_hash = $1 \
                 returning code_hash, user_id, client_id, redirect_uri, scope, challenge, expires_at",
            )
            .bind(hash),
        )
        .await?;
    let Some(row) = row else { return Ok(None) };
    let expires = DateTime::from_timestamp(row.try_get::<i64, _>("expires_at")?, 0)
        .unwrap_or(DateTime::UNIX_EPOCH);
    if expires < now {
        return Ok(None);
    }
    Ok(Some(AuthCode {
        code_hash: row.try_get("code_hash")?,
        user_id: UserId(row.try_get("user_id")?),
        client_id: row.try_get("client_id")?,
        redirect_uri: row.try_get("redirect_uri")?,
        scope: row.try_get("scope")?,
        challenge: row.try_get("challenge")?,
        expires_at: expires,
    }))
}
