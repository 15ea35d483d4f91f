//! The theme's sidebar and navigation menu: the default sidebar of a new
//! site, the admin's "Design" pages (add, edit, move, nest, remove; bad
//! input refused precisely with nothing written; administrators only), and
//! the cache: what a widget shows drops exactly the pages that show it.

use std::time::Duration;

use beitrag_core::Actor;
use beitrag_core::model::{CommentStatus, MenuItem, MenuKind, PostKind, Role, WidgetKind};
use beitrag_core::service::comment::{self, Submission};
use scraper::{Html, Selector};

use crate::harness::{Backend, Options, TestApp, published, save_posts};
use crate::on_both_backends;
use crate::session::{Admin, make_user};

const POST: &str = "/2011/02/fuenf-regeln-fuer-gute-moderation/";

pub(crate) fn select<'a>(doc: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    let sel = Selector::parse(css).unwrap();
    doc.select(&sel).collect()
}

pub(crate) fn text(e: &scraper::ElementRef<'_>) -> String {
    e.text().collect::<String>().trim().to_owned()
}

/// The sidebar's widgets in order: (kind class, heading).
fn widgets(doc: &Html) -> Vec<(String, String)> {
    select(doc, "aside.sidebar > section.widget")
        .iter()
        .map(|s| {
            let kind = s
                .value()
                .classes()
                .find_map(|c| c.strip_prefix("widget-"))
                .unwrap()
                .to_owned();
            let heading = Selector::parse("h2").unwrap();
            (kind, text(&s.select(&heading).next().unwrap()))
        })
        .collect()
}

pub(crate) fn kinds(doc: &Html) -> Vec<String> {
    widgets(doc).into_iter().map(|(k, _)| k).collect()
}

/// The links of one widget, in order.
fn links_of(doc: &Html, kind: &str) -> Vec<(String, String)> {
    select(doc, &format!("aside.sidebar .widget-{kind} a"))
        .iter()
        .map(|a| (text(a), a.value().attr("href").unwrap().to_owned()))
        .collect()
}

async fn fresh_site_has_the_default_sidebar(backend: Backend) {
    let app = TestApp::start(backend).await;
    let home = app.page("/").await;
    assert_eq!(
        widgets(&home),
        [
            ("search", "Suche"),
            ("recent-posts", "Neueste Beiträge"),
            ("categories", "Kategorien"),
            ("tag-cloud", "Schlagwörter"),
            ("archives", "Archiv"),
            ("subscribe", "Abonnieren"),
        ]
        .map(|(k, h)| (k.to_owned(), h.to_owned()))
    );
    assert_eq!(
        select(&home, "aside.sidebar")[0].value().attr("aria-label"),
        Some("Seitenleiste")
    );
    // Five recent posts, newest first, each a working link.
    let recent = links_of(&home, "recent-posts");
    assert_eq!(recent.len(), 5, "{recent:?}");
    assert_eq!(
        app.get(&recent[0].1.replace(&app.base, "")).await.status(),
        200
    );
    // Categories nested with counts: "Strategie" under "Social Media".
    let nested = select(&home, ".widget-categories li > ul.children > li > a");
    assert!(
        nested.iter().any(|a| text(a) == "Strategie"),
        "{}",
        home.html()
    );
    let counts = select(&home, ".widget-categories .count");
    assert!(counts.iter().all(|c| text(c).starts_with('(')));
    // The tag cloud names each count for screen readers; archives link to
    // month archives that exist.
    let cloud = select(&home, ".widget-tag-cloud a");
    assert!(!cloud.is_empty());
    assert!(text(&cloud[0]).contains("Beitr"), "{}", text(&cloud[0]));
    let months = links_of(&home, "archives");
    assert!(!months.is_empty());
    for (_, url) in &months {
        let path = url.replace(&app.base, "");
        assert!(path.len() == "/2011/02/".len(), "{path}");
        assert_eq!(app.get(&path).await.status(), 200, "{path}");
    }
    let feeds: Vec<String> = links_of(&home, "subscribe")
        .into_iter()
        .map(|(_, u)| u.replace(&app.base, ""))
        .collect();
    assert_eq!(feeds, ["/feed/", "/feed/atom/", "/feed/json/"]);
    // No menu yet: the navigation is home, pages and RSS as before.
    assert!(select(&home, "header nav .menu").is_empty());
    let nav: Vec<String> = select(&home, "header nav a").iter().map(text).collect();
    assert_eq!(nav, ["Startseite", "Über uns", "RSS"]);
    // Post pages show it too, after the main column.
    let post = app.page(POST).await;
    assert_eq!(kinds(&post).len(), 6);
    assert_eq!(count_after_main(&post), 1);
    app.stop().await;
}

/// Sidebars that follow `main` in the document (phones show them below).
fn count_after_main(doc: &Html) -> usize {
    select(doc, "main + aside.sidebar").len()
}

async fn admin_arranges_widgets_and_the_pages_show_them(backend: Backend) {
    let app = TestApp::start(backend).await;
    let admin = Admin::admin(&app).await;
    let page = Html::parse_document(&admin.get("/admin/widgets").await.text().await.unwrap());
    assert_eq!(select(&page, "li.design-row").len(), 6);
    // The form sends the whole list with every button.
    let mut form: Vec<(String, String)> = [
        "search",
        "recent-posts",
        "categories",
        "tag-cloud",
        "archives",
        "subscribe",
    ]
    .iter()
    .enumerate()
    .map(|(n, k)| (format!("kind-{n}"), (*k).to_owned()))
    .collect();
    let post = |form: Vec<(String, String)>| {
        let admin = &admin;
        async move {
            let fields: Vec<(&str, &str)> =
                form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            admin.post("/admin/widgets", &fields).await
        }
    };
    // Add a links widget.
    let mut add = form.clone();
    add.push(("action".into(), "add".into()));
    add.push(("new-kind".into(), "links".into()));
    let res = post(add).await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        app.store.widgets().await.unwrap().last().unwrap().kind,
        WidgetKind::Links
    );
    form.push(("kind-6".into(), "links".into()));
    // Edit it: a title, two links; three recent posts; move it up; remove
    // the search widget.
    form.push(("title-6".into(), "Blogroll".into()));
    form.push((
        "links-6".into(),
        "https://a.example/ Erstes Blog\nhttps://b.example/".into(),
    ));
    form.push(("count-1".into(), "3".into()));
    let mut up = form.clone();
    up.push(("action".into(), "up-6".into()));
    assert_eq!(post(up).await.status(), 303);
    let home = app.page("/").await;
    assert_eq!(
        kinds(&home),
        [
            "search",
            "recent-posts",
            "categories",
            "tag-cloud",
            "archives",
            "links",
            "subscribe"
        ]
    );
    assert_eq!(links_of(&home, "recent-posts").len(), 3);
    assert_eq!(
        links_of(&home, "links"),
        [
            ("Erstes Blog".to_owned(), "https://a.example/".to_owned()),
            (
                "https://b.example/".to_owned(),
                "https://b.example/".to_owned()
            )
        ]
    );
    assert!(widgets(&home).contains(&("links".into(), "Blogroll".into())));
    // The admin shows what is stored; remove the first widget.
    let stored: Vec<(String, String)> = vec![
        ("kind-0".into(), "search".into()),
        ("kind-1".into(), "links".into()),
        ("links-1".into(), "https://a.example/ Erstes Blog".into()),
        ("action".into(), "remove-0".into()),
    ];
    assert_eq!(post(stored).await.status(), 303);
    let home = app.page("/").await;
    assert_eq!(kinds(&home), ["links"]);
    // No widgets at all: no sidebar.
    assert_eq!(post(Vec::new()).await.status(), 303);
    let home = app.page("/").await;
    assert!(select(&home, "aside.sidebar").is_empty());
    app.stop().await;
}

async fn admin_builds_a_nested_menu(backend: Backend) {
    let app = TestApp::start(backend).await;
    let admin = Admin::admin(&app).await;
    let page_id = app
        .store
        .post_by_slug(PostKind::Page, "ueber-uns")
        .await
        .unwrap()
        .unwrap()
        .id
        .0;
    let category = app
        .store
        .terms()
        .await
        .unwrap()
        .into_iter()
        .find(|t| t.name == "Community-Management")
        .unwrap()
        .id
        .0;
    let page_target = format!("page:{page_id}");
    let category_target = format!("category:{category}");
    let add = |rows: &[(&str, &str)], target: &str, url: &str, label: &str| {
        let mut fields: Vec<(String, String)> = rows
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        fields.push(("action".into(), "add".into()));
        fields.push(("new-target".into(), target.to_owned()));
        fields.push(("new-url".into(), url.to_owned()));
        fields.push(("new-label".into(), label.to_owned()));
        fields
    };
    let send = |fields: Vec<(String, String)>| {
        let admin = &admin;
        async move {
            let f: Vec<(&str, &str)> = fields
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            admin.post("/admin/menu", &f).await
        }
    };
    assert_eq!(send(add(&[], &page_target, "", "")).await.status(), 303);
    let t0 = page_id.to_string();
    let one = [("kind-0", "page"), ("target-0", t0.as_str())];
    assert_eq!(
        send(add(&one, &category_target, "", "Moderation"))
            .await
            .status(),
        303
    );
    let c1 = category.to_string();
    let two = [
        ("kind-0", "page"),
        ("target-0", t0.as_str()),
        ("kind-1", "category"),
        ("target-1", c1.as_str()),
        ("label-1", "Moderation"),
    ];
    assert_eq!(
        send(add(
            &two,
            "custom",
            "https://example.org/impressum",
            "Impressum"
        ))
        .await
        .status(),
        303
    );
    // Nest the custom link under the page, then move the category up.
    let three = [
        ("kind-0", "page"),
        ("target-0", t0.as_str()),
        ("kind-1", "category"),
        ("target-1", c1.as_str()),
        ("label-1", "Moderation"),
        ("kind-2", "custom"),
        ("url-2", "https://example.org/impressum"),
        ("label-2", "Impressum"),
        ("parent-2", "0"),
    ];
    let mut up: Vec<(String, String)> = three
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    up.push(("action".into(), "up-1".into()));
    assert_eq!(send(up).await.status(), 303);
    let stored = app.store.menu_items().await.unwrap();
    assert_eq!(
        stored
            .iter()
            .map(|i| (i.kind, i.parent))
            .collect::<Vec<_>>(),
        [
            (MenuKind::Category, None),
            (MenuKind::Page, None),
            (MenuKind::Custom, Some(1))
        ]
    );
    let home = app.page("/").await;
    let top: Vec<String> = select(&home, "header nav ul.menu > li > a")
        .iter()
        .map(text)
        .collect();
    assert_eq!(top, ["Moderation", "Über uns"]);
    let sub = select(
        &home,
        "header nav ul.menu > li:nth-child(2) > ul.sub-menu > li > a",
    );
    assert_eq!(sub.len(), 1);
    assert_eq!(text(&sub[0]), "Impressum");
    assert_eq!(
        sub[0].value().attr("href"),
        Some("https://example.org/impressum")
    );
    let category_link = select(&home, "header nav ul.menu > li > a")[0]
        .value()
        .attr("href")
        .unwrap();
    assert!(
        category_link.ends_with("/category/community-management/"),
        "{category_link}"
    );
    // The admin page shows the nesting.
    let page = Html::parse_document(&admin.get("/admin/menu").await.text().await.unwrap());
    assert_eq!(select(&page, "li.design-row.child").len(), 1);
    app.stop().await;
}

async fn only_administrators_arrange_the_theme(backend: Backend) {
    let app = TestApp::start(backend).await;
    let password = make_user(&app, "chefin", Role::Editor).await;
    let editor = Admin::login(&app, "chefin", &password).await;
    for path in ["/admin/menu", "/admin/widgets"] {
        assert_eq!(editor.get(path).await.status(), 403, "{path}");
        assert_eq!(
            editor.post(path, &[("kind-0", "search")]).await.status(),
            403,
            "{path}"
        );
    }
    let nav = editor.get("/admin/").await.text().await.unwrap();
    assert!(!nav.contains("/admin/widgets"));
    // The service itself refuses, whoever calls it.
    let user = app.store.user_by_login("chefin").await.unwrap().unwrap();
    let item = MenuItem {
        parent: None,
        kind: MenuKind::Custom,
        target: None,
        url: "https://example.org/".into(),
        label: String::new(),
    };
    let err = beitrag_core::service::theme::save_menu(
        &app.core,
        &Actor::User(Box::new(user.clone())),
        &[item],
    )
    .await
    .unwrap_err();
    assert!(matches!(err, beitrag_core::Error::Forbidden(_)), "{err:?}");
    let err =
        beitrag_core::service::theme::save_widgets(&app.core, &Actor::User(Box::new(user)), &[])
            .await
            .unwrap_err();
    assert!(matches!(err, beitrag_core::Error::Forbidden(_)), "{err:?}");
    assert_eq!(app.store.widgets().await.unwrap().len(), 6);
    app.stop().await;
}

async fn publishing_updates_recent_posts_on_a_cached_page(backend: Backend) {
    let app = TestApp::start(backend).await;
    let before = app.page(POST).await;
    assert!(
        !links_of(&before, "recent-posts")
            .iter()
            .any(|(t, _)| t == "Ganz frisch")
    );
    // Cached: a second read runs no query.
    let count = app.store.query_count();
    app.get(POST).await;
    assert_eq!(
        app.store.query_count(),
        count,
        "the page came from the cache"
    );
    save_posts(
        &app.core,
        vec![published(
            PostKind::Post,
            "ganz-frisch",
            "Ganz frisch",
            "Neu.",
            "anna",
        )],
    )
    .await
    .unwrap();
    let after = app.page(POST).await;
    let recent = links_of(&after, "recent-posts");
    assert_eq!(recent[0].0, "Ganz frisch", "{recent:?}");
    assert_eq!(recent.len(), 5);
    app.stop().await;
}

async fn approve(app: &TestApp, slug: &str, author: &str) {
    let settings = beitrag_core::service::settings::load(app.core.read())
        .await
        .unwrap();
    let post = app
        .store
        .post_by_slug(PostKind::Post, slug)
        .await
        .unwrap()
        .unwrap();
    comment::submit(
        &app.core,
        &Actor::Import,
        &settings,
        Submission {
            post_id: Some(post.id),
            author_name: author.into(),
            author_email: "leserin@example.net".into(),
            text: format!("Ein Kommentar von {author} für die Seitenleiste."),
            status: Some(CommentStatus::Approved),
            ..Submission::default()
        },
        chrono::Utc::now(),
    )
    .await
    .unwrap();
}

async fn comments_refresh_pages_only_with_the_recent_comments_widget(backend: Backend) {
    let app = TestApp::start_with(
        backend,
        Options {
            worker: false,
            ..Options::default()
        },
    )
    .await;
    // Without the widget: a comment on another post leaves this page cached.
    app.page(POST).await;
    approve(&app, "willkommen", "Ohne Widget").await;
    app.core.flush_changes().await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let count = app.store.query_count();
    let page = app.get(POST).await.text().await.unwrap();
    assert_eq!(app.store.query_count(), count, "the cached page was reused");
    assert!(!page.contains("Ohne Widget"));

    // With it: the same kind of comment re-renders the page, which shows it.
    let mut widgets = app.store.widgets().await.unwrap();
    widgets.insert(
        1,
        beitrag_core::model::Widget {
            kind: WidgetKind::RecentComments,
            title: String::new(),
            count: 0,
            links: Vec::new(),
        },
    );
    beitrag_core::service::theme::save_widgets(&app.core, &Actor::Operator, &widgets)
        .await
        .unwrap();
    let page = app.page(POST).await;
    assert_eq!(
        widgets_named(&page, "recent-comments"),
        "Neueste Kommentare"
    );
    approve(&app, "willkommen", "Mit Widget").await;
    let page = app.page(POST).await;
    let shown = links_of(&page, "recent-comments");
    assert_eq!(
        shown[0].0, "Mit Widget zu Willkommen im Gemeinschaftsblog",
        "{shown:?}"
    );
    assert!(shown[0].1.contains("#comment-"), "{shown:?}");
    app.stop().await;
}

fn widgets_named(doc: &Html, kind: &str) -> String {
    widgets(doc)
        .into_iter()
        .find(|(k, _)| k == kind)
        .map(|(_, h)| h)
        .unwrap_or_default()
}

on_both_backends!(
    fresh_site_has_the_default_sidebar,
    admin_arranges_widgets_and_the_pages_show_them,
    admin_builds_a_nested_menu,
    only_administrators_arrange_the_theme,
    publishing_updates_recent_posts_on_a_cached_page,
    comments_refresh_pages_only_with_the_recent_comments_widget,
);
