//! WordPress's automatic paragraphs (`wpautop` in `wp-includes/formatting.php`),
//! rule for rule, so imported classic posts break into paragraphs exactly
//! where their authors saw them break.
//!
//! The rules are regular expressions in WordPress too; the two that need
//! look-behind or back-references (`<br />` insertion and the script/style
//! guard) are scanned by hand. As in PHP without the `u` flag, whitespace is
//! ASCII only and tag names are case-sensitive (except `blockquote`).

use std::sync::LazyLock;

use regex::Regex;

use super::scan::{find, is_space};

/// WordPress's `$allblocks`: the elements a paragraph never wraps.
const BLOCKS: &str = "(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|blockquote|address|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary)";

/// Marks a newline inside a tag so paragraph splitting cannot see it.
const TAG_NEWLINE: &str = " <!-- wpnl --> ";
/// Marks a newline inside script, style, svg or math so no `<br />` lands there.
const RAW_NEWLINE: &str = "<WPPreserveNewline />";

struct Rules {
    double_br: Regex,
    block_open: Regex,
    block_close: Regex,
    hr: Regex,
    option_before: Regex,
    option_after: Regex,
    object_open: Regex,
    object_close: Regex,
    object_inner: Regex,
    media_open: Regex,
    media_close: Regex,
    media_source: Regex,
    figcaption_open: Regex,
    figcaption_close: Regex,
    many_breaks: Regex,
    paragraph_gap: Regex,
    empty_p: Regex,
    unclosed_p: Regex,
    p_around_block: Regex,
    p_around_li: Regex,
    p_before_blockquote: Regex,
    p_before_block: Regex,
    p_after_block: Regex,
    br_after_block: Regex,
    br_before_block: Regex,
    raw_open: Regex,
}

fn re(pattern: &str) -> Regex {
    // `{ws}` stands for PHP's ASCII `\s`; Rust's `\s` would also eat U+00A0.
    let pattern = pattern
        .replace("{ws}", r"[\t\n\x0B\x0C\r ]")
        .replace("{blocks}", BLOCKS);
    Regex::new(&pattern).unwrap_or_else(|e| unreachable!("autop pattern {pattern}: {e}"))
}

// Compiled once: wpautop runs per post and per comment during an import.
static RULES: LazyLock<Rules> = LazyLock::new(|| Rules {
    double_br: re(r"<br{ws}*/?>{ws}*<br{ws}*/?>"),
    block_open: re(r"(<{blocks}[\t\n\x0B\x0C\r />])"),
    block_close: re(r"(</{blocks}>)"),
    hr: re(r"(<hr{ws}*/?>)"),
    option_before: re(r"{ws}*<option"),
    option_after: re(r"</option>{ws}*"),
    object_open: re(r"(<object[^>]*>){ws}*"),
    object_close: re(r"{ws}*</object>"),
    object_inner: re(r"{ws}*(</?(?:param|embed)[^>]*>){ws}*"),
    media_open: re(r"([<\[](?:audio|video)[^>\]]*[>\]]){ws}*"),
    media_close: re(r"{ws}*([<\[]/(?:audio|video)[>\]])"),
    media_source: re(r"{ws}*(<(?:source|track)[^>]*>){ws}*"),
    figcaption_open: re(r"{ws}*(<figcaption[^>]*>)"),
    figcaption_close: re(r"</figcaption>{ws}*"),
    many_breaks: re(r"\n\n+"),
    paragraph_gap: re(r"\n{ws}*\n"),
    empty_p: re(r"<p>{ws}*</p>"),
    unclosed_p: re(r"<p>([^<]+)</(div|address|form)>"),
    p_around_block: re(r"<p>{ws}*(</?{blocks}[^>]*>){ws}*</p>"),
    p_around_li: re(r"<p>(<li.+?)</p>"),
    p_before_blockquote: re(r"(?i)<p><blockquote([^>]*)>"),
    p_before_block: re(r"<p>{ws}*(</?{blocks}[^>]*>)"),
    p_after_block: re(r"(</?{blocks}[^>]*>){ws}*</p>"),
    br_after_block: re(r"(</?{blocks}[^>]*>){ws}*<br />"),
    br_before_block: re(r"<br />({ws}*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)"),
    raw_open: re(r"<(script|style|svg|math)"),
});

/// WordPress's automatic paragraphs: a blank line ends a paragraph, a single
/// line break becomes `<br />`. Block-level elements (tables, lists, `pre`,
/// `blockquote`, `div`, headings, `figure`, …) are never wrapped in `<p>`,
/// `<pre>` content is left untouched and no empty `<p></p>` is produced.
pub fn wpautop(text: &str) -> String {
    if text
        .trim_matches([' ', '\t', '\n', '\r', '\0', '\x0B'])
        .is_empty()
    {
        return String::new();
    }
    let r = &*RULES;
    // WordPress normalises line endings a few steps later; doing it first
    // gives the same result and lets every later rule look for `\n` only.
    let mut text = text.replace("\r\n", "\n").replace('\r', "\n");
    text.push('\n');
    let (text, pres) = hide_pre(&text);

    let text = r.double_br.replace_all(&text, "\n\n");
    let text = r.block_open.replace_all(&text, "\n\n${1}");
    let text = r.block_close.replace_all(&text, "${1}\n\n");
    let text = r.hr.replace_all(&text, "${1}\n\n");
    let mut text = mark_tag_newlines(&text);

    // Line breaks around these would otherwise become stray <p> or <br />
    // inside elements whose children are not text.
    if text.contains("<option") {
        text = apply(&r.option_before, text, "<option");
        text = apply(&r.option_after, text, "</option>");
    }
    if text.contains("</object>") {
        text = apply(&r.object_open, text, "${1}");
        text = apply(&r.object_close, text, "</object>");
        text = apply(&r.object_inner, text, "${1}");
    }
    if text.contains("<source") || text.contains("<track") {
        text = apply(&r.media_open, text, "${1}");
        text = apply(&r.media_close, text, "${1}");
        text = apply(&r.media_source, text, "${1}");
    }
    if text.contains("<figcaption") {
        text = apply(&r.figcaption_open, text, "${1}");
        text = apply(&r.figcaption_close, text, "</figcaption>");
    }

    let text = r.many_breaks.replace_all(&text, "\n\n");
    let mut wrapped = String::with_capacity(text.len() + text.len() / 8);
    for paragraph in r.paragraph_gap.split(&text).filter(|p| !p.is_empty()) {
        wrapped.push_str("<p>");
        wrapped.push_str(paragraph.trim_matches('\n'));
        wrapped.push_str("</p>\n");
    }

    let mut text = apply(&r.empty_p, wrapped, "");
    text = apply(&r.unclosed_p, text, "<p>${1}</p></${2}>");
    text = apply(&r.p_around_block, text, "${1}");
    text = apply(&r.p_around_li, text, "${1}");
    text = apply(&r.p_before_blockquote, text, "<blockquote${1}><p>");
    text = text.replace("</blockquote></p>", "</p></blockquote>");
    text = apply(&r.p_before_block, text, "${1}");
    text = apply(&r.p_after_block, text, "${1}");

    text = preserve_raw_newlines(&text);
    text = text.replace("<br>", "<br />").replace("<br/>", "<br />");
    text = insert_line_breaks(&text);
    text = text.replace(RAW_NEWLINE, "\n");

    text = apply(&r.br_after_block, text, "${1}");
    text = apply(&r.br_before_block, text, "${1}");
    // PHP's `$` also matches before a final newline.
    if let Some(head) = text.strip_suffix("\n</p>\n") {
        text = format!("{head}</p>\n");
    } else if let Some(head) = text.strip_suffix("\n</p>") {
        text = format!("{head}</p>");
    }

    let text = restore_pre(&text, &pres);
    if text.contains("<!-- wpnl -->") {
        text.replace(TAG_NEWLINE, "\n")
            .replace("<!-- wpnl -->", "\n")
    } else {
        text
    }
}

fn apply(rule: &Regex, text: String, with: &str) -> String {
    match rule.replace_all(&text, with) {
        std::borrow::Cow::Borrowed(_) => text,
        std::borrow::Cow::Owned(changed) => changed,
    }
}

/// Swaps each `<pre>…</pre>` for a numbered placeholder, as WordPress does,
/// so no rule touches preformatted text. Splitting on `</pre>` also drops a
/// `</pre>` that closes nothing, like WordPress.
fn hide_pre(text: &str) -> (String, Vec<String>) {
    let mut pres = Vec::new();
    if !text.contains("<pre") {
        return (text.to_owned(), pres);
    }
    let mut out = String::with_capacity(text.len());
    let mut parts = text.split("</pre>").peekable();
    while let Some(part) = parts.next() {
        if parts.peek().is_none() {
            out.push_str(part);
            break;
        }
        match part.split_once("<pre") {
            None => out.push_str(part),
            Some((before, inside)) => {
                out.push_str(before);
                out.push_str(&format!("<pre wp-pre-tag-{}></pre>", pres.len()));
                pres.push(format!("<pre{inside}</pre>"));
            }
        }
    }
    (out, pres)
}

fn restore_pre(text: &str, pres: &[String]) -> String {
    const HEAD: &str = "<pre wp-pre-tag-";
    if pres.is_empty() {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + pres.iter().map(String::len).sum::<usize>());
    let mut rest = text;
    while let Some(at) = rest.find(HEAD) {
        let (before, from) = rest.split_at(at);
        out.push_str(before);
        let digits = from
            .get(HEAD.len()..)
            .unwrap_or_default()
            .bytes()
            .take_while(u8::is_ascii_digit)
            .count();
        let end = HEAD.len() + digits;
        let original = from
            .get(HEAD.len()..end)
            .and_then(|n| n.parse::<usize>().ok())
            .and_then(|n| pres.get(n))
            .filter(|_| from.get(end..).is_some_and(|t| t.starts_with("></pre>")));
        match original {
            Some(pre) => {
                out.push_str(pre);
                rest = from.get(end + "></pre>".len()..).unwrap_or_default();
            }
            None => {
                out.push_str(HEAD);
                rest = from.get(HEAD.len()..).unwrap_or_default();
            }
        }
    }
    out.push_str(rest);
    out
}

/// WordPress's `wp_replace_in_html_tags`: a newline inside a tag or comment
/// is not a paragraph break. Like `wp_html_split`, a `<` starts a tag that
/// runs to the next `>` (or the end), a comment runs to `-->`.
fn mark_tag_newlines(text: &str) -> String {
    if !text.contains('<') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(lt) = rest.find('<') {
        let (before, tag) = rest.split_at(lt);
        out.push_str(before);
        let len = tag_len(tag);
        let (tag, after) = tag.split_at(len);
        if tag.contains('\n') {
            out.push_str(&tag.replace('\n', TAG_NEWLINE));
        } else {
            out.push_str(tag);
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// Length in bytes of the tag, comment or CDATA section `tag` begins with.
fn tag_len(tag: &str) -> usize {
    let end = if tag.starts_with("<!--") {
        // From the first dash, so `<!-->` closes itself as in HTML.
        find(tag, "-->", 2).map(|p| p + 3)
    } else if tag.starts_with("<![CDATA[") {
        find(tag, "]]>", 9).map(|p| p + 3)
    } else {
        find(tag, ">", 0).map(|p| p + 1)
    };
    end.unwrap_or(tag.len())
}

/// Hides the newlines of `<script>`, `<style>`, `<svg>` and `<math>` from
/// `<br />` insertion (WordPress's `_autop_newline_preservation_helper`).
fn preserve_raw_newlines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut from = 0;
    // An element with no closing tag cannot have one further on either;
    // remembering that keeps the scan linear.
    let mut unclosed: Vec<&str> = Vec::new();
    while let Some(m) = RULES.raw_open.captures_at(text, from) {
        let (Some(whole), Some(name)) = (m.get(0), m.get(1)) else {
            break;
        };
        from = whole.end();
        if unclosed.contains(&name.as_str()) {
            continue;
        }
        let closer = format!("</{}>", name.as_str());
        let Some(close) = find(text, &closer, whole.end()) else {
            unclosed.push(name.as_str());
            continue;
        };
        let end = close + closer.len();
        out.push_str(text.get(copied..whole.start()).unwrap_or_default());
        out.push_str(
            &text
                .get(whole.start()..end)
                .unwrap_or_default()
                .replace('\n', RAW_NEWLINE),
        );
        copied = end;
        from = end;
    }
    out.push_str(text.get(copied..).unwrap_or_default());
    out
}

/// `(?<!<br />)\s*\n` → `<br />\n`: a run of whitespace holding a newline
/// becomes one `<br />` and a newline, unless a `<br />` already ends the
/// line. Only the run's first position is guarded, as with the look-behind.
fn insert_line_breaks(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut copied = 0;
    let mut i = 0;
    while i < b.len() {
        if !b.get(i).copied().is_some_and(is_space) {
            i += 1;
            continue;
        }
        let start = i;
        while b.get(i).copied().is_some_and(is_space) {
            i += 1;
        }
        let run = b.get(start..i).unwrap_or_default();
        let Some(last_nl) = run.iter().rposition(|&c| c == b'\n') else {
            continue;
        };
        let guarded = text.get(..start).is_some_and(|t| t.ends_with("<br />"));
        let from = if guarded { start + 1 } else { start };
        let end = start + last_nl + 1;
        if from >= end {
            continue;
        }
        out.push_str(text.get(copied..from).unwrap_or_default());
        out.push_str("<br />\n");
        copied = end;
    }
    out.push_str(text.get(copied..).unwrap_or_default());
    out
}
