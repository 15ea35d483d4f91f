//! The heart of beitrag: domain types, site settings, permalinks,
//! configuration data, the backend-neutral [`Store`] trait and the services
//! (publish, import, manage users and settings) that every entry point calls.
//!
//! This crate must not depend on axum, sqlx or any other I/O framework:
//! `cargo tree -p beitrag-core -e normal` is checked by the test command.

pub mod config;
pub mod error;
pub mod model;
pub mod permalink;
pub mod service;
pub mod settings;
pub mod spam;
pub mod store;

pub use error::{Error, Result, StoreError};
pub use settings::Settings;
pub use store::Store;
