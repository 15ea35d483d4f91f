//! Site icons: one picture made into the sizes browsers, phones and feed
//! readers ask for. The picture is cut to a centred square first, as
//! WordPress's site icon cropper does by default.

use std::io::Cursor;

use bytes::Bytes;
use image::codecs::ico::{IcoEncoder, IcoFrame};
use image::codecs::png::PngEncoder;
use image::imageops::FilterType;
use image::{DynamicImage, ExtendedColorType, ImageEncoder, Rgba, RgbaImage};

use crate::error::{MediaError, Result};
use crate::prepare::Limits;
use crate::sniff::{Kind, sniff};
use crate::variants::decode;

/// The shortest side a site icon may have: the largest size a device asks
/// for by itself (Apple's 180 px touch icon) must not be blown up.
pub const MIN_ICON_SIDE: u32 = 180;

/// Sizes packed into `favicon.ico`: browser tabs, bookmarks, desktop
/// shortcuts at 1×, 2× and 3×.
const ICO_SIZES: [u32; 3] = [16, 32, 48];

/// One file of a site icon.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IconFile {
    /// File name, one of [`ICON_FILES`].
    pub name: &'static str,
    /// Its type.
    pub mime: &'static str,
    /// Its bytes.
    pub bytes: Bytes,
}

/// What a site icon is made of, as (file name, side in pixels; 0 for the
/// multi-size ICO): tabs (`favicon.ico`, 32), feed readers (64 for JSON
/// Feed's `favicon`, 512 for its `icon` and Atom's `logo`), Apple's touch
/// icon (180) and Android's home screen (192).
pub const ICON_FILES: [(&str, u32); 6] = [
    ("favicon.ico", 0),
    ("icon-32.png", 32),
    ("icon-64.png", 64),
    ("icon-180.png", 180),
    ("icon-192.png", 192),
    ("icon-512.png", 512),
];

/// Checks an uploaded picture and makes every file of [`ICON_FILES`] from
/// it. Only images are accepted (no PDF), animations lose their motion, and
/// a picture narrower than [`MIN_ICON_SIDE`] is refused.
pub fn site_icon(bytes: &[u8], limits: &Limits) -> Result<Vec<IconFile>> {
    if u64::try_from(bytes.len()).map_or(true, |len| len > limits.max_bytes) {
        return Err(MediaError::TooLarge {
            limit: limits.max_bytes,
        });
    }
    let sniffed = sniff(bytes)?;
    let Kind::Image {
        format,
        width,
        height,
    } = sniffed.kind
    else {
        return Err(MediaError::UnsupportedType {
            found: sniffed.mime.to_owned(),
        });
    };
    let image = decode(bytes, format, (width, height), limits)?;
    let side = image.width().min(image.height());
    if side < MIN_ICON_SIDE {
        return Err(MediaError::TooSmall {
            width: image.width(),
            height: image.height(),
            min: MIN_ICON_SIDE,
        });
    }
    let square = image
        .crop_imm(
            (image.width() - side) / 2,
            (image.height() - side) / 2,
            side,
            side,
        )
        .into_rgba8();
    icon_files(&square)
}

/// The icon a site has before one is uploaded: a rounded square in the
/// theme's accent colour holding a white speech bubble.
pub fn default_icon() -> Result<Vec<IconFile>> {
    const SIDE: u32 = 512;
    let accent = Rgba([0xb3, 0x26, 0x1e, 0xff]);
    let white = Rgba([0xff, 0xff, 0xff, 0xff]);
    let clear = Rgba([0, 0, 0, 0]);
    let corner = 96.0_f32;
    let image = RgbaImage::from_fn(SIDE, SIDE, |x, y| {
        let (fx, fy) = (x as f32 + 0.5, y as f32 + 0.5);
        let max = SIDE as f32;
        // Distance into the rounded corner, if the pixel is in one.
        let cx = fx.clamp(corner, max - corner);
        let cy = fy.clamp(corner, max - corner);
        if (fx - cx).hypot(fy - cy) > corner {
            return clear;
        }
        let in_bubble = (fx - 256.0).hypot((fy - 236.0) * 1.25) < 150.0;
        let in_tail =
            fy > 300.0 && fy < 400.0 && fx > 150.0 && fx < 250.0 && fx - 150.0 < 400.0 - fy;
        if in_bubble || in_tail { white } else { accent }
    });
    icon_files(&image)
}

fn icon_files(square: &RgbaImage) -> Result<Vec<IconFile>> {
    let source = DynamicImage::ImageRgba8(square.clone());
    ICON_FILES
        .iter()
        .map(|&(name, size)| {
            let (mime, bytes) = if size == 0 {
                let frames = ICO_SIZES
                    .iter()
                    .map(|&s| {
                        // Takes the pixels and stores them PNG-encoded.
                        let pixels = resized(&source, s);
                        IcoFrame::as_png(pixels.as_raw(), s, s, ExtendedColorType::Rgba8)
                            .map_err(encoding)
                    })
                    .collect::<Result<Vec<_>>>()?;
                let mut out = Vec::new();
                IcoEncoder::new(&mut out)
                    .encode_images(&frames)
                    .map_err(encoding)?;
                ("image/vnd.microsoft.icon", out)
            } else {
                ("image/png", png(&resized(&source, size))?)
            };
            Ok(IconFile {
                name,
                mime,
                bytes: Bytes::from(bytes),
            })
        })
        .collect()
}

fn resized(source: &DynamicImage, side: u32) -> RgbaImage {
    // Lanczos3 keeps the edges of small icons crisp.
    source
        .resize_exact(side, side, FilterType::Lanczos3)
        .into_rgba8()
}

fn png(image: &RgbaImage) -> Result<Vec<u8>> {
    let mut out = Cursor::new(Vec::new());
    PngEncoder::new(&mut out)
        .write_image(
            image.as_raw(),
            image.width(),
            image.height(),
            ExtendedColorType::Rgba8,
        )
        .map_err(encoding)?;
    Ok(out.into_inner())
}

// Encoding 8-bit RGBA as PNG or ICO cannot fail for our sizes; should it,
// the icon is refused rather than stored broken.
fn encoding(e: image::ImageError) -> MediaError {
    MediaError::Invalid(format!("cannot encode the icon: {e}"))
}
