//! Local comments in the fediverse: an approved comment of a reader (or a
//! moderator's reply) is sent as a `Note` of the blog actor in reply to
//! the post or the comment it answers, so the people there see the whole
//! conversation; one that stops being approved is withdrawn (`Delete`).

use chrono::Utc;
use serde_json::Value;

use super::documents::Site;
use crate::job::{Job, Verb};
use crate::model::{Comment, CommentId, CommentKind, CommentStatus, Post};
use crate::{Core, Result};

/// The id (and address) of a local comment's `Note`.
pub fn note_id(site: &Site, id: CommentId) -> String {
    format!("{}/ap/comments/{}", site.settings.base_url, id.0)
}

/// Queues the announcement of a local comment's approval (`Create`) or
/// withdrawal (`Delete`). Responses from elsewhere are never sent back out.
pub(crate) async fn changed(core: &Core, comment: &Comment, verb: Verb) -> Result<()> {
    if comment.kind != CommentKind::Comment {
        return Ok(());
    }
    let key = format!(
        "fediverse.comment:{}:{verb:?}:{}",
        comment.id.0,
        Utc::now().timestamp_millis()
    );
    crate::service::jobs::enqueue(
        core,
        &Job::FederateComment {
            comment: comment.id,
            verb,
        },
        Some(&key),
        Utc::now(),
    )
    .await?;
    Ok(())
}

/// What a comment's `Note` needs: the comment, the post, what it answers.
pub struct Conversation {
    /// The comment.
    pub comment: Comment,
    /// Its post.
    pub post: Post,
    /// The comment it answers.
    pub parent: Option<Comment>,
}

impl Conversation {
    /// Loads a comment that is approved, local and on a federated post.
    pub async fn load(core: &Core, id: CommentId) -> Result<Option<Conversation>> {
        let store = core.read();
        let Some(comment) = store.comment(id).await? else {
            return Ok(None);
        };
        if comment.kind != CommentKind::Comment || comment.status != CommentStatus::Approved {
            return Ok(None);
        }
        let Some(post) = store.post_by_id(comment.post_id).await? else {
            return Ok(None);
        };
        if !super::federated(&post, Utc::now()) {
            return Ok(None);
        }
        let parent = match comment.parent {
            Some(p) => store.comment(p).await?,
            None => None,
        };
        Ok(Some(Conversation {
            comment,
            post,
            parent,
        }))
    }

    /// The fediverse author answered, if the parent came from there.
    pub fn mentioned(&self) -> Option<&str> {
        self.parent
            .as_ref()
            .filter(|p| p.kind == CommentKind::Fediverse)
            .map(|p| p.author_url.as_str())
    }

    /// The `Note`.
    pub fn note(&self, site: &Site) -> Value {
        let id = note_id(site, self.comment.id);
        let in_reply_to = match &self.parent {
            Some(p) if p.kind == CommentKind::Fediverse => p.source_url.clone(),
            Some(p) if p.kind == CommentKind::Comment => note_id(site, p.id),
            _ => site.post_url(&self.post),
        };
        let content = format!(
            "<p><strong>{}</strong></p>{}",
            beitrag_markdown::escape_html(&self.comment.author_name),
            self.comment.html
        );
        let url = format!(
            "{}#comment-{}",
            site.post_url(&self.post),
            self.comment.id.0
        );
        let mut note = beitrag_federation::vocab::note(&beitrag_federation::vocab::NoteDoc {
            id: &id,
            attributed_to: &site.addresses.actor(),
            in_reply_to: &in_reply_to,
            content: &content,
            published: self.comment.created_at,
            followers: &site.addresses.followers(),
            mention: self.mentioned(),
        });
        note["url"] = Value::String(url);
        note
    }
}
