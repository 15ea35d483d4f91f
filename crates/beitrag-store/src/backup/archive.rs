//! The archive container: the manifest, and a tar + gzip writer and reader
//! that run on blocking threads and trade members with the async side in
//! chunks, so neither side ever holds a whole table or media file.

use std::io::{BufReader, BufWriter, Read};
use std::path::{Path, PathBuf};

use bytes::Bytes;
use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tokio::sync::mpsc;

use super::error::BackupError;
use super::tables::Column;

/// The `format` field of every manifest.
pub const FORMAT: &str = "beitrag-backup";
/// The archive layout this binary writes and reads.
pub const FORMAT_VERSION: u64 = 1;
/// The manifest's member name (the archive's last member).
pub(crate) const MANIFEST: &str = "manifest.json";
/// A manifest larger than this is no manifest of ours.
const MANIFEST_MAX: usize = 64 << 20;
/// Bytes per chunk handed between the threads.
const CHUNK: usize = 64 << 10;

/// What an archive holds, written as its last member.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Always [`FORMAT`].
    pub format: String,
    /// The layout version ([`FORMAT_VERSION`] when written by this binary).
    pub version: u64,
    /// The beitrag version that wrote it.
    pub beitrag: String,
    /// The newest migration applied to the database it came from.
    pub schema: i64,
    /// The engine it came from (`sqlite` or `postgres`), for information.
    pub source: String,
    /// When the snapshot was taken (RFC 3339, UTC).
    pub created_at: String,
    /// The tables, in restore order.
    pub tables: Vec<TableEntry>,
    /// Per table, the largest id ever handed out where the engine keeps it
    /// (PostgreSQL's identities, SQLite's `autoincrement` tables), so ids
    /// of deleted rows are not handed out again after a move.
    pub sequences: std::collections::BTreeMap<String, i64>,
    /// Media objects in the archive.
    pub media_objects: u64,
    /// Their bytes.
    pub media_bytes: u64,
    /// Every member before the manifest, in archive order.
    pub members: Vec<Member>,
}

/// One table of a manifest.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct TableEntry {
    /// Its name.
    pub name: String,
    /// Its columns when it was read.
    pub columns: Vec<Column>,
    /// Rows written.
    pub rows: u64,
}

/// One member of an archive.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Member {
    /// Its path inside the archive.
    pub path: String,
    /// Its length in bytes.
    pub size: u64,
    /// SHA-256 of its bytes, lowercase hex.
    pub sha256: String,
}

/// Lowercase hex of a finished hash.
pub(crate) fn hex(hash: Sha256) -> String {
    use std::fmt::Write;
    hash.finalize()
        .iter()
        .fold(String::with_capacity(64), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

enum Out {
    Begin { path: String, size: u64 },
    Data(Bytes),
    End,
    Finish,
}

/// Writes an archive to `FILE.partial`, renamed to `FILE` by
/// [`Writer::finish`]: a backup cut short never looks like a backup.
pub(crate) struct Writer {
    tx: mpsc::Sender<Out>,
    task: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
    target: PathBuf,
    partial: PathBuf,
    current: Option<(String, u64, u64, Sha256)>,
    /// The members written so far.
    pub(crate) members: Vec<Member>,
}

impl Writer {
    pub(crate) fn create(target: &Path) -> Result<Self, BackupError> {
        let mut partial = target.as_os_str().to_owned();
        partial.push(".partial");
        let partial = PathBuf::from(partial);
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        // The archive holds password hashes, TOTP secrets and the
        // fediverse key: readable by its owner only, like the database.
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let file = options.open(&partial).map_err(|source| BackupError::File {
            path: partial.display().to_string(),
            source,
        })?;
        let (tx, rx) = mpsc::channel(16);
        let task = Some(tokio::task::spawn_blocking(move || write_tar(file, rx)));
        Ok(Self {
            tx,
            task,
            target: target.to_owned(),
            partial,
            current: None,
            members: Vec::new(),
        })
    }

    async fn send(&mut self, out: Out) -> Result<(), BackupError> {
        if self.tx.send(out).await.is_ok() {
            return Ok(());
        }
        // The writer thread stopped: its error says why.
        let error = match self.task.take() {
            Some(task) => match task.await {
                Ok(Err(e)) => e,
                Ok(Ok(())) => std::io::Error::other("the archive writer stopped"),
                Err(e) => std::io::Error::other(e),
            },
            None => std::io::Error::other("the archive writer stopped"),
        };
        Err(self.file_error(error))
    }

    fn file_error(&self, source: std::io::Error) -> BackupError {
        BackupError::File {
            path: self.partial.display().to_string(),
            source,
        }
    }

    /// Starts a member of `size` bytes.
    pub(crate) async fn begin(&mut self, path: &str, size: u64) -> Result<(), BackupError> {
        self.current = Some((path.to_owned(), size, 0, Sha256::new()));
        self.send(Out::Begin {
            path: path.to_owned(),
            size,
        })
        .await
    }

    /// Adds bytes to the member begun last.
    pub(crate) async fn data(&mut self, bytes: Bytes) -> Result<(), BackupError> {
        if let Some((path, size, done, hash)) = &mut self.current {
            *done += bytes.len() as u64;
            if *done > *size {
                return Err(BackupError::Media(format!("{path} grew while it was read")));
            }
            hash.update(&bytes);
        }
        self.send(Out::Data(bytes)).await
    }

    /// Ends the member begun last; it must have had all its bytes.
    pub(crate) async fn end(&mut self) -> Result<(), BackupError> {
        if let Some((path, size, done, hash)) = self.current.take() {
            if done != size {
                return Err(BackupError::Media(format!(
                    "{path} changed while it was read ({done} of {size} bytes)"
                )));
            }
            self.members.push(Member {
                path,
                size,
                sha256: hex(hash),
            });
        }
        self.send(Out::End).await
    }

    /// A whole member from memory.
    pub(crate) async fn member(&mut self, path: &str, bytes: Vec<u8>) -> Result<(), BackupError> {
        self.begin(path, bytes.len() as u64).await?;
        self.data(Bytes::from(bytes)).await?;
        self.end().await
    }

    /// Writes the manifest, completes the file and gives it its name.
    pub(crate) async fn finish(mut self, manifest: &Manifest) -> Result<(), BackupError> {
        let json = serde_json::to_vec_pretty(manifest)
            .map_err(|e| BackupError::Database(format!("cannot encode the manifest: {e}")))?;
        self.begin(MANIFEST, json.len() as u64).await?;
        self.send(Out::Data(Bytes::from(json))).await?;
        self.current = None;
        self.send(Out::End).await?;
        self.send(Out::Finish).await?;
        drop(self.tx);
        match self.task.take() {
            Some(task) => match task.await {
                Ok(Ok(())) => {}
                Ok(Err(e)) => return Err(file_error(&self.partial, e)),
                Err(e) => return Err(file_error(&self.partial, std::io::Error::other(e))),
            },
            None => return Err(file_error(&self.partial, std::io::Error::other("stopped"))),
        }
        std::fs::rename(&self.partial, &self.target).map_err(|e| file_error(&self.target, e))
    }

    /// Removes the partial file after a failure.
    pub(crate) async fn abandon(self) {
        drop(self.tx);
        if let Some(task) = self.task {
            let _ = task.await;
        }
        let _ = std::fs::remove_file(&self.partial);
    }
}

fn file_error(path: &Path, source: std::io::Error) -> BackupError {
    BackupError::File {
        path: path.display().to_string(),
        source,
    }
}

/// The blocking side of [`Writer`]: tar members into gzip into the file.
fn write_tar(file: std::fs::File, mut rx: mpsc::Receiver<Out>) -> std::io::Result<()> {
    let gz = GzEncoder::new(BufWriter::new(file), Compression::default());
    let mut tar = tar::Builder::new(gz);
    tar.mode(tar::HeaderMode::Deterministic);
    let aborted = || std::io::Error::other("the backup stopped before it was complete");
    loop {
        match rx.blocking_recv() {
            Some(Out::Begin { path, size }) => {
                let mut header = tar::Header::new_gnu();
                header.set_size(size);
                header.set_mode(0o644);
                header.set_entry_type(tar::EntryType::Regular);
                let mut body = Chunks {
                    rx: &mut rx,
                    chunk: Bytes::new(),
                    ended: false,
                };
                tar.append_data(&mut header, &path, &mut body)?;
                if !body.ended {
                    return Err(aborted());
                }
            }
            Some(Out::Finish) => break,
            Some(Out::Data(_) | Out::End) | None => return Err(aborted()),
        }
    }
    let gz = tar.into_inner()?;
    let file = gz.finish()?.into_inner().map_err(|e| e.into_error())?;
    file.sync_all()
}

/// One member's chunks as a `Read` for the tar builder.
struct Chunks<'a> {
    rx: &'a mut mpsc::Receiver<Out>,
    chunk: Bytes,
    ended: bool,
}

impl Read for Chunks<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.chunk.is_empty() {
            if self.ended {
                return Ok(0);
            }
            match self.rx.blocking_recv() {
                Some(Out::Data(bytes)) => self.chunk = bytes,
                Some(Out::End) => self.ended = true,
                _ => return Ok(0),
            }
        }
        let n = buf.len().min(self.chunk.len());
        buf[..n].copy_from_slice(&self.chunk.split_to(n));
        Ok(n)
    }
}

/// What the reader thread hands over.
pub(crate) enum Event {
    /// A member starts.
    Begin { path: String, size: u64 },
    /// Some of its bytes.
    Data(Bytes),
    /// It ended.
    End,
}

enum In {
    Event(Event),
    Failed {
        started: bool,
        error: std::io::Error,
    },
    Done,
}

/// Reads an archive member by member on a blocking thread.
pub(crate) struct Reader {
    rx: mpsc::Receiver<In>,
    path: String,
}

impl Reader {
    pub(crate) fn open(path: &Path) -> Result<Self, BackupError> {
        let shown = path.display().to_string();
        let file = std::fs::File::open(path).map_err(|source| BackupError::File {
            path: shown.clone(),
            source,
        })?;
        let (tx, rx) = mpsc::channel(16);
        tokio::task::spawn_blocking(move || read_tar(file, &tx));
        Ok(Self { rx, path: shown })
    }

    /// The next event; `None` after the last member.
    pub(crate) async fn next(&mut self) -> Result<Option<Event>, BackupError> {
        match self.rx.recv().await {
            Some(In::Event(e)) => Ok(Some(e)),
            Some(In::Done) => Ok(None),
            Some(In::Failed { started, error }) => Err(if started {
                BackupError::Damaged {
                    path: self.path.clone(),
                    reason: error.to_string(),
                }
            } else {
                BackupError::NotAnArchive {
                    path: self.path.clone(),
                    reason: format!("not a gzip-compressed tar archive ({error})"),
                }
            }),
            None => Err(BackupError::Damaged {
                path: self.path.clone(),
                reason: "the reader stopped".into(),
            }),
        }
    }

    /// The rest of the current member, at most `max` bytes.
    pub(crate) async fn rest(&mut self, member: &str, max: usize) -> Result<Vec<u8>, BackupError> {
        let mut out = Vec::new();
        loop {
            match self.next().await? {
                Some(Event::Data(bytes)) => {
                    if out.len() + bytes.len() > max {
                        return Err(self.invalid(member, format!("larger than {max} bytes")));
                    }
                    out.extend_from_slice(&bytes);
                }
                Some(Event::End) => return Ok(out),
                _ => return Err(self.invalid(member, "ends unexpectedly".into())),
            }
        }
    }

    /// An error about one member of this archive.
    pub(crate) fn invalid(&self, member: &str, reason: String) -> BackupError {
        BackupError::Invalid {
            path: self.path.clone(),
            member: member.to_owned(),
            reason,
        }
    }

    /// The archive's file name, for messages.
    pub(crate) fn path(&self) -> &str {
        &self.path
    }

    /// A manifest member, read whole (it is small).
    pub(crate) async fn manifest(&mut self) -> Result<Vec<u8>, BackupError> {
        self.rest(MANIFEST, MANIFEST_MAX).await
    }
}

/// The blocking side of [`Reader`]. Only regular files are members; the
/// paths are names, never written to the file system as such.
fn read_tar(file: std::fs::File, tx: &mpsc::Sender<In>) {
    let mut started = false;
    let result = (|| -> std::io::Result<()> {
        let mut archive = tar::Archive::new(GzDecoder::new(BufReader::new(file)));
        for entry in archive.entries()? {
            let mut entry = entry?;
            started = true;
            if entry.header().entry_type() != tar::EntryType::Regular {
                return Err(std::io::Error::other("a member that is not a regular file"));
            }
            let path = entry
                .path()?
                .to_str()
                .ok_or_else(|| std::io::Error::other("a member name that is not UTF-8"))?
                .to_owned();
            let size = entry.size();
            if tx
                .blocking_send(In::Event(Event::Begin { path, size }))
                .is_err()
            {
                return Ok(());
            }
            let mut buf = vec![0; CHUNK];
            loop {
                let n = entry.read(&mut buf)?;
                if n == 0 {
                    break;
                }
                let chunk = Bytes::copy_from_slice(&buf[..n]);
                if tx.blocking_send(In::Event(Event::Data(chunk))).is_err() {
                    return Ok(());
                }
            }
            if tx.blocking_send(In::Event(Event::End)).is_err() {
                return Ok(());
            }
        }
        Ok(())
    })();
    let last = match result {
        Ok(()) => In::Done,
        Err(error) => In::Failed { started, error },
    };
    let _ = tx.blocking_send(last);
}
