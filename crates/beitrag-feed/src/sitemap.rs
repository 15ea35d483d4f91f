//! Sitemaps ([sitemaps.org protocol 0.9](https://www.sitemaps.org/protocol.html)):
//! an index naming the sitemap files, and the files listing URLs. Each file
//! stays far below the protocol's 50,000 URLs and 50 MB; callers cut their
//! lists so ([`MAX_URLS`]).

use chrono::{DateTime, SecondsFormat, Utc};

use crate::xml::clean;

/// URLs per sitemap file, as WordPress writes them: small files keep each
/// request cheap however large the blog grows.
pub const MAX_URLS: usize = 2_000;

/// Media type of sitemap documents.
pub const SITEMAP_MIME: &str = "application/xml; charset=utf-8";

const NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

/// One entry of a sitemap or of the index: an absolute URL and when what
/// it names last changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SitemapEntry {
    /// Absolute URL.
    pub loc: String,
    /// Last change, if known.
    pub lastmod: Option<DateTime<Utc>>,
}

/// XML text: markup escaped, characters XML forbids dropped.
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in clean(s).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

fn document(root: &str, item: &str, entries: &[SitemapEntry]) -> String {
    let mut out = format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<{root} xmlns=\"{NS}\">\n");
    for e in entries {
        out.push_str(&format!("<{item}><loc>{}</loc>", text(&e.loc)));
        if let Some(at) = e.lastmod {
            out.push_str(&format!(
                "<lastmod>{}</lastmod>",
                at.to_rfc3339_opts(SecondsFormat::Secs, true)
            ));
        }
        out.push_str(&format!("</{item}>\n"));
    }
    out.push_str(&format!("</{root}>\n"));
    out
}

/// A sitemap index naming sitemap files.
pub fn to_sitemap_index(files: &[SitemapEntry]) -> String {
    document("sitemapindex", "sitemap", files)
}

/// A sitemap file listing URLs.
pub fn to_urlset(urls: &[SitemapEntry]) -> String {
    document("urlset", "url", urls)
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn escapes_urls_and_writes_w3c_dates() {
        let at = Utc.with_ymd_and_hms(2011, 1, 26, 9, 30, 0).unwrap();
        let xml = to_urlset(&[
            SitemapEntry {
                loc: "https://blog.example/?p=1&x='<\u{8}>'".into(),
                lastmod: Some(at),
            },
            SitemapEntry {
                loc: "https://blog.example/".into(),
                lastmod: None,
            },
        ]);
        assert_eq!(
            xml,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n\
             <url><loc>https://blog.example/?p=1&amp;x=&apos;&lt;&gt;&apos;</loc><lastmod>2011-01-26T09:30:00Z</lastmod></url>\n\
             <url><loc>https://blog.example/</loc></url>\n\
             </urlset>\n"
        );
        assert!(to_sitemap_index(&[]).contains("<sitemapindex xmlns="));
    }
}
