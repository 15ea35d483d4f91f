//! SQL fragments shared by several statements, as macros expanding to string
//! literals so statements can be assembled with `concat!` at compile time
//! (and stay `&'static str`, which sqlx accepts without an assertion).
//!
//! Column aliases are what `rows.rs` decodes: post columns keep their names,
//! the author's carry an `author_` prefix and comment columns a `c_` prefix,
//! so a statement may join posts with users or comments without clashes.

/// Columns of a post (`p`), including `primary_category`: the lowest-id
/// category of the post, which the `%category%` permalink token uses.
macro_rules! post_columns {
    () => {
        "p.id, p.kind, p.status, p.slug, p.title, p.source, p.format, p.html, p.excerpt, p.author_id, \
         p.published_at, p.updated_at, p.comment_status, p.ping_status, p.sticky, p.trackbacks, p.guid, p.featured_media, \
         (select min(pc.term_id) from post_terms pc join terms tc on tc.id = pc.term_id \
          where pc.post_id = p.id and tc.taxonomy = 'category') as primary_category"
    };
}

/// Columns of a post card: the post (`p`), its author (`u`, joined by the
/// statement) and its approved comment, ping and thread counts (kept on
/// the post by triggers, migration 0011), and its likes and boosts from
/// the fediverse (migration 0018).
macro_rules! card_columns {
    () => {
        concat!(
            $crate::sql::post_columns!(),
            ", u.login as author_login, u.display_name as author_display_name, \
             u.email as author_email, u.bio as author_bio, u.avatar_url as author_avatar_url, \
             p.comment_count, p.ping_count, p.thread_count, p.like_count, p.announce_count"
        )
    };
}

/// Visibility of post `p` at the instant bound to placeholder `$now`:
/// published or scheduled, and dated no later than now.
macro_rules! visible {
    ($now:literal) => {
        concat!(
            "p.status in ('published', 'scheduled') and p.published_at <= ",
            $now
        )
    };
}

/// Columns of a comment (`c`), prefixed `c_`.
macro_rules! comment_columns {
    () => {
        "c.id as c_id, c.post_id as c_post_id, c.parent_id as c_parent_id, c.kind as c_kind, \
         c.status as c_status, c.author_name as c_author_name, c.author_email as c_author_email, \
         c.author_url as c_author_url, c.html as c_html, c.source_url as c_source_url, \
         c.source_title as c_source_title, c.notify as c_notify, c.created_at as c_created_at"
    };
}

/// Columns of a term (`t`).
macro_rules! term_columns {
    () => {
        "t.id, t.taxonomy, t.slug, t.name, t.parent_id"
    };
}

/// Columns of a user (unqualified: used in `returning` too).
macro_rules! user_columns {
    () => {
        "id, login, display_name, email, bio, avatar_url, role, password_hash, disabled, totp_secret, language, created_at"
    };
}

pub(crate) use {card_columns, comment_columns, post_columns, term_columns, user_columns, visible};
