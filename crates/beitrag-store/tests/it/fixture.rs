//! Builders for test data.

use beitrag_core::model::{
    CommentId, CommentKind, CommentStatus, NewComment, NewUser, OpenClosed, PostId, PostKind,
    PostStatus, PostWrite, Role, User,
};
use beitrag_core::store::prelude::*;
use beitrag_store::SqlStore;
use chrono::{DateTime, TimeZone, Utc};

/// A fixed "now" for visibility checks: 2025-06-01 12:00 UTC.
pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 6, 1, 12, 0, 0).unwrap()
}

/// `now()` shifted by whole days (negative: the past).
pub fn day(offset: i64) -> DateTime<Utc> {
    now() + chrono::Duration::days(offset)
}

/// A new user with the given login.
pub fn new_user(login: &str) -> NewUser {
    NewUser {
        login: login.to_owned(),
        display_name: format!("{login} display"),
        email: format!("{login}@example.org"),
        bio: format!("about {login}"),
        avatar_url: None,
        role: Role::Author,
        password_hash: "$argon2id$fake".to_owned(),
    }
}

/// Inserts a user.
pub async fn user(store: &SqlStore, login: &str) -> User {
    store.create_user(&new_user(login)).await.unwrap()
}

/// A published post by `author`, dated `at`, with no terms.
pub fn post(author: &User, slug: &str, at: DateTime<Utc>) -> PostWrite {
    PostWrite {
        id: None,
        kind: PostKind::Post,
        status: PostStatus::Published,
        slug: slug.to_owned(),
        title: format!("Title {slug}"),
        source: format!("Body of {slug}"),
        format: beitrag_core::model::SourceFormat::Markdown,
        html: format!("<p>Body of {slug}</p>"),
        excerpt: String::new(),
        author_id: author.id,
        saved_by: author.id,
        published_at: Some(at),
        updated_at: at,
        comment_status: OpenClosed::Open,
        ping_status: OpenClosed::Closed,
        sticky: false,
        trackbacks: Vec::new(),
        tags: Vec::new(),
        categories: Vec::new(),
        redirects: Vec::new(),
        guid: String::new(),
        featured_media: None,
        search: Default::default(),
    }
}

/// Saves one write and returns its id.
pub async fn save(store: &SqlStore, w: PostWrite) -> PostId {
    store.save_posts(&[w]).await.unwrap()[0]
}

/// A response to `post`.
pub fn comment(
    post: PostId,
    kind: CommentKind,
    status: CommentStatus,
    at: DateTime<Utc>,
) -> NewComment {
    NewComment {
        post_id: post,
        parent: None,
        kind,
        status,
        author_name: "Reader".to_owned(),
        author_email: "reader@example.org".to_owned(),
        author_url: "https://reader.example".to_owned(),
        html: format!("<p>{} at {}</p>", kind, at.timestamp()),
        source_url: String::new(),
        source_title: String::new(),
        author_ip: String::new(),
        notify: false,
        created_at: at,
    }
}

/// Inserts a response.
pub async fn add_comment(
    store: &SqlStore,
    post: PostId,
    kind: CommentKind,
    status: CommentStatus,
    at: DateTime<Utc>,
) -> CommentId {
    store
        .add_comment(&comment(post, kind, status, at))
        .await
        .unwrap()
}
