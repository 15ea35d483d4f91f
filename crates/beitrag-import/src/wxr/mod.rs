//! `beitrag import wordpress EXPORT.xml`: a WordPress export (WXR 1.0–1.2)
//! read as a stream and loaded through the core's import service.
//!
//! Two passes over the file, so memory stays bounded by one batch of items
//! whatever the file's size: the first checks that the file is readable
//! WXR to its end and learns what items refer to (categories and their
//! parents, attachments for galleries, the item count for progress); the
//! second converts items and hands them to `service::import::items` in
//! batches, each written in one transaction. A file that is not WXR, or
//! breaks off, is one error before anything is written; a malformed item
//! is reported with its line and left out (`strict`: a dry run of the
//! whole file first, and nothing written unless every item passes).

mod convert;
mod export;
mod media;
mod model;
mod reader;
mod report;

use std::collections::HashSet;
use std::fs::File;
use std::io::BufReader;
use std::path::Path;
use std::time::Instant;

use beitrag_core::model::{PostKind, Role};
use beitrag_core::service::import::{
    self as service, AuthorInput, ItemInput, ItemOutcome, login_of,
};
use beitrag_core::{Actor, Core};

use self::convert::{Context, Converted};
pub use self::export::{ExportSummary, export_wordpress};
pub use self::media::MediaImport;
use self::model::Entry;
use self::reader::{Reader, WxrError};
pub use self::report::{Report, Skipped};
use crate::ImportError;

/// The name the origin of imported items is remembered under.
const ORIGIN: &str = "wordpress";
/// Items per transaction.
const BATCH_ITEMS: usize = 100;
/// Text per transaction, so a batch of huge items stays small in memory.
const BATCH_BYTES: usize = 8 * 1024 * 1024;

/// How to run a WordPress import.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WordpressOptions {
    /// Check everything, write nothing.
    pub dry_run: bool,
    /// Import nothing unless every item can be imported.
    pub strict: bool,
}

/// How far a run is, for a progress display.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Progress {
    /// Items handled.
    pub done: u64,
    /// Items in the file.
    pub total: u64,
    /// Seconds since the second pass began.
    pub elapsed: f64,
}

/// Imports a WordPress export file. See the module documentation.
pub async fn import_wordpress(
    core: &Core,
    file: &Path,
    options: WordpressOptions,
    media: Option<&MediaImport>,
    progress: &mut (dyn FnMut(Progress) + Send),
) -> Result<Report, ImportError> {
    let settings = beitrag_core::service::settings::load(core.read())
        .await
        .map_err(|e| whole(file, format!("cannot read the settings: {e}")))?;
    let (mut ctx, total) = scan(file)?;
    ctx.timezone = settings.timezone;
    let mut fetched = Report::default();
    if let Some(media) = media.filter(|_| !options.dry_run) {
        ctx.fetching = true;
        let (local, redirects) = self::media::fetch_all(core, media, &ctx, &mut fetched).await;
        fetched.media = local.len() as u64;
        service::redirects(core, &Actor::Import, &redirects)
            .await
            .map_err(|e| whole(file, format!("cannot record the old upload addresses: {e}")))?;
        ctx.local_media = local;
    }
    if options.strict && !options.dry_run {
        let checked = load(core, file, &ctx, total, true, &mut |_| {}).await?;
        if let Some(s) = checked.skipped.first() {
            return Err(ImportError::new(
                file,
                usize::try_from(s.line).unwrap_or(0),
                format!(
                    "{}: {} (--strict: nothing imported; {} problems in all)",
                    s.what,
                    s.reason,
                    checked.skipped.len()
                ),
            ));
        }
    }
    let mut report = load(core, file, &ctx, total, options.dry_run, progress).await?;
    report.media = fetched.media;
    report.skipped.splice(0..0, fetched.skipped);
    Ok(report)
}

fn whole(file: &Path, message: String) -> ImportError {
    ImportError::new(file, 0, message)
}

fn at(file: &Path, e: &WxrError) -> ImportError {
    ImportError::new(
        file,
        usize::try_from(e.line).unwrap_or(0),
        e.message.clone(),
    )
}

fn open(file: &Path) -> Result<Reader<BufReader<File>>, ImportError> {
    let f = File::open(file).map_err(|e| whole(file, format!("cannot open: {e}")))?;
    Ok(Reader::new(BufReader::with_capacity(256 * 1024, f)))
}

/// The first pass: the file is WXR and readable to its end; what items
/// refer to; how many there are.
fn scan(file: &Path) -> Result<(Context, u64), ImportError> {
    let mut reader = open(file)?;
    let mut ctx = Context::default();
    let mut total = 0;
    loop {
        match reader.next_entry() {
            Ok(None) => break,
            Ok(Some(Entry::Term(t))) if t.taxonomy == "category" => {
                if let Some(id) = t.id {
                    ctx.category_ids.push((id, t.slug.clone()));
                }
                ctx.categories.insert(t.slug, (t.name, t.parent_slug));
            }
            Ok(Some(Entry::Term(t))) if t.taxonomy == "post_tag" => {
                ctx.tags.push((t.id, t.slug, t.name));
            }
            Ok(Some(Entry::Author(a))) => ctx.authors.push((a.id, a.login)),
            Ok(Some(Entry::Item(item))) => {
                total += 1;
                if item.post_type == "attachment"
                    && let Some(id) = item.post_id
                {
                    if let Some(parent) = item.post_parent.filter(|p| *p > 0) {
                        ctx.attached.entry(parent).or_default().push(id);
                    }
                    ctx.attachments
                        .insert(id, (item.attachment_url, item.title));
                }
            }
            Ok(Some(_)) => {}
            Err(e) if e.fatal => return Err(at(file, &e)),
            Err(_) => total += 1,
        }
    }
    let mut by_slug: std::collections::HashMap<String, Vec<&String>> = Default::default();
    for (nicename, (name, _)) in &ctx.categories {
        by_slug
            .entry(beitrag_markdown::slugify(name))
            .or_default()
            .push(nicename);
    }
    let merged: HashSet<String> = by_slug
        .into_values()
        .filter(|n| n.len() > 1)
        .flatten()
        .cloned()
        .collect();
    ctx.merged = merged;
    let channel = reader.channel();
    let root = if channel.base_blog_url.is_empty() {
        &channel.link
    } else {
        &channel.base_blog_url
    };
    ctx.base_path = url::Url::parse(root.trim())
        .map(|u| u.path().to_owned())
        .unwrap_or_else(|_| "/".into());
    Ok((ctx, total))
}

/// One pending item of a batch, with what the report needs of it.
struct Pending {
    line: u64,
    what: String,
    kind: PostKind,
    converted: Converted,
}

/// The second pass.
async fn load(
    core: &Core,
    file: &Path,
    ctx: &Context,
    total: u64,
    dry_run: bool,
    progress: &mut (dyn FnMut(Progress) + Send),
) -> Result<Report, ImportError> {
    let started = Instant::now();
    let mut report = Report {
        dry_run,
        items: total,
        ..Report::default()
    };
    let mut authors = Authors::new(core, file, dry_run).await?;
    let mut reader = open(file)?;
    let mut batch: Vec<Pending> = Vec::new();
    let mut bytes = 0;
    let mut done = 0;
    loop {
        let entry = match reader.next_entry() {
            Ok(None) => break,
            Ok(Some(e)) => e,
            Err(e) if e.fatal => return Err(at(file, &e)),
            Err(e) => {
                done += 1;
                report.skip(e.line, "item".into(), e.message);
                continue;
            }
        };
        match entry {
            Entry::Author(a) => {
                let input = AuthorInput {
                    external_id: a.id.map(|i| i.to_string()).unwrap_or_default(),
                    login: a.login.clone(),
                    display_name: a.display_name.clone(),
                    email: a.email.clone(),
                };
                if let Err(e) = authors.ensure(&input, &mut report).await {
                    report.skip(a.line, format!("author `{}`", a.login), e);
                }
            }
            Entry::Term(_) => {}
            Entry::Item(item) => {
                done += 1;
                let what = format!(
                    "{} {} \"{}\"",
                    if item.post_type.is_empty() {
                        "post"
                    } else {
                        &item.post_type
                    },
                    item.post_id.unwrap_or_default(),
                    item.title.chars().take(60).collect::<String>()
                );
                let mut converted = match convert::item(ctx, &item) {
                    Ok(c) => c,
                    Err(refusal) => {
                        *report
                            .skipped_by_reason
                            .entry(refusal.to_string())
                            .or_default() += 1;
                        continue;
                    }
                };
                let login = authors.for_item(&item.creator, &mut report).await;
                match login {
                    Ok(login) => converted.item.post.author = login,
                    Err(e) => {
                        report.skip(item.line, what, e);
                        continue;
                    }
                }
                bytes += item.content.len()
                    + item.comments.iter().map(|c| c.content.len()).sum::<usize>();
                batch.push(Pending {
                    line: item.line,
                    what,
                    kind: converted.item.post.kind,
                    converted,
                });
                if batch.len() >= BATCH_ITEMS || bytes >= BATCH_BYTES {
                    flush(core, file, &mut batch, dry_run, &mut report).await?;
                    bytes = 0;
                    progress(Progress {
                        done,
                        total,
                        elapsed: started.elapsed().as_secs_f64(),
                    });
                }
            }
        }
    }
    flush(core, file, &mut batch, dry_run, &mut report).await?;
    if !dry_run {
        service::archives(core, &Actor::Import, &convert::archives(ctx))
            .await
            .map_err(|e| {
                whole(
                    file,
                    format!("cannot record the old archive addresses: {e}"),
                )
            })?;
    }
    progress(Progress {
        done,
        total,
        elapsed: started.elapsed().as_secs_f64(),
    });
    Ok(report)
}

async fn flush(
    core: &Core,
    file: &Path,
    batch: &mut Vec<Pending>,
    dry_run: bool,
    report: &mut Report,
) -> Result<(), ImportError> {
    if batch.is_empty() {
        return Ok(());
    }
    let pending = std::mem::take(batch);
    let inputs: Vec<ItemInput> = pending.iter().map(|p| p.converted.item.clone()).collect();
    let outcomes = service::items(core, &Actor::Import, ORIGIN, inputs, dry_run)
        .await
        .map_err(|e| {
            let line = pending.first().map_or(0, |p| p.line);
            ImportError::new(
                file,
                usize::try_from(line).unwrap_or(0),
                format!("cannot import: {e}"),
            )
        })?;
    for (p, outcome) in pending.into_iter().zip(outcomes) {
        let skipped = match outcome {
            ItemOutcome::Imported { skipped, .. } => {
                report.imported(p.kind);
                let left_out: HashSet<&str> = skipped.iter().map(|(id, _)| id.as_str()).collect();
                for r in &p.converted.item.responses {
                    if !left_out.contains(r.external_id.as_str()) {
                        report.response(r.kind.as_str(), 1);
                    }
                }
                for name in &p.converted.unknown_shortcodes {
                    *report.unknown_shortcodes.entry(name.clone()).or_default() += 1;
                }
                for note in &p.converted.notes {
                    report.notes.push((p.line, format!("{}: {note}", p.what)));
                }
                skipped
            }
            ItemOutcome::Known {
                responses, skipped, ..
            } => {
                report.unchanged += 1;
                report.response("added to items imported before", responses as u64);
                skipped
            }
            ItemOutcome::Skipped(e) => {
                report.skip(p.line, p.what, e.to_string());
                continue;
            }
        };
        for (id, why) in skipped {
            report.skip(p.line, format!("response {id} of {}", p.what), why);
        }
    }
    Ok(())
}

/// Author accounts, created once each (matched by login on a re-run).
struct Authors<'a> {
    core: &'a Core,
    dry_run: bool,
    known: HashSet<String>,
    fallback: Option<String>,
}

impl<'a> Authors<'a> {
    async fn new(core: &'a Core, file: &Path, dry_run: bool) -> Result<Self, ImportError> {
        let users = core
            .read()
            .users()
            .await
            .map_err(|e| whole(file, format!("cannot read users: {e}")))?;
        let fallback = users
            .iter()
            .find(|u| u.role == Role::Administrator)
            .or(users.first())
            .map(|u| u.login.clone());
        Ok(Self {
            core,
            dry_run,
            known: users.into_iter().map(|u| u.login).collect(),
            fallback,
        })
    }

    async fn ensure(&mut self, a: &AuthorInput, report: &mut Report) -> Result<String, String> {
        let login = login_of(&a.login);
        if self.known.contains(&login) {
            if !self.dry_run {
                service::author(self.core, &Actor::Import, ORIGIN, a)
                    .await
                    .map_err(|e| e.to_string())?;
            }
            report.authors_matched += 1;
            return Ok(login);
        }
        if self.dry_run {
            // Validated against the fallback account; created by the real run.
            report.authors_created += 1;
            self.known.insert(login.clone());
            return self
                .fallback
                .clone()
                .ok_or_else(|| "no users exist yet".to_owned());
        }
        let user = service::author(self.core, &Actor::Import, ORIGIN, a)
            .await
            .map_err(|e| e.to_string())?;
        report.authors_created += 1;
        self.known.insert(user.login.clone());
        Ok(user.login)
    }

    /// The login an item's `dc:creator` names, created when the export
    /// did not list it (WXR 1.0 has no author list).
    async fn for_item(&mut self, creator: &str, report: &mut Report) -> Result<String, String> {
        let login = login_of(creator);
        if login.is_empty() {
            return self
                .fallback
                .clone()
                .ok_or_else(|| "the item names no author and no users exist yet".to_owned());
        }
        if self.known.contains(&login) {
            return Ok(if self.dry_run && !self.exists(&login).await {
                self.fallback.clone().unwrap_or(login)
            } else {
                login
            });
        }
        self.ensure(
            &AuthorInput {
                login: creator.to_owned(),
                display_name: creator.to_owned(),
                ..AuthorInput::default()
            },
            report,
        )
        .await
    }

    async fn exists(&self, login: &str) -> bool {
        matches!(self.core.read().user_by_login(login).await, Ok(Some(_)))
    }
}
