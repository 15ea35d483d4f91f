//! The heart of beitrag: domain types, site settings, permalinks, the
//! backend-neutral storage traits, and the services (publish, moderate,
//! manage users and settings) that every entry point calls through
//! [`Core`], naming its [`Actor`].
//!
//! This crate must not depend on axum, sqlx or any other I/O framework:
//! `cargo tree -p beitrag-core -e normal` is checked by the test command.

pub mod actor;
pub mod change;
pub mod comment_page;
pub mod error;
mod handle;
pub mod job;
pub mod message;
pub mod model;
pub mod permalink;
pub mod search;
pub mod service;
pub mod settings;
pub mod sign;
pub mod spam;
pub mod store;

pub use actor::Actor;
pub use change::Change;
pub use error::{Error, Result, StoreError, UploadProblem};
pub use handle::{Core, CoreOptions};
pub use message::{Message, Text};
pub use settings::Settings;
pub use store::Store;
