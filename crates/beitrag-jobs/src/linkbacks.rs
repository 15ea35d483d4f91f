//! Sending linkbacks for a published post: one job per post version
//! expands into one ping per outgoing link (Webmention, else Pingback) and
//! one TrackBack per URL the author listed.

use beitrag_core::job::Job;
use beitrag_core::model::PostId;
use beitrag_core::service::jobs::{Outcome, enqueue};
use beitrag_linkback::{discover, trackback as tb, xmlrpc};
use chrono::Utc;

use crate::Worker;
use crate::site::Site;

/// Expands a post into its ping and TrackBack jobs.
pub(crate) async fn send_post(worker: &Worker, post_id: PostId) -> Outcome {
    let core = &worker.core;
    let site = match Site::load(core).await {
        Ok(s) => s,
        Err(e) => return Outcome::Retry(e.to_string()),
    };
    let post = match core.read().post_by_id(post_id).await {
        Ok(Some(p)) => p,
        Ok(None) => return Outcome::Fail("the post is gone".into()),
        Err(e) => return Outcome::Retry(e.to_string()),
    };
    if !post.is_public_at(Utc::now()) {
        return Outcome::Fail("the post is not public".into());
    }
    let source = site.permalink(&post);
    let Ok(base) = url::Url::parse(&source) else {
        return Outcome::Fail("bad permalink".into());
    };
    let own_host = base.host_str().map(str::to_owned);
    let version = post.updated_at.timestamp();
    for target in discover::links(&base, &post.html) {
        if target.host_str().map(str::to_owned) == own_host
            && target.port_or_known_default() == base.port_or_known_default()
        {
            continue;
        }
        let key = format!("ping:{}:{version}:{target}", post_id.0);
        let job = Job::Ping {
            post: post_id,
            source: source.clone(),
            target: target.to_string(),
        };
        if let Err(e) = enqueue(core, &job, Some(&key), Utc::now()).await {
            return Outcome::Retry(e.to_string());
        }
    }
    for target in &post.trackbacks {
        let key = format!("trackback:{}:{version}:{target}", post_id.0);
        let job = Job::Trackback {
            post: post_id,
            source: source.clone(),
            target: target.clone(),
        };
        if let Err(e) = enqueue(core, &job, Some(&key), Utc::now()).await {
            return Outcome::Retry(e.to_string());
        }
    }
    Outcome::Done
}

/// Sends a TrackBack ping ([TrackBack 1.2](http://archive.cweiske.de/trackback/trackback-1.2.html)):
/// the post's permalink, title, a short plain-text excerpt and the blog's
/// name, form-encoded, to the URL the author listed.
pub(crate) async fn trackback(worker: &Worker, post_id: PostId, target: &str) -> Outcome {
    let site = match Site::load(&worker.core).await {
        Ok(s) => s,
        Err(e) => return Outcome::Retry(e.to_string()),
    };
    let post = match worker.core.read().post_by_id(post_id).await {
        Ok(Some(p)) => p,
        Ok(None) => return Outcome::Fail("the post is gone".into()),
        Err(e) => return Outcome::Retry(e.to_string()),
    };
    if !post.is_public_at(Utc::now()) {
        return Outcome::Fail("the post is not public".into());
    }
    let permalink = site.permalink(&post);
    let summary = if post.excerpt.is_empty() {
        beitrag_markdown::excerpt(&post.html, 55)
    } else {
        post.excerpt.clone()
    };
    let form = [
        ("url", permalink.as_str()),
        ("title", post.title.as_str()),
        ("excerpt", summary.as_str()),
        ("blog_name", site.settings.title.as_str()),
    ];
    match worker.outbound.post_form(target, &form).await {
        Ok(r) if r.status == 200 => match tb::parse_response(&r.body) {
            Ok(()) => Outcome::Done,
            Err(message) => Outcome::Fail(format!("the receiver refused: {message}")),
        },
        Ok(r) if r.status >= 500 || r.status == 429 => {
            Outcome::Retry(format!("the receiver answered {}", r.status))
        }
        Ok(r) => Outcome::Fail(format!("the receiver answered {}", r.status)),
        Err(e) => Outcome::Retry(e.to_string()),
    }
}

/// Notifies one target: Webmention when it has an endpoint, else Pingback.
pub(crate) async fn ping(worker: &Worker, source: &str, target: &str) -> Outcome {
    let client = &worker.outbound;
    let page = match client.get(target).await {
        Ok(p) => p,
        Err(e) => return Outcome::Retry(format!("cannot fetch the target: {e}")),
    };
    if page.status >= 500 {
        return Outcome::Retry(format!("the target answered {}", page.status));
    }
    let html = page.text();
    let Ok(base) = url::Url::parse(&page.url) else {
        return Outcome::Fail("bad target URL".into());
    };
    if let Some(endpoint) = discover::webmention_endpoint(&base, &page.header_all("link"), &html) {
        return match client
            .post_form(endpoint.as_str(), &[("source", source), ("target", target)])
            .await
        {
            Ok(r) if (200..300).contains(&r.status) => Outcome::Done,
            Ok(r) if r.status >= 500 || r.status == 429 => {
                Outcome::Retry(format!("the endpoint answered {}", r.status))
            }
            Ok(r) => Outcome::Fail(format!("the endpoint answered {}", r.status)),
            Err(e) => Outcome::Retry(e.to_string()),
        };
    }
    let x_pingback = page.header_all("x-pingback").into_iter().next();
    let Some(endpoint) = discover::pingback_endpoint(x_pingback.as_deref(), &html) else {
        return Outcome::Done;
    };
    let call = xmlrpc::call(
        "pingback.ping",
        &[
            xmlrpc::Value::String(source.to_owned()),
            xmlrpc::Value::String(target.to_owned()),
        ],
    );
    match client
        .post(endpoint.as_str(), "text/xml", call.into_bytes())
        .await
    {
        Ok(r) if r.status == 200 => match xmlrpc::parse_response(&r.body) {
            Ok(xmlrpc::MethodResponse::Success(_)) => Outcome::Done,
            Ok(xmlrpc::MethodResponse::Fault(f)) if f.code == xmlrpc::ALREADY_REGISTERED => {
                Outcome::Done
            }
            Ok(xmlrpc::MethodResponse::Fault(f)) if f.code == xmlrpc::UPSTREAM_ERROR => {
                Outcome::Retry(f.message)
            }
            Ok(xmlrpc::MethodResponse::Fault(f)) => {
                Outcome::Fail(format!("fault {}: {}", f.code, f.message))
            }
            Err(e) => Outcome::Fail(format!("bad XML-RPC answer: {e}")),
        },
        Ok(r) => Outcome::Retry(format!("the pingback server answered {}", r.status)),
        Err(e) => Outcome::Retry(e.to_string()),
    }
}
