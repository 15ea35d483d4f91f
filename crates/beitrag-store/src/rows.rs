//! Decoding rows by hand into domain types. Columns are read by the names
//! (and aliases) that `sql.rs` defines; an unknown enum word or an
//! out-of-range timestamp is a decode error, never a panic or a default.

use beitrag_core::model::{
    Author, Comment, CommentId, CommentKind, CommentStatus, MediaId, OpenClosed, Post, PostCard,
    PostId, PostKind, PostStatus, ReactionCounts, Role, SourceFormat, Taxonomy, Term, TermId, User,
    UserId,
};
use chrono::{DateTime, Utc};
use sqlx::Row;
use sqlx::any::AnyRow;

/// Unix seconds as stored.
pub(crate) fn secs(t: DateTime<Utc>) -> i64 {
    t.timestamp()
}

fn decode_error(msg: String) -> sqlx::Error {
    sqlx::Error::Decode(msg.into())
}

pub(crate) fn time(row: &AnyRow, col: &str) -> Result<DateTime<Utc>, sqlx::Error> {
    let s: i64 = row.try_get(col)?;
    DateTime::from_timestamp(s, 0)
        .ok_or_else(|| decode_error(format!("{col}: timestamp {s} out of range")))
}

fn opt_time(row: &AnyRow, col: &str) -> Result<Option<DateTime<Utc>>, sqlx::Error> {
    match row.try_get::<Option<i64>, _>(col)? {
        None => Ok(None),
        Some(s) => DateTime::from_timestamp(s, 0)
            .map(Some)
            .ok_or_else(|| decode_error(format!("{col}: timestamp {s} out of range"))),
    }
}

fn word<T>(row: &AnyRow, col: &str, parse: fn(&str) -> Option<T>) -> Result<T, sqlx::Error> {
    let s: String = row.try_get(col)?;
    parse(&s).ok_or_else(|| decode_error(format!("{col}: unknown word `{s}`")))
}

/// A post from `post_columns!()`.
pub(crate) fn post_from_row(row: &AnyRow) -> Result<Post, sqlx::Error> {
    Ok(Post {
        id: PostId(row.try_get("id")?),
        kind: word(row, "kind", PostKind::parse)?,
        status: word(row, "status", PostStatus::parse)?,
        slug: row.try_get("slug")?,
        title: row.try_get("title")?,
        source: row.try_get("source")?,
        format: word(row, "format", SourceFormat::parse)?,
        html: row.try_get("html")?,
        excerpt: row.try_get("excerpt")?,
        author_id: UserId(row.try_get("author_id")?),
        published_at: opt_time(row, "published_at")?,
        updated_at: time(row, "updated_at")?,
        comment_status: word(row, "comment_status", OpenClosed::parse)?,
        ping_status: word(row, "ping_status", OpenClosed::parse)?,
        sticky: row.try_get::<i64, _>("sticky")? != 0,
        trackbacks: row
            .try_get::<String, _>("trackbacks")?
            .lines()
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect(),
        primary_category: row
            .try_get::<Option<i64>, _>("primary_category")?
            .map(TermId),
        guid: row.try_get("guid")?,
        featured_media: row
            .try_get::<Option<i64>, _>("featured_media")?
            .map(MediaId),
    })
}

/// A card from `card_columns!()`; its terms are filled in by the caller.
pub(crate) fn card_from_row(row: &AnyRow) -> Result<PostCard, sqlx::Error> {
    let post = post_from_row(row)?;
    let author = Author {
        id: post.author_id,
        login: row.try_get("author_login")?,
        display_name: row.try_get("author_display_name")?,
        email: row.try_get("author_email")?,
        bio: row.try_get("author_bio")?,
        avatar_url: row.try_get("author_avatar_url")?,
    };
    Ok(PostCard {
        post,
        author,
        comment_count: row.try_get("comment_count")?,
        ping_count: row.try_get("ping_count")?,
        thread_count: row.try_get("thread_count")?,
        reactions: ReactionCounts {
            likes: row.try_get("like_count")?,
            announces: row.try_get("announce_count")?,
        },
        terms: Vec::new(),
    })
}

/// A term from `term_columns!()`.
pub(crate) fn term_from_row(row: &AnyRow) -> Result<Term, sqlx::Error> {
    Ok(Term {
        id: TermId(row.try_get("id")?),
        taxonomy: word(row, "taxonomy", Taxonomy::parse)?,
        slug: row.try_get("slug")?,
        name: row.try_get("name")?,
        parent: row.try_get::<Option<i64>, _>("parent_id")?.map(TermId),
    })
}

/// A comment from `comment_columns!()`.
pub(crate) fn comment_from_row(row: &AnyRow) -> Result<Comment, sqlx::Error> {
    Ok(Comment {
        id: CommentId(row.try_get("c_id")?),
        post_id: PostId(row.try_get("c_post_id")?),
        parent: row.try_get::<Option<i64>, _>("c_parent_id")?.map(CommentId),
        kind: word(row, "c_kind", CommentKind::parse)?,
        status: word(row, "c_status", CommentStatus::parse)?,
        author_name: row.try_get("c_author_name")?,
        author_email: row.try_get("c_author_email")?,
        author_url: row.try_get("c_author_url")?,
        html: row.try_get("c_html")?,
        source_url: row.try_get("c_source_url")?,
        source_title: row.try_get("c_source_title")?,
        notify: row.try_get::<i64, _>("c_notify")? != 0,
        created_at: time(row, "c_created_at")?,
    })
}

/// A user from `user_columns!()`.
pub(crate) fn user_from_row(row: &AnyRow) -> Result<User, sqlx::Error> {
    Ok(User {
        id: UserId(row.try_get("id")?),
        login: row.try_get("login")?,
        display_name: row.try_get("display_name")?,
        email: row.try_get("email")?,
        bio: row.try_get("bio")?,
        avatar_url: row.try_get("avatar_url")?,
        role: word(row, "role", Role::parse)?,
        password_hash: row.try_get("password_hash")?,
        disabled: row.try_get::<i64, _>("disabled")? != 0,
        totp_secret: row.try_get("totp_secret")?,
        language: row.try_get("language")?,
        created_at: time(row, "created_at")?,
    })
}
