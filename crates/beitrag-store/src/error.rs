//! The one place where driver errors become [`StoreError`]s.

use beitrag_core::StoreError;
use sqlx::error::ErrorKind;

/// Maps a sqlx error: a missing row is [`StoreError::NotFound`], a unique
/// violation is [`StoreError::Conflict`] naming the constraint (PostgreSQL)
/// or the message (SQLite, which names the columns there), and everything
/// else is an opaque [`StoreError::Backend`].
pub(crate) fn map(e: sqlx::Error) -> StoreError {
    match e {
        sqlx::Error::RowNotFound => StoreError::NotFound,
        sqlx::Error::Database(db) if db.kind() == ErrorKind::UniqueViolation => {
            StoreError::Conflict {
                what: db
                    .constraint()
                    .map_or_else(|| db.message().to_owned(), str::to_owned),
            }
        }
        other => StoreError::Backend(Box::new(other)),
    }
}
