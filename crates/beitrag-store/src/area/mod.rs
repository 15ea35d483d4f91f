//! The core's storage traits for [`crate::SqlStore`], one file per area.
//! Each method borrows one pooled connection (`read!`), holds the writer's
//! place on SQLite (`exclusive!`) or runs its steps in one transaction
//! (`transaction!`), and hands the connection to the module that owns the
//! SQL of that table.

mod accounts;
mod changes;
mod comments;
mod fediverse;
mod jobs;
mod media;
mod posts;
mod settings;
mod subscriptions;
mod terms;
mod theme;
