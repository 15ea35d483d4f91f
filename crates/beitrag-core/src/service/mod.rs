//! Business rules shared by every entry point (web, CLI, importer, later the
//! API and federation inbox). Handlers only extract, call a service, render.

pub mod access;
pub mod auth;
pub mod comment;
pub mod linkback;
pub mod links;
pub mod media;
pub mod notify;
pub mod post;
pub mod settings;
pub mod terms;
pub mod totp;
pub mod user;
