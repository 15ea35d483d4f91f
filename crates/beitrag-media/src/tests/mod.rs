//! End-to-end tests of the upload flow with real images made by the `image`
//! crate: [`crate::prepare`] checks and variants, then store, read back, delete.

mod icon;
mod prepare;
mod storage;

use std::io::Cursor;

use image::{DynamicImage, RgbImage};

pub(super) fn gradient(width: u32, height: u32) -> DynamicImage {
    DynamicImage::ImageRgb8(RgbImage::from_fn(width, height, |x, y| {
        let r = u8::try_from(x * 255 / width).unwrap();
        let g = u8::try_from(y * 255 / height).unwrap();
        image::Rgb([r, g, 128])
    }))
}

pub(super) fn encode(image: &DynamicImage, format: image::ImageFormat) -> Vec<u8> {
    let mut buf = Cursor::new(Vec::new());
    image.write_to(&mut buf, format).unwrap();
    buf.into_inner()
}

pub(super) fn png(width: u32, height: u32) -> Vec<u8> {
    encode(&gradient(width, height), image::ImageFormat::Png)
}

pub(super) fn decode_webp(bytes: &[u8]) -> DynamicImage {
    image::load_from_memory_with_format(bytes, image::ImageFormat::WebP).unwrap()
}

pub(super) const PDF: &[u8] =
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
