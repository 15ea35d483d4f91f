//! Writing a backup: one read-only snapshot transaction (SQLite's WAL
//! snapshot, PostgreSQL's `repeatable read read only`), so a running server
//! can go on writing while every table is read as of one moment.

use std::collections::BTreeMap;
use std::path::Path;

use beitrag_core::store::Backend;
use futures_util::StreamExt;
use sqlx::{AnyConnection, Row};

use super::archive::{FORMAT, FORMAT_VERSION, Manifest, TableEntry, Writer};
use super::error::BackupError;
use super::tables::{Column, Kind, TABLES, Table, Type, columns, exists};
use super::{MediaObjects, Progress, Summary};
use crate::exec::{dynamic, query};
use crate::store::SqlStore;

/// Rows are cut into members of about this many bytes.
const MEMBER_BYTES: usize = 4 << 20;

impl SqlStore {
    /// Writes every table and every media object into the archive `file`
    /// (through `file.partial`, renamed when complete). The database may
    /// be in use meanwhile: rows are read in one snapshot.
    pub async fn backup(
        &self,
        file: &Path,
        media: &dyn MediaObjects,
        progress: &mut (dyn FnMut(Progress) + Send),
    ) -> Result<Summary, BackupError> {
        let mut writer = Writer::create(file)?;
        match self.write_backup(&mut writer, media, progress).await {
            Ok(manifest) => {
                writer.finish(&manifest).await?;
                Ok(Summary { manifest })
            }
            Err(e) => {
                writer.abandon().await;
                Err(e)
            }
        }
    }

    async fn write_backup(
        &self,
        writer: &mut Writer,
        media: &dyn MediaObjects,
        progress: &mut (dyn FnMut(Progress) + Send),
    ) -> Result<Manifest, BackupError> {
        let postgres = self.backend == Backend::Postgres;
        let mut conn = self.pool.acquire().await.map_err(BackupError::db)?;
        // A failure leaves the snapshot open: such a connection is closed,
        // never handed back to the pool.
        conn.close_on_drop();
        let begin = if postgres {
            "begin isolation level repeatable read read only"
        } else {
            // Deferred: the WAL snapshot is taken at the first read.
            "begin"
        };
        query(begin)
            .execute(&mut *conn)
            .await
            .map_err(BackupError::db)?;
        let schema: i64 = query("select max(version) as v from _sqlx_migrations where success")
            .fetch_one(&mut *conn)
            .await
            .and_then(|r| r.try_get::<Option<i64>, _>("v"))
            .map_err(BackupError::db)?
            .unwrap_or(0);
        // A database at an older schema lacks the newer tables.
        let mut copied: Vec<&Table> = Vec::new();
        let mut total = 0u64;
        for table in TABLES.iter().filter(|t| t.kind != Kind::Derived) {
            if exists(&mut conn, postgres, table.name).await? {
                total += count(&mut conn, table.name).await?;
                copied.push(table);
            }
        }
        let objects = media.list().await.map_err(BackupError::Media)?;
        total += objects.len() as u64;
        let mut done = 0u64;
        let mut tables = Vec::with_capacity(copied.len());
        for table in copied {
            let cols = columns(&mut conn, postgres, table.name)
                .await
                .map_err(BackupError::Database)?;
            let rows = dump_table(&mut conn, writer, table, &cols, &mut |n| {
                done += n;
                progress(Progress {
                    stage: "backup",
                    done,
                    total,
                });
            })
            .await?;
            tables.push(TableEntry {
                name: table.name.to_owned(),
                columns: cols,
                rows,
            });
        }
        let sequences = sequences(&mut conn, postgres, &tables).await?;
        // The snapshot ends here; media objects are written once and never
        // changed, so reading them afterwards is still consistent.
        query("rollback")
            .execute(&mut *conn)
            .await
            .map_err(BackupError::db)?;
        drop(conn);
        let mut media_bytes = 0;
        let mut media_objects = 0;
        for (path, size) in objects {
            let Some(mut body) = media.read(&path).await.map_err(BackupError::Media)? else {
                // Deleted since the listing: its row went with it.
                continue;
            };
            writer.begin(&format!("media/{path}"), size).await?;
            while let Some(chunk) = body.next().await {
                writer.data(chunk.map_err(BackupError::Media)?).await?;
            }
            writer.end().await?;
            media_bytes += size;
            media_objects += 1;
            done += 1;
            progress(Progress {
                stage: "backup",
                done,
                total,
            });
        }
        Ok(Manifest {
            format: FORMAT.to_owned(),
            version: FORMAT_VERSION,
            beitrag: env!("CARGO_PKG_VERSION").to_owned(),
            schema,
            source: self.backend.as_str().to_owned(),
            created_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            tables,
            sequences,
            media_objects,
            media_bytes,
            members: std::mem::take(&mut writer.members),
        })
    }
}

/// The largest id handed out per table, where the engine remembers one.
async fn sequences(
    conn: &mut AnyConnection,
    postgres: bool,
    tables: &[TableEntry],
) -> Result<BTreeMap<String, i64>, BackupError> {
    let mut out = BTreeMap::new();
    if postgres {
        for t in tables.iter().filter(|t| has_id(&t.columns)) {
            // Null for an id without an identity, or one never used.
            let last: Option<i64> = dynamic(format!(
                "select pg_sequence_last_value(pg_get_serial_sequence('{}', 'id')::regclass) as v",
                t.name
            ))
            .fetch_one(&mut *conn)
            .await
            .and_then(|r| r.try_get("v"))
            .map_err(BackupError::db)?;
            if let Some(last) = last {
                out.insert(t.name.clone(), last);
            }
        }
        return Ok(out);
    }
    let kept: i64 = query(
        "select count(*) as n from sqlite_master where type = 'table' and name = 'sqlite_sequence'",
    )
    .fetch_one(&mut *conn)
    .await
    .and_then(|r| r.try_get("n"))
    .map_err(BackupError::db)?;
    if kept > 0 {
        for row in query("select name, seq from sqlite_sequence")
            .fetch_all(&mut *conn)
            .await
            .map_err(BackupError::db)?
        {
            let name: String = row.try_get("name").map_err(BackupError::db)?;
            let seq: i64 = row.try_get("seq").map_err(BackupError::db)?;
            if tables.iter().any(|t| t.name == name) {
                out.insert(name, seq);
            }
        }
    }
    Ok(out)
}

/// Whether a table has an integer `id` column.
pub(crate) fn has_id(columns: &[Column]) -> bool {
    columns
        .iter()
        .any(|c| c.name == "id" && c.ty == Type::Integer)
}

/// Rows in `table`.
pub(crate) async fn count(conn: &mut AnyConnection, table: &str) -> Result<u64, BackupError> {
    // Table names come from the fixed list, never from input.
    let n: i64 = dynamic(format!("select count(*) as n from {table}"))
        .fetch_one(&mut *conn)
        .await
        .and_then(|r| r.try_get("n"))
        .map_err(BackupError::db)?;
    Ok(u64::try_from(n).unwrap_or(0))
}

/// Streams one table into members of about [`MEMBER_BYTES`]; returns its rows.
async fn dump_table(
    conn: &mut AnyConnection,
    writer: &mut Writer,
    table: &Table,
    cols: &[Column],
    progress: &mut (dyn FnMut(u64) + Send),
) -> Result<u64, BackupError> {
    let names: Vec<&str> = cols.iter().map(|c| c.name.as_str()).collect();
    let sql = format!(
        "select {} from {} order by {}",
        names.join(", "),
        table.name,
        table.order
    );
    let mut rows = dynamic(sql).fetch(&mut *conn);
    let mut buf = Vec::with_capacity(MEMBER_BYTES + (64 << 10));
    let mut count = 0u64;
    let mut part = 0u32;
    while let Some(row) = rows.next().await {
        let row = row.map_err(BackupError::db)?;
        let mut object = serde_json::Map::with_capacity(cols.len());
        for (i, col) in cols.iter().enumerate() {
            let value = match col.ty {
                Type::Integer => row
                    .try_get::<Option<i64>, _>(i)
                    .map(serde_json::Value::from),
                Type::Text => row
                    .try_get::<Option<String>, _>(i)
                    .map(serde_json::Value::from),
            }
            .map_err(|e| BackupError::Database(format!("{}.{}: {e}", table.name, col.name)))?;
            object.insert(col.name.clone(), value);
        }
        serde_json::to_writer(&mut buf, &object)
            .map_err(|e| BackupError::Database(e.to_string()))?;
        buf.push(b'\n');
        count += 1;
        if count.is_multiple_of(1000) {
            progress(1000);
        }
        if buf.len() >= MEMBER_BYTES {
            let bytes = std::mem::replace(&mut buf, Vec::with_capacity(MEMBER_BYTES + (64 << 10)));
            writer
                .member(&format!("tables/{}/{part:05}.jsonl", table.name), bytes)
                .await?;
            part += 1;
        }
    }
    drop(rows);
    if !buf.is_empty() || part == 0 {
        writer
            .member(&format!("tables/{}/{part:05}.jsonl", table.name), buf)
            .await?;
    }
    progress(count % 1000);
    Ok(count)
}
