//! The API's document checked by an independent validator, and the odd
//! requests whose answers it must declare: a page size of 0, an empty
//! upload, a method an endpoint does not have.

use std::process::Command;

use reqwest::Method as M;

use crate::api_comments::Team;
use crate::api_openapi::{Doc, checked, request};
use crate::harness::{Backend, TestApp};

/// Whether Python's `openapi-spec-validator` is importable; under `CI=true`
/// its absence fails the test (`scripts/test` installs it).
fn validator_present() -> bool {
    let ok = Command::new("python3")
        .args(["-c", "import openapi_spec_validator"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok && std::env::var("CI").as_deref() == Ok("true") {
        panic!("CI=true but Python's openapi-spec-validator is missing: scripts/test installs it");
    }
    ok
}

async fn the_document_passes_an_independent_validator(backend: Backend) {
    let app = TestApp::start(backend).await;
    let doc = Doc::fetch(&app).await;
    if !validator_present() {
        eprintln!(
            "skipped: openapi-spec-validator is missing (pip install openapi-spec-validator)"
        );
        app.stop().await;
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("openapi.json");
    std::fs::write(&file, doc.0.to_string()).unwrap();
    let out = Command::new("python3")
        .args(["-m", "openapi_spec_validator"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    app.stop().await;
}

async fn odd_requests_get_declared_answers(backend: Backend) {
    let app = TestApp::start(backend).await;
    let team = Team::new(&app).await;
    let doc = Doc::fetch(&app).await;
    let e = team.editor.as_str();
    let (status, problem) = checked(
        &app,
        &doc,
        "/api/v1/media",
        request(&app, M::GET, "/api/v1/media?per_page=0", e, None),
    )
    .await;
    assert_eq!(status, 400, "{problem}");
    let empty = app
        .client
        .post(app.url("/api/v1/media?name=leer.png"))
        .bearer_auth(e)
        .header("content-type", "image/png")
        .body(Vec::new());
    let (status, problem) = checked(&app, &doc, "/api/v1/media", empty).await;
    assert_eq!(status, 422, "{problem}");
    // A method the endpoint does not have: 405, as a problem.
    for (method, path) in [(M::PUT, "/api/v1/posts"), (M::POST, "/api/v1/settings")] {
        let res = request(&app, method.clone(), path, e, None)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 405, "{method} {path}");
        assert_eq!(
            res.headers()["content-type"],
            "application/problem+json",
            "{method} {path}"
        );
        let body: serde_json::Value = res.json().await.unwrap();
        assert_eq!(body["status"], 405, "{body}");
    }
    app.stop().await;
}

crate::on_both_backends!(
    the_document_passes_an_independent_validator,
    odd_requests_get_declared_answers,
);
