//! Searching the blog and keeping its index in the site's language. Every
//! saved post writes its own index document in its transaction
//! (`service::post`); this module answers searches and rebuilds the whole
//! index when it is missing or in another language (a new site language,
//! an upgrade from before the index existed).

use chrono::Utc;

use crate::job::Job;
use crate::model::{PostCard, PostId};
use crate::search::{Analyzer, QueryError, SearchDocument, SearchExpr, SearchRequest, Segment};
use crate::store::Reads;
use crate::{Core, Result};

/// Posts analysed and written per transaction during a rebuild.
const REBUILD_BATCH: i64 = 500;
/// Words of a result's snippet.
const SNIPPET_WORDS: usize = 36;

/// One search result: the post and its marked title and snippet.
#[derive(Debug, Clone)]
pub struct Hit {
    /// The post or page.
    pub card: PostCard,
    /// The title, matches marked.
    pub title: Vec<Segment>,
    /// Words of the text around the first match, matches marked.
    pub snippet: Vec<Segment>,
}

/// A page of results.
#[derive(Debug, Clone)]
pub struct Results {
    /// The parsed query (empty: nothing was asked).
    pub expr: SearchExpr,
    /// This page's results, best first.
    pub hits: Vec<Hit>,
    /// Matches in all.
    pub total: i64,
}

/// What a reader typed, parsed in the site's language: the one parser of
/// the search page, the API and the admin list.
pub fn parse(language: &str, input: &str) -> std::result::Result<SearchExpr, QueryError> {
    Analyzer::new(language).parse(input)
}

/// Page `page` (from 1) of the public posts and pages matching `input`.
pub async fn find(
    store: &dyn Reads,
    language: &str,
    input: &str,
    page: i64,
    per_page: i64,
) -> Result<std::result::Result<Results, QueryError>> {
    let analyzer = Analyzer::new(language);
    let expr = match analyzer.parse(input) {
        Ok(expr) => expr,
        Err(e) => return Ok(Err(e)),
    };
    let list = store
        .search_posts(&SearchRequest {
            expr: expr.clone(),
            now: Utc::now(),
            offset: (page.max(1) - 1).saturating_mul(per_page),
            limit: per_page,
        })
        .await?;
    let hits = list
        .items
        .into_iter()
        .map(|card| {
            let text = beitrag_markdown::strip_tags(&card.post.html);
            Hit {
                title: analyzer.snippet(&card.post.title, &expr, usize::MAX),
                snippet: analyzer.snippet(&text, &expr, SNIPPET_WORDS),
                card,
            }
        })
        .collect();
    Ok(Ok(Results {
        expr,
        hits,
        total: list.total,
    }))
}

/// Makes sure the index is, or will be, in the site's language (every
/// start calls this; it is cheap). An empty blog's index is simply marked;
/// a blog with posts from before the index, or in another language, gets a
/// `search.reindex` job, so no start waits for a rebuild.
pub async fn ensure_index(core: &Core) -> Result<()> {
    let settings = crate::service::settings::load(core.read()).await?;
    let store = core.store();
    if store.search_language().await?.as_deref() == Some(settings.language.as_str()) {
        return Ok(());
    }
    if store.search_sources(PostId(0), 1).await?.is_empty() {
        store
            .write_search_documents(&[], Some(settings.language.as_str()))
            .await?;
        return Ok(());
    }
    queue_rebuild(core).await
}

/// Queues a rebuild (the site's language changed). No dedupe key: keys
/// are kept for good, and a rebuild that finds the index current is cheap.
pub(crate) async fn queue_rebuild(core: &Core) -> Result<()> {
    crate::service::jobs::enqueue(core, &Job::ReindexSearch, None, Utc::now())
        .await
        .map(drop)
}

/// The `search.reindex` job: analyses every post again unless the index is
/// already in the site's language; returns how many posts were analysed.
/// Safe on several instances at once: each writes the same documents.
pub async fn rebuild(core: &Core) -> Result<usize> {
    let settings = crate::service::settings::load(core.read()).await?;
    let store = core.store();
    if store.search_language().await?.as_deref() == Some(settings.language.as_str()) {
        return Ok(0);
    }
    let analyzer = Analyzer::new(&settings.language);
    let mut after = PostId(0);
    let mut done = 0;
    loop {
        let batch = store.search_sources(after, REBUILD_BATCH).await?;
        let last = batch.len() < usize::try_from(REBUILD_BATCH).unwrap_or(usize::MAX);
        let documents: Vec<(PostId, SearchDocument)> = batch
            .iter()
            .map(|(id, title, html)| (*id, SearchDocument::of(&analyzer, title, html)))
            .collect();
        if let Some((id, _)) = documents.last() {
            after = *id;
        }
        done += documents.len();
        // The language is recorded with the last batch: a rebuild cut short
        // is begun again at the next start.
        store
            .write_search_documents(&documents, last.then_some(settings.language.as_str()))
            .await?;
        if last {
            break;
        }
    }
    if done > 0 {
        tracing::info!(posts = done, language = %settings.language, "search index rebuilt");
    }
    Ok(done)
}
