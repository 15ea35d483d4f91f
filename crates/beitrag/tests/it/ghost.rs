//! `beitrag import ghost` through the real binary: a Ghost 5 export shaped
//! like the real ones (ObjectIds, `posts_tags`, `posts_authors`, internal
//! tags, members-only posts), a second run that changes nothing, old
//! `/{slug}/` addresses answering 301, and a broken file named precisely.

use std::process::{Command, Output};

use beitrag_core::model::{PostKind, PostStatus, Taxonomy};

use crate::harness::{Backend, Options, TestApp};

const EXPORT: &str = r##"{
  "db": [{
    "meta": {"exported_on": 1700000000000, "version": "5.74.0"},
    "data": {
      "posts": [
        {"id": "6566f0a1b2c3d4e5f6a7b801", "uuid": "0a7c-ghost-uuid-1", "title": "Willkommen bei Ghost",
         "slug": "willkommen", "html": "<p>Erster <strong>Beitrag</strong>.</p><script>alert(1)</script>",
         "feature_image": "https://old.example/content/images/titel.jpg", "featured": 1,
         "type": "post", "status": "published", "visibility": "public",
         "custom_excerpt": "Ein Anfang", "created_at": "2023-11-28T10:00:00.000Z",
         "updated_at": "2023-11-29T10:00:00.000Z", "published_at": "2023-11-28T10:30:00.000Z"},
        {"id": "6566f0a1b2c3d4e5f6a7b802", "uuid": "0a7c-ghost-uuid-2", "title": "Nur für Mitglieder",
         "slug": "mitglieder", "html": "<p>Geheim</p>", "type": "post", "status": "published",
         "visibility": "members", "created_at": "2023-11-28T11:00:00.000Z",
         "published_at": "2023-11-28T11:00:00.000Z"},
        {"id": "6566f0a1b2c3d4e5f6a7b803", "title": "Entwurf", "slug": "entwurf", "html": "<p>Bald</p>",
         "type": "post", "status": "draft", "created_at": "2023-11-28T12:00:00.000Z", "published_at": null},
        {"id": "6566f0a1b2c3d4e5f6a7b804", "title": "Impressum", "slug": "impressum", "html": "<p>Anschrift</p>",
         "type": "page", "status": "published", "created_at": "2023-01-01T00:00:00.000Z",
         "published_at": "2023-01-01T00:00:00.000Z"}
      ],
      "tags": [
        {"id": "t1", "name": "Gemeinschaft", "slug": "gemeinschaft", "visibility": "public"},
        {"id": "t2", "name": "#hero", "slug": "hash-hero", "visibility": "internal"}
      ],
      "posts_tags": [
        {"id": "pt1", "post_id": "6566f0a1b2c3d4e5f6a7b801", "tag_id": "t1", "sort_order": 0},
        {"id": "pt2", "post_id": "6566f0a1b2c3d4e5f6a7b801", "tag_id": "t2", "sort_order": 1}
      ],
      "users": [
        {"id": "u1", "name": "Greta Ghost", "slug": "greta", "email": "greta@old.example"}
      ],
      "posts_authors": [
        {"id": "pa1", "post_id": "6566f0a1b2c3d4e5f6a7b801", "author_id": "u1", "sort_order": 0},
        {"id": "pa2", "post_id": "6566f0a1b2c3d4e5f6a7b802", "author_id": "u1", "sort_order": 0}
      ]
    }
  }]
}"##;

fn import(db: &str, file: &std::path::Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_beitrag"))
        .args(["--database", db, "import", "ghost"])
        .arg(file)
        .output()
        .expect("run beitrag")
}

async fn imports_a_ghost_export_and_keeps_its_addresses(backend: Backend) {
    let app = TestApp::start_with(
        backend,
        Options {
            demo: false,
            cache_ttl: 0,
            ..Options::default()
        },
    )
    .await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ghost.json");
    std::fs::write(&file, EXPORT).unwrap();
    let out = import(&app.db.url, &file);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("imported 3 posts, 1 pages"), "{stdout}");
    assert!(stdout.contains("for members only in Ghost"), "{stdout}");

    let store = &app.store;
    let greta = store.user_by_login("greta").await.unwrap().expect("author");
    assert_eq!(greta.display_name, "Greta Ghost");
    let post = store
        .post_by_slug(PostKind::Post, "willkommen")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(post.author_id, greta.id);
    assert_eq!(post.status, PostStatus::Published);
    assert!(post.sticky);
    assert_eq!(post.excerpt, "Ein Anfang");
    assert_eq!(post.guid, "0a7c-ghost-uuid-1");
    assert!(
        post.html
            .contains("<img src=\"https://old.example/content/images/titel.jpg\""),
        "{}",
        post.html
    );
    assert!(!post.html.contains("<script"), "{}", post.html);
    let tags: Vec<String> = store
        .terms_of_post(post.id)
        .await
        .unwrap()
        .into_iter()
        .filter(|t| t.taxonomy == Taxonomy::Tag)
        .map(|t| t.name)
        .collect();
    assert_eq!(tags, ["Gemeinschaft"]);
    let members = store
        .post_by_slug(PostKind::Post, "mitglieder")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(members.status, PostStatus::Private);
    let draft = store
        .post_by_slug(PostKind::Post, "entwurf")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(draft.status, PostStatus::Draft);
    assert!(
        store
            .post_by_slug(PostKind::Page, "impressum")
            .await
            .unwrap()
            .is_some()
    );

    // Ghost's address of the post leads to its place here.
    let res = app.get("/willkommen/").await;
    assert_eq!(res.status(), 301);
    let to = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(to.starts_with("/2023/11/"), "{to}");
    assert_eq!(app.get(&to).await.status(), 200);
    assert_eq!(app.get("/impressum/").await.status(), 200);

    // A second run changes nothing.
    let out = import(&app.db.url, &file);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        stdout.contains("imported 0 posts, 0 pages, 0 responses; 4 unchanged"),
        "{stdout}"
    );

    // Broken files: one error with the line, nothing stored.
    let before = store.users().await.unwrap().len();
    for (name, text, expect) in [
        ("cut.json", &EXPORT[..EXPORT.len() / 2], "ghost.json"),
        ("array.json", "[1, 2, 3]", "not a Ghost export"),
        ("text.json", "hello", "not a Ghost export"),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let out = import(&app.db.url, &path);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{name} was accepted");
        assert!(
            err.contains(name) && (err.contains(expect) || expect == "ghost.json"),
            "{name}: {err}"
        );
        assert!(!err.contains("panicked"), "{err}");
    }
    assert_eq!(store.users().await.unwrap().len(), before);
    app.stop().await;
}

crate::on_both_backends!(imports_a_ghost_export_and_keeps_its_addresses);
