//! The background worker of the durable job queue: verifies received
//! Webmentions and sends Webmentions, Pingbacks and TrackBacks for
//! published posts.
//! Jobs survive restarts (they live in the database); a failed attempt is
//! retried with exponential backoff; a lease hands the job of a crashed
//! worker to another one.

use std::future::Future;
use std::time::Duration;

use beitrag_core::model::{CommentKind, Job, PostId};
use beitrag_core::service::comment::{Submission, submit};
use beitrag_core::service::linkback::{PING, SEND_POST, TRACKBACK, VERIFY_WEBMENTION, backoff};
use beitrag_core::service::notify::{MAIL_COMMENT, MAIL_REPLY};
use beitrag_linkback::{discover, mf2, trackback, xmlrpc};
use beitrag_markdown::render_comment;
use chrono::Utc;
use fluent_bundle::FluentValue;

use crate::state::AppState;

/// How a job attempt ended.
enum Outcome {
    /// Done.
    Done,
    /// Try again later.
    Retry(String),
    /// Will never succeed; keep the reason.
    Give(String),
}

/// Seconds a claimed job is reserved for its worker.
const LEASE: i64 = 120;

/// Runs jobs until `shutdown` completes.
pub async fn run(state: AppState, shutdown: impl Future<Output = ()>) {
    tokio::pin!(shutdown);
    let mut last_purge: Option<std::time::Instant> = None;
    loop {
        if last_purge.is_none_or(|t| t.elapsed() > Duration::from_secs(3600)) {
            last_purge = Some(std::time::Instant::now());
            purge_addresses(&state).await;
        }
        loop {
            let job = match state.store().claim_job(Utc::now(), LEASE).await {
                Ok(Some(job)) => job,
                Ok(None) => break,
                Err(e) => {
                    tracing::warn!(error = %e, "cannot claim a job");
                    break;
                }
            };
            let outcome = handle(&state, &job).await;
            let store = state.store();
            let result = match outcome {
                Outcome::Done => store.finish_job(job.id, Utc::now()).await,
                Outcome::Retry(why) => {
                    tracing::info!(job = job.id.0, kind = %job.kind, attempt = job.attempts, %why, "job will be retried");
                    store
                        .retry_job(job.id, &why, backoff(job.attempts, Utc::now()))
                        .await
                }
                Outcome::Give(why) => {
                    // Done, with the reason kept: status pages show it.
                    tracing::info!(job = job.id.0, kind = %job.kind, %why, "job given up");
                    match store.retry_job(job.id, &why, Utc::now()).await {
                        Ok(()) => store.finish_job(job.id, Utc::now()).await,
                        Err(e) => Err(e),
                    }
                }
            };
            if let Err(e) = result {
                tracing::warn!(error = %e, job = job.id.0, "cannot record a job's outcome");
            }
        }
        tokio::select! {
            () = &mut shutdown => return,
            () = state.worker_wakeup().notified() => {}
            () = tokio::time::sleep(Duration::from_millis(500)) => {}
        }
    }
}

/// Erases stored commenter addresses past the retention period (hourly).
async fn purge_addresses(state: &AppState) {
    let Ok(site) = state.site().await else { return };
    let before = Utc::now() - chrono::Duration::days(i64::from(site.settings.ip_retention_days));
    match state.store().purge_ips(before).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(erased = n, "erased old commenter addresses"),
        Err(e) => tracing::warn!(error = %e, "cannot erase old commenter addresses"),
    }
}

async fn handle(state: &AppState, job: &Job) -> Outcome {
    // Payloads are lines: an id (a post's, or for mail a comment's), then
    // any URLs the job needs.
    let mut parts = job.payload.split('\n');
    let Some(first) = parts.next().and_then(|p| p.parse::<i64>().ok()) else {
        return Outcome::Give(format!("bad payload {:?}", job.payload));
    };
    let post_id = PostId(first);
    match job.kind.as_str() {
        beitrag_core::service::notify::MAIL_RESET => {
            reset_mail(state, beitrag_core::model::UserId(first)).await
        }
        MAIL_COMMENT | MAIL_REPLY => {
            mail(
                state,
                job.kind.as_str(),
                beitrag_core::model::CommentId(first),
            )
            .await
        }
        VERIFY_WEBMENTION => match (parts.next(), parts.next()) {
            (Some(source), Some(target)) => verify_webmention(state, post_id, source, target).await,
            _ => Outcome::Give("bad payload".into()),
        },
        SEND_POST => send_post(state, post_id).await,
        beitrag_core::service::post::PUBLISH => publish(state, post_id).await,
        PING => match (parts.next(), parts.next()) {
            (Some(source), Some(target)) => ping(state, source, target).await,
            _ => Outcome::Give("bad payload".into()),
        },
        TRACKBACK => match parts.nth(1) {
            Some(target) => send_trackback(state, post_id, target).await,
            None => Outcome::Give("bad payload".into()),
        },
        other => Outcome::Give(format!("unknown job kind {other}")),
    }
}

/// [Webmention §3.2.2](https://www.w3.org/TR/webmention/#webmention-verification):
/// fetch the source, check it links to the target, and create, update or
/// delete the response.
async fn verify_webmention(
    state: &AppState,
    post_id: PostId,
    source: &str,
    target: &str,
) -> Outcome {
    let store = state.store();
    let existing = match store
        .comment_by_source(post_id, CommentKind::Webmention, source)
        .await
    {
        Ok(c) => c,
        Err(e) => return Outcome::Retry(e.to_string()),
    };
    let fetched = match state.outbound().get(source).await {
        Ok(f) => f,
        Err(
            e @ (beitrag_outbound::OutboundError::Timeout
            | beitrag_outbound::OutboundError::Http(_)
            | beitrag_outbound::OutboundError::Resolve(_)),
        ) => {
            return Outcome::Retry(e.to_string());
        }
        Err(e) => return Outcome::Give(e.to_string()),
    };
    let gone = fetched.status == 410;
    let html = fetched.text();
    let links = fetched.status == 200
        && url::Url::parse(&fetched.url).is_ok_and(|base| discover::links_to(&html, &base, target));
    if gone || (fetched.status == 200 && !links) {
        // The source was deleted or no longer links here: so goes the mention.
        if let Some(c) = existing {
            if let Err(e) = store.delete_comments(&[c.id]).await {
                return Outcome::Retry(e.to_string());
            }
            state.invalidate_pages();
        }
        return if gone {
            Outcome::Done
        } else {
            Outcome::Give("the source does not link to the target".into())
        };
    }
    if fetched.status >= 500 {
        return Outcome::Retry(format!("the source answered {}", fetched.status));
    }
    if fetched.status != 200 {
        return Outcome::Give(format!("the source answered {}", fetched.status));
    }
    let Ok(base) = url::Url::parse(&fetched.url) else {
        return Outcome::Give("bad source URL".into());
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
        Some(c) => store
            .update_linkback(c.id, &author, &author_url, &content, &title)
            .await
            .map_err(beitrag_core::Error::from),
        None => {
            let site = match state.site().await {
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
            submit(store, &site.settings, submission, Utc::now(), Some(state))
                .await
                .map(|_| ())
        }
    };
    match result {
        Ok(()) => {
            state.invalidate_pages();
            Outcome::Done
        }
        Err(beitrag_core::Error::Store(e)) => Outcome::Retry(e.to_string()),
        Err(e) => Outcome::Give(e.to_string()),
    }
}

/// Publishes a scheduled post at its time. The conditional update lets
/// exactly one worker (of any instance) make the change; a post that was
/// unscheduled or moved in the meantime is left alone.
async fn publish(state: &AppState, post_id: PostId) -> Outcome {
    match state.store().publish_scheduled(post_id, Utc::now()).await {
        Ok(true) => {
            tracing::info!(post = post_id.0, "published scheduled post");
            state.invalidate();
            Outcome::Done
        }
        Ok(false) => Outcome::Done,
        Err(e) => Outcome::Retry(e.to_string()),
    }
}

/// Expands a post into one ping job per outgoing link to another site and
/// one TrackBack job per URL the author listed.
async fn send_post(state: &AppState, post_id: PostId) -> Outcome {
    let store = state.store();
    let site = match state.site().await {
        Ok(s) => s,
        Err(e) => return Outcome::Retry(e.to_string()),
    };
    let post = match store.post_by_id(post_id).await {
        Ok(Some(p)) => p,
        Ok(None) => return Outcome::Give("the post is gone".into()),
        Err(e) => return Outcome::Retry(e.to_string()),
    };
    if !post.is_public_at(Utc::now()) {
        return Outcome::Give("the post is not public".into());
    }
    let source = site.url(&site.directory.post_path(&site.settings, &post));
    let Ok(base) = url::Url::parse(&source) else {
        return Outcome::Give("bad permalink".into());
    };
    let own_host = base.host_str().map(str::to_owned);
    for target in discover::links(&base, &post.html) {
        if target.host_str().map(str::to_owned) == own_host
            && target.port_or_known_default() == base.port_or_known_default()
        {
            continue;
        }
        let key = format!(
            "ping:{}:{}:{}",
            post_id.0,
            post.updated_at.timestamp(),
            target
        );
        let payload = format!("{}\n{source}\n{target}", post_id.0);
        if let Err(e) = store
            .enqueue_job(PING, &payload, Some(&key), Utc::now())
            .await
        {
            return Outcome::Retry(e.to_string());
        }
    }
    for target in &post.trackbacks {
        let key = format!(
            "trackback:{}:{}:{target}",
            post_id.0,
            post.updated_at.timestamp()
        );
        let payload = format!("{}\n{source}\n{target}", post_id.0);
        if let Err(e) = store
            .enqueue_job(TRACKBACK, &payload, Some(&key), Utc::now())
            .await
        {
            return Outcome::Retry(e.to_string());
        }
    }
    state.worker_wakeup().notify_one();
    Outcome::Done
}

/// Sends a TrackBack ping ([TrackBack 1.2](http://archive.cweiske.de/trackback/trackback-1.2.html)):
/// the post's permalink, title, a short plain-text excerpt and the blog's
/// name, form-encoded, to the URL the author listed.
async fn send_trackback(state: &AppState, post_id: PostId, target: &str) -> Outcome {
    let site = match state.site().await {
        Ok(s) => s,
        Err(e) => return Outcome::Retry(e.to_string()),
    };
    let post = match state.store().post_by_id(post_id).await {
        Ok(Some(p)) => p,
        Ok(None) => return Outcome::Give("the post is gone".into()),
        Err(e) => return Outcome::Retry(e.to_string()),
    };
    if !post.is_public_at(Utc::now()) {
        return Outcome::Give("the post is not public".into());
    }
    let permalink = site.url(&site.directory.post_path(&site.settings, &post));
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
    match state.outbound().post_form(target, &form).await {
        Ok(r) if r.status == 200 => match trackback::parse_response(&r.body) {
            Ok(()) => Outcome::Done,
            Err(message) => Outcome::Give(format!("the receiver refused: {message}")),
        },
        Ok(r) if r.status >= 500 || r.status == 429 => {
            Outcome::Retry(format!("the receiver answered {}", r.status))
        }
        Ok(r) => Outcome::Give(format!("the receiver answered {}", r.status)),
        Err(e) => Outcome::Retry(e.to_string()),
    }
}

/// Notifies one target: Webmention when it has an endpoint, else Pingback.
async fn ping(state: &AppState, source: &str, target: &str) -> Outcome {
    let client = state.outbound();
    let page = match client.get(target).await {
        Ok(p) => p,
        Err(e) => return Outcome::Retry(format!("cannot fetch the target: {e}")),
    };
    if page.status >= 500 {
        return Outcome::Retry(format!("the target answered {}", page.status));
    }
    let html = page.text();
    let Ok(base) = url::Url::parse(&page.url) else {
        return Outcome::Give("bad target URL".into());
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
            Ok(r) => Outcome::Give(format!("the endpoint answered {}", r.status)),
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
                Outcome::Give(format!("fault {}: {}", f.code, f.message))
            }
            Err(e) => Outcome::Give(format!("bad XML-RPC answer: {e}")),
        },
        Ok(r) => Outcome::Retry(format!("the pingback server answered {}", r.status)),
        Err(e) => Outcome::Retry(e.to_string()),
    }
}

/// Sends a one-time link to set a new password. The token is made now (not
/// stored in the job), so the queue never holds a usable secret for long.
async fn reset_mail(state: &AppState, id: beitrag_core::model::UserId) -> Outcome {
    let Some(mailer) = state.mailer() else {
        return Outcome::Give("email is not configured".into());
    };
    let user = match state.store().user_by_id(id).await {
        Ok(Some(u)) if !u.disabled => u,
        Ok(_) => return Outcome::Give("the account is gone or disabled".into()),
        Err(e) => return Outcome::Retry(e.to_string()),
    };
    let site = match state.site().await {
        Ok(s) => s,
        Err(e) => return Outcome::Retry(e.to_string()),
    };
    let token = crate::auth::reset_token(state, &user, Utc::now());
    let link = site.url(&format!(
        "/admin/reset?token={}",
        url::form_urlencoded::byte_serialize(token.as_bytes()).collect::<String>()
    ));
    let body = format!(
        "Hello {},\n\nsomeone (hopefully you) asked to set a new password for your account `{}` at {}.\n\n\
         Open this link within {} minutes to choose one:\n\n{link}\n\n\
         If it was not you, ignore this mail; your password stays as it is.\n",
        user.display_name,
        user.login,
        site.settings.title,
        crate::auth::RESET_MINUTES
    );
    let subject = format!("[{}] Set a new password", site.settings.title);
    match mailer.send(&user.email, &subject, body).await {
        Ok(()) => Outcome::Done,
        Err(e) => Outcome::Retry(e),
    }
}

/// Sends a notification about comment `id` (the payload's first line).
async fn mail(state: &AppState, kind: &str, id: beitrag_core::model::CommentId) -> Outcome {
    let Some(mailer) = state.mailer() else {
        return Outcome::Done;
    };
    let store = state.store();
    let site = match state.site().await {
        Ok(s) => s,
        Err(e) => return Outcome::Retry(e.to_string()),
    };
    let comment = match store.comment(id).await {
        Ok(Some(c)) => c,
        Ok(None) => return Outcome::Give("the comment is gone".into()),
        Err(e) => return Outcome::Retry(e.to_string()),
    };
    let post = match store.post_by_id(comment.post_id).await {
        Ok(Some(p)) => p,
        Ok(None) => return Outcome::Give("the post is gone".into()),
        Err(e) => return Outcome::Retry(e.to_string()),
    };
    let lang = site.settings.language.as_str();
    let t = |key: &str, args: &[(&str, FluentValue<'_>)]| state.i18n().t(lang, key, args);
    let title = FluentValue::from(post.title.clone());
    let blog = FluentValue::from(site.settings.title.clone());
    let name = FluentValue::from(comment.author_name.clone());
    let text = beitrag_markdown::strip_tags(&comment.html);
    let link = format!(
        "{}#comment-{}",
        site.url(&site.directory.post_path(&site.settings, &post)),
        id.0
    );
    let (to, subject, body) = if kind == MAIL_COMMENT {
        let Some(author) = site.users.iter().find(|u| u.id == post.author_id) else {
            return Outcome::Give("the post's author is gone".into());
        };
        if author.email.eq_ignore_ascii_case(&comment.author_email) {
            return Outcome::Done;
        }
        let mut body = format!(
            "{}\n\n{text}\n\n{link}\n",
            t(
                "mail-comment-intro",
                &[("name", name), ("title", title.clone())]
            )
        );
        if comment.status == beitrag_core::model::CommentStatus::Pending {
            body.push_str(&format!(
                "\n{}\n",
                t("mail-comment-pending", &[("id", FluentValue::from(id.0))])
            ));
        }
        (
            author.email.clone(),
            t("mail-comment-subject", &[("site", blog), ("title", title)]),
            body,
        )
    } else {
        if comment.status != beitrag_core::model::CommentStatus::Approved {
            return Outcome::Done;
        }
        let parent = match comment.parent {
            Some(p) => match store.comment(p).await {
                Ok(p) => p,
                Err(e) => return Outcome::Retry(e.to_string()),
            },
            None => None,
        };
        let Some(parent) = parent
            .filter(|p| p.notify && !p.author_email.eq_ignore_ascii_case(&comment.author_email))
        else {
            return Outcome::Done;
        };
        let signed = state.signer().sign("unsubscribe", &parent.id.0.to_string());
        let sig = signed.rsplit('.').next().unwrap_or_default();
        let unsubscribe = site.url(&format!(
            "/comments/unsubscribe/?c={}&sig={sig}",
            parent.id.0
        ));
        let body = format!(
            "{}\n\n{text}\n\n{link}\n\n{}\n",
            t("mail-reply-intro", &[("name", name)]),
            t(
                "mail-unsubscribe",
                &[("url", FluentValue::from(unsubscribe))]
            )
        );
        (
            parent.author_email.clone(),
            t("mail-reply-subject", &[("site", blog), ("title", title)]),
            body,
        )
    };
    match mailer.send(&to, &subject, body).await {
        Ok(()) => Outcome::Done,
        Err(e) => Outcome::Retry(e),
    }
}
