//! Configuration layering: built-in defaults, then the TOML file, then
//! `BEITRAG_…` environment variables (`__` for nesting), then flags.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
pub use media::MediaTarget;
pub use model::{Config, EXAMPLE, LogFormat, MediaConfig, MediaStoreKind, Secret};

mod media;
mod model;
use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};

/// Top-level sections; environment variables outside them (such as
/// `BEITRAG_TEST_POSTGRES_URL`) are not configuration.
const SECTIONS: &[&str] = &[
    "server", "database", "site", "outbound", "cache", "limits", "jobs", "mail", "media", "log",
];

/// Loads the configuration. An explicitly named file must exist; the
/// default `beitrag.toml` is read only when present.
pub fn load(file: Option<&Path>, database: Option<&str>) -> Result<Config> {
    let mut figment = Figment::from(Serialized::defaults(Config::default()));
    match file {
        Some(path) => {
            if !path.is_file() {
                bail!("config file {} does not exist", path.display());
            }
            figment = figment.merge(Toml::file_exact(path));
        }
        None => {
            let default = PathBuf::from("beitrag.toml");
            if default.is_file() {
                figment = figment.merge(Toml::file_exact(default));
            }
        }
    }
    let env = Env::prefixed("BEITRAG_").split("__").filter(|key| {
        let key = key.as_str().to_ascii_lowercase();
        SECTIONS
            .iter()
            .any(|s| key.starts_with(&format!("{s}.")) || key.starts_with(&format!("{s}__")))
    });
    figment = figment.merge(env);
    let mut config: Config = figment
        .extract()
        .map_err(|e| anyhow::anyhow!(one_line(&e)))?;
    if let Some(url) = database {
        config.database.url = Secret(url.to_owned());
    }
    Ok(config)
}

fn one_line(e: &figment::Error) -> String {
    let mut parts: Vec<String> = e.clone().into_iter().map(|e| e.to_string()).collect();
    parts.dedup();
    format!("invalid configuration: {}", parts.join("; "))
}

/// Parses a TOML string strictly (unknown keys are errors).
pub fn parse(text: &str) -> Result<Config> {
    toml::from_str(text).context("invalid configuration")
}
