//! SQLite and PostgreSQL storage for beitrag: [`SqlStore`] implements
//! [`beitrag_core::Store`] for both backends with one body of SQL, run
//! through sqlx's `Any` driver. The backend is picked by URL scheme
//! (`sqlite:` or `postgres://`).
//!
//! This crate owns every SQL statement and both migration trees
//! (`migrations/sqlite`, `migrations/postgres`, the same version list). It
//! knows nothing about HTTP, templates or configuration files: callers hand
//! it a URL and talk to it through the `Store` trait.
//!
//! Portability rules the SQL keeps to, so one text serves both engines:
//! `$1, $2…` placeholders (SQLite accepts them), only the types `Any`
//! supports (64-bit integers and text; timestamps are unix seconds, booleans
//! 0/1, enums their `as_str()` words), `on conflict … do` upserts and
//! `returning`, and no engine-specific functions.

mod accounts;
mod area;
mod auth_codes;
pub mod backup;
mod changes;
mod comment_pages;
mod comments;
mod connect;
mod error;
mod exec;
mod fediverse;
mod imports;
mod jobs;
mod media;
mod post_batch;
mod posts;
mod revisions;
mod rows;
mod save;
mod search;
mod settings;
mod sitemap;
mod spam_tokens;
mod sql;
mod store;
mod subscriptions;
mod terms;
mod theme;
mod timeline;
mod users;

pub use connect::backend_of;
pub use store::SqlStore;
