//! The fan-out to followers outside the fediverse, and the mail to email
//! subscribers: the confirmation of a subscription and a new post, each
//! with the texts of the site's catalogs. One job per recipient, so a
//! refused address is retried alone and nobody gets a post twice (each
//! job is queued once per post and subscriber).

use beitrag_core::model::{PostId, SubscriberId};
use beitrag_core::service::jobs::Outcome;
use beitrag_core::service::{followers, subscribers};
use chrono::Utc;

use crate::Worker;
use crate::site::Site;

/// Queues the deliveries of a public post (`followers.announce`).
pub(crate) async fn announce(worker: &Worker, post: PostId, new: bool) -> Outcome {
    let topics = match worker.feeds.get() {
        Some(feeds) => feeds.topics(post).await,
        None => Vec::new(),
    };
    match followers::fan_out(&worker.core, post, new, &topics, Utc::now()).await {
        Ok(out) => {
            tracing::debug!(
                post = post.0,
                websub = out.websub,
                mails = out.mails,
                "announced"
            );
            Outcome::Done
        }
        Err(e) => Outcome::Retry(e.to_string()),
    }
}

/// The link's query value.
fn encoded(token: &str) -> String {
    url::form_urlencoded::byte_serialize(token.as_bytes()).collect()
}

/// Mails a pending subscriber the link that confirms the subscription.
pub(crate) async fn confirm(worker: &Worker, id: SubscriberId) -> Outcome {
    let Some(mailer) = &worker.mailer else {
        return Outcome::Fail("email is not configured".into());
    };
    let subscriber = match worker.core.read().subscriber(id).await {
        Ok(Some(s)) if s.confirmed_at.is_none() => s,
        Ok(_) => return Outcome::Done,
        Err(e) => return Outcome::Retry(e.to_string()),
    };
    let site = match Site::load(&worker.core).await {
        Ok(s) => s,
        Err(e) => return Outcome::Retry(e.to_string()),
    };
    let token = subscribers::confirm_token(&worker.core, id, Utc::now());
    let link = site.url(&format!("/subscribe/confirm?token={}", encoded(&token)));
    let lang = site.settings.language.as_str();
    let t = |key: &str, args: &[(&str, String)]| worker.texts.text(lang, key, args);
    let title = site.settings.title.clone();
    let body = [
        t(
            "mail-subscribe-intro",
            &[
                ("site", title.clone()),
                ("days", subscribers::CONFIRM_DAYS.to_string()),
            ],
        ),
        link,
        t("mail-subscribe-ignore", &[]),
    ]
    .join("\n\n")
        + "\n";
    let subject = t("mail-subscribe-subject", &[("site", title)]);
    crate::notify::sent(mailer.send(&subscriber.email, &subject, body).await)
}

/// Mails a confirmed subscriber a new post: its title, summary and link,
/// with `List-Unsubscribe` and `List-Unsubscribe-Post` (RFC 8058), so a
/// mail program's button unsubscribes in one click.
pub(crate) async fn post(worker: &Worker, post: PostId, id: SubscriberId) -> Outcome {
    let Some(mailer) = &worker.mailer else {
        return Outcome::Fail("email is not configured".into());
    };
    let subscriber = match worker.core.read().subscriber(id).await {
        Ok(Some(s)) if s.confirmed_at.is_some() => s,
        Ok(_) => return Outcome::Done,
        Err(e) => return Outcome::Retry(e.to_string()),
    };
    let post = match worker.core.read().post_by_id(post).await {
        Ok(Some(p)) if p.status == beitrag_core::model::PostStatus::Published => p,
        Ok(_) => return Outcome::Done,
        Err(e) => return Outcome::Retry(e.to_string()),
    };
    let site = match Site::load(&worker.core).await {
        Ok(s) => s,
        Err(e) => return Outcome::Retry(e.to_string()),
    };
    let unsubscribe = site.url(&format!(
        "/unsubscribe?token={}",
        encoded(&subscribers::unsubscribe_token(&worker.core, id))
    ));
    let lang = site.settings.language.as_str();
    let t = |key: &str, args: &[(&str, String)]| worker.texts.text(lang, key, args);
    let title = site.settings.title.clone();
    let summary = if post.excerpt.is_empty() {
        beitrag_markdown::strip_tags(&beitrag_markdown::summary(&post.html, 55))
    } else {
        beitrag_markdown::strip_tags(&post.excerpt)
    };
    let body = [
        t("mail-post-intro", &[("site", title.clone())]),
        post.title.clone(),
        summary,
        t("mail-post-read", &[("url", site.permalink(&post))]),
        t("mail-post-unsubscribe", &[("url", unsubscribe.clone())]),
    ]
    .join("\n\n")
        + "\n";
    let subject = t(
        "mail-post-subject",
        &[("site", title), ("title", post.title.clone())],
    );
    let headers = [
        ("List-Unsubscribe", format!("<{unsubscribe}>")),
        (
            "List-Unsubscribe-Post",
            "List-Unsubscribe=One-Click".to_owned(),
        ),
    ];
    crate::notify::sent(
        mailer
            .send_with(&subscriber.email, &subject, body, &headers)
            .await,
    )
}
