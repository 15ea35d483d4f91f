//! The admin's settings, users, profile and terms pages over HTTP.

use beitrag_core::model::Role;

use crate::harness::{Backend, Options, TestApp};
use crate::session::{Admin, make_user, post_login};

fn opts() -> Options {
    Options {
        cache_ttl: 0,
        ..Options::default()
    }
}

async fn settings_are_saved_all_or_nothing(backend: Backend) {
    let app = TestApp::start_with(backend, opts()).await;
    let admin = Admin::admin(&app).await;
    let page = admin.get("/admin/settings/").await.text().await.unwrap();
    assert!(page.contains("name=\"comment_moderation\""), "{page}");
    let res = admin
        .post(
            "/admin/settings/",
            &[("title", "Neuer Titel"), ("posts_per_page", "7")],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert!(
        app.get("/")
            .await
            .text()
            .await
            .unwrap()
            .contains("Neuer Titel")
    );
    // One bad value: nothing stored, the form keeps what was typed.
    let res = admin
        .post(
            "/admin/settings/",
            &[("title", "Zweiter Titel"), ("posts_per_page", "999")],
        )
        .await;
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(page.contains("value=\"Zweiter Titel\""));
    let doc = scraper::Html::parse_document(&page);
    let sel = scraper::Selector::parse("input#s-posts_per_page").unwrap();
    let input = doc.select(&sel).next().unwrap();
    assert_eq!(input.value().attr("value"), Some("999"));
    assert_eq!(input.value().attr("aria-invalid"), Some("true"));
    assert_eq!(
        input.value().attr("aria-describedby"),
        Some("d-posts_per_page e-posts_per_page")
    );
    let stored = beitrag_core::service::settings::load(app.store.as_ref())
        .await
        .unwrap();
    assert_eq!(
        (stored.title.as_str(), stored.posts_per_page),
        ("Neuer Titel", 7)
    );
    // Editors may not; no CSRF token is refused.
    let password = make_user(&app, "chefin", Role::Editor).await;
    let editor = Admin::login(&app, "chefin", &password).await;
    assert_eq!(editor.get("/admin/settings/").await.status(), 403);
    assert_eq!(
        editor
            .post("/admin/settings/", &[("title", "x")])
            .await
            .status(),
        403
    );
    let forged = app
        .client
        .post(app.url("/admin/settings/"))
        .header("cookie", &admin.cookie)
        .form(&[("title", "Gefälscht")])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);
    app.stop().await;
}

async fn administrators_invite_and_disable_users(backend: Backend) {
    let app = TestApp::start_with(backend, opts()).await;
    let admin = Admin::admin(&app).await;
    let res = admin
        .post(
            "/admin/users/",
            &[
                ("login", "neu"),
                ("display_name", "Neue Autorin"),
                ("email", "neu@example.org"),
                ("role", "author"),
            ],
        )
        .await;
    assert_eq!(res.status(), 201);
    let page = res.text().await.unwrap();
    let doc = scraper::Html::parse_document(&page);
    let sel = scraper::Selector::parse("#invited-password").unwrap();
    let password: String = doc.select(&sel).next().unwrap().text().collect();
    let neu = Admin::login(&app, "neu", &password).await;
    assert_eq!(
        neu.get("/admin/users/").await.status(),
        403,
        "authors do not manage users"
    );
    // Duplicate login and bad email: 422 with the form kept.
    for (login, email, field) in [
        ("neu", "x@example.org", "login"),
        ("zwei", "kaputt", "email"),
    ] {
        let res = admin
            .post(
                "/admin/users/",
                &[
                    ("login", login),
                    ("display_name", "X"),
                    ("email", email),
                    ("role", "author"),
                ],
            )
            .await;
        assert_eq!(res.status(), 422, "{login}");
        let page = res.text().await.unwrap();
        assert!(
            page.contains(&format!("Nicht gespeichert: {field}")),
            "{page}"
        );
        assert!(page.contains(&format!("value=\"{email}\"")));
    }
    // Disabling ends the person's sessions at once.
    let user = app.store.user_by_login("neu").await.unwrap().unwrap();
    let res = admin
        .post(
            &format!("/admin/users/{}", user.id.0),
            &[("role", "editor"), ("disabled", "1")],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(neu.get("/admin/").await.status(), 303, "logged out");
    assert_eq!(post_login(&app, "neu", &password).await.status(), 401);
    let stored = app.store.user_by_login("neu").await.unwrap().unwrap();
    assert_eq!((stored.role, stored.disabled), (Role::Editor, true));
    // Nobody locks themselves out.
    let me = app
        .store
        .user_by_login(&app.credentials.as_ref().unwrap().login)
        .await
        .unwrap()
        .unwrap();
    let res = admin
        .post(
            &format!("/admin/users/{}", me.id.0),
            &[("role", "author"), ("disabled", "1")],
        )
        .await;
    assert_eq!(res.status(), 422);
    assert_eq!(
        app.store.user_by_id(me.id).await.unwrap().unwrap().role,
        Role::Administrator
    );
    app.stop().await;
}

async fn profile_manages_password_sessions_and_tokens(backend: Backend) {
    let app = TestApp::start_with(backend, opts()).await;
    let password = make_user(&app, "autorin", Role::Author).await;
    let me = Admin::login(&app, "autorin", &password).await;
    let other = Admin::login(&app, "autorin", &password).await;
    let page = me.get("/admin/profile/").await.text().await.unwrap();
    assert_eq!(page.matches("class=\"session-row\"").count(), 2);
    // A token is shown once and works with the API.
    let res = me
        .post(
            "/admin/profile/tokens",
            &[("name", "Skript"), ("scope", "read")],
        )
        .await;
    assert_eq!(res.status(), 201);
    let page = res.text().await.unwrap();
    let doc = scraper::Html::parse_document(&page);
    let sel = scraper::Selector::parse("#new-token").unwrap();
    let secret: String = doc.select(&sel).next().unwrap().text().collect();
    let api = app
        .client
        .get(app.url("/api/v1/users/me"))
        .bearer_auth(&secret)
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), 200);
    assert!(
        !me.get("/admin/profile/")
            .await
            .text()
            .await
            .unwrap()
            .contains(&secret),
        "shown once"
    );
    assert_eq!(
        me.post("/admin/profile/tokens", &[("name", " "), ("scope", "read")])
            .await
            .status(),
        422
    );
    // Profile fields are validated; bad input keeps the text.
    let res = me
        .post(
            "/admin/profile/",
            &[
                ("display_name", "Autorin A."),
                ("email", "kaputt"),
                ("bio", "Über mich"),
            ],
        )
        .await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("Über mich"));
    // Changing the password logs out the other browser.
    let wrong = me
        .post(
            "/admin/profile/password",
            &[
                ("current", "falsch"),
                ("new", "ganz-neu-123"),
                ("repeat", "ganz-neu-123"),
            ],
        )
        .await;
    assert_eq!(wrong.status(), 422);
    let ok = me
        .post(
            "/admin/profile/password",
            &[
                ("current", password.as_str()),
                ("new", "ganz-neu-123"),
                ("repeat", "ganz-neu-123"),
            ],
        )
        .await;
    assert_eq!(ok.status(), 303);
    assert_eq!(other.get("/admin/").await.status(), 303);
    assert_eq!(me.get("/admin/").await.status(), 200);
    assert_eq!(
        post_login(&app, "autorin", "ganz-neu-123").await.status(),
        303
    );
    app.stop().await;
}

async fn terms_are_renamed_and_merged_with_redirects(backend: Backend) {
    let app = TestApp::start_with(backend, opts()).await;
    let admin = Admin::admin(&app).await;
    let terms = app.store.terms().await.unwrap();
    let moderation = terms.iter().find(|t| t.slug == "moderation").unwrap();
    let res = admin
        .post(
            &format!("/admin/terms/{}", moderation.id.0),
            &[("taxonomy", "tag"), ("name", "Moderieren")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let old = app.get("/tag/moderation/").await;
    assert_eq!(old.status(), 301);
    assert_eq!(old.headers()["location"], "/tag/moderieren/");
    // Its feeds and later pages follow.
    for (from, to) in [
        ("/tag/moderation/feed/", "/tag/moderieren/feed/"),
        ("/tag/moderation/feed/atom/", "/tag/moderieren/feed/atom/"),
        ("/tag/moderation/page/2/", "/tag/moderieren/page/2/"),
    ] {
        let res = app.get(from).await;
        assert_eq!(res.status(), 301, "{from}");
        assert_eq!(res.headers()["location"], to);
    }
    assert_eq!(app.get("/tag/gibt-es-nicht/feed/").await.status(), 404);
    let community = terms.iter().find(|t| t.slug == "community").unwrap();
    let res = admin
        .post(
            &format!("/admin/terms/{}/merge", community.id.0),
            &[("taxonomy", "tag"), ("into", &moderation.id.0.to_string())],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert!(
        app.store
            .terms()
            .await
            .unwrap()
            .iter()
            .all(|t| t.slug != "community")
    );
    let res = admin
        .post(
            &format!("/admin/terms/{}/merge", moderation.id.0),
            &[("taxonomy", "tag"), ("into", &moderation.id.0.to_string())],
        )
        .await;
    assert_eq!(res.status(), 422);
    app.stop().await;
}

crate::on_both_backends!(
    settings_are_saved_all_or_nothing,
    administrators_invite_and_disable_users,
    profile_manages_password_sessions_and_tokens,
    terms_are_renamed_and_merged_with_redirects,
    password_reset_by_mail_works_once,
    two_factor_login_needs_a_fresh_code,
);

/// "Forgot your password?" through a real SMTP sink: the link works once,
/// and the page never tells whether an account exists.
async fn password_reset_by_mail_works_once(backend: Backend) {
    let Some(sink) = crate::harness::SmtpSink::start().await else {
        return;
    };
    let app = TestApp::start_with(
        backend,
        Options {
            smtp_url: sink.url.clone(),
            cache_ttl: 0,
            ..Options::default()
        },
    )
    .await;
    let old = make_user(&app, "vergesslich", Role::Author).await;
    let ask = |who: &'static str| {
        let app = &app;
        async move {
            let form = app.get("/admin/forgot").await.text().await.unwrap();
            let token = crate::session::hidden(&form, "form");
            app.client
                .post(app.url("/admin/forgot"))
                .form(&[("who", who), ("form", token.as_str())])
                .send()
                .await
                .unwrap()
        }
    };
    let unknown = ask("niemand@example.org").await;
    let known = ask("vergesslich@example.org").await;
    assert_eq!(
        (unknown.status().as_u16(), known.status().as_u16()),
        (200, 200)
    );
    assert_eq!(
        unknown.text().await.unwrap().replace("niemand", ""),
        known.text().await.unwrap().replace("vergesslich", ""),
        "the same answer either way"
    );
    let mail = crate::mail::decoded(&sink.wait_for(1).await[0]);
    assert!(mail.contains("To: vergesslich@example.org"), "{mail}");
    let link = mail
        .split_whitespace()
        .find(|w| w.contains("/admin/reset?token="))
        .unwrap()
        .to_owned();
    let path = link.strip_prefix(&app.base).unwrap().to_owned();
    let form = app.get(&path).await;
    assert_eq!(form.status(), 200);
    assert_eq!(form.headers()["referrer-policy"], "no-referrer");
    let token = crate::session::hidden(&form.text().await.unwrap(), "token");
    let set = |new: &'static str, repeat: &'static str| {
        let (app, token) = (&app, token.clone());
        async move {
            app.client
                .post(app.url("/admin/reset"))
                .form(&[("token", token.as_str()), ("new", new), ("repeat", repeat)])
                .send()
                .await
                .unwrap()
        }
    };
    assert_eq!(set("neu-und-lang", "anders-lang").await.status(), 422);
    assert_eq!(set("kurz", "kurz").await.status(), 422);
    let done = set("neu-und-lang", "neu-und-lang").await;
    assert_eq!(done.status(), 303);
    assert_eq!(
        post_login(&app, "vergesslich", "neu-und-lang")
            .await
            .status(),
        303
    );
    assert_eq!(post_login(&app, "vergesslich", &old).await.status(), 401);
    // The link is spent, and a forged one never worked.
    assert_eq!(app.get(&path).await.status(), 410);
    assert_eq!(
        set("noch-einmal-lang", "noch-einmal-lang").await.status(),
        410
    );
    assert_eq!(
        app.get("/admin/reset?token=1-99999999999-abc.def")
            .await
            .status(),
        410
    );
    app.stop().await;
}

/// A TOTP code computed by Python's standard library (an independent
/// implementation of RFC 6238), `offset` steps from now.
fn python_totp(secret: &str, offset: i64) -> String {
    let script = "import hmac, hashlib, base64, struct, time, sys\ns = sys.argv[1]\nkey = base64.b32decode(s + '=' * ((8 - len(s) % 8) % 8))\nstep = int(time.time()) // 30 + int(sys.argv[2])\nh = hmac.new(key, struct.pack('>Q', step), hashlib.sha1).digest()\no = h[19] & 15\nprint('%06d' % ((struct.unpack('>I', h[o:o + 4])[0] & 0x7fffffff) % 1000000))\n";
    let out = std::process::Command::new("python3")
        .args(["-c", script, secret, &offset.to_string()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

async fn two_factor_login_needs_a_fresh_code(backend: Backend) {
    let app = TestApp::start_with(backend, opts()).await;
    let password = make_user(&app, "vorsichtig", Role::Author).await;
    let me = Admin::login(&app, "vorsichtig", &password).await;
    let page = me
        .post("/admin/profile/totp/start", &[])
        .await
        .text()
        .await
        .unwrap();
    let doc = scraper::Html::parse_document(&page);
    let sel = scraper::Selector::parse("#totp-secret").unwrap();
    let secret: String = doc.select(&sel).next().unwrap().text().collect();
    let signed = crate::session::hidden(&page, "signed");
    assert!(page.contains("otpauth://totp/"), "{page}");
    // A wrong code or a forged secret does not turn it on.
    let wrong = me
        .post(
            "/admin/profile/totp/enable",
            &[("signed", signed.as_str()), ("code", "000000")],
        )
        .await;
    assert_eq!(wrong.status(), 422);
    let forged = me
        .post(
            "/admin/profile/totp/enable",
            &[("signed", "1:AAAAAAAAAAAAAAAA.x"), ("code", "000000")],
        )
        .await;
    assert_eq!(forged.status(), 400);
    // The same code string is reused below, so a step boundary passing
    // during the test cannot make the replay check pass by accident.
    let first = python_totp(&secret, 0);
    let on = me
        .post(
            "/admin/profile/totp/enable",
            &[("signed", signed.as_str()), ("code", first.as_str())],
        )
        .await;
    assert_eq!(on.status(), 303);
    assert!(
        !app.store
            .user_by_login("vorsichtig")
            .await
            .unwrap()
            .unwrap()
            .totp_secret
            .is_empty()
    );

    let login = |code: String| {
        let app = &app;
        let password = password.clone();
        async move {
            let form = app.get("/admin/login").await.text().await.unwrap();
            let token = crate::session::hidden(&form, "token");
            app.client
                .post(app.url("/admin/login"))
                .form(&[
                    ("login", "vorsichtig"),
                    ("password", password.as_str()),
                    ("token", token.as_str()),
                    ("code", code.as_str()),
                ])
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    assert_eq!(
        post_login(&app, "vorsichtig", &password).await.status(),
        401,
        "no code"
    );
    assert_eq!(
        login(first).await,
        401,
        "the code used to turn it on is spent"
    );
    let next = python_totp(&secret, 1);
    assert_eq!(login(next.clone()).await, 303);
    assert_eq!(login(next).await, 401, "no replay");
    let off = me
        .post("/admin/profile/totp/disable", &[("code", "123456")])
        .await;
    assert_eq!(off.status(), 422);
    app.stop().await;
}
