//! The public web face of beitrag: the axum router, the default theme
//! (minijinja templates, CSS, Fluent catalogs), feeds and the page cache.
//!
//! Handlers extract, call one core service (which takes the actor and
//! checks it), and render; they hold no SQL and no business rules. This
//! crate never sees a store that can write: it gets `beitrag_core::Core`,
//! whose `read()` offers every read query and nothing else, so a write
//! that skips a service's rule does not compile. Jobs run in `beitrag-jobs`;
//! the web only queues them through the services.

pub mod akismet;
pub mod auth;
pub mod cache;
pub mod error;
pub mod i18n;
pub mod media;
pub mod metrics;
pub mod problem;
pub mod proxy;
pub mod routes;
pub mod sidebar;
pub mod state;
pub mod templates;
pub mod views;

pub use error::WebError;
pub use routes::hot::HotPath;
pub use routes::{metrics_only, router};
pub use state::{AppState, WebOptions};
