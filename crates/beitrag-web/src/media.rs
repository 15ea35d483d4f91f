//! Uploads for the admin and the API: the rules (who may upload or
//! delete, unique names) are `core::service::media`'s; this prepares the
//! file off the async threads (sniffing, limits, variants), stores objects
//! and row all-or-nothing, and serves stored objects at `/media/…`.

use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use beitrag_core::Actor;
use beitrag_core::UploadProblem;
use beitrag_core::model::{Media, MediaId, MediaVariant, User};
use beitrag_core::service::media::{self as rules, MediaFiles, PreparedUpload, StoredUpload};
use beitrag_media::{Limits, MediaError, Prepared, prepare};

use crate::error::WebError;
use crate::state::AppState;

/// The one mapping from media errors to web errors.
pub fn web_error(e: MediaError) -> WebError {
    match e.status_hint() {
        413 => WebError::TooLarge(e.to_string()),
        415 => WebError::UnsupportedType(e.to_string()),
        422 => WebError::Unprocessable(e.to_string()),
        400 => WebError::BadRequest(e.to_string()),
        _ => WebError::Internal(e.to_string()),
    }
}

/// Media errors as the core's upload errors.
fn core_error(e: MediaError) -> beitrag_core::Error {
    let problem = match e.status_hint() {
        413 => UploadProblem::TooLarge,
        415 => UploadProblem::UnsupportedType,
        422 => UploadProblem::Unreadable,
        400 => UploadProblem::BadName,
        _ => UploadProblem::Storage,
    };
    beitrag_core::Error::Upload {
        problem,
        message: message_of(&e),
    }
}

/// What a media error says, as a core message the pages word.
fn message_of(e: &MediaError) -> beitrag_core::Message {
    use beitrag_core::message::texts;
    match e {
        MediaError::TooLarge { limit } => texts::FILE_TOO_LARGE.with("limit", *limit),
        MediaError::TooManyPixels {
            width,
            height,
            limit,
        } => texts::TOO_MANY_PIXELS
            .with("width", *width)
            .with("height", *height)
            .with("limit", *limit),
        MediaError::UnsupportedType { found } => texts::TYPE_NOT_ACCEPTED.with("found", found),
        MediaError::TypeMismatch { claimed, found } => texts::TYPE_MISMATCH
            .with("claimed", claimed)
            .with("found", found),
        MediaError::TooSmall { width, height, min } => texts::IMAGE_TOO_SMALL
            .with("width", *width)
            .with("height", *height)
            .with("min", *min),
        MediaError::Invalid(reason) => texts::FILE_DAMAGED.with("reason", reason),
        MediaError::BadPath(path) => texts::MEDIA_PATH.with("path", format!("{path:?}")),
        MediaError::Storage(_) => texts::STORAGE_FAILED.into(),
    }
}

/// The core's upload errors as the web errors the pages answer with. A
/// refused upload stays the core's error (`WebError::status` knows its
/// status), so the admin can word its message in the viewer's language.
fn from_core(e: beitrag_core::Error) -> WebError {
    match e {
        beitrag_core::Error::Upload {
            problem: UploadProblem::Storage,
            message,
        } => WebError::Internal(message.to_string()),
        beitrag_core::Error::NotFound => WebError::NotFound,
        other => other.into(),
    }
}

/// The media object store as the core's [`MediaFiles`]: sniffing, limits
/// and variants off the async threads, objects written once.
pub struct Files {
    objects: beitrag_media::MediaStore,
    max_bytes: u64,
}

impl Files {
    /// Files in `store`, uploads up to `max_bytes`.
    pub fn new(objects: beitrag_media::MediaStore, max_bytes: u64) -> Self {
        Self { objects, max_bytes }
    }

    /// Files in a local media directory. Commands open the configured
    /// store, directory or bucket, with `beitrag::server::open_media`.
    pub fn in_dir(dir: &std::path::Path, max_bytes: u64) -> Result<Self, String> {
        let objects = beitrag_media::MediaStore::local(dir)
            .map_err(|e| format!("media directory {}: {e}", dir.display()))?;
        Ok(Self::new(objects, max_bytes))
    }
}

#[async_trait::async_trait]
impl MediaFiles for Files {
    async fn prepare(
        &self,
        name: &str,
        claimed_type: Option<&str>,
        bytes: Vec<u8>,
    ) -> beitrag_core::Result<PreparedUpload> {
        let limits = Limits {
            max_bytes: self.max_bytes,
            ..Limits::default()
        };
        let (name, claimed) = (name.to_owned(), claimed_type.map(str::to_owned));
        let prepared: Prepared = tokio::task::spawn_blocking(move || {
            prepare(&name, claimed.as_deref(), &bytes, &limits)
        })
        .await
        .map_err(|e| beitrag_core::Error::Upload {
            problem: UploadProblem::Storage,
            message: beitrag_core::message::texts::PREPARE_FAILED.with("reason", e.to_string()),
        })?
        .map_err(core_error)?;
        Ok(PreparedUpload {
            stem: prepared.stem().to_owned(),
            ext: prepared.ext.to_owned(),
            image: matches!(prepared.kind, beitrag_media::Kind::Image { .. }),
            payload: Box::new(prepared),
        })
    }

    async fn store(
        &self,
        prefix: &str,
        name: &str,
        upload: &PreparedUpload,
    ) -> beitrag_core::Result<StoredUpload> {
        let Some(prepared) = upload.payload.downcast_ref::<Prepared>() else {
            return Err(beitrag_core::Error::Upload {
                problem: UploadProblem::Storage,
                message: beitrag_core::message::texts::PREPARED_ELSEWHERE.into(),
            });
        };
        let mut prepared = prepared.clone();
        name.clone_into(&mut prepared.name);
        let stored = self
            .objects
            .save(prefix, &prepared)
            .await
            .map_err(core_error)?;
        Ok(StoredUpload {
            path: stored.original.clone(),
            mime: stored.mime.clone(),
            size: stored.size,
            width: stored.width,
            height: stored.height,
            variants: stored
                .variants
                .iter()
                .map(|v| MediaVariant {
                    path: v.path.clone(),
                    width: v.width,
                    height: v.height,
                })
                .collect(),
        })
    }

    async fn delete(&self, paths: Vec<String>) -> beitrag_core::Result<()> {
        self.objects.delete(paths).await.map_err(core_error)
    }

    async fn store_icon(&self, prefix: &str, bytes: Vec<u8>) -> beitrag_core::Result<()> {
        let limits = Limits {
            max_bytes: self.max_bytes,
            ..Limits::default()
        };
        let files = tokio::task::spawn_blocking(move || beitrag_media::site_icon(&bytes, &limits))
            .await
            .map_err(|e| beitrag_core::Error::Upload {
                problem: UploadProblem::Storage,
                message: beitrag_core::message::texts::ICON_PREPARE_FAILED
                    .with("reason", e.to_string()),
            })?
            .map_err(core_error)?;
        self.objects
            .save_icon(prefix, &files)
            .await
            .map(drop)
            .map_err(core_error)
    }

    async fn delete_icon(&self, prefix: &str) -> beitrag_core::Result<()> {
        let paths = beitrag_media::ICON_FILES
            .iter()
            .map(|(name, _)| format!("{prefix}/{name}"));
        self.objects.delete(paths).await.map_err(core_error)
    }
}

/// Stores an upload by `user` through `core::service::media::upload`.
pub async fn upload(
    state: &AppState,
    user: &User,
    name: &str,
    claimed_type: Option<&str>,
    bytes: Bytes,
    alt: rules::Alt<'_>,
) -> Result<Media, WebError> {
    rules::upload(
        state.core(),
        &Actor::User(Box::new(user.clone())),
        state.files(),
        name,
        claimed_type,
        bytes.into(),
        alt,
    )
    .await
    .map_err(from_core)
}

/// Deletes an upload: its own uploader, or an editor.
pub async fn remove(state: &AppState, user: &User, id: MediaId) -> Result<(), WebError> {
    rules::delete(
        state.core(),
        &Actor::User(Box::new(user.clone())),
        state.files(),
        id,
    )
    .await
    .map_err(from_core)
}

/// The one range of a `Range: bytes=…` header we serve
/// ([RFC 9110 §14.1.2](https://www.rfc-editor.org/rfc/rfc9110#section-14.1.2)):
/// `a-b`, `a-` or `-n`. `None` for no header or anything else (several
/// ranges, other units), which is answered with the whole object, as the
/// RFC allows.
fn byte_range(header: Option<&str>, size_hint: u64) -> Option<std::ops::Range<u64>> {
    let spec = header?.trim().strip_prefix("bytes=")?;
    if spec.contains(',') {
        return None;
    }
    let (a, b) = spec.split_once('-')?;
    match (a.trim(), b.trim()) {
        ("", n) => {
            let n: u64 = n.parse().ok()?;
            (n > 0).then(|| size_hint.saturating_sub(n)..size_hint)
        }
        (a, "") => Some(a.parse().ok()?..u64::MAX),
        (a, b) => {
            let (a, b): (u64, u64) = (a.parse().ok()?, b.parse().ok()?);
            (a <= b).then(|| a..b.saturating_add(1))
        }
    }
}

/// `GET /media/{*path}`: a stored object, streamed, with its sniffed type,
/// cacheable forever (paths never change, so the path is the validator),
/// answering conditional requests with `304` and `Range` with `206`, and
/// never able to run as a page.
pub async fn serve(
    State(state): State<AppState>,
    Path(path): Path<String>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let etag = {
        use sha2::{Digest, Sha256};
        let d = Sha256::digest(path.as_bytes());
        format!(
            "\"{}\"",
            d.iter()
                .take(12)
                .map(|b| format!("{b:02x}"))
                .collect::<String>()
        )
    };
    let header = |name: header::HeaderName| headers.get(name).and_then(|v| v.to_str().ok());
    if header(header::IF_NONE_MATCH)
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"))
    {
        return Ok((StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response());
    }
    // A suffix range (`-n`: the last n bytes) needs the size first.
    let wanted = match header(header::RANGE) {
        Some(r) if r.trim().starts_with("bytes=-") => match state.media().size(&path).await {
            Ok(Some(size)) => byte_range(Some(r), size),
            Ok(None) | Err(MediaError::BadPath(_)) => return Err(WebError::NotFound),
            Err(e) => return Err(web_error(e)),
        },
        other => byte_range(other, u64::MAX),
    };
    let download = match state.media().open(&path, wanted.clone()).await {
        Ok(Some(Ok(d))) => d,
        Ok(Some(Err(size))) => {
            return Ok((
                StatusCode::RANGE_NOT_SATISFIABLE,
                [(header::CONTENT_RANGE, format!("bytes */{size}"))],
            )
                .into_response());
        }
        Ok(None) | Err(MediaError::BadPath(_)) => return Err(WebError::NotFound),
        Err(e) => return Err(web_error(e)),
    };
    let last_modified = download
        .last_modified
        .format("%a, %d %b %Y %H:%M:%S GMT")
        .to_string();
    let mime = beitrag_media::mime_for_path(&path).unwrap_or("application/octet-stream");
    let partial = wanted.is_some();
    let status = if partial {
        StatusCode::PARTIAL_CONTENT
    } else {
        StatusCode::OK
    };
    let length = download.range.end - download.range.start;
    let mut res = Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, mime)
        .header(header::CONTENT_LENGTH, length)
        .header(header::ACCEPT_RANGES, "bytes")
        .header(header::ETAG, &etag)
        .header(header::LAST_MODIFIED, last_modified)
        .header(header::CACHE_CONTROL, "public, max-age=31536000, immutable")
        .header(
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; sandbox",
        );
    if partial {
        res = res.header(
            header::CONTENT_RANGE,
            format!(
                "bytes {}-{}/{}",
                download.range.start,
                download.range.end.saturating_sub(1),
                download.size
            ),
        );
    }
    if mime == "application/pdf" {
        res = res.header(header::CONTENT_DISPOSITION, "attachment");
    }
    res.body(Body::from_stream(download.body))
        .map_err(|e| WebError::Internal(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::byte_range;

    #[test]
    fn reads_one_byte_range_when_well_formed() {
        assert_eq!(byte_range(Some("bytes=0-99"), 1000), Some(0..100));
        assert_eq!(byte_range(Some("bytes=500-"), 1000), Some(500..u64::MAX));
        assert_eq!(byte_range(Some("bytes=-100"), 1000), Some(900..1000));
        assert_eq!(byte_range(Some("bytes=0-1,5-9"), 1000), None);
        assert_eq!(byte_range(Some("items=0-1"), 1000), None);
        assert_eq!(byte_range(Some("bytes=9-1"), 1000), None);
        assert_eq!(byte_range(Some("bytes=x-"), 1000), None);
        assert_eq!(byte_range(None, 1000), None);
    }
}
