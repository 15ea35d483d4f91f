//! `beitrag import wordpress|markdown`, `beitrag export markdown` and their
//! old spelling `beitrag post import|export`.

use std::io::{IsTerminal, Write};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Result;
use beitrag_core::Core;
use beitrag_core::model::PostStatus;
use beitrag_core::service::settings;
use beitrag_import::{MediaImport, Progress, WordpressOptions};
use indicatif::{ProgressBar, ProgressStyle};

use crate::cli::{ExportCommand, ImportCommand, MarkdownImport, PostCommand};
use crate::config::Config;

fn say(text: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "{text}");
}

/// `beitrag import …`
pub(super) async fn import_command(core: &Core, cfg: &Config, cmd: ImportCommand) -> Result<()> {
    match cmd {
        ImportCommand::Wordpress {
            file,
            dry_run,
            strict,
            fetch_media,
        } => {
            let options = WordpressOptions { dry_run, strict };
            let media = if fetch_media {
                Some(media_import(cfg)?)
            } else {
                None
            };
            let mut shown = Shown::new();
            let report =
                beitrag_import::import_wordpress(core, &file, options, media.as_ref(), &mut |p| {
                    shown.update(p)
                })
                .await;
            shown.finish();
            let report = report?;
            say(report.to_string().trim_end());
            Ok(())
        }
        ImportCommand::Ghost { file, dry_run } => {
            let report = beitrag_import::import_ghost(core, &file, dry_run).await?;
            say(report.to_string().trim_end());
            Ok(())
        }
        ImportCommand::Markdown(args) => markdown(core, args).await,
    }
}

/// The outbound client and upload store `--fetch-media` uses: the
/// configured media store (the server's directory or bucket), each
/// download bounded by the upload limit.
fn media_import(cfg: &Config) -> Result<MediaImport> {
    let client = beitrag_outbound::Client::new(
        &cfg.outbound.allow_private,
        beitrag_outbound::Limits {
            max_bytes: usize::try_from(cfg.media.max_upload_bytes).unwrap_or(usize::MAX),
            timeout: Duration::from_secs(60),
            max_redirects: 3,
        },
        concat!("beitrag/", env!("CARGO_PKG_VERSION")),
    )
    .map_err(|e| anyhow::anyhow!("cannot set up outbound requests: {e}"))?;
    let files =
        beitrag_web::media::Files::new(crate::server::open_media(cfg)?, cfg.media.max_upload_bytes);
    Ok(MediaImport {
        client,
        files: Arc::new(files),
    })
}

/// `beitrag export …`
pub(super) async fn export_command(core: &Core, cmd: ExportCommand) -> Result<()> {
    match cmd {
        ExportCommand::Wordpress { file } => {
            let s = settings::load(core.read()).await?;
            let done = beitrag_import::export_wordpress(core.read(), &s, &file).await?;
            say(&format!(
                "exported {} posts and pages with {} responses to {}",
                done.items,
                done.responses,
                file.display()
            ));
            Ok(())
        }
        ExportCommand::Markdown { dir } => {
            let s = settings::load(core.read()).await?;
            let files = beitrag_import::export(core.read(), &s, &dir).await?;
            say(&format!(
                "exported {} files to {}",
                files.len(),
                dir.display()
            ));
            Ok(())
        }
    }
}

/// `beitrag post …`: the Markdown commands under their first names.
pub(super) async fn post_command(core: &Core, cmd: PostCommand) -> Result<()> {
    match cmd {
        PostCommand::Import(args) => markdown(core, args).await,
        PostCommand::Export { dir } => export_command(core, ExportCommand::Markdown { dir }).await,
    }
}

async fn markdown(core: &Core, args: MarkdownImport) -> Result<()> {
    let MarkdownImport {
        paths,
        dry_run,
        send_linkbacks,
    } = args;
    let summary = beitrag_import::import(core, &paths, dry_run, send_linkbacks).await?;
    if !summary.written {
        say(&format!(
            "dry run: {} files would be imported",
            summary.files.len()
        ));
        return Ok(());
    }
    say(&format!("imported {} files", summary.files.len()));
    if send_linkbacks {
        let mut public = 0;
        for id in &summary.ids {
            if core
                .read()
                .post_by_id(*id)
                .await?
                .is_some_and(|p| matches!(p.status, PostStatus::Published | PostStatus::Scheduled))
            {
                public += 1;
            }
        }
        say(&format!("queued linkbacks for {public} posts"));
    }
    Ok(())
}

/// Progress on a terminal as a bar; elsewhere (logs, CI) a plain line
/// every few seconds.
struct Shown {
    bar: Option<ProgressBar>,
    last: Option<Instant>,
}

impl Shown {
    fn new() -> Self {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::new(0);
            if let Ok(style) =
                ProgressStyle::with_template("{bar:40} {pos}/{len} items, {per_sec}, {eta} left")
            {
                bar.set_style(style);
            }
            bar
        });
        Self { bar, last: None }
    }

    fn update(&mut self, p: Progress) {
        if let Some(bar) = &self.bar {
            bar.set_length(p.total);
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
        let rate = if p.elapsed > 0.0 {
            p.done as f64 / p.elapsed
        } else {
            0.0
        };
        let eta = if rate > 0.0 {
            format!("{:.0} s left", p.total.saturating_sub(p.done) as f64 / rate)
        } else {
            "time left unknown".into()
        };
        let mut stderr = std::io::stderr().lock();
        let _ = writeln!(
            stderr,
            "{}/{} items, {rate:.0} items/s, {eta}",
            p.done, p.total
        );
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
