//! Import and export of blog posts as Markdown files with front matter.
//!
//! Posts are exchanged as Markdown files that start with a front matter block
//! in TOML (fenced by `+++`) or YAML (fenced by `---`), the convention used by
//! Zola, Hugo and Jekyll. [`parse_post`] and [`read_post`] read such files,
//! [`write_post`] writes them (always TOML), and [`collect_files`] expands the
//! command line inputs of an import into a list of Markdown files.
//!
//! Writing and then parsing a post gives back an equal [`PostFile`]; every
//! error is an [`ImportError`] naming the file and the line. [`import`]
//! loads files through the core post service, all or nothing, and
//! [`export`] writes a blog back out.

mod document;
mod error;
mod export;
mod files;
mod ghost;
mod load;
mod parse;
mod sidecar;
mod write;
mod wxr;

pub use document::{FrontMatterFormat, Kind, OpenClosed, PostFile, Status};
pub use error::ImportError;
pub use export::export;
pub use files::{collect_files, read_post};
pub use ghost::import_ghost;
pub use load::{ImportSummary, import};
pub use parse::parse_post;
pub use write::write_post;
pub use wxr::{
    ExportSummary, MediaImport, Progress, Report, Skipped, WordpressOptions, export_wordpress,
    import_wordpress,
};
