//! Portable backups: [`SqlStore::backup`](crate::SqlStore::backup) writes a consistent snapshot of
//! every table and of the media into one engine-neutral archive,
//! [`SqlStore::restore`](crate::SqlStore::restore) brings such an archive back into an empty
//! database of either engine (which is how a blog moves from SQLite to
//! PostgreSQL).
//!
//! The archive (`format` 1) is a gzip-compressed tar whose members are, in
//! this order: `tables/<table>/<nnnnn>.jsonl` (one JSON object per row,
//! columns by name, values integers, text or null; a table is cut into
//! members of about 4 MiB so nothing holds a whole table), `media/<path>`
//! (each object as stored) and `manifest.json` last (format, versions, the
//! schema version, tables with their columns and row counts, and the size
//! and SHA-256 of every member). See `docs/OPERATIONS.md`.
//!
//! This module knows tables and bytes, not blog rules: the media objects
//! come and go through [`MediaObjects`], which the binary implements over
//! its media store, so a backup reaches the store the server uses.

mod archive;
mod dump;
mod error;
mod load;
mod tables;
mod verify;

pub use archive::{FORMAT, FORMAT_VERSION, Manifest, Member, TableEntry};
pub use error::BackupError;
pub use tables::{Column, Kind, TABLES, Table, Type, table};

use async_trait::async_trait;
use bytes::Bytes;
use futures_core::stream::BoxStream;

/// The media objects a backup copies: the objects of the blog's media
/// store, by path. Errors are messages for the operator.
#[async_trait]
pub trait MediaObjects: Send + Sync {
    /// Every object's path and size.
    async fn list(&self) -> Result<Vec<(String, u64)>, String>;
    /// The bytes of one object as a stream; `None` if it is gone.
    async fn read(
        &self,
        path: &str,
    ) -> Result<Option<BoxStream<'static, Result<Bytes, String>>>, String>;
    /// Writes one object (never over an existing one).
    async fn write(&self, path: &str, bytes: Bytes) -> Result<(), String>;
    /// Removes objects a failed restore wrote.
    async fn remove(&self, paths: &[String]) -> Result<(), String>;
}

/// How far a backup or restore is: `done` of `total` rows and objects.
#[derive(Debug, Clone, Copy)]
pub struct Progress {
    /// `"backup"`, `"verify"` (a restore's first reading) or `"restore"`.
    pub stage: &'static str,
    /// Rows and objects done (for `verify`: members read).
    pub done: u64,
    /// Rows and objects in all.
    pub total: u64,
}

/// What a backup wrote or a restore brought back.
#[derive(Debug, Clone)]
pub struct Summary {
    /// The archive's manifest.
    pub manifest: Manifest,
}

impl Summary {
    /// Rows in all tables.
    pub fn rows(&self) -> u64 {
        self.manifest.tables.iter().map(|t| t.rows).sum()
    }
    /// Media objects.
    pub fn objects(&self) -> u64 {
        self.manifest.media_objects
    }
}
