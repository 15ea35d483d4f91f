//! Notification mail: a post's author hears of new responses, a commenter
//! who asked hears of approved replies, a user who forgot their password
//! gets a one-time link. Texts come from the site's catalogs.

use beitrag_core::model::{CommentId, CommentStatus, UserId};
use beitrag_core::service::jobs::Outcome;
use beitrag_core::service::reset;
use chrono::Utc;

use crate::Worker;
use crate::site::Site;

/// Sends a one-time link to set a new password. The token is made now (not
/// stored in the job), so the queue never holds a usable secret for long.
pub(crate) async fn reset(worker: &Worker, id: UserId) -> Outcome {
    let Some(mailer) = &worker.mailer else {
        return Outcome::Fail("email is not configured".into());
    };
    let user = match worker.core.read().user_by_id(id).await {
        Ok(Some(u)) if !u.disabled => u,
        Ok(_) => return Outcome::Fail("the account is gone or disabled".into()),
        Err(e) => return Outcome::Retry(e.to_string()),
    };
    let site = match Site::load(&worker.core).await {
        Ok(s) => s,
        Err(e) => return Outcome::Retry(e.to_string()),
    };
    let token = reset::token(&worker.core, &user, Utc::now());
    let link = site.url(&format!(
        "/admin/reset?token={}",
        url::form_urlencoded::byte_serialize(token.as_bytes()).collect::<String>()
    ));
    // The reader of this mail is the account's owner: their admin language.
    let lang = if user.language.is_empty() {
        site.settings.language.as_str()
    } else {
        user.language.as_str()
    };
    let t = |key: &str, args: &[(&str, String)]| worker.texts.text(lang, key, args);
    let body = [
        t(
            "admin-mail-reset-hello",
            &[("name", user.display_name.clone())],
        ),
        t(
            "admin-mail-reset-asked",
            &[
                ("login", user.login.clone()),
                ("site", site.settings.title.clone()),
            ],
        ),
        t(
            "admin-mail-reset-open",
            &[("minutes", reset::RESET_MINUTES.to_string())],
        ),
        link,
        t("admin-mail-reset-ignore", &[]),
    ]
    .join("\n\n")
        + "\n";
    let subject = t(
        "admin-mail-reset-subject",
        &[("site", site.settings.title.clone())],
    );
    sent(mailer.send(&user.email, &subject, body).await)
}

/// A delivered mail is done; a refused one is tried again later.
pub(crate) fn sent(result: Result<(), String>) -> Outcome {
    match result {
        Ok(()) => Outcome::Done,
        Err(e) => Outcome::Retry(e),
    }
}

/// What both comment mails need.
struct Context<'w> {
    mailer: &'w crate::Mailer,
    site: Site,
    comment: beitrag_core::model::Comment,
    post: beitrag_core::model::Post,
    /// The response as plain text.
    text: String,
    /// Its place on the post's page.
    link: String,
}

/// The mail's material; without email configured there is nothing to do.
async fn context(worker: &Worker, id: CommentId) -> Result<Context<'_>, Outcome> {
    let Some(mailer) = &worker.mailer else {
        return Err(Outcome::Done);
    };
    let site = Site::load(&worker.core)
        .await
        .map_err(|e| Outcome::Retry(e.to_string()))?;
    let comment = match worker.core.read().comment(id).await {
        Ok(Some(c)) => c,
        Ok(None) => return Err(Outcome::Fail("the comment is gone".into())),
        Err(e) => return Err(Outcome::Retry(e.to_string())),
    };
    let post = match worker.core.read().post_by_id(comment.post_id).await {
        Ok(Some(p)) => p,
        Ok(None) => return Err(Outcome::Fail("the post is gone".into())),
        Err(e) => return Err(Outcome::Retry(e.to_string())),
    };
    let text = beitrag_markdown::strip_tags(&comment.html);
    let link = beitrag_core::comment_page::link(
        worker.core.read(),
        &site.settings,
        &site.permalink(&post),
        id,
    )
    .await
    .map_err(|e| Outcome::Retry(e.to_string()))?;
    Ok(Context {
        mailer,
        site,
        comment,
        post,
        text,
        link,
    })
}

/// Tells a post's author of a new response (not their own).
pub(crate) async fn comment(worker: &Worker, id: CommentId) -> Outcome {
    let Context {
        mailer,
        site,
        comment,
        post,
        text,
        link,
    } = match context(worker, id).await {
        Ok(c) => c,
        Err(o) => return o,
    };
    let lang = site.settings.language.as_str();
    let t = |key: &str, args: &[(&str, String)]| worker.texts.text(lang, key, args);
    let Some(author) = site.users.iter().find(|u| u.id == post.author_id) else {
        return Outcome::Fail("the post's author is gone".into());
    };
    if author.email.eq_ignore_ascii_case(&comment.author_email) {
        return Outcome::Done;
    }
    let mut body = format!(
        "{}\n\n{text}\n\n{link}\n",
        t(
            "mail-comment-intro",
            &[
                ("name", comment.author_name.clone()),
                ("title", post.title.clone())
            ]
        )
    );
    if comment.status == CommentStatus::Pending {
        body.push_str(&format!(
            "\n{}\n",
            t("mail-comment-pending", &[("id", id.0.to_string())])
        ));
    }
    let subject = t(
        "mail-comment-subject",
        &[
            ("site", site.settings.title.clone()),
            ("title", post.title.clone()),
        ],
    );
    sent(mailer.send(&author.email, &subject, body).await)
}

/// Tells a commenter who asked for it of an approved reply to their comment.
pub(crate) async fn reply(worker: &Worker, id: CommentId) -> Outcome {
    let Context {
        mailer,
        site,
        comment,
        post,
        text,
        link,
    } = match context(worker, id).await {
        Ok(c) => c,
        Err(o) => return o,
    };
    if comment.status != CommentStatus::Approved {
        return Outcome::Done;
    }
    let parent = match comment.parent {
        Some(p) => match worker.core.read().comment(p).await {
            Ok(p) => p,
            Err(e) => return Outcome::Retry(e.to_string()),
        },
        None => None,
    };
    let Some(parent) =
        parent.filter(|p| p.notify && !p.author_email.eq_ignore_ascii_case(&comment.author_email))
    else {
        return Outcome::Done;
    };
    let lang = site.settings.language.as_str();
    let t = |key: &str, args: &[(&str, String)]| worker.texts.text(lang, key, args);
    let signed = worker
        .core
        .signer()
        .sign("unsubscribe", &parent.id.0.to_string());
    let sig = signed.rsplit('.').next().unwrap_or_default();
    let unsubscribe = site.url(&format!(
        "/comments/unsubscribe/?c={}&sig={sig}",
        parent.id.0
    ));
    let body = format!(
        "{}\n\n{text}\n\n{link}\n\n{}\n",
        t("mail-reply-intro", &[("name", comment.author_name.clone())]),
        t("mail-unsubscribe", &[("url", unsubscribe)])
    );
    let subject = t(
        "mail-reply-subject",
        &[
            ("site", site.settings.title.clone()),
            ("title", post.title.clone()),
        ],
    );
    sent(mailer.send(&parent.author_email, &subject, body).await)
}
