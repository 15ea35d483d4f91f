//! What an operator watches, as OpenMetrics text for Prometheus at
//! `/metrics`: requests by route and status with their latency, the page
//! cache, the job backlog and the database pool.
//!
//! Counting costs an atomic add per request. Cached pages answered on the
//! hot path count one hit each and nothing else (no label lookup), so the
//! fast path stays as fast as a static file server; the router's requests
//! carry the route and status labels.

use std::sync::atomic::AtomicU64;

use axum::http::StatusCode;
use beitrag_core::model::JobStatus;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::{Registry, Unit};

use crate::error::WebError;
use crate::state::AppState;

/// The `Content-Type` of the exposition.
pub const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    route: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct JobLabels {
    kind: String,
    status: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OutcomeLabels {
    kind: String,
    outcome: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct KindLabels {
    kind: String,
}

fn latency_histogram() -> Histogram {
    // 0.5 ms to about 8 s: a cache hit to a very slow render.
    Histogram::new(exponential_buckets(0.0005, 2.0, 15))
}

/// The registry and its metrics. Scrape-time values (cache size, backlog,
/// pool) are read when `/metrics` is asked for.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram, fn() -> Histogram>,
    cache_hits: Counter,
    cache_renders: Counter,
    cache_entries: Gauge,
    cache_bytes: Gauge,
    jobs: Family<JobLabels, Gauge>,
    job_wait: Family<KindLabels, Gauge<f64, AtomicU64>>,
    jobs_finished: Family<OutcomeLabels, Gauge>,
    pool_open: Gauge,
    pool_idle: Gauge,
    pool_max: Gauge,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Metrics").finish_non_exhaustive()
    }
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("beitrag");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "http_requests",
            "Requests the router answered, by route and status",
            requests.clone(),
        );
        let latency = Family::<RouteLabels, Histogram, fn() -> Histogram>::new_with_constructor(
            latency_histogram,
        );
        registry.register_with_unit(
            "http_request_duration",
            "Time to answer a request the router handled",
            Unit::Seconds,
            latency.clone(),
        );
        let cache_hits = Counter::default();
        registry.register(
            "page_cache_hits",
            "Pages answered from the page cache",
            cache_hits.clone(),
        );
        let cache_renders = Counter::default();
        registry.register(
            "page_cache_renders",
            "Cacheable pages rendered because the cache had no fresh copy",
            cache_renders.clone(),
        );
        let cache_entries = Gauge::default();
        registry.register(
            "page_cache_entries",
            "Pages held in the page cache",
            cache_entries.clone(),
        );
        let cache_bytes = Gauge::default();
        registry.register_with_unit(
            "page_cache_size",
            "Memory the page cache holds, bodies and compressed copies",
            Unit::Bytes,
            cache_bytes.clone(),
        );
        let jobs = Family::<JobLabels, Gauge>::default();
        registry.register(
            "jobs_unfinished",
            "Jobs not finished yet, by kind and state (queued, running, failed)",
            jobs.clone(),
        );
        let job_wait = Family::<KindLabels, Gauge<f64, AtomicU64>>::default();
        registry.register_with_unit(
            "jobs_oldest_wait",
            "How long the longest-waiting queued job of a kind has been due",
            Unit::Seconds,
            job_wait.clone(),
        );
        let jobs_finished = Family::<OutcomeLabels, Gauge>::default();
        registry.register(
            "jobs_finished_last_hour",
            "Jobs (deliveries, mails, rebuilds) finished in the last hour, by kind and outcome",
            jobs_finished.clone(),
        );
        let pool_open = Gauge::default();
        registry.register(
            "db_pool_connections",
            "Open database connections",
            pool_open.clone(),
        );
        let pool_idle = Gauge::default();
        registry.register(
            "db_pool_idle_connections",
            "Open database connections not in use",
            pool_idle.clone(),
        );
        let pool_max = Gauge::default();
        registry.register(
            "db_pool_max_connections",
            "The most database connections the pool opens",
            pool_max.clone(),
        );
        Self {
            registry,
            requests,
            latency,
            cache_hits,
            cache_renders,
            cache_entries,
            cache_bytes,
            jobs,
            job_wait,
            jobs_finished,
            pool_open,
            pool_idle,
            pool_max,
        }
    }
}

impl Metrics {
    /// One request the router answered. `route` is its route pattern, a
    /// bounded set of names (never a raw path).
    pub fn request(&self, route: &str, status: StatusCode, seconds: f64) {
        self.requests
            .get_or_create(&RequestLabels {
                route: route.to_owned(),
                status: status.as_u16(),
            })
            .inc();
        self.latency
            .get_or_create(&RouteLabels {
                route: route.to_owned(),
            })
            .observe(seconds);
    }

    /// A page answered from the cache.
    pub fn cache_hit(&self) {
        self.cache_hits.inc();
    }

    /// A cacheable page rendered.
    pub fn cache_render(&self) {
        self.cache_renders.inc();
    }
}

/// The exposition, with the scrape-time values read now.
pub async fn render(state: &AppState) -> Result<String, WebError> {
    let m = state.metrics();
    let cache = state.cache();
    m.cache_entries
        .set(i64::try_from(cache.len()).unwrap_or(i64::MAX));
    m.cache_bytes
        .set(i64::try_from(cache.bytes()).unwrap_or(i64::MAX));
    let now = chrono::Utc::now();
    let backlog = state.read().job_backlog(now).await?;
    // Kinds and states that emptied must not keep their last value.
    m.jobs.clear();
    m.job_wait.clear();
    for b in &backlog {
        let status = match b.status {
            JobStatus::Running => "running",
            JobStatus::Failed => "failed",
            _ => "queued",
        };
        m.jobs
            .get_or_create(&JobLabels {
                kind: b.kind.clone(),
                status: status.to_owned(),
            })
            .set(b.count);
        if b.status == JobStatus::Queued {
            let waited = (now - b.oldest_due).num_milliseconds().max(0) as f64 / 1000.0;
            m.job_wait
                .get_or_create(&KindLabels {
                    kind: b.kind.clone(),
                })
                .set(waited);
        }
    }
    let finished = state
        .read()
        .jobs_finished_since(now - chrono::Duration::hours(1))
        .await?;
    m.jobs_finished.clear();
    for f in &finished {
        m.jobs_finished
            .get_or_create(&OutcomeLabels {
                kind: f.kind.clone(),
                outcome: f.outcome.clone(),
            })
            .set(f.count);
    }
    let pool = state.core().pool_stats();
    m.pool_open.set(i64::from(pool.open));
    m.pool_idle.set(i64::from(pool.idle));
    m.pool_max.set(i64::from(pool.max));
    let mut out = String::new();
    prometheus_client::encoding::text::encode(&mut out, &m.registry)
        .map_err(|e| WebError::Internal(format!("cannot encode the metrics: {e}")))?;
    Ok(out)
}
