//! The admin's pages over plain HTTP (no JavaScript): the post list with
//! filters and bulk actions, the editor (create, edit, delete, preview,
//! 422 with every value kept, 409 with both versions), roles, CSRF,
//! revisions, media uploads and comment moderation.

use std::io::Cursor;

use crate::harness::save_posts;
use beitrag_core::model::{
    CommentId, CommentKind, CommentStatus, NewComment, PostId, PostKind, PostStatus, Role,
};

use crate::harness::{Backend, TestApp, attr, count, published, text};
use crate::session::{Admin, hidden, make_user, multipart, multipart_with_alt};

/// GET as `who`, assert the status, parse as HTML (which must parse cleanly).
async fn page(who: &Admin<'_>, path: &str, status: u16) -> scraper::Html {
    let res = who.get(path).await;
    assert_eq!(res.status(), status, "GET {path}");
    html(res).await
}

async fn html(res: reqwest::Response) -> scraper::Html {
    let body = res.text().await.unwrap();
    let doc = scraper::Html::parse_document(&body);
    assert!(
        doc.errors.is_empty(),
        "HTML errors: {:?}\n{body}",
        doc.errors
    );
    doc
}

fn location(res: &reqwest::Response) -> String {
    res.headers()["location"].to_str().unwrap().to_owned()
}

/// Row titles of the post list.
fn titles(doc: &scraper::Html) -> Vec<String> {
    let sel = scraper::Selector::parse(".post-list .row-title").unwrap();
    doc.select(&sel)
        .map(|e| e.text().collect::<String>().trim().to_owned())
        .collect()
}

/// The id in `/admin/posts/{id}/edit?saved=1`.
fn saved_id(location: &str) -> PostId {
    let id = location
        .strip_prefix("/admin/posts/")
        .and_then(|r| r.strip_suffix("/edit?saved=1"))
        .unwrap_or_else(|| panic!("not a saved location: {location}"));
    PostId(id.parse().unwrap())
}

/// The fields of a complete new post; tests override what they are about.
fn new_post<'a>(title: &'a str, source: &'a str, status: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("kind", "post"),
        ("title", title),
        ("slug", ""),
        ("source", source),
        ("excerpt", ""),
        ("tags", ""),
        ("new_categories", ""),
        ("status", status),
        ("published_at", ""),
        ("trackbacks", ""),
        ("comments_open", "1"),
        ("intent", "save"),
    ]
}

fn set<'a>(fields: &mut Vec<(&'a str, &'a str)>, name: &'a str, value: &'a str) {
    fields.retain(|(k, _)| *k != name);
    fields.push((name, value));
}

async fn create(who: &Admin<'_>, fields: &[(&str, &str)]) -> PostId {
    let res = who.post("/admin/posts/new", fields).await;
    assert_eq!(res.status(), 303, "{}", res.text().await.unwrap());
    saved_id(&location(&res))
}

async fn bulk(admin: &Admin<'_>, action: &str, ids: &[PostId]) -> reqwest::Response {
    let ids: Vec<String> = ids.iter().map(|i| i.0.to_string()).collect();
    let mut fields = vec![("action", action), ("back", "/admin/posts/?status=draft")];
    fields.extend(ids.iter().map(|i| ("ids", i.as_str())));
    admin.post("/admin/posts/bulk", &fields).await
}

async fn lists_posts_with_filters_and_pages(backend: Backend) {
    let app = TestApp::start(backend).await;
    let admin = Admin::admin(&app).await;
    let all = titles(&page(&admin, "/admin/posts/", 200).await);
    assert!(all.len() >= 8, "{all:?}");
    assert!(all.iter().any(|t| t.starts_with("Entwurf: Umfrage")));
    let tagged = titles(&page(&admin, "/admin/posts/?tag=moderation", 200).await);
    assert_eq!(tagged, vec!["Fünf Regeln für gute Moderation"]);
    let category =
        titles(&page(&admin, "/admin/posts/?category=social-media/strategie", 200).await);
    assert_eq!(category.len(), 2, "{category:?}");
    let drafts = titles(&page(&admin, "/admin/posts/?status=draft", 200).await);
    assert!(drafts.iter().all(|t| all.contains(t)) && !drafts.is_empty());
    assert!(!drafts.contains(&"Fünf Regeln für gute Moderation".to_owned()));
    let found = titles(&page(&admin, "/admin/posts/?q=BARCAMP", 200).await);
    assert_eq!(found, vec!["Ausblick: Unser Community-Barcamp"]);
    let by_jonas = titles(&page(&admin, "/admin/posts/?author=jonas", 200).await);
    assert!(by_jonas.contains(&"Trackbacks: Wenn Blogs miteinander sprechen".to_owned()));
    assert!(!by_jonas.contains(&"Fünf Regeln für gute Moderation".to_owned()));
    let pages = page(&admin, "/admin/posts/?kind=page", 200).await;
    assert!(!titles(&pages).is_empty());
    assert!(
        titles(&pages).iter().all(|t| !all.contains(t)),
        "pages are not posts"
    );
    assert_eq!(
        attr(
            &pages,
            "nav[aria-label=Verwaltung] a[aria-current=page]",
            "href"
        ),
        "/admin/posts/?kind=page"
    );
    // Nonsense filters and pages are ignored, never an error.
    page(
        &admin,
        "/admin/posts/?status=xyz&page=-4&author=%00&tag=",
        200,
    )
    .await;

    // Twenty-one drafts make two pages.
    let drafts: Vec<_> = (1..=21)
        .map(|n| {
            let mut p = published(
                PostKind::Post,
                &format!("seite-{n}"),
                &format!("Seitenfüller {n}"),
                "x",
                "anna",
            );
            p.status = PostStatus::Draft;
            p.published_at = None;
            p
        })
        .collect();
    save_posts(&app.core, drafts).await.unwrap();
    let first = page(&admin, "/admin/posts/?q=Seitenf%C3%BCller", 200).await;
    assert_eq!(titles(&first).len(), 20);
    let next = attr(&first, "a[rel=next]", "href");
    let second = page(&admin, &next, 200).await;
    assert_eq!(titles(&second).len(), 1);
    assert!(text(&second, ".pagination").contains("Seite 2 von 2"));
    app.stop().await;
}

async fn creates_edits_previews_and_deletes_through_forms(backend: Backend) {
    let app = TestApp::start(backend).await;
    let admin = Admin::admin(&app).await;
    let form = page(&admin, "/admin/posts/new", 200).await;
    assert_eq!(attr(&form, "#published_at", "type"), "datetime-local");
    assert!(count(&form, "datalist#tag-names option[value=Community]") == 1);
    assert!(
        count(
            &form,
            "input[name=category][value=\"Social Media/Strategie\"]"
        ) == 1
    );
    assert!(
        count(&form, "select#author option[value=anna]") == 1,
        "admins choose the author"
    );

    let mut fields = new_post("Formulare ohne Skript", "Hallo *Welt*!", "published");
    set(&mut fields, "tags", "Formulare, Community");
    fields.push(("category", "Allgemein"));
    set(&mut fields, "new_categories", "Reisen/Italien");
    set(&mut fields, "trackbacks", "https://example.org/tb/\r\n");
    set(&mut fields, "author", "anna");
    fields.push(("sticky", "1"));
    let id = create(&admin, &fields).await;
    let post = app.store.post_by_id(id).await.unwrap().unwrap();
    assert_eq!(post.status, PostStatus::Published);
    assert!(post.html.contains("<em>Welt</em>"), "{}", post.html);
    assert_eq!(post.trackbacks, vec!["https://example.org/tb/"]);
    assert!(post.sticky);
    assert_eq!(
        app.store
            .user_by_id(post.author_id)
            .await
            .unwrap()
            .unwrap()
            .login,
        "anna"
    );
    let names: Vec<String> = app
        .store
        .terms_of_post(id)
        .await
        .unwrap()
        .into_iter()
        .map(|t| t.name)
        .collect();
    // A post is filed under the leaf of a new path ("Reisen" is its parent).
    for n in ["Formulare", "Community", "Allgemein", "Italien"] {
        assert!(names.contains(&n.to_owned()), "{n} in {names:?}");
    }

    let edit = page(&admin, &format!("/admin/posts/{}/edit?saved=1", id.0), 200).await;
    assert!(text(&edit, "#saved-notice").starts_with("Gespeichert"));
    assert_eq!(attr(&edit, "#title", "value"), "Formulare ohne Skript");
    let mut tags: Vec<String> = attr(&edit, "#tags", "value")
        .split(", ")
        .map(str::to_owned)
        .collect();
    tags.sort();
    assert_eq!(tags, vec!["Community", "Formulare"]);
    assert_eq!(
        count(
            &edit,
            "input[name=category][value=\"Reisen/Italien\"][checked]"
        ),
        1
    );
    assert_eq!(text(&edit, "#source"), "Hallo *Welt*!");
    let view = attr(&edit, "#view-link", "href");
    assert_eq!(app.client.get(&view).send().await.unwrap().status(), 200);

    // The preview button renders without saving.
    let base = hidden(
        &admin
            .get(&format!("/admin/posts/{}/edit", id.0))
            .await
            .text()
            .await
            .unwrap(),
        "base_revision",
    );
    let mut change = new_post("Formulare, geändert", "Neu: **fett**", "published");
    set(&mut change, "base_revision", &base);
    set(&mut change, "intent", "preview");
    let res = admin
        .post(&format!("/admin/posts/{}/edit", id.0), &change)
        .await;
    assert_eq!(res.status(), 200);
    let preview = html(res).await;
    assert_eq!(text(&preview, "#preview strong"), "fett");
    assert_eq!(attr(&preview, "#title", "value"), "Formulare, geändert");
    assert_eq!(
        app.store.revisions(id).await.unwrap().len(),
        1,
        "a preview saves nothing"
    );
    // The live preview endpoint: CSRF in a header.
    let live = app
        .client
        .post(app.url("/admin/preview"))
        .header("cookie", &admin.cookie)
        .header("x-csrf-token", &admin.csrf)
        .form(&[("source", "# Titel\n\nEin _schräger_ Satz.")])
        .send()
        .await
        .unwrap();
    assert_eq!(live.status(), 200);
    let body = live.text().await.unwrap();
    assert!(body.contains("<em>schräger</em>"), "{body}");
    let forged = app
        .client
        .post(app.url("/admin/preview"))
        .header("cookie", &admin.cookie)
        .form(&[("source", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);

    set(&mut change, "intent", "save");
    let res = admin
        .post(&format!("/admin/posts/{}/edit", id.0), &change)
        .await;
    assert_eq!(res.status(), 303);
    let post = app.store.post_by_id(id).await.unwrap().unwrap();
    assert_eq!(post.title, "Formulare, geändert");
    assert_eq!(app.store.revisions(id).await.unwrap().len(), 2);

    // Deleting from the editor.
    let res = admin
        .post(&format!("/admin/posts/{}/delete", id.0), &[])
        .await;
    assert_eq!(res.status(), 303);
    assert!(app.store.post_by_id(id).await.unwrap().is_none());
    let list = page(&admin, &location(&res), 200).await;
    assert_eq!(text(&list, "#notice"), "1 Eintrag gelöscht.");
    assert_eq!(
        admin
            .get(&format!("/admin/posts/{}/edit", id.0))
            .await
            .status(),
        404
    );

    // Bulk actions.
    let a = create(&admin, &new_post("Stapel A", "a", "draft")).await;
    let b = create(&admin, &new_post("Stapel B", "b", "draft")).await;
    let res = bulk(&admin, "publish", &[a, b]).await;
    assert_eq!(res.status(), 303);
    assert!(location(&res).starts_with("/admin/posts/?status=draft&done=published&ok=2"));
    let notice = page(&admin, &location(&res), 200).await;
    assert_eq!(text(&notice, "#notice"), "2 Einträge veröffentlicht.");
    for id in [a, b] {
        assert_eq!(
            app.store.post_by_id(id).await.unwrap().unwrap().status,
            PostStatus::Published
        );
    }
    bulk(&admin, "draft", &[a, b]).await;
    assert_eq!(
        app.store.post_by_id(b).await.unwrap().unwrap().status,
        PostStatus::Draft
    );
    let res = bulk(&admin, "delete", &[a, b]).await;
    assert!(location(&res).contains("done=deleted&ok=2&failed=0"));
    assert!(app.store.post_by_id(a).await.unwrap().is_none());
    // A foreign "back" is not followed.
    let res = admin
        .post(
            "/admin/posts/bulk",
            &[("action", "draft"), ("back", "https://evil.example/")],
        )
        .await;
    assert!(
        location(&res).starts_with("/admin/posts/?"),
        "{}",
        location(&res)
    );
    app.stop().await;
}

async fn refused_saves_keep_every_value(backend: Backend) {
    let app = TestApp::start(backend).await;
    let admin = Admin::admin(&app).await;
    let before = app
        .store
        .admin_posts(&Default::default())
        .await
        .unwrap()
        .total;
    let taken = app
        .store
        .admin_posts(&beitrag_core::model::AdminPostQuery {
            limit: 1,
            ..Default::default()
        })
        .await
        .unwrap()
        .items[0]
        .post
        .slug
        .clone();
    let cases: [(&str, &str, &str); 4] = [
        ("published_at", "morgen früh", "published_at"),
        ("title", "   ", "title"),
        ("slug", &taken, "slug"),
        (
            "trackbacks",
            "https://example.org/ok/\nkein link",
            "trackbacks",
        ),
    ];
    for (field, value, marked) in cases {
        let mut fields = new_post("Ein Titel", "Der *Text* bleibt.\nZweite Zeile", "published");
        set(&mut fields, "tags", "Behalten, Auch");
        set(&mut fields, "excerpt", "Kurz gesagt");
        set(&mut fields, "new_categories", "Neu/Kategorie");
        set(&mut fields, field, value);
        let res = admin.post("/admin/posts/new", &fields).await;
        assert_eq!(res.status(), 422, "{field}");
        let doc = html(res).await;
        let id = format!("#{marked}");
        assert_eq!(attr(&doc, &id, "aria-invalid"), "true", "{field}");
        let error = text(&doc, &format!("#{marked}-error"));
        assert!(!error.is_empty(), "{field}");
        assert!(attr(&doc, &id, "aria-describedby").contains(&format!("{marked}-error")));
        // Everything typed is still there.
        if field != "title" {
            assert_eq!(attr(&doc, "#title", "value"), "Ein Titel");
        }
        assert_eq!(text(&doc, "#source"), "Der *Text* bleibt. Zweite Zeile");
        assert_eq!(attr(&doc, "#tags", "value"), "Behalten, Auch");
        assert_eq!(attr(&doc, "#new_categories", "value"), "Neu/Kategorie");
        assert_eq!(text(&doc, "#excerpt"), "Kurz gesagt");
        assert_eq!(attr(&doc, "#status input[checked]", "value"), "published");
        if field == "published_at" {
            assert_eq!(attr(&doc, "#published_at", "value"), "morgen früh");
        }
        if field == "trackbacks" {
            assert!(text(&doc, "#trackbacks").contains("kein link"));
        }
    }
    let after = app
        .store
        .admin_posts(&Default::default())
        .await
        .unwrap()
        .total;
    assert_eq!(before, after, "nothing was stored");
    app.stop().await;
}

async fn concurrent_edits_show_both_versions(backend: Backend) {
    let app = TestApp::start(backend).await;
    let admin = Admin::admin(&app).await;
    let password = make_user(&app, "redakteur", Role::Editor).await;
    let other = Admin::login(&app, "redakteur", &password).await;
    let id = create(&admin, &new_post("Erste Fassung", "Anfang", "draft")).await;
    let edit = format!("/admin/posts/{}/edit", id.0);
    let mine = hidden(
        &admin.get(&edit).await.text().await.unwrap(),
        "base_revision",
    );
    let theirs = hidden(
        &other.get(&edit).await.text().await.unwrap(),
        "base_revision",
    );
    let mut fields = new_post("Ihre Fassung", "Ihr Text", "draft");
    set(&mut fields, "base_revision", &theirs);
    assert_eq!(other.post(&edit, &fields).await.status(), 303);

    let mut fields = new_post("Meine Fassung", "Mein Text", "draft");
    set(&mut fields, "base_revision", &mine);
    let res = admin.post(&edit, &fields).await;
    assert_eq!(res.status(), 409);
    let doc = html(res).await;
    assert_eq!(text(&doc, ".version.theirs .version-title"), "Ihre Fassung");
    assert_eq!(text(&doc, ".version.yours .version-title"), "Meine Fassung");
    assert!(text(&doc, ".version.theirs").contains("redakteur Name"));
    assert_eq!(
        attr(&doc, "#title", "value"),
        "Meine Fassung",
        "mine stays in the form"
    );
    assert_eq!(text(&doc, "#source"), "Mein Text");
    assert_eq!(
        app.store.post_by_id(id).await.unwrap().unwrap().title,
        "Ihre Fassung",
        "nothing overwritten"
    );
    // Saving the form again is a deliberate choice, based on their version.
    let now_based = attr(&doc, "input[name=base_revision]", "value");
    assert_ne!(now_based, mine);
    set(&mut fields, "base_revision", &now_based);
    assert_eq!(admin.post(&edit, &fields).await.status(), 303);
    assert_eq!(
        app.store.post_by_id(id).await.unwrap().unwrap().title,
        "Meine Fassung"
    );
    app.stop().await;
}

async fn contributors_submit_but_cannot_publish(backend: Backend) {
    let app = TestApp::start(backend).await;
    let password = make_user(&app, "gast", Role::Contributor).await;
    let guest = Admin::login(&app, "gast", &password).await;
    let form = page(&guest, "/admin/posts/new", 200).await;
    let sel = scraper::Selector::parse("#status input[type=radio]").unwrap();
    let offered: Vec<_> = form
        .select(&sel)
        .map(|o| o.value().attr("value").unwrap().to_owned())
        .collect();
    assert_eq!(offered, vec!["draft", "pending"]);
    assert_eq!(
        count(&form, "#author"),
        0,
        "contributors write as themselves"
    );
    assert_eq!(count(&form, "#upload-file"), 0, "and upload nothing");

    let mut forged = new_post("Heimlich veröffentlicht", "x", "published");
    let res = guest.post("/admin/posts/new", &forged).await;
    assert_eq!(res.status(), 403);
    let doc = html(res).await;
    assert!(text(&doc, "#general-error").contains("Mitarbeiter"));
    assert_eq!(attr(&doc, "#title", "value"), "Heimlich veröffentlicht");
    set(&mut forged, "status", "draft");
    set(&mut forged, "author", "anna");
    assert_eq!(
        guest.post("/admin/posts/new", &forged).await.status(),
        403,
        "not as someone else"
    );
    let q = beitrag_core::model::AdminPostQuery {
        search: beitrag_core::service::search::parse("de", "Heimlich").ok(),
        limit: 10,
        ..Default::default()
    };
    assert_eq!(app.store.admin_posts(&q).await.unwrap().total, 0);

    let id = create(&guest, &new_post("Zur Prüfung", "Bitte lesen", "pending")).await;
    let res = guest
        .post(
            "/admin/posts/bulk",
            &[("action", "publish"), ("ids", &id.0.to_string())],
        )
        .await;
    assert!(
        location(&res).contains("ok=0&failed=1"),
        "{}",
        location(&res)
    );
    assert_eq!(
        app.store.post_by_id(id).await.unwrap().unwrap().status,
        PostStatus::Pending
    );
    // Their preview is sanitised as their save would be.
    let preview = app
        .client
        .post(app.url("/admin/preview"))
        .header("cookie", &guest.cookie)
        .header("x-csrf-token", &guest.csrf)
        .form(&[("source", "<script>alert(1)</script>\n\n*ok*")])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        preview.contains("<em>ok</em>") && !preview.contains("<script"),
        "{preview}"
    );
    // Only their own posts are listed; others' cannot be opened.
    let list = titles(&page(&guest, "/admin/posts/", 200).await);
    assert_eq!(list, vec!["Zur Prüfung"]);
    let all = beitrag_core::model::AdminPostQuery {
        limit: 100,
        ..Default::default()
    };
    let anna = app.store.admin_posts(&all).await.unwrap();
    let foreign = anna
        .items
        .iter()
        .find(|c| c.author.login == "anna")
        .unwrap()
        .post
        .id;
    page(&guest, &format!("/admin/posts/{}/edit", foreign.0), 403).await;
    page(&guest, "/admin/comments/", 403).await;
    page(&guest, "/admin/media/", 403).await;
    app.stop().await;
}

async fn forms_without_the_csrf_token_are_refused(backend: Backend) {
    let app = TestApp::start(backend).await;
    let admin = Admin::admin(&app).await;
    let before = app
        .store
        .admin_posts(&Default::default())
        .await
        .unwrap()
        .total;
    for path in [
        "/admin/posts/new",
        "/admin/posts/bulk",
        "/admin/preview",
        "/admin/comments/moderate",
        "/admin/posts/1/delete",
        "/admin/posts/1/revisions/1/restore",
        "/admin/comments/1/reply",
        "/admin/media/1/delete",
    ] {
        for csrf in ["", "falsch"] {
            let res = app
                .client
                .post(app.url(path))
                .header("cookie", &admin.cookie)
                .form(&[
                    ("title", "CSRF"),
                    ("status", "draft"),
                    ("action", "delete"),
                    ("ids", "1"),
                    ("csrf", csrf),
                    ("text", "x"),
                ])
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 403, "{path} with {csrf:?}");
        }
    }
    let (ctype, body) = multipart("", "a.png", "image/png", &png(20, 20));
    let res = app
        .client
        .post(app.url("/admin/media/"))
        .header("cookie", &admin.cookie)
        .header("content-type", ctype)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    assert_eq!(app.store.media_list(10, 0).await.unwrap().1, 0);
    assert_eq!(
        app.store
            .admin_posts(&Default::default())
            .await
            .unwrap()
            .total,
        before
    );
    assert!(app.store.post_by_id(PostId(1)).await.unwrap().is_some());
    app.stop().await;
}

async fn revisions_are_compared_and_restored(backend: Backend) {
    let app = TestApp::start(backend).await;
    let admin = Admin::admin(&app).await;
    let id = create(
        &admin,
        &new_post("Alte Überschrift", "Zeile eins\nZeile <zwei>\n", "draft"),
    )
    .await;
    let edit = format!("/admin/posts/{}/edit", id.0);
    let base = hidden(
        &admin.get(&edit).await.text().await.unwrap(),
        "base_revision",
    );
    let mut fields = new_post("Neue Überschrift", "Zeile eins\nZeile drei\n", "draft");
    set(&mut fields, "base_revision", &base);
    assert_eq!(admin.post(&edit, &fields).await.status(), 303);
    let revs = app.store.revisions(id).await.unwrap();
    assert_eq!(revs.len(), 2);

    let path = format!("/admin/posts/{}/revisions", id.0);
    let doc = page(&admin, &path, 200).await;
    assert_eq!(count(&doc, "table.revisions tbody tr"), 2);
    assert_eq!(text(&doc, ".diff-source del"), "Zeile <zwei>");
    assert_eq!(text(&doc, ".diff-source ins"), "Zeile drei");
    assert_eq!(text(&doc, ".diff-title del"), "Alte");
    assert_eq!(text(&doc, ".diff-title ins"), "Neue");
    let reversed = page(
        &admin,
        &format!("{path}?from={}&to={}", revs[1].id.0, revs[0].id.0),
        200,
    )
    .await;
    assert_eq!(text(&reversed, ".diff-source ins"), "Zeile <zwei>");
    assert_eq!(
        attr(&reversed, "input[name=from][checked]", "value"),
        revs[1].id.0.to_string()
    );
    page(&admin, &format!("{path}?from=abc&to=-1"), 200).await;

    // Restoring the first version saves it as a new one.
    let restore = format!("{path}/{}/restore", revs[0].id.0);
    let stale = admin
        .post(&restore, &[("base_revision", &revs[0].id.0.to_string())])
        .await;
    assert_eq!(
        stale.status(),
        409,
        "a save in between is not undone unseen"
    );
    let res = admin
        .post(&restore, &[("base_revision", &revs[1].id.0.to_string())])
        .await;
    assert_eq!(res.status(), 303);
    let done = page(&admin, &location(&res), 200).await;
    assert!(text(&done, "#notice").contains("wiederhergestellt"));
    let post = app.store.post_by_id(id).await.unwrap().unwrap();
    assert_eq!(
        (post.title.as_str(), post.source.as_str()),
        ("Alte Überschrift", "Zeile eins\nZeile <zwei>\n")
    );
    assert_eq!(app.store.revisions(id).await.unwrap().len(), 3);
    assert_eq!(
        admin
            .post(&format!("{path}/999999/restore"), &[])
            .await
            .status(),
        404
    );
    app.stop().await;
}

/// A real PNG of `w`×`h` pixels (a gradient, so it does not compress away).
fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, ((x * y) % 256) as u8])
    });
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

async fn upload(admin: &Admin<'_>, name: &str, ctype: &str, bytes: &[u8]) -> reqwest::Response {
    let form = multipart_with_alt(&admin.csrf, "Die Sonne über dem Meer", name, ctype, bytes);
    admin.post_multipart("/admin/media/", form).await
}

fn files_in(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| {
                    if e.path().is_dir() {
                        files_in(&e.path())
                    } else {
                        1
                    }
                })
                .sum()
        })
        .unwrap_or(0)
}

async fn media_uploads_through_the_form(backend: Backend) {
    let app = TestApp::start(backend).await;
    let admin = Admin::admin(&app).await;
    let library = page(&admin, "/admin/media/", 200).await;
    assert_eq!(
        attr(&library, "form.upload-form", "enctype"),
        "multipart/form-data"
    );

    // Lies and oversized files are refused on the page, and nothing stays.
    let files_before = files_in(app.media_dir.path());
    let (small, too_big) = (png(40, 40), vec![0u8; 10 * 1024 * 1024 + 16]);
    // The reason is worded in the admin's language.
    let cases: [(&str, &str, &[u8], u16, &str); 3] = [
        ("foto.jpg", "image/jpeg", &small, 415, "image/jpeg gesendet"),
        ("riesig.png", "image/png", &too_big, 413, "größer als"),
        ("kaputt.png", "image/png", &small[..60], 422, "beschädigt"),
    ];
    for (name, ctype, bytes, want, reason) in cases {
        let res = upload(&admin, name, ctype, bytes).await;
        assert_eq!(res.status(), want, "{name}");
        let doc = html(res).await;
        let error = text(&doc, "#upload-error");
        assert!(
            error.starts_with("Nichts wurde hochgeladen") && error.contains(reason),
            "{name}: {error}"
        );
    }
    let not_multipart = admin.post("/admin/media/", &[("file", "x")]).await;
    assert_eq!(not_multipart.status(), 415);
    assert_eq!(app.store.media_list(10, 0).await.unwrap().1, 0, "no row");
    assert_eq!(files_in(app.media_dir.path()), files_before, "no file");

    let res = upload(&admin, "Sonnenuntergang.png", "image/png", &png(900, 500)).await;
    assert_eq!(res.status(), 303);
    let doc = page(&admin, &location(&res), 200).await;
    assert_eq!(text(&doc, "#notice"), "Die Datei wurde hochgeladen.");
    assert_eq!(text(&doc, ".media-name"), "Sonnenuntergang.png");
    let snippet = attr(&doc, ".snippet", "value");
    assert!(
        snippet.starts_with("![Die Sonne über dem Meer](/media/"),
        "{snippet}"
    );
    let thumb = attr(&doc, ".media-item img", "src");
    assert!(thumb.ends_with(".webp"), "the smallest variant: {thumb}");
    assert_eq!(app.get(&thumb).await.status(), 200);
    assert!(text(&doc, ".media-item .meta").contains("900 × 500 px"));

    let (items, _) = app.store.media_list(10, 0).await.unwrap();
    let res = admin
        .post(&format!("/admin/media/{}/delete", items[0].id.0), &[])
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(app.store.media_list(10, 0).await.unwrap().1, 0);
    assert_eq!(app.get(&thumb).await.status(), 404);
    app.stop().await;
}

async fn pending(app: &TestApp, post: PostId, name: &str, text: &str) -> CommentId {
    app.store
        .add_comment(&NewComment {
            post_id: post,
            parent: None,
            kind: CommentKind::Comment,
            status: CommentStatus::Pending,
            author_name: name.into(),
            author_email: format!("{}@example.net", name.to_lowercase()),
            author_url: String::new(),
            html: format!("<p>{text}</p>\n"),
            source_url: String::new(),
            source_title: String::new(),
            author_ip: String::new(),
            notify: false,
            created_at: chrono::Utc::now(),
        })
        .await
        .unwrap()
}

async fn status_of(app: &TestApp, id: CommentId) -> Option<CommentStatus> {
    app.store.comment(id).await.unwrap().map(|c| c.status)
}

async fn comments_are_moderated_by_row_and_in_bulk(backend: Backend) {
    let app = TestApp::start(backend).await;
    let admin = Admin::admin(&app).await;
    let post = app
        .store
        .admin_posts(&beitrag_core::model::AdminPostQuery {
            search: beitrag_core::service::search::parse("de", "Fünf Regeln").ok(),
            limit: 1,
            ..Default::default()
        })
        .await
        .unwrap()
        .items[0]
        .post
        .id;
    let a = pending(&app, post, "Petra", "Erster wartender Kommentar").await;
    let b = pending(&app, post, "Paul", "Zweiter wartender Kommentar").await;
    let c = pending(&app, post, "Spammer", "Billige Uhren").await;

    let doc = page(&admin, "/admin/comments/", 200).await;
    assert_eq!(text(&doc, "#tab-pending .count"), "(3)");
    assert_eq!(count(&doc, "tr.comment-row"), 3);
    assert_eq!(
        text(&doc, &format!("#comment-{} td:nth-child(4) a", a.0)),
        "Fünf Regeln für gute Moderation"
    );
    assert!(text(&doc, "#shortcuts").contains("a freigeben"));
    assert_eq!(
        count(&doc, &format!("#comment-{} button[data-key=a]", a.0)),
        1
    );

    // Bulk: approve two.
    let res = admin
        .post(
            "/admin/comments/moderate",
            &[
                ("do", "bulk"),
                ("action", "approve"),
                ("ids", &a.0.to_string()),
                ("ids", &b.0.to_string()),
                ("back", "/admin/comments/?status=pending"),
            ],
        )
        .await;
    assert_eq!(
        location(&res),
        "/admin/comments/?status=pending&done=approve&n=2"
    );
    let after = page(&admin, &location(&res), 200).await;
    assert_eq!(text(&after, "#notice"), "2 Antworten freigegeben.");
    assert_eq!(text(&after, "#tab-pending .count"), "(1)");
    assert_eq!(status_of(&app, a).await, Some(CommentStatus::Approved));
    assert_eq!(status_of(&app, b).await, Some(CommentStatus::Approved));
    // The approved comments are on the public page now.
    let view = attr(
        &page(&admin, &format!("/admin/posts/{}/edit", post.0), 200).await,
        "#view-link",
        "href",
    );
    let public = app
        .client
        .get(&view)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(public.contains("Zweiter wartender Kommentar"), "{public}");

    // By row: spam, not spam, trash, restore, delete.
    let row = |verb: &str, id: CommentId| format!("{verb}:{}", id.0);
    admin
        .post("/admin/comments/moderate", &[("do", &row("spam", c))])
        .await;
    assert_eq!(status_of(&app, c).await, Some(CommentStatus::Spam));
    let spam = page(&admin, "/admin/comments/?status=spam", 200).await;
    assert_eq!(
        count(
            &spam,
            &format!("#comment-{} button[value=\"unspam:{}\"]", c.0, c.0)
        ),
        1
    );
    admin
        .post("/admin/comments/moderate", &[("do", &row("unspam", c))])
        .await;
    assert_eq!(status_of(&app, c).await, Some(CommentStatus::Pending));
    admin
        .post("/admin/comments/moderate", &[("do", &row("trash", c))])
        .await;
    assert_eq!(status_of(&app, c).await, Some(CommentStatus::Trash));
    admin
        .post("/admin/comments/moderate", &[("do", &row("restore", c))])
        .await;
    assert_eq!(status_of(&app, c).await, Some(CommentStatus::Pending));
    admin
        .post("/admin/comments/moderate", &[("do", &row("unapprove", b))])
        .await;
    assert_eq!(status_of(&app, b).await, Some(CommentStatus::Pending));
    admin
        .post("/admin/comments/moderate", &[("do", &row("delete", c))])
        .await;
    assert_eq!(status_of(&app, c).await, None);
    // Nonsense is ignored.
    let res = admin
        .post("/admin/comments/moderate", &[("do", "explode:1")])
        .await;
    assert_eq!(res.status(), 303);

    // Editing the text renders and sanitises it like a comment.
    let edit = page(&admin, &format!("/admin/comments/{}/edit", a.0), 200).await;
    assert_eq!(text(&edit, "#text"), "Erster wartender Kommentar");
    let res = admin
        .post(
            &format!("/admin/comments/{}/edit", a.0),
            &[("text", "Geändert mit *Betonung* <script>x</script>")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let html_now = app.store.comment(a).await.unwrap().unwrap().html;
    assert!(
        html_now.contains("<em>Betonung</em>") && !html_now.contains("<script"),
        "{html_now}"
    );
    let empty = admin
        .post(&format!("/admin/comments/{}/edit", a.0), &[("text", "  ")])
        .await;
    assert_eq!(empty.status(), 422);

    // A reply is published at once under the moderator's name; answering a
    // held response approves it.
    let res = admin
        .post(
            &format!("/admin/comments/{}/reply", b.0),
            &[("text", "Danke, Paul!")],
        )
        .await;
    assert_eq!(res.status(), 303, "{}", res.text().await.unwrap());
    assert_eq!(status_of(&app, b).await, Some(CommentStatus::Approved));
    let approved = page(&admin, "/admin/comments/?status=approved", 200).await;
    assert!(text(&approved, "table.comments").contains("Danke, Paul!"));
    let empty = admin
        .post(&format!("/admin/comments/{}/reply", a.0), &[("text", "")])
        .await;
    assert_eq!(empty.status(), 422);
    assert_eq!(admin.get("/admin/comments/999999/edit").await.status(), 404);
    app.stop().await;
}

crate::on_both_backends!(
    lists_posts_with_filters_and_pages,
    creates_edits_previews_and_deletes_through_forms,
    refused_saves_keep_every_value,
    concurrent_edits_show_both_versions,
    contributors_submit_but_cannot_publish,
    forms_without_the_csrf_token_are_refused,
    revisions_are_compared_and_restored,
    media_uploads_through_the_form,
    comments_are_moderated_by_row_and_in_bulk,
);
