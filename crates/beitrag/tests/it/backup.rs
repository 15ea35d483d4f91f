//! `beitrag backup` and `beitrag restore` as real processes: the demo blog
//! (with an upload) and a 10,000-post blog move to the other engine and
//! every table, every media byte and the post pages come out the same;
//! backups taken while comments arrive are each one moment. Refusals are in
//! `backup_refusals.rs`.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use std::process::{Command, Output};
use std::time::Instant;

use beitrag_core::model::{Role, Scope};
use sqlx::{AnyConnection, Connection, Row};

use crate::harness::{Backend, Options, TestApp, TestDb, postgres_url, text};
use crate::session::{make_user, token};

crate::on_both_backends!(
    moves_demo_blog_to_other_engine,
    backs_up_one_moment_while_comments_arrive,
    restores_an_older_archive_and_migrates_it_forward,
);

/// The binary with `--database URL`, media in `media`.
pub(crate) fn beitrag(url: &str, media: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_beitrag"))
        .current_dir(std::env::temp_dir())
        .env_remove("RUST_LOG")
        .env("BEITRAG_MEDIA__DIR", media)
        .args(["--database", url])
        .args(args)
        .output()
        .expect("beitrag runs")
}

pub(crate) fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub(crate) fn refused(out: &Output) -> String {
    assert!(!out.status.success(), "expected a refusal");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn other(backend: Backend) -> Backend {
    match backend {
        Backend::Sqlite => Backend::Postgres,
        Backend::Postgres => Backend::Sqlite,
    }
}

/// Every row of every table, read on its own (not through the store or the
/// backup code): column values as text, rows sorted, keyed by table. The
/// change log, the search index and its state are each engine's own; the
/// timeline counts are rebuilt by triggers (without slices emptied earlier).
pub(crate) async fn contents(url: &str) -> BTreeMap<String, Vec<Vec<Option<String>>>> {
    sqlx::any::install_default_drivers();
    let mut conn = AnyConnection::connect(url).await.unwrap();
    let sqlite = url.starts_with("sqlite:");
    let catalog = if sqlite {
        "select m.name as tbl, c.name as col, c.type as ty from sqlite_master m \
         join pragma_table_info(m.name) c where m.type = 'table' order by m.name, c.cid"
    } else {
        "select table_name::text as tbl, column_name::text as col, data_type::text as ty \
         from information_schema.columns where table_schema = 'public' \
         order by table_name, ordinal_position"
    };
    let mut tables: BTreeMap<String, Vec<(String, bool)>> = BTreeMap::new();
    for r in sqlx::query(catalog).fetch_all(&mut conn).await.unwrap() {
        let table: String = r.get("tbl");
        if table.starts_with("sqlite_")
            || table.starts_with("post_search")
            || [
                "_sqlx_migrations",
                "changes",
                "search_state",
                "timeline_counts",
            ]
            .contains(&table.as_str())
        {
            continue;
        }
        let ty: String = r.get("ty");
        tables
            .entry(table)
            .or_default()
            .push((r.get("col"), ty.to_lowercase().contains("int")));
    }
    let mut out = BTreeMap::new();
    for (table, cols) in tables {
        let names: Vec<&str> = cols.iter().map(|c| c.0.as_str()).collect();
        let sql = format!("select {} from {table}", names.join(", "));
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .fetch_all(&mut conn)
            .await
            .unwrap();
        let mut values: Vec<Vec<Option<String>>> = rows
            .iter()
            .map(|r| {
                cols.iter()
                    .enumerate()
                    .map(|(i, (_, int))| {
                        if *int {
                            r.get::<Option<i64>, _>(i).map(|v| v.to_string())
                        } else {
                            r.get::<Option<String>, _>(i)
                        }
                    })
                    .collect()
            })
            .collect();
        values.sort();
        out.insert(table, values);
    }
    conn.close().await.unwrap();
    out
}

/// Rows of `table`, 0 when the database does not have it (yet).
pub(crate) async fn rows_in(url: &str, table: &str) -> i64 {
    sqlx::any::install_default_drivers();
    let mut conn = AnyConnection::connect(url).await.unwrap();
    let n = sqlx::query(sqlx::AssertSqlSafe(format!("select count(*) from {table}")))
        .fetch_one(&mut conn)
        .await
        .map(|r| r.get::<i64, _>(0))
        .unwrap_or(0);
    conn.close().await.unwrap();
    n
}

/// Every file under `dir` with its bytes, by relative path.
pub(crate) fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let path = e.path();
            if path.is_dir() {
                walk(base, &path, out);
            } else {
                let rel = path
                    .strip_prefix(base)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// A PNG of 900×600 pixels, large enough for resized variants.
fn png() -> Vec<u8> {
    let img = image::RgbImage::from_fn(900, 600, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, ((x * y) % 256) as u8])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// The demo blog plus what it lacks: an upload with variants, an API
/// token, a subscriber-free but re-parented category (its parent has a
/// larger id, so a restore must set it after both exist).
async fn demo_blog(backend: Backend) -> TestApp {
    let app = TestApp::start(backend).await;
    make_user(&app, "archivar", Role::Administrator).await;
    let bearer = token(&app, "archivar", Scope::Write).await;
    let res = app
        .client
        .post(app.url("/api/v1/media?name=bild.png"))
        .bearer_auth(&bearer)
        .header("content-type", "image/png")
        .body(png())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    // A subscriber removed again: its id must not come back after a move.
    crate::harness::raw_execute(
        &app,
        "insert into subscribers (email, created_at) values ('weg@example.org', 1)",
    )
    .await;
    crate::harness::raw_execute(&app, "delete from subscribers").await;
    crate::harness::raw_execute(
        &app,
        "update terms set parent_id = (select max(id) from terms) \
         where id = (select min(id) from terms where parent_id is null)",
    )
    .await;
    app
}

/// A published post's path on `app` (the demo's first).
async fn a_post_path(app: &TestApp) -> String {
    let doc = app.page("/").await;
    let href = crate::harness::attr(&doc, "article.post-card h2 a", "href");
    href.strip_prefix(&app.base).unwrap_or(&href).to_owned()
}

async fn moves_demo_blog_to_other_engine(from: Backend) {
    if postgres_url().is_none() {
        return;
    }
    let source = demo_blog(from).await;
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("blog.tar.gz");
    // Online: the source server keeps running.
    let out = ok(&beitrag(
        &source.db.url,
        source.media_dir.path(),
        &["backup", archive.to_str().unwrap()],
    ));
    assert!(out.contains("media objects"), "{out}");
    assert!(archive.is_file() && !dir.path().join("blog.tar.gz.partial").exists());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&archive).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "readable by its owner only: {mode:o}");
    }

    let target = TestDb::new(other(from)).await;
    let media = dir.path().join("media");
    let out = ok(&beitrag(
        &target.url,
        &media,
        &["restore", archive.to_str().unwrap()],
    ));
    assert!(out.contains("search index built"), "{out}");

    // Every row of every table, and every media byte.
    let (before, after) = (contents(&source.db.url).await, contents(&target.url).await);
    assert!(before["posts"].len() >= 5 && before["media"].len() == 1);
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    for (table, rows) in &before {
        assert_eq!(rows, &after[table], "table {table} differs after the move");
    }
    let (a, b) = (files(source.media_dir.path()), files(&media));
    assert!(a.len() >= 2, "an original and its variants: {:?}", a.keys());
    assert_eq!(a, b, "media differ after the move");

    // The moved blog serves the same post and finds it; new ids follow
    // the restored ones on either engine.
    let path = a_post_path(&source).await;
    let moved = TestApp::start_on(
        target,
        Options {
            media_dir: Some(media.clone()),
            ..Options::default()
        },
    )
    .await;
    assert!(
        moved.credentials.is_none(),
        "no first start on a restored blog"
    );
    let (old, new) = (source.page(&path).await, moved.page(&path).await);
    for selector in ["article h1", "article .entry-content", "#comments"] {
        assert_eq!(
            text(&old, selector),
            text(&new, selector),
            "{selector} on {path}"
        );
    }
    let title = text(&old, "article h1");
    let word = title.split_whitespace().max_by_key(|w| w.len()).unwrap();
    let found = moved.page(&format!("/search?q={word}")).await;
    assert!(
        text(&found, "main").contains(&title),
        "search finds {title:?}"
    );
    let image = a.keys().next().unwrap();
    let res = moved.get(&format!("/media/{image}")).await;
    assert_eq!(res.status(), 200, "/media/{image}");
    assert_eq!(res.bytes().await.unwrap().as_ref(), a[image].as_slice());
    let id = crate::harness::raw_strings(
        &moved,
        "insert into subscribers (email, created_at) values ('neu@example.org', 2) \
         returning cast(id as text)",
    )
    .await;
    assert_eq!(
        id,
        ["2"],
        "the removed subscriber's id is not handed out again"
    );
    ok(&beitrag(
        &moved.db.url,
        &media,
        &[
            "user",
            "add",
            "neu",
            "--name",
            "Neu",
            "--email",
            "neu@example.org",
        ],
    ));
    source.stop().await;
    moved.stop().await;
}

/// 10,000 posts with a comment each, seeded through the CLI on SQLite,
/// restored into PostgreSQL and compared table by table.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn moves_a_ten_thousand_post_blog_to_postgres() {
    if postgres_url().is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (source, media) = (TestDb::new(Backend::Sqlite).await, dir.path().join("m"));
    ok(&beitrag(
        &source.url,
        &media,
        &[
            "user",
            "add",
            "autor",
            "--name",
            "Autor",
            "--email",
            "autor@example.org",
        ],
    ));
    let started = Instant::now();
    ok(&beitrag(
        &source.url,
        &media,
        &["seed", "--posts", "10000", "--comments", "1"],
    ));
    let seeded = started.elapsed();
    let archive = dir.path().join("big.tar.gz");
    let started = Instant::now();
    ok(&beitrag(
        &source.url,
        &media,
        &["backup", archive.to_str().unwrap()],
    ));
    let backed_up = started.elapsed();
    let target = TestDb::new(Backend::Postgres).await;
    let started = Instant::now();
    ok(&beitrag(
        &target.url,
        &dir.path().join("t"),
        &["restore", archive.to_str().unwrap()],
    ));
    let restored = started.elapsed();
    eprintln!(
        "10,000 posts: seeded in {seeded:?}, backed up in {backed_up:?} ({} bytes), restored in {restored:?}",
        std::fs::metadata(&archive).unwrap().len()
    );
    // Tables go in members of a few MiB, never whole.
    let tar = unpacked(&archive);
    let member = |name: &str| tar.windows(name.len()).any(|w| w == name.as_bytes());
    assert!(member("tables/posts/00000.jsonl") && member("tables/posts/00001.jsonl"));
    let (before, after) = (contents(&source.url).await, contents(&target.url).await);
    assert_eq!(before["posts"].len(), 10_000);
    assert_eq!(before["comments"].len(), 10_000);
    for (table, rows) in &before {
        assert_eq!(rows.len(), after[table].len(), "rows of {table}");
        assert!(
            rows == &after[table],
            "table {table} differs after the move"
        );
    }
    source.drop_database().await;
    target.drop_database().await;
}

/// The archive's tar, unpacked from gzip.
pub(crate) fn unpacked(archive: &Path) -> Vec<u8> {
    let mut tar = Vec::new();
    flate2::read::GzDecoder::new(std::fs::File::open(archive).unwrap())
        .read_to_end(&mut tar)
        .unwrap();
    tar
}

/// Per post: the comment count stored on the post and the approved
/// comments in the archive's comments table, read from the archive.
fn counts_in(archive: &Path) -> (BTreeMap<i64, i64>, BTreeMap<i64, i64>) {
    let file = std::fs::File::open(archive).unwrap();
    let mut tar = tar::Archive::new(flate2::read::GzDecoder::new(file));
    let (mut stored, mut counted) = (BTreeMap::new(), BTreeMap::new());
    for entry in tar.entries().unwrap() {
        let mut entry = entry.unwrap();
        let path = entry.path().unwrap().to_string_lossy().into_owned();
        if !path.ends_with(".jsonl") {
            continue;
        }
        let mut body = String::new();
        entry.read_to_string(&mut body).unwrap();
        for line in body.lines() {
            let row: serde_json::Value = serde_json::from_str(line).unwrap();
            if path.starts_with("tables/posts/") {
                stored.insert(
                    row["id"].as_i64().unwrap(),
                    row["comment_count"].as_i64().unwrap(),
                );
            } else if path.starts_with("tables/comments/")
                && row["status"] == "approved"
                && row["kind"] == "comment"
            {
                *counted.entry(row["post_id"].as_i64().unwrap()).or_insert(0) += 1;
            }
        }
    }
    stored.retain(|_, n| *n > 0);
    (stored, counted)
}

/// Comments arrive all through the backups; each archive is one moment:
/// its posts count exactly the comments its comments table holds.
async fn backs_up_one_moment_while_comments_arrive(backend: Backend) {
    use beitrag_core::model::{CommentKind, CommentStatus, PostKind};
    use beitrag_core::service::comment::{self, Submission};
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};

    let app = TestApp::start(backend).await;
    let post = app
        .store
        .post_by_slug(PostKind::Post, "fuenf-regeln-fuer-gute-moderation")
        .await
        .unwrap()
        .unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let writer = tokio::spawn({
        let (core, stop) = (app.core.clone(), stop.clone());
        async move {
            let settings = beitrag_core::service::settings::load(core.read())
                .await
                .unwrap();
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                let s = Submission {
                    post_id: Some(post.id),
                    kind: Some(CommentKind::Comment),
                    author_name: format!("Leserin {n}"),
                    author_email: format!("leserin{n}@example.net"),
                    text: format!("Kommentar {n} während der Sicherung."),
                    status: Some(CommentStatus::Approved),
                    ..Submission::default()
                };
                comment::submit(
                    &core,
                    &beitrag_core::Actor::Import,
                    &settings,
                    s,
                    chrono::Utc::now(),
                )
                .await
                .unwrap();
                n += 1;
            }
            n
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let mut seen = Vec::new();
    for i in 0..3 {
        let archive = dir.path().join(format!("{i}.tar.gz"));
        let (url, media, file) = (
            app.db.url.clone(),
            app.media_dir.path().to_owned(),
            archive.clone(),
        );
        let out = tokio::task::spawn_blocking(move || {
            beitrag(&url, &media, &["backup", file.to_str().unwrap()])
        })
        .await
        .unwrap();
        ok(&out);
        let (stored, counted) = counts_in(&archive);
        assert_eq!(
            stored, counted,
            "backup {i}: counts and comments from one moment"
        );
        seen.push(counted[&post.id.0]);
    }
    stop.store(true, Ordering::Relaxed);
    let written = writer.await.unwrap();
    assert!(
        written > 0 && seen.windows(2).all(|w| w[0] <= w[1]),
        "{seen:?}"
    );
    app.stop().await;
}

/// A backup of a blog one migration behind this binary is restored at its
/// own schema and then migrated forward; a database already migrated past
/// it is refused.
async fn restores_an_older_archive_and_migrates_it_forward(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let media = dir.path().join("m");
    let old = dir.path().join("old.db");
    let old_url = format!("sqlite:{}", old.display());
    let tree = Path::new(env!("CARGO_MANIFEST_DIR")).join("../beitrag-store/migrations/sqlite");
    let migrator = sqlx::migrate::Migrator::new(tree.as_path()).await.unwrap();
    let newest = migrator.iter().map(|m| m.version).max().unwrap();
    let pool = sqlx::SqlitePool::connect(&format!("{old_url}?mode=rwc"))
        .await
        .unwrap();
    migrator.run_to(newest - 1, &pool).await.unwrap();
    sqlx::query(
        "insert into users (login, display_name, email, role, password_hash, created_at) \
         values ('alt', 'Alt', 'alt@example.org', 'administrator', '', 1)",
    )
    .execute(&pool)
    .await
    .unwrap();
    pool.close().await;
    let archive = dir.path().join("old.tar.gz");
    ok(&beitrag(
        &old_url,
        &media,
        &["backup", archive.to_str().unwrap()],
    ));

    // Into a database migrated past the archive: refused, nothing written.
    let newer = TestDb::new(backend).await;
    ok(&beitrag(&newer.url, &dir.path().join("n"), &["migrate"]));
    let out = beitrag(
        &newer.url,
        &dir.path().join("n"),
        &["restore", archive.to_str().unwrap()],
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    let expected = format!(
        "the database is at schema version {newest}, newer than the backup's {}",
        newest - 1
    );
    assert!(err.contains(&expected), "{err}");
    assert_eq!(rows_in(&newer.url, "users").await, 0);

    // Into a new one: restored at the old schema, then migrated forward.
    let target = TestDb::new(backend).await;
    ok(&beitrag(
        &target.url,
        &dir.path().join("t"),
        &["restore", archive.to_str().unwrap()],
    ));
    let pending = ok(&beitrag(
        &target.url,
        &dir.path().join("t"),
        &["migrate", "--dry-run"],
    ));
    assert!(pending.contains("is up to date"), "{pending}");
    let users = ok(&beitrag(
        &target.url,
        &dir.path().join("t"),
        &["user", "list"],
    ));
    assert!(users.contains("alt\tadministrator\tAlt"), "{users}");
    newer.drop_database().await;
    target.drop_database().await;
}
