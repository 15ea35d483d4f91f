//! The optional outside spam check: an Akismet-compatible `comment-check`
//! call (<https://akismet.com/developers/comment-check/>) through the
//! SSRF-safe client, when `akismet_key` is set. Failures count as "no
//! opinion", so an outage of the service never loses a comment. The core
//! asks it for every new response, whichever entry point it came from.

use std::sync::Weak;

use beitrag_core::model::{CommentKind, Post};
use beitrag_core::service::comment::{SpamChecker, Submission};

use crate::state::{AppState, Inner};

/// The checker; holds the web state weakly (the core owns the checker,
/// the state owns the core).
pub struct Akismet(Weak<Inner>);

impl Akismet {
    /// A checker using the state's site snapshot and outbound client.
    pub fn new(state: &AppState) -> Self {
        Self(state.downgrade())
    }
}

#[async_trait::async_trait]
impl SpamChecker for Akismet {
    async fn is_spam(&self, post: &Post, s: &Submission, kind: CommentKind) -> Option<bool> {
        let state = AppState::upgrade(&self.0)?;
        let site = state.site().await.ok()?;
        let settings = &site.settings;
        if settings.akismet_key.is_empty() {
            return None;
        }
        let permalink = site.url(&site.directory.post_path(settings, post));
        let ip = s.ip.map(|i| i.to_string()).unwrap_or_default();
        let comment_type = match kind {
            CommentKind::Comment | CommentKind::Fediverse => "comment",
            CommentKind::Trackback => "trackback",
            CommentKind::Pingback => "pingback",
            CommentKind::Webmention => "webmention",
        };
        let fields = [
            ("api_key", settings.akismet_key.as_str()),
            ("blog", settings.base_url.as_str()),
            ("blog_lang", settings.language.as_str()),
            ("user_ip", ip.as_str()),
            ("permalink", permalink.as_str()),
            ("comment_type", comment_type),
            ("comment_author", s.author_name.as_str()),
            ("comment_author_email", s.author_email.as_str()),
            ("comment_author_url", s.author_url.as_str()),
            ("comment_content", s.text.as_str()),
        ];
        match state
            .outbound()
            .post_form(&settings.akismet_url, &fields)
            .await
        {
            Ok(r) if r.status == 200 => match r.text().trim() {
                "true" => Some(true),
                "false" => Some(false),
                other => {
                    tracing::warn!(answer = %other, "unexpected answer from the spam service");
                    None
                }
            },
            Ok(r) => {
                tracing::warn!(status = r.status, "the spam service failed");
                None
            }
            Err(e) => {
                tracing::warn!(error = %e, "the spam service cannot be reached");
                None
            }
        }
    }
}
