//! A restore's first reading: the whole archive is read and every member's
//! size and SHA-256 compared with the manifest, and the manifest with what
//! this binary knows, before anything is written anywhere.

use std::path::Path;

use sha2::{Digest, Sha256};

use super::Progress;
use super::archive::{Event, FORMAT, FORMAT_VERSION, MANIFEST, Manifest, Member, Reader, hex};
use super::error::BackupError;
use super::tables::{Kind, TABLES};

/// Reads `file` to its end and returns its manifest once everything in
/// it checks out against it; `newest` is this binary's newest migration.
pub(crate) async fn verify(
    file: &Path,
    newest: i64,
    progress: &mut (dyn FnMut(Progress) + Send),
) -> Result<Manifest, BackupError> {
    let mut reader = Reader::open(file)?;
    let mut read: Vec<Member> = Vec::new();
    let mut manifest = None;
    while let Some(event) = reader.next().await? {
        let Event::Begin { path, size } = event else {
            return Err(damaged(&reader, "a member without a header".into()));
        };
        if manifest.is_some() {
            return Err(reader.invalid(&path, "comes after the manifest".into()));
        }
        if path == MANIFEST {
            manifest = Some(reader.manifest().await?);
            continue;
        }
        let mut hash = Sha256::new();
        let mut got = 0u64;
        loop {
            match reader.next().await? {
                Some(Event::Data(bytes)) => {
                    got += bytes.len() as u64;
                    hash.update(&bytes);
                }
                Some(Event::End) => break,
                _ => return Err(damaged(&reader, format!("{path} ends early"))),
            }
        }
        if got != size {
            return Err(damaged(
                &reader,
                format!("{path} has {got} of {size} bytes"),
            ));
        }
        read.push(Member {
            path,
            size,
            sha256: hex(hash),
        });
        progress(Progress {
            stage: "verify",
            done: read.len() as u64,
            total: 0,
        });
    }
    let Some(json) = manifest else {
        return Err(if read.is_empty() {
            BackupError::NotAnArchive {
                path: reader.path().to_owned(),
                reason: "it has no manifest.json".into(),
            }
        } else {
            damaged(&reader, "it ends before its manifest".into())
        });
    };
    let manifest = parse(&reader, &json, newest)?;
    compare(&reader, &manifest, &read)?;
    Ok(manifest)
}

fn damaged(reader: &Reader, reason: String) -> BackupError {
    BackupError::Damaged {
        path: reader.path().to_owned(),
        reason,
    }
}

/// The manifest, if it is ours, in a format and schema this binary reads.
fn parse(reader: &Reader, json: &[u8], newest: i64) -> Result<Manifest, BackupError> {
    let not_ours = |reason: &str| BackupError::NotAnArchive {
        path: reader.path().to_owned(),
        reason: reason.to_owned(),
    };
    // Format and version first: a newer layout may not parse as this one.
    let value: serde_json::Value =
        serde_json::from_slice(json).map_err(|_| not_ours("its manifest.json is not JSON"))?;
    if value.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
        return Err(not_ours("its manifest.json is no beitrag manifest"));
    }
    let version = value.get("version").and_then(serde_json::Value::as_u64);
    match version {
        Some(v) if v > FORMAT_VERSION => {
            return Err(BackupError::FutureFormat {
                path: reader.path().to_owned(),
                beitrag: value
                    .get("beitrag")
                    .and_then(|b| b.as_str())
                    .unwrap_or("unknown")
                    .to_owned(),
                found: v,
                known: FORMAT_VERSION,
            });
        }
        Some(v) if v >= 1 => {}
        _ => return Err(not_ours("its manifest has no valid format version")),
    }
    let manifest: Manifest = serde_json::from_value(value)
        .map_err(|e| reader.invalid(MANIFEST, format!("unreadable: {e}")))?;
    if manifest.schema > newest {
        return Err(BackupError::NewerSchema {
            path: reader.path().to_owned(),
            archive: manifest.schema,
            binary: newest,
            beitrag: manifest.beitrag.clone(),
        });
    }
    // Tables in the one known order, each once, none derived.
    let mut last = None;
    for entry in &manifest.tables {
        let at = TABLES
            .iter()
            .position(|t| t.name == entry.name && t.kind != Kind::Derived)
            .ok_or_else(|| {
                reader.invalid(MANIFEST, format!("names an unknown table `{}`", entry.name))
            })?;
        if last.is_some_and(|l| l >= at) {
            return Err(reader.invalid(MANIFEST, format!("lists `{}` out of order", entry.name)));
        }
        last = Some(at);
    }
    Ok(manifest)
}

/// The members read are exactly the manifest's, in its order, and each
/// name is a table member of a listed table or a media object.
fn compare(reader: &Reader, manifest: &Manifest, read: &[Member]) -> Result<(), BackupError> {
    let mut media = 0u64;
    for (i, member) in read.iter().enumerate() {
        let Some(listed) = manifest.members.get(i) else {
            return Err(reader.invalid(&member.path, "is not in the manifest".into()));
        };
        if listed.path != member.path {
            return Err(reader.invalid(
                &member.path,
                format!("stands where the manifest lists {}", listed.path),
            ));
        }
        if listed != member {
            return Err(BackupError::Checksum {
                path: reader.path().to_owned(),
                member: member.path.clone(),
            });
        }
        if member.path.starts_with("media/") {
            media += 1;
        } else if table_of(&member.path)
            .is_none_or(|name| !manifest.tables.iter().any(|t| t.name == name))
        {
            return Err(reader.invalid(&member.path, "is no member of a backup".into()));
        }
    }
    if let Some(missing) = manifest.members.get(read.len()) {
        return Err(damaged(reader, format!("{} is missing", missing.path)));
    }
    if media != manifest.media_objects {
        return Err(reader.invalid(
            MANIFEST,
            format!(
                "counts {} media objects, the archive has {media}",
                manifest.media_objects
            ),
        ));
    }
    Ok(())
}

/// The table of a member `tables/<table>/<nnnnn>.jsonl`.
pub(crate) fn table_of(member: &str) -> Option<&str> {
    let rest = member.strip_prefix("tables/")?;
    let (table, file) = rest.split_once('/')?;
    let number = file.strip_suffix(".jsonl")?;
    (!number.is_empty() && number.bytes().all(|b| b.is_ascii_digit())).then_some(table)
}
