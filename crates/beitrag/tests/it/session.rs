//! A logged-in browser without a browser: the session cookie and the CSRF
//! token of the admin, and users of every role for permission tests.

use beitrag_core::model::{Role, Scope};
use beitrag_core::service::{auth, user};

use crate::harness::TestApp;

/// Creates a user with a known password.
pub async fn make_user(app: &TestApp, login: &str, role: Role) -> String {
    let password = format!("{login}-passwort-123");
    user::create(
        &app.core,
        &beitrag_core::Actor::Operator,
        user::UserInput {
            login: login.into(),
            display_name: format!("{login} Name"),
            email: format!("{login}@example.org"),
            role,
            bio: String::new(),
        },
        &password,
    )
    .await
    .unwrap();
    password
}

/// A personal access token of `login`.
pub async fn token(app: &TestApp, login: &str, scope: Scope) -> String {
    let owner = app.store.user_by_login(login).await.unwrap().unwrap();
    auth::create_token(
        &app.core,
        &beitrag_core::Actor::Operator,
        &owner,
        "test",
        scope,
        chrono::Utc::now(),
    )
    .await
    .unwrap()
    .1
}

/// The hidden value of an `<input name=…>` in a page.
pub fn hidden(html: &str, name: &str) -> String {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse(&format!("input[name=\"{name}\"]")).unwrap();
    doc.select(&sel)
        .next()
        .and_then(|e| e.value().attr("value"))
        .unwrap_or_else(|| panic!("no input {name} in {html}"))
        .to_owned()
}

/// A logged-in admin session.
pub struct Admin<'a> {
    pub app: &'a TestApp,
    pub cookie: String,
    pub csrf: String,
}

/// Posts the login form; the status and the `Set-Cookie` value.
pub async fn post_login(app: &TestApp, login: &str, password: &str) -> reqwest::Response {
    let form = app.get("/admin/login").await.text().await.unwrap();
    let token = hidden(&form, "token");
    app.client
        .post(app.url("/admin/login"))
        .form(&[
            ("login", login),
            ("password", password),
            ("token", token.as_str()),
            ("next", "/admin/"),
        ])
        .send()
        .await
        .unwrap()
}

impl<'a> Admin<'a> {
    /// Logs in through the form.
    pub async fn login(app: &'a TestApp, login: &str, password: &str) -> Self {
        let res = post_login(app, login, password).await;
        assert_eq!(res.status(), 303, "login as {login}");
        let cookie = res
            .headers()
            .get("set-cookie")
            .unwrap()
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_owned();
        let mut me = Self {
            app,
            cookie,
            csrf: String::new(),
        };
        let page = me.get("/admin/").await.text().await.unwrap();
        let doc = scraper::Html::parse_document(&page);
        let sel = scraper::Selector::parse("meta[name=csrf-token]").unwrap();
        me.csrf = doc
            .select(&sel)
            .next()
            .and_then(|e| e.value().attr("content"))
            .unwrap()
            .to_owned();
        me
    }

    /// Logs in as the administrator the first start created.
    pub async fn admin(app: &'a TestApp) -> Self {
        let c = app
            .credentials
            .as_ref()
            .expect("first start created an admin");
        Self::login(app, &c.login, &c.password).await
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.app
            .client
            .get(self.app.url(path))
            .header("cookie", &self.cookie)
            .send()
            .await
            .unwrap()
    }

    /// Posts a multipart body (from [`multipart`]) as the upload forms do.
    pub async fn post_multipart(
        &self,
        path: &str,
        (content_type, body): (String, Vec<u8>),
    ) -> reqwest::Response {
        self.app
            .client
            .post(self.app.url(path))
            .header("cookie", &self.cookie)
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .unwrap()
    }

    /// Posts a form with the CSRF token added.
    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        all.push(("csrf", &self.csrf));
        self.app
            .client
            .post(self.app.url(path))
            .header("cookie", &self.cookie)
            .form(&all)
            .send()
            .await
            .unwrap()
    }
}

/// A multipart body as a browser sends the upload form: the CSRF field,
/// then the file. Returns the content type and the body.
pub fn multipart(csrf: &str, name: &str, ctype: &str, bytes: &[u8]) -> (String, Vec<u8>) {
    multipart_with_alt(csrf, "", name, ctype, bytes)
}

/// [`multipart`] with the alt text field, sent before the file.
pub fn multipart_with_alt(
    csrf: &str,
    alt: &str,
    name: &str,
    ctype: &str,
    bytes: &[u8],
) -> (String, Vec<u8>) {
    let boundary = "----beitragFormBoundary7MA4YWxkTrZu0gW";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"alt\"\r\n\r\n{alt}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\
         Content-Type: {ctype}\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}
