//! Placing a page of the whole timeline (the home page and `/page/N/`)
//! by the slice counts of `timeline_counts` (migration 0020) instead of
//! `count(*)` and `offset`: the counts say which 30-day slice holds the
//! page's first post and how many posts of that slice come before it, so
//! the page is a keyset walk from the slice's upper bound with an offset
//! below one slice. Tag archives, read from the term's own `post_terms`
//! rows by date (migration 0021), are here too. Only
//! [`crate::posts::list`] calls in.

use std::collections::BTreeMap;

use beitrag_core::model::{PostList, PostQuery, TermId};
use chrono::{DateTime, Utc};
use sqlx::Row;

use crate::exec::{Db, dynamic, query};
use crate::posts::cards_with_terms;
use crate::rows::secs;
use crate::sql::{card_columns, visible};

/// The width of a slice in seconds (30 days), as the migration's triggers
/// compute it.
const SLICE: i64 = 2_592_000;

/// The posts visible at one instant, counted per slice.
pub(crate) struct Timeline {
    /// Posts per slice, newest slice first, for sticky (`[1]`) and other
    /// (`[0]`) posts.
    slices: Vec<(i64, [i64; 2])>,
}

/// Where a run of the timeline starts: walk from `before` (exclusive,
/// a slice's upper bound) newest first and skip `skip` posts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Start {
    /// Upper bound of `published_at`, exclusive.
    pub before: i64,
    /// Posts to skip below it (fewer than one slice holds).
    pub skip: i64,
}

impl Timeline {
    /// The counts at `now` in one statement: the stored counts (scheduled
    /// posts included) minus the posts dated after `now`, which are few
    /// and found by the date index.
    pub(crate) async fn at(db: &mut Db<'_>, now: DateTime<Utc>) -> Result<Self, sqlx::Error> {
        let rows = db
            .all(
                query(
                    "select sticky, slice, posts from timeline_counts where posts <> 0 \
                     union all select p.sticky, \
                     (p.published_at - ((p.published_at % 2592000) + 2592000) % 2592000) / 2592000 as slice, \
                     -1 as posts from posts p where p.kind = 'post' \
                     and p.status in ('published', 'scheduled') and p.published_at > $1",
                )
                .bind(secs(now)),
            )
            .await?;
        let mut by_slice: BTreeMap<i64, [i64; 2]> = BTreeMap::new();
        for row in &rows {
            let sticky: i64 = row.try_get("sticky")?;
            let slice: i64 = row.try_get("slice")?;
            let posts: i64 = row.try_get("posts")?;
            by_slice.entry(slice).or_default()[usize::from(sticky != 0)] += posts;
        }
        Ok(Self {
            slices: by_slice.into_iter().rev().collect(),
        })
    }

    /// Visible posts: sticky ones (`Some(true)`), the others
    /// (`Some(false)`) or all.
    pub(crate) fn total(&self, sticky: Option<bool>) -> i64 {
        self.slices.iter().map(|(_, n)| pick(n, sticky)).sum()
    }

    /// Where the run that skips `offset` posts (of `sticky`, as in
    /// [`Timeline::total`]) starts; `None` past the end.
    pub(crate) fn start(&self, sticky: Option<bool>, offset: i64) -> Option<Start> {
        let mut before = 0;
        for (slice, n) in &self.slices {
            let here = pick(n, sticky);
            if offset < before + here {
                return Some(Start {
                    before: slice.saturating_add(1).saturating_mul(SLICE),
                    skip: offset - before,
                });
            }
            before += here;
        }
        None
    }
}

fn pick(n: &[i64; 2], sticky: Option<bool>) -> i64 {
    match sticky {
        Some(s) => n[usize::from(s)],
        None => n[0] + n[1],
    }
}

/// A page of the whole timeline in three statements (one past its end),
/// placed by the slice counts (`crate::timeline`): the same rows
/// as `count(*)` + `offset` would give, at a cost that does not grow with
/// the page number. Sticky-first pages take the sticky posts (few, by
/// offset) and then the others from where the counts place them.
pub(crate) async fn list(db: &mut Db<'_>, q: &PostQuery) -> Result<PostList, sqlx::Error> {
    let timeline = Timeline::at(db, q.now).await?;
    let (limit, offset) = (q.limit.max(0), q.offset.max(0));
    let total = timeline.total(None);
    let (sticky_sql, sticky_take, rest_offset, rest_sticky) = if q.sticky_first {
        let sticky = timeline.total(Some(true));
        let take = sticky.saturating_sub(offset).clamp(0, limit);
        (
            concat!(
                "select id, sticky, published_at from (select p.id, p.sticky, p.published_at \
                 from posts p where p.kind = 'post' and p.sticky = 1 and ",
                visible!("$1"),
                " order by p.published_at desc, p.id desc limit $5 + 0 offset $6) as s union all "
            ),
            take,
            offset.saturating_sub(sticky).max(0),
            Some(false),
        )
    } else {
        ("", 0, offset, None)
    };
    let rest_take = limit - sticky_take;
    let start = timeline.start(rest_sticky, rest_offset);
    if sticky_take == 0 && (rest_take == 0 || start.is_none()) {
        return Ok(PostList {
            items: Vec::new(),
            total,
        });
    }
    // Past the end of the other posts (a page of sticky ones only): the
    // second walk takes nothing.
    let (rest_take, start) = match start {
        Some(start) => (rest_take, start),
        None => (0, Start { before: 0, skip: 0 }),
    };
    let (rest_filter, order) = if q.sticky_first {
        (" and p.sticky = 0", "p.sticky desc, ")
    } else {
        ("", "")
    };
    let page_sql = format!(
        concat!(
            "select ",
            card_columns!(),
            " from ({sticky}select id, sticky, published_at from (select p.id, p.sticky, p.published_at \
             from posts p where p.kind = 'post'{rest} and ",
            visible!("$1"),
            " and p.published_at < $2 order by p.published_at desc, p.id desc limit $3 + 0 offset $4) as o) \
             as pick join posts p on p.id = pick.id join users u on u.id = p.author_id \
             order by {order}p.published_at desc, p.id desc"
        ),
        sticky = sticky_sql,
        rest = rest_filter,
        order = order,
    );
    let mut page = dynamic(page_sql)
        .bind(secs(q.now))
        .bind(start.before)
        .bind(rest_take)
        .bind(start.skip);
    if q.sticky_first {
        page = page.bind(sticky_take).bind(offset);
    }
    let rows = db.all(page).await?;
    let items = cards_with_terms(db, &rows).await?;
    Ok(PostList { items, total })
}

/// A tag archive in three statements (one past its end), read from
/// the term's own rows of `post_terms` by date (migration 0021: each
/// carries its post's date and whether it is in the timeline), so neither
/// the total nor the page walks posts of other terms.
pub(crate) async fn list_term(
    db: &mut Db<'_>,
    q: &PostQuery,
    term: TermId,
) -> Result<PostList, sqlx::Error> {
    let total: i64 = db
        .one(
            query(
                "select count(*) as total from post_terms f \
                 where f.term_id = $2 and f.listed = 1 and f.published_at <= $1",
            )
            .bind(secs(q.now))
            .bind(term.0),
        )
        .await?
        .try_get("total")?;
    let (limit, offset) = (q.limit.max(0), q.offset.max(0));
    if total <= offset || limit == 0 {
        return Ok(PostList {
            items: Vec::new(),
            total,
        });
    }
    let rows = db
        .all(
            query(concat!(
                "select ",
                card_columns!(),
                " from (select f.post_id as id from post_terms f \
                 where f.term_id = $2 and f.listed = 1 and f.published_at <= $1 \
                 order by f.published_at desc, f.post_id desc limit $3 + 0 offset $4) as pick \
                 join posts p on p.id = pick.id join users u on u.id = p.author_id \
                 order by p.published_at desc, p.id desc"
            ))
            .bind(secs(q.now))
            .bind(term.0)
            .bind(limit)
            .bind(offset),
        )
        .await?;
    let items = cards_with_terms(db, &rows).await?;
    Ok(PostList { items, total })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn timeline() -> Timeline {
        Timeline {
            slices: vec![(10, [3, 1]), (9, [0, 0]), (7, [2, 0]), (-1, [1, 1])],
        }
    }

    #[test]
    fn start_skips_whole_slices_then_posts_in_one() {
        let t = timeline();
        assert_eq!(t.total(None), 8);
        assert_eq!(t.total(Some(true)), 2);
        assert_eq!(t.total(Some(false)), 6);
        let at = |before: i64, skip| {
            Some(Start {
                before: before * SLICE,
                skip,
            })
        };
        assert_eq!(t.start(None, 0), at(11, 0));
        assert_eq!(t.start(None, 3), at(11, 3));
        assert_eq!(t.start(None, 4), at(8, 0));
        assert_eq!(t.start(Some(false), 3), at(8, 0));
        assert_eq!(t.start(Some(false), 5), at(0, 0));
        assert_eq!(t.start(Some(true), 1), at(0, 0));
        assert_eq!(t.start(None, 7), at(0, 1));
        assert_eq!(t.start(None, 8), None);
    }
}
