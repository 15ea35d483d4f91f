//! `/api/v1/tags` and `/api/v1/categories`: listing with counts, renaming
//! and re-parenting with redirects, merging, roles, and bad input.

use reqwest::Method as M;
use serde_json::{Value, json};

use crate::api_comments::{Team, expect_problems};
use crate::api_posts::call;
use crate::harness::{Backend, TestApp};

/// A term of the list at `path` (`/api/v1/tags` or `/api/v1/categories`)
/// by name, or `Null`.
async fn named(app: &TestApp, bearer: &str, path: &str, name: &str) -> Value {
    let (status, _, list) = call(app, M::GET, path, bearer, None).await;
    assert_eq!(status, 200, "{list}");
    list.as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == name)
        .cloned()
        .unwrap_or(Value::Null)
}

async fn terms_are_listed_with_counts_for_every_caller(backend: Backend) {
    let app = TestApp::start(backend).await;
    let team = Team::new(&app).await;
    let community = named(&app, &team.contributor, "/api/v1/tags", "Community").await;
    assert_eq!(community["slug"], "community");
    assert_eq!(
        community["count"], 3,
        "the scheduled post does not count yet"
    );
    assert!(
        community["url"]
            .as_str()
            .unwrap()
            .ends_with("/tag/community/")
    );
    let umfrage = named(&app, &team.contributor, "/api/v1/tags", "Umfrage").await;
    assert_eq!(umfrage["count"], 0, "only on a draft");
    let strategie = named(&app, &team.author, "/api/v1/categories", "Strategie").await;
    let social = named(&app, &team.author, "/api/v1/categories", "Social Media").await;
    assert_eq!(strategie["parent_id"], social["id"]);
    assert_eq!(strategie["path"], "social-media/strategie");
    assert_eq!(strategie["name_path"], "Social Media/Strategie");
    assert_eq!(strategie["count"], 2);
    assert_eq!(social["parent_id"], Value::Null);
    assert_eq!(social["count"], 2, "sub-categories are not added");
    let (status, _, one) = call(
        &app,
        M::GET,
        &format!("/api/v1/categories/{}", strategie["id"]),
        &team.reader,
        None,
    )
    .await;
    assert_eq!((status, &one), (200, &strategie));
    // A category is not a tag.
    let (status, _, _) = call(
        &app,
        M::GET,
        &format!("/api/v1/tags/{}", strategie["id"]),
        &team.reader,
        None,
    )
    .await;
    assert_eq!(status, 404);
    assert_eq!(call(&app, M::GET, "/api/v1/tags", "", None).await.0, 401);
    app.stop().await;
}

async fn terms_are_renamed_and_moved_with_redirects(backend: Backend) {
    let app = TestApp::start(backend).await;
    let team = Team::new(&app).await;
    let zukunft = named(&app, &team.editor, "/api/v1/tags", "Zukunft").await;
    let path = format!("/api/v1/tags/{}", zukunft["id"]);
    // Only those who manage terms, with a write token.
    for bearer in [&team.author, &team.contributor, &team.reader] {
        let (status, _, _) = call(
            &app,
            M::PATCH,
            &path,
            bearer,
            Some(json!({"name": "Ausblick"})),
        )
        .await;
        assert_eq!(status, 403);
    }
    let (status, _, renamed) = call(
        &app,
        M::PATCH,
        &path,
        &team.editor,
        Some(json!({"name": "Ausblick"})),
    )
    .await;
    assert_eq!(status, 200, "{renamed}");
    assert_eq!(
        (renamed["slug"].as_str(), renamed["count"].as_i64()),
        (Some("ausblick"), Some(2))
    );
    assert_eq!(
        app.store
            .redirect_for("/tag/zukunft/")
            .await
            .unwrap()
            .as_deref(),
        Some("/tag/ausblick/")
    );
    let old = app.get("/tag/zukunft/").await;
    assert_eq!(
        old.status(),
        301,
        "the old archive URL is served as a redirect"
    );
    assert_eq!(old.headers()["location"], "/tag/ausblick/");
    let archive = app.get("/tag/ausblick/").await;
    assert_eq!(archive.status(), 200);
    assert!(
        archive
            .text()
            .await
            .unwrap()
            .contains("Das Fediverse als Chance")
    );

    // The slug follows the name, so posts saved with the name find the
    // same tag: a round trip through the posts API creates no new tag.
    let (_, _, posts) = call(
        &app,
        M::GET,
        "/api/v1/posts?tag=ausblick",
        &team.editor,
        None,
    )
    .await;
    let post = &posts["items"][0];
    assert!(
        post["tags"]
            .as_array()
            .unwrap()
            .contains(&json!("Ausblick"))
    );
    let tags_before = app.store.terms().await.unwrap().len();
    let (status, _, _) = call(
        &app,
        M::PATCH,
        &format!("/api/v1/posts/{}", post["id"]),
        &team.editor,
        Some(json!({"tags": post["tags"]})),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(app.store.terms().await.unwrap().len(), tags_before);
    // A slug of its own would split the tag; the matching one is fine.
    let (status, _, problem) = call(
        &app,
        M::PATCH,
        &path,
        &team.editor,
        Some(json!({"slug": "zukunft"})),
    )
    .await;
    assert_eq!((status, problem["field"].as_str()), (400, Some("slug")));
    let (status, _, same) = call(
        &app,
        M::PATCH,
        &path,
        &team.admin,
        Some(json!({"name": "Blick nach vorn", "slug": "blick-nach-vorn"})),
    )
    .await;
    assert_eq!(
        (status, same["slug"].as_str()),
        (200, Some("blick-nach-vorn"))
    );
    assert_eq!(
        app.store
            .redirect_for("/tag/zukunft/")
            .await
            .unwrap()
            .as_deref(),
        Some("/tag/blick-nach-vorn/"),
        "no chain of redirects"
    );
    // Another tag's slug: merge instead.
    let moderation = named(&app, &team.editor, "/api/v1/tags", "Moderation").await;
    let (status, _, problem) = call(
        &app,
        M::PATCH,
        &format!("/api/v1/tags/{}", moderation["id"]),
        &team.editor,
        Some(json!({"name": "community"})),
    )
    .await;
    assert_eq!((status, problem["field"].as_str()), (409, Some("slug")));

    // Categories: rename, move (the subtree's archives move along), cycles.
    let strategie = named(&app, &team.editor, "/api/v1/categories", "Strategie").await;
    let social = named(&app, &team.editor, "/api/v1/categories", "Social Media").await;
    let allgemein = named(&app, &team.editor, "/api/v1/categories", "Allgemein").await;
    let strategie_path = format!("/api/v1/categories/{}", strategie["id"]);
    let social_path = format!("/api/v1/categories/{}", social["id"]);
    let (_, _, planung) = call(
        &app,
        M::PATCH,
        &strategie_path,
        &team.editor,
        Some(json!({"name": "Planung"})),
    )
    .await;
    assert_eq!(planung["path"], "social-media/planung");
    let (status, _, moved) = call(
        &app,
        M::PATCH,
        &social_path,
        &team.editor,
        Some(json!({"parent_id": allgemein["id"]})),
    )
    .await;
    assert_eq!(status, 200, "{moved}");
    assert_eq!(moved["path"], "allgemein/social-media");
    for (from, to) in [
        (
            "/category/social-media/",
            "/category/allgemein/social-media/",
        ),
        (
            "/category/social-media/strategie/",
            "/category/allgemein/social-media/planung/",
        ),
        (
            "/category/social-media/planung/",
            "/category/allgemein/social-media/planung/",
        ),
    ] {
        assert_eq!(
            app.store.redirect_for(from).await.unwrap().as_deref(),
            Some(to)
        );
    }
    let (status, _, problem) = call(
        &app,
        M::PATCH,
        &format!("/api/v1/categories/{}", allgemein["id"]),
        &team.editor,
        Some(json!({"parent_id": strategie["id"]})),
    )
    .await;
    assert_eq!(
        (status, problem["field"].as_str()),
        (400, Some("parent_id"))
    );
    let (_, _, top) = call(
        &app,
        M::PATCH,
        &social_path,
        &team.editor,
        Some(json!({"parent_id": null})),
    )
    .await;
    assert_eq!(
        (top["parent_id"].clone(), top["path"].clone()),
        (Value::Null, json!("social-media"))
    );
    let archive = app.get("/category/social-media/planung/").await;
    assert_eq!(archive.status(), 200, "the category page is live at once");
    app.stop().await;
}

async fn category_permalinks_redirect_when_a_category_moves(backend: Backend) {
    let app = TestApp::start(backend).await;
    let team = Team::new(&app).await;
    let (status, _, _) = call(
        &app,
        M::PATCH,
        "/api/v1/settings",
        &team.admin,
        Some(json!({"permalink": "/%category%/%postname%/"})),
    )
    .await;
    assert_eq!(status, 200);
    let old = app
        .get("/social-media/strategie/redaktionsplan-fuer-kleine-teams/")
        .await;
    assert_eq!(old.status(), 200);
    let strategie = named(&app, &team.editor, "/api/v1/categories", "Strategie").await;
    let (status, _, _) = call(
        &app,
        M::PATCH,
        &format!("/api/v1/categories/{}", strategie["id"]),
        &team.editor,
        Some(json!({"name": "Planung"})),
    )
    .await;
    assert_eq!(status, 200);
    let res = app
        .get("/social-media/strategie/redaktionsplan-fuer-kleine-teams/")
        .await;
    assert_eq!(res.status(), 301);
    assert_eq!(
        res.headers()["location"],
        "/social-media/planung/redaktionsplan-fuer-kleine-teams/"
    );
    assert_eq!(
        app.store
            .redirect_for("/social-media/strategie/redaktionsplan-fuer-kleine-teams/")
            .await
            .unwrap()
            .as_deref(),
        Some("/social-media/planung/redaktionsplan-fuer-kleine-teams/"),
        "recorded, not only recognised by slug"
    );
    // Merging changes a post's primary category: its URL redirects too.
    let social = named(&app, &team.editor, "/api/v1/categories", "Social Media").await;
    let allgemein = named(&app, &team.editor, "/api/v1/categories", "Allgemein").await;
    let (status, _, target) = call(
        &app,
        M::POST,
        &format!("/api/v1/categories/{}/merge", social["id"]),
        &team.editor,
        Some(json!({"into": allgemein["id"]})),
    )
    .await;
    assert_eq!(status, 200, "{target}");
    assert_eq!(
        target["count"], 3,
        "willkommen, plus trackbacks and fediverse"
    );
    let res = app
        .get("/social-media/trackbacks-wenn-blogs-miteinander-sprechen/")
        .await;
    assert_eq!(res.status(), 301);
    assert_eq!(
        res.headers()["location"],
        "/allgemein/trackbacks-wenn-blogs-miteinander-sprechen/"
    );
    let res = app
        .get("/social-media/planung/redaktionsplan-fuer-kleine-teams/")
        .await;
    assert_eq!(
        res.headers()["location"],
        "/allgemein/planung/redaktionsplan-fuer-kleine-teams/"
    );
    app.stop().await;
}

async fn terms_are_merged_in_one_step(backend: Backend) {
    let app = TestApp::start(backend).await;
    let team = Team::new(&app).await;
    let planung = named(&app, &team.editor, "/api/v1/tags", "Planung").await;
    let redaktion = named(&app, &team.editor, "/api/v1/tags", "Redaktion").await;
    let community = named(&app, &team.editor, "/api/v1/tags", "Community").await;
    let merge = format!("/api/v1/tags/{}/merge", planung["id"]);
    for bearer in [&team.author, &team.reader] {
        let (status, _, _) = call(
            &app,
            M::POST,
            &merge,
            bearer,
            Some(json!({"into": redaktion["id"]})),
        )
        .await;
        assert_eq!(status, 403);
    }
    let (status, _, target) = call(
        &app,
        M::POST,
        &merge,
        &team.editor,
        Some(json!({"into": redaktion["id"]})),
    )
    .await;
    assert_eq!(status, 200, "{target}");
    assert_eq!(
        (target["id"].clone(), target["count"].clone()),
        (redaktion["id"].clone(), json!(1))
    );
    assert_eq!(
        named(&app, &team.editor, "/api/v1/tags", "Planung").await,
        Value::Null
    );
    assert_eq!(
        app.store
            .redirect_for("/tag/planung/")
            .await
            .unwrap()
            .as_deref(),
        Some("/tag/redaktion/")
    );
    assert_eq!(
        call(
            &app,
            M::POST,
            &merge,
            &team.editor,
            Some(json!({"into": redaktion["id"]}))
        )
        .await
        .0,
        404
    );
    // The draft's tag joins Community; drafts still do not count.
    let umfrage = named(&app, &team.editor, "/api/v1/tags", "Umfrage").await;
    let (_, _, merged) = call(
        &app,
        M::POST,
        &format!("/api/v1/tags/{}/merge", umfrage["id"]),
        &team.admin,
        Some(json!({"into": community["id"]})),
    )
    .await;
    assert_eq!(merged["count"], 3);
    let (_, _, drafts) = call(
        &app,
        M::GET,
        "/api/v1/posts?status=draft&tag=community",
        &team.editor,
        None,
    )
    .await;
    assert_eq!(drafts["total"], 1);

    // Categories: the target takes over posts and sub-categories; it may
    // not be one of them.
    let social = named(&app, &team.editor, "/api/v1/categories", "Social Media").await;
    let strategie = named(&app, &team.editor, "/api/v1/categories", "Strategie").await;
    let cm = named(
        &app,
        &team.editor,
        "/api/v1/categories",
        "Community-Management",
    )
    .await;
    let (status, _, problem) = call(
        &app,
        M::POST,
        &format!("/api/v1/categories/{}/merge", social["id"]),
        &team.editor,
        Some(json!({"into": strategie["id"]})),
    )
    .await;
    assert_eq!((status, problem["field"].as_str()), (400, Some("into")));
    let (status, _, target) = call(
        &app,
        M::POST,
        &format!("/api/v1/categories/{}/merge", social["id"]),
        &team.editor,
        Some(json!({"into": cm["id"]})),
    )
    .await;
    assert_eq!(status, 200, "{target}");
    assert_eq!(
        target["count"], 3,
        "fuenf-regeln plus the two Social Media posts"
    );
    let moved = named(&app, &team.editor, "/api/v1/categories", "Strategie").await;
    assert_eq!(moved["parent_id"], cm["id"]);
    assert_eq!(moved["path"], "community-management/strategie");
    assert_eq!(
        app.store
            .redirect_for("/category/social-media/strategie/")
            .await
            .unwrap()
            .as_deref(),
        Some("/category/community-management/strategie/")
    );
    app.stop().await;
}

async fn term_endpoints_answer_bad_input_with_problem_details(backend: Backend) {
    let app = TestApp::start(backend).await;
    let team = Team::new(&app).await;
    let trackback = named(&app, &team.editor, "/api/v1/tags", "Trackback").await;
    let other_tag = named(&app, &team.editor, "/api/v1/tags", "Barcamp").await;
    let category = named(&app, &team.editor, "/api/v1/categories", "Allgemein").await;
    let tag = format!("/api/v1/tags/{}", trackback["id"]);
    let cat = format!("/api/v1/categories/{}", category["id"]);
    let before = app.store.terms().await.unwrap();
    let body = |v: Value| Some(v.to_string());
    expect_problems(
        &app,
        &team.editor,
        vec![
            (M::GET, "/api/v1/tags/999999".into(), None, 404, None),
            (M::GET, "/api/v1/tags/abc".into(), None, 404, None),
            (
                M::PATCH,
                "/api/v1/tags/999999".into(),
                body(json!({"name": "X"})),
                404,
                None,
            ),
            (
                M::PATCH,
                cat.replace("categories", "tags"),
                body(json!({"name": "X"})),
                404,
                None,
            ),
            (M::PATCH, tag.clone(), Some("{\"name\": ".into()), 400, None),
            (M::PATCH, tag.clone(), body(json!({"name": 5})), 400, None),
            (
                M::PATCH,
                tag.clone(),
                body(json!({"parent_id": category["id"]})),
                400,
                None,
            ),
            (
                M::PATCH,
                tag.clone(),
                body(json!({"name": ""})),
                400,
                Some("name"),
            ),
            (
                M::PATCH,
                tag.clone(),
                body(json!({"name": "???"})),
                400,
                Some("name"),
            ),
            (
                M::PATCH,
                tag.clone(),
                body(json!({"name": "n".repeat(101)})),
                400,
                Some("name"),
            ),
            (
                M::PATCH,
                tag.clone(),
                body(json!({"name": "a\u{1}b"})),
                400,
                Some("name"),
            ),
            // A valid name is not stored when the slug disagrees.
            (
                M::PATCH,
                tag.clone(),
                body(json!({"name": "Pings", "slug": "trackback"})),
                400,
                Some("slug"),
            ),
            (
                M::PATCH,
                cat.clone(),
                body(json!({"name": "A/B"})),
                400,
                Some("name"),
            ),
            (
                M::PATCH,
                cat.clone(),
                body(json!({"parent_id": 999_999})),
                400,
                Some("parent_id"),
            ),
            (
                M::PATCH,
                cat.clone(),
                body(json!({"parent_id": other_tag["id"]})),
                400,
                Some("parent_id"),
            ),
            (
                M::PATCH,
                cat.clone(),
                body(json!({"parent_id": category["id"]})),
                400,
                Some("parent_id"),
            ),
            (
                M::PATCH,
                cat.clone(),
                body(json!({"parent_id": "x"})),
                400,
                None,
            ),
            (
                M::PATCH,
                cat.clone(),
                Some(json!({"name": "g".repeat(2 * 1024 * 1024)}).to_string()),
                413,
                None,
            ),
            (M::POST, format!("{tag}/merge"), body(json!({})), 400, None),
            (
                M::POST,
                format!("{tag}/merge"),
                body(json!({"into": "x"})),
                400,
                None,
            ),
            (
                M::POST,
                format!("{tag}/merge"),
                body(json!({"into": trackback["id"]})),
                400,
                Some("into"),
            ),
            (
                M::POST,
                format!("{tag}/merge"),
                body(json!({"into": 999_999})),
                400,
                Some("into"),
            ),
            (
                M::POST,
                format!("{tag}/merge"),
                body(json!({"into": category["id"]})),
                400,
                Some("into"),
            ),
            (
                M::POST,
                "/api/v1/tags/999999/merge".into(),
                body(json!({"into": other_tag["id"]})),
                404,
                None,
            ),
        ],
    )
    .await;
    assert_eq!(
        app.store.terms().await.unwrap(),
        before,
        "nothing half-written"
    );
    app.stop().await;
}

crate::on_both_backends!(
    terms_are_listed_with_counts_for_every_caller,
    terms_are_renamed_and_moved_with_redirects,
    category_permalinks_redirect_when_a_category_moves,
    terms_are_merged_in_one_step,
    term_endpoints_answer_bad_input_with_problem_details,
);
