//! `--fetch-media`: the export's attachments downloaded through the
//! SSRF-safe client (a few at a time), stored as uploads with the checks of
//! any upload, and the links in posts pointed at the local copies. Old
//! `/wp-content/uploads/…` addresses and `/?attachment_id=ID` redirect to
//! them. An attachment imported before is not fetched again.

use std::collections::HashMap;
use std::sync::Arc;

use beitrag_core::model::{MediaId, origin_kind};
use beitrag_core::service::import as service;
use beitrag_core::service::media::MediaFiles;
use beitrag_core::{Actor, Core};
use percent_encoding::percent_decode_str;
use tokio::task::JoinSet;

use super::convert::Context;
use super::report::Report;

/// What fetching media needs: the one outbound client and the upload store.
#[derive(Clone)]
pub struct MediaImport {
    /// The SSRF-safe client (its limits bound each download).
    pub client: beitrag_outbound::Client,
    /// Where uploads go.
    pub files: Arc<dyn MediaFiles>,
}

impl std::fmt::Debug for MediaImport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MediaImport")
    }
}

/// Downloads at once.
const PARALLEL: usize = 4;
const ORIGIN: &str = "wordpress";
const UPLOADS: &str = "/wp-content/uploads/";

/// The part of an upload URL that names the file, the same for the
/// original and its resized copies (`2011/01/bild-300x200.jpg` →
/// `2011/01/bild.jpg`); `None` for a URL outside an uploads folder.
pub(crate) fn upload_key(url: &str) -> Option<String> {
    let at = url.find(UPLOADS)?;
    let rest = url.get(at + UPLOADS.len()..)?;
    let rest = rest.split(['?', '#']).next().unwrap_or(rest);
    let rest = percent_decode_str(rest).decode_utf8_lossy().into_owned();
    let (stem, ext) = rest.rsplit_once('.')?;
    let stem = stem.strip_suffix("-scaled").unwrap_or(stem);
    let stem = match stem.rsplit_once('-') {
        Some((base, size))
            if size.split_once('x').is_some_and(|(w, h)| {
                !w.is_empty()
                    && !h.is_empty()
                    && w.bytes().chain(h.bytes()).all(|b| b.is_ascii_digit())
            }) =>
        {
            base
        }
        _ => stem,
    };
    Some(format!("{stem}.{ext}"))
}

/// Points every link to a known upload at its local copy.
pub(crate) fn rewrite(html: &str, local: &HashMap<String, String>) -> String {
    if local.is_empty() || !html.contains(UPLOADS) {
        return html.to_owned();
    }
    let ends = |c: char| {
        matches!(
            c,
            '"' | '\'' | '(' | ')' | ' ' | '\n' | '\t' | '<' | '>' | ','
        )
    };
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(UPLOADS) {
        let start = rest[..at].rfind(ends).map_or(0, |i| i + 1);
        let end = rest[at..].find(ends).map_or(rest.len(), |i| at + i);
        let url = &rest[start..end];
        out.push_str(&rest[..start]);
        match upload_key(url).and_then(|k| local.get(&k)) {
            Some(new) => out.push_str(new),
            None => out.push_str(url),
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Fetches and stores every attachment; returns upload key → local URL
/// path, plus redirects from the old addresses.
pub(crate) async fn fetch_all(
    core: &Core,
    media: &MediaImport,
    ctx: &Context,
    report: &mut Report,
) -> (HashMap<String, String>, Vec<(String, String)>) {
    let mut local = HashMap::new();
    let mut redirects = Vec::new();
    let mut tasks = JoinSet::new();
    let mut queue: Vec<(i64, (String, String))> = ctx
        .attachments
        .iter()
        .map(|(id, a)| (*id, a.clone()))
        .collect();
    queue.sort_by_key(|(id, _)| *id);
    let fallback = core
        .read()
        .users()
        .await
        .ok()
        .and_then(|u| {
            u.into_iter()
                .find(|u| u.role == beitrag_core::model::Role::Administrator)
        })
        .map(|u| u.id);
    let mut queue = queue.into_iter();
    loop {
        while tasks.len() < PARALLEL {
            let Some((id, (url, title))) = queue.next() else {
                break;
            };
            let core = core.clone();
            let media = media.clone();
            tasks.spawn(async move {
                let result = one(&core, &media, id, &url, fallback).await;
                (id, url, title, result)
            });
        }
        let Some(done) = tasks.join_next().await else {
            break;
        };
        let Ok((id, url, title, result)) = done else {
            continue;
        };
        match result {
            Ok(path) => {
                let new = format!("/media/{path}");
                if let Some(key) = upload_key(&url) {
                    redirects.push((format!("{UPLOADS}{key}"), new.clone()));
                    local.insert(key, new.clone());
                }
                redirects.push((format!("/?attachment_id={id}"), new));
            }
            Err(why) => report.skip(0, format!("attachment {id} \"{title}\" ({url})"), why),
        }
    }
    (local, redirects)
}

/// One attachment: the stored upload's path (fetched now or before).
async fn one(
    core: &Core,
    m: &MediaImport,
    id: i64,
    url: &str,
    by: Option<beitrag_core::model::UserId>,
) -> Result<String, String> {
    let store = core.read();
    let known = store
        .import_origin(ORIGIN, origin_kind::MEDIA, &id.to_string())
        .await
        .map_err(|e| e.to_string())?;
    if let Some(local) = known
        && let Some(found) = store
            .media_by_id(MediaId(local))
            .await
            .map_err(|e| e.to_string())?
    {
        return Ok(found.path);
    }
    let by = by.ok_or("no administrator to file the upload under")?;
    let fetched = m
        .client
        .get(url)
        .await
        .map_err(|e| e.public_message().to_owned())?;
    if fetched.status != 200 {
        return Err(format!("the server answered {}", fetched.status));
    }
    let name = url
        .split(['?', '#'])
        .next()
        .and_then(|u| u.rsplit('/').next())
        .map(|n| percent_decode_str(n).decode_utf8_lossy().into_owned())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| format!("attachment-{id}"));
    let mime = fetched
        .content_type()
        .map(|c| c.split(';').next().unwrap_or(c).trim().to_owned());
    let stored = service::attachment(
        core,
        &Actor::Import,
        m.files.as_ref(),
        ORIGIN,
        &id.to_string(),
        &name,
        mime.as_deref(),
        fetched.body,
        by,
    )
    .await
    .map_err(|e| e.to_string())?;
    Ok(stored.path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_resized_copies_like_their_original_when_suffixed() {
        let k = |u: &str| upload_key(u);
        assert_eq!(
            k("https://old.example/wp-content/uploads/2011/01/bild.jpg").as_deref(),
            Some("2011/01/bild.jpg")
        );
        assert_eq!(
            k("https://old.example/wp-content/uploads/2011/01/bild-300x200.jpg").as_deref(),
            Some("2011/01/bild.jpg")
        );
        assert_eq!(
            k("//old.example/wp-content/uploads/2011/01/bild-scaled.jpg?x=1").as_deref(),
            Some("2011/01/bild.jpg")
        );
        assert_eq!(
            k("https://old.example/wp-content/uploads/2011/01/foto-2.jpg").as_deref(),
            Some("2011/01/foto-2.jpg")
        );
        assert_eq!(k("https://old.example/other/bild.jpg"), None);
    }

    #[test]
    fn points_links_at_local_copies_when_known() {
        let local = HashMap::from([(
            "2011/01/bild.jpg".to_owned(),
            "/media/2026/12/bild.jpg".to_owned(),
        )]);
        let html = r#"<a href="https://old.example/wp-content/uploads/2011/01/bild.jpg"><img src="https://old.example/wp-content/uploads/2011/01/bild-300x200.jpg" srcset="https://old.example/wp-content/uploads/2011/01/bild-300x200.jpg 300w, https://old.example/wp-content/uploads/2011/01/other.jpg 600w"></a>"#;
        let out = rewrite(html, &local);
        assert_eq!(out.matches("/media/2026/12/bild.jpg").count(), 3, "{out}");
        assert!(
            out.contains("https://old.example/wp-content/uploads/2011/01/other.jpg 600w"),
            "{out}"
        );
    }
}
