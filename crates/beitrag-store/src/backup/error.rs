//! Why a backup or restore stopped, in words an operator can act on. Every
//! refusal of a restore comes before anything is written, or rolls back.

/// A backup or restore that did not happen.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    /// The archive file could not be created, written or opened.
    #[error("{path}: {source}")]
    File {
        /// The file.
        path: String,
        /// What the system said.
        source: std::io::Error,
    },
    /// The file is no gzip-compressed tar, or no backup of ours.
    #[error("{path} is not a beitrag backup: {reason}")]
    NotAnArchive {
        /// The file.
        path: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The archive ends early or its compressed stream is damaged.
    #[error("{path} is truncated or damaged: {reason}")]
    Damaged {
        /// The file.
        path: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A member's bytes are not the ones the manifest lists.
    #[error("{path} is damaged: {member} does not match the checksum in its manifest")]
    Checksum {
        /// The file.
        path: String,
        /// The member.
        member: String,
    },
    /// The archive's format is newer than this binary reads.
    #[error(
        "{path} was written by a newer beitrag ({beitrag}, archive format {found}); this beitrag reads format {known}: restore it with that version or newer"
    )]
    FutureFormat {
        /// The file.
        path: String,
        /// The version that wrote it.
        beitrag: String,
        /// Its format version.
        found: u64,
        /// The format version this binary writes and reads.
        known: u64,
    },
    /// The archive's schema is newer than this binary's migrations.
    #[error(
        "{path} holds schema version {archive}, newer than this beitrag knows ({binary}): restore it with beitrag {beitrag} or newer"
    )]
    NewerSchema {
        /// The file.
        path: String,
        /// The archive's schema version.
        archive: i64,
        /// The newest migration of this binary.
        binary: i64,
        /// The version that wrote it.
        beitrag: String,
    },
    /// The target database was migrated past the archive's schema.
    #[error(
        "the database is at schema version {database}, newer than the backup's {archive}: restore into a new, empty database (restore migrates it itself)"
    )]
    DatabaseNewer {
        /// The database's newest applied migration.
        database: i64,
        /// The archive's schema version.
        archive: i64,
    },
    /// The target database holds data already.
    #[error(
        "the database is not empty (table {table} has {rows} rows): restore only into a new, empty database"
    )]
    NotEmpty {
        /// The first table found with rows.
        table: String,
        /// How many.
        rows: i64,
    },
    /// The target media store holds objects already.
    #[error(
        "the media store is not empty ({objects} objects, e.g. {example}): restore only into an empty media directory or bucket"
    )]
    MediaNotEmpty {
        /// How many objects.
        objects: usize,
        /// One of them.
        example: String,
    },
    /// The archive's content does not fit the schema (or is malformed).
    #[error("{path}: {member}: {reason}")]
    Invalid {
        /// The file.
        path: String,
        /// The member (and line).
        member: String,
        /// What is wrong.
        reason: String,
    },
    /// The database failed.
    #[error("database: {0}")]
    Database(String),
    /// The media store failed.
    #[error("media store: {0}")]
    Media(String),
}

impl BackupError {
    pub(crate) fn db(e: impl std::fmt::Display) -> Self {
        Self::Database(e.to_string())
    }
}
