//! [`crate::prepare`]: sizes, types, damaged and hostile images, variants.

use image::codecs::jpeg::JpegEncoder;
use image::{DynamicImage, ImageEncoder};

use super::{PDF, decode_webp, encode, gradient, png};
use crate::*;

/// Checks that `prepared` has WebP variants of exactly these sizes, and that
/// each decodes again to the size it claims.
fn assert_variants(prepared: &Prepared, expected: &[(u32, u32)]) {
    let sizes: Vec<_> = prepared
        .variants
        .iter()
        .map(|v| (v.width, v.height))
        .collect();
    assert_eq!(sizes, expected);
    for variant in &prepared.variants {
        assert_eq!(variant.mime, "image/webp");
        let decoded = decode_webp(&variant.bytes);
        assert_eq!(
            (decoded.width(), decoded.height()),
            (variant.width, variant.height)
        );
    }
}

const WIDE: [(u32, u32); 3] = [(320, 160), (768, 384), (1280, 640)];

#[test]
fn makes_three_webp_variants_when_png_is_2000_wide() {
    let bytes = png(2000, 1000);
    let prepared = prepare(
        "Sommer Foto.PNG",
        Some("image/png"),
        &bytes,
        &Limits::default(),
    )
    .unwrap();
    assert_eq!(prepared.name, "sommer-foto.png");
    assert_eq!((prepared.mime, prepared.ext), ("image/png", "png"));
    assert_eq!(prepared.stem(), "sommer-foto");
    assert_eq!(
        prepared.kind,
        Kind::Image {
            format: ImageFormat::Png,
            width: 2000,
            height: 1000
        }
    );
    assert_eq!(
        (prepared.width(), prepared.height()),
        (Some(2000), Some(1000))
    );
    assert_eq!(prepared.original.as_ref(), bytes.as_slice());
    assert_variants(&prepared, &WIDE);
    // A gradient survives resizing: the right edge of the smallest copy is
    // still red, so the pixels were really resampled and not left black.
    let small = decode_webp(&prepared.variants[0].bytes).to_rgb8();
    assert!(
        small.get_pixel(319, 80)[0] > 240,
        "{:?}",
        small.get_pixel(319, 80)
    );
    assert!(small.get_pixel(0, 80)[0] < 15);
}

#[test]
fn makes_variants_when_jpeg_is_2000_wide() {
    let bytes = encode(&gradient(2000, 1000), image::ImageFormat::Jpeg);
    let prepared = prepare(
        "IMG_0001.jpeg",
        Some("image/jpeg"),
        &bytes,
        &Limits::default(),
    )
    .unwrap();
    assert_eq!(prepared.name, "img-0001.jpg");
    assert_eq!((prepared.mime, prepared.ext), ("image/jpeg", "jpg"));
    assert_variants(&prepared, &WIDE);
}

#[test]
fn makes_variants_when_upload_is_webp() {
    let bytes = encode(&gradient(1000, 500), image::ImageFormat::WebP);
    let prepared = prepare("w.webp", None, &bytes, &Limits::default()).unwrap();
    assert_eq!(prepared.mime, "image/webp");
    assert_variants(&prepared, &[(320, 160), (768, 384)]);
}

#[test]
fn makes_variants_when_png_has_sixteen_bits_and_alpha() {
    let deep = DynamicImage::ImageRgba16(image::ImageBuffer::from_pixel(
        800,
        600,
        image::Rgba([65535, 0, 0, 32768]),
    ));
    let prepared = prepare(
        "deep.png",
        None,
        &encode(&deep, image::ImageFormat::Png),
        &Limits::default(),
    )
    .unwrap();
    assert_variants(&prepared, &[(320, 240), (768, 576)]);
    let pixel = decode_webp(&prepared.variants[0].bytes)
        .to_rgba8()
        .get_pixel(10, 10)
        .0;
    assert_eq!(pixel, [255, 0, 0, 128]);
}

#[test]
fn makes_no_variants_when_image_is_narrower_than_smallest_width() {
    let prepared = prepare("klein.png", None, &png(200, 100), &Limits::default()).unwrap();
    assert_eq!(prepared.width(), Some(200));
    assert!(prepared.variants.is_empty());
    // Exactly as wide as a variant width: that copy would be the original again.
    let prepared = prepare("x.png", None, &png(320, 100), &Limits::default()).unwrap();
    assert!(prepared.variants.is_empty());
}

#[test]
fn makes_no_variants_when_image_is_a_gif() {
    let bytes = encode(&gradient(900, 300), image::ImageFormat::Gif);
    let prepared = prepare("anim.gif", Some("image/gif"), &bytes, &Limits::default()).unwrap();
    assert_eq!((prepared.mime, prepared.width()), ("image/gif", Some(900)));
    assert!(prepared.variants.is_empty());
}

/// A minimal little-endian Exif (TIFF) block with one Orientation entry.
fn exif_orientation(value: u16) -> Vec<u8> {
    let mut tiff = b"II*\0".to_vec();
    tiff.extend_from_slice(&8u32.to_le_bytes()); // first IFD right after the header
    tiff.extend_from_slice(&1u16.to_le_bytes()); // one entry
    tiff.extend_from_slice(&0x0112u16.to_le_bytes()); // tag: Orientation
    tiff.extend_from_slice(&3u16.to_le_bytes()); // type: SHORT
    tiff.extend_from_slice(&1u32.to_le_bytes()); // count
    tiff.extend_from_slice(&value.to_le_bytes());
    tiff.extend_from_slice(&[0, 0]); // value padding
    tiff.extend_from_slice(&0u32.to_le_bytes()); // no next IFD
    tiff
}

#[test]
fn turns_variants_upright_when_jpeg_has_exif_rotation() {
    let mut bytes = Vec::new();
    let mut encoder = JpegEncoder::new_with_quality(&mut bytes, 90);
    encoder.set_exif_metadata(exif_orientation(6)).unwrap(); // rotate 90° clockwise
    gradient(800, 400).write_with_encoder(encoder).unwrap();

    let prepared = prepare("hochkant.jpg", None, &bytes, &Limits::default()).unwrap();
    assert_eq!(
        (prepared.width(), prepared.height()),
        (Some(400), Some(800))
    );
    assert_variants(&prepared, &[(320, 640)]);
    assert_eq!(
        prepared.original.as_ref(),
        bytes.as_slice(),
        "original stays as uploaded"
    );
}

#[test]
fn refuses_too_large_when_bytes_exceed_limit() {
    let bytes = png(400, 200);
    let len = u64::try_from(bytes.len()).unwrap();
    let exact = Limits {
        max_bytes: len,
        ..Limits::default()
    };
    assert!(prepare("a.png", None, &bytes, &exact).is_ok());

    let tight = Limits {
        max_bytes: len - 1,
        ..Limits::default()
    };
    let err = prepare("a.png", None, &bytes, &tight).unwrap_err();
    assert!(
        matches!(err, MediaError::TooLarge { limit } if limit == len - 1),
        "{err:?}"
    );
    assert_eq!(err.status_hint(), 413);
}

#[test]
fn refuses_type_mismatch_when_png_is_sent_as_jpeg() {
    let err = prepare(
        "a.jpg",
        Some("image/jpeg"),
        &png(400, 200),
        &Limits::default(),
    )
    .unwrap_err();
    assert!(
        matches!(&err, MediaError::TypeMismatch { claimed, found } if claimed == "image/jpeg" && found == "image/png"),
        "{err:?}"
    );
    assert_eq!(err.status_hint(), 415);
    // Aliases and parameters are not mismatches.
    assert!(
        prepare(
            "a.png",
            Some("image/x-png; foo=bar"),
            &png(10, 10),
            &Limits::default()
        )
        .is_ok()
    );
    assert!(
        prepare(
            "a.png",
            Some("application/octet-stream"),
            &png(10, 10),
            &Limits::default()
        )
        .is_ok()
    );
}

const HTML: &[u8] =
    b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>";

#[test]
fn refuses_html_when_named_like_an_image() {
    let err = prepare("x.png", None, HTML, &Limits::default()).unwrap_err();
    assert!(
        matches!(&err, MediaError::UnsupportedType { found } if found == "text/html"),
        "{err:?}"
    );
    assert_eq!(err.status_hint(), 415);

    let err = prepare("x.png", Some("image/png"), HTML, &Limits::default()).unwrap_err();
    assert!(
        matches!(&err, MediaError::TypeMismatch { claimed, found } if claimed == "image/png" && found == "text/html"),
        "{err:?}"
    );

    let err = prepare("x.html", Some("text/html"), HTML, &Limits::default()).unwrap_err();
    assert!(matches!(err, MediaError::UnsupportedType { .. }), "{err:?}");
}

#[test]
fn refuses_truncated_png_as_invalid_without_panicking() {
    let bytes = png(400, 200);
    for cut in [9, 20, 40, bytes.len() / 2, bytes.len() - 13] {
        let err = prepare("cut.png", None, &bytes[..cut], &Limits::default()).unwrap_err();
        assert!(
            matches!(err, MediaError::Invalid(_)),
            "cut at {cut}: {err:?}"
        );
        assert_eq!(err.status_hint(), 422);
    }
    let mut garbage = b"\x89PNG\r\n\x1a\n".to_vec();
    garbage.extend(std::iter::repeat_n(0xA5, 200));
    assert!(matches!(
        prepare("g.png", None, &garbage, &Limits::default()),
        Err(MediaError::Invalid(_))
    ));
}

#[test]
fn never_panics_when_jpeg_is_truncated() {
    let bytes = encode(&gradient(400, 200), image::ImageFormat::Jpeg);
    for cut in [3, 30, 200, bytes.len() / 2] {
        // JPEG decoders pad a cut-off scan, so both outcomes are acceptable;
        // what matters is that neither panics.
        match prepare("cut.jpg", None, &bytes[..cut], &Limits::default()) {
            Ok(_) | Err(MediaError::Invalid(_)) => {}
            Err(other) => panic!("cut at {cut}: {other:?}"),
        }
    }
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn png_chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&u32::try_from(data.len()).unwrap().to_be_bytes());
    let start = out.len();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let crc = crc32(&out[start..]);
    out.extend_from_slice(&crc.to_be_bytes());
}

/// A PNG of a few dozen bytes whose valid header announces
/// 100 000 × 100 000 RGB pixels (30 GB once decoded).
fn png_bomb() -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&100_000u32.to_be_bytes());
    ihdr.extend_from_slice(&100_000u32.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]); // 8 bit, RGB, deflate, no filter, no interlace
    png_chunk(&mut out, b"IHDR", &ihdr);
    png_chunk(&mut out, b"IDAT", &[0x78, 0x9c, 0x03, 0x00]);
    png_chunk(&mut out, b"IEND", &[]);
    out
}

#[test]
fn refuses_decompression_bomb_before_decoding() {
    let bomb = png_bomb();
    assert!(bomb.len() < 100);
    let sniffed = sniff(&bomb).unwrap();
    assert_eq!(sniffed.kind.dimensions(), Some((100_000, 100_000)));

    let err = prepare("bomb.png", Some("image/png"), &bomb, &Limits::default()).unwrap_err();
    assert!(
        matches!(
            err,
            MediaError::TooManyPixels {
                width: 100_000,
                height: 100_000,
                limit: 40_000_000
            }
        ),
        "{err:?}"
    );
    assert_eq!(err.status_hint(), 413);
}

#[test]
fn refuses_real_image_when_pixels_exceed_limit() {
    let limits = Limits {
        max_pixels: 1_999_999,
        ..Limits::default()
    };
    let err = prepare("a.png", None, &png(2000, 1000), &limits).unwrap_err();
    assert!(
        matches!(
            err,
            MediaError::TooManyPixels {
                width: 2000,
                height: 1000,
                ..
            }
        ),
        "{err:?}"
    );
}

#[test]
fn accepts_pdf_as_plain_file() {
    let prepared = prepare(
        "Rechnung März 2026.PDF",
        Some("application/pdf"),
        PDF,
        &Limits::default(),
    )
    .unwrap();
    assert_eq!(prepared.kind, Kind::File);
    assert_eq!(prepared.name, "rechnung-maerz-2026.pdf");
    assert_eq!((prepared.mime, prepared.ext), ("application/pdf", "pdf"));
    assert_eq!((prepared.width(), prepared.height()), (None, None));
    assert!(prepared.variants.is_empty());

    let err = prepare("r.pdf", Some("image/png"), PDF, &Limits::default()).unwrap_err();
    assert!(matches!(err, MediaError::TypeMismatch { .. }), "{err:?}");
}

#[test]
fn maps_every_error_to_its_status() {
    let cases: [(MediaError, u16); 7] = [
        (MediaError::TooLarge { limit: 1 }, 413),
        (
            MediaError::TooManyPixels {
                width: 1,
                height: 1,
                limit: 0,
            },
            413,
        ),
        (MediaError::UnsupportedType { found: "x".into() }, 415),
        (
            MediaError::TypeMismatch {
                claimed: "a".into(),
                found: "b".into(),
            },
            415,
        ),
        (MediaError::Invalid("x".into()), 422),
        (MediaError::BadPath("..".into()), 400),
        (
            MediaError::Storage(object_store::Error::NotImplemented {
                operation: "x".into(),
                implementer: "y".into(),
            }),
            500,
        ),
    ];
    for (err, status) in cases {
        assert_eq!(err.status_hint(), status, "{err:?}");
    }
}
