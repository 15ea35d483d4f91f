//! What operators and load balancers ask for: `/healthz`, `/readyz` (503
//! naming the database when migrations are pending, without revealing
//! where it is), `/metrics` read by the Prometheus project's own
//! OpenMetrics parser (Python's `prometheus_client`), `/metrics` on an
//! address of its own, and the request id on routed answers.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::harness::{Backend, Options, TestApp};
use crate::on_both_backends;

on_both_backends!(
    health_readiness_and_metrics_for_operators,
    metrics_may_have_an_address_of_their_own
);

/// The samples of an exposition as the reference parser reads them:
/// `(name, labels, value)`. Panics (the test fails) when it does not parse.
fn parse_openmetrics(text: &str) -> Vec<(String, serde_json::Value, f64)> {
    let script = "import sys, json\n\
        from prometheus_client.openmetrics.parser import text_string_to_metric_families\n\
        out = []\n\
        for family in text_string_to_metric_families(sys.stdin.read()):\n\
        \x20   for s in family.samples:\n\
        \x20       out.append([s.name, s.labels, s.value])\n\
        print(json.dumps(out))\n";
    let mut child = Command::new("python3")
        .args(["-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 (scripts/test installs prometheus-client)");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "the OpenMetrics parser refused /metrics: {}\n{text}",
        String::from_utf8_lossy(&out.stderr)
    );
    let samples: Vec<(String, serde_json::Value, f64)> =
        serde_json::from_slice(&out.stdout).unwrap();
    samples
}

fn value(samples: &[(String, serde_json::Value, f64)], name: &str, labels: &[(&str, &str)]) -> f64 {
    samples
        .iter()
        .filter(|(n, l, _)| n == name && labels.iter().all(|(k, v)| l[k] == *v))
        .map(|(_, _, v)| v)
        .sum()
}

async fn health_readiness_and_metrics_for_operators(backend: Backend) {
    let app = TestApp::start(backend).await;
    let res = app.get("/healthz").await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.text().await.unwrap(), "ok\n");
    let res = app.get("/readyz").await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.text().await.unwrap(), "ready\n");

    // Traffic: the home page rendered once, then from the cache; a search;
    // a page that does not exist.
    for _ in 0..3 {
        assert_eq!(app.get("/").await.status(), 200);
    }
    let res = app.get("/search?q=Telefon").await;
    assert_eq!(res.status(), 200);
    let id = res.headers()["x-request-id"].to_str().unwrap().to_owned();
    assert_eq!(id.len(), 16, "{id}");
    assert!(id.bytes().all(|b| b.is_ascii_hexdigit()), "{id}");
    assert_eq!(app.get("/gibt-es-nicht/").await.status(), 404);
    // A proxy's plain id is kept; anything else is replaced.
    let echoed = |sent: &'static str| {
        let app = &app;
        async move {
            let res = app
                .client
                .get(app.url("/search?q=x"))
                .header("x-request-id", sent)
                .send()
                .await
                .unwrap();
            res.headers()["x-request-id"].to_str().unwrap().to_owned()
        }
    };
    assert_eq!(echoed("lb-7f3a.42_x").await, "lb-7f3a.42_x");
    assert_ne!(echoed("<script>").await, "<script>");
    assert_eq!(echoed("<script>").await.len(), 16);

    let res = app.get("/metrics").await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers()["content-type"],
        "application/openmetrics-text; version=1.0.0; charset=utf-8"
    );
    let text = res.text().await.unwrap();
    let samples = parse_openmetrics(&text);
    let requests = "beitrag_http_requests_total";
    assert!(
        value(
            &samples,
            requests,
            &[("route", "/search"), ("status", "200")]
        ) >= 4.0
    );
    assert!(value(&samples, requests, &[("route", "pages"), ("status", "404")]) >= 1.0);
    assert!(value(&samples, requests, &[("route", "/healthz")]) >= 1.0);
    // Raw paths never become labels.
    assert!(!text.contains("gibt-es-nicht"), "{text}");
    assert!(
        value(
            &samples,
            "beitrag_http_request_duration_seconds_count",
            &[("route", "/search")]
        ) >= 4.0
    );
    assert!(value(&samples, "beitrag_page_cache_hits_total", &[]) >= 2.0);
    assert!(value(&samples, "beitrag_page_cache_renders_total", &[]) >= 1.0);
    assert!(value(&samples, "beitrag_page_cache_entries", &[]) >= 1.0);
    assert!(value(&samples, "beitrag_page_cache_size_bytes", &[]) > 1000.0);
    assert_eq!(value(&samples, "beitrag_db_pool_max_connections", &[]), 4.0);
    assert!(value(&samples, "beitrag_db_pool_connections", &[]) >= 1.0);

    // A queued job shows in the backlog, with how long it has waited.
    let due = chrono::Utc::now() - chrono::Duration::seconds(90);
    app.store
        .enqueue_job(
            "search.reindex",
            &beitrag_core::job::Job::ReindexSearch.payload(),
            None,
            due,
            3,
        )
        .await
        .unwrap();
    let samples = parse_openmetrics(&app.get("/metrics").await.text().await.unwrap());
    let queued = value(
        &samples,
        "beitrag_jobs_unfinished",
        &[("kind", "search.reindex"), ("status", "queued")],
    ) + value(
        &samples,
        "beitrag_jobs_unfinished",
        &[("kind", "search.reindex"), ("status", "running")],
    );
    assert!(queued >= 1.0, "{samples:?}");
    // The worker runs it; its outcome is counted for the last hour.
    let finished = "beitrag_jobs_finished_last_hour{kind=\"search.reindex\",outcome=\"done\"}";
    let mut text = String::new();
    for _ in 0..100 {
        text = app.get("/metrics").await.text().await.unwrap();
        if text.contains(finished) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let samples = parse_openmetrics(&text);
    let done = value(
        &samples,
        "beitrag_jobs_finished_last_hour",
        &[("kind", "search.reindex"), ("outcome", "done")],
    );
    assert!(
        done >= 1.0,
        "the reindex job finished and was counted:\n{text}"
    );

    // Pending migrations: not ready, and the answer names no address.
    forget_newest_migration(&app).await;
    let res = app.get("/readyz").await;
    assert_eq!(res.status(), 503);
    assert_eq!(res.text().await.unwrap(), "not ready: database\n");
    assert_eq!(app.get("/healthz").await.status(), 200);
    app.stop().await;
}

async fn metrics_may_have_an_address_of_their_own(backend: Backend) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let app = TestApp::start_with(
        backend,
        Options {
            metrics_listen: Some(format!("127.0.0.1:{port}")),
            ..Options::default()
        },
    )
    .await;
    assert_eq!(app.get("/metrics").await.status(), 404);
    let res = app
        .client
        .get(format!("http://127.0.0.1:{port}/metrics"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let samples = parse_openmetrics(&res.text().await.unwrap());
    assert_eq!(value(&samples, "beitrag_db_pool_max_connections", &[]), 4.0);
    let res = app
        .client
        .get(format!("http://127.0.0.1:{port}/"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404, "only /metrics there");
    app.stop().await;
}

/// Makes the schema look one migration behind this binary.
async fn forget_newest_migration(app: &TestApp) {
    crate::harness::raw_execute(
        app,
        "delete from _sqlx_migrations where version = (select max(version) from _sqlx_migrations)",
    )
    .await;
}
