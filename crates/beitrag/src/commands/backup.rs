//! `beitrag backup FILE` and `beitrag restore FILE`: the archive and its
//! rules live in `beitrag_store::backup`; this opens the database and the
//! media store of the configuration, shows progress and reports.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use async_trait::async_trait;
use beitrag_media::MediaStore;
use beitrag_store::SqlStore;
use beitrag_store::backup::{MediaObjects, Progress};
use bytes::Bytes;
use futures_core::stream::BoxStream;
use futures_util::StreamExt;
use indicatif::{ProgressBar, ProgressStyle};

use crate::config::Config;
use crate::server;

fn say(text: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "{text}");
}

/// `beitrag backup FILE`
pub(super) async fn backup(cfg: &Config, file: &Path) -> Result<()> {
    let store = connect(cfg).await?;
    let media = Media(crate::server::open_media(cfg)?);
    let mut shown = Shown::new("backing up");
    let summary = store.backup(file, &media, &mut |p| shown.update(p)).await;
    shown.finish();
    beitrag_core::Store::close(&store).await;
    let summary = summary?;
    say(&format!(
        "backed up {} rows of {} tables and {} media objects (schema {}, {}) to {}",
        summary.rows(),
        summary.manifest.tables.len(),
        summary.objects(),
        summary.manifest.schema,
        summary.manifest.source,
        file.display()
    ));
    Ok(())
}

/// `beitrag restore FILE`
pub(super) async fn restore(cfg: &Config, file: &Path) -> Result<()> {
    let store = connect(cfg).await?;
    let media = Media(crate::server::open_media(cfg)?);
    let mut shown = Shown::new("restoring");
    let summary = store.restore(file, &media, &mut |p| shown.update(p)).await;
    shown.finish();
    let summary = match summary {
        Ok(s) => s,
        Err(e) => {
            beitrag_core::Store::close(&store).await;
            return Err(e.into());
        }
    };
    // The search index is each engine's own: built anew, not copied.
    let core = server::bare_core(Arc::new(store), cfg).await?;
    let indexed = beitrag_core::service::search::rebuild(&core)
        .await
        .context("restored, but the search index could not be built")?;
    core.flush_changes().await;
    say(&format!(
        "restored {} rows of {} tables and {} media objects from {} (written by beitrag {} on {}, {}); search index built for {indexed} posts",
        summary.rows(),
        summary.manifest.tables.len(),
        summary.objects(),
        file.display(),
        summary.manifest.beitrag,
        summary.manifest.source,
        summary.manifest.created_at,
    ));
    Ok(())
}

/// The database as it is: a backup reads it without migrating, a restore
/// migrates it itself (to the archive's schema first).
async fn connect(cfg: &Config) -> Result<SqlStore> {
    let url = cfg.database.url.expose();
    SqlStore::connect(url, cfg.database.max_connections.max(2))
        .await
        .with_context(|| format!("cannot open database {}", server::redact(url)))
}

/// The media store as the backup's objects.
struct Media(MediaStore);

#[async_trait]
impl MediaObjects for Media {
    async fn list(&self) -> Result<Vec<(String, u64)>, String> {
        self.0.list().await.map_err(|e| e.to_string())
    }

    async fn read(
        &self,
        path: &str,
    ) -> Result<Option<BoxStream<'static, Result<Bytes, String>>>, String> {
        match self.0.open(path, None).await.map_err(|e| e.to_string())? {
            Some(Ok(download)) => Ok(Some(
                download.body.map(|r| r.map_err(|e| e.to_string())).boxed(),
            )),
            // An empty object has no range to open.
            Some(Err(_)) => Ok(Some(futures_util::stream::empty().boxed())),
            None => Ok(None),
        }
    }

    async fn write(&self, path: &str, bytes: Bytes) -> Result<(), String> {
        self.0.restore(path, bytes).await.map_err(|e| e.to_string())
    }

    async fn remove(&self, paths: &[String]) -> Result<(), String> {
        self.0.delete(paths).await.map_err(|e| e.to_string())
    }
}

/// Progress on a terminal as a bar; elsewhere (logs, CI) a plain line
/// every few seconds.
struct Shown {
    what: &'static str,
    bar: Option<ProgressBar>,
    last: Option<Instant>,
}

impl Shown {
    fn new(what: &'static str) -> Self {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::new(0);
            if let Ok(style) =
                ProgressStyle::with_template("{msg} {bar:40} {pos}/{len}, {per_sec}, {eta} left")
            {
                bar.set_style(style);
            }
            bar
        });
        Self {
            what,
            bar,
            last: None,
        }
    }

    fn update(&mut self, p: Progress) {
        if let Some(bar) = &self.bar {
            bar.set_message(p.stage);
            bar.set_length(p.total.max(p.done));
            bar.set_position(p.done);
            return;
        }
        if self
            .last
            .is_some_and(|t| t.elapsed() < Duration::from_secs(5))
        {
            return;
        }
        self.last = Some(Instant::now());
        let mut stderr = std::io::stderr().lock();
        let _ = if p.total > 0 {
            writeln!(
                stderr,
                "{} ({}): {}/{} rows and objects",
                self.what, p.stage, p.done, p.total
            )
        } else {
            writeln!(
                stderr,
                "{} ({}): {} members read",
                self.what, p.stage, p.done
            )
        };
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
