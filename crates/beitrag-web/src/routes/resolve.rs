//! Request path → what to show. Pure parsing, no I/O: every fixed route
//! (home, archives, feeds) is recognised here along with its canonical path;
//! anything else is a post, a page, a redirect or a 404.

/// Feed formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// RSS 2.0 at `…/feed/`.
    Rss,
    /// Atom at `…/feed/atom/`.
    Atom,
    /// JSON Feed at `…/feed/json/`.
    Json,
}

impl Format {
    fn suffix(self) -> &'static str {
        match self {
            Format::Rss => "feed/",
            Format::Atom => "feed/atom/",
            Format::Json => "feed/json/",
        }
    }
}

/// An archive of posts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Archive {
    /// Home page.
    Home,
    /// `/tag/{slug}/`.
    Tag(String),
    /// `/category/{path}/`.
    Category(String),
    /// `/author/{login}/`.
    Author(String),
    /// `/{yyyy}/`, `/{yyyy}/{mm}/`, `/{yyyy}/{mm}/{dd}/`.
    Date(i32, Option<u32>, Option<u32>),
}

impl Archive {
    /// Canonical path of the archive's first page.
    pub fn path(&self) -> String {
        match self {
            Archive::Home => "/".into(),
            Archive::Tag(s) => format!("/tag/{s}/"),
            Archive::Category(p) => format!("/category/{p}/"),
            Archive::Author(l) => format!("/author/{l}/"),
            Archive::Date(y, None, _) => format!("/{y:04}/"),
            Archive::Date(y, Some(m), None) => format!("/{y:04}/{m:02}/"),
            Archive::Date(y, Some(m), Some(d)) => format!("/{y:04}/{m:02}/{d:02}/"),
        }
    }
}

/// A part of the sitemap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sitemap {
    /// `/sitemap.xml`: the index of the files below.
    Index,
    /// `/sitemap-posts-N.xml`: posts with ids in range `N - 1` (see
    /// `PostReads::sitemap_chunks`).
    Posts(i64),
    /// `/sitemap-pages-N.xml`: pages, N-th slice.
    Pages(i64),
    /// `/sitemap-archives-N.xml`: home, categories, tags, authors, N-th slice.
    Archives(i64),
}

impl Sitemap {
    /// Its path.
    pub fn path(self) -> String {
        match self {
            Sitemap::Index => "/sitemap.xml".into(),
            Sitemap::Posts(n) => format!("/sitemap-posts-{n}.xml"),
            Sitemap::Pages(n) => format!("/sitemap-pages-{n}.xml"),
            Sitemap::Archives(n) => format!("/sitemap-archives-{n}.xml"),
        }
    }

    fn parse(path: &str) -> Option<Self> {
        if path == "/sitemap.xml" {
            return Some(Sitemap::Index);
        }
        let rest = path.strip_prefix("/sitemap-")?.strip_suffix(".xml")?;
        let (kind, n) = rest.rsplit_once('-')?;
        if n.starts_with('0') {
            return None;
        }
        let n = n
            .parse::<i64>()
            .ok()
            .filter(|n| (1..=10_000_000).contains(n))?;
        match kind {
            "posts" => Some(Sitemap::Posts(n)),
            "pages" => Some(Sitemap::Pages(n)),
            "archives" => Some(Sitemap::Archives(n)),
            _ => None,
        }
    }
}

/// What a path asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// An archive page.
    List(Archive, u32),
    /// A feed of posts of an archive (date archives have none).
    Feed(Archive, Format),
    /// The site-wide comments feed.
    CommentsFeed(Format),
    /// The comments feed of the post or page at this path.
    PostCommentsFeed(String, Format),
    /// A post, page, redirect, or nothing; with `Some(N)` its comment page
    /// `N` (`…/comment-page-N/`, the path then ends before it, with its `/`).
    Content(String, Option<i64>),
    /// A sitemap document.
    Sitemap(Sitemap),
    /// Recognisably malformed (bad page number, impossible date).
    NotFound,
}

impl Route {
    /// The one canonical path of a fixed route; `None` for content, whose
    /// canonical path depends on the post found.
    pub fn canonical(&self) -> Option<String> {
        match self {
            Route::List(a, 1) => Some(a.path()),
            Route::List(a, n) => Some(format!("{}page/{n}/", a.path())),
            Route::Feed(a, f) => Some(format!("{}{}", a.path(), f.suffix())),
            Route::CommentsFeed(f) => Some(format!("/comments/{}", f.suffix())),
            Route::Sitemap(s) => Some(s.path()),
            Route::PostCommentsFeed(..) | Route::Content(..) | Route::NotFound => None,
        }
    }
}

fn is_slug(s: &str) -> bool {
    !s.is_empty() && s.len() <= 200 && !s.contains(['?', '#', '%', '\\'])
}

fn date_archive(segs: &[&str]) -> Option<Option<Archive>> {
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let shape = match segs {
        [y] => digits(y, 4),
        [y, m] => digits(y, 4) && digits(m, 2),
        [y, m, d] => digits(y, 4) && digits(m, 2) && digits(d, 2),
        _ => false,
    };
    if !shape {
        return None;
    }
    let nums: Vec<u32> = segs.iter().filter_map(|s| s.parse().ok()).collect();
    let year = i32::try_from(nums[0]).ok()?;
    let month = nums.get(1).copied();
    let day = nums.get(2).copied();
    let valid = (1..=9999).contains(&year)
        && month.is_none_or(|m| (1..=12).contains(&m))
        && match (month, day) {
            (Some(m), Some(d)) => chrono::NaiveDate::from_ymd_opt(year, m, d).is_some(),
            _ => true,
        };
    Some(valid.then_some(Archive::Date(year, month, day)))
}

/// Parses a request path (percent-decoding is the caller's job).
pub fn resolve(path: &str) -> Route {
    if let Some(sitemap) = Sitemap::parse(path) {
        return Route::Sitemap(sitemap);
    }
    if let Some((post, n)) = beitrag_core::comment_page::split_page(path) {
        return Route::Content(post.to_owned(), Some(n));
    }
    let mut segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let mut format = None;
    match segs.as_slice() {
        [.., "feed"] => {
            format = Some(Format::Rss);
            segs.pop();
        }
        [
            ..,
            "feed",
            kind @ ("atom" | "json" | "rss2" | "rss" | "rdf"),
        ] => {
            format = Some(match *kind {
                "atom" => Format::Atom,
                "json" => Format::Json,
                _ => Format::Rss,
            });
            segs.truncate(segs.len() - 2);
        }
        _ => {}
    }
    let mut page = 1;
    if format.is_none()
        && let [.., "page", n] = segs.as_slice()
    {
        match n.parse::<u32>() {
            Ok(p @ 1..=100_000) if !n.starts_with('0') => page = p,
            _ => return Route::NotFound,
        }
        segs.truncate(segs.len() - 2);
    }
    let archive = match segs.as_slice() {
        [] => Some(Archive::Home),
        ["comments"] if format.is_some() => {
            return format.map_or(Route::NotFound, Route::CommentsFeed);
        }
        ["tag", slug] if is_slug(slug) => Some(Archive::Tag((*slug).to_owned())),
        ["category", rest @ ..] if !rest.is_empty() && rest.iter().all(|s| is_slug(s)) => {
            Some(Archive::Category(rest.join("/")))
        }
        ["author", login] if is_slug(login) => Some(Archive::Author((*login).to_owned())),
        ["tag" | "category" | "author", ..] => return Route::NotFound,
        other => match date_archive(other) {
            Some(Some(a)) if format.is_none() => Some(a),
            Some(None) => return Route::NotFound,
            _ => None,
        },
    };
    match (archive, format) {
        (Some(a), None) => Route::List(a, page),
        (Some(a), Some(f)) => Route::Feed(a, f),
        (None, _) if page != 1 => Route::NotFound,
        (None, Some(f)) => Route::PostCommentsFeed(format!("/{}/", segs.join("/")), f),
        (None, None) => Route::Content(path.to_owned(), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_sitemaps() {
        assert_eq!(resolve("/sitemap.xml"), Route::Sitemap(Sitemap::Index));
        assert_eq!(
            resolve("/sitemap-posts-3.xml"),
            Route::Sitemap(Sitemap::Posts(3))
        );
        assert_eq!(
            resolve("/sitemap-archives-1.xml"),
            Route::Sitemap(Sitemap::Archives(1))
        );
        for other in [
            "/sitemap-posts-0.xml",
            "/sitemap-posts-03.xml",
            "/sitemap-posts-x.xml",
            "/sitemap-users-1.xml",
            "/sitemap-posts-99999999999.xml",
        ] {
            assert!(matches!(resolve(other), Route::Content(..)), "{other}");
        }
    }

    #[test]
    fn recognises_archives_when_paths_are_canonical() {
        assert_eq!(resolve("/"), Route::List(Archive::Home, 1));
        assert_eq!(resolve("/page/3/"), Route::List(Archive::Home, 3));
        assert_eq!(
            resolve("/tag/fediverse/"),
            Route::List(Archive::Tag("fediverse".into()), 1)
        );
        assert_eq!(
            resolve("/category/social-media/strategie/page/2/"),
            Route::List(Archive::Category("social-media/strategie".into()), 2)
        );
        assert_eq!(
            resolve("/2011/01/"),
            Route::List(Archive::Date(2011, Some(1), None), 1)
        );
        assert_eq!(resolve("/2011/02/29/"), Route::NotFound);
        assert_eq!(resolve("/2011/13/"), Route::NotFound);
    }

    #[test]
    fn recognises_feeds_when_suffixed() {
        assert_eq!(resolve("/feed/"), Route::Feed(Archive::Home, Format::Rss));
        assert_eq!(
            resolve("/feed/atom/"),
            Route::Feed(Archive::Home, Format::Atom)
        );
        assert_eq!(
            resolve("/tag/x/feed/json/"),
            Route::Feed(Archive::Tag("x".into()), Format::Json)
        );
        assert_eq!(resolve("/comments/feed/"), Route::CommentsFeed(Format::Rss));
        assert_eq!(
            resolve("/2011/01/hallo/feed/"),
            Route::PostCommentsFeed("/2011/01/hallo/".into(), Format::Rss)
        );
    }

    #[test]
    fn rejects_page_numbers_when_malformed() {
        for p in [
            "/page/0/",
            "/page/abc/",
            "/page/-1/",
            "/page/01/",
            "/page/99999999999/",
            "/ueber-uns/page/2/",
        ] {
            assert_eq!(resolve(p), Route::NotFound, "{p}");
        }
    }

    #[test]
    fn gives_canonical_paths_when_asked() {
        assert_eq!(resolve("/tag/x").canonical().as_deref(), Some("/tag/x/"));
        assert_eq!(resolve("/page/1/").canonical().as_deref(), Some("/"));
        assert_eq!(resolve("/feed").canonical().as_deref(), Some("/feed/"));
        assert_eq!(
            resolve("/ueber-uns/"),
            Route::Content("/ueber-uns/".into(), None)
        );
        assert_eq!(
            resolve("/2011/01/x/comment-page-3/"),
            Route::Content("/2011/01/x/".into(), Some(3))
        );
        assert_eq!(
            resolve("/x/comment-page-0/"),
            Route::Content("/x/comment-page-0/".into(), None)
        );
    }
}
