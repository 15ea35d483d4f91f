//! The public web face of beitrag: the axum router, the default theme
//! (minijinja templates, CSS, Fluent catalogs), feeds and the page cache.
//!
//! Handlers extract, call the store or a core service, and render; they hold
//! no SQL and no business rules. This crate never depends on a store
//! implementation: it sees `beitrag_core::Store` only.

pub mod akismet;
pub mod auth;
pub mod cache;
pub mod error;
pub mod forms;
pub mod i18n;
pub mod mail;
pub mod media;
pub mod problem;
pub mod routes;
pub mod state;
pub mod templates;
pub mod views;
pub mod worker;

pub use error::WebError;
pub use routes::router;
pub use state::{AppState, WebOptions};
