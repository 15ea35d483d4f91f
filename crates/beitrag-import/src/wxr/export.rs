//! `beitrag export wordpress FILE.xml`: the blog as WXR 1.2, which
//! WordPress's importer (and ours) reads: authors, categories, tags, posts
//! and pages with their responses. Content goes out as the HTML readers
//! see, inside one "Custom HTML" block (`<!-- wp:html -->`), so neither
//! WordPress nor a later import here adds automatic paragraphs to it again.
//! The file is written beside its target and renamed into place at the
//! end: a failed export leaves no half file.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use beitrag_core::Settings;
use beitrag_core::model::{Comment, CommentStatus, OpenClosed, PostKind, Taxonomy, Term};
use beitrag_core::service::links::Directory;
use beitrag_core::store::{CommentFilter, PostWithTerms, Reads};
use chrono::{DateTime, Utc};
use quick_xml::escape::escape;

use crate::ImportError;

/// What an export wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExportSummary {
    /// Posts and pages.
    pub items: usize,
    /// Responses of every kind.
    pub responses: usize,
}

const PAGE: i64 = 1000;

fn el(out: &mut impl Write, name: &str, text: &str) -> std::io::Result<()> {
    writeln!(out, "<{name}>{}</{name}>", escape(text))
}

fn gmt(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M:%S").to_string()
}

fn local(t: DateTime<Utc>, settings: &Settings) -> String {
    t.with_timezone(&settings.timezone)
        .format("%Y-%m-%d %H:%M:%S")
        .to_string()
}

/// Writes the whole blog to `path` as WXR 1.2.
pub async fn export_wordpress(
    store: &dyn Reads,
    settings: &Settings,
    path: &Path,
) -> Result<ExportSummary, ImportError> {
    let fail = |e: &dyn std::fmt::Display| ImportError::new(path, 0, e.to_string());
    let users = store.users().await.map_err(|e| fail(&e))?;
    let terms = store.terms().await.map_err(|e| fail(&e))?;
    let directory = Directory::new(terms.clone(), &users);
    let posts = store.all_posts().await.map_err(|e| fail(&e))?;
    let partial = path.with_extension("xml.partial");
    let file = File::create(&partial).map_err(|e| fail(&e))?;
    let mut out = BufWriter::new(file);
    let mut responses = 0;
    let written: std::io::Result<()> = async {
        head(&mut out, settings, &users, &terms, &directory)?;
        for p in &posts {
            let comments = all_comments(store, p)
                .await
                .map_err(std::io::Error::other)?;
            responses += comments.len();
            item(&mut out, settings, &directory, p, &comments)?;
        }
        writeln!(out, "</channel>\n</rss>")?;
        out.flush()
    }
    .await;
    if let Err(e) = written.and_then(|()| std::fs::rename(&partial, path)) {
        let _ = std::fs::remove_file(&partial);
        return Err(fail(&e));
    }
    Ok(ExportSummary {
        items: posts.len(),
        responses,
    })
}

async fn all_comments(store: &dyn Reads, p: &PostWithTerms) -> Result<Vec<Comment>, String> {
    let mut all = Vec::new();
    loop {
        let (page, _) = store
            .comments_page(&CommentFilter {
                status: None,
                post: Some(p.post.id),
                offset: all.len() as i64,
                limit: PAGE,
            })
            .await
            .map_err(|e| e.to_string())?;
        let done = (page.len() as i64) < PAGE;
        all.extend(page);
        if done {
            break;
        }
    }
    // Oldest first, so parents come before their replies.
    all.sort_by_key(|c| (c.created_at, c.id));
    Ok(all)
}

fn head(
    out: &mut impl Write,
    settings: &Settings,
    users: &[beitrag_core::model::User],
    terms: &[Term],
    directory: &Directory,
) -> std::io::Result<()> {
    let base = settings.base_url.trim_end_matches('/');
    writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>")?;
    writeln!(
        out,
        "<rss version=\"2.0\" xmlns:excerpt=\"http://wordpress.org/export/1.2/excerpt/\" \
         xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" \
         xmlns:wfw=\"http://wellformedweb.org/CommentAPI/\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" \
         xmlns:wp=\"http://wordpress.org/export/1.2/\">\n<channel>"
    )?;
    el(out, "title", &settings.title)?;
    el(out, "link", base)?;
    el(out, "description", &settings.tagline)?;
    el(out, "pubDate", &Utc::now().to_rfc2822())?;
    el(out, "language", &settings.language)?;
    el(out, "wp:wxr_version", "1.2")?;
    el(out, "wp:base_site_url", base)?;
    el(out, "wp:base_blog_url", base)?;
    for u in users {
        writeln!(out, "<wp:author>")?;
        el(out, "wp:author_id", &u.id.0.to_string())?;
        el(out, "wp:author_login", &u.login)?;
        el(out, "wp:author_email", &u.email)?;
        el(out, "wp:author_display_name", &u.display_name)?;
        el(out, "wp:author_first_name", "")?;
        el(out, "wp:author_last_name", "")?;
        writeln!(out, "</wp:author>")?;
    }
    let slug_of: HashMap<_, _> = terms.iter().map(|t| (t.id, t.slug.as_str())).collect();
    // Parents before children, as WordPress's importer wants them.
    let mut categories: Vec<&Term> = terms
        .iter()
        .filter(|t| t.taxonomy == Taxonomy::Category)
        .collect();
    categories.sort_by_key(|t| directory.ancestry(t.id).len());
    for t in categories {
        writeln!(out, "<wp:category>")?;
        el(out, "wp:term_id", &t.id.0.to_string())?;
        el(out, "wp:category_nicename", &t.slug)?;
        el(
            out,
            "wp:category_parent",
            t.parent
                .and_then(|p| slug_of.get(&p).copied())
                .unwrap_or(""),
        )?;
        el(out, "wp:cat_name", &t.name)?;
        writeln!(out, "</wp:category>")?;
    }
    for t in terms.iter().filter(|t| t.taxonomy == Taxonomy::Tag) {
        writeln!(out, "<wp:tag>")?;
        el(out, "wp:term_id", &t.id.0.to_string())?;
        el(out, "wp:tag_slug", &t.slug)?;
        el(out, "wp:tag_name", &t.name)?;
        writeln!(out, "</wp:tag>")?;
    }
    el(out, "generator", "beitrag")
}

fn item(
    out: &mut impl Write,
    settings: &Settings,
    directory: &Directory,
    p: &PostWithTerms,
    comments: &[Comment],
) -> std::io::Result<()> {
    let post = &p.post;
    let url = format!(
        "{}{}",
        settings.base_url.trim_end_matches('/'),
        directory.post_path(settings, post)
    );
    let guid = post.feed_id(&settings.base_url);
    let date = post.published_at;
    writeln!(out, "<item>")?;
    el(out, "title", &post.title)?;
    el(out, "link", &url)?;
    el(
        out,
        "pubDate",
        &date.map(|d| d.to_rfc2822()).unwrap_or_default(),
    )?;
    el(out, "dc:creator", &p.author_login)?;
    writeln!(out, "<guid isPermaLink=\"false\">{}</guid>", escape(&guid))?;
    el(out, "description", "")?;
    el(
        out,
        "content:encoded",
        &format!("<!-- wp:html -->\n{}\n<!-- /wp:html -->", post.html),
    )?;
    el(out, "excerpt:encoded", &post.excerpt)?;
    el(out, "wp:post_id", &post.id.0.to_string())?;
    el(
        out,
        "wp:post_date",
        &date
            .map(|d| local(d, settings))
            .unwrap_or_else(|| local(post.updated_at, settings)),
    )?;
    el(
        out,
        "wp:post_date_gmt",
        &date
            .map(gmt)
            .unwrap_or_else(|| "0000-00-00 00:00:00".into()),
    )?;
    el(out, "wp:post_modified", &local(post.updated_at, settings))?;
    el(out, "wp:post_modified_gmt", &gmt(post.updated_at))?;
    el(out, "wp:comment_status", open(post.comment_status))?;
    el(out, "wp:ping_status", open(post.ping_status))?;
    el(out, "wp:post_name", &post.slug)?;
    el(out, "wp:status", post.status.wordpress())?;
    el(out, "wp:post_parent", "0")?;
    el(out, "wp:menu_order", "0")?;
    el(
        out,
        "wp:post_type",
        if post.kind == PostKind::Page {
            "page"
        } else {
            "post"
        },
    )?;
    el(out, "wp:post_password", "")?;
    el(out, "wp:is_sticky", if post.sticky { "1" } else { "0" })?;
    for t in &p.terms {
        let domain = match t.taxonomy {
            Taxonomy::Category => "category",
            Taxonomy::Tag => "post_tag",
        };
        writeln!(
            out,
            "<category domain=\"{domain}\" nicename=\"{}\">{}</category>",
            escape(&t.slug),
            escape(&t.name)
        )?;
    }
    for c in comments {
        comment(out, settings, c)?;
    }
    writeln!(out, "</item>")
}

fn open(v: OpenClosed) -> &'static str {
    v.as_str()
}

fn comment(out: &mut impl Write, settings: &Settings, c: &Comment) -> std::io::Result<()> {
    let (kind, url) = (c.wordpress_type(), c.wordpress_url());
    let approved = match c.status {
        CommentStatus::Approved => "1",
        CommentStatus::Pending => "0",
        CommentStatus::Spam => "spam",
        CommentStatus::Trash => "trash",
    };
    writeln!(out, "<wp:comment>")?;
    el(out, "wp:comment_id", &c.id.0.to_string())?;
    el(out, "wp:comment_author", &c.author_name)?;
    el(out, "wp:comment_author_email", &c.author_email)?;
    el(out, "wp:comment_author_url", url)?;
    el(out, "wp:comment_author_IP", "")?;
    el(out, "wp:comment_date", &local(c.created_at, settings))?;
    el(out, "wp:comment_date_gmt", &gmt(c.created_at))?;
    el(out, "wp:comment_content", &c.html)?;
    el(out, "wp:comment_approved", approved)?;
    el(out, "wp:comment_type", kind)?;
    el(
        out,
        "wp:comment_parent",
        &c.parent.map_or(0, |p| p.0).to_string(),
    )?;
    el(out, "wp:comment_user_id", "0")?;
    writeln!(out, "</wp:comment>")
}
