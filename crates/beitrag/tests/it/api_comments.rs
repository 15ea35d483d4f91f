//! `/api/v1/comments`: moderation by role and token scope, training of the
//! spam classifier, staff replies on the public page, and problem details
//! for bad input with nothing half-written.

use beitrag_core::model::{Role, Scope};
use reqwest::Method as M;
use serde_json::{Value, json};

use crate::api_posts::call;
use crate::harness::{Backend, TestApp};
use crate::session::{make_user, token};

/// One bad request: method, path, raw JSON body, expected status, and the
/// `field` the problem must name (`None`: it names none).
pub type Case = (M, String, Option<String>, u16, Option<&'static str>);

/// Sends each case and checks the problem details it answers with.
pub async fn expect_problems(app: &TestApp, bearer: &str, cases: Vec<Case>) {
    for (method, path, body, want, field) in cases {
        // A fresh connection each: the server closes one after refusing an
        // oversized body unread, and reusing it would fail the next case.
        let send = || {
            let mut req = app
                .client
                .request(method.clone(), app.url(&path))
                .bearer_auth(bearer)
                .header("connection", "close");
            if let Some(b) = &body {
                req = req
                    .header("content-type", "application/json")
                    .body(b.clone());
            }
            req.send()
        };
        // The server may answer 413 and close while an oversized body is
        // still being written; the client then sees a broken pipe instead of
        // the answer. Such a send is tried again (a few times at most).
        let oversized = body.as_ref().is_some_and(|b| b.len() > 1024 * 1024);
        let mut attempt = 0;
        let res = loop {
            attempt += 1;
            match send().await {
                Ok(res) => break res,
                Err(e) if oversized && attempt < 5 => eprintln!("retrying after {e}"),
                Err(e) => panic!("{method} {path}: {e}"),
            }
        };
        let status = res.status().as_u16();
        let ctype = res
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default();
        let text = res.text().await.unwrap();
        let shown: String = body.iter().flat_map(|b| b.chars().take(80)).collect();
        assert_eq!(status, want, "{method} {path} {shown}: {text}");
        assert_eq!(ctype, "application/problem+json", "{method} {path}");
        let problem: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(problem["status"], want, "{text}");
        assert!(!problem["detail"].as_str().unwrap().is_empty(), "{text}");
        assert_eq!(
            problem["field"].as_str(),
            field,
            "{method} {path} {shown}: {text}"
        );
    }
}

/// Tokens of the first-start administrator and of one user per other role.
pub struct Team {
    pub admin: String,
    pub editor: String,
    pub author: String,
    pub contributor: String,
    /// The editor's read-only token.
    pub reader: String,
}

impl Team {
    pub async fn new(app: &TestApp) -> Self {
        make_user(app, "chefin", Role::Editor).await;
        make_user(app, "schreiber", Role::Author).await;
        make_user(app, "gast", Role::Contributor).await;
        let admin = &app.credentials.as_ref().unwrap().login;
        Self {
            admin: token(app, admin, Scope::Write).await,
            editor: token(app, "chefin", Scope::Write).await,
            author: token(app, "schreiber", Scope::Write).await,
            contributor: token(app, "gast", Scope::Write).await,
            reader: token(app, "chefin", Scope::Read).await,
        }
    }
}

/// The demo responses by author name.
async fn demo_comment(app: &TestApp, bearer: &str, author: &str) -> Value {
    let (status, _, page) = call(app, M::GET, "/api/v1/comments?per_page=100", bearer, None).await;
    assert_eq!(status, 200, "{page}");
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["author"] == author)
        .unwrap_or_else(|| panic!("no comment by {author}: {page}"))
        .clone()
}

async fn spam_totals(app: &TestApp) -> (i64, i64) {
    let c = app.store.spam_counts(&[]).await.unwrap();
    (c.spam_messages, c.ham_messages)
}

async fn moderators_list_and_moderate_comments(backend: Backend) {
    let app = TestApp::start(backend).await;
    let team = Team::new(&app).await;

    // Moderators list everything; others are refused.
    for (who, bearer) in [("admin", &team.admin), ("editor", &team.editor)] {
        let (status, _, page) = call(&app, M::GET, "/api/v1/comments", bearer, None).await;
        assert_eq!(status, 200, "{who}: {page}");
        assert_eq!(
            page["total"], 4,
            "{who}: three demo comments and a trackback"
        );
    }
    for bearer in [&team.author, &team.contributor] {
        let (status, ctype, _) = call(&app, M::GET, "/api/v1/comments", bearer, None).await;
        assert_eq!((status, ctype.as_str()), (403, "application/problem+json"));
    }
    assert_eq!(
        call(&app, M::GET, "/api/v1/comments", "", None).await.0,
        401
    );

    let petra = demo_comment(&app, &team.editor, "Petra").await;
    let anna = demo_comment(&app, &team.editor, "Anna Becker").await;
    let trackback = demo_comment(&app, &team.editor, "Netzgespräche").await;
    assert_eq!(anna["parent_id"], petra["id"], "the threaded reply");
    assert_eq!(trackback["kind"], "trackback");
    assert_eq!(
        trackback["source_url"],
        "https://netzgespraeche.example/2011/02/blogs-verbinden/"
    );
    assert_eq!(
        petra["author_email"], "petra@example.net",
        "moderators see it"
    );
    assert!(petra.get("author_ip").is_none());

    // Filters.
    let post = petra["post_id"].as_i64().unwrap();
    let (_, _, of_post) = call(
        &app,
        M::GET,
        &format!("/api/v1/comments?post={post}&status=approved"),
        &team.editor,
        None,
    )
    .await;
    assert_eq!(of_post["total"], 2, "{of_post}");
    let (_, _, none_pending) = call(
        &app,
        M::GET,
        "/api/v1/comments?status=pending",
        &team.editor,
        None,
    )
    .await;
    assert_eq!(none_pending["total"], 0);

    // Others read what readers see, without the address.
    let path = format!("/api/v1/comments/{}", petra["id"]);
    let (status, _, seen) = call(&app, M::GET, &path, &team.contributor, None).await;
    assert_eq!(status, 200, "{seen}");
    assert_eq!(seen["author_email"], Value::Null);
    assert_eq!(seen["html"], petra["html"]);

    // Spam and back: the classifier follows, and the (cached) page too.
    let page = public_page(&app, &team.editor, &petra["post_id"]).await;
    assert!(page.contains("Regel drei unterschreibe ich"));
    let totals = spam_totals(&app).await;
    let (status, _, spam) = call(
        &app,
        M::PATCH,
        &path,
        &team.editor,
        Some(json!({"status": "spam"})),
    )
    .await;
    assert_eq!((status, spam["status"].as_str()), (200, Some("spam")));
    assert_eq!(spam_totals(&app).await, (totals.0 + 1, totals.1));
    let (status, _, _) = call(&app, M::GET, &path, &team.contributor, None).await;
    assert_eq!(
        status, 404,
        "held responses are invisible to non-moderators"
    );
    let page = public_page(&app, &team.editor, &petra["post_id"]).await;
    assert!(
        !page.contains("Regel drei unterschreibe ich"),
        "cache cleared"
    );
    let (_, _, back) = call(
        &app,
        M::PATCH,
        &path,
        &team.admin,
        Some(json!({"status": "approved", "text": "Regel *drei*! <script>alert(1)</script>"})),
    )
    .await;
    assert_eq!(back["status"], "approved");
    assert_eq!(spam_totals(&app).await, (totals.0, totals.1 + 1));
    let html = back["html"].as_str().unwrap();
    assert!(
        html.contains("<em>drei</em>") && !html.contains("<script"),
        "{html}"
    );
    let page = public_page(&app, &team.editor, &petra["post_id"]).await;
    assert!(page.contains("<em>drei</em>"));

    // A read token and non-moderators cannot change anything.
    for bearer in [&team.reader, &team.author] {
        let (status, _, _) = call(
            &app,
            M::PATCH,
            &path,
            bearer,
            Some(json!({"status": "trash"})),
        )
        .await;
        assert_eq!(status, 403);
        assert_eq!(call(&app, M::DELETE, &path, bearer, None).await.0, 403);
    }

    // Trash, then delete for good; the reply stays, detached.
    let (_, _, trashed) = call(
        &app,
        M::PATCH,
        &path,
        &team.editor,
        Some(json!({"status": "trash"})),
    )
    .await;
    assert_eq!(trashed["status"], "trash");
    assert_eq!(
        call(&app, M::DELETE, &path, &team.editor, None).await.0,
        204
    );
    assert_eq!(call(&app, M::GET, &path, &team.editor, None).await.0, 404);
    assert_eq!(
        call(&app, M::DELETE, &path, &team.editor, None).await.0,
        404
    );
    let anna_path = format!("/api/v1/comments/{}", anna["id"]);
    let (_, _, orphan) = call(&app, M::GET, &anna_path, &team.editor, None).await;
    assert_eq!(orphan["parent_id"], Value::Null);
    app.stop().await;
}

/// The public page of a post, as the posts API links it.
async fn public_page(app: &TestApp, bearer: &str, post: &Value) -> String {
    let (_, _, p) = call(app, M::GET, &format!("/api/v1/posts/{post}"), bearer, None).await;
    let url = p["url"].as_str().unwrap();
    let res = app.client.get(url).send().await.unwrap();
    assert_eq!(res.status(), 200, "{url}");
    res.text().await.unwrap()
}

async fn staff_replies_are_approved_sanitised_and_threaded(backend: Backend) {
    let app = TestApp::start(backend).await;
    let team = Team::new(&app).await;
    let michael = demo_comment(&app, &team.editor, "Michael").await;
    let path = format!("/api/v1/comments/{}/replies", michael["id"]);
    let res = app
        .client
        .post(app.url(&path))
        .bearer_auth(&team.editor)
        .header("content-type", "application/json")
        .body(json!({"text": "Danke, **Michael**! <img src=x onerror=alert(1)>"}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    let reply: Value = res.json().await.unwrap();
    assert_eq!(location, format!("/api/v1/comments/{}", reply["id"]));
    assert_eq!(reply["status"], "approved");
    assert_eq!(reply["kind"], "comment");
    assert_eq!(reply["parent_id"], michael["id"]);
    assert_eq!(reply["post_id"], michael["post_id"]);
    assert_eq!(reply["author"], "chefin Name");
    assert_eq!(reply["author_email"], "chefin@example.org");
    let html = reply["html"].as_str().unwrap();
    assert!(html.contains("<strong>Michael</strong>"), "{html}");
    assert!(!html.contains("<img"), "markup is shown as text: {html}");
    let page = public_page(&app, &team.editor, &michael["post_id"]).await;
    assert!(
        page.contains(&format!("id=\"comment-{}\"", reply["id"])),
        "on the public page at once"
    );

    // Only moderators answer, and only approved responses.
    let (status, _, _) = call(
        &app,
        M::POST,
        &path,
        &team.author,
        Some(json!({"text": "Ich auch"})),
    )
    .await;
    assert_eq!(status, 403);
    let (status, _, _) = call(
        &app,
        M::POST,
        &path,
        &team.reader,
        Some(json!({"text": "Ich auch"})),
    )
    .await;
    assert_eq!(status, 403);
    let trackback = demo_comment(&app, &team.editor, "Netzgespräche").await;
    let tb = format!("/api/v1/comments/{}", trackback["id"]);
    call(
        &app,
        M::PATCH,
        &tb,
        &team.editor,
        Some(json!({"status": "pending"})),
    )
    .await;
    // Threads stop at `comment_thread_depth`: 2 allows a reply to a
    // top-level comment, not to a reply.
    let (status, _, _) = call(
        &app,
        M::PATCH,
        "/api/v1/settings",
        &team.admin,
        Some(json!({"comment_thread_depth": "2"})),
    )
    .await;
    assert_eq!(status, 200);
    let nested = format!("/api/v1/comments/{}/replies", reply["id"]);
    let before = crate::harness::all_comments(app.store.as_ref(), None, 100)
        .await
        .len();
    expect_problems(
        &app,
        &team.editor,
        vec![
            (
                M::POST,
                format!("{tb}/replies"),
                Some(json!({"text": "Hallo"}).to_string()),
                400,
                Some("parent"),
            ),
            (
                M::POST,
                nested.clone(),
                Some(json!({"text": "Tiefer"}).to_string()),
                400,
                Some("parent"),
            ),
            (
                M::POST,
                path.clone(),
                Some(json!({"text": " "}).to_string()),
                400,
                Some("text"),
            ),
            (
                M::POST,
                path.clone(),
                Some(json!({"text": "x".repeat(10_001)}).to_string()),
                400,
                Some("text"),
            ),
            (
                M::POST,
                path.clone(),
                Some(json!({"text": "a\u{0}b"}).to_string()),
                400,
                Some("text"),
            ),
            (
                M::POST,
                path.clone(),
                Some(json!({"text": "Hallo", "status": "spam"}).to_string()),
                400,
                None,
            ),
            (M::POST, path.clone(), Some("{}".into()), 400, None),
            (
                M::POST,
                "/api/v1/comments/999999/replies".into(),
                Some(json!({"text": "Hallo"}).to_string()),
                404,
                None,
            ),
        ],
    )
    .await;
    let after = crate::harness::all_comments(app.store.as_ref(), None, 100)
        .await
        .len();
    assert_eq!(before, after, "nothing stored");
    app.stop().await;
}

async fn comment_endpoints_answer_bad_input_with_problem_details(backend: Backend) {
    let app = TestApp::start(backend).await;
    let team = Team::new(&app).await;
    let petra = demo_comment(&app, &team.editor, "Petra").await;
    let path = format!("/api/v1/comments/{}", petra["id"]);
    let body = |v: Value| Some(v.to_string());
    expect_problems(
        &app,
        &team.editor,
        vec![
            (
                M::GET,
                "/api/v1/comments?status=nonsense".into(),
                None,
                400,
                Some("status"),
            ),
            (
                M::GET,
                "/api/v1/comments?post=999999".into(),
                None,
                400,
                Some("post"),
            ),
            (M::GET, "/api/v1/comments?post=abc".into(), None, 400, None),
            (
                M::GET,
                "/api/v1/comments?per_page=0".into(),
                None,
                400,
                Some("page"),
            ),
            (M::GET, "/api/v1/comments/999999".into(), None, 404, None),
            (M::GET, "/api/v1/comments/abc".into(), None, 404, None),
            (
                M::PATCH,
                "/api/v1/comments/999999".into(),
                body(json!({"status": "spam"})),
                404,
                None,
            ),
            (
                M::PATCH,
                path.clone(),
                Some("{\"status\": ".into()),
                400,
                None,
            ),
            (
                M::PATCH,
                path.clone(),
                body(json!({"status": 5})),
                400,
                None,
            ),
            (
                M::PATCH,
                path.clone(),
                body(json!({"approved": true})),
                400,
                None,
            ),
            (M::PATCH, path.clone(), body(json!([])), 400, None),
            // The valid text is not stored when the status is wrong.
            (
                M::PATCH,
                path.clone(),
                body(json!({"status": "weg", "text": "Geändert"})),
                400,
                Some("status"),
            ),
            (
                M::PATCH,
                path.clone(),
                body(json!({"text": ""})),
                400,
                Some("text"),
            ),
            (
                M::PATCH,
                path.clone(),
                body(json!({"text": "y".repeat(10_001), "status": "spam"})),
                400,
                Some("text"),
            ),
            (
                M::PATCH,
                path.clone(),
                Some(json!({"text": "z".repeat(2 * 1024 * 1024)}).to_string()),
                413,
                None,
            ),
            (M::DELETE, "/api/v1/comments/999999".into(), None, 404, None),
        ],
    )
    .await;
    let res = app
        .client
        .patch(app.url(&path))
        .bearer_auth(&team.editor)
        .header("content-type", "text/plain")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 415);
    let (_, _, unchanged) = call(&app, M::GET, &path, &team.editor, None).await;
    assert_eq!(unchanged, petra, "nothing half-written");
    app.stop().await;
}

crate::on_both_backends!(
    moderators_list_and_moderate_comments,
    staff_replies_are_approved_sanitised_and_threaded,
    comment_endpoints_answer_bad_input_with_problem_details,
);
