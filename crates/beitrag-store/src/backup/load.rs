//! Restoring: verify the whole archive first, bring the empty database to
//! the archive's schema, then write every row in one transaction (media
//! objects beside it, removed again if the transaction fails), and finally
//! migrate forward to this binary's schema.

use std::path::Path;

use beitrag_core::store::Backend;
use bytes::Bytes;
use sha2::{Digest, Sha256};
use sqlx::AnyConnection;

use super::archive::{Event, MANIFEST, Manifest, Member, Reader, hex};
use super::dump::{count, has_id};
use super::error::BackupError;
use super::tables::{Column, Kind, TABLES, Table, Type, columns, exists, table};
use super::verify::{table_of, verify};
use super::{MediaObjects, Progress, Summary};
use crate::exec::{dynamic, placeholders};
use crate::store::SqlStore;

/// Bound values per insert statement (SQLite allows 32,766).
const VALUES_PER_INSERT: usize = 3_000;

impl SqlStore {
    /// Restores the archive `file` into this database, which must be empty
    /// (a new database, or one only migrated), and its media objects
    /// through `media`, whose store must be empty too. Nothing is written
    /// unless the whole archive checks out; a failure while writing rolls
    /// the database back and removes the objects written.
    pub async fn restore(
        &self,
        file: &Path,
        media: &dyn MediaObjects,
        progress: &mut (dyn FnMut(Progress) + Send),
    ) -> Result<Summary, BackupError> {
        let newest = self.migrator().iter().map(|m| m.version).max().unwrap_or(0);
        let manifest = verify(file, newest, progress).await?;
        if !self.migrator().version_exists(manifest.schema) {
            return Err(BackupError::Invalid {
                path: file.display().to_string(),
                member: MANIFEST.into(),
                reason: format!("schema version {} is no migration of ours", manifest.schema),
            });
        }
        let applied = self
            .applied_migrations()
            .await
            .map_err(BackupError::db)?
            .into_iter()
            .max()
            .unwrap_or(0);
        if applied > manifest.schema {
            return Err(BackupError::DatabaseNewer {
                database: applied,
                archive: manifest.schema,
            });
        }
        // Refusals before the first write, the migrations included.
        self.refuse_unless_empty(media).await?;
        self.run_migrations_to(manifest.schema)
            .await
            .map_err(BackupError::db)?;

        let mut written = Vec::new();
        let outcome = {
            let _writer = self.writing().await;
            let mut tx = self.pool.begin().await.map_err(BackupError::db)?;
            match self
                .write_archive(&mut tx, file, &manifest, media, &mut written, progress)
                .await
            {
                Ok(()) => tx.commit().await.map_err(BackupError::db),
                Err(e) => Err(e),
            }
        };
        if let Err(e) = outcome {
            if let Err(undo) = media.remove(&written).await {
                tracing::warn!(error = %undo, "could not remove the media objects of a failed restore");
            }
            return Err(e);
        }
        self.run_migrations().await.map_err(BackupError::db)?;
        Ok(Summary { manifest })
    }

    async fn refuse_unless_empty(&self, media: &dyn MediaObjects) -> Result<(), BackupError> {
        let mut conn = self.pool.acquire().await.map_err(BackupError::db)?;
        let postgres = self.backend == Backend::Postgres;
        for t in TABLES.iter().filter(|t| t.kind == Kind::Data) {
            // A database migrated only part of the way lacks later tables.
            if !exists(&mut conn, postgres, t.name).await? {
                continue;
            }
            let rows = count(&mut conn, t.name).await?;
            if rows > 0 {
                return Err(BackupError::NotEmpty {
                    table: t.name.to_owned(),
                    rows: i64::try_from(rows).unwrap_or(i64::MAX),
                });
            }
        }
        let objects = media.list().await.map_err(BackupError::Media)?;
        if let Some((example, _)) = objects.first() {
            return Err(BackupError::MediaNotEmpty {
                objects: objects.len(),
                example: example.clone(),
            });
        }
        Ok(())
    }

    async fn write_archive(
        &self,
        conn: &mut AnyConnection,
        file: &Path,
        manifest: &Manifest,
        media: &dyn MediaObjects,
        written: &mut Vec<String>,
        progress: &mut (dyn FnMut(Progress) + Send),
    ) -> Result<(), BackupError> {
        let postgres = self.backend == Backend::Postgres;
        // What migrations or a running blog put there is replaced.
        for t in TABLES.iter().filter(|t| t.kind != Kind::Data) {
            dynamic(format!("delete from {}", t.name))
                .execute(&mut *conn)
                .await
                .map_err(BackupError::db)?;
        }
        let total = manifest.tables.iter().map(|t| t.rows).sum::<u64>() + manifest.media_objects;
        let mut done = 0u64;
        let mut tick = |n: u64| {
            done += n;
            progress(Progress {
                stage: "restore",
                done,
                total,
            });
        };
        let mut reader = Reader::open(file)?;
        let mut members = manifest.members.iter();
        let mut current: Option<Load> = None;
        let mut loaded: Vec<(String, u64)> = Vec::new();
        while let Some(event) = reader.next().await? {
            let Event::Begin { path, .. } = event else {
                return Err(reader.invalid("(archive)", "a member without a header".into()));
            };
            if path == MANIFEST {
                reader.manifest().await?;
                continue;
            }
            // The file may have changed since it was verified.
            let member = members
                .next()
                .filter(|m| m.path == path)
                .ok_or_else(|| reader.invalid(&path, "changed since it was verified".into()))?;
            if let Some(key) = path.strip_prefix("media/") {
                let bytes = whole(&mut reader, member).await?;
                media.write(key, bytes).await.map_err(BackupError::Media)?;
                written.push(key.to_owned());
                tick(1);
                continue;
            }
            let name = table_of(&path).unwrap_or_default().to_owned();
            if current.as_ref().is_none_or(|l| l.table.name != name) {
                if let Some(done) = current.take() {
                    loaded.push(done.finish(conn).await?);
                }
                let entry = manifest.tables.iter().find(|t| t.name == name);
                let (Some(entry), Some(table)) = (entry, table(&name)) else {
                    return Err(reader.invalid(&path, "names no table of the manifest".into()));
                };
                let cols = columns(conn, postgres, table.name)
                    .await
                    .map_err(BackupError::Database)?;
                current = Some(
                    Load::new(table, cols, &entry.columns)
                        .map_err(|reason| reader.invalid(&path, reason))?,
                );
            }
            if let Some(load) = current.as_mut() {
                load.member(conn, &mut reader, member, &mut tick).await?;
            }
        }
        if let Some(done) = current.take() {
            loaded.push(done.finish(conn).await?);
        }
        if members.next().is_some() {
            return Err(reader.invalid(MANIFEST, "lists members the archive lacks".into()));
        }
        for entry in &manifest.tables {
            let rows = loaded
                .iter()
                .find(|(n, _)| *n == entry.name)
                .map_or(0, |l| l.1);
            if rows != entry.rows {
                return Err(reader.invalid(
                    MANIFEST,
                    format!(
                        "counts {} rows of {}, the archive has {rows}",
                        entry.rows, entry.name
                    ),
                ));
            }
        }
        reset_sequences(conn, postgres, manifest).await?;
        Ok(())
    }
}

/// The rest of a media member, checked against its manifest entry. An
/// object is held whole once, as an upload was (the upload limit bounds it).
async fn whole(reader: &mut Reader, member: &Member) -> Result<Bytes, BackupError> {
    let max = usize::try_from(member.size).unwrap_or(usize::MAX);
    let bytes = reader.rest(&member.path, max).await?;
    let mut hash = Sha256::new();
    hash.update(&bytes);
    if bytes.len() as u64 != member.size || hex(hash) != member.sha256 {
        return Err(BackupError::Checksum {
            path: reader.path().to_owned(),
            member: member.path.clone(),
        });
    }
    Ok(Bytes::from(bytes))
}

/// After rows with explicit ids, PostgreSQL's identities must start past
/// them and past every id the old database handed out; SQLite takes the
/// next rowid by itself, and its `autoincrement` tables get the old high
/// mark.
async fn reset_sequences(
    conn: &mut AnyConnection,
    postgres: bool,
    manifest: &Manifest,
) -> Result<(), BackupError> {
    if !postgres {
        let kept = crate::exec::query(
            "select count(*) as n from sqlite_master where type = 'table' and name = 'sqlite_sequence'",
        )
        .fetch_one(&mut *conn)
        .await
        .and_then(|r| sqlx::Row::try_get::<i64, _>(&r, "n"))
        .map_err(BackupError::db)?;
        if kept == 0 {
            return Ok(());
        }
    }
    for entry in manifest.tables.iter().filter(|t| has_id(&t.columns)) {
        let last = manifest.sequences.get(&entry.name).copied().unwrap_or(0);
        let sql = if postgres {
            // `pg_get_serial_sequence` is null for an id without an
            // identity, and `setval(null, …)` does nothing.
            format!(
                "select setval(pg_get_serial_sequence('{0}', 'id'), \
                 greatest(coalesce((select max(id) from {0}), 0), $1) + 1, false)",
                entry.name
            )
        } else if last > 0 {
            // Only tables declared `autoincrement` have a row here.
            dynamic("update sqlite_sequence set seq = $1 where name = $2 and seq < $1".to_owned())
                .bind(last)
                .bind(entry.name.clone())
                .execute(&mut *conn)
                .await
                .map_err(BackupError::db)?;
            "insert into sqlite_sequence (name, seq) select $2, $1 \
             where not exists (select 1 from sqlite_sequence where name = $2) \
             and exists (select 1 from sqlite_master where type = 'table' and name = $2 \
             and lower(sql) like '%autoincrement%')"
                .to_owned()
        } else {
            continue;
        };
        let q = dynamic(sql).bind(last);
        let q = if postgres {
            q
        } else {
            q.bind(entry.name.clone())
        };
        q.execute(&mut *conn).await.map_err(BackupError::db)?;
    }
    Ok(())
}

/// A value to bind: the column's type decides, also for NULL (PostgreSQL
/// wants a typed one).
enum Value {
    Integer(Option<i64>),
    Text(Option<String>),
}

/// One table being restored.
struct Load {
    table: &'static Table,
    cols: Vec<Column>,
    id: Option<usize>,
    parent: Option<usize>,
    batch: Vec<Value>,
    rows: u64,
    /// Rows whose parent comes later: (id, parent), set at the end.
    forward: Vec<(i64, i64)>,
}

impl Load {
    fn new(table: &'static Table, cols: Vec<Column>, archived: &[Column]) -> Result<Self, String> {
        let mut ours: Vec<&Column> = cols.iter().collect();
        let mut theirs: Vec<&Column> = archived.iter().collect();
        ours.sort_by(|a, b| a.name.cmp(&b.name));
        theirs.sort_by(|a, b| a.name.cmp(&b.name));
        if ours != theirs {
            return Err(format!(
                "its columns differ from the database's table {} of the same schema version",
                table.name
            ));
        }
        let at = |name: &str| cols.iter().position(|c| c.name == name);
        Ok(Self {
            table,
            id: at("id"),
            parent: table.self_ref.and_then(at),
            cols,
            batch: Vec::new(),
            rows: 0,
            forward: Vec::new(),
        })
    }

    /// Reads one member's lines, inserting them in batches.
    async fn member(
        &mut self,
        conn: &mut AnyConnection,
        reader: &mut Reader,
        member: &Member,
        tick: &mut (dyn FnMut(u64) + Send),
    ) -> Result<(), BackupError> {
        let mut hash = Sha256::new();
        let mut line = Vec::new();
        let mut number = 0u64;
        loop {
            let bytes = match reader.next().await? {
                Some(Event::Data(bytes)) => bytes,
                Some(Event::End) => break,
                _ => return Err(reader.invalid(&member.path, "ends unexpectedly".into())),
            };
            hash.update(&bytes);
            let mut rest = &bytes[..];
            while let Some(at) = rest.iter().position(|b| *b == b'\n') {
                line.extend_from_slice(&rest[..at]);
                rest = &rest[at + 1..];
                number += 1;
                self.row(&line).map_err(|reason| {
                    reader.invalid(&format!("{} line {number}", member.path), reason)
                })?;
                line.clear();
                if self.batch.len() + self.cols.len() > VALUES_PER_INSERT {
                    self.flush(conn).await?;
                }
                if number.is_multiple_of(1000) {
                    tick(1000);
                }
            }
            line.extend_from_slice(rest);
        }
        tick(number % 1000);
        if hex(hash) != member.sha256 {
            return Err(BackupError::Checksum {
                path: reader.path().to_owned(),
                member: member.path.clone(),
            });
        }
        if !line.is_empty() {
            return Err(reader.invalid(&member.path, "its last line has no end".into()));
        }
        Ok(())
    }

    /// Parses one line into the batch.
    fn row(&mut self, line: &[u8]) -> Result<(), String> {
        let mut object: serde_json::Map<String, serde_json::Value> =
            serde_json::from_slice(line).map_err(|e| format!("not a JSON object: {e}"))?;
        let start = self.batch.len();
        for col in &self.cols {
            let value = object
                .remove(&col.name)
                .ok_or_else(|| format!("has no column `{}`", col.name))?;
            let bad = || format!("`{}` is not {}", col.name, type_name(col.ty));
            let value = if self.table.recounted.contains(&col.name.as_str()) {
                Value::Integer(Some(0))
            } else {
                match (col.ty, value) {
                    (Type::Integer, serde_json::Value::Null) => Value::Integer(None),
                    (Type::Integer, serde_json::Value::Number(n)) => {
                        Value::Integer(Some(n.as_i64().ok_or_else(bad)?))
                    }
                    (Type::Text, serde_json::Value::Null) => Value::Text(None),
                    (Type::Text, serde_json::Value::String(s)) => Value::Text(Some(s)),
                    _ => return Err(bad()),
                }
            };
            self.batch.push(value);
        }
        if let Some(extra) = object.keys().next() {
            return Err(format!("has an unknown column `{extra}`"));
        }
        // A parent with a larger id is not there yet (rows go by id).
        if let (Some(id), Some(parent)) = (self.id, self.parent)
            && let (Value::Integer(Some(id)), Value::Integer(Some(p))) =
                (&self.batch[start + id], &self.batch[start + parent])
            && p >= id
        {
            self.forward.push((*id, *p));
            self.batch[start + parent] = Value::Integer(None);
        }
        self.rows += 1;
        Ok(())
    }

    /// Inserts the batch in one statement.
    async fn flush(&mut self, conn: &mut AnyConnection) -> Result<(), BackupError> {
        let width = self.cols.len();
        if self.batch.is_empty() || width == 0 {
            return Ok(());
        }
        let rows = self.batch.len() / width;
        let names: Vec<&str> = self.cols.iter().map(|c| c.name.as_str()).collect();
        let values: Vec<String> = (0..rows)
            .map(|r| format!("({})", placeholders(r * width + 1, width)))
            .collect();
        let mut q = dynamic(format!(
            "insert into {} ({}) values {}",
            self.table.name,
            names.join(", "),
            values.join(", ")
        ));
        for value in self.batch.drain(..) {
            q = match value {
                Value::Integer(v) => q.bind(v),
                Value::Text(v) => q.bind(v),
            };
        }
        q.execute(&mut *conn)
            .await
            .map_err(|e| BackupError::Database(format!("restoring {}: {e}", self.table.name)))?;
        Ok(())
    }

    /// The last batch, then the references that pointed forward.
    async fn finish(mut self, conn: &mut AnyConnection) -> Result<(String, u64), BackupError> {
        self.flush(conn).await?;
        if let Some(column) = self.table.self_ref {
            for (id, parent) in std::mem::take(&mut self.forward) {
                dynamic(format!(
                    "update {} set {column} = $1 where id = $2",
                    self.table.name
                ))
                .bind(parent)
                .bind(id)
                .execute(&mut *conn)
                .await
                .map_err(|e| {
                    BackupError::Database(format!("restoring {}: {e}", self.table.name))
                })?;
            }
        }
        Ok((self.table.name.to_owned(), self.rows))
    }
}

fn type_name(ty: Type) -> &'static str {
    match ty {
        Type::Integer => "an integer",
        Type::Text => "text",
    }
}
