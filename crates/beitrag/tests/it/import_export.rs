//! Markdown import and export through the real binary: a lossless round
//! trip of the demo blog, and all-or-nothing imports with file and line in
//! every error.

use std::path::Path;
use std::process::Command;

use beitrag_core::model::Role;
use beitrag_core::service::user::{UserInput, create};

use crate::harness::{Backend, Options, TestApp};

fn run(db: &str, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_beitrag"))
        .args(["--database", db])
        .args(args)
        .output()
        .expect("run beitrag")
}

fn tree(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for sub in ["posts", "pages"] {
        let Ok(entries) = std::fs::read_dir(dir.join(sub)) else {
            continue;
        };
        for e in entries {
            let p = e.unwrap().path();
            out.push((
                format!("{sub}/{}", p.file_name().unwrap().to_string_lossy()),
                std::fs::read_to_string(&p).unwrap(),
            ));
        }
    }
    out.sort();
    out
}

async fn empty_blog_with_authors(backend: Backend) -> TestApp {
    let app = TestApp::start_with(
        backend,
        Options {
            demo: false,
            cache_ttl: 0,
            ..Options::default()
        },
    )
    .await;
    for login in ["anna", "jonas"] {
        create(
            &app.core,
            &beitrag_core::Actor::Operator,
            UserInput {
                login: login.into(),
                display_name: login.into(),
                email: format!("{login}@example.org"),
                role: Role::Author,
                bio: String::new(),
            },
            "passwort-123",
        )
        .await
        .unwrap();
    }
    app
}

async fn export_then_import_is_lossless(backend: Backend) {
    let source = TestApp::start(backend).await;
    let first = tempfile::tempdir().unwrap();
    let out = run(
        &source.db.url,
        &["post", "export", first.path().to_str().unwrap()],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let exported = tree(first.path());
    let sidecars = exported
        .iter()
        .filter(|(n, _)| n.ends_with(".comments.json"))
        .count();
    assert_eq!(exported.len() - sidecars, 9, "eight posts and one page");
    assert!(sidecars >= 1, "the demo's comments come along");

    let target = empty_blog_with_authors(backend).await;
    let out = run(
        &target.db.url,
        &["post", "import", first.path().to_str().unwrap()],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "imported 9 files"
    );
    let second = tempfile::tempdir().unwrap();
    assert!(
        run(
            &target.db.url,
            &["post", "export", second.path().to_str().unwrap()]
        )
        .status
        .success()
    );
    assert_eq!(tree(second.path()), exported);
    // Every response came back, threads and status too.
    let count = |app: &TestApp| {
        let store = app.store.clone();
        async move {
            crate::harness::all_comments(store.as_ref(), None, 10_000)
                .await
                .len()
        }
    };
    assert_eq!(count(&source).await, count(&target).await);

    // The imported blog serves the same post page.
    let a = source
        .page("/2011/01/social-media-wird-so-normal-wie-das-telefon/")
        .await;
    let b = target
        .page("/2011/01/social-media-wird-so-normal-wie-das-telefon/")
        .await;
    let body = |d: &scraper::Html| crate::harness::text(d, ".entry-content");
    assert_eq!(body(&a), body(&b));
    source.stop().await;
    target.stop().await;
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

async fn bad_files_name_file_and_line_and_import_nothing(backend: Backend) {
    let app = empty_blog_with_authors(backend).await;
    let cases: &[(&str, &str, usize, &str)] = &[
        ("no-title.md", "+++\nslug = \"x\"\n+++\nText\n", 1, "title"),
        (
            "bad-date.md",
            "+++\ntitle = \"A\"\ndate = \"gestern\"\n+++\nText\n",
            3,
            "date",
        ),
        (
            "unknown-author.md",
            "---\ntitle: A\nauthor: niemand\n---\nText\n",
            3,
            "unknown author",
        ),
        ("broken.md", "+++\ntitle = \"A\nslug = 1\n+++\n", 2, ""),
        ("unclosed.md", "+++\ntitle = \"A\"\n", 1, "not closed"),
        (
            "unknown-key.md",
            "+++\ntitle = \"A\"\ncolour = \"blau\"\n+++\n",
            3,
            "colour",
        ),
    ];
    for (name, text, line, needle) in cases {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "a-good.md", "+++\ntitle = \"Gut\"\n+++\nText\n");
        write(dir.path(), name, text);
        let out = run(
            &app.db.url,
            &["post", "import", dir.path().to_str().unwrap()],
        );
        assert!(!out.status.success(), "{name}");
        let err = String::from_utf8_lossy(&out.stderr);
        let expected = format!("{}:{line}:", dir.path().join(name).display());
        assert!(
            err.contains(&expected),
            "{name}: expected {expected} in {err}"
        );
        assert!(err.contains(needle), "{name}: {err}");
        assert!(
            app.store.all_posts().await.unwrap().is_empty(),
            "{name}: nothing may be imported"
        );
    }
    // Two files claiming one slug: the second is named, nothing written.
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "1.md",
        "+++\ntitle = \"Eins\"\nslug = \"gleich\"\n+++\n",
    );
    write(
        dir.path(),
        "2.md",
        "+++\ntitle = \"Zwei\"\nslug = \"gleich\"\n+++\n",
    );
    let out = run(
        &app.db.url,
        &["post", "import", dir.path().to_str().unwrap()],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("{}:3:", dir.path().join("2.md").display())),
        "{err}"
    );
    assert!(app.store.all_posts().await.unwrap().is_empty());
    // Dry run checks but writes nothing; then the real run imports.
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "gut.md",
        "---\ntitle: Guter Beitrag\ndate: 2020-05-01T10:00:00+02:00\ntags: [Eins, Zwei]\ncategories: [Oben/Unten]\nauthor: anna\n---\nHallo *Welt*\n",
    );
    let out = run(
        &app.db.url,
        &["post", "import", "--dry-run", dir.path().to_str().unwrap()],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(app.store.all_posts().await.unwrap().is_empty());
    assert!(
        run(
            &app.db.url,
            &[
                "post",
                "import",
                dir.path().join("gut.md").to_str().unwrap()
            ]
        )
        .status
        .success()
    );
    let doc = app.page("/2020/05/guter-beitrag/").await;
    assert_eq!(
        crate::harness::text(&doc, ".categories"),
        "Kategorien: Unten"
    );
    assert_eq!(
        crate::harness::text(&doc, ".byline"),
        "Autor des Artikels: anna"
    );
    let missing = run(&app.db.url, &["post", "import", "/nonexistent/dir"]);
    assert!(String::from_utf8_lossy(&missing.stderr).contains("/nonexistent/dir:0:"));
    app.stop().await;
}

crate::on_both_backends!(
    export_then_import_is_lossless,
    bad_files_name_file_and_line_and_import_nothing
);
