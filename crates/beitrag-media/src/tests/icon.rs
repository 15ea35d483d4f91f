use super::{PDF, png};
use crate::{ICON_FILES, Limits, MediaError, MediaStore, default_icon, site_icon};

#[test]
fn a_wide_picture_becomes_every_square_size() {
    let files = site_icon(&png(400, 250), &Limits::default()).unwrap();
    assert_eq!(files.len(), ICON_FILES.len());
    for (file, (name, side)) in files.iter().zip(ICON_FILES) {
        assert_eq!(file.name, name);
        if side == 0 {
            assert_eq!(file.mime, "image/vnd.microsoft.icon");
            // The decoder picks the largest entry.
            let ico =
                image::load_from_memory_with_format(&file.bytes, image::ImageFormat::Ico).unwrap();
            assert_eq!((ico.width(), ico.height()), (48, 48));
            // Directory: reserved 0, type 1 (icon), three images.
            assert_eq!(&file.bytes[..6], &[0, 0, 1, 0, 3, 0]);
        } else {
            let img =
                image::load_from_memory_with_format(&file.bytes, image::ImageFormat::Png).unwrap();
            assert_eq!((img.width(), img.height()), (side, side), "{name}");
        }
    }
}

#[test]
fn small_pictures_and_documents_are_refused() {
    let err = site_icon(&png(179, 600), &Limits::default()).unwrap_err();
    assert!(
        matches!(err, MediaError::TooSmall { min: 180, .. }),
        "{err}"
    );
    assert_eq!(err.status_hint(), 422);
    assert!(err.to_string().contains("180×180"), "{err}");
    let err = site_icon(PDF, &Limits::default()).unwrap_err();
    assert!(matches!(err, MediaError::UnsupportedType { .. }), "{err}");
    let err = site_icon(b"<svg onload=alert(1)>", &Limits::default()).unwrap_err();
    assert!(matches!(err, MediaError::UnsupportedType { .. }), "{err}");
    let limits = Limits {
        max_bytes: 100,
        ..Limits::default()
    };
    let err = site_icon(&png(300, 300), &limits).unwrap_err();
    assert!(matches!(err, MediaError::TooLarge { .. }), "{err}");
}

#[test]
fn the_default_icon_has_transparent_corners() {
    let files = default_icon().unwrap();
    let big = files.iter().find(|f| f.name == "icon-512.png").unwrap();
    let img = image::load_from_memory(&big.bytes).unwrap().into_rgba8();
    assert_eq!(img.get_pixel(0, 0).0[3], 0);
    assert_eq!(img.get_pixel(256, 480).0, [0xb3, 0x26, 0x1e, 0xff]);
    assert_eq!(img.get_pixel(256, 236).0, [0xff; 4]);
}

#[tokio::test]
async fn icon_files_are_stored_together() {
    let store = MediaStore::memory();
    let files = site_icon(&png(200, 200), &Limits::default()).unwrap();
    let paths = store.save_icon("site-icon/1", &files).await.unwrap();
    assert_eq!(paths[0], "site-icon/1/favicon.ico");
    assert_eq!(store.get(&paths[3]).await.unwrap().unwrap(), files[3].bytes);
    // Never overwritten: a second save under the same prefix fails whole.
    assert!(store.save_icon("site-icon/1", &files).await.is_err());
    assert!(store.save_icon("../x", &files).await.is_err());
}
