//! `[server] trusted_proxies`: a comment sent through a trusted proxy is
//! recorded under the client's address from `X-Forwarded-For` or
//! `Forwarded`; the same headers from anyone else change nothing.

use crate::comments::{OPEN_POST, post_comment_via, start_with};
use crate::harness::{Backend, Options, TestApp, raw_strings};
use crate::on_both_backends;

on_both_backends!(forwarding_headers_count_only_from_trusted_proxies);

/// The stored (truncated) address of a comment sent with `headers`.
async fn recorded_address(app: &TestApp, text: &str, headers: &[(&str, &str)]) -> String {
    let res = post_comment_via(app, OPEN_POST, &[("comment", text)], None, headers).await;
    assert!(
        res.status().is_redirection() || res.status().is_success(),
        "{}",
        res.status()
    );
    let sql = format!("select author_ip from comments where html like '%{text}%'");
    let found = raw_strings(app, &sql).await;
    assert_eq!(found.len(), 1, "comment {text} stored once");
    found[0].clone()
}

async fn forwarding_headers_count_only_from_trusted_proxies(backend: Backend) {
    let behind = start_with(
        backend,
        Options {
            trusted_proxies: vec!["127.0.0.1/32".into()],
            ..Options::default()
        },
    )
    .await;
    let xff = [("x-forwarded-for", "203.0.113.9, 198.51.100.23")];
    assert_eq!(
        recorded_address(&behind, "Erster Kommentar", &xff).await,
        "198.51.100.0"
    );
    let rfc = [("forwarded", "for=\"[2001:db8:cafe::17]:4711\";proto=https")];
    assert_eq!(
        recorded_address(&behind, "Zweiter Kommentar", &rfc).await,
        "2001:db8:cafe::"
    );
    let junk = [("x-forwarded-for", "keine-adresse")];
    assert_eq!(
        recorded_address(&behind, "Dritter Kommentar", &junk).await,
        "127.0.0.0"
    );
    behind.stop().await;

    let direct = start_with(backend, Options::default()).await;
    assert_eq!(
        recorded_address(&direct, "Vierter Kommentar", &xff).await,
        "127.0.0.0"
    );
    direct.stop().await;
}
