//! The OpenAPI document at `/api/v1/openapi.json` against the real API:
//! it is OpenAPI 3.1, it describes every route, and real answers — results
//! and problems — validate against the JSON Schema it declares for their
//! path, method, status and content type. Objects are checked strictly
//! (no properties the document does not name), so an undocumented field
//! fails too.

use jsonschema::Validator;
use reqwest::Method as M;
use serde_json::{Value, json};

use crate::api_comments::Team;
use crate::harness::{Backend, TestApp};

/// Every route of the API by path template and method.
const ROUTES: &[(&str, &[&str])] = &[
    ("/api/v1/posts", &["get", "post"]),
    ("/api/v1/posts/{id}", &["get", "patch", "delete"]),
    ("/api/v1/posts/{id}/revisions", &["get"]),
    ("/api/v1/comments", &["get"]),
    ("/api/v1/comments/{id}", &["get", "patch", "delete"]),
    ("/api/v1/comments/{id}/replies", &["post"]),
    ("/api/v1/tags", &["get"]),
    ("/api/v1/tags/{id}", &["get", "patch"]),
    ("/api/v1/tags/{id}/merge", &["post"]),
    ("/api/v1/categories", &["get"]),
    ("/api/v1/categories/{id}", &["get", "patch"]),
    ("/api/v1/categories/{id}/merge", &["post"]),
    ("/api/v1/settings", &["get", "patch"]),
    ("/api/v1/users", &["get"]),
    ("/api/v1/users/me", &["get", "patch"]),
    ("/api/v1/users/me/tokens", &["get", "post"]),
    ("/api/v1/users/me/tokens/{id}", &["delete"]),
];

/// The document, and validators built from it.
pub(crate) struct Doc(pub(crate) Value);

/// Forbids properties an object schema does not name, everywhere in
/// `schema` (utoipa leaves `additionalProperties` open).
fn strict(schema: &mut Value) {
    match schema {
        Value::Object(map) => {
            if map.get("properties").is_some_and(Value::is_object)
                && !map.contains_key("additionalProperties")
            {
                map.insert("additionalProperties".into(), Value::Bool(false));
            }
            map.values_mut().for_each(strict);
        }
        Value::Array(items) => items.iter_mut().for_each(strict),
        _ => {}
    }
}

impl Doc {
    pub(crate) async fn fetch(app: &TestApp) -> Self {
        let res = app.get("/api/v1/openapi.json").await;
        assert_eq!(res.status(), 200);
        Self(res.json().await.unwrap())
    }

    /// A validator for `schema`, whose `$ref`s point into the document's
    /// components: they travel along in the same root object.
    fn validator(&self, schema: &Value) -> Validator {
        let mut root = json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "components": self.0["components"].clone(),
        });
        for (k, v) in schema.as_object().expect("a schema object") {
            root[k] = v.clone();
        }
        strict(&mut root);
        jsonschema::draft202012::new(&root)
            .unwrap_or_else(|e| panic!("the document's schema does not compile: {e}: {schema}"))
    }

    /// The schema declared for an answer, or `None` for one without a
    /// body (204); a status or content type the document does not
    /// declare fails the test.
    fn response_schema(
        &self,
        template: &str,
        method: &str,
        status: u16,
        content_type: &str,
    ) -> Option<&Value> {
        let operation = &self.0["paths"][template][method];
        assert!(
            operation.is_object(),
            "{method} {template} is not in the document"
        );
        let response = &operation["responses"][status.to_string()];
        assert!(
            response.is_object(),
            "{method} {template} answered {status}, which the document does not declare: {}",
            operation["responses"]
        );
        let content = response.get("content")?;
        let schema = &content[content_type]["schema"];
        assert!(
            schema.is_object(),
            "{method} {template} {status}: no schema for {content_type}: {content}"
        );
        Some(schema)
    }

    /// Why `body` does not fit `schema` (empty when it does).
    fn errors(&self, schema: &Value, body: &Value) -> Vec<String> {
        self.validator(schema)
            .iter_errors(body)
            .map(|e| format!("{e} (at `{}`)", e.instance_path()))
            .collect()
    }
}

/// Sends a request and checks its answer against the document; returns
/// the status and body.
pub(crate) async fn checked(
    app: &TestApp,
    doc: &Doc,
    template: &str,
    req: reqwest::RequestBuilder,
) -> (u16, Value) {
    let request = req.build().unwrap();
    let method = request.method().as_str().to_lowercase();
    let url = request.url().to_string();
    let res = app.client.execute(request).await.unwrap();
    let status = res.status().as_u16();
    let content_type = res
        .headers()
        .get("content-type")
        .map(|v| {
            v.to_str()
                .unwrap()
                .split(';')
                .next()
                .unwrap()
                .trim()
                .to_owned()
        })
        .unwrap_or_default();
    let text = res.text().await.unwrap();
    let body: Value = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{method} {url}: {e}: {text}"))
    };
    match doc.response_schema(template, &method, status, &content_type) {
        None => assert!(
            text.is_empty(),
            "{method} {url}: {status} has a body: {text}"
        ),
        Some(schema) => {
            let errors = doc.errors(schema, &body);
            assert!(
                errors.is_empty(),
                "{method} {url} → {status} does not match the document:\n{}\n{body}",
                errors.join("\n")
            );
        }
    }
    (status, body)
}

pub(crate) fn request(
    app: &TestApp,
    method: M,
    path: &str,
    bearer: &str,
    body: Option<Value>,
) -> reqwest::RequestBuilder {
    let mut req = app.client.request(method, app.url(path));
    if !bearer.is_empty() {
        req = req.bearer_auth(bearer);
    }
    if let Some(b) = body {
        req = req
            .header("content-type", "application/json")
            .body(b.to_string());
    }
    req
}

async fn the_document_describes_every_route_in_openapi_3_1(backend: Backend) {
    let app = TestApp::start(backend).await;
    let doc = Doc::fetch(&app).await;
    assert!(
        doc.0["openapi"].as_str().unwrap().starts_with("3.1"),
        "{}",
        doc.0["openapi"]
    );
    for (template, methods) in ROUTES {
        let item = &doc.0["paths"][template];
        assert!(item.is_object(), "{template} is missing");
        for method in *methods {
            assert!(item[method].is_object(), "{method} {template} is missing");
            assert!(
                item[method]["responses"]["401"].is_object(),
                "{method} {template}: every operation may answer 401"
            );
        }
    }
    app.stop().await;
}

async fn real_answers_match_the_document(backend: Backend) {
    let app = TestApp::start(backend).await;
    let team = Team::new(&app).await;
    let doc = Doc::fetch(&app).await;
    let (e, a) = (team.editor.as_str(), team.author.as_str());
    let c =
        |m: M, path: &str, bearer: &str, body: Option<Value>| request(&app, m, path, bearer, body);

    // Posts.
    let (_, list) = checked(
        &app,
        &doc,
        "/api/v1/posts",
        c(M::GET, "/api/v1/posts?per_page=3", e, None),
    )
    .await;
    assert_eq!(list["items"].as_array().unwrap().len(), 3);
    let (status, post) = checked(
        &app,
        &doc,
        "/api/v1/posts",
        c(
            M::POST,
            "/api/v1/posts",
            a,
            Some(json!({"title": "Geprüft", "tags": ["OpenAPI"], "categories": ["Technik/API"]})),
        ),
    )
    .await;
    assert_eq!(status, 201);
    let post_path = format!("/api/v1/posts/{}", post["id"]);
    checked(
        &app,
        &doc,
        "/api/v1/posts/{id}",
        c(M::GET, &post_path, a, None),
    )
    .await;
    checked(
        &app,
        &doc,
        "/api/v1/posts/{id}",
        c(
            M::PATCH,
            &post_path,
            a,
            Some(json!({"status": "published"})),
        ),
    )
    .await;
    checked(
        &app,
        &doc,
        "/api/v1/posts/{id}/revisions",
        c(M::GET, &format!("{post_path}/revisions"), a, None),
    )
    .await;
    for (template, req, want) in [
        ("/api/v1/posts", c(M::GET, "/api/v1/posts", "", None), 401),
        (
            "/api/v1/posts",
            c(M::POST, "/api/v1/posts", a, Some(json!({"title": ""}))),
            400,
        ),
        (
            "/api/v1/posts",
            c(M::POST, "/api/v1/posts", a, Some(json!({"titel": "x"}))),
            400,
        ),
        (
            "/api/v1/posts/{id}",
            c(M::GET, "/api/v1/posts/999999", a, None),
            404,
        ),
        (
            "/api/v1/posts/{id}",
            c(
                M::PATCH,
                &post_path,
                &team.contributor,
                Some(json!({"title": "x"})),
            ),
            403,
        ),
        (
            "/api/v1/posts/{id}",
            c(M::DELETE, &post_path, &team.reader, None),
            403,
        ),
        (
            "/api/v1/posts",
            c(M::POST, "/api/v1/posts", a, None)
                .header("content-type", "text/plain")
                .body("{}"),
            415,
        ),
    ] {
        assert_eq!(checked(&app, &doc, template, req).await.0, want);
    }

    // Comments.
    let (_, comments) = checked(
        &app,
        &doc,
        "/api/v1/comments",
        c(M::GET, "/api/v1/comments", e, None),
    )
    .await;
    let first = &comments["items"][0];
    let comment_path = format!("/api/v1/comments/{}", first["id"]);
    checked(
        &app,
        &doc,
        "/api/v1/comments/{id}",
        c(M::GET, &comment_path, e, None),
    )
    .await;
    checked(
        &app,
        &doc,
        "/api/v1/comments/{id}",
        c(M::GET, &comment_path, a, None),
    )
    .await;
    let (_, patched) = checked(
        &app,
        &doc,
        "/api/v1/comments/{id}",
        c(
            M::PATCH,
            &comment_path,
            e,
            Some(json!({"status": "approved", "text": "Geprüft"})),
        ),
    )
    .await;
    assert_eq!(patched["status"], "approved");
    let (status, reply) = checked(
        &app,
        &doc,
        "/api/v1/comments/{id}/replies",
        c(
            M::POST,
            &format!("{comment_path}/replies"),
            e,
            Some(json!({"text": "Danke!"})),
        ),
    )
    .await;
    assert_eq!(status, 201);
    for (template, req, want) in [
        (
            "/api/v1/comments",
            c(M::GET, "/api/v1/comments", a, None),
            403,
        ),
        (
            "/api/v1/comments",
            c(M::GET, "/api/v1/comments?status=weg", e, None),
            400,
        ),
        (
            "/api/v1/comments/{id}",
            c(M::PATCH, &comment_path, e, Some(json!({"status": 1}))),
            400,
        ),
        (
            "/api/v1/comments/{id}",
            c(M::GET, "/api/v1/comments/999999", e, None),
            404,
        ),
        (
            "/api/v1/comments/{id}/replies",
            c(
                M::POST,
                "/api/v1/comments/999999/replies",
                e,
                Some(json!({"text": "x"})),
            ),
            404,
        ),
        (
            "/api/v1/comments/{id}",
            c(
                M::DELETE,
                &format!("/api/v1/comments/{}", reply["id"]),
                e,
                None,
            ),
            204,
        ),
    ] {
        assert_eq!(checked(&app, &doc, template, req).await.0, want);
    }

    // Terms.
    let (_, tags) = checked(
        &app,
        &doc,
        "/api/v1/tags",
        c(M::GET, "/api/v1/tags", a, None),
    )
    .await;
    let (_, categories) = checked(
        &app,
        &doc,
        "/api/v1/categories",
        c(M::GET, "/api/v1/categories", a, None),
    )
    .await;
    let tag = |name: &str| {
        tags.as_array()
            .unwrap()
            .iter()
            .find(|t| t["name"] == name)
            .unwrap()["id"]
            .clone()
    };
    let category = categories
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "API")
        .unwrap()
        .clone();
    let tag_path = format!("/api/v1/tags/{}", tag("OpenAPI"));
    let category_path = format!("/api/v1/categories/{}", category["id"]);
    checked(
        &app,
        &doc,
        "/api/v1/tags/{id}",
        c(M::GET, &tag_path, a, None),
    )
    .await;
    checked(
        &app,
        &doc,
        "/api/v1/tags/{id}",
        c(M::PATCH, &tag_path, e, Some(json!({"name": "Open API"}))),
    )
    .await;
    checked(
        &app,
        &doc,
        "/api/v1/tags/{id}/merge",
        c(
            M::POST,
            &format!("{tag_path}/merge"),
            e,
            Some(json!({"into": tag("Community")})),
        ),
    )
    .await;
    checked(
        &app,
        &doc,
        "/api/v1/categories/{id}",
        c(M::GET, &category_path, a, None),
    )
    .await;
    checked(
        &app,
        &doc,
        "/api/v1/categories/{id}",
        c(
            M::PATCH,
            &category_path,
            e,
            Some(json!({"parent_id": null})),
        ),
    )
    .await;
    for (template, req, want) in [
        (
            "/api/v1/categories/{id}",
            c(
                M::PATCH,
                &category_path,
                e,
                Some(json!({"parent_id": category["id"]})),
            ),
            400,
        ),
        (
            "/api/v1/categories/{id}",
            c(M::PATCH, &category_path, a, Some(json!({"name": "X"}))),
            403,
        ),
        (
            "/api/v1/categories/{id}/merge",
            c(
                M::POST,
                &format!("{category_path}/merge"),
                e,
                Some(json!({"into": category["id"]})),
            ),
            400,
        ),
        (
            "/api/v1/tags/{id}",
            c(
                M::PATCH,
                "/api/v1/tags/999999",
                e,
                Some(json!({"name": "X"})),
            ),
            404,
        ),
    ] {
        assert_eq!(checked(&app, &doc, template, req).await.0, want);
    }

    // Settings.
    checked(
        &app,
        &doc,
        "/api/v1/settings",
        c(M::GET, "/api/v1/settings", &team.admin, None),
    )
    .await;
    checked(
        &app,
        &doc,
        "/api/v1/settings",
        c(
            M::PATCH,
            "/api/v1/settings",
            &team.admin,
            Some(json!({"tagline": "Geprüft"})),
        ),
    )
    .await;
    for (req, want) in [
        (
            c(
                M::PATCH,
                "/api/v1/settings",
                &team.admin,
                Some(json!({"posts_per_page": "0"})),
            ),
            400,
        ),
        (c(M::GET, "/api/v1/settings", e, None), 403),
    ] {
        assert_eq!(checked(&app, &doc, "/api/v1/settings", req).await.0, want);
    }

    // Users and tokens.
    checked(
        &app,
        &doc,
        "/api/v1/users/me",
        c(M::GET, "/api/v1/users/me", a, None),
    )
    .await;
    checked(
        &app,
        &doc,
        "/api/v1/users/me",
        c(
            M::PATCH,
            "/api/v1/users/me",
            a,
            Some(json!({"bio": "Geprüft"})),
        ),
    )
    .await;
    checked(
        &app,
        &doc,
        "/api/v1/users",
        c(M::GET, "/api/v1/users", &team.admin, None),
    )
    .await;
    checked(
        &app,
        &doc,
        "/api/v1/users/me/tokens",
        c(M::GET, "/api/v1/users/me/tokens", a, None),
    )
    .await;
    let (status, token) = checked(
        &app,
        &doc,
        "/api/v1/users/me/tokens",
        c(
            M::POST,
            "/api/v1/users/me/tokens",
            a,
            Some(json!({"name": "Geprüft"})),
        ),
    )
    .await;
    assert_eq!(status, 201);
    let token_path = format!("/api/v1/users/me/tokens/{}", token["id"]);
    for (template, req, want) in [
        (
            "/api/v1/users/me",
            c(M::PATCH, "/api/v1/users/me", a, Some(json!({"email": "x"}))),
            400,
        ),
        ("/api/v1/users", c(M::GET, "/api/v1/users", a, None), 403),
        (
            "/api/v1/users/me/tokens",
            c(
                M::POST,
                "/api/v1/users/me/tokens",
                a,
                Some(json!({"name": "x", "scope": "root"})),
            ),
            400,
        ),
        (
            "/api/v1/users/me/tokens/{id}",
            c(M::DELETE, &token_path, a, None),
            204,
        ),
        (
            "/api/v1/users/me/tokens/{id}",
            c(M::DELETE, &token_path, a, None),
            404,
        ),
    ] {
        assert_eq!(checked(&app, &doc, template, req).await.0, want);
    }

    // The validator really rejects what the document does not allow.
    let post_schema = doc
        .response_schema("/api/v1/posts/{id}", "get", 200, "application/json")
        .unwrap()
        .clone();
    let (_, _, real) = crate::api_posts::call(&app, M::GET, &post_path, a, None).await;
    assert!(doc.errors(&post_schema, &real).is_empty());
    let mut missing = real.clone();
    missing.as_object_mut().unwrap().remove("id");
    assert!(
        !doc.errors(&post_schema, &missing).is_empty(),
        "a required field is missing"
    );
    let mut extra = real.clone();
    extra["secret_field"] = json!(1);
    assert!(
        !doc.errors(&post_schema, &extra).is_empty(),
        "an undocumented field"
    );
    let mut wrong = real;
    wrong["tags"] = json!("API");
    assert!(!doc.errors(&post_schema, &wrong).is_empty(), "a wrong type");
    let problem_schema = doc
        .response_schema("/api/v1/comments", "get", 403, "application/problem+json")
        .unwrap()
        .clone();
    assert!(
        !doc.errors(
            &problem_schema,
            &json!({"title": "Forbidden", "status": 403})
        )
        .is_empty()
    );
    app.stop().await;
}

crate::on_both_backends!(
    the_document_describes_every_route_in_openapi_3_1,
    real_answers_match_the_document,
);
