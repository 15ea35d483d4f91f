//! The admin's "Design" pages refuse what the theme service refuses —
//! `javascript:` links, nesting past one level, unknown kinds, missing
//! pages, oversized input, too many entries — with a message naming the
//! entry, the field marked, and nothing written.

use scraper::Html;

use crate::harness::{Backend, TestApp};
use crate::on_both_backends;
use crate::session::Admin;
use crate::theme::{kinds, select, text};

fn as_refs(v: &[(String, String)]) -> Vec<(&str, &str)> {
    v.iter().map(|(k, x)| (k.as_str(), x.as_str())).collect()
}

/// A refused form: 422, the message names the entry and what is wrong,
/// the field is marked, and nothing was stored.
async fn refused(
    app: &TestApp,
    admin: &Admin<'_>,
    path: &str,
    fields: &[(&str, &str)],
    says: &str,
) {
    let menu = app.store.menu_items().await.unwrap();
    let widgets = app.store.widgets().await.unwrap();
    let res = admin.post(path, fields).await;
    assert_eq!(res.status(), 422, "{fields:?}");
    let doc = Html::parse_document(&res.text().await.unwrap());
    let error = select(&doc, "#design-error");
    assert!(
        text(&error[0]).contains(says),
        "{fields:?}: {}",
        text(&error[0])
    );
    assert_eq!(app.store.menu_items().await.unwrap(), menu, "{fields:?}");
    assert_eq!(app.store.widgets().await.unwrap(), widgets, "{fields:?}");
}

async fn bad_menus_and_widgets_are_refused_and_nothing_is_written(backend: Backend) {
    let app = TestApp::start(backend).await;
    let admin = Admin::admin(&app).await;
    let m = "/admin/menu";
    let custom = |n: usize, url: &'static str| {
        [
            (format!("kind-{n}"), "custom".to_owned()),
            (format!("url-{n}"), url.to_owned()),
        ]
    };
    let flat = |rows: &[[(String, String); 2]]| -> Vec<(String, String)> {
        rows.iter().flatten().cloned().collect()
    };
    let borrow = |v: &[(String, String)]| -> Vec<(String, String)> { v.to_vec() };
    // A javascript: link, and a relative one.
    let js = flat(&[custom(0, "javascript:alert(1)")]);
    refused(
        &app,
        &admin,
        m,
        &as_refs(&js),
        "Eintrag 1: Die Adresse muss mit http://",
    )
    .await;
    let rel = flat(&[custom(0, "https://ok.example/"), custom(1, "/relativ")]);
    refused(&app, &admin, m, &as_refs(&rel), "Eintrag 2").await;
    // Nesting beyond one level: 2 under 1 under 0.
    let mut deep = flat(&[
        custom(0, "https://a.example/"),
        custom(1, "https://b.example/"),
        custom(2, "https://c.example/"),
    ]);
    deep.push(("parent-1".into(), "0".into()));
    deep.push(("parent-2".into(), "1".into()));
    refused(&app, &admin, m, &as_refs(&deep), "eine Ebene").await;
    // Under itself, or under nothing.
    let mut own = borrow(&flat(&[custom(0, "https://a.example/")]));
    own.push(("parent-0".into(), "0".into()));
    refused(&app, &admin, m, &as_refs(&own), "Eintrag 1").await;
    // An unknown kind, a page that does not exist, a category id that is
    // a tag, an oversized label.
    refused(
        &app,
        &admin,
        m,
        &[("kind-0", "script")],
        "Diese Art kennt beitrag nicht",
    )
    .await;
    refused(
        &app,
        &admin,
        m,
        &[("kind-0", "page"), ("target-0", "999999")],
        "gibt es nicht",
    )
    .await;
    refused(&app, &admin, m, &[("kind-0", "page")], "gibt es nicht").await;
    let tag = app
        .store
        .terms()
        .await
        .unwrap()
        .into_iter()
        .find(|t| t.taxonomy == beitrag_core::model::Taxonomy::Tag)
        .unwrap()
        .id
        .0
        .to_string();
    refused(
        &app,
        &admin,
        m,
        &[("kind-0", "category"), ("target-0", &tag)],
        "gibt es nicht",
    )
    .await;
    let long = "x".repeat(101);
    let mut big = flat(&[custom(0, "https://a.example/")]);
    big.push(("label-0".into(), long.clone()));
    refused(&app, &admin, m, &as_refs(&big), "höchstens 100 Zeichen").await;
    let huge = format!("https://a.example/{}", "x".repeat(2000));
    let mut huge_url = flat(&[custom(0, "https://a.example/")]);
    huge_url[1].1 = huge;
    refused(&app, &admin, m, &as_refs(&huge_url), "2000 Zeichen").await;
    // Too many items.
    let many: Vec<(String, String)> = (0..51)
        .flat_map(|n| custom(n, "https://a.example/"))
        .collect();
    refused(&app, &admin, m, &as_refs(&many), "höchstens 50 Einträge").await;
    // A bad new item: the list as sent is kept on the page.
    refused(
        &app,
        &admin,
        m,
        &[
            ("action", "add"),
            ("new-target", "custom"),
            ("new-url", "javascript:x"),
        ],
        "Eintrag 1",
    )
    .await;
    // A forged action is a plain 400.
    assert_eq!(admin.post(m, &[("action", "explode")]).await.status(), 400);

    let w = "/admin/widgets";
    refused(
        &app,
        &admin,
        w,
        &[("kind-0", "flash")],
        "Diese Art kennt beitrag nicht",
    )
    .await;
    refused(
        &app,
        &admin,
        w,
        &[("kind-0", "recent-posts"), ("count-0", "500")],
        "außerhalb",
    )
    .await;
    refused(
        &app,
        &admin,
        w,
        &[("kind-0", "recent-posts"), ("count-0", "viele")],
        "außerhalb",
    )
    .await;
    refused(
        &app,
        &admin,
        w,
        &[("kind-0", "search"), ("count-0", "3")],
        "außerhalb",
    )
    .await;
    refused(
        &app,
        &admin,
        w,
        &[("kind-0", "search"), ("title-0", &long)],
        "Der Titel",
    )
    .await;
    refused(
        &app,
        &admin,
        w,
        &[
            ("kind-0", "links"),
            ("links-0", "javascript:alert(1) Klick"),
        ],
        "Jeder Link",
    )
    .await;
    refused(
        &app,
        &admin,
        w,
        &[("kind-0", "search"), ("links-0", "https://a.example/")],
        "Jeder Link",
    )
    .await;
    let many: Vec<(String, String)> = (0..21)
        .map(|n| (format!("kind-{n}"), "search".to_owned()))
        .collect();
    refused(&app, &admin, w, &as_refs(&many), "höchstens 20 Widgets").await;
    // The public pages still show the default sidebar and no menu.
    let home = app.page("/").await;
    assert_eq!(kinds(&home).len(), 6);
    assert!(select(&home, "header nav .menu").is_empty());
    app.stop().await;
}

on_both_backends!(bad_menus_and_widgets_are_refused_and_nothing_is_written);
