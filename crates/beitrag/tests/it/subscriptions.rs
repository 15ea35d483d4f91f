//! Email subscriptions end to end against a real SMTP sink (aiosmtpd):
//! the sidebar's form, the confirmation mail and link, a new post mailed
//! with RFC 8058's one-click headers, the one-click POST, and nothing
//! after it; the admin's list and the CLI; hostile input and forged or
//! expired links, refused with nothing stored.

use crate::harness::{Backend, Options, SmtpSink, TestApp, attr, text};
use crate::mail::decoded;
use crate::session::Admin;
use crate::websub::{jobs, publish, settled};

/// Header `name` of a raw message as Python's `email` package reads it
/// (unfolded), empty when absent.
fn header(raw: &str, name: &str) -> String {
    let script = format!(
        "import email, sys\nm = email.message_from_string(sys.stdin.read())\nprint(m.get({name:?}, ''))\n"
    );
    crate::mail::python(&script, raw).trim().to_owned()
}

/// The first URL in `mail` containing `path`, made relative to the site.
fn link(app: &TestApp, mail: &str, path: &str) -> String {
    let start = mail
        .find(path)
        .unwrap_or_else(|| panic!("{path} in {mail}"));
    let tail: String = mail[start..]
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != '>')
        .collect();
    assert!(mail.contains(&app.url(&tail)), "absolute: {mail}");
    tail
}

async fn subscribe(app: &TestApp, body: impl Into<reqwest::Body>) -> (u16, String) {
    let res = app
        .client
        .post(app.url("/subscribe"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    let html = res.text().await.unwrap();
    let doc = scraper::Html::parse_document(&html);
    // A body that is not even a form is answered in plain text.
    if crate::harness::count(&doc, "p.message") == 0 {
        return (status, html);
    }
    (status, text(&doc, "p.message"))
}

fn email_form(email: &str) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .append_pair("email", email)
        .finish()
}

async fn subscribers(app: &TestApp) -> Vec<beitrag_core::model::Subscriber> {
    app.core.read().subscribers().await.unwrap()
}

fn cli(app: &TestApp, args: &[&str]) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_beitrag"))
        .env_remove("RUST_LOG")
        .args(["--database", &app.db.url])
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "{args:?}: {out:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// A server sending mail to a fresh sink; `None` without aiosmtpd.
async fn with_mail(backend: Backend) -> Option<(SmtpSink, TestApp)> {
    let sink = SmtpSink::start().await?;
    let options = Options {
        smtp_url: sink.url.clone(),
        ..Options::default()
    };
    Some((sink, TestApp::start_with(backend, options).await))
}

async fn mails_new_posts_to_confirmed_subscribers(backend: Backend) {
    let Some((sink, app)) = with_mail(backend).await else {
        return;
    };
    let home = app.page("/").await;
    assert_eq!(
        attr(&home, "form.subscribe-form", "action"),
        app.url("/subscribe")
    );
    assert!(text(&home, "form.subscribe-form p").contains("Dann abonnieren Sie doch dieses Blog"));

    let (status, first) = subscribe(&app, email_form(" Leser@Example.NET ")).await;
    assert_eq!(status, 200, "{first}");
    let mails = sink.wait_for(1).await;
    let confirm_mail = decoded(&mails[0]);
    assert!(
        confirm_mail.contains("To: leser@example.net"),
        "{confirm_mail}"
    );
    assert!(
        confirm_mail.contains("Subject: [Gemeinschaftsblog] Bitte bestätigen Sie Ihr Abonnement"),
        "{confirm_mail}"
    );
    let confirm = link(&app, &confirm_mail, "/subscribe/confirm?token=");
    let pending = subscribers(&app).await;
    assert_eq!(pending.len(), 1);
    assert!(pending[0].confirmed_at.is_none(), "pending until the link");

    // A forged or altered link confirms nothing.
    let altered = confirm.replacen("token=", "token=9", 1);
    assert_eq!(app.get(&altered).await.status(), 400);
    let expired = app.core.signer().sign(
        "subscribe-confirm",
        &format!("{}-{}", pending[0].id.0, chrono::Utc::now().timestamp() - 1),
    );
    assert_eq!(
        app.get(&format!("/subscribe/confirm?token={expired}"))
            .await
            .status(),
        400
    );
    assert!(subscribers(&app).await[0].confirmed_at.is_none());

    let res = app.get(&confirm).await;
    assert_eq!(res.status(), 200);
    assert!(res.text().await.unwrap().contains("Abonnement bestätigt"));
    let before = chrono::Utc::now();
    let confirmed = subscribers(&app).await[0]
        .confirmed_at
        .expect("consent time");
    assert!(confirmed <= before);

    // Asking again answers alike and mails nothing (existence not revealed).
    let (status, again) = subscribe(&app, email_form("leser@example.net")).await;
    assert_eq!((status, again.as_str()), (200, first.as_str()));

    publish(&app, "fuer-abonnenten", "Neu für Abonnenten").await;
    let mails = sink.wait_for(2).await;
    assert_eq!(mails.len(), 2, "no second confirmation, one post mail");
    // The sink's maildir keeps no order.
    let raw = mails
        .iter()
        .find(|m| decoded(m).contains("Neu für Abonnenten"))
        .expect("the post mail");
    let post_mail = decoded(raw);
    assert!(post_mail.contains("To: leser@example.net"), "{post_mail}");
    assert!(
        post_mail.contains("Subject: [Gemeinschaftsblog] Neu für Abonnenten"),
        "{post_mail}"
    );
    assert!(post_mail.contains(&app.url("/")), "{post_mail}");
    let list_unsubscribe = header(raw, "List-Unsubscribe");
    assert!(
        list_unsubscribe.starts_with(&format!("<{}", app.url("/unsubscribe?token="))),
        "{list_unsubscribe}"
    );
    assert_eq!(
        header(raw, "List-Unsubscribe-Post"),
        "List-Unsubscribe=One-Click"
    );
    let unsubscribe = link(&app, &list_unsubscribe, "/unsubscribe?token=");
    assert!(
        post_mail.contains(&app.url(&unsubscribe)),
        "in the text too"
    );

    // A backdated post (an import, say) is not mailed.
    let mut old = crate::harness::published(
        beitrag_core::model::PostKind::Post,
        "von-frueher",
        "Von früher",
        "Alt.",
        "admin",
    );
    old.published_at = Some(chrono::Utc::now() - chrono::Duration::days(30));
    beitrag_core::service::post::save(&app.core, &beitrag_core::Actor::Operator, old, None)
        .await
        .unwrap();
    settled(&app, "followers.announce").await;
    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    assert_eq!(sink.messages().len(), 2, "no mail for a backdated post");

    // The admin lists the subscriber, the CLI too.
    let admin = Admin::admin(&app).await;
    let page = admin.get("/admin/subscribers/").await.text().await.unwrap();
    assert!(page.contains("leser@example.net"), "{page}");
    let listed: serde_json::Value =
        serde_json::from_str(&cli(&app, &["subscribers", "list", "--format", "json"])).unwrap();
    assert_eq!(listed[0]["email"], "leser@example.net");
    assert_eq!(listed[0]["status"], "confirmed");
    let exported: serde_json::Value =
        serde_json::from_str(&cli(&app, &["privacy", "export", "leser@example.net"])).unwrap();
    assert_eq!(exported["subscription"]["status"], "confirmed");

    // A GET asks; a forged token is refused; the one-click POST unsubscribes.
    let ask = app.page(&unsubscribe).await;
    assert_eq!(attr(&ask, "main form", "action"), unsubscribe);
    assert_eq!(app.get("/unsubscribe?token=1.deadbeef").await.status(), 400);
    let forged = app
        .client
        .post(app.url("/unsubscribe?token=1.deadbeef"))
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 400);
    assert_eq!(subscribers(&app).await.len(), 1);
    let one_click = app
        .client
        .post(app.url(&unsubscribe))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(one_click.status(), 200);
    assert!(subscribers(&app).await.is_empty());

    publish(&app, "nach-abmeldung", "Nach der Abmeldung").await;
    settled(&app, "followers.announce").await;
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    assert_eq!(sink.messages().len(), 2, "nothing after unsubscribing");
    app.stop().await;
}

async fn refuses_hostile_input_and_stores_nothing(backend: Backend) {
    let Some((_sink, app)) = with_mail(backend).await else {
        return;
    };
    let long = format!("{}@example.org", "a".repeat(300));
    for bad in [
        "",
        "keine-adresse",
        "a@b",
        "zwei@@example.org",
        "a b@example.org",
        "x@example.org\r\nBcc: y@example.org",
        long.as_str(),
    ] {
        let (status, said) = subscribe(&app, email_form(bad)).await;
        assert_eq!(status, 400, "{bad:?}");
        assert!(said.contains("gültige E-Mail-Adresse"), "{said}");
    }
    let (status, _) = subscribe(&app, format!("email={}", "a".repeat(5000))).await;
    assert_eq!(status, 413);
    let (status, _) = subscribe(&app, b"email=%FF%FE@example.org".to_vec()).await;
    assert_eq!(status, 400);
    for token in ["", "1-99999999999", "1-99999999999.0123456789abcdef", "x.y"] {
        let res = app.get(&format!("/subscribe/confirm?token={token}")).await;
        assert_eq!(res.status(), 400, "{token:?}");
        assert!(
            res.text()
                .await
                .unwrap()
                .contains("ungültig oder abgelaufen")
        );
    }
    assert!(subscribers(&app).await.is_empty());
    assert!(
        !jobs(&app)
            .await
            .iter()
            .any(|j| j.job.kind.starts_with("mail.subscribe"))
    );

    // The admin removes a pending subscriber.
    subscribe(&app, email_form("weg@example.org")).await;
    let id = subscribers(&app).await[0].id;
    let admin = Admin::admin(&app).await;
    let res = admin
        .post(&format!("/admin/subscribers/{}/remove", id.0), &[])
        .await;
    assert_eq!(res.status(), 303);
    assert!(app.core.read().subscriber(id).await.unwrap().is_none());
    assert_eq!(
        admin
            .post(&format!("/admin/subscribers/{}/remove", id.0), &[])
            .await
            .status(),
        404
    );
    app.stop().await;
}

/// Without SMTP the form is not offered and a request is refused.
async fn offers_no_form_without_mail(backend: Backend) {
    let app = TestApp::start(backend).await;
    let home = app.page("/").await;
    assert_eq!(crate::harness::count(&home, "form.subscribe-form"), 0);
    let (status, said) = subscribe(&app, email_form("leser@example.net")).await;
    assert_eq!(status, 403);
    assert!(said.contains("gibt es auf diesem Blog nicht"), "{said}");
    assert!(subscribers(&app).await.is_empty());
    app.stop().await;
}

crate::on_both_backends!(
    mails_new_posts_to_confirmed_subscribers,
    refuses_hostile_input_and_stores_nothing,
    offers_no_form_without_mail,
);
