//! Email notifications through a real SMTP server (Python's aiosmtpd):
//! the post's author hears of new comments, a commenter of replies, with a
//! working unsubscribe link.

use beitrag_core::model::{CommentId, CommentStatus};
use beitrag_core::service::comment::{Action, moderate};

use crate::harness::{Backend, Options, SmtpSink, TestApp};

const POST: &str = "/2011/02/fuenf-regeln-fuer-gute-moderation/";

/// Headers and body of a raw message as Python's `email` package reads
/// them (MIME words and transfer encodings decoded by an independent parser).
pub fn decoded(raw: &str) -> String {
    let script = "import email, sys\nfrom email.header import decode_header, make_header\nm = email.message_from_string(sys.stdin.read())\nfor h in ('From', 'To', 'Subject'):\n    print(h + ': ' + str(make_header(decode_header(m[h]))))\nprint()\nprint(m.get_payload(decode=True).decode(m.get_content_charset() or 'utf-8'))\n";
    python(script, raw)
}

/// What a Python `script` prints for `input` on its standard input.
pub fn python(script: &str, input: &str) -> String {
    let mut child = std::process::Command::new("python3")
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), input.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

async fn comment(
    app: &TestApp,
    name: &str,
    email: &str,
    text: &str,
    parent: Option<i64>,
    notify: bool,
) -> u16 {
    let doc = app.page(POST).await;
    let post_id = crate::harness::attr(&doc, "input[name=comment_post_ID]", "value");
    let token = crate::harness::attr(&doc, "input[name=token]", "value");
    let parent = parent.map(|p| p.to_string()).unwrap_or_default();
    let mut fields = vec![
        ("comment_post_ID", post_id.as_str()),
        ("token", token.as_str()),
        ("author", name),
        ("email", email),
        ("comment", text),
        ("comment_parent", parent.as_str()),
    ];
    if notify {
        fields.push(("notify", "1"));
    }
    let body = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(fields)
        .finish();
    app.client
        .post(app.url("/comments/"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

async fn authors_and_commenters_are_notified(backend: Backend) {
    let Some(sink) = SmtpSink::start().await else {
        return;
    };
    let app = TestApp::start_with(
        backend,
        Options {
            cache_ttl: 0,
            smtp_url: sink.url.clone(),
            ..Options::default()
        },
    )
    .await;
    beitrag_core::service::settings::set(
        &app.core,
        &beitrag_core::Actor::Operator,
        "comment_min_seconds",
        "0",
    )
    .await
    .unwrap();

    assert_eq!(
        comment(
            &app,
            "Paula",
            "paula@example.net",
            "Frage zur dritten Regel",
            None,
            true
        )
        .await,
        303
    );
    let mails = sink.wait_for(1).await;
    assert_eq!(mails.len(), 1, "the author hears of the new comment");
    let mail = decoded(&mails[0]);
    assert!(mail.contains("To: anna@example.org"), "{mail}");
    assert!(
        mail.contains(
            "Subject: [Gemeinschaftsblog] Neuer Kommentar zu „Fünf Regeln für gute Moderation“"
        ),
        "{mail}"
    );
    assert!(mail.contains("Frage zur dritten Regel"), "{mail}");
    assert!(
        mail.contains("beitrag comments approve"),
        "pending note: {mail}"
    );

    let paula = crate::harness::all_comments(app.store.as_ref(), Some(CommentStatus::Pending), 10)
        .await[0]
        .id;
    moderate(
        &app.core,
        &beitrag_core::Actor::Operator,
        &[paula],
        Action::Approve,
    )
    .await
    .unwrap();
    crate::harness::moderate_nothing(&app).await;
    assert_eq!(
        comment(
            &app,
            "Jonas Weber",
            "jonas@example.org",
            "Gute Frage!",
            Some(paula.0),
            false
        )
        .await,
        303
    );
    let mails = sink.wait_for(3).await;
    let reply = mails
        .iter()
        .map(|m| decoded(m))
        .find(|m| m.contains("To: paula@example.net"))
        .expect("reply notification");
    assert!(reply.contains("Gute Frage!"), "{reply}");
    let start = reply
        .find("/comments/unsubscribe/")
        .expect("unsubscribe link");
    let link: String = reply[start..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect();
    let res = app.get(&link).await;
    assert_eq!(res.status(), 200, "{link}");
    assert!(
        !app.store
            .comment(CommentId(paula.0))
            .await
            .unwrap()
            .unwrap()
            .notify
    );
    let forged = link.replace("sig=", "sig=0");
    assert_eq!(app.get(&forged).await.status(), 404);
    app.stop().await;
}

crate::on_both_backends!(authors_and_commenters_are_notified);
