//! Comment pages of the single-post page, and where a response stands for
//! links to its page. Every statement here is a bounded index walk: the
//! threads of a page are read from the nearer end of the post's thread
//! index, their replies by the parent index, the linkbacks by the kind
//! index, and the totals come from the counts on the post (migration 0011).

use beitrag_core::comment_page::{CommentPaging, CommentPlace};
use beitrag_core::model::{Comment, CommentId, PostCard};
use sqlx::Row;

use crate::exec::{Db, query};
use crate::rows::comment_from_row;

/// Replies deeper than this are not followed (the setting allows 10).
pub(crate) const MAX_DEPTH: i64 = 20;

/// Most responses one page shows: a single thread with more replies than
/// this is cut (its newest replies are not shown).
pub(crate) const MAX_ROWS: i64 = 5_000;

/// The linkbacks of one kind of post `$post`, oldest first, at most
/// `$take + $skip`: one walk of the kind index each, so a post with 100,000
/// comments and a few trackbacks reads only the trackbacks.
macro_rules! pings_of {
    ($kind:literal, $post:expr, $take:literal, $skip:literal) => {
        concat!(
            "select * from (select id, created_at from comments where post_id = ",
            $post,
            " and kind = '",
            $kind,
            "' and status = 'approved' order by created_at, id limit ",
            $take,
            " + ",
            $skip,
            ") x"
        )
    };
}

/// The threads (`$2`…`$4`) and linkbacks (`$5`, `$6`) of one page of post
/// `$1`, oldest first; at most `$7` rows. `{dir}` orders the threads' index
/// walk. The rows are fetched by primary key from the ids found (`cross
/// join` keeps SQLite from scanning the table instead). The long form names
/// each placeholder (or fixed value), for batches that bind more than this
/// statement's values (`post_batch`).
macro_rules! page_sql {
    ($dir:literal) => {
        $crate::comment_pages::page_sql!($dir, "$1", "$2", "$3", "$4", "$5", "$6", "$7")
    };
    ($dir:literal, $post:expr, $take:literal, $skip:literal, $depth:literal,
     $ping_take:literal, $ping_skip:literal, $rows:literal) => {
        concat!(
            "with recursive roots as (select id from comments where post_id = ",
            $post,
            " and status = 'approved' and parent_id is null and kind in ('comment', 'fediverse') \
             order by created_at ",
            $dir,
            ", id ",
            $dir,
            " limit ",
            $take,
            " + 0 offset ",
            $skip,
            "), thread(id, depth) as (select id, 0 from roots union all \
             select c.id, t.depth + 1 from thread t cross join comments c \
             where c.parent_id = t.id and c.status = 'approved' and c.kind in ('comment', 'fediverse') and t.depth < ",
            $depth,
            "), shown as (select id from thread limit ",
            $rows,
            " + 0), pings as (select id from (",
            $crate::comment_pages::pings_of!("trackback", $post, $ping_take, $ping_skip),
            " union all ",
            $crate::comment_pages::pings_of!("pingback", $post, $ping_take, $ping_skip),
            " union all ",
            $crate::comment_pages::pings_of!("webmention", $post, $ping_take, $ping_skip),
            ") k order by created_at, id limit ",
            $ping_take,
            " + 0 offset ",
            $ping_skip,
            ") select ",
            $crate::sql::comment_columns!(),
            " from shown s cross join comments c where c.id = s.id \
             union all select ",
            $crate::sql::comment_columns!(),
            " from pings s cross join comments c where c.id = s.id \
             order by c_created_at, c_id"
        )
    };
}
pub(crate) use {page_sql, pings_of};

const PAGE_FORWARD_SQL: &str = page_sql!("asc");
const PAGE_BACKWARD_SQL: &str = page_sql!("desc");

/// The responses of comment page `page` of the post on `card`.
pub(crate) async fn of_page(
    db: &mut Db<'_>,
    card: &PostCard,
    paging: &CommentPaging,
    page: i64,
) -> Result<Vec<Comment>, sqlx::Error> {
    let (skip, take, backward) = paging.window(page, card.thread_count);
    // Linkbacks are few: always read from the oldest.
    let ping_take = paging.per_page.max(1);
    let ping_skip = (page.max(1) - 1).saturating_mul(ping_take);
    if take == 0 && ping_skip >= card.ping_count {
        return Ok(Vec::new());
    }
    let sql = if backward {
        PAGE_BACKWARD_SQL
    } else {
        PAGE_FORWARD_SQL
    };
    let rows = db
        .all(
            query(sql)
                .bind(card.post.id.0)
                .bind(take)
                .bind(skip)
                .bind(MAX_DEPTH)
                .bind(ping_take)
                .bind(ping_skip)
                .bind(MAX_ROWS),
        )
        .await?;
    rows.iter().map(comment_from_row).collect()
}

/// The thread (or linkback) a response belongs to, and how many threads (or
/// linkbacks) of its post are newer: the newest responses, which feeds and
/// mails link to, are the cheapest to place.
const PLACE_SQL: &str = "with recursive up(id, parent_id, depth) as (\
     select id, parent_id, 0 from comments where id = $1 union all \
     select c.id, c.parent_id, u.depth + 1 from comments c join up u on c.id = u.parent_id \
     where u.depth < $2), \
     root as (select c.id, c.post_id, c.created_at, \
     case when c.kind in ('comment', 'fediverse') then 1 else 0 end as talk from comments c \
     where c.id = (select id from up where parent_id is null order by depth limit 1)) \
     select p.thread_count, p.ping_count, root.talk, \
     (select count(*) from comments r where r.post_id = root.post_id and r.status = 'approved' \
      and ((root.talk = 1 and r.parent_id is null and r.kind in ('comment', 'fediverse')) \
       or (root.talk = 0 and r.kind in ('trackback', 'pingback', 'webmention'))) \
      and (r.created_at > root.created_at or (r.created_at = root.created_at and r.id > root.id))) \
     as newer \
     from root join posts p on p.id = root.post_id";

/// Where each response stands; ids that are gone are left out.
pub(crate) async fn places(
    db: &mut Db<'_>,
    ids: &[CommentId],
) -> Result<Vec<(CommentId, CommentPlace)>, sqlx::Error> {
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let Some(row) = db
            .optional(query(PLACE_SQL).bind(id.0).bind(MAX_DEPTH))
            .await?
        else {
            continue;
        };
        let (threads, pings): (i64, i64) =
            (row.try_get("thread_count")?, row.try_get("ping_count")?);
        let talk: i64 = row.try_get("talk")?;
        let newer: i64 = row.try_get("newer")?;
        let total = if talk == 1 { threads } else { pings };
        out.push((
            *id,
            CommentPlace {
                position: (total - 1 - newer).max(0),
                threads,
                pings,
            },
        ));
    }
    Ok(out)
}
