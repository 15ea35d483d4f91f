//! The one error type of this crate and its HTTP status hint.
//!
//! The web layer owns the mapping to responses; [`MediaError::status_hint`]
//! only tells it which status each failure deserves, so the admin form and the
//! JSON API answer the same way.

/// Result alias used throughout this crate.
pub type Result<T, E = MediaError> = std::result::Result<T, E>;

/// Why an upload was refused or could not be stored.
///
/// The first variants are the client's fault and their messages are safe to
/// show to the uploader; [`MediaError::Storage`] is ours, and its source should
/// be logged, not shown.
#[derive(Debug, thiserror::Error)]
pub enum MediaError {
    /// The upload has more bytes than [`crate::Limits::max_bytes`].
    #[error("the file is larger than the limit of {limit} bytes")]
    TooLarge {
        /// The limit in bytes that was exceeded.
        limit: u64,
    },
    /// The image's header announces more pixels than
    /// [`crate::Limits::max_pixels`]. Checked before decoding, so a small file
    /// claiming huge dimensions (a decompression bomb) is refused cheaply.
    #[error("the image is {width}×{height} pixels, more than the limit of {limit} pixels")]
    TooManyPixels {
        /// Width announced by the image header.
        width: u32,
        /// Height announced by the image header.
        height: u32,
        /// The limit in pixels that was exceeded.
        limit: u64,
    },
    /// The bytes are not one of the accepted types (JPEG, PNG, WebP, GIF, PDF).
    #[error("files of type {found} are not accepted")]
    UnsupportedType {
        /// A best-effort description of what the bytes look like, such as
        /// `text/html` or `image/svg+xml`; only for messages and logs.
        found: String,
    },
    /// The client's `Content-Type` names a different type than the bytes have,
    /// e.g. a PNG sent as `image/jpeg` or an HTML page sent as `image/png`.
    #[error("the file was sent as {claimed} but its content is {found}")]
    TypeMismatch {
        /// The claimed media type, lowercased and without parameters.
        claimed: String,
        /// The type found in the bytes (see [`MediaError::UnsupportedType`]).
        found: String,
    },
    /// The picture is smaller than its use needs (a site icon).
    #[error("the image is {width}×{height} pixels; it needs at least {min}×{min}")]
    TooSmall {
        /// Width of the picture.
        width: u32,
        /// Height of the picture.
        height: u32,
        /// The shortest side accepted.
        min: u32,
    },
    /// The bytes start like a supported type but cannot be decoded: a
    /// truncated or corrupt image, or an empty upload.
    #[error("the file is damaged or incomplete: {0}")]
    Invalid(String),
    /// An object path or key prefix contains something we never generate
    /// (`..`, a leading `/`, upper case, spaces, ...). Holds the path.
    #[error("invalid media path {0:?}")]
    BadPath(String),
    /// The object store failed (disk full, permissions, network, an object
    /// already existing where a new one was to be written).
    #[error("media storage failed")]
    Storage(#[from] object_store::Error),
}

impl MediaError {
    /// The HTTP status the web layer should answer with.
    ///
    /// 413 and 415 follow RFC 9110 §15.5.14 and §15.5.16; a damaged image is
    /// well-formed HTTP with unusable content, hence 422 rather than 400.
    pub fn status_hint(&self) -> u16 {
        match self {
            Self::TooLarge { .. } | Self::TooManyPixels { .. } => 413,
            Self::UnsupportedType { .. } | Self::TypeMismatch { .. } => 415,
            Self::Invalid(_) | Self::TooSmall { .. } => 422,
            Self::BadPath(_) => 400,
            Self::Storage(_) => 500,
        }
    }
}
