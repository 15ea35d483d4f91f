//! Turning an upload into what gets stored: checked, typed, safely named and,
//! for images, with resized copies.
//!
//! Everything here is synchronous and CPU-bound (decoding and resizing a
//! 40-megapixel photo takes seconds); async callers should run [`prepare`]
//! in `tokio::task::spawn_blocking`.

use bytes::Bytes;

use crate::error::{MediaError, Result};
use crate::name::safe_name;
use crate::sniff::{Kind, claimed_essence, is_accepted_mime, sniff};
use crate::variants::{Variant, decode, is_animated, make_variants};

/// Upper bounds for one upload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest accepted upload in bytes. Default 10 MiB.
    pub max_bytes: u64,
    /// Largest accepted image in pixels (width × height). Default 40
    /// megapixels, which admits current phone cameras while keeping a decoded
    /// image below about 320 MB even at 16 bits per channel.
    pub max_pixels: u64,
}

impl Limits {
    /// The default for [`Limits::max_bytes`]: 10 MiB.
    pub const DEFAULT_MAX_BYTES: u64 = 10 * 1024 * 1024;
    /// The default for [`Limits::max_pixels`]: 40 megapixels.
    pub const DEFAULT_MAX_PIXELS: u64 = 40_000_000;
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_bytes: Self::DEFAULT_MAX_BYTES,
            max_pixels: Self::DEFAULT_MAX_PIXELS,
        }
    }
}

/// An upload that passed every check, ready for [`crate::MediaStore::save`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prepared {
    /// Stored file name: a slug of the client's stem plus the sniffed
    /// extension, e.g. `urlaub-am-meer.jpg`.
    pub name: String,
    /// Canonical MIME type of the original, from its bytes.
    pub mime: &'static str,
    /// Canonical extension of the original, without the dot.
    pub ext: &'static str,
    /// Image (with its dimensions as displayed, i.e. after Exif rotation) or
    /// plain file.
    pub kind: Kind,
    /// The uploaded bytes, unchanged (Exif metadata included).
    pub original: Bytes,
    /// Resized WebP copies, smallest first; empty for files, animations and
    /// images no wider than the smallest variant width.
    pub variants: Vec<Variant>,
}

impl Prepared {
    /// The stored name without its extension; variants are named after it.
    pub fn stem(&self) -> &str {
        self.name
            .strip_suffix(self.ext)
            .and_then(|s| s.strip_suffix('.'))
            .unwrap_or(&self.name)
    }

    /// Width in pixels as displayed, `None` for plain files.
    pub fn width(&self) -> Option<u32> {
        self.kind.dimensions().map(|(w, _)| w)
    }

    /// Height in pixels as displayed, `None` for plain files.
    pub fn height(&self) -> Option<u32> {
        self.kind.dimensions().map(|(_, h)| h)
    }
}

/// Checks an upload and prepares it for storage.
///
/// In order: the size against `limits.max_bytes` ([`MediaError::TooLarge`]);
/// the type from the bytes ([`MediaError::UnsupportedType`]); the client's
/// `claimed_type` against it ([`MediaError::TypeMismatch`]; `None`, an empty
/// type and `application/octet-stream` claim nothing); for images the pixel
/// count from the header ([`MediaError::TooManyPixels`]), then a full decode
/// ([`MediaError::Invalid`] for a damaged image) and the resized variants.
/// `original_name` only contributes a readable stem to [`Prepared::name`].
pub fn prepare(
    original_name: &str,
    claimed_type: Option<&str>,
    bytes: &[u8],
    limits: &Limits,
) -> Result<Prepared> {
    let too_large = u64::try_from(bytes.len()).map_or(true, |len| len > limits.max_bytes);
    if too_large {
        return Err(MediaError::TooLarge {
            limit: limits.max_bytes,
        });
    }
    let claimed = claimed_type.and_then(claimed_essence);
    let sniffed = match sniff(bytes) {
        Ok(sniffed) => sniffed,
        // HTML sent as image/png is a lie about an accepted type, which the
        // uploader should hear about as such.
        Err(MediaError::UnsupportedType { found }) => {
            return Err(match claimed {
                Some(claimed) if is_accepted_mime(&claimed) => {
                    MediaError::TypeMismatch { claimed, found }
                }
                _ => MediaError::UnsupportedType { found },
            });
        }
        Err(other) => return Err(other),
    };
    if let Some(claimed) = claimed
        && claimed != sniffed.mime
    {
        return Err(MediaError::TypeMismatch {
            claimed,
            found: sniffed.mime.to_owned(),
        });
    }

    let (kind, variants) = match sniffed.kind {
        Kind::File => (Kind::File, Vec::new()),
        Kind::Image {
            format,
            width,
            height,
        } => {
            // Decode even when no variants will be made: it is the only way
            // to know the file is a whole image and not a header with junk.
            let image = decode(bytes, format, (width, height), limits)?;
            let variants = if is_animated(bytes, format) {
                Vec::new()
            } else {
                make_variants(&image)?
            };
            let kind = Kind::Image {
                format,
                width: image.width(),
                height: image.height(),
            };
            (kind, variants)
        }
    };

    Ok(Prepared {
        name: safe_name(original_name, sniffed.ext),
        mime: sniffed.mime,
        ext: sniffed.ext,
        kind,
        original: Bytes::copy_from_slice(bytes),
        variants,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::name::safe_stem;

    #[test]
    fn stem_strips_only_the_extension() {
        let prepared = Prepared {
            name: format!("{}.pdf", safe_stem("a.pdf.pdf")),
            mime: "application/pdf",
            ext: "pdf",
            kind: Kind::File,
            original: Bytes::new(),
            variants: Vec::new(),
        };
        assert_eq!(prepared.name, "a-pdf.pdf");
        assert_eq!(prepared.stem(), "a-pdf");
    }
}
