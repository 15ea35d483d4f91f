//! The theme's two lists an administrator arranges: the navigation menu and
//! the sidebar's widgets. Each is stored and saved as a whole, in order.

use std::fmt;
use std::str::FromStr;

/// What a menu item links to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MenuKind {
    /// A published page, by id.
    Page,
    /// A category archive, by id.
    Category,
    /// Any http(s) address.
    Custom,
}

impl MenuKind {
    /// Every kind, in the order the admin offers them.
    pub const ALL: [Self; 3] = [Self::Page, Self::Category, Self::Custom];

    /// The stored word.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Page => "page",
            Self::Category => "category",
            Self::Custom => "custom",
        }
    }
}

impl FromStr for MenuKind {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        Self::ALL.into_iter().find(|k| k.as_str() == s).ok_or(())
    }
}

impl fmt::Display for MenuKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One entry of the navigation menu. Its place in the list is its
/// position; `parent` is the position of a top-level item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MenuItem {
    /// Position of the item it is nested under (one level only).
    pub parent: Option<usize>,
    /// What it links to.
    pub kind: MenuKind,
    /// The page's or category's id.
    pub target: Option<i64>,
    /// The address of a custom link.
    pub url: String,
    /// Text shown; empty means the page's title or the category's name.
    pub label: String,
}

/// A sidebar widget's kind, as WordPress names its default widgets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WidgetKind {
    /// The search form.
    Search,
    /// The newest posts.
    RecentPosts,
    /// The newest approved comments.
    RecentComments,
    /// Categories with their post counts, nested.
    Categories,
    /// The most used tags, sized by use.
    TagCloud,
    /// Months with posts, with counts.
    Archives,
    /// Published pages.
    Pages,
    /// A blogroll the administrator writes.
    Links,
    /// The site's feeds.
    Subscribe,
}

impl WidgetKind {
    /// Every kind, in the order the admin offers them.
    pub const ALL: [Self; 9] = [
        Self::Search,
        Self::RecentPosts,
        Self::RecentComments,
        Self::Categories,
        Self::TagCloud,
        Self::Archives,
        Self::Pages,
        Self::Links,
        Self::Subscribe,
    ];

    /// The stored word.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Search => "search",
            Self::RecentPosts => "recent-posts",
            Self::RecentComments => "recent-comments",
            Self::Categories => "categories",
            Self::TagCloud => "tag-cloud",
            Self::Archives => "archives",
            Self::Pages => "pages",
            Self::Links => "links",
            Self::Subscribe => "subscribe",
        }
    }

    /// The range of the "how many" option and its default, for the kinds
    /// that have one: WordPress shows 5 recent posts and comments and
    /// at most 45 tags; months are bounded so the sidebar's size is too.
    pub fn count_range(self) -> Option<(i64, i64, i64)> {
        match self {
            Self::RecentPosts | Self::RecentComments => Some((1, 20, 5)),
            Self::TagCloud => Some((1, 45, 45)),
            Self::Archives => Some((1, 120, 24)),
            _ => None,
        }
    }
}

impl FromStr for WidgetKind {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        Self::ALL.into_iter().find(|k| k.as_str() == s).ok_or(())
    }
}

impl fmt::Display for WidgetKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One sidebar widget; its place in the list is its position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Widget {
    /// What it shows.
    pub kind: WidgetKind,
    /// Heading; empty means the theme's heading for the kind.
    pub title: String,
    /// How many items, for kinds with [`WidgetKind::count_range`]; 0 means
    /// the default.
    pub count: i64,
    /// The links widget's blogroll.
    pub links: Vec<WidgetLink>,
}

impl Widget {
    /// How many items it shows: its own count, else the kind's default.
    pub fn shown(&self) -> i64 {
        match self.kind.count_range() {
            Some((_, _, default)) if self.count == 0 => default,
            Some(_) => self.count,
            None => 0,
        }
    }
}

/// One link of a links widget.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WidgetLink {
    /// http(s) address.
    pub url: String,
    /// Text shown; empty means the address.
    pub label: String,
}

impl WidgetLink {
    /// The links as stored and as the admin's text area shows them: one
    /// per line, the address, a space, the label.
    pub fn lines(links: &[Self]) -> String {
        links
            .iter()
            .map(|l| {
                if l.label.is_empty() {
                    l.url.clone()
                } else {
                    format!("{} {}", l.url, l.label)
                }
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Reads [`WidgetLink::lines`] back; blank lines are skipped.
    pub fn parse_lines(text: &str) -> Vec<Self> {
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|l| match l.split_once(char::is_whitespace) {
                Some((url, label)) => Self {
                    url: url.to_owned(),
                    label: label.trim().to_owned(),
                },
                None => Self {
                    url: l.to_owned(),
                    label: String::new(),
                },
            })
            .collect()
    }
}

/// Posts in one month, for the archives widget.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthCount {
    /// Year.
    pub year: i32,
    /// Month, 1–12.
    pub month: u32,
    /// Posts visible then.
    pub posts: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_links_back_when_written_as_lines() {
        let links = vec![
            WidgetLink {
                url: "https://a.example/".into(),
                label: "A blog".into(),
            },
            WidgetLink {
                url: "https://b.example/".into(),
                label: String::new(),
            },
        ];
        assert_eq!(WidgetLink::parse_lines(&WidgetLink::lines(&links)), links);
        assert_eq!(WidgetLink::parse_lines("\n  \n"), Vec::new());
        for k in WidgetKind::ALL {
            assert_eq!(k.as_str().parse(), Ok(k));
        }
    }
}
