//! Generated content for benchmarks: many posts with tags, categories and
//! comments, written through the same services as real content.

use anyhow::{Context, Result};
use beitrag_core::model::{CommentKind, CommentStatus, PostKind, PostStatus};
use beitrag_core::service::comment::{self, Submission};
use beitrag_core::service::post::{PostInput, save_batch};
use beitrag_core::{Actor, Core};
use chrono::{Duration, Utc};
use futures_util::{StreamExt, stream};

const WORDS: &[&str] = &[
    "Community",
    "Gespräch",
    "Blog",
    "Moderation",
    "Leser",
    "Kommentar",
    "Strategie",
    "Netz",
    "Telefon",
    "Zukunft",
    "Vertrauen",
    "Redaktion",
    "Austausch",
    "Öffentlichkeit",
    "Beitrag",
    "Dialog",
];

/// Syllables of the generated rarer words: 1,600 two-syllable words, each
/// in about one post of 270, so searches have common and rare words to find.
const SYLLABLES: &[&str] = &[
    "ka", "lo", "mi", "ter", "sun", "bra", "vel", "ko", "dis", "fen", "gar", "hul", "jo", "kri",
    "lem", "nor", "pa", "quin", "ros", "sta", "tu", "ul", "vor", "wen", "xa", "yor", "zel", "bo",
    "ce", "dru", "em", "fa", "gi", "ho", "ir", "jen", "ku", "lus", "mor", "nie",
];

/// The `n`th generated word (`n` below 1,600).
fn rare_word(n: usize) -> String {
    let n = n % (SYLLABLES.len() * SYLLABLES.len());
    format!(
        "{}{}",
        SYLLABLES[n / SYLLABLES.len()],
        SYLLABLES[n % SYLLABLES.len()]
    )
}

/// Comments submitted at once: each goes through the whole comment
/// service on its own, so on PostgreSQL several are written in parallel
/// (one at a time took about an hour for 1,000,000).
const COMMENTS_AT_ONCE: usize = 16;

/// Adds `posts` posts (in batches) with `comments` approved comments each,
/// spread evenly over the last `years` years (the newest at about now).
pub async fn seed(core: &Core, posts: usize, comments: usize, years: u32) -> Result<()> {
    let settings = beitrag_core::service::settings::load(core.read()).await?;
    let author = core
        .read()
        .users()
        .await?
        .first()
        .map(|u| u.login.clone())
        .context("no users yet: run `beitrag serve` once or `beitrag user add`")?;
    let span = Duration::days(365 * i64::from(years.max(1)));
    let step = span.num_seconds() / i64::try_from(posts.max(1)).unwrap_or(i64::MAX);
    let start = Utc::now() - span;
    let batch = 500;
    for chunk_start in (0..posts).step_by(batch) {
        let inputs: Vec<PostInput> = (chunk_start..(chunk_start + batch).min(posts))
            .map(|i| {
                let w = |k: usize| WORDS[(i * 7 + k * 3) % WORDS.len()];
                let body = (0..6)
                    .map(|p| format!("{} {} und {} – Absatz {p} über *{}* und {} mit einem [Link](https://example.org/{i}).", w(p), w(p + 1), w(p + 2), w(p + 3), rare_word(i * 31 + p * 17)))
                    .collect::<Vec<_>>()
                    .join("\n\n");
                PostInput {
                    id: None,
                    kind: PostKind::Post,
                    status: PostStatus::Published,
                    title: format!("{} und {} Nr. {i}", w(0), w(1)),
                    slug: Some(format!("beitrag-{i}")),
                    source: body,
                    format: beitrag_core::model::SourceFormat::Markdown,
                    excerpt: String::new(),
                    author: author.clone(),
                    published_at: Some(
                        start + Duration::seconds(step * i64::try_from(i + 1).unwrap_or(0)),
                    ),
                    updated_at: None,
                    comment_status: None,
                    ping_status: None,
                    sticky: false,
                    trackbacks: Vec::new(),
                    tags: vec![format!("thema-{}", i % 50), w(4).to_owned()],
                    categories: vec![format!("Rubrik {}/Unterrubrik {}", i % 5, i % 3)],
                    featured_media: None,
                }
            })
            .collect();
        let ids = save_batch(core, &Actor::Import, inputs, false)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let submissions = ids.iter().flat_map(|&id| {
            (0..comments).map(move |c| Submission {
                post_id: Some(id),
                kind: Some(CommentKind::Comment),
                author_name: format!("Leser {c}"),
                author_email: format!("leser{c}@example.net"),
                text: format!("Kommentar {c} zu Beitrag {}.", id.0),
                status: Some(CommentStatus::Approved),
                ..Submission::default()
            })
        });
        let mut writes = stream::iter(submissions)
            .map(|s| comment::submit(core, &Actor::Import, &settings, s, Utc::now()))
            .buffer_unordered(COMMENTS_AT_ONCE);
        while let Some(done) = writes.next().await {
            done?;
        }
    }
    Ok(())
}
