//! Safe stored file names derived from whatever name the client sent.
//!
//! The client's name is kept only as a hint for a readable URL: the stem is
//! reduced to `[a-z0-9-]` and the extension always comes from sniffing, so a
//! name can never smuggle in a path, a second extension or a different type.

/// Longest slug we keep; object keys and URLs stay short and readable.
const MAX_STEM_LEN: usize = 80;

/// Used when nothing readable is left of the client's name.
const FALLBACK_STEM: &str = "file";

/// The stored name for an upload: a slug of the original stem plus `ext`.
///
/// `ext` is the sniffed extension; the client's extension is dropped.
pub(crate) fn safe_name(original_name: &str, ext: &str) -> String {
    format!("{}.{ext}", safe_stem(original_name))
}

/// Lowercase ASCII letters, digits and single hyphens, at most
/// [`MAX_STEM_LEN`] bytes, never empty.
pub(crate) fn safe_stem(original_name: &str) -> String {
    // Old browsers send the full client path, with either separator.
    let base = original_name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(original_name);
    let stem = match base.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => base,
    };
    let mut out = String::with_capacity(stem.len().min(MAX_STEM_LEN));
    let mut pending_dash = false;
    for ch in stem.chars().flat_map(char::to_lowercase) {
        // German transliteration as in beitrag-markdown's slugify, which we do
        // not depend on to keep the Markdown renderer out of this crate.
        let mapped = match ch {
            'ä' => "ae",
            'ö' => "oe",
            'ü' => "ue",
            'ß' => "ss",
            c if c.is_ascii_alphanumeric() => {
                push_part(&mut out, &mut pending_dash, c.encode_utf8(&mut [0; 4]));
                continue;
            }
            _ => {
                pending_dash = true;
                continue;
            }
        };
        push_part(&mut out, &mut pending_dash, mapped);
    }
    if out.len() > MAX_STEM_LEN {
        out.truncate(MAX_STEM_LEN);
    }
    let trimmed = out.trim_end_matches('-');
    if trimmed.is_empty() {
        FALLBACK_STEM.to_owned()
    } else {
        trimmed.to_owned()
    }
}

fn push_part(out: &mut String, pending_dash: &mut bool, part: &str) {
    if *pending_dash && !out.is_empty() {
        out.push('-');
    }
    *pending_dash = false;
    out.push_str(part);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_readable_stem_and_uses_sniffed_extension() {
        assert_eq!(
            safe_name("Urlaub am Meer.JPEG", "jpg"),
            "urlaub-am-meer.jpg"
        );
        assert_eq!(
            safe_name("Grüße aus Köln.png", "webp"),
            "gruesse-aus-koeln.webp"
        );
        assert_eq!(
            safe_name("report.final.v2.pdf", "pdf"),
            "report-final-v2.pdf"
        );
    }

    #[test]
    fn drops_paths_and_traversal_when_name_is_hostile() {
        assert_eq!(safe_name("../../etc/passwd", "png"), "passwd.png");
        assert_eq!(safe_name("C:\\Users\\Eva\\Bild 1.jpg", "jpg"), "bild-1.jpg");
        assert_eq!(safe_name("x.php.png", "png"), "x-php.png");
        // The `/` in `</script>` makes everything before it a "directory".
        assert_eq!(
            safe_name("<script>alert(1)</script>.png", "png"),
            "script.png"
        );
    }

    #[test]
    fn falls_back_when_nothing_readable_is_left() {
        assert_eq!(safe_name("", "png"), "file.png");
        assert_eq!(safe_name("日本語.jpg", "jpg"), "file.jpg");
        assert_eq!(safe_name(".png", "png"), "png.png");
        assert_eq!(safe_name("../", "gif"), "file.gif");
    }

    #[test]
    fn truncates_long_stems_without_trailing_hyphen() {
        let long = format!("{}-b.png", "a".repeat(79));
        let stem = safe_stem(&long);
        assert_eq!(stem, "a".repeat(79));
        assert_eq!(safe_stem(&"x".repeat(500)).len(), MAX_STEM_LEN);
    }
}
