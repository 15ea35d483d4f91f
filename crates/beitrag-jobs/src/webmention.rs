//! [Webmention §3.2.2](https://www.w3.org/TR/webmention/#webmention-verification):
//! fetch the source, check it links to the target, and create, update or
//! delete the response through the one comment pipeline.

use beitrag_core::Actor;
use beitrag_core::model::{CommentKind, PostId};
use beitrag_core::service::comment::{self, Submission};
use beitrag_core::service::jobs::Outcome;
use beitrag_linkback::{discover, mf2};
use beitrag_markdown::render_comment;
use chrono::Utc;

use crate::site::Site;
use crate::{Worker, retry_store};

/// Verifies one received Webmention.
pub(crate) async fn verify(
    worker: &Worker,
    post_id: PostId,
    source: &str,
    target: &str,
) -> Outcome {
    let core = &worker.core;
    let existing = match core
        .read()
        .comment_by_source(post_id, CommentKind::Webmention, source)
        .await
    {
        Ok(c) => c,
        Err(e) => return Outcome::Retry(e.to_string()),
    };
    let fetched = match worker.outbound.get(source).await {
        Ok(f) => f,
        Err(
            e @ (beitrag_outbound::OutboundError::Timeout
            | beitrag_outbound::OutboundError::Http(_)
            | beitrag_outbound::OutboundError::Resolve(_)),
        ) => {
            tracing::info!(source, error = %e, "webmention source not fetched");
            return Outcome::Retry(public(&e));
        }
        Err(e) => {
            tracing::info!(source, error = %e, "webmention source refused");
            return Outcome::Fail(public(&e));
        }
    };
    let gone = fetched.status == 410;
    let html = fetched.text();
    let links = fetched.status == 200
        && url::Url::parse(&fetched.url).is_ok_and(|base| discover::links_to(&html, &base, target));
    if gone || (fetched.status == 200 && !links) {
        // The source was deleted or no longer links here: so goes the mention.
        if let Some(c) = existing
            && let Err(o) = retry_store(comment::remove_linkback(core, c.id).await)
        {
            return o;
        }
        return if gone {
            Outcome::Done
        } else {
            Outcome::Fail("the source does not link to the target".into())
        };
    }
    if fetched.status >= 500 {
        return Outcome::Retry(format!("the source answered {}", fetched.status));
    }
    if fetched.status != 200 {
        return Outcome::Fail(format!("the source answered {}", fetched.status));
    }
    let Ok(base) = url::Url::parse(&fetched.url) else {
        return Outcome::Fail("bad source URL".into());
    };
    let entry = mf2::h_entry(&base, &html).unwrap_or_default();
    let text: String = entry
        .content_text
        .clone()
        .unwrap_or_default()
        .chars()
        .take(1000)
        .collect();
    let content = render_comment(&text);
    let title = entry.name.clone().unwrap_or_else(|| source.to_owned());
    let author = entry
        .author_name
        .clone()
        .unwrap_or_else(|| beitrag_core::spam::host_of(source).unwrap_or_default());
    let author_url = entry.author_url.clone().unwrap_or_default();
    let result = match existing {
        Some(c) => {
            comment::update_linkback(core, c.id, &author, &author_url, &content, &title).await
        }
        None => {
            let site = match Site::load(core).await {
                Ok(s) => s,
                Err(e) => return Outcome::Retry(e.to_string()),
            };
            let submission = Submission {
                post_id: Some(post_id),
                kind: Some(CommentKind::Webmention),
                author_name: author.chars().take(100).collect(),
                author_url,
                text,
                html: Some(content),
                source_url: source.to_owned(),
                source_title: title,
                ..Submission::default()
            };
            comment::submit(core, &Actor::Remote, &site.settings, submission, Utc::now())
                .await
                .map(|_| ())
        }
    };
    match retry_store(result) {
        Ok(()) => Outcome::Done,
        Err(o) => o,
    }
}

/// The job's recorded reason, which the public status page shows.
fn public(e: &beitrag_outbound::OutboundError) -> String {
    format!("the source cannot be fetched: {}", e.public_message())
}
