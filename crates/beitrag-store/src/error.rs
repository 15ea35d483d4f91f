//! The one place where driver errors become [`StoreError`]s.

use beitrag_core::StoreError;
use sqlx::error::ErrorKind;

/// Maps a sqlx error: a missing row is [`StoreError::NotFound`], a unique
/// violation is [`StoreError::Conflict`] naming the constraint (PostgreSQL)
/// or the message (SQLite, which names the columns there), a server that
/// cannot be reached now is [`StoreError::Unavailable`], and everything
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
        other if unreachable(&other) => StoreError::Unavailable(Box::new(other)),
        other => StoreError::Backend(Box::new(other)),
    }
}

/// Whether `e` says the server is away rather than that a statement was
/// wrong: no connection within the pool's timeout, a broken socket, or
/// PostgreSQL's connection exceptions (SQLSTATE class 08) and operator
/// interventions (57P01–57P03: shutting down, crashed, starting up).
fn unreachable(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => true,
        sqlx::Error::Database(db) => db
            .code()
            .is_some_and(|c| c.starts_with("08") || c.starts_with("57P")),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_an_unreachable_server_to_unavailable_and_others_to_backend() {
        let refused = std::io::Error::from(std::io::ErrorKind::ConnectionRefused);
        for e in [
            sqlx::Error::PoolTimedOut,
            sqlx::Error::PoolClosed,
            sqlx::Error::Io(refused),
        ] {
            assert!(matches!(map(e), StoreError::Unavailable(_)));
        }
        assert!(matches!(
            map(sqlx::Error::RowNotFound),
            StoreError::NotFound
        ));
        assert!(matches!(
            map(sqlx::Error::Protocol("odd".into())),
            StoreError::Backend(_)
        ));
    }
}
