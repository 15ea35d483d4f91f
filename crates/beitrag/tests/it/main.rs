//! End-to-end tests: the real server on 127.0.0.1, a real SQLite file and a
//! real PostgreSQL database, real HTTP, HTML parsed with `scraper`, feeds
//! read with `feed-rs`, and the real binary for command-line tests.

// Scenario functions and the harness are not `#[test]` items, so clippy's
// allow-in-tests setting does not reach them; a failed expectation is the point.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod harness;
mod session;

mod admin_auth;
mod admin_errors;
mod admin_i18n;
mod admin_pages;
mod admin_posts;
mod api_comments;
mod api_media;
mod api_openapi;
mod api_posts;
mod api_problems;
mod api_settings_users;
mod api_terms;
mod backup;
mod backup_refusals;
mod browser;
mod browser_admin;
mod browser_axe;
mod browser_design;
mod browser_editor;
mod cache;
mod cli;
mod coherence;
mod comment_pages;
mod comments;
mod editor;
mod editor_featured;
mod fedify;
mod fediverse;
mod fediverse_inbox;
mod fediverse_refusals;
mod fediverse_sender;
mod feeds;
mod ghost;
mod import_export;
mod instances;
mod instances_restart;
mod jobs;
mod linkbacks;
mod mail;
mod media_s3;
mod media_s3_import;
mod media_s3_refusals;
mod micropub;
mod ops;
mod proxies;
mod routing;
mod search;
mod site;
mod site_icon;
mod sitemap;
mod subscriptions;
mod summaries;
mod theme;
mod theme_refusals;
mod webmention;
mod websub;
mod wordpress;
mod wordpress_export;
mod wordpress_media;
mod xmlrpc_clients;
