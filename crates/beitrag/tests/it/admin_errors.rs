//! Refusals of the core services in the admin, in the viewer's language:
//! the core's messages are ids with arguments, worded by the catalogs
//! (`locales/core.*.ftl`), while the API keeps the English wording.

use beitrag_core::model::{Role, Scope};
use scraper::{Html, Selector};

use crate::editor::post_fields;
use crate::harness::{Backend, Options, TestApp};
use crate::session::{Admin, make_user, token};

/// The text of the one element `css` selects in the answer, with its status.
async fn refusal(res: reqwest::Response, css: &str) -> (u16, String) {
    let status = res.status().as_u16();
    let doc = Html::parse_document(&res.text().await.unwrap());
    let sel = Selector::parse(css).unwrap();
    let found: Vec<String> = doc.select(&sel).map(|e| e.text().collect()).collect();
    assert_eq!(found.len(), 1, "{css}: {found:?}");
    (status, found[0].trim().to_owned())
}

/// A setting out of its range, a bad slug and a contributor publishing.
async fn refusals(admin: &Admin<'_>, contributor: &Admin<'_>) -> [(u16, String); 3] {
    let setting = refusal(
        admin
            .post("/admin/settings/", &[("posts_per_page", "500")])
            .await,
        "#e-posts_per_page",
    )
    .await;
    let mut fields = post_fields("Ein Titel", "draft", "");
    fields.retain(|(k, _)| *k != "slug");
    fields.push(("slug", "Böse Titelform!"));
    let slug = refusal(admin.post("/admin/posts/new", &fields).await, "#slug-error").await;
    let publish = refusal(
        contributor
            .post(
                "/admin/posts/new",
                &post_fields("Heimlich", "published", ""),
            )
            .await,
        "#general-error",
    )
    .await;
    [setting, slug, publish]
}

async fn core_refusals_speak_the_viewers_language(backend: Backend) {
    let app = TestApp::start_with(
        backend,
        Options {
            language: "de",
            cache_ttl: 0,
            ..Options::default()
        },
    )
    .await;
    let admin = Admin::admin(&app).await;
    let password = make_user(&app, "mitarbeiter", Role::Contributor).await;
    let contributor = Admin::login(&app, "mitarbeiter", &password).await;

    let [setting, slug, publish] = refusals(&admin, &contributor).await;
    assert_eq!(setting, (422, "muss eine Zahl von 1 bis 100 sein".into()));
    assert_eq!(
        slug,
        (
            422,
            "`Böse Titelform!` darf nur Kleinbuchstaben, Ziffern, - und _ enthalten".into()
        )
    );
    assert_eq!(
        publish,
        (
            403,
            "Mitarbeiter dürfen Entwürfe speichern und zur Prüfung einreichen, aber nicht veröffentlichen"
                .into()
        )
    );

    // Each user's own language: English for both, on the same German site.
    for user in [&admin, &contributor] {
        let profile = [
            ("display_name", "Jemand"),
            ("email", "jemand@example.org"),
            ("bio", ""),
            ("language", "en"),
        ];
        assert_eq!(user.post("/admin/profile/", &profile).await.status(), 303);
    }
    let [setting, slug, publish] = refusals(&admin, &contributor).await;
    assert_eq!(setting, (422, "must be a number from 1 to 100".into()));
    assert_eq!(
        slug.1,
        "`Böse Titelform!` may only hold lowercase letters, digits, - and _"
    );
    assert_eq!(
        publish.1,
        "contributors may save drafts and submit them for review, not publish"
    );

    // The API's problems keep the core's English wording.
    let login = app.credentials.as_ref().unwrap().login.clone();
    let res = app
        .client
        .patch(app.url("/api/v1/settings"))
        .header(
            "authorization",
            format!("Bearer {}", token(&app, &login, Scope::Write).await),
        )
        .json(&serde_json::json!({"posts_per_page": "500"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    let problem: serde_json::Value = res.json().await.unwrap();
    assert_eq!(problem["field"], "posts_per_page", "{problem}");
    assert_eq!(problem["detail"], "must be a number from 1 to 100");
    app.stop().await;
}

crate::on_both_backends!(core_refusals_speak_the_viewers_language);
