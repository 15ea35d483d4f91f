//! `/api/v1/settings` and `/api/v1/users`: administrators' settings (all
//! or nothing), everybody's own profile and tokens, the account list, and
//! bad input.

use reqwest::Method as M;
use serde_json::{Value, json};

use crate::api_comments::{Team, expect_problems};
use crate::api_posts::call;
use crate::harness::{Backend, TestApp};

fn setting<'a>(list: &'a Value, key: &str) -> &'a Value {
    list.as_array()
        .unwrap()
        .iter()
        .find(|s| s["key"] == key)
        .unwrap_or_else(|| panic!("no setting {key}: {list}"))
}

async fn settings_are_read_and_changed_all_or_nothing(backend: Backend) {
    let app = TestApp::start(backend).await;
    let team = Team::new(&app).await;
    let (status, _, list) = call(&app, M::GET, "/api/v1/settings", &team.admin, None).await;
    assert_eq!(status, 200, "{list}");
    assert_eq!(
        list.as_array().unwrap().len(),
        beitrag_core::settings::KEYS.len()
    );
    assert_eq!(setting(&list, "language")["value"], "de");
    assert_eq!(setting(&list, "language")["description"], "de or en");
    for bearer in [&team.editor, &team.author, &team.contributor, &team.reader] {
        assert_eq!(
            call(&app, M::GET, "/api/v1/settings", bearer, None).await.0,
            403
        );
    }
    assert_eq!(
        call(&app, M::GET, "/api/v1/settings", "", None).await.0,
        401
    );

    // Warm the page cache, then change two settings at once.
    let home = app.get("/").await.text().await.unwrap();
    assert!(!home.contains("Neuer Titel"));
    let (status, _, changed) = call(
        &app,
        M::PATCH,
        "/api/v1/settings",
        &team.admin,
        Some(json!({"title": "Neuer Titel", "posts_per_page": "3"})),
    )
    .await;
    assert_eq!(status, 200, "{changed}");
    assert_eq!(setting(&changed, "title")["value"], "Neuer Titel");
    assert_eq!(setting(&changed, "posts_per_page")["value"], "3");
    let home = app.get("/").await.text().await.unwrap();
    assert!(home.contains("Neuer Titel"), "cache and snapshot refreshed");
    assert_eq!(home.matches("<article").count(), 3);

    // The admin's browser session works too, with its CSRF token on writes.
    let admin = crate::session::Admin::admin(&app).await;
    let patch = |csrf: Option<&str>| {
        let mut req = app
            .client
            .patch(app.url("/api/v1/settings"))
            .header("cookie", &admin.cookie)
            .header("content-type", "application/json")
            .body(json!({"tagline": "Aus dem Browser"}).to_string());
        if let Some(c) = csrf {
            req = req.header("x-csrf-token", c);
        }
        req.send()
    };
    assert_eq!(patch(None).await.unwrap().status(), 403);
    assert_eq!(patch(Some(&admin.csrf)).await.unwrap().status(), 200);

    // A new permalink pattern redirects the old post URLs.
    let (status, _, _) = call(
        &app,
        M::PATCH,
        "/api/v1/settings",
        &team.admin,
        Some(json!({"permalink": "/%postname%/"})),
    )
    .await;
    assert_eq!(status, 200);
    let old = app.get("/2011/03/redaktionsplan-fuer-kleine-teams/").await;
    assert_eq!(old.status(), 301);
    assert_eq!(
        old.headers()["location"],
        "/redaktionsplan-fuer-kleine-teams/"
    );

    // One bad value and nothing is stored.
    let before = app.store.settings().await.unwrap();
    let body = |v: Value| Some(v.to_string());
    expect_problems(
        &app,
        &team.admin,
        vec![
            (
                M::PATCH,
                "/api/v1/settings".into(),
                body(json!({"title": "Schon wieder", "posts_per_page": "0"})),
                400,
                Some("posts_per_page"),
            ),
            (
                M::PATCH,
                "/api/v1/settings".into(),
                body(json!({"tagline": "neu", "farbe": "blau"})),
                400,
                Some("farbe"),
            ),
            (
                M::PATCH,
                "/api/v1/settings".into(),
                body(json!({"title": "Zahl", "feed_items": 20})),
                400,
                Some("feed_items"),
            ),
            (
                M::PATCH,
                "/api/v1/settings".into(),
                body(json!({"title": "a\u{0}b"})),
                400,
                Some("title"),
            ),
            (
                M::PATCH,
                "/api/v1/settings".into(),
                body(json!({"language": "fr"})),
                400,
                Some("language"),
            ),
            (
                M::PATCH,
                "/api/v1/settings".into(),
                body(json!({"permalink": "/%nonsense%/"})),
                400,
                Some("permalink"),
            ),
            (
                M::PATCH,
                "/api/v1/settings".into(),
                body(json!(["title"])),
                400,
                None,
            ),
            (
                M::PATCH,
                "/api/v1/settings".into(),
                Some("{\"title\"".into()),
                400,
                None,
            ),
            (
                M::PATCH,
                "/api/v1/settings".into(),
                Some(json!({"tagline": "t".repeat(2 * 1024 * 1024)}).to_string()),
                413,
                None,
            ),
        ],
    )
    .await;
    assert_eq!(
        app.store.settings().await.unwrap(),
        before,
        "nothing stored"
    );
    for bearer in [&team.editor, &team.reader] {
        let (status, _, _) = call(
            &app,
            M::PATCH,
            "/api/v1/settings",
            bearer,
            Some(json!({"title": "Übernommen"})),
        )
        .await;
        assert_eq!(status, 403);
    }
    assert_eq!(app.store.settings().await.unwrap(), before);
    app.stop().await;
}

async fn users_read_and_change_their_own_profile(backend: Backend) {
    let app = TestApp::start(backend).await;
    let team = Team::new(&app).await;
    for (bearer, login, role, capabilities) in [
        (&team.admin, "admin", "administrator", 8),
        (&team.editor, "chefin", "editor", 6),
        (&team.author, "schreiber", "author", 3),
        (&team.reader, "chefin", "editor", 6),
    ] {
        let (status, _, me) = call(&app, M::GET, "/api/v1/users/me", bearer, None).await;
        assert_eq!(status, 200, "{me}");
        assert_eq!(
            (me["login"].as_str(), me["role"].as_str()),
            (Some(login), Some(role))
        );
        assert_eq!(
            me["capabilities"].as_array().unwrap().len(),
            capabilities,
            "{me}"
        );
        assert!(me.get("password_hash").is_none());
    }
    let (_, _, me) = call(&app, M::GET, "/api/v1/users/me", &team.contributor, None).await;
    assert_eq!(me["capabilities"], json!(["edit_own_posts"]));

    let (status, _, updated) = call(
        &app,
        M::PATCH,
        "/api/v1/users/me",
        &team.author,
        Some(json!({"display_name": " Sabine Schreiber ", "bio": "Schreibt.\nViel."})),
    )
    .await;
    assert_eq!(status, 200, "{updated}");
    assert_eq!(updated["display_name"], "Sabine Schreiber");
    assert_eq!(updated["bio"], "Schreibt.\nViel.");
    assert_eq!(updated["email"], "schreiber@example.org", "kept");
    let stored = app.store.user_by_login("schreiber").await.unwrap().unwrap();
    assert_eq!(stored.display_name, "Sabine Schreiber");

    let body = |v: Value| Some(v.to_string());
    expect_problems(
        &app,
        &team.author,
        vec![
            // The valid name is not stored when the email is bad.
            (
                M::PATCH,
                "/api/v1/users/me".into(),
                body(json!({"display_name": "Neu", "email": "kein-at"})),
                400,
                Some("email"),
            ),
            (
                M::PATCH,
                "/api/v1/users/me".into(),
                body(json!({"display_name": "  "})),
                400,
                Some("display_name"),
            ),
            (
                M::PATCH,
                "/api/v1/users/me".into(),
                body(json!({"display_name": "a\u{0}b"})),
                400,
                Some("display_name"),
            ),
            (
                M::PATCH,
                "/api/v1/users/me".into(),
                body(json!({"bio": "b".repeat(5001)})),
                400,
                Some("bio"),
            ),
            // No promoting oneself.
            (
                M::PATCH,
                "/api/v1/users/me".into(),
                body(json!({"role": "administrator"})),
                400,
                None,
            ),
            (
                M::PATCH,
                "/api/v1/users/me".into(),
                body(json!({"display_name": 7})),
                400,
                None,
            ),
            (
                M::PATCH,
                "/api/v1/users/me".into(),
                Some("nope".into()),
                400,
                None,
            ),
        ],
    )
    .await;
    let unchanged = app.store.user_by_login("schreiber").await.unwrap().unwrap();
    assert_eq!(
        (unchanged.display_name.as_str(), unchanged.role.as_str()),
        ("Sabine Schreiber", "author")
    );
    let (status, _, _) = call(
        &app,
        M::PATCH,
        "/api/v1/users/me",
        &team.reader,
        Some(json!({"bio": "x"})),
    )
    .await;
    assert_eq!(status, 403);

    // The account list is for administrators, and never holds hashes.
    let (status, _, users) = call(&app, M::GET, "/api/v1/users", &team.admin, None).await;
    assert_eq!(status, 200);
    let logins: Vec<_> = users
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["login"].as_str().unwrap())
        .collect();
    assert_eq!(
        logins,
        vec!["admin", "anna", "jonas", "chefin", "schreiber", "gast"]
    );
    assert!(!users.to_string().contains("argon2"));
    for bearer in [&team.editor, &team.author, &team.contributor] {
        assert_eq!(
            call(&app, M::GET, "/api/v1/users", bearer, None).await.0,
            403
        );
    }
    app.stop().await;
}

async fn tokens_are_listed_created_and_revoked(backend: Backend) {
    let app = TestApp::start(backend).await;
    let team = Team::new(&app).await;
    let (status, _, list) = call(&app, M::GET, "/api/v1/users/me/tokens", &team.reader, None).await;
    assert_eq!(status, 200, "{list}");
    assert_eq!(
        list.as_array().unwrap().len(),
        2,
        "write and read token of the editor"
    );
    assert!(!list.to_string().contains("btk_"));
    let (status, _, _) = call(
        &app,
        M::POST,
        "/api/v1/users/me/tokens",
        &team.reader,
        Some(json!({"name": "Laptop"})),
    )
    .await;
    assert_eq!(status, 403, "a read token cannot make a write token");

    let (status, _, created) = call(
        &app,
        M::POST,
        "/api/v1/users/me/tokens",
        &team.contributor,
        Some(json!({"name": " Laptop ", "scope": "write"})),
    )
    .await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(
        (created["name"].as_str(), created["scope"].as_str()),
        (Some("Laptop"), Some("write"))
    );
    let secret = created["secret"].as_str().unwrap().to_owned();
    assert!(secret.starts_with("btk_"));
    let (status, _, me) = call(&app, M::GET, "/api/v1/users/me", &secret, None).await;
    assert_eq!((status, me["login"].as_str()), (200, Some("gast")));
    let (_, _, list) = call(
        &app,
        M::GET,
        "/api/v1/users/me/tokens",
        &team.contributor,
        None,
    )
    .await;
    let laptop = list
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "Laptop")
        .unwrap()
        .clone();
    assert_eq!(laptop["id"], created["id"]);
    assert!(laptop.get("secret").is_none() && !list.to_string().contains(&secret));
    assert_ne!(laptop["last_used_at"], Value::Null, "it was just used");
    let (_, _, read_default) = call(
        &app,
        M::POST,
        "/api/v1/users/me/tokens",
        &team.contributor,
        Some(json!({"name": "Feedreader"})),
    )
    .await;
    assert_eq!(read_default["scope"], "read");

    let own = format!("/api/v1/users/me/tokens/{}", created["id"]);
    // Somebody else's token is not theirs to see or revoke.
    assert_eq!(call(&app, M::DELETE, &own, &team.editor, None).await.0, 404);
    assert_eq!(
        call(&app, M::DELETE, &own, &team.contributor, None).await.0,
        204
    );
    assert_eq!(
        call(&app, M::GET, "/api/v1/users/me", &secret, None)
            .await
            .0,
        401
    );
    assert_eq!(
        call(&app, M::DELETE, &own, &team.contributor, None).await.0,
        404
    );

    let gast = app.store.user_by_login("gast").await.unwrap().unwrap();
    let before = app.store.tokens_of_user(gast.id).await.unwrap().len();
    let body = |v: Value| Some(v.to_string());
    expect_problems(
        &app,
        &team.contributor,
        vec![
            (
                M::POST,
                "/api/v1/users/me/tokens".into(),
                body(json!({"name": " "})),
                400,
                Some("name"),
            ),
            (
                M::POST,
                "/api/v1/users/me/tokens".into(),
                body(json!({"name": "n".repeat(101)})),
                400,
                Some("name"),
            ),
            (
                M::POST,
                "/api/v1/users/me/tokens".into(),
                body(json!({"name": "a\u{0}b"})),
                400,
                Some("name"),
            ),
            (
                M::POST,
                "/api/v1/users/me/tokens".into(),
                body(json!({"name": "x", "scope": "admin"})),
                400,
                Some("scope"),
            ),
            (
                M::POST,
                "/api/v1/users/me/tokens".into(),
                body(json!({"scope": "read"})),
                400,
                None,
            ),
            (
                M::POST,
                "/api/v1/users/me/tokens".into(),
                body(json!({"name": "x", "secret": "mine"})),
                400,
                None,
            ),
            (
                M::POST,
                "/api/v1/users/me/tokens".into(),
                body(json!({"name": ["x"]})),
                400,
                None,
            ),
            (
                M::DELETE,
                "/api/v1/users/me/tokens/abc".into(),
                None,
                404,
                None,
            ),
            (
                M::DELETE,
                "/api/v1/users/me/tokens/999999".into(),
                None,
                404,
                None,
            ),
        ],
    )
    .await;
    assert_eq!(
        app.store.tokens_of_user(gast.id).await.unwrap().len(),
        before
    );
    app.stop().await;
}

crate::on_both_backends!(
    settings_are_read_and_changed_all_or_nothing,
    users_read_and_change_their_own_profile,
    tokens_are_listed_created_and_revoked,
);
