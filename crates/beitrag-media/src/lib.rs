//! Media uploads for beitrag: deciding what an upload is, making resized
//! copies of images and keeping the files in an object store.
//!
//! The flow for an upload from the admin form or the JSON API:
//!
//! 1. [`prepare`] checks the size, sniffs the type from the bytes
//!    ([`sniff`]; JPEG, PNG, WebP, GIF and PDF only), compares it with the
//!    client's `Content-Type`, decodes images within [`Limits`] and makes
//!    WebP copies at [`VARIANT_WIDTHS`]. It is CPU-bound: call it from
//!    `spawn_blocking`.
//! 2. [`MediaStore::save`] writes the original and the copies under a key
//!    prefix, all or nothing, and returns a [`StoredMedia`].
//! 3. Pages use [`srcset`] to offer the copies; the web layer serves objects
//!    from [`MediaStore::get`] with the type from [`mime_for_path`].
//!
//! Serving advice for the web layer: always send the sniffed type with
//! `X-Content-Type-Options: nosniff`, and consider `Content-Disposition:
//! attachment` for PDFs, so an upload can never run as a page of the blog.
//!
//! This crate knows nothing of HTTP, the database or configuration files.
//! Every failure is a [`MediaError`] with a [`MediaError::status_hint`].

#![warn(missing_docs)]

mod error;
mod icon;
mod name;
mod path;
mod prepare;
mod s3;
mod sniff;
mod srcset;
mod storage;
mod variants;

#[cfg(test)]
mod tests;

pub use error::{MediaError, Result};
pub use icon::{ICON_FILES, IconFile, MIN_ICON_SIDE, default_icon, site_icon};
pub use prepare::{Limits, Prepared, prepare};
pub use s3::{S3Credentials, S3Options};
pub use sniff::{ImageFormat, Kind, Sniffed, mime_for_path, sniff};
pub use srcset::srcset;
pub use storage::{Download, MediaStore, StoredMedia, StoredVariant};
pub use variants::{VARIANT_MIME, VARIANT_WIDTHS, Variant};
