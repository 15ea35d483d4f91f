//! Process configuration: where to listen, which database, the site's
//! initial settings, and what outbound requests may reach. Plain serde data;
//! layering (defaults → `beitrag.toml` → `BEITRAG_…` → flags) happens in the
//! binary. Field docs here are the user documentation: `beitrag config
//! default` prints them.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// The whole configuration. Unknown keys are errors, so typos surface.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// HTTP server.
    pub server: ServerConfig,
    /// Database connection.
    pub database: DatabaseConfig,
    /// The site's initial settings, applied on first start only; later use
    /// `beitrag settings set`.
    pub site: SiteConfig,
    /// Outbound HTTP (linkbacks, federation).
    pub outbound: OutboundConfig,
    /// Page cache.
    pub cache: CacheConfig,
    /// Flood protection.
    pub limits: LimitsConfig,
    /// Background jobs.
    pub jobs: JobsConfig,
    /// Outgoing email.
    pub mail: MailConfig,
    /// Uploaded images and files.
    pub media: MediaConfig,
    /// Log lines.
    pub log: LogConfig,
}

/// `[log]`
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LogConfig {
    /// `text` or `json`.
    pub format: LogFormat,
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// One readable line per event.
    #[default]
    Text,
    /// One JSON object per line, for log collectors.
    Json,
}

/// `[media]`
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MediaConfig {
    /// Where uploads are kept: `local` (the directory `dir`) or `s3` (a
    /// bucket of AWS S3 or of an S3-compatible service).
    pub store: MediaStoreKind,
    /// Directory uploads are stored in (created when missing); `local` only.
    pub dir: PathBuf,
    /// Largest upload in bytes.
    pub max_upload_bytes: u64,
    /// `s3`: the bucket's name (required).
    pub bucket: String,
    /// `s3`: the region; empty takes `AWS_REGION` or `AWS_DEFAULT_REGION`.
    /// R2 wants `auto`; most self-hosted services accept any name.
    pub region: String,
    /// `s3`: the URL of an S3-compatible service (MinIO, Garage, R2);
    /// empty for AWS itself.
    pub endpoint: String,
    /// `s3`: allow a plain `http://` endpoint (loopback or a private
    /// network only: keys and uploads travel unencrypted).
    pub allow_http: bool,
    /// `s3`: the access key id; empty takes `AWS_ACCESS_KEY_ID`, and
    /// without either the usual AWS sources apply (web identity, the
    /// instance metadata service).
    pub access_key_id: String,
    /// `s3`: the secret access key; empty takes `AWS_SECRET_ACCESS_KEY`.
    pub secret_access_key: Secret,
}

impl Default for MediaConfig {
    fn default() -> Self {
        Self {
            store: MediaStoreKind::Local,
            dir: PathBuf::from("media"),
            max_upload_bytes: 10 * 1024 * 1024,
            bucket: String::new(),
            region: String::new(),
            endpoint: String::new(),
            allow_http: false,
            access_key_id: String::new(),
            secret_access_key: Secret(String::new()),
        }
    }
}

/// Where `[media]` keeps uploads.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MediaStoreKind {
    /// A directory on this machine.
    #[default]
    Local,
    /// An S3 bucket, shared by every instance in front of it.
    S3,
}

/// `[mail]`
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MailConfig {
    /// SMTP server, e.g. `smtp://127.0.0.1:25` or `smtps://user:pass@mail.example.org`;
    /// empty turns notifications off.
    pub smtp_url: Secret,
    /// Sender address of notifications.
    pub from: String,
}

impl Default for MailConfig {
    fn default() -> Self {
        Self {
            smtp_url: Secret(String::new()),
            from: "beitrag <beitrag@localhost>".into(),
        }
    }
}

/// `[jobs]`
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct JobsConfig {
    /// Background jobs (linkbacks, mail, verification) run at once by
    /// each `beitrag serve` process.
    pub concurrency: usize,
    /// Seconds a claimed job is reserved for the process running it. The
    /// process renews the claim every third of this while the job runs;
    /// when it dies, another instance runs the job again once this passes.
    pub lease_seconds: u32,
}

impl Default for JobsConfig {
    fn default() -> Self {
        Self {
            concurrency: 4,
            lease_seconds: 120,
        }
    }
}

/// `[limits]`
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LimitsConfig {
    /// Comments and linkbacks one address may send per minute (0 = no limit).
    pub comments_per_minute_per_ip: u32,
    /// Comments and linkbacks one post may receive per minute (0 = no limit).
    pub comments_per_minute_per_post: u32,
    /// Activities one fediverse server may deliver per minute (0 = no limit).
    pub activities_per_minute_per_instance: u32,
}

impl Default for LimitsConfig {
    fn default() -> Self {
        Self {
            comments_per_minute_per_ip: 6,
            comments_per_minute_per_post: 30,
            activities_per_minute_per_instance: 600,
        }
    }
}

/// `[server]`
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ServerConfig {
    /// Address and port to listen on.
    pub listen: String,
    /// Largest request body accepted, in bytes.
    pub max_body_bytes: usize,
    /// Address `/metrics` is served on instead of `listen`.
    pub metrics_listen: Option<String>,
    /// Reverse proxies (addresses or networks) whose `X-Forwarded-For` and
    /// `Forwarded` headers name the client.
    pub trusted_proxies: Vec<String>,
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            listen: "127.0.0.1:8080".into(),
            max_body_bytes: 1024 * 1024,
            metrics_listen: None,
            trusted_proxies: Vec::new(),
        }
    }
}

/// `[database]`
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DatabaseConfig {
    /// `sqlite:PATH` (created when missing) or `postgres://user:pass@host/db`.
    pub url: Secret,
    /// Connection pool size.
    pub max_connections: u32,
}

impl Default for DatabaseConfig {
    fn default() -> Self {
        Self {
            url: Secret("sqlite:beitrag.db".into()),
            max_connections: 8,
        }
    }
}

/// `[site]`
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SiteConfig {
    /// Blog name.
    pub title: String,
    /// Line under the name.
    pub tagline: String,
    /// `de` or `en`.
    pub language: String,
    /// IANA time zone.
    pub timezone: String,
    /// Public URL without trailing slash; empty means `http://` + the listen address.
    pub base_url: String,
    /// Directory whose templates override the built-in theme, file by file.
    pub theme_dir: Option<PathBuf>,
}

impl Default for SiteConfig {
    fn default() -> Self {
        Self {
            title: "Gemeinschaftsblog".into(),
            tagline: "Social Media wird so normal wie das Telefon".into(),
            language: "de".into(),
            timezone: "Europe/Berlin".into(),
            base_url: String::new(),
            theme_dir: None,
        }
    }
}

/// `[outbound]`
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OutboundConfig {
    /// Private or loopback networks (CIDR) that outbound requests may reach
    /// anyway, e.g. `["127.0.0.0/8"]` for tests. Empty by default.
    pub allow_private: Vec<String>,
}

/// `[cache]`
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CacheConfig {
    /// Seconds a cached page may be served before it is rebuilt. Changes drop
    /// the pages they touch at once, in this process and (through the change
    /// log, within a second) in every other; this is only a safety net.
    pub ttl_seconds: u64,
    /// Most bytes of pages kept in memory, their gzip and brotli forms
    /// included (64 MiB by default). When full, the oldest pages go first.
    pub max_bytes: usize,
    /// Ignored: the cache was once bounded by a number of pages. Still
    /// accepted so that older configuration files load.
    #[serde(default, skip_serializing)]
    pub max_entries: Option<usize>,
}

impl Default for CacheConfig {
    fn default() -> Self {
        Self {
            ttl_seconds: 30,
            max_bytes: 64 * 1024 * 1024,
            max_entries: None,
        }
    }
}

/// A string that never appears in logs or debug output (database URLs carry passwords).
#[derive(Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(transparent)]
pub struct Secret(pub String);

impl Secret {
    /// The secret value.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// The annotated example configuration printed by `beitrag config default`.
pub const EXAMPLE: &str = include_str!("../../beitrag.example.toml");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_example_when_shipped() {
        let cfg: Config = toml::from_str(EXAMPLE).unwrap();
        assert_eq!(cfg.server.listen, "127.0.0.1:8080");
        assert_eq!(cfg.site.language, "de");
        assert_eq!(cfg.cache.max_bytes, CacheConfig::default().max_bytes);
    }

    #[test]
    fn bounds_the_cache_in_bytes_and_still_loads_the_old_entry_bound() {
        let cfg: Config = toml::from_str("[cache]\nmax_bytes = 1048576\n").unwrap();
        assert_eq!(cfg.cache.max_bytes, 1024 * 1024);
        let old: Config = toml::from_str("[cache]\nmax_entries = 2000\n").unwrap();
        assert_eq!(old.cache.max_bytes, 64 * 1024 * 1024);
        let printed = toml::to_string(&old).unwrap();
        assert!(!printed.contains("max_entries"), "{printed}");
    }

    #[test]
    fn rejects_unknown_key_when_misspelt() {
        let err = toml::from_str::<Config>("[server]\nlisten = \"x\"\nlistne = 1\n").unwrap_err();
        assert!(err.to_string().contains("listne"), "{err}");
    }

    #[test]
    fn hides_secret_when_debug_printed() {
        let s = Secret("postgres://u:pw@h/db".into());
        assert_eq!(format!("{s:?}"), "Secret(***)");
    }
}
