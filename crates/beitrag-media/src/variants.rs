//! Decoding an accepted image within limits and making its resized WebP
//! copies for `srcset`.
//!
//! Decoding is where hostile images hurt (memory, CPU), so every decode goes
//! through [`decode`], which refuses before allocating anything large.

use std::borrow::Cow;
use std::io::Cursor;

use bytes::Bytes;
use image::codecs::png::PngDecoder;
use image::codecs::webp::{WebPDecoder, WebPEncoder};
use image::imageops::FilterType;
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageError, ImageReader};

use crate::error::{MediaError, Result};
use crate::prepare::Limits;
use crate::sniff::{ImageFormat, image_error};

/// The widths, in pixels, of the resized copies. Chosen for phones (320),
/// tablets and narrow columns (768) and the widest content column on a
/// high-density laptop screen (1280).
pub const VARIANT_WIDTHS: [u32; 3] = [320, 768, 1280];

/// MIME type of every variant.
pub const VARIANT_MIME: &str = "image/webp";

/// A resized copy of an uploaded image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    /// Width in pixels, one of [`VARIANT_WIDTHS`].
    pub width: u32,
    /// Height in pixels, keeping the original's aspect ratio.
    pub height: u32,
    /// Always [`VARIANT_MIME`].
    pub mime: &'static str,
    /// The encoded WebP (lossless: the `image` crate has no lossy encoder).
    pub bytes: Bytes,
}

/// Bytes per pixel of the widest buffer our formats decode to (16-bit RGBA
/// PNG); with slack for the decoders' own working memory.
const MAX_BYTES_PER_PIXEL: u64 = 8;
const DECODER_SLACK: u64 = 64 * 1024 * 1024;

/// Decodes `bytes` (already sniffed as `format`, `width`×`height` by its
/// header) and turns it upright according to its Exif orientation.
pub(crate) fn decode(
    bytes: &[u8],
    format: ImageFormat,
    (width, height): (u32, u32),
    limits: &Limits,
) -> Result<DynamicImage> {
    let pixels = u64::from(width) * u64::from(height);
    let too_many = || MediaError::TooManyPixels {
        width,
        height,
        limit: limits.max_pixels,
    };
    // The header check is what stops a decompression bomb: a few hundred bytes
    // can announce gigapixels, and we must refuse before any buffer exists.
    if pixels > limits.max_pixels {
        return Err(too_many());
    }
    let max_alloc = limits
        .max_pixels
        .saturating_mul(MAX_BYTES_PER_PIXEL)
        .saturating_add(DECODER_SLACK);
    let mut decoder_limits = image::Limits::default();
    decoder_limits.max_alloc = Some(max_alloc);
    let map = |e: ImageError| match e {
        ImageError::Limits(_) => too_many(),
        other => image_error(format, other),
    };

    let mut reader = ImageReader::with_format(Cursor::new(bytes), format.to_image_crate());
    reader.limits(decoder_limits);
    let mut decoder = reader.into_decoder().map_err(map)?;
    // Same guard again on what the decoder itself reports, in case a format
    // decodes to a larger canvas than its first header said.
    if decoder.total_bytes() > max_alloc {
        return Err(too_many());
    }
    // A broken Exif block should not reject a picture browsers display fine.
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder).map_err(map)?;
    image.apply_orientation(orientation);
    Ok(image)
}

/// Whether the image moves. Still copies of an animation would silently
/// replace it whenever the browser picks a smaller `srcset` candidate, so
/// animated images get no variants.
///
/// GIFs count as animated without looking: telling a still GIF apart means
/// decoding a second frame, and still GIFs are small enough not to need
/// resized copies.
pub(crate) fn is_animated(bytes: &[u8], format: ImageFormat) -> bool {
    match format {
        ImageFormat::Gif => true,
        ImageFormat::WebP => WebPDecoder::new(Cursor::new(bytes)).is_ok_and(|d| d.has_animation()),
        ImageFormat::Png => PngDecoder::new(Cursor::new(bytes))
            .and_then(|d| d.is_apng())
            .unwrap_or(false),
        ImageFormat::Jpeg => false,
    }
}

/// Resized WebP copies of `image` at each of [`VARIANT_WIDTHS`] narrower than
/// it, smallest first. Upscaling would only cost bytes, so a narrow image
/// gets fewer or no variants.
pub(crate) fn make_variants(image: &DynamicImage) -> Result<Vec<Variant>> {
    let (width, height) = (image.width(), image.height());
    let source = to_webp_compatible(image);
    VARIANT_WIDTHS
        .iter()
        .filter(|&&target| target < width)
        .map(|&target| {
            let target_height = scaled_height(width, height, target);
            // Lanczos3 keeps downscaled text and edges sharp; its extra cost
            // over CatmullRom is small next to the lossless WebP encode.
            let resized = source.resize_exact(target, target_height, FilterType::Lanczos3);
            let mut buf = Vec::new();
            resized
                .write_with_encoder(WebPEncoder::new_lossless(&mut buf))
                // Unreachable for the colour types `to_webp_compatible` leaves.
                .map_err(|e| MediaError::Invalid(format!("cannot encode a resized copy: {e}")))?;
            Ok(Variant {
                width: target,
                height: target_height,
                mime: VARIANT_MIME,
                bytes: Bytes::from(buf),
            })
        })
        .collect()
}

/// The WebP encoder takes 8-bit grey or RGB(A) only; convert 16-bit PNGs
/// before resizing, which also halves the memory the resize needs.
fn to_webp_compatible(image: &DynamicImage) -> Cow<'_, DynamicImage> {
    match image {
        DynamicImage::ImageLuma8(_)
        | DynamicImage::ImageLumaA8(_)
        | DynamicImage::ImageRgb8(_)
        | DynamicImage::ImageRgba8(_) => Cow::Borrowed(image),
        other if other.color().has_alpha() => {
            Cow::Owned(DynamicImage::ImageRgba8(other.to_rgba8()))
        }
        other => Cow::Owned(DynamicImage::ImageRgb8(other.to_rgb8())),
    }
}

/// Height for `target` width at the original aspect ratio, rounded to the
/// nearest pixel and never zero (a 5000×1 banner still needs one row).
fn scaled_height(width: u32, height: u32, target: u32) -> u32 {
    let (w, h, t) = (u64::from(width), u64::from(height), u64::from(target));
    let scaled = (h * t + w / 2) / w;
    u32::try_from(scaled.max(1)).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_scaled_height_and_never_returns_zero() {
        assert_eq!(scaled_height(2000, 1000, 320), 160);
        assert_eq!(scaled_height(1999, 1000, 768), 384);
        assert_eq!(scaled_height(3000, 2001, 1280), 854);
        assert_eq!(scaled_height(5000, 1, 320), 1);
    }

    #[test]
    fn converts_sixteen_bit_images_for_the_encoder() {
        let deep = DynamicImage::ImageRgb16(image::ImageBuffer::new(400, 200));
        let variants = make_variants(&deep).unwrap();
        assert_eq!(variants.len(), 1);
        assert_eq!((variants[0].width, variants[0].height), (320, 160));
    }
}
