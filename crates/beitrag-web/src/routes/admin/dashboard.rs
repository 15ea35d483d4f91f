//! `GET /admin/`: drafts, scheduled posts, comments waiting, recent changes.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use beitrag_core::model::{AdminPostQuery, CommentStatus, PostCard, PostStatus};
use beitrag_core::service::access::{Capability, can};
use serde::Serialize;

use super::{render, when};
use crate::auth::AdminSession;
use crate::error::WebError;
use crate::state::{AppState, Site};

/// A post in a dashboard list.
#[derive(Debug, Serialize)]
pub(crate) struct Row {
    id: i64,
    title: String,
    status: &'static str,
    author: String,
    /// Date of publication or last change, as the viewer reads dates.
    date: String,
}

impl Row {
    fn of(state: &AppState, me: &AdminSession, site: &Site, card: &PostCard) -> Self {
        Self {
            id: card.post.id.0,
            title: card.post.title.clone(),
            status: card.post.status.as_str(),
            author: card.author.display_name.clone(),
            date: when(
                state,
                me,
                site,
                card.post.published_at.unwrap_or(card.post.updated_at),
            ),
        }
    }
}

#[derive(Debug, Serialize)]
struct Dashboard {
    drafts: Vec<Row>,
    pending_review: Vec<Row>,
    scheduled: Vec<Row>,
    recent: Vec<Row>,
    comments_waiting: Option<i64>,
}

/// `GET /admin/`
pub(crate) async fn show(
    State(state): State<AppState>,
    me: AdminSession,
) -> Result<Response, WebError> {
    let store = state.read();
    // People who may only edit their own posts see only those.
    let author = (!can(me.user.role, Capability::EditOthersPosts)).then_some(me.user.id);
    let list = |status: Option<PostStatus>| AdminPostQuery {
        status,
        author,
        limit: 5,
        ..AdminPostQuery::default()
    };
    let site = state.site().await?;
    let rows = |cards: Vec<PostCard>| {
        cards
            .iter()
            .map(|c| Row::of(&state, &me, &site, c))
            .collect::<Vec<_>>()
    };
    let drafts = rows(
        store
            .admin_posts(&list(Some(PostStatus::Draft)))
            .await?
            .items,
    );
    let pending_review = rows(
        store
            .admin_posts(&list(Some(PostStatus::Pending)))
            .await?
            .items,
    );
    let scheduled = rows(
        store
            .admin_posts(&list(Some(PostStatus::Scheduled)))
            .await?
            .items,
    );
    let recent = rows(store.admin_posts(&list(None)).await?.items);
    let comments_waiting = if can(me.user.role, Capability::ModerateComments) {
        let counts = store.comment_counts().await?;
        Some(
            counts
                .iter()
                .find(|(s, _)| *s == CommentStatus::Pending)
                .map_or(0, |(_, n)| *n),
        )
    } else {
        None
    };
    render(
        &state,
        &me,
        StatusCode::OK,
        "dashboard.html",
        "dashboard",
        Dashboard {
            drafts,
            pending_review,
            scheduled,
            recent,
            comments_waiting,
        },
    )
    .await
}
