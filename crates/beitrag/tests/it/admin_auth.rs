//! Logging in and out of the admin: generic errors, throttling, sessions
//! in the database, CSRF, security headers, roles.

use beitrag_core::model::Role;

use crate::harness::{Backend, TestApp};
use crate::session::{Admin, make_user, post_login};

async fn logs_in_and_out_with_a_session_in_the_database(backend: Backend) {
    let app = TestApp::start(backend).await;
    // Without a session the admin sends the browser to the login page.
    let res = app.get("/admin/?status=draft").await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        res.headers()["location"],
        "/admin/login?next=%2Fadmin%2F%3Fstatus%3Ddraft"
    );

    let password = make_user(&app, "redakteurin", Role::Editor).await;
    // A wrong password and an unknown login get the same answer.
    let wrong = post_login(&app, "redakteurin", "geraten-4711").await;
    let unknown = post_login(&app, "niemand", "geraten-4711").await;
    assert_eq!(
        (wrong.status().as_u16(), unknown.status().as_u16()),
        (401, 401)
    );
    let (a, b) = (wrong.text().await.unwrap(), unknown.text().await.unwrap());
    assert!(
        a.contains("Benutzername, Passwort oder Code falsch.")
            && b.contains("Benutzername, Passwort oder Code falsch.")
    );
    assert!(!a.contains("geraten-4711"), "the password is never echoed");

    let admin = Admin::login(&app, "redakteurin", &password).await;
    let res = admin.get("/admin/").await;
    assert_eq!(res.status(), 200);
    let headers = res.headers().clone();
    let page = res.text().await.unwrap();
    assert!(page.contains("redakteurin Name (Redakteur)"), "{page}");
    assert!(
        !page.contains("/admin/users/"),
        "editors do not manage users"
    );
    let csp = headers["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    assert!(csp.contains("frame-ancestors 'none'"));
    assert_eq!(headers["x-frame-options"], "DENY");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["cache-control"], "no-store");

    let user = app
        .store
        .user_by_login("redakteurin")
        .await
        .unwrap()
        .unwrap();
    let sessions = app
        .store
        .sessions_of_user(user.id, chrono::Utc::now())
        .await
        .unwrap();
    assert_eq!(sessions.len(), 1);
    assert!(
        !sessions[0].csrf.is_empty() && !admin.cookie.contains(&sessions[0].csrf),
        "the cookie is not the CSRF token"
    );
    let cookie_header = post_login(&app, "redakteurin", &password).await;
    let set_cookie = cookie_header.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Lax"));
    assert!(!set_cookie.contains("Secure"), "plain http on loopback");

    // Logging out without the CSRF token is refused and keeps the session.
    let forged = app
        .client
        .post(app.url("/admin/logout"))
        .header("cookie", &admin.cookie)
        .form(&[("csrf", "falsch")])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);
    assert_eq!(admin.get("/admin/").await.status(), 200);
    // "Log out everywhere" ends both sessions.
    let out = admin.post("/admin/logout", &[("scope", "all")]).await;
    assert_eq!(out.status(), 303);
    assert!(
        out.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );
    assert_eq!(admin.get("/admin/").await.status(), 303);
    assert!(
        app.store
            .sessions_of_user(user.id, chrono::Utc::now())
            .await
            .unwrap()
            .is_empty()
    );
    app.stop().await;
}

async fn slows_down_repeated_failures(backend: Backend) {
    let app = TestApp::start(backend).await;
    let password = make_user(&app, "autorin", Role::Author).await;
    for _ in 0..5 {
        assert_eq!(post_login(&app, "autorin", "falsch").await.status(), 401);
    }
    // Now even the right password waits.
    let res = post_login(&app, "autorin", &password).await;
    assert_eq!(res.status(), 429);
    let wait: i64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=30).contains(&wait), "{wait}");
    // A stale or forged form token is refused before any password check.
    let res = app
        .client
        .post(app.url("/admin/login"))
        .form(&[
            ("login", "autorin"),
            ("password", password.as_str()),
            ("token", "x"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    // Malformed bodies are a client error, never a 500.
    let res = app
        .client
        .post(app.url("/admin/login"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(vec![0xff, 0xfe, b'=', 0x00])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_client_error(), "{}", res.status());
    // A disabled account cannot log in, and its sessions end.
    let mut user = app.store.user_by_login("autorin").await.unwrap().unwrap();
    app.store
        .clear_login_failures("login:autorin@127.0.0.0")
        .await
        .unwrap();
    app.store
        .clear_login_failures("ip:127.0.0.0")
        .await
        .unwrap();
    user.disabled = true;
    app.store.update_user(&user).await.unwrap();
    assert_eq!(post_login(&app, "autorin", &password).await.status(), 401);
    app.stop().await;
}

async fn refuses_foreign_redirects_after_login(backend: Backend) {
    let app = TestApp::start(backend).await;
    for evil in [
        "https://evil.example/",
        "//evil.example/admin/",
        "/admin/\\evil",
        "/admin/\u{7}posts/",
        "/admin/\r\nSet-Cookie: x=y",
        "/admin/beiträge/",
    ] {
        let page = app
            .get(&format!(
                "/admin/login?next={}",
                url::form_urlencoded::byte_serialize(evil.as_bytes()).collect::<String>()
            ))
            .await
            .text()
            .await
            .unwrap();
        assert!(
            page.contains("name=\"next\" value=\"/admin/\""),
            "{evil}: {page}"
        );
    }
    // Posted with the form, such a value leads to the dashboard, with the
    // cookie of the one session written.
    let password = make_user(&app, "autorin", Role::Author).await;
    let form = app.get("/admin/login").await.text().await.unwrap();
    let token = crate::session::hidden(&form, "token");
    let res = app
        .client
        .post(app.url("/admin/login"))
        .form(&[
            ("login", "autorin"),
            ("password", password.as_str()),
            ("token", token.as_str()),
            ("next", "/admin/\u{7}posts/"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/admin/");
    assert!(res.headers().contains_key("set-cookie"));
    let user = app.store.user_by_login("autorin").await.unwrap().unwrap();
    let sessions = app
        .store
        .sessions_of_user(user.id, chrono::Utc::now())
        .await
        .unwrap();
    assert_eq!(sessions.len(), 1);
    app.stop().await;
}

/// A login through the form from `client`; the status.
async fn login_with(app: &TestApp, client: &reqwest::Client, login: &str, password: &str) -> u16 {
    let form = client
        .get(app.url("/admin/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let token = crate::session::hidden(&form, "token");
    client
        .post(app.url("/admin/login"))
        .form(&[
            ("login", login),
            ("password", password),
            ("token", token.as_str()),
        ])
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

async fn guessing_elsewhere_does_not_lock_the_owner_out(backend: Backend) {
    let app = TestApp::start(backend).await;
    let password = make_user(&app, "autorin", Role::Author).await;
    // Someone at another address: 127.0.1.1 is loopback too, in another /24.
    let elsewhere = reqwest::Client::builder()
        .local_address("127.0.1.1".parse::<std::net::IpAddr>().unwrap())
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    for _ in 0..5 {
        assert_eq!(login_with(&app, &elsewhere, "autorin", "falsch").await, 401);
    }
    assert_eq!(login_with(&app, &elsewhere, "autorin", "falsch").await, 429);
    assert_eq!(
        login_with(&app, &elsewhere, "autorin", &password).await,
        429
    );
    // The owner, at their own address, logs in as ever.
    assert_eq!(post_login(&app, "autorin", &password).await.status(), 303);
    app.stop().await;
}

crate::on_both_backends!(
    guessing_elsewhere_does_not_lock_the_owner_out,
    logs_in_and_out_with_a_session_in_the_database,
    slows_down_repeated_failures,
    refuses_foreign_redirects_after_login,
);
