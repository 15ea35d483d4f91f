//! The store conformance suite: every scenario runs on SQLite (a fresh
//! file per test) and on PostgreSQL when `BEITRAG_TEST_POSTGRES_URL` is set
//! (a fresh database per test). One integration-test binary for the crate.

// This whole crate is test code, but the scenarios and fixtures are plain
// async fns rather than `#[test]` fns, which clippy's `allow-unwrap-in-tests`
// does not cover.
#![allow(clippy::unwrap_used, clippy::expect_used)]

/// Instantiates each named scenario (`async fn name(store: SqlStore)` in the
/// invoking module) once per backend, as tests `name::sqlite` and
/// `name::postgres`.
macro_rules! conformance {
    ($($name:ident),+ $(,)?) => {$(
        mod $name {
            use crate::harness::{Backend, run};

            #[tokio::test]
            async fn sqlite() {
                run(Backend::Sqlite, super::$name).await;
            }

            #[tokio::test]
            async fn postgres() {
                run(Backend::Postgres, super::$name).await;
            }
        }
    )+};
}

mod access;
mod accounts;
mod changes;
mod comment_pages;
mod comments;
mod fixture;
mod harness;
mod jobs;
mod list;
mod page;
mod save;
mod schema;
mod settings;
mod subscriptions;
mod terms_admin;
mod theme;
mod timeline;
mod users;
