//! Where prepared uploads live: a local directory, memory (tests) or an
//! S3-compatible bucket (`s3.rs`), all behind `object_store`.
//!
//! Objects are written once and never overwritten: a save that would replace
//! an existing object fails instead, so two uploads can never silently swap
//! each other's files and rolling back a failed save only ever deletes objects
//! that this save created.

use std::path::Path;
use std::sync::Arc;

use bytes::Bytes;
use object_store::local::LocalFileSystem;
use object_store::memory::InMemory;
use object_store::path::Path as ObjectPath;
use object_store::{Attribute, ObjectStore, ObjectStoreExt, PutMode, PutOptions, PutPayload};

use crate::error::Result;
use crate::icon::IconFile;
use crate::path::{validate_path, validate_prefix};
use crate::prepare::Prepared;

/// An object being downloaded: its size, validators and the bytes asked
/// for, as a stream (never the whole file in memory).
pub struct Download {
    /// Size of the whole object.
    pub size: u64,
    /// When it was written.
    pub last_modified: chrono::DateTime<chrono::Utc>,
    /// The bytes the stream yields (all of them, or the range asked for).
    pub range: std::ops::Range<u64>,
    /// The bytes.
    pub body: futures_core::stream::BoxStream<'static, object_store::Result<Bytes>>,
}

impl std::fmt::Debug for Download {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Download")
            .field("size", &self.size)
            .field("range", &self.range)
            .finish_non_exhaustive()
    }
}

/// Where one saved upload was put.
///
/// Plain data with public fields, so the web layer can keep it in its own
/// table and rebuild it later for [`crate::srcset`] and [`MediaStore::delete`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredMedia {
    /// Object path of the original, e.g. `2026/11/7/urlaub.jpg`.
    pub original: String,
    /// MIME type of the original.
    pub mime: String,
    /// Size of the original in bytes.
    pub size: u64,
    /// Width of an image as displayed; `None` for plain files.
    pub width: Option<u32>,
    /// Height of an image as displayed; `None` for plain files.
    pub height: Option<u32>,
    /// The stored resized copies, smallest first.
    pub variants: Vec<StoredVariant>,
}

impl StoredMedia {
    /// Every object path of this upload, original first; what to pass to
    /// [`MediaStore::delete`] when the upload is removed.
    pub fn paths(&self) -> Vec<&str> {
        std::iter::once(self.original.as_str())
            .chain(self.variants.iter().map(|v| v.path.as_str()))
            .collect()
    }
}

/// One stored resized copy (always WebP).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredVariant {
    /// Object path, e.g. `2026/11/7/urlaub-768w.webp`.
    pub path: String,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

/// The media object store. Cheap to clone; clones share the backend.
#[derive(Clone)]
pub struct MediaStore {
    pub(crate) inner: Arc<dyn ObjectStore>,
    /// Remote stores get a `Content-Type` per object so a bucket or CDN in
    /// front of it serves the right type; `LocalFileSystem` rejects
    /// attributes, and there the web layer sets the type on serving.
    pub(crate) content_type: bool,
    /// What kind of store this is, for `Debug` (`local`, `memory`, `s3`).
    pub(crate) kind: &'static str,
}

/// Only the kind: a backend's own `Debug` may print its endpoint or keys.
impl std::fmt::Debug for MediaStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MediaStore")
            .field("kind", &self.kind)
            .finish_non_exhaustive()
    }
}

impl MediaStore {
    /// A store in the directory `dir`, which is created if missing. Emptied
    /// subdirectories are removed again on delete.
    pub fn local(dir: &Path) -> Result<Self> {
        std::fs::create_dir_all(dir).map_err(|source| object_store::Error::Generic {
            store: "LocalFileSystem",
            source: Box::new(source),
        })?;
        let store = LocalFileSystem::new_with_prefix(dir)?.with_automatic_cleanup(true);
        Ok(Self {
            inner: Arc::new(store),
            content_type: false,
            kind: "local",
        })
    }

    /// `local`, `memory` or `s3`: for messages, never the address or keys.
    pub fn kind(&self) -> &'static str {
        self.kind
    }

    /// A store that lives in memory only, for tests of the layers above.
    pub fn memory() -> Self {
        Self {
            inner: Arc::new(InMemory::new()),
            content_type: true,
            kind: "memory",
        }
    }

    /// Writes the original at `{key_prefix}/{name}` and each variant at
    /// `{key_prefix}/{stem}-{width}w.webp`, all or nothing.
    ///
    /// `key_prefix` should be unique per upload (e.g. `2026/11/{media id}`):
    /// existing objects are never overwritten, so a clash fails with
    /// [`crate::MediaError::Storage`]. If any write fails, the objects this call
    /// already wrote are deleted again before the error is returned.
    ///
    /// Dropping the future midway (a client disconnecting from an axum
    /// handler) can leave written objects behind; spawn the save as a task
    /// where that matters.
    pub async fn save(&self, key_prefix: &str, prepared: &Prepared) -> Result<StoredMedia> {
        validate_prefix(key_prefix)?;
        let join = |name: &str| {
            if key_prefix.is_empty() {
                name.to_owned()
            } else {
                format!("{key_prefix}/{name}")
            }
        };
        let original = join(&prepared.name);
        let variants: Vec<StoredVariant> = prepared
            .variants
            .iter()
            .map(|v| StoredVariant {
                path: join(&format!("{}-{}w.webp", prepared.stem(), v.width)),
                width: v.width,
                height: v.height,
            })
            .collect();

        // Validate everything first: a bad path then costs no write to undo.
        let mut planned = vec![(
            validate_path(&original)?,
            prepared.original.clone(),
            prepared.mime,
        )];
        for (stored, variant) in variants.iter().zip(&prepared.variants) {
            planned.push((
                validate_path(&stored.path)?,
                variant.bytes.clone(),
                variant.mime,
            ));
        }

        let mut written = Vec::with_capacity(planned.len());
        for (location, bytes, mime) in planned {
            if let Err(err) = self.put_new(&location, bytes, mime).await {
                self.roll_back(&written).await;
                return Err(err.into());
            }
            written.push(location);
        }

        let (width, height) = prepared.kind.dimensions().unzip();
        Ok(StoredMedia {
            original,
            mime: prepared.mime.to_owned(),
            size: u64::try_from(prepared.original.len()).unwrap_or(u64::MAX),
            width,
            height,
            variants,
        })
    }

    /// Writes a site icon's files under `key_prefix`, all or nothing, and
    /// returns their paths.
    pub async fn save_icon(&self, key_prefix: &str, files: &[IconFile]) -> Result<Vec<String>> {
        validate_prefix(key_prefix)?;
        let planned = files
            .iter()
            .map(|f| {
                let path = format!("{key_prefix}/{}", f.name);
                validate_path(&path).map(|location| (path, location))
            })
            .collect::<Result<Vec<_>>>()?;
        let mut written = Vec::with_capacity(planned.len());
        for ((_, location), file) in planned.iter().zip(files) {
            if let Err(err) = self.put_new(location, file.bytes.clone(), file.mime).await {
                self.roll_back(&written).await;
                return Err(err.into());
            }
            written.push(location.clone());
        }
        Ok(planned.into_iter().map(|(path, _)| path).collect())
    }

    /// The bytes of the object at `path`, or `None` when there is none.
    pub async fn get(&self, path: &str) -> Result<Option<Bytes>> {
        let location = validate_path(path)?;
        match self.inner.get(&location).await {
            Ok(result) => Ok(Some(result.bytes().await?)),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(err) => Err(err.into()),
        }
    }

    /// Whether the store answers, without writing to it: lists a prefix
    /// that never holds anything. A listing rather than a `HEAD` of a
    /// missing key, because S3 answers that `HEAD` with a bodiless 404
    /// when the bucket itself is missing, which would pass for "ready".
    pub async fn probe(&self) -> Result<()> {
        let prefix = ObjectPath::from("readyz-probe");
        self.inner.list_with_delimiter(Some(&prefix)).await?;
        Ok(())
    }

    /// The size of the object at `path`, if there is one.
    pub async fn size(&self, path: &str) -> Result<Option<u64>> {
        let location = validate_path(path)?;
        match self.inner.head(&location).await {
            Ok(m) => Ok(Some(m.size)),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(err) => Err(err.into()),
        }
    }

    /// Opens the object at `path` for streaming, all of it or the byte
    /// range `start..end` (clamped to the object; `None` when the range
    /// starts past its end). `Ok(None)` when there is no such object.
    pub async fn open(
        &self,
        path: &str,
        range: Option<std::ops::Range<u64>>,
    ) -> Result<Option<std::result::Result<Download, u64>>> {
        let location = validate_path(path)?;
        let meta = match self.inner.head(&location).await {
            Ok(m) => m,
            Err(object_store::Error::NotFound { .. }) => return Ok(None),
            Err(err) => return Err(err.into()),
        };
        let wanted = match range {
            None => 0..meta.size,
            Some(r) if r.start >= meta.size || r.start >= r.end => return Ok(Some(Err(meta.size))),
            Some(r) => r.start..r.end.min(meta.size),
        };
        let options = object_store::GetOptions {
            range: (wanted != (0..meta.size))
                .then(|| object_store::GetRange::Bounded(wanted.clone())),
            ..object_store::GetOptions::default()
        };
        let result = match self.inner.get_opts(&location, options).await {
            Ok(r) => r,
            Err(object_store::Error::NotFound { .. }) => return Ok(None),
            Err(err) => return Err(err.into()),
        };
        Ok(Some(Ok(Download {
            size: meta.size,
            last_modified: meta.last_modified,
            range: result.range.clone(),
            body: result.into_stream(),
        })))
    }

    /// Every object in the store with its size, in the store's order (for
    /// backups: the paths only, never the bytes, are held at once).
    pub async fn list(&self) -> Result<Vec<(String, u64)>> {
        let mut objects = self.inner.list(None);
        let mut out = Vec::new();
        while let Some(meta) =
            std::future::poll_fn(|cx| futures_core::Stream::poll_next(objects.as_mut(), cx)).await
        {
            let meta = meta?;
            out.push((meta.location.to_string(), meta.size));
        }
        Ok(out)
    }

    /// Writes one object a backup brings back, at its old path; like every
    /// write of this store it never replaces an existing object.
    pub async fn restore(&self, path: &str, bytes: Bytes) -> Result<()> {
        let location = validate_path(path)?;
        let mime = crate::sniff::mime_for_path(path).unwrap_or("application/octet-stream");
        self.put_new(&location, bytes, mime).await?;
        Ok(())
    }

    /// Deletes the objects at `paths`; missing ones are not an error.
    ///
    /// All paths are validated before anything is deleted. A failing delete
    /// does not stop the others (fewer orphans); the first error is returned.
    pub async fn delete<I, S>(&self, paths: I) -> Result<()>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let locations = paths
            .into_iter()
            .map(|p| validate_path(p.as_ref()))
            .collect::<Result<Vec<_>>>()?;
        let mut first_error = None;
        for location in &locations {
            match self.inner.delete(location).await {
                Ok(()) | Err(object_store::Error::NotFound { .. }) => {}
                Err(err) => {
                    first_error.get_or_insert(err);
                }
            }
        }
        first_error.map_or(Ok(()), |err| Err(err.into()))
    }

    async fn put_new(
        &self,
        location: &ObjectPath,
        bytes: Bytes,
        mime: &'static str,
    ) -> object_store::Result<()> {
        let mut options = PutOptions::from(PutMode::Create);
        if self.content_type {
            options
                .attributes
                .insert(Attribute::ContentType, mime.into());
        }
        self.inner
            .put_opts(location, PutPayload::from_bytes(bytes), options)
            .await
            .map(drop)
    }

    /// Best-effort undo of a partial save. A failure here must not hide the
    /// error that caused the rollback, so it is only logged, with the path,
    /// for someone to clean up.
    async fn roll_back(&self, written: &[ObjectPath]) {
        for location in written {
            if let Err(err) = self.inner.delete(location).await {
                tracing::warn!(path = %location, error = %err, "could not roll back media object");
            }
        }
    }
}
