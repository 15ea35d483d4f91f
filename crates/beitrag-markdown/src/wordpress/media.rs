//! Plain HTML for the media shortcodes (`img_caption_shortcode`,
//! `gallery_shortcode`, `wp_audio_shortcode`, `wp_video_shortcode` and the
//! embed handler in WordPress). We keep the content and drop WordPress's
//! inline styles and script hooks: the theme styles the classes.

use super::GalleryImage;
use super::scan::{class_name, escape, escape_source, find_ci, has_ci, is_space};
use super::shortcode::Attrs;

/// `[caption id=… align=… width=…]<a><img></a> Text[/caption]`, or the text in a
/// `caption="…"` attribute. Without a caption only the image is left, as in
/// WordPress. Text before the image, which WordPress drops, is kept.
pub(super) fn caption(attrs: &Attrs, content: &str) -> String {
    let (image, text) = match attrs.get("caption") {
        Some(text) => (content.trim(), text.trim()),
        None => split_image(content),
    };
    if text.is_empty() {
        return image.to_owned();
    }
    let id = attrs
        .get("id")
        .map(class_name)
        .filter(|id| !id.is_empty())
        .map(|id| format!(" id=\"{id}\""))
        .unwrap_or_default();
    let align = attrs
        .get("align")
        .map(class_name)
        .filter(|a| !a.is_empty())
        .unwrap_or_else(|| "alignnone".to_owned());
    let extra: String = attrs
        .get("class")
        .unwrap_or_default()
        .split_ascii_whitespace()
        .map(class_name)
        .filter(|c| !c.is_empty())
        .map(|c| format!(" {c}"))
        .collect();
    format!(
        "<figure{id} class=\"wp-caption {align}{extra}\">{image}<figcaption>{text}</figcaption></figure>"
    )
}

/// Splits a caption's content into the image (with the link around it, if
/// any) and the caption text after it, like WordPress's
/// `(?:<a [^>]+>\s*)?<img [^>]+>(?:\s*</a>)?(.*)`.
fn split_image(content: &str) -> (&str, &str) {
    let Some(img) = find_ci(content, "<img ", 0) else {
        return (content.trim(), "");
    };
    let Some(img_end) = find_ci(content, ">", img).map(|p| p + 1) else {
        return (content.trim(), "");
    };
    let mut end = img_end;
    let after = content.get(img_end..).unwrap_or_default();
    let gap = after.len()
        - after
            .trim_start_matches(|c: char| c.is_ascii() && is_space(c as u8))
            .len();
    if has_ci(content, img_end + gap, "</a>") {
        end = img_end + gap + "</a>".len();
    }
    (
        content.get(..end).unwrap_or_default().trim(),
        content.get(end..).unwrap_or_default().trim(),
    )
}

/// `[gallery ids="1,2,3"]` (or `include=`): the resolver knows the images.
/// Without ids the resolver is asked with none, which means "the post's
/// own attachments" (WordPress's fallback, which only the caller knows);
/// without resolvable images nothing is left.
pub(super) fn gallery(attrs: &Attrs, resolve: &dyn Fn(&[i64]) -> Vec<GalleryImage>) -> String {
    let ids: Vec<i64> = attrs
        .first_of(&["ids", "include"])
        .unwrap_or_default()
        .split(',')
        .filter_map(|id| id.trim().parse().ok())
        .collect();
    let images = resolve(&ids);
    if images.is_empty() {
        return String::new();
    }
    let items: String = images
        .iter()
        .filter(|img| !img.src.is_empty())
        .map(|img| {
            let caption = if img.caption.trim().is_empty() {
                String::new()
            } else {
                format!("<figcaption>{}</figcaption>", img.caption.trim())
            };
            format!(
                "<li class=\"blocks-gallery-item\"><figure><img src=\"{}\" alt=\"{}\">{caption}</figure></li>",
                escape(&img.src),
                escape(&img.alt)
            )
        })
        .collect();
    if items.is_empty() {
        return String::new();
    }
    let columns = attrs
        .get("columns")
        .and_then(|c| c.trim().parse::<u8>().ok())
        .map(|c| format!(" columns-{c}"))
        .unwrap_or_default();
    format!(
        "<figure class=\"wp-block-gallery{columns}\"><ul class=\"blocks-gallery-grid\">{items}</ul></figure>"
    )
}

/// `[embed]URL[/embed]` or `[embed URL]` / `[embed url="URL"]`: a link, since
/// fetching the oEmbed would need the network. Anything but an http(s) URL
/// stays text.
pub(super) fn embed(attrs: &Attrs, content: &str) -> String {
    let url = Some(content.trim())
        .filter(|c| !c.is_empty())
        .or_else(|| attrs.first_of(&["url", "src"]))
        .or_else(|| attrs.positional())
        .unwrap_or_default()
        .trim();
    if url.is_empty() {
        return String::new();
    }
    let shown = escape_source(url);
    if has_ci(url, 0, "http://") || has_ci(url, 0, "https://") {
        format!("<p><a href=\"{shown}\">{shown}</a></p>")
    } else {
        format!("<p>{shown}</p>")
    }
}

/// `[audio src=…]`, the first of WordPress's audio types, or a bare URL
/// (`[audio https://…]`, as WordPress.com writes it).
pub(super) fn audio(attrs: &Attrs) -> String {
    let src = attrs
        .first_of(&["src", "mp3", "ogg", "flac", "m4a", "wav"])
        .or_else(|| attrs.positional());
    match src {
        Some(src) => format!("<audio controls src=\"{}\"></audio>", escape_source(src)),
        None => String::new(),
    }
}

/// `[video src=… width=… height=… poster=…]`, the first of WordPress's
/// video types, or a bare URL.
pub(super) fn video(attrs: &Attrs) -> String {
    let src = attrs
        .first_of(&["src", "mp4", "m4v", "webm", "ogv", "flv"])
        .or_else(|| attrs.positional());
    let Some(src) = src else {
        return String::new();
    };
    let mut html = format!("<video controls src=\"{}\"", escape_source(src));
    for dim in ["width", "height"] {
        if let Some(v) = attrs
            .get(dim)
            .map(str::trim)
            .filter(|v| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()))
        {
            html.push_str(&format!(" {dim}=\"{v}\""));
        }
    }
    if let Some(poster) = attrs.first_of(&["poster"]) {
        html.push_str(&format!(" poster=\"{}\"", escape_source(poster)));
    }
    html.push_str("></video>");
    html
}
