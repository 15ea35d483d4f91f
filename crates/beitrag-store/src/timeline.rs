//! Placing a page of the whole timeline (the home page and `/page/N/`)
//! by the slice counts of `timeline_counts` (migration 0020) instead of
//! `count(*)` and `offset`: the counts say which 30-day slice holds the
//! page's first post and how many posts of that slice come before it, so
//! the page is a keyset walk from the slice's upper bound with an offset
//! below one slice. Only [`crate::posts::list`] uses it.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use sqlx::Row;

use crate::exec::{Db, query};
use crate::rows::secs;

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
