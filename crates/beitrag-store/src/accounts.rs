//! Sessions, API tokens, login failures and account updates.

use beitrag_core::model::{
    ApiToken, NewSession, NewToken, Scope, Session, SessionId, TokenId, User, UserId,
};
use chrono::{DateTime, Utc};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::exec::{Db, dynamic, placeholders, query};
use crate::rows::{secs, user_from_row};

fn time(row: &AnyRow, col: &str) -> Result<DateTime<Utc>, sqlx::Error> {
    let s: i64 = row.try_get(col)?;
    DateTime::from_timestamp(s, 0)
        .ok_or_else(|| sqlx::Error::Decode(format!("{col}: timestamp {s} out of range").into()))
}

fn session_from_row(row: &AnyRow) -> Result<Session, sqlx::Error> {
    Ok(Session {
        id: SessionId(row.try_get("s_id")?),
        user_id: UserId(row.try_get("s_user_id")?),
        csrf: row.try_get("s_csrf")?,
        created_at: time(row, "s_created_at")?,
        last_seen: time(row, "s_last_seen")?,
        expires_at: time(row, "s_expires_at")?,
        ip: row.try_get("s_ip")?,
        user_agent: row.try_get("s_user_agent")?,
    })
}

fn token_from_row(row: &AnyRow) -> Result<ApiToken, sqlx::Error> {
    let scope: String = row.try_get("t_scope")?;
    Ok(ApiToken {
        id: TokenId(row.try_get("t_id")?),
        user_id: UserId(row.try_get("t_user_id")?),
        name: row.try_get("t_name")?,
        scope: Scope::parse(&scope).ok_or_else(|| {
            sqlx::Error::Decode(format!("t_scope: unknown word `{scope}`").into())
        })?,
        created_at: time(row, "t_created_at")?,
        last_used_at: match row.try_get::<Option<i64>, _>("t_last_used_at")? {
            None => None,
            Some(s) => Some(DateTime::from_timestamp(s, 0).ok_or_else(|| {
                sqlx::Error::Decode(format!("t_last_used_at: {s} out of range").into())
            })?),
        },
    })
}

macro_rules! session_columns {
    () => {
        "s.id as s_id, s.user_id as s_user_id, s.csrf as s_csrf, s.created_at as s_created_at, \
         s.last_seen as s_last_seen, s.expires_at as s_expires_at, s.ip as s_ip, \
         s.user_agent as s_user_agent"
    };
}

macro_rules! token_columns {
    () => {
        "t.id as t_id, t.user_id as t_user_id, t.name as t_name, t.scope as t_scope, \
         t.created_at as t_created_at, t.last_used_at as t_last_used_at"
    };
}

/// The user columns, unprefixed, from the alias `u`.
macro_rules! user_columns_u {
    () => {
        "u.id, u.login, u.display_name, u.email, u.bio, u.avatar_url, u.role, u.password_hash, \
         u.disabled, u.totp_secret, u.language, u.created_at"
    };
}

/// A user by id.
pub(crate) async fn user_by_id(db: &mut Db<'_>, id: UserId) -> Result<Option<User>, sqlx::Error> {
    let row = db
        .optional(
            query(concat!(
                "select ",
                user_columns_u!(),
                " from users u where u.id = $1"
            ))
            .bind(id.0),
        )
        .await?;
    row.as_ref().map(user_from_row).transpose()
}

/// Stores the editable fields of a user; no such user is `RowNotFound`.
pub(crate) async fn update_user(db: &mut Db<'_>, u: &User) -> Result<(), sqlx::Error> {
    let n = db
        .execute(
            query(
                "update users set display_name = $1, email = $2, bio = $3, avatar_url = $4, \
                 role = $5, disabled = $6, language = $7 where id = $8",
            )
            .bind(u.display_name.as_str())
            .bind(u.email.as_str())
            .bind(u.bio.as_str())
            .bind(u.avatar_url.as_deref())
            .bind(u.role.as_str())
            .bind(i64::from(u.disabled))
            .bind(u.language.as_str())
            .bind(u.id.0),
        )
        .await?;
    if n == 0 {
        return Err(sqlx::Error::RowNotFound);
    }
    Ok(())
}

/// Stores a session.
pub(crate) async fn create_session(
    db: &mut Db<'_>,
    s: &NewSession,
) -> Result<SessionId, sqlx::Error> {
    let row = db
        .one(
            query(
                "insert into sessions (token_hash, user_id, csrf, created_at, last_seen, expires_at, ip, user_agent) \
                 values ($1, $2, $3, $4, $4, $5, $6, $7) returning id",
            )
            .bind(s.token_hash.as_str())
            .bind(s.user_id.0)
            .bind(s.csrf.as_str())
            .bind(secs(s.created_at))
            .bind(secs(s.expires_at))
            .bind(s.ip.as_str())
            .bind(s.user_agent.as_str()),
        )
        .await?;
    Ok(SessionId(row.try_get("id")?))
}

/// A live session of an enabled user, in one statement.
pub(crate) async fn session_by_token(
    db: &mut Db<'_>,
    hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<(Session, User)>, sqlx::Error> {
    let row = db
        .optional(
            query(concat!(
                "select ",
                session_columns!(),
                ", ",
                user_columns_u!(),
                " from sessions s join users u on u.id = s.user_id \
                 where s.token_hash = $1 and s.expires_at > $2 and u.disabled = 0"
            ))
            .bind(hash)
            .bind(secs(now)),
        )
        .await?;
    row.map(|r| Ok((session_from_row(&r)?, user_from_row(&r)?)))
        .transpose()
}

/// Records activity.
pub(crate) async fn touch_session(
    db: &mut Db<'_>,
    id: SessionId,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    db.execute(
        query("update sessions set last_seen = $1 where id = $2")
            .bind(secs(now))
            .bind(id.0),
    )
    .await
    .map(drop)
}

/// A user's live sessions, newest first.
pub(crate) async fn sessions_of_user(
    db: &mut Db<'_>,
    user: UserId,
    now: DateTime<Utc>,
) -> Result<Vec<Session>, sqlx::Error> {
    let rows = db
        .all(
            query(concat!(
                "select ",
                session_columns!(),
                " from sessions s where s.user_id = $1 and s.expires_at > $2 order by s.id desc"
            ))
            .bind(user.0)
            .bind(secs(now)),
        )
        .await?;
    rows.iter().map(session_from_row).collect()
}

/// Ends one or all sessions of a user.
pub(crate) async fn delete_sessions(
    db: &mut Db<'_>,
    user: UserId,
    only: Option<SessionId>,
) -> Result<u64, sqlx::Error> {
    match only {
        Some(id) => {
            db.execute(
                query("delete from sessions where user_id = $1 and id = $2")
                    .bind(user.0)
                    .bind(id.0),
            )
            .await
        }
        None => {
            db.execute(query("delete from sessions where user_id = $1").bind(user.0))
                .await
        }
    }
}

/// One failure row per key; old rows of these keys are dropped on the way
/// so the table stays small.
pub(crate) async fn add_login_failure(
    db: &mut Db<'_>,
    keys: &[String],
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    if keys.is_empty() {
        return Ok(());
    }
    let mut q = dynamic(format!(
        "delete from login_failures where at < $1 and key in ({})",
        placeholders(2, keys.len())
    ))
    .bind(secs(now) - 86_400);
    for k in keys {
        q = q.bind(k.clone());
    }
    db.execute(q).await?;
    for k in keys {
        db.execute(
            query("insert into login_failures (key, at) values ($1, $2)")
                .bind(k.clone())
                .bind(secs(now)),
        )
        .await?;
    }
    Ok(())
}

/// Count and latest failure under `key` since `since`.
pub(crate) async fn login_failures(
    db: &mut Db<'_>,
    key: &str,
    since: DateTime<Utc>,
) -> Result<(i64, Option<DateTime<Utc>>), sqlx::Error> {
    let row = db
        .one(
            query("select count(*) as n, max(at) as latest from login_failures where key = $1 and at >= $2")
                .bind(key)
                .bind(secs(since)),
        )
        .await?;
    let latest = row
        .try_get::<Option<i64>, _>("latest")?
        .and_then(|s| DateTime::from_timestamp(s, 0));
    Ok((row.try_get("n")?, latest))
}

/// Forgets the failures under `key`.
pub(crate) async fn clear_login_failures(db: &mut Db<'_>, key: &str) -> Result<(), sqlx::Error> {
    db.execute(query("delete from login_failures where key = $1").bind(key))
        .await
        .map(drop)
}

/// Stores a token.
pub(crate) async fn create_token(db: &mut Db<'_>, t: &NewToken) -> Result<TokenId, sqlx::Error> {
    let row = db
        .one(
            query(
                "insert into api_tokens (user_id, name, token_hash, scope, created_at) \
                 values ($1, $2, $3, $4, $5) returning id",
            )
            .bind(t.user_id.0)
            .bind(t.name.as_str())
            .bind(t.token_hash.as_str())
            .bind(t.scope.as_str())
            .bind(secs(t.created_at)),
        )
        .await?;
    Ok(TokenId(row.try_get("id")?))
}

/// The token and its enabled owner; marks the use.
pub(crate) async fn use_token(
    db: &mut Db<'_>,
    hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<(ApiToken, User)>, sqlx::Error> {
    let row = db
        .optional(
            query(concat!(
                "select ",
                token_columns!(),
                ", ",
                user_columns_u!(),
                " from api_tokens t join users u on u.id = t.user_id \
                 where t.token_hash = $1 and u.disabled = 0"
            ))
            .bind(hash),
        )
        .await?;
    let Some(row) = row else { return Ok(None) };
    let token = token_from_row(&row)?;
    // Recording every request would make reads write; a minute is precise
    // enough for "last used".
    if token
        .last_used_at
        .is_none_or(|t| now - t > chrono::Duration::minutes(1))
    {
        db.execute(
            query("update api_tokens set last_used_at = $1 where id = $2")
                .bind(secs(now))
                .bind(token.id.0),
        )
        .await?;
    }
    Ok(Some((token, user_from_row(&row)?)))
}

/// A user's tokens, newest first.
pub(crate) async fn tokens_of_user(
    db: &mut Db<'_>,
    user: UserId,
) -> Result<Vec<ApiToken>, sqlx::Error> {
    let rows = db
        .all(
            query(concat!(
                "select ",
                token_columns!(),
                " from api_tokens t where t.user_id = $1 order by t.id desc"
            ))
            .bind(user.0),
        )
        .await?;
    rows.iter().map(token_from_row).collect()
}

/// Revokes a token of a user.
pub(crate) async fn delete_token(
    db: &mut Db<'_>,
    user: UserId,
    id: TokenId,
) -> Result<u64, sqlx::Error> {
    db.execute(
        query("delete from api_tokens where user_id = $1 and id = $2")
            .bind(user.0)
            .bind(id.0),
    )
    .await
}

/// Turns two-factor authentication on (a secret) or off (empty).
pub(crate) async fn set_totp(
    db: &mut Db<'_>,
    user: UserId,
    secret: &str,
) -> Result<(), sqlx::Error> {
    db.execute(
        query("update users set totp_secret = $1, totp_last_step = 0 where id = $2")
            .bind(secret)
            .bind(user.0),
    )
    .await
    .map(drop)
}

/// Records the use of a TOTP time step; `false` when this or a later step
/// was already used (a replayed code).
pub(crate) async fn use_totp_step(
    db: &mut Db<'_>,
    user: UserId,
    step: i64,
) -> Result<bool, sqlx::Error> {
    let n = db
        .execute(
            query("update users set totp_last_step = $1 where id = $2 and totp_last_step < $1")
                .bind(step)
                .bind(user.0),
        )
        .await?;
    Ok(n == 1)
}
