use super::*;

#[test]
fn makes_paragraphs_and_breaks_when_plain_text() {
    assert_eq!(
        wpautop("Hello\nworld\n\n\n\nSecond\r\nline\r\n\r\nThird"),
        "<p>Hello<br />\nworld</p>\n<p>Second<br />\nline</p>\n<p>Third</p>\n"
    );
    assert_eq!(wpautop("One line"), "<p>One line</p>\n");
}

#[test]
fn returns_nothing_when_blank() {
    assert_eq!(wpautop(""), "");
    assert_eq!(wpautop(" \n\t\r\n "), "");
    assert!(!wpautop("a\n\n \n\n\nb\n\n").contains("<p></p>"));
    assert!(!wpautop("<div>\n\n</div>").contains("<p>"));
}

#[test]
fn keeps_existing_breaks_when_br_present() {
    assert_eq!(wpautop("a<br />\nb"), "<p>a<br />\nb</p>\n");
    assert_eq!(wpautop("a<br>\nb"), "<p>a<br />\nb</p>\n");
    // Two <br> in a row are a paragraph break.
    assert_eq!(wpautop("a<br><br/>b"), "<p>a</p>\n<p>b</p>\n");
}

#[test]
fn leaves_pre_untouched_when_it_has_blank_lines() {
    let html = wpautop("Text\n<pre class=\"x\">a\n\n  b\n<b>c</b></pre>\nMore\n<pre>2\n\n</pre>");
    assert_eq!(
        html,
        "<p>Text</p>\n<pre class=\"x\">a\n\n  b\n<b>c</b></pre>\n<p>More</p>\n<pre>2\n\n</pre>\n"
    );
}

#[test]
fn does_not_wrap_block_elements_when_on_their_own() {
    let html = wpautop(
        "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\nafter\n\n<table>\n<tr>\n<td>x</td>\n</tr>\n</table>\n\n<h2>Title</h2>\n<ol><li>c</li></ol>\n<hr />\n<figure><img src=\"a.jpg\"><figcaption>Cap</figcaption></figure>",
    );
    assert_eq!(
        html,
        "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n<p>after</p>\n<table>\n<tr>\n<td>x</td>\n</tr>\n</table>\n<h2>Title</h2>\n<ol>\n<li>c</li>\n</ol>\n<hr />\n<figure><img src=\"a.jpg\"><figcaption>Cap</figcaption></figure>\n"
    );
}

#[test]
fn puts_paragraphs_inside_blockquote_when_quoting() {
    assert_eq!(
        wpautop("<blockquote>Quote\nline\n\nSecond</blockquote>"),
        "<blockquote><p>Quote<br />\nline</p>\n<p>Second</p></blockquote>\n"
    );
}

#[test]
fn keeps_newlines_when_inside_tags_scripts_or_comments() {
    assert_eq!(
        wpautop("Text <a\nhref=\"x\">l</a>\n<!-- a\n\nb -->"),
        "<p>Text <a\nhref=\"x\">l</a><br />\n<!-- a\n\nb --></p>\n"
    );
    assert_eq!(
        wpautop("<script>\nvar a;\n</script>\nx"),
        "<p><script>\nvar a;\n</script><br />\nx</p>\n"
    );
}

#[test]
fn collapses_breaks_when_media_sources_or_options() {
    assert_eq!(
        wpautop("<video controls>\n<source src=\"a.mp4\">\n<track src=\"a.vtt\">\n</video>"),
        "<p><video controls><source src=\"a.mp4\"><track src=\"a.vtt\"></video></p>\n"
    );
    assert_eq!(
        wpautop("<select>\n<option>a</option>\n<option>b</option>\n</select>"),
        "<p><select><option>a</option><option>b</option></select></p>\n"
    );
}

#[test]
fn keeps_wordpress_quirk_when_text_follows_div_directly() {
    // WordPress closes a paragraph it never opened here; browsers cope and
    // sanitising repairs it, so we stay with WordPress.
    assert_eq!(
        wpautop("<div>one\n\ntwo</div>"),
        "<div>one</p>\n<p>two</p></div>\n"
    );
}

#[test]
fn keeps_unicode_when_around_breaks() {
    assert_eq!(
        wpautop("Grüße 😀\u{a0}\nzweite\u{2028}Zeile\n\nשלום"),
        "<p>Grüße 😀\u{a0}<br />\nzweite\u{2028}Zeile</p>\n<p>שלום</p>\n"
    );
}
