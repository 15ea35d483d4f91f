//! [`crate::MediaStore`] and [`crate::srcset`] on a local directory and in
//! memory.

use object_store::{Attribute, ObjectStoreExt};

use super::{PDF, png};
use crate::*;

fn files_under(dir: &std::path::Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in std::fs::read_dir(&current).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                found.push(
                    path.strip_prefix(dir)
                        .unwrap()
                        .to_string_lossy()
                        .into_owned(),
                );
            }
        }
    }
    found.sort();
    found
}

#[tokio::test]
async fn saves_reads_and_deletes_when_store_is_local() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("media"); // does not exist yet
    let store = MediaStore::local(&root).unwrap();
    let prepared = prepare(
        "Sommer Foto.png",
        None,
        &png(2000, 1000),
        &Limits::default(),
    )
    .unwrap();

    let stored = store.save("2026/11/7", &prepared).await.unwrap();
    assert_eq!(stored.original, "2026/11/7/sommer-foto.png");
    assert_eq!(
        (stored.mime.as_str(), stored.width, stored.height),
        ("image/png", Some(2000), Some(1000))
    );
    assert_eq!(stored.size, u64::try_from(prepared.original.len()).unwrap());
    assert_eq!(
        stored.paths(),
        [
            "2026/11/7/sommer-foto.png",
            "2026/11/7/sommer-foto-320w.webp",
            "2026/11/7/sommer-foto-768w.webp",
            "2026/11/7/sommer-foto-1280w.webp",
        ]
    );
    assert_eq!(
        files_under(&root),
        [
            "2026/11/7/sommer-foto-1280w.webp",
            "2026/11/7/sommer-foto-320w.webp",
            "2026/11/7/sommer-foto-768w.webp",
            "2026/11/7/sommer-foto.png",
        ]
    );

    let original = store.get(&stored.original).await.unwrap().unwrap();
    assert_eq!(original, prepared.original);
    for (stored_variant, variant) in stored.variants.iter().zip(&prepared.variants) {
        assert_eq!(
            (stored_variant.width, stored_variant.height),
            (variant.width, variant.height)
        );
        assert_eq!(
            store.get(&stored_variant.path).await.unwrap().unwrap(),
            variant.bytes
        );
    }
    assert_eq!(store.get("2026/11/7/missing.png").await.unwrap(), None);

    store.delete(stored.paths()).await.unwrap();
    assert_eq!(store.get(&stored.original).await.unwrap(), None);
    assert!(files_under(&root).is_empty());
    // Deleting again is not an error: the web layer may retry.
    store.delete(stored.paths()).await.unwrap();
}

#[tokio::test]
async fn saves_at_root_when_prefix_is_empty() {
    let store = MediaStore::memory();
    let prepared = prepare("a.pdf", None, PDF, &Limits::default()).unwrap();
    let stored = store.save("", &prepared).await.unwrap();
    assert_eq!(stored.paths(), ["a.pdf"]);
    assert_eq!(store.get("a.pdf").await.unwrap().unwrap().as_ref(), PDF);
}

#[tokio::test]
async fn sets_content_type_when_store_is_remote() {
    let store = MediaStore::memory();
    let prepared = prepare("a.png", None, &png(400, 200), &Limits::default()).unwrap();
    let stored = store.save("p", &prepared).await.unwrap();
    let expected = [
        (stored.original.as_str(), "image/png"),
        (stored.variants[0].path.as_str(), "image/webp"),
    ];
    for (path, mime) in expected {
        let result = store
            .inner
            .get(&object_store::path::Path::parse(path).unwrap())
            .await
            .unwrap();
        let content_type = result
            .attributes
            .get(&Attribute::ContentType)
            .map(|v| v.to_string());
        assert_eq!(content_type.as_deref(), Some(mime), "{path}");
    }
}

#[tokio::test]
async fn refuses_bad_paths_before_touching_the_store() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("secret.txt"), "x").unwrap();
    let store = MediaStore::local(&dir.path().join("media")).unwrap();
    for bad in [
        "../secret.txt",
        "/etc/passwd",
        "a/../../secret.txt",
        "A.PNG",
        "",
    ] {
        assert!(
            matches!(store.get(bad).await, Err(MediaError::BadPath(_))),
            "{bad:?}"
        );
        assert!(
            matches!(store.delete([bad]).await, Err(MediaError::BadPath(_))),
            "{bad:?}"
        );
    }
    let prepared = prepare("a.png", None, &png(400, 200), &Limits::default()).unwrap();
    for bad in ["../up", "/abs", "x/", "Media"] {
        let err = store.save(bad, &prepared).await.unwrap_err();
        assert!(matches!(err, MediaError::BadPath(_)), "{bad:?}: {err:?}");
        assert_eq!(err.status_hint(), 400);
    }
    assert!(files_under(&dir.path().join("media")).is_empty());
    assert!(dir.path().join("secret.txt").exists());

    // A valid and an invalid path: nothing at all is deleted.
    store.save("ok", &prepared).await.unwrap();
    let err = store
        .delete(["ok/a.png", "../secret.txt"])
        .await
        .unwrap_err();
    assert!(matches!(err, MediaError::BadPath(_)));
    assert!(store.get("ok/a.png").await.unwrap().is_some());
}

#[tokio::test]
async fn leaves_nothing_behind_when_a_write_fails() {
    let dir = tempfile::tempdir().unwrap();
    let store = MediaStore::local(dir.path()).unwrap();
    let prepared = prepare("foto.png", None, &png(2000, 1000), &Limits::default()).unwrap();
    // Someone else's object sits where the third write (768w) would go.
    std::fs::create_dir_all(dir.path().join("p")).unwrap();
    std::fs::write(dir.path().join("p/foto-768w.webp"), "not ours").unwrap();

    let err = store.save("p", &prepared).await.unwrap_err();
    assert!(matches!(err, MediaError::Storage(_)), "{err:?}");
    assert_eq!(err.status_hint(), 500);
    assert_eq!(files_under(dir.path()), ["p/foto-768w.webp"]);
    assert_eq!(
        std::fs::read(dir.path().join("p/foto-768w.webp")).unwrap(),
        b"not ours"
    );
}

#[tokio::test]
async fn keeps_first_upload_when_prefix_is_reused() {
    let store = MediaStore::memory();
    let first = prepare("foto.png", None, &png(1000, 500), &Limits::default()).unwrap();
    let stored = store.save("p", &first).await.unwrap();
    let second = prepare("foto.png", None, &png(900, 900), &Limits::default()).unwrap();
    assert!(matches!(
        store.save("p", &second).await,
        Err(MediaError::Storage(_))
    ));
    for (path, bytes) in stored
        .paths()
        .into_iter()
        .zip(std::iter::once(&first.original).chain(first.variants.iter().map(|v| &v.bytes)))
    {
        assert_eq!(&store.get(path).await.unwrap().unwrap(), bytes, "{path}");
    }
}

#[test]
fn builds_srcset_from_variants_then_original() {
    let stored = StoredMedia {
        original: "m/a.jpg".into(),
        mime: "image/jpeg".into(),
        size: 1,
        width: Some(1600),
        height: Some(800),
        variants: vec![
            StoredVariant {
                path: "m/a-768w.webp".into(),
                width: 768,
                height: 384,
            },
            StoredVariant {
                path: "m/a-320w.webp".into(),
                width: 320,
                height: 160,
            },
            StoredVariant {
                path: "m/a-320w-dup.webp".into(),
                width: 320,
                height: 160,
            },
            StoredVariant {
                path: "m/too-wide.webp".into(),
                width: 1600,
                height: 800,
            },
        ],
    };
    assert_eq!(
        srcset(|p| format!("/media/{p}"), &stored),
        "/media/m/a-320w.webp 320w, /media/m/a-768w.webp 768w, /media/m/a.jpg 1600w"
    );

    let file = StoredMedia {
        width: None,
        height: None,
        variants: Vec::new(),
        ..stored
    };
    assert_eq!(srcset(|p| p.to_owned(), &file), "");
}

#[tokio::test]
async fn srcset_matches_what_save_stored() {
    let store = MediaStore::memory();
    let prepared = prepare("a.png", None, &png(1000, 500), &Limits::default()).unwrap();
    let stored = store.save("m", &prepared).await.unwrap();
    assert_eq!(
        srcset(|p| format!("https://cdn.example/{p}"), &stored),
        "https://cdn.example/m/a-320w.webp 320w, https://cdn.example/m/a-768w.webp 768w, https://cdn.example/m/a.png 1000w"
    );
}

#[test]
fn builds_s3_store_offline_and_hides_the_secret() {
    let credentials = S3Credentials {
        access_key_id: "AKIAEXAMPLE".into(),
        secret_access_key: "very-secret".into(),
    };
    let shown = format!("{credentials:?}");
    assert!(
        shown.contains("AKIAEXAMPLE") && !shown.contains("very-secret"),
        "{shown}"
    );
    // Building contacts nothing; a local MinIO over plain HTTP is allowed.
    let store = MediaStore::s3(&S3Options {
        bucket: "media".into(),
        region: "eu-central-1".into(),
        endpoint: Some("http://127.0.0.1:9000".into()),
        allow_http: true,
        credentials: Some(credentials),
    })
    .unwrap();
    let shown = format!("{store:?}");
    assert!(!shown.contains("very-secret"), "{shown}");
    assert!(
        !shown.contains("AKIAEXAMPLE") && !shown.contains("9000"),
        "{shown}"
    );
    assert_eq!(store.kind(), "s3");
}
