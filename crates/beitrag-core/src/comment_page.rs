//! Comment pages, as WordPress numbers them: a page holds
//! `comments_per_page` threads (a top-level comment with all its replies),
//! page 1 the oldest; trackbacks and other linkbacks are split into pages
//! of the same size beside them. The post's own URL shows the default page
//! (`default_comments_page`: the newest or the oldest); the others live at
//! `<permalink>comment-page-N/`. Every rule about page numbers and their
//! URLs is here, so the post page, the feeds, the mails and the form's
//! redirect agree.

use crate::model::{CommentId, PostCard};
use crate::settings::{CommentsPage, Settings};
use crate::store::{Reads, StoreResult};

/// Where a response stands among its post's responses: its thread's (or,
/// for a linkback, its own) position from the oldest, and the totals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommentPlace {
    /// 0-based position of its thread among the threads (or of the
    /// linkback among the linkbacks).
    pub position: i64,
    /// Approved threads of the post.
    pub threads: i64,
    /// Approved linkbacks of the post.
    pub pings: i64,
}

/// The paging rules of one site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommentPaging {
    /// Threads (and linkbacks) per page, at least 1.
    pub per_page: i64,
    /// Which page the post's URL shows.
    pub default: CommentsPage,
}

impl CommentPaging {
    /// The rules the settings name.
    pub fn of(settings: &Settings) -> Self {
        Self {
            per_page: i64::from(settings.comments_per_page.max(1)),
            default: settings.default_comments_page,
        }
    }

    /// Pages for `threads` threads and `pings` linkbacks; at least one.
    pub fn pages(&self, threads: i64, pings: i64) -> i64 {
        let per = self.per_page.max(1);
        let of = |n: i64| (n.max(0) + per - 1) / per;
        of(threads).max(of(pings)).max(1)
    }

    /// Pages of a post's responses.
    pub fn pages_of(&self, card: &PostCard) -> i64 {
        self.pages(card.thread_count, card.ping_count)
    }

    /// The page the post's own URL shows.
    pub fn default_page(&self, pages: i64) -> i64 {
        match self.default {
            CommentsPage::Newest => pages.max(1),
            CommentsPage::Oldest => 1,
        }
    }

    /// The page holding the thread (or linkback) at 0-based `position`.
    pub fn page_of(&self, position: i64) -> i64 {
        position.max(0) / self.per_page.max(1) + 1
    }

    /// Rows to skip and to take for page `page` (1-based) of `total` rows,
    /// counted from the oldest, or — when `.2` is true — from the newest,
    /// which is cheaper for the later half: no page costs more than
    /// skipping half of the list, and the first and the last cost nothing.
    pub fn window(&self, page: i64, total: i64) -> (i64, i64, bool) {
        let per = self.per_page.max(1);
        let start = (page.max(1) - 1).saturating_mul(per);
        if start >= total {
            return (0, 0, false);
        }
        let end = start.saturating_add(per).min(total);
        if start > total / 2 {
            (total - end, end - start, true)
        } else {
            (start, end - start, false)
        }
    }
}

/// The URL of comment page `page` of the post at `post_url`; the post's own
/// URL for its default page.
pub fn page_url(post_url: &str, page: Option<i64>) -> String {
    match page {
        None => post_url.to_owned(),
        Some(n) if post_url.ends_with('/') => format!("{post_url}comment-page-{n}/"),
        Some(n) => format!("{post_url}/comment-page-{n}/"),
    }
}

/// Splits `comment-page-N/` off a requested path: what comes before it
/// (ending in `/`; for permalinks without a trailing slash the post's path
/// is that without its last `/`) and `N`, at least 1. `comment-page-0/`,
/// leading zeros and other spellings are not pages.
pub fn split_page(path: &str) -> Option<(&str, i64)> {
    let rest = path.strip_suffix('/')?;
    let (head, tail) = rest.rsplit_once("comment-page-")?;
    let digits = !tail.is_empty() && tail.bytes().all(|b| b.is_ascii_digit());
    if head.len() < 2 || !head.ends_with('/') || !digits || tail.starts_with('0') {
        return None;
    }
    Some((head, tail.parse().ok()?))
}

/// The link to a response on its post: the page it is on and its anchor;
/// without a place (a response that is gone), the anchor on the post.
pub fn link_at(
    paging: &CommentPaging,
    post_url: &str,
    id: CommentId,
    place: Option<CommentPlace>,
) -> String {
    let page = place.and_then(|place| {
        let page = paging.page_of(place.position);
        let default = paging.default_page(paging.pages(place.threads, place.pings));
        (page != default).then_some(page)
    });
    format!("{}#comment-{}", page_url(post_url, page), id.0)
}

/// The link to response `id` on the post at `post_url`, on the page it is on.
pub async fn link(
    reads: &dyn Reads,
    settings: &Settings,
    post_url: &str,
    id: CommentId,
) -> StoreResult<String> {
    let paging = CommentPaging::of(settings);
    let place = reads.comment_places(&[id]).await?.first().map(|(_, p)| *p);
    Ok(link_at(&paging, post_url, id, place))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paging(per: i64, default: CommentsPage) -> CommentPaging {
        CommentPaging {
            per_page: per,
            default,
        }
    }

    #[test]
    fn pages_count_threads_and_linkbacks() {
        let p = paging(50, CommentsPage::Newest);
        assert_eq!(p.pages(0, 0), 1);
        assert_eq!(p.pages(50, 3), 1);
        assert_eq!(p.pages(51, 3), 2);
        assert_eq!(p.pages(2, 120), 3);
        assert_eq!(p.default_page(3), 3);
        assert_eq!(paging(50, CommentsPage::Oldest).default_page(3), 1);
        assert_eq!(p.page_of(0), 1);
        assert_eq!(p.page_of(49), 1);
        assert_eq!(p.page_of(50), 2);
    }

    #[test]
    fn windows_read_from_the_nearer_end() {
        let p = paging(10, CommentsPage::Newest);
        assert_eq!(p.window(1, 95), (0, 10, false));
        assert_eq!(p.window(5, 95), (40, 10, false));
        // Page 6 holds rows 50..60: from the newest, skip 35 and take 10.
        assert_eq!(p.window(6, 95), (35, 10, true));
        // The last page holds the 5 oldest-numbered leftovers 90..95.
        assert_eq!(p.window(10, 95), (0, 5, true));
        assert_eq!(p.window(11, 95), (0, 0, false));
        assert_eq!(p.window(1, 0), (0, 0, false));
    }

    #[test]
    fn page_urls_follow_the_permalink_style() {
        assert_eq!(
            page_url("/2011/01/x/", Some(2)),
            "/2011/01/x/comment-page-2/"
        );
        assert_eq!(page_url("/x.html", Some(3)), "/x.html/comment-page-3/");
        assert_eq!(page_url("/x/", None), "/x/");
        assert_eq!(
            split_page("/2011/01/x/comment-page-2/"),
            Some(("/2011/01/x/", 2))
        );
        assert_eq!(split_page("/x.html/comment-page-3/"), Some(("/x.html/", 3)));
        assert_eq!(split_page("/x/comment-page-0/"), None);
        assert_eq!(split_page("/x/comment-page-02/"), None);
        assert_eq!(split_page("/x/comment-page-/"), None);
        assert_eq!(split_page("/x/comment-page-2"), None);
        assert_eq!(split_page("/comment-page-2/"), None);
        assert_eq!(split_page("/x/comment-page-99999999999999999999/"), None);
    }

    #[test]
    fn links_name_the_page_unless_it_is_the_default() {
        let place = |position| CommentPlace {
            position,
            threads: 120,
            pings: 0,
        };
        let newest = paging(50, CommentsPage::Newest);
        assert_eq!(
            link_at(&newest, "/x/", CommentId(7), Some(place(110))),
            "/x/#comment-7"
        );
        assert_eq!(
            link_at(&newest, "/x/", CommentId(7), Some(place(3))),
            "/x/comment-page-1/#comment-7"
        );
        let oldest = paging(50, CommentsPage::Oldest);
        assert_eq!(
            link_at(&oldest, "/x/", CommentId(7), Some(place(3))),
            "/x/#comment-7"
        );
        assert_eq!(
            link_at(&oldest, "/x/", CommentId(7), Some(place(60))),
            "/x/comment-page-2/#comment-7"
        );
    }
}
