//! Restores that must not happen: into a database or media store that
//! holds something, and of archives that are no backup, truncated, damaged,
//! of a future format or a newer schema — each refused with a message that
//! says which, and nothing written.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::backup::{beitrag, contents, files, ok, refused, rows_in, unpacked};
use crate::harness::{Backend, TestDb};

crate::on_both_backends!(
    refuses_restore_into_non_empty_database,
    refuses_damaged_archives_writing_nothing,
);

async fn refuses_restore_into_non_empty_database(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let (source, media) = (TestDb::new(Backend::Sqlite).await, dir.path().join("m"));
    ok(&beitrag(&source.url, &media, &["migrate"]));
    ok(&beitrag(
        &source.url,
        &media,
        &[
            "user",
            "add",
            "eins",
            "--name",
            "Eins",
            "--email",
            "eins@example.org",
        ],
    ));
    let archive = dir.path().join("b.tar.gz");
    ok(&beitrag(
        &source.url,
        &media,
        &["backup", archive.to_str().unwrap()],
    ));

    let target = TestDb::new(backend).await;
    let target_media = dir.path().join("t");
    ok(&beitrag(
        &target.url,
        &target_media,
        &[
            "user",
            "add",
            "zwei",
            "--name",
            "Zwei",
            "--email",
            "zwei@example.org",
        ],
    ));
    let before = contents(&target.url).await;
    let err = refused(&beitrag(
        &target.url,
        &target_media,
        &["restore", archive.to_str().unwrap()],
    ));
    assert!(
        err.contains("the database is not empty (table settings has"),
        "{err}"
    );
    assert_eq!(before, contents(&target.url).await, "nothing written");

    // An empty database, but a media store with something in it.
    let fresh = TestDb::new(backend).await;
    std::fs::create_dir_all(target_media.join("2026")).unwrap();
    std::fs::write(target_media.join("2026/alt.txt"), b"alt").unwrap();
    let err = refused(&beitrag(
        &fresh.url,
        &target_media,
        &["restore", archive.to_str().unwrap()],
    ));
    assert!(err.contains("the media store is not empty"), "{err}");
    assert_eq!(rows_in(&fresh.url, "users").await, 0);
    for db in [source, target, fresh] {
        db.drop_database().await;
    }
}

/// `tar` with the first `from` replaced by `to` (same length, so only the
/// member's bytes change, not the tar headers), packed again.
fn altered(dir: &Path, name: &str, tar: &[u8], from: &str, to: &str) -> PathBuf {
    assert_eq!(from.len(), to.len());
    let at = tar
        .windows(from.len())
        .position(|w| w == from.as_bytes())
        .unwrap_or_else(|| panic!("{from} in the archive"));
    let mut changed = tar.to_vec();
    changed[at..at + to.len()].copy_from_slice(to.as_bytes());
    let path = dir.join(name);
    let mut gz = flate2::write::GzEncoder::new(
        std::fs::File::create(&path).unwrap(),
        flate2::Compression::fast(),
    );
    gz.write_all(&changed).unwrap();
    gz.finish().unwrap();
    path
}

async fn refuses_damaged_archives_writing_nothing(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let (source, media) = (TestDb::new(Backend::Sqlite).await, dir.path().join("m"));
    ok(&beitrag(
        &source.url,
        &media,
        &[
            "user",
            "add",
            "eins",
            "--name",
            "Eins",
            "--email",
            "eins@example.org",
        ],
    ));
    let archive = dir.path().join("good.tar.gz");
    ok(&beitrag(
        &source.url,
        &media,
        &["backup", archive.to_str().unwrap()],
    ));
    let good = std::fs::read(&archive).unwrap();
    let tar = unpacked(&archive);

    let not_archive = dir.path().join("notes.txt");
    std::fs::write(&not_archive, "Das ist kein Backup.\n").unwrap();
    let truncated = dir.path().join("truncated.tar.gz");
    std::fs::write(&truncated, &good[..good.len() / 2]).unwrap();
    // The schema version's first digit made 9: newer whatever it is now.
    let key = b"\"schema\": ";
    let at = tar
        .windows(key.len())
        .position(|w| w == key)
        .expect("a schema version in the manifest");
    let schema_lead = format!("\"schema\": {}", char::from(tar[at + key.len()]));
    let cases = [
        (
            not_archive,
            "is not a beitrag backup: not a gzip-compressed tar archive",
        ),
        (truncated, "is truncated or damaged"),
        (
            altered(
                dir.path(),
                "sum.tar.gz",
                &tar,
                "\"eins@example.org\"",
                "\"eins@example.net\"",
            ),
            "is damaged: tables/users/00000.jsonl does not match the checksum",
        ),
        (
            altered(
                dir.path(),
                "future.tar.gz",
                &tar,
                "\"version\": 1,",
                "\"version\": 7,",
            ),
            "archive format 7); this beitrag reads format 1",
        ),
        (
            altered(
                dir.path(),
                "schema.tar.gz",
                &tar,
                &schema_lead,
                "\"schema\": 9",
            ),
            "newer than this beitrag knows",
        ),
    ];
    let target = TestDb::new(backend).await;
    let target_media = dir.path().join("t");
    for (file, expected) in cases {
        let err = refused(&beitrag(
            &target.url,
            &target_media,
            &["restore", file.to_str().unwrap()],
        ));
        assert!(err.contains(expected), "{}: {err}", file.display());
        assert_eq!(rows_in(&target.url, "users").await, 0, "{}", file.display());
        assert!(files(&target_media).is_empty());
    }
    // The good archive still goes in afterwards.
    ok(&beitrag(
        &target.url,
        &target_media,
        &["restore", archive.to_str().unwrap()],
    ));
    assert_eq!(rows_in(&target.url, "users").await, 1);
    source.drop_database().await;
    target.drop_database().await;
}
