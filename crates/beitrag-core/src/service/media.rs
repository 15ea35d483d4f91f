//! What posts need to know about uploads: images inserted into a post get
//! `srcset`, `width` and `height` from their stored variants when the post
//! is saved, so pages stay static HTML.

use std::sync::LazyLock;

use regex::Regex;

use crate::{Result, Store};

/// Where uploads are served.
pub const URL_PREFIX: &str = "/media/";

/// `<img src="…/media/PATH"` as our Markdown renderer writes it.
static IMG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"<img src="((?:https?://[^"/]+)?/media/([a-z0-9._/-]+))""#)
        .unwrap_or_else(|e| unreachable!("the pattern is valid: {e}"))
});

/// Adds `srcset`, `sizes`, `width` and `height` to images of our own
/// uploads. Unknown paths are left alone.
pub async fn add_srcset(store: &dyn Store, html: String) -> Result<String> {
    let paths: Vec<String> = IMG
        .captures_iter(&html)
        .filter_map(|c| c.get(2).map(|m| m.as_str().to_owned()))
        .collect();
    if paths.is_empty() {
        return Ok(html);
    }
    let known = store.media_by_paths(&paths).await?;
    if known.is_empty() {
        return Ok(html);
    }
    Ok(IMG
        .replace_all(&html, |c: &regex::Captures<'_>| {
            let whole = &c[0];
            let Some(m) = known.iter().find(|m| m.path == c[2]) else {
                return whole.to_owned();
            };
            let (Some(w), Some(h)) = (m.width, m.height) else {
                return whole.to_owned();
            };
            if m.variants.is_empty() {
                return format!("{whole} width=\"{w}\" height=\"{h}\"");
            }
            let mut set: Vec<String> = m
                .variants
                .iter()
                .map(|v| format!("{URL_PREFIX}{} {}w", v.path, v.width))
                .collect();
            set.push(format!("{} {w}w", &c[1]));
            format!(
                "{whole} srcset=\"{}\" sizes=\"(max-width: 800px) 100vw, 800px\" width=\"{w}\" height=\"{h}\"",
                set.join(", ")
            )
        })
        .into_owned())
}
