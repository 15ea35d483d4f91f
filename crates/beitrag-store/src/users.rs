//! User accounts.

use beitrag_core::model::{NewUser, User, UserId};
use chrono::Utc;

use crate::exec::{Db, query};
use crate::rows::{secs, user_from_row};
use crate::sql::user_columns;

/// Inserts a user, created now; a taken login is a unique violation.
pub(crate) async fn create(db: &mut Db<'_>, u: &NewUser) -> Result<User, sqlx::Error> {
    let row = db
        .one(
            query(concat!(
                "insert into users (login, display_name, email, bio, avatar_url, role, password_hash, created_at) \
                 values ($1, $2, $3, $4, $5, $6, $7, $8) returning ",
                user_columns!()
            ))
            .bind(u.login.as_str())
            .bind(u.display_name.as_str())
            .bind(u.email.as_str())
            .bind(u.bio.as_str())
            .bind(u.avatar_url.as_deref())
            .bind(u.role.as_str())
            .bind(u.password_hash.as_str())
            .bind(secs(Utc::now())),
        )
        .await?;
    user_from_row(&row)
}

/// A user by login.
pub(crate) async fn by_login(db: &mut Db<'_>, login: &str) -> Result<Option<User>, sqlx::Error> {
    let row = db
        .optional(
            query(concat!(
                "select ",
                user_columns!(),
                " from users where login = $1"
            ))
            .bind(login),
        )
        .await?;
    row.as_ref().map(user_from_row).transpose()
}

/// Every user, by id.
pub(crate) async fn all(db: &mut Db<'_>) -> Result<Vec<User>, sqlx::Error> {
    let rows = db
        .all(query(concat!(
            "select ",
            user_columns!(),
            " from users order by id"
        )))
        .await?;
    rows.iter().map(user_from_row).collect()
}

/// Replaces a password hash; no such user is `RowNotFound`.
pub(crate) async fn set_password_hash(
    db: &mut Db<'_>,
    id: UserId,
    hash: &str,
) -> Result<(), sqlx::Error> {
    let n = db
        .execute(
            query("update users set password_hash = $1 where id = $2")
                .bind(hash)
                .bind(id.0),
        )
        .await?;
    if n == 0 {
        return Err(sqlx::Error::RowNotFound);
    }
    Ok(())
}
