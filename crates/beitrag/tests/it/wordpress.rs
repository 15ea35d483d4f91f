//! `beitrag import wordpress` through the real binary on the real
//! WordPress exports in `../shared/testdata/wxr/`: the values WordPress's
//! own importer tests assert for them, a second run that changes nothing,
//! every old address answering 301, the broken and hostile files answered
//! with one error and nothing stored.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use beitrag_core::model::{AdminPostQuery, CommentKind, PostKind, PostStatus, Taxonomy};

use crate::harness::{Backend, Options, TestApp, all_comments};

/// The shared WXR fixtures; `None` (skip) outside CI when absent.
fn fixtures() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/testdata/wxr");
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "CI=true but {} is missing",
        dir.display()
    );
    eprintln!("skipping: {} is missing", dir.display());
    None
}

fn import(db: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_beitrag"))
        .args(["--database", db, "import", "wordpress"])
        .args(args)
        .output()
        .expect("run beitrag")
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "stdout: {}\nstderr: {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

async fn empty(backend: Backend) -> TestApp {
    TestApp::start_with(
        backend,
        Options {
            demo: false,
            cache_ttl: 0,
            ..Options::default()
        },
    )
    .await
}

async fn posts(
    app: &TestApp,
    kind: PostKind,
    status: PostStatus,
) -> Vec<beitrag_core::model::PostCard> {
    app.store
        .admin_posts(&AdminPostQuery {
            kind: Some(kind),
            status: Some(status),
            limit: 1000,
            ..AdminPostQuery::default()
        })
        .await
        .unwrap()
        .items
}

async fn everything(app: &TestApp) -> (usize, usize) {
    let all = app
        .store
        .admin_posts(&AdminPostQuery {
            limit: 10_000,
            ..AdminPostQuery::default()
        })
        .await
        .unwrap();
    (
        all.total as usize,
        all_comments(app.store.as_ref(), None, 10_000).await.len(),
    )
}

fn location(res: &reqwest::Response) -> String {
    res.headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default()
}

async fn imports_the_small_export_as_wordpress_does(backend: Backend) {
    let Some(dir) = fixtures() else { return };
    let app = empty(backend).await;
    let file = dir.join("small-export.xml");
    let out = ok(&import(&app.db.url, &[file.to_str().unwrap()]));
    assert!(
        out.contains("imported 6 posts, 5 pages, 1 responses"),
        "{out}"
    );

    // WordPress's test_small_import: three authors (our admin is one).
    for (login, email) in [
        ("admin", None),
        ("editor", Some("editor@example.org")),
        ("author", Some("author@example.org")),
    ] {
        let user = app.store.user_by_login(login).await.unwrap().expect(login);
        if let Some(email) = email {
            assert_eq!(user.email, email);
        }
    }
    assert_eq!(app.store.users().await.unwrap().len(), 3);
    assert_eq!(
        posts(&app, PostKind::Post, PostStatus::Published)
            .await
            .len(),
        5
    );
    assert_eq!(
        posts(&app, PostKind::Post, PostStatus::Private).await.len(),
        1
    );
    assert_eq!(
        posts(&app, PostKind::Page, PostStatus::Published)
            .await
            .len(),
        4
    );
    assert_eq!(
        posts(&app, PostKind::Page, PostStatus::Draft).await.len(),
        1
    );
    let comments = all_comments(app.store.as_ref(), None, 100).await;
    assert_eq!(comments.len(), 1);

    let by_slug = |kind, slug: &'static str| {
        let store = app.store.clone();
        async move { store.post_by_slug(kind, slug).await.unwrap().expect(slug) }
    };
    let many = by_slug(PostKind::Post, "many-categories").await;
    let terms = app.store.terms_of_post(many.id).await.unwrap();
    assert_eq!(
        terms
            .iter()
            .filter(|t| t.taxonomy == Taxonomy::Category)
            .count(),
        27
    );
    // Two categories are named "Foo" in WordPress (`foo`, and `foo-bar`
    // under Bar). Slugs follow names here, so they are one category, and
    // the report says so.
    assert!(
        out.contains("category `foo-bar` shares its name's slug"),
        "{out}"
    );
    assert!(terms.iter().any(|t| t.name == "远征手记"));
    let child = by_slug(PostKind::Post, "foo-child").await;
    let editor = app.store.user_by_login("editor").await.unwrap().unwrap();
    assert_eq!(child.author_id, editor.id);
    let terms = app.store.terms_of_post(child.id).await.unwrap();
    assert_eq!(
        terms.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(),
        ["Foo"]
    );
    let private = by_slug(PostKind::Post, "private-post").await;
    let mut tags: Vec<String> = app
        .store
        .terms_of_post(private.id)
        .await
        .unwrap()
        .into_iter()
        .filter(|t| t.taxonomy == Taxonomy::Tag)
        .map(|t| t.slug)
        .collect();
    tags.sort();
    assert_eq!(tags, ["tag1", "tag2", "tag3"]);
    let hello = by_slug(PostKind::Post, "hello-world").await;
    assert_eq!(hello.guid, "http://localhost/?p=1");
    assert_eq!(comments[0].post_id, hello.id);
    // The draft page had no slug in WordPress: one is made from its title.
    by_slug(PostKind::Page, "draft-page").await;

    // Every old address answers 301 to the new one.
    let res = app.get("/?p=1").await;
    assert_eq!(res.status(), 301);
    assert!(
        location(&res).ends_with("/hello-world/"),
        "{}",
        location(&res)
    );
    let res = app.get("/?page_id=2").await;
    assert_eq!(res.status(), 301);
    assert_eq!(location(&res), "/sample-page/");
    // Archives: by WordPress's ids and its nested category paths. The two
    // "Foo" categories are one here, under Bar (the first post named it so).
    for (old, new) in [
        ("/?cat=5", "/category/bar/foo/"),
        ("/?cat=3", "/category/bar/foo/"),
        ("/category/foo/", "/category/bar/foo/"),
        ("/?cat=4", "/category/bar/"),
        ("/category/bar/foo-bar/", "/category/bar/foo/"),
        ("/?tag=tag1", "/tag/tag1/"),
        ("/?author=2", "/author/editor/"),
    ] {
        let res = app.get(old).await;
        assert_eq!(res.status(), 301, "{old}");
        assert_eq!(location(&res), new, "{old}");
    }
    let res = app.get("/category/bar/foo-bar/feed/").await;
    assert_eq!(location(&res), "/category/bar/foo/feed/");
    let page = app.page(&location(&app.get("/?p=1").await)).await;
    assert_eq!(crate::harness::text(&page, "h1"), "Hello world!");

    // WordPress's test_double_import: a second run changes nothing.
    let before = everything(&app).await;
    let out = ok(&import(&app.db.url, &[file.to_str().unwrap()]));
    assert!(
        out.contains("imported 0 posts, 0 pages, 0 responses; 11 unchanged"),
        "{out}"
    );
    assert_eq!(everything(&app).await, before);
    assert_eq!(app.store.users().await.unwrap().len(), 3);
    app.stop().await;
}

async fn imports_the_theme_unit_test_with_its_conversations(backend: Backend) {
    let Some(dir) = fixtures() else { return };
    let app = empty(backend).await;
    let file = dir.join("themeunittestdata.wordpress.xml");
    let out = ok(&import(&app.db.url, &[file.to_str().unwrap()]));
    assert!(
        out.contains("left out: 70 × post type `nav_menu_item` is not imported"),
        "{out}"
    );
    let comments = all_comments(app.store.as_ref(), None, 1000).await;
    let kind = |k: CommentKind| comments.iter().filter(|c| c.kind == k).count();
    assert_eq!(kind(CommentKind::Trackback), 2, "{out}");
    assert_eq!(kind(CommentKind::Pingback), 2, "{out}");
    assert!(
        comments.iter().filter(|c| c.parent.is_some()).count() >= 10,
        "threads kept"
    );
    // The scheduled post of 2030 is still scheduled, the sticky one sticky.
    assert!(
        !posts(&app, PostKind::Post, PostStatus::Scheduled)
            .await
            .is_empty()
    );
    let published = posts(&app, PostKind::Post, PostStatus::Published).await;
    assert!(published.iter().any(|c| c.post.sticky));
    // Block-editor comments are gone, their HTML kept.
    for card in &published {
        assert!(!card.post.html.contains("<!-- wp:"), "{}", card.post.slug);
        assert!(!card.post.html.contains("<script"), "{}", card.post.slug);
    }
    // An old pretty permalink leads to the post, its feed to the post's feed.
    let old = "/2013/01/11/markup-html-tags-and-formatting/";
    let res = app.get(old).await;
    assert_eq!(res.status(), 301, "{old}");
    let to = location(&res);
    assert_eq!(app.get(&to).await.status(), 200, "{to}");
    let res = app.get(&format!("{old}feed/")).await;
    assert_eq!(res.status(), 301);
    assert_eq!(location(&res), format!("{to}feed/"));
    assert_eq!(app.get(&format!("{to}feed/")).await.status(), 200);
    app.stop().await;
}

async fn refuses_broken_and_hostile_files_and_stores_nothing(backend: Backend) {
    let Some(dir) = fixtures() else { return };
    let app = empty(backend).await;
    let scratch = tempfile::tempdir().unwrap();
    let write = |name: &str, text: String| {
        let p = scratch.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    };
    let head = r#"<?xml version="1.0"?><rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"><channel><wp:wxr_version>1.2</wp:wxr_version>"#;
    let item = "<item><title>T</title><wp:post_id>5</wp:post_id><wp:post_type>post</wp:post_type><wp:status>publish</wp:status></item>";
    let deep = format!("{head}{}", "<a>".repeat(10_000));
    let small = std::fs::read_to_string(dir.join("small-export.xml")).unwrap();
    let cases: Vec<(PathBuf, &str)> = vec![
        (dir.join("malformed.xml"), "malformed.xml:"),
        (dir.join("missing-version-tag.xml"), "no wp:wxr_version"),
        (
            write(
                "xxe.xml",
                format!(
                    r#"<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>{}"#,
                    &head[21..]
                ),
            ),
            "DOCTYPE",
        ),
        (
            write(
                "laughs.xml",
                format!(
                    r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>{}{item}</channel></rss>"#,
                    &head[21..]
                ),
            ),
            "DOCTYPE",
        ),
        (write("deep.xml", deep), "xml"),
        (
            write("truncated.xml", small[..small.len() / 2].to_owned()),
            "truncated.xml:",
        ),
        (
            write("html.xml", "<html><body>hi</body></html>".into()),
            "not a WordPress export",
        ),
        (write("empty.xml", String::new()), "empty.xml"),
    ];
    for (file, expect) in cases {
        let out = import(&app.db.url, &[file.to_str().unwrap()]);
        assert!(!out.status.success(), "{} was accepted", file.display());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.to_lowercase().contains(&expect.to_lowercase()),
            "{}: {err}",
            file.display()
        );
        assert!(!err.contains("panicked"), "{err}");
        assert_eq!(
            everything(&app).await,
            (0, 0),
            "{} stored something",
            file.display()
        );
    }
    // A file that does not exist is named.
    let out = import(&app.db.url, &["/nonexistent/export.xml"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/export.xml"));
    app.stop().await;
}

async fn skips_a_malformed_item_or_with_strict_imports_nothing(backend: Backend) {
    let app = empty(backend).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("two.xml");
    let item = |id: &str, title: &str| {
        format!(
            "<item>\n<title>{title}</title>\n<wp:post_id>{id}</wp:post_id><wp:post_type>post</wp:post_type>\
             <wp:status>publish</wp:status><wp:post_date_gmt>2011-01-26 09:00:00</wp:post_date_gmt>\
             <content:encoded><![CDATA[Hallo]]></content:encoded></item>\n"
        )
    };
    std::fs::write(
        &file,
        format!(
            "<?xml version=\"1.0\"?>\n<rss version=\"2.0\" xmlns:wp=\"http://wordpress.org/export/1.2/\" \
             xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">\n<channel>\n\
             <wp:wxr_version>1.2</wp:wxr_version>\n{}{}</channel>\n</rss>\n",
            item("1", "Gut"),
            item("abc", "Kaputt")
        ),
    )
    .unwrap();
    let path = file.to_str().unwrap();
    // --dry-run says what would happen and writes nothing.
    let out = ok(&import(&app.db.url, &["--dry-run", path]));
    assert!(out.contains("would import 1 posts"), "{out}");
    assert_eq!(everything(&app).await, (0, 0));
    // --strict: one error with the line, nothing written.
    let out = import(&app.db.url, &["--strict", path]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("two.xml:10:") && err.contains("wp:post_id"),
        "{err}"
    );
    assert_eq!(everything(&app).await, (0, 0));
    // Without: the good item comes over, the bad one is reported by line.
    let out = ok(&import(&app.db.url, &[path]));
    assert!(
        out.contains("imported 1 posts") && out.contains("skipped at line 10"),
        "{out}"
    );
    assert_eq!(everything(&app).await, (1, 0));
    app.stop().await;
}

async fn imports_every_shared_fixture_or_names_its_problem(backend: Backend) {
    let Some(dir) = fixtures() else { return };
    let app = empty(backend).await;
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "xml"))
        .collect();
    files.sort();
    assert!(files.len() >= 15);
    for file in files {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let out = import(&app.db.url, &[file.to_str().unwrap()]);
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(!err.contains("panicked"), "{name}: {err}");
        match name.as_str() {
            "malformed.xml" | "missing-version-tag.xml" | "crazy-cdata.xml" => {
                assert!(!out.status.success(), "{name} was accepted");
                assert!(err.contains(&format!("{name}:")), "{name}: {err}");
            }
            _ => {
                let report = ok(&out);
                // A second run of the same file changes nothing.
                let before = everything(&app).await;
                let again = ok(&import(&app.db.url, &[file.to_str().unwrap()]));
                assert!(
                    again.contains("imported 0 posts, 0 pages, 0 responses"),
                    "{name}: {again}"
                );
                assert_eq!(everything(&app).await, before, "{name}: {report}");
            }
        }
    }
    // Values WordPress's parser tests assert.
    let slashes = app
        .store
        .post_by_slug(PostKind::Post, "hello-world")
        .await
        .unwrap();
    assert!(slashes.is_some());
    let cdata = app
        .store
        .admin_posts(&AdminPostQuery {
            search: beitrag_core::service::search::parse("de", "nested").ok(),
            limit: 10,
            ..AdminPostQuery::default()
        })
        .await
        .unwrap();
    assert!(
        cdata.items.iter().any(|c| c
            .post
            .source
            .contains("Content with nested &lt;![CDATA[ tags ]]&gt; :)")
            || c.post
                .source
                .contains("Content with nested <![CDATA[ tags ]]> :)")),
        "{:?}",
        cdata
            .items
            .iter()
            .map(|c| &c.post.source)
            .collect::<Vec<_>>()
    );
    app.stop().await;
}

async fn answers_wordpress_addresses_with_a_redirect_or_404(backend: Backend) {
    let app = TestApp::start(backend).await;
    for (path, to) in [
        ("/?feed=rss2", "/feed/"),
        ("/?feed=atom", "/feed/atom/"),
        ("/?feed=comments-rss2", "/comments/feed/"),
        ("/feed/rss2/", "/feed/"),
        ("/feed/rdf/", "/feed/"),
        ("/?m=201101", "/2011/01/"),
        ("/?paged=2", "/page/2/"),
        ("/?paged=1", "/"),
        ("/wp-admin/", "/admin/"),
        ("/wp-admin/edit.php", "/admin/"),
        ("/wp-login.php", "/admin/login"),
    ] {
        let res = app.get(path).await;
        assert_eq!(res.status(), 301, "{path}");
        assert_eq!(location(&res), to, "{path}");
    }
    for path in [
        "/?p=999999",
        "/?p=abc",
        "/?cat=7",
        "/?author=3",
        "/?attachment_id=5",
        "/?m=20x1",
        "/?feed=nonsense",
    ] {
        let res = app.get(path).await;
        assert_eq!(res.status(), 404, "{path}");
    }
    // A search goes to the search page.
    let res = app.get("/?s=x").await;
    assert_eq!(res.status(), 301);
    assert!(
        res.headers()["location"]
            .to_str()
            .unwrap()
            .ends_with("/search?q=x")
    );
    // Our own feed ids (`/?p=ID`) lead to their posts.
    let feed = app.get("/feed/").await.text().await.unwrap();
    let parsed = feed_rs::parser::parse(feed.as_bytes()).unwrap();
    let guid = &parsed.entries[0].id;
    let query = guid.split_once("/?").map(|(_, q)| q).unwrap();
    let res = app.get(&format!("/?{query}")).await;
    assert_eq!(res.status(), 301);
    assert_eq!(
        location(&res),
        parsed.entries[0].links[0].href.replace(&app.base, "")
    );
    // /xmlrpc.php is the XML-RPC endpoint.
    let res = app
        .client
        .post(app.url("/xmlrpc.php"))
        .header("content-type", "text/xml")
        .body("<?xml version=\"1.0\"?><methodCall><methodName>nonsense</methodName><params/></methodCall>")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.text().await.unwrap().contains("<fault>"));
    app.stop().await;
}

crate::on_both_backends!(
    imports_the_small_export_as_wordpress_does,
    imports_the_theme_unit_test_with_its_conversations,
    refuses_broken_and_hostile_files_and_stores_nothing,
    skips_a_malformed_item_or_with_strict_imports_nothing,
    imports_every_shared_fixture_or_names_its_problem,
    answers_wordpress_addresses_with_a_redirect_or_404,
);
