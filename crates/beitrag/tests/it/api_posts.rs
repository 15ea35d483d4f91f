//! `/api/v1/posts`: tokens and scopes, roles, validation, conflicts,
//! problem details.

use beitrag_core::model::{Role, Scope};
use serde_json::{Value, json};

use crate::harness::{Backend, TestApp};
use crate::session::{Admin, make_user, token};

pub async fn call(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    bearer: &str,
    body: Option<Value>,
) -> (u16, String, Value) {
    let mut req = app.client.request(method, app.url(path));
    if !bearer.is_empty() {
        req = req.bearer_auth(bearer);
    }
    if let Some(b) = body {
        req = req
            .header("content-type", "application/json")
            .body(b.to_string());
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    let ctype = res
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let text = res.text().await.unwrap();
    let json = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
    };
    (status, ctype, json)
}

async fn posts_are_written_through_the_api_with_role_checks(backend: Backend) {
    use reqwest::Method as M;
    let app = TestApp::start_with(
        backend,
        crate::harness::Options {
            cache_ttl: 0,
            ..Default::default()
        },
    )
    .await;
    make_user(&app, "chefin", Role::Editor).await;
    make_user(&app, "schreiber", Role::Author).await;
    make_user(&app, "gast", Role::Contributor).await;
    let editor = token(&app, "chefin", Scope::Write).await;
    let author = token(&app, "schreiber", Scope::Write).await;
    let contributor = token(&app, "gast", Scope::Write).await;
    let reader = token(&app, "chefin", Scope::Read).await;

    // No or a wrong token: 401 problem details with a challenge.
    let (status, ctype, body) = call(&app, M::GET, "/api/v1/posts", "", None).await;
    assert_eq!((status, ctype.as_str()), (401, "application/problem+json"));
    assert_eq!(body["status"], 401);
    assert_eq!(body["title"], "Unauthorized");
    assert_eq!(
        call(&app, M::GET, "/api/v1/posts", "btk_falsch", None)
            .await
            .0,
        401
    );

    // The author publishes; the post is on the public site.
    let (status, _, post) = call(
        &app,
        M::POST,
        "/api/v1/posts",
        &author,
        Some(json!({
            "title": "Über die API",
            "source": "Hallo *Welt*",
            "status": "published",
            "tags": ["API", "Rust"],
            "categories": ["Technik/Schnittstellen"],
        })),
    )
    .await;
    assert_eq!(status, 201, "{post}");
    assert_eq!(post["author"], "schreiber");
    assert_eq!(post["html"], "<p>Hallo <em>Welt</em></p>\n");
    assert_eq!(post["tags"], json!(["API", "Rust"]));
    assert_eq!(post["categories"], json!(["Technik/Schnittstellen"]));
    let id = post["id"].as_i64().unwrap();
    let url = post["url"].as_str().unwrap().to_owned();
    let public = app.client.get(&url).send().await.unwrap();
    assert_eq!(public.status(), 200);
    assert!(public.text().await.unwrap().contains("Über die API"));

    // The contributor may submit for review but not publish.
    let (status, _, problem) = call(
        &app,
        M::POST,
        "/api/v1/posts",
        &contributor,
        Some(json!({"title": "Mein Entwurf", "status": "published"})),
    )
    .await;
    assert_eq!(status, 403, "{problem}");
    let (status, _, pending) = call(
        &app,
        M::POST,
        "/api/v1/posts",
        &contributor,
        Some(json!({"title": "Mein Entwurf", "status": "pending"})),
    )
    .await;
    assert_eq!((status, pending["status"].as_str()), (201, Some("pending")));
    // The author may not touch another author's post; the editor may.
    let pending_id = pending["id"].as_i64().unwrap();
    let path = format!("/api/v1/posts/{pending_id}");
    assert_eq!(
        call(&app, M::PATCH, &path, &author, Some(json!({"title": "x"})))
            .await
            .0,
        404,
        "not visible to other authors while unpublished"
    );
    let (status, _, published) = call(
        &app,
        M::PATCH,
        &path,
        &editor,
        Some(json!({"status": "published"})),
    )
    .await;
    assert_eq!(
        (status, published["status"].as_str()),
        (200, Some("published"))
    );
    // A read token lists but cannot write.
    let (status, _, list) = call(&app, M::GET, "/api/v1/posts?per_page=2", &reader, None).await;
    assert_eq!(status, 200);
    assert_eq!(list["per_page"], 2);
    assert_eq!(list["items"].as_array().unwrap().len(), 2);
    assert!(
        list["total"].as_i64().unwrap() >= 10,
        "demo posts plus ours"
    );
    assert_eq!(
        call(
            &app,
            M::DELETE,
            &format!("/api/v1/posts/{id}"),
            &reader,
            None
        )
        .await
        .0,
        403
    );
    // Filters: the author sees only their own posts.
    let (_, _, own) = call(&app, M::GET, "/api/v1/posts?search=API", &author, None).await;
    assert_eq!(own["total"], 1);
    let (_, _, by_tag) = call(&app, M::GET, "/api/v1/posts?tag=rust", &editor, None).await;
    assert_eq!(by_tag["items"][0]["id"], id);
    app.stop().await;
}

async fn api_answers_bad_input_with_problem_details(backend: Backend) {
    use reqwest::Method as M;
    let app = TestApp::start(backend).await;
    make_user(&app, "chefin", Role::Editor).await;
    let t = token(&app, "chefin", Scope::Write).await;
    // method, path, body, expected status, field named in the problem
    type Case<'a> = (M, &'a str, Option<Value>, u16, Option<&'a str>);
    let cases: Vec<Case> = vec![
        (
            M::POST,
            "/api/v1/posts",
            Some(json!({"title": ""})),
            400,
            Some("title"),
        ),
        (
            M::POST,
            "/api/v1/posts",
            Some(json!({"title": "T", "status": "live"})),
            400,
            Some("status"),
        ),
        (
            M::POST,
            "/api/v1/posts",
            Some(json!({"title": "T", "published": true})),
            400,
            None,
        ),
        (
            M::POST,
            "/api/v1/posts",
            Some(json!({"title": "T", "status": "scheduled", "published_at": "nope"})),
            400,
            None,
        ),
        (
            M::POST,
            "/api/v1/posts",
            Some(json!({"title": "T", "slug": "Böse Slug!"})),
            400,
            Some("slug"),
        ),
        (
            M::POST,
            "/api/v1/posts",
            Some(json!({"title": "T", "trackbacks": ["javascript:alert(1)"]})),
            400,
            Some("trackbacks"),
        ),
        (
            M::POST,
            "/api/v1/posts",
            Some(json!({"title": "T", "slug": "social-media-wird-so-normal-wie-das-telefon"})),
            409,
            Some("slug"),
        ),
        (
            M::POST,
            "/api/v1/posts",
            Some(json!({"title": "T", "author": "niemand"})),
            400,
            Some("author"),
        ),
        (
            M::POST,
            "/api/v1/posts",
            Some(json!({"title": "A\u{0}B"})),
            400,
            Some("title"),
        ),
        (
            M::POST,
            "/api/v1/posts",
            Some(json!({"title": "T", "source": "x\u{0}"})),
            400,
            Some("body"),
        ),
        (
            M::POST,
            "/api/v1/posts",
            Some(json!({"title": "T", "tags": ["a\u{1}"]})),
            400,
            Some("tags"),
        ),
        (
            M::GET,
            "/api/v1/posts?per_page=1000",
            None,
            400,
            Some("page"),
        ),
        (
            M::GET,
            "/api/v1/posts?status=nonsense",
            None,
            400,
            Some("status"),
        ),
        (M::GET, "/api/v1/posts/999999", None, 404, None),
        (M::GET, "/api/v1/posts/abc", None, 404, None),
        (M::GET, "/api/v1/posts?page=abc", None, 400, None),
        (M::GET, "/api/v1/gibt-es-nicht", None, 404, None),
    ];
    for (method, path, body, want, field) in cases {
        let (status, ctype, problem) = call(&app, method.clone(), path, &t, body.clone()).await;
        assert_eq!(status, want, "{method} {path} {body:?}: {problem}");
        assert_eq!(ctype, "application/problem+json", "{path}");
        assert_eq!(problem["status"], want);
        assert!(!problem["detail"].as_str().unwrap().is_empty());
        if let Some(f) = field {
            assert_eq!(problem["field"], f, "{path} {body:?}: {problem}");
        }
    }
    // Not JSON at all, and the wrong content type.
    let res = app
        .client
        .post(app.url("/api/v1/posts"))
        .bearer_auth(&t)
        .header("content-type", "application/json")
        .body("{\"title\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    let text = res.text().await.unwrap();
    assert!(text.contains("line 1 column"), "{text}");
    let res = app
        .client
        .post(app.url("/api/v1/posts"))
        .bearer_auth(&t)
        .header("content-type", "text/plain")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 415);
    let before = app.store.all_posts().await.unwrap().len();
    let huge = "x".repeat(3 * 1024 * 1024);
    let (status, _, _) = call(
        &app,
        M::POST,
        "/api/v1/posts",
        &t,
        Some(json!({"title": "Groß", "source": huge})),
    )
    .await;
    assert!(status == 413 || status == 400, "{status}");
    assert_eq!(
        app.store.all_posts().await.unwrap().len(),
        before,
        "nothing stored"
    );
    app.stop().await;
}

async fn concurrent_edits_conflict_instead_of_overwriting(backend: Backend) {
    use reqwest::Method as M;
    let app = TestApp::start(backend).await;
    make_user(&app, "chefin", Role::Editor).await;
    let t = token(&app, "chefin", Scope::Write).await;
    let (_, _, post) = call(
        &app,
        M::POST,
        "/api/v1/posts",
        &t,
        Some(json!({"title": "Gemeinsam", "source": "Erste Fassung"})),
    )
    .await;
    let id = post["id"].as_i64().unwrap();
    let base = post["revision"].as_i64().unwrap();
    let path = format!("/api/v1/posts/{id}");
    let (status, _, first) = call(
        &app,
        M::PATCH,
        &path,
        &t,
        Some(json!({"source": "Fassung von A", "base_revision": base})),
    )
    .await;
    assert_eq!(status, 200);
    let (status, _, problem) = call(
        &app,
        M::PATCH,
        &path,
        &t,
        Some(json!({"source": "Fassung von B", "base_revision": base})),
    )
    .await;
    assert_eq!(status, 409, "{problem}");
    assert_eq!(problem["field"], "base_revision");
    let (_, _, now) = call(&app, M::GET, &path, &t, None).await;
    assert_eq!(now["source"], "Fassung von A");
    let (_, _, revs) = call(&app, M::GET, &format!("{path}/revisions"), &t, None).await;
    let sources: Vec<_> = revs
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["source"].as_str().unwrap())
        .collect();
    assert_eq!(sources, vec!["Erste Fassung", "Fassung von A"]);
    assert_eq!(first["revision"], revs[1]["id"]);
    assert_eq!(call(&app, M::DELETE, &path, &t, None).await.0, 204);
    assert_eq!(call(&app, M::GET, &path, &t, None).await.0, 404);
    app.stop().await;
}

async fn the_admin_session_uses_the_api_with_its_csrf_token(backend: Backend) {
    let app = TestApp::start(backend).await;
    let admin = Admin::admin(&app).await;
    let post = |csrf: Option<String>| {
        let mut req = app
            .client
            .post(app.url("/api/v1/posts"))
            .header("cookie", &admin.cookie)
            .header("content-type", "application/json")
            .body(json!({"title": "Aus dem Editor"}).to_string());
        if let Some(c) = csrf {
            req = req.header("x-csrf-token", c);
        }
        req.send()
    };
    assert_eq!(post(None).await.unwrap().status(), 403);
    assert_eq!(post(Some("falsch".into())).await.unwrap().status(), 403);
    assert_eq!(post(Some(admin.csrf.clone())).await.unwrap().status(), 201);
    let list = app
        .client
        .get(app.url("/api/v1/posts?status=draft"))
        .header("cookie", &admin.cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(list.status(), 200, "safe methods need no token");
    app.stop().await;
}

async fn token_add_prints_a_working_token_once(backend: Backend) {
    let app = TestApp::start(backend).await;
    let c = app.credentials.as_ref().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_beitrag"))
        .args([
            "--database",
            &app.db.url,
            "token",
            "add",
            &c.login,
            "--name",
            "Laptop",
            "--scope",
            "write",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let secret = stdout
        .split_whitespace()
        .find(|w| w.starts_with("btk_"))
        .unwrap()
        .trim_end_matches('`')
        .to_owned();
    let (status, _, _) = call(&app, reqwest::Method::GET, "/api/v1/posts", &secret, None).await;
    assert_eq!(status, 200);
    let list = std::process::Command::new(env!("CARGO_BIN_EXE_beitrag"))
        .args(["--database", &app.db.url, "token", "list", &c.login])
        .output()
        .unwrap();
    let listed = String::from_utf8_lossy(&list.stdout);
    assert!(
        listed.contains("Laptop") && !listed.contains(&secret),
        "{listed}"
    );
    for (args, message) in [
        (
            vec!["token", "add", "niemand", "--name", "x"],
            "no user `niemand`",
        ),
        (
            vec!["token", "add", &c.login, "--name", "x", "--scope", "alles"],
            "unknown scope",
        ),
        (vec!["token", "add", &c.login, "--name", " "], "name"),
        (vec!["token", "revoke", &c.login, "999"], "has no token 999"),
    ] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_beitrag"))
            .args(["--database", &app.db.url])
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(message), "{args:?}: {err}");
    }
    let id = listed.split('\t').next().unwrap().trim();
    let revoke = std::process::Command::new(env!("CARGO_BIN_EXE_beitrag"))
        .args(["--database", &app.db.url, "token", "revoke", &c.login, id])
        .output()
        .unwrap();
    assert!(revoke.status.success());
    assert_eq!(
        call(&app, reqwest::Method::GET, "/api/v1/posts", &secret, None)
            .await
            .0,
        401
    );
    app.stop().await;
}

crate::on_both_backends!(
    posts_are_written_through_the_api_with_role_checks,
    api_answers_bad_input_with_problem_details,
    concurrent_edits_conflict_instead_of_overwriting,
    the_admin_session_uses_the_api_with_its_csrf_token,
    token_add_prints_a_working_token_once,
);
