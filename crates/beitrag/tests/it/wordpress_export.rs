//! `beitrag export wordpress`: WXR that an independent XML parser reads,
//! and import → export → import keeps everything a reader sees (posts,
//! pages, terms, dates, responses) on the demo blog and on WordPress's
//! theme unit test data.

use std::path::Path;
use std::process::Command;

use beitrag_core::model::{AdminPostQuery, Taxonomy};
use beitrag_core::store::CommentFilter;

use crate::harness::{Backend, Options, TestApp};

fn run(db: &str, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_beitrag"))
        .args(["--database", db])
        .args(args)
        .output()
        .expect("run beitrag");
    assert!(
        out.status.success(),
        "{args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Everything a reader sees of a blog, without ids.
async fn content(app: &TestApp) -> Vec<String> {
    let store = &app.store;
    let posts = store
        .admin_posts(&AdminPostQuery {
            limit: 10_000,
            ..AdminPostQuery::default()
        })
        .await
        .unwrap()
        .items;
    let mut out = Vec::new();
    for card in posts {
        let p = &card.post;
        let terms = store.terms_of_post(p.id).await.unwrap();
        let mut tags: Vec<String> = terms
            .iter()
            .filter(|t| t.taxonomy == Taxonomy::Tag)
            .map(|t| t.name.clone())
            .collect();
        tags.sort();
        let mut cats: Vec<String> = terms
            .iter()
            .filter(|t| t.taxonomy == Taxonomy::Category)
            .map(|t| t.name.clone())
            .collect();
        cats.sort();
        let (comments, _) = store
            .comments_page(&CommentFilter {
                status: None,
                post: Some(p.id),
                offset: 0,
                limit: 1000,
            })
            .await
            .unwrap();
        let mut responses: Vec<String> = comments
            .iter()
            .map(|c| {
                format!(
                    "{} {} {} {} {} {}",
                    c.kind,
                    c.status,
                    c.author_name,
                    c.created_at.timestamp(),
                    c.parent.is_some(),
                    c.html.trim()
                )
            })
            .collect();
        responses.sort();
        out.push(format!(
            "{} {} {:?} {} {:?} sticky={} {} {} | {} | tags {tags:?} cats {cats:?} | author {} | {responses:?}",
            p.kind,
            p.slug,
            p.title,
            p.status,
            p.published_at.map(|t| t.timestamp()),
            p.sticky,
            p.comment_status,
            p.ping_status,
            p.html.trim(),
            card.author.login,
        ));
    }
    out.sort();
    out
}

fn well_formed(file: &Path) {
    let out = Command::new("python3")
        .args(["-c", "import sys, xml.etree.ElementTree as E; r = E.parse(sys.argv[1]).getroot(); \
                ns = {'wp': 'http://wordpress.org/export/1.2/'}; \
                assert r.find('channel/wp:wxr_version', ns).text == '1.2'; print(len(r.findall('channel/item')))"])
        .arg(file)
        .output()
        .expect("python3");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
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

async fn round_trip(source: &TestApp, backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("export.xml");
    let said = run(
        &source.db.url,
        &["export", "wordpress", file.to_str().unwrap()],
    );
    assert!(said.starts_with("exported "), "{said}");
    well_formed(&file);
    let target = empty(backend).await;
    run(
        &target.db.url,
        &["import", "wordpress", file.to_str().unwrap()],
    );
    let (a, b) = (content(source).await, content(&target).await);
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        if x != y {
            let at = x.chars().zip(y.chars()).take_while(|(c, d)| c == d).count();
            let around = |s: &str| {
                s.chars()
                    .skip(at.saturating_sub(80))
                    .take(240)
                    .collect::<String>()
            };
            panic!(
                "differs at {at}:\n  before: {}\n  after:  {}",
                around(x),
                around(y)
            );
        }
    }
    target.stop().await;
}

async fn exports_the_demo_blog_and_imports_it_again_unchanged(backend: Backend) {
    let source = TestApp::start(backend).await;
    round_trip(&source, backend).await;
    source.stop().await;
}

async fn exports_wordpress_test_data_and_imports_it_again_unchanged(backend: Backend) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/testdata/wxr");
    if !dir.is_dir() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true but {} is missing",
            dir.display()
        );
        return;
    }
    let source = empty(backend).await;
    for name in ["themeunittestdata.wordpress.xml", "small-export.xml"] {
        run(
            &source.db.url,
            &["import", "wordpress", dir.join(name).to_str().unwrap()],
        );
    }
    round_trip(&source, backend).await;
    source.stop().await;
}

crate::on_both_backends!(
    exports_the_demo_blog_and_imports_it_again_unchanged,
    exports_wordpress_test_data_and_imports_it_again_unchanged,
);
