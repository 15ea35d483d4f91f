//! Receiving TrackBacks and Pingbacks. Pingbacks are sent by Python's
//! standard `xmlrpc.client`, an independent XML-RPC implementation; the
//! source pages are posts of the same blog, fetched back over loopback
//! through the SSRF-safe client (which must refuse loopback unless the
//! configuration allows it).

use std::process::Command;

use crate::harness::save_posts;
use beitrag_core::model::PostKind;

use crate::harness::{Backend, Options, TestApp, count, text};

const TARGET: &str = "/2011/02/fuenf-regeln-fuer-gute-moderation/";
const CLOSED: &str = "/2011/01/social-media-wird-so-normal-wie-das-telefon/";

async fn trackback(app: &TestApp, path: &str, body: &str) -> (u16, String) {
    let res = app
        .client
        .post(app.url(&format!("{path}trackback/")))
        .header(
            "content-type",
            "application/x-www-form-urlencoded; charset=utf-8",
        )
        .body(body.to_owned())
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

async fn trackbacks_are_received_and_listed(backend: Backend) {
    let app = TestApp::start_with(
        backend,
        Options {
            cache_ttl: 0,
            ..Options::default()
        },
    )
    .await;
    let page = app.get(TARGET).await.text().await.unwrap();
    assert!(
        page.contains(&format!("trackback:ping=\"{}trackback/\"", app.url(TARGET))),
        "RDF autodiscovery"
    );
    let body = "url=https%3A%2F%2Fanderes-blog.example%2F2011%2F02%2Fmoderation%2F&title=Moderation+ist+Gastgeberschaft&excerpt=Ein+sch%C3%B6ner+Artikel+%3Cscript%3Ex%3C%2Fscript%3E&blog_name=Anderes+Blog";
    let (status, xml) = trackback(&app, TARGET, body).await;
    assert_eq!(status, 200, "{xml}");
    assert!(xml.contains("<error>0</error>"), "{xml}");
    // Under first-time moderation (the default) a site never approved
    // before waits, like a new commenter.
    let held = crate::harness::all_comments(
        app.store.as_ref(),
        Some(beitrag_core::model::CommentStatus::Pending),
        10,
    )
    .await;
    assert_eq!(held.len(), 1);
    assert_eq!(count(&app.page(TARGET).await, ".trackback-list li"), 0);
    beitrag_core::service::comment::moderate(
        &app.core,
        &beitrag_core::Actor::Operator,
        &[held[0].id],
        beitrag_core::service::comment::Action::Approve,
    )
    .await
    .unwrap();
    let doc = app.page(TARGET).await;
    assert_eq!(text(&doc, "#trackbacks h2"), "Trackbacks (1)");
    assert_eq!(
        text(&doc, ".trackback-list a"),
        "Moderation ist Gastgeberschaft"
    );
    assert!(
        !app.get(TARGET)
            .await
            .text()
            .await
            .unwrap()
            .contains("<script>x"),
        "excerpt is sanitised"
    );

    // Once approved, the site's next linkback (any scheme, any port)
    // appears at once; another site's still waits.
    for (source, shown) in [
        (
            "https%3A%2F%2Fanderes-blog.example%3A8443%2F2011%2F03%2Fnoch-einer%2F",
            2,
        ),
        ("https%3A%2F%2Ffremdes-blog.example%2F2011%2F03%2Fneu%2F", 2),
    ] {
        let (status, xml) =
            trackback(&app, TARGET, &format!("url={source}&title=Noch+einer")).await;
        assert_eq!(status, 200, "{xml}");
        assert_eq!(
            count(&app.page(TARGET).await, ".trackback-list li"),
            shown,
            "{source}"
        );
    }

    for (path, body, status) in [
        (TARGET, body, 409),
        (TARGET, "title=ohne+url", 400),
        (TARGET, "url=javascript%3Aalert(1)", 400),
        (TARGET, "url=%FF%FE", 400),
        (CLOSED, "url=https%3A%2F%2Fx.example%2F", 403),
        (
            "/2011/01/gibt-es-nicht/",
            "url=https%3A%2F%2Fx.example%2F",
            404,
        ),
    ] {
        let (got, xml) = trackback(&app, path, body).await;
        assert_eq!(got, status, "{path} {body}: {xml}");
        assert!(xml.contains("<error>1</error>"), "{xml}");
    }
    app.stop().await;
}

fn python_ping(server: &str, source: &str, target: &str) -> String {
    let script = r#"
import sys, xmlrpc.client
proxy = xmlrpc.client.ServerProxy(sys.argv[1])
try:
    print("ok:" + proxy.pingback.ping(sys.argv[2], sys.argv[3]))
except xmlrpc.client.Fault as f:
    print("fault:%d" % f.faultCode)
"#;
    let out = Command::new("python3")
        .args(["-c", script, server, source, target])
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

async fn source_post(app: &TestApp, slug: &str, body: &str) -> String {
    save_posts(
        &app.core,
        vec![crate::harness::published(
            PostKind::Page,
            slug,
            &format!("Quelle {slug}"),
            body,
            "jonas",
        )],
    )
    .await
    .unwrap();
    app.url(&format!("/{slug}/"))
}

async fn pingbacks_from_xmlrpc_client_are_verified(backend: Backend) {
    let options = Options {
        cache_ttl: 0,
        allow_private: vec!["127.0.0.0/8".into()],
        ..Options::default()
    };
    let app = TestApp::start_with(backend, options).await;
    crate::harness::moderate_nothing(&app).await;
    crate::harness::no_sidebar(&app).await;
    let res = app.get(TARGET).await;
    assert_eq!(res.headers()["x-pingback"], app.url("/xmlrpc").as_str());
    let doc = scraper::Html::parse_document(&res.text().await.unwrap());
    assert_eq!(
        crate::harness::attr(&doc, r#"link[rel="pingback"]"#, "href"),
        app.url("/xmlrpc")
    );

    let target = app.url(TARGET);
    let linking = source_post(
        &app,
        "verweis",
        &format!("Lesenswert: [fünf Regeln]({target})."),
    )
    .await;
    let silent = source_post(&app, "ohne-link", "Hier steht kein Link.").await;
    let server = app.url("/xmlrpc");
    assert_eq!(
        python_ping(&server, &linking, &target),
        format!("ok:Pingback from {linking} to {target} registered")
    );
    let doc = app.page(TARGET).await;
    assert_eq!(text(&doc, "#trackbacks h2"), "Trackbacks (1)");
    assert_eq!(
        text(&doc, ".trackback-list a"),
        "Quelle verweis – Gemeinschaftsblog"
    );
    assert_eq!(
        python_ping(&server, &linking, &target),
        "fault:48",
        "already registered"
    );
    assert_eq!(
        python_ping(&server, &silent, &target),
        "fault:17",
        "source does not link"
    );
    assert_eq!(
        python_ping(&server, &linking, "https://elsewhere.example/"),
        "fault:32"
    );
    assert_eq!(
        python_ping(&server, &linking, &app.url("/2011/01/gibt-es-nicht/")),
        "fault:32"
    );
    assert_eq!(python_ping(&server, &linking, &app.url(CLOSED)), "fault:33");
    assert_eq!(
        python_ping(&server, &app.url("/gibt-es-nicht/"), &target),
        "fault:16"
    );

    for (body, code) in [
        (
            "<methodCall><methodName>pingback.ping</methodName><params>",
            -32700,
        ),
        (
            "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaa\">]><methodCall><methodName>&a;</methodName></methodCall>",
            -32700,
        ),
        (
            "<methodCall><methodName>demo.sayHello</methodName><params/></methodCall>",
            -32601,
        ),
        (
            "<methodCall><methodName>pingback.ping</methodName><params><param><value>x</value></param></params></methodCall>",
            -32602,
        ),
    ] {
        let res = app
            .client
            .post(&server)
            .header("content-type", "text/xml")
            .body(body.to_owned())
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let xml = res.text().await.unwrap();
        assert!(
            xml.contains("<name>faultCode</name>") && xml.contains(&code.to_string()),
            "{body}: {xml}"
        );
    }
    assert_eq!(count(&app.page(TARGET).await, ".trackback-list li"), 1);
    app.stop().await;
}

async fn pingback_sources_on_private_addresses_are_refused(backend: Backend) {
    // No allow-list: the blog must not fetch its own loopback address.
    let app = TestApp::start_with(
        backend,
        Options {
            cache_ttl: 0,
            ..Options::default()
        },
    )
    .await;
    let target = app.url(TARGET);
    let linking = source_post(&app, "verweis", &format!("[Link]({target})")).await;
    assert_eq!(
        python_ping(&app.url("/xmlrpc"), &linking, &target),
        "fault:16"
    );
    for source in [
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/",
        "file:///etc/passwd",
    ] {
        assert_eq!(
            python_ping(&app.url("/xmlrpc"), source, &target),
            "fault:16",
            "{source}"
        );
    }
    // The fault says why in general terms and never which address a name
    // resolved to: nobody maps internal names through it.
    for (source, reason) in [
        (linking.as_str(), "the host is not allowed"),
        (
            "http://169.254.169.254/latest/meta-data/",
            "the host is not allowed",
        ),
        ("http://localhost:9/", "the host is not allowed"),
    ] {
        let call = format!(
            "<?xml version=\"1.0\"?><methodCall><methodName>pingback.ping</methodName><params>\
             <param><value><string>{source}</string></value></param>\
             <param><value><string>{target}</string></value></param></params></methodCall>"
        );
        let xml = app
            .client
            .post(app.url("/xmlrpc"))
            .header("content-type", "text/xml")
            .body(call)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(xml.contains(reason), "{source}: {xml}");
        for detail in ["127.0.0.1", "169.254", "loopback", "link-local", "::1"] {
            assert!(
                !xml.contains(detail) || source.contains(detail),
                "{source}: {xml}"
            );
        }
    }
    assert_eq!(count(&app.page(TARGET).await, ".trackback-list li"), 0);
    app.stop().await;
}

async fn pingbacks_quote_plain_pages_around_their_link(backend: Backend) {
    use std::io::BufRead;
    let app = TestApp::start_with(
        backend,
        Options {
            cache_ttl: 0,
            allow_private: vec!["127.0.0.0/8".into()],
            ..Options::default()
        },
    )
    .await;
    crate::harness::moderate_nothing(&app).await;
    let target = app.url(TARGET);
    // A page without microformats, served by Python's http.server.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("quelle.html"),
        format!(
            "<html><head><title>Netzgespräche</title></head><body><nav><a href=\"/\">Start</a></nav>\
             <p>Wie schon in <a href=\"{target}\">diesem Artikel über Moderation</a> steht, \
             braucht jede Gemeinschaft Regeln.</p></body></html>"
        ),
    )
    .unwrap();
    let mut server = Command::new("python3")
        .args([
            "-u",
            "-m",
            "http.server",
            "0",
            "--bind",
            "127.0.0.1",
            "--directory",
        ])
        .arg(dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(server.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port = line
        .split("port ")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .unwrap_or_else(|| panic!("no port in {line:?}"))
        .to_owned();
    let source = format!("http://127.0.0.1:{port}/quelle.html");
    let answer = python_ping(&app.url("/xmlrpc"), &source, &target);
    let _ = server.kill();
    let _ = server.wait();
    assert!(answer.starts_with("ok:"), "{answer}");
    let listed = text(&app.page(TARGET).await, ".trackback-list li");
    assert!(listed.contains("Pingback von Netzgespräche"), "{listed}");
    assert!(
        listed.contains(
            "Wie schon in diesem Artikel über Moderation steht, braucht jede Gemeinschaft Regeln."
        ),
        "{listed}"
    );
    app.stop().await;
}

crate::on_both_backends!(
    pingbacks_quote_plain_pages_around_their_link,
    trackbacks_are_received_and_listed,
    pingbacks_from_xmlrpc_client_are_verified,
    pingback_sources_on_private_addresses_are_refused,
);
