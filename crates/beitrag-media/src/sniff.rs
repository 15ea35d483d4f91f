//! Content sniffing: what an upload is, decided from its bytes alone.
//!
//! File names and the client's `Content-Type` are chosen by whoever uploads,
//! so neither decides what we store or how we serve it. Only the formats below
//! are accepted; SVG in particular is refused because it can carry scripts
//! that run on the blog's origin.

use std::io::Cursor;

use crate::error::{MediaError, Result};

/// The image formats we accept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ImageFormat {
    /// JPEG (JFIF or Exif).
    Jpeg,
    /// PNG, including APNG (decoded as its first frame).
    Png,
    /// WebP, lossy or lossless, still or animated.
    WebP,
    /// GIF, still or animated.
    Gif,
}

impl ImageFormat {
    /// The canonical MIME type, as served in `Content-Type`.
    pub fn mime(self) -> &'static str {
        match self {
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
            Self::WebP => "image/webp",
            Self::Gif => "image/gif",
        }
    }

    /// The canonical file extension, without the dot.
    pub fn ext(self) -> &'static str {
        match self {
            Self::Jpeg => "jpg",
            Self::Png => "png",
            Self::WebP => "webp",
            Self::Gif => "gif",
        }
    }

    pub(crate) fn to_image_crate(self) -> image::ImageFormat {
        match self {
            Self::Jpeg => image::ImageFormat::Jpeg,
            Self::Png => image::ImageFormat::Png,
            Self::WebP => image::ImageFormat::WebP,
            Self::Gif => image::ImageFormat::Gif,
        }
    }
}

/// What an accepted upload is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A raster image we can decode and resize.
    Image {
        /// The format found in the bytes.
        format: ImageFormat,
        /// Width in pixels.
        width: u32,
        /// Height in pixels.
        height: u32,
    },
    /// A document stored and served as is (currently only PDF).
    File,
}

impl Kind {
    /// Width and height of an image, `None` for a plain file.
    pub fn dimensions(&self) -> Option<(u32, u32)> {
        match *self {
            Self::Image { width, height, .. } => Some((width, height)),
            Self::File => None,
        }
    }
}

/// The result of [`sniff`]: the kind plus the canonical MIME type and file
/// extension to store and serve it with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sniffed {
    /// Image (with format and the dimensions from its header) or plain file.
    pub kind: Kind,
    /// Canonical MIME type, e.g. `image/png` or `application/pdf`.
    pub mime: &'static str,
    /// Canonical extension without the dot, e.g. `png` or `pdf`.
    pub ext: &'static str,
}

const PDF_MIME: &str = "application/pdf";
const PDF_MAGIC: &[u8] = b"%PDF-";

/// Decides what `bytes` are from their magic numbers and, for images, reads
/// the dimensions from the header (without decoding any pixels).
///
/// Fails with [`MediaError::UnsupportedType`] for anything that is not JPEG,
/// PNG, WebP, GIF or PDF, and with [`MediaError::Invalid`] for an empty upload
/// or an image whose header cannot be read.
pub fn sniff(bytes: &[u8]) -> Result<Sniffed> {
    if bytes.is_empty() {
        return Err(MediaError::Invalid("the file is empty".into()));
    }
    // Readers such as Acrobat tolerate junk before `%PDF-`; we do not, so a
    // polyglot (HTML first, PDF later) is never stored as a PDF.
    if bytes.starts_with(PDF_MAGIC) {
        return Ok(Sniffed {
            kind: Kind::File,
            mime: PDF_MIME,
            ext: "pdf",
        });
    }
    let format = match image::guess_format(bytes) {
        Ok(image::ImageFormat::Jpeg) => ImageFormat::Jpeg,
        Ok(image::ImageFormat::Png) => ImageFormat::Png,
        Ok(image::ImageFormat::WebP) => ImageFormat::WebP,
        Ok(image::ImageFormat::Gif) => ImageFormat::Gif,
        _ => {
            return Err(MediaError::UnsupportedType {
                found: describe_unknown(bytes),
            });
        }
    };
    let (width, height) =
        image::ImageReader::with_format(Cursor::new(bytes), format.to_image_crate())
            .into_dimensions()
            .map_err(|e| image_error(format, e))?;
    if width == 0 || height == 0 {
        return Err(MediaError::Invalid(format!(
            "the image header says {width}×{height} pixels"
        )));
    }
    Ok(Sniffed {
        kind: Kind::Image {
            format,
            width,
            height,
        },
        mime: format.mime(),
        ext: format.ext(),
    })
}

/// Maps a decoder error to the error the uploader should see.
pub(crate) fn image_error(format: ImageFormat, err: image::ImageError) -> MediaError {
    match err {
        // A valid file using a feature the decoder lacks (e.g. arithmetic-coded
        // JPEG): the type is the problem, not the file.
        image::ImageError::Unsupported(e) => MediaError::UnsupportedType {
            found: format!("{} ({e})", format.mime()),
        },
        other => MediaError::Invalid(other.to_string()),
    }
}

/// A best-effort name for bytes we refuse, used only in messages and logs.
fn describe_unknown(bytes: &[u8]) -> String {
    let head = &bytes[..bytes.len().min(512)];
    if let Some(text) = as_text(head) {
        let lower = text
            .trim_start_matches('\u{feff}')
            .trim_start()
            .to_ascii_lowercase();
        let kind = if lower.contains("<svg") {
            "image/svg+xml"
        } else if lower.starts_with("<?xml") {
            "application/xml"
        } else if lower.starts_with('<') {
            "text/html"
        } else {
            "text/plain"
        };
        return kind.to_owned();
    }
    match image::guess_format(bytes) {
        Ok(format) => format.to_mime_type().to_owned(),
        Err(_) => "application/octet-stream".to_owned(),
    }
}

/// `head` as text when it is UTF-8 without control characters; a multi-byte
/// character cut off by the 512-byte window still counts as text.
fn as_text(head: &[u8]) -> Option<&str> {
    let text = match std::str::from_utf8(head) {
        Ok(text) => text,
        Err(e) if e.error_len().is_none() => std::str::from_utf8(&head[..e.valid_up_to()]).ok()?,
        Err(_) => return None,
    };
    let printable = text
        .chars()
        .all(|c| !c.is_control() || matches!(c, '\n' | '\r' | '\t' | '\u{c}'));
    printable.then_some(text)
}

/// The essence of a client's `Content-Type` (lowercase, no parameters, common
/// aliases folded), or `None` when it makes no claim worth checking.
pub(crate) fn claimed_essence(claimed: &str) -> Option<String> {
    let essence = claimed
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    // Browsers send octet-stream for extensions they do not know; that is an
    // absence of a claim, not a claim of "arbitrary binary".
    if essence.is_empty() || essence == "application/octet-stream" {
        return None;
    }
    let canonical = match essence.as_str() {
        "image/jpg" | "image/pjpeg" => "image/jpeg",
        "image/x-png" => "image/png",
        "application/x-pdf" => PDF_MIME,
        _ => return Some(essence),
    };
    Some(canonical.to_owned())
}

/// Whether `mime` (an essence from [`claimed_essence`]) is a type we accept.
pub(crate) fn is_accepted_mime(mime: &str) -> bool {
    matches!(
        mime,
        "image/jpeg" | "image/png" | "image/webp" | "image/gif" | PDF_MIME
    )
}

/// The `Content-Type` to serve a stored object with, from the extension this
/// crate gave it. `None` for anything this crate would not have written.
pub fn mime_for_path(path: &str) -> Option<&'static str> {
    let (_, ext) = path.rsplit_once('.')?;
    match ext {
        "jpg" => Some("image/jpeg"),
        "png" => Some("image/png"),
        "webp" => Some("image/webp"),
        "gif" => Some("image/gif"),
        "pdf" => Some(PDF_MIME),
        // Only site icons are stored with this extension.
        "ico" => Some("image/vnd.microsoft.icon"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_pdf_when_magic_is_at_the_start() {
        let sniffed = sniff(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n").unwrap();
        assert_eq!(sniffed.kind, Kind::File);
        assert_eq!((sniffed.mime, sniffed.ext), ("application/pdf", "pdf"));
    }

    #[test]
    fn refuses_pdf_when_something_precedes_the_magic() {
        let err = sniff(b"<html><script>x</script></html>%PDF-1.7").unwrap_err();
        assert!(
            matches!(&err, MediaError::UnsupportedType { found } if found == "text/html"),
            "{err:?}"
        );
    }

    #[test]
    fn names_svg_and_binary_when_type_is_unknown() {
        let svg = b"<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>";
        assert!(
            matches!(sniff(svg), Err(MediaError::UnsupportedType { found }) if found == "image/svg+xml")
        );
        let bmp = b"BM\x00\x00\x00\x00\xff\xfe\x00\x01";
        assert!(
            matches!(sniff(bmp), Err(MediaError::UnsupportedType { found }) if found == "image/bmp")
        );
        let elf = b"\x7fELF\x02\x01\x01\x00\x00";
        assert!(
            matches!(sniff(elf), Err(MediaError::UnsupportedType { found }) if found == "application/octet-stream")
        );
    }

    #[test]
    fn refuses_empty_upload_as_invalid() {
        assert!(matches!(sniff(b""), Err(MediaError::Invalid(_))));
    }

    #[test]
    fn folds_aliases_and_parameters_when_reading_claims() {
        assert_eq!(
            claimed_essence("Image/JPG; q=1").as_deref(),
            Some("image/jpeg")
        );
        assert_eq!(claimed_essence(" image/png ").as_deref(), Some("image/png"));
        assert_eq!(claimed_essence("application/octet-stream"), None);
        assert_eq!(claimed_essence(""), None);
        assert_eq!(claimed_essence("text/html").as_deref(), Some("text/html"));
    }

    #[test]
    fn maps_only_our_extensions_to_mime() {
        assert_eq!(mime_for_path("2026/a-320w.webp"), Some("image/webp"));
        assert_eq!(mime_for_path("a.jpg"), Some("image/jpeg"));
        assert_eq!(mime_for_path("a.html"), None);
        assert_eq!(mime_for_path("noext"), None);
    }
}
