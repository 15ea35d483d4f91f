//! Business rules shared by every entry point (admin, API, CLI, importer,
//! linkback endpoints, job handlers, later the federation inbox). Every
//! function that writes takes the [`Core`](crate::Core) and the
//! [`Actor`](crate::Actor), checks what the actor may do, writes, and
//! publishes the [`Change`](crate::Change)s. Handlers only extract, call a
//! service, render.

pub mod access;
pub mod auth;
pub mod comment;
pub mod featured;
pub mod fediverse;
pub mod followers;
pub mod import;
pub mod indieauth;
pub mod jobs;
pub mod linkback;
pub mod links;
pub mod media;
pub mod notify;
pub mod post;
pub mod post_input;
pub mod rate;
pub mod reset;
pub mod search;
pub mod settings;
pub mod site_icon;
pub mod subscribers;
pub mod terms;
pub mod theme;
pub mod totp;
pub mod user;
pub mod websub;
