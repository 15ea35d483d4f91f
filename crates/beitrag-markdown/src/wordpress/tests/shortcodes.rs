use super::*;

#[test]
fn makes_figure_when_caption_wraps_linked_image() {
    let c = post(
        "[caption id=\"attachment_612\" align=\"aligncenter\" width=\"640\"]<a href=\"https://ex.example/b.jpg\"><img src=\"https://ex.example/b.jpg\" alt=\"A\" width=\"640\" height=\"480\" class=\"size-full wp-image-612\" /></a> Caption <em>text</em>[/caption]\n\nNext",
    );
    assert_eq!(
        c.html,
        "<figure id=\"attachment_612\" class=\"wp-caption aligncenter\"><a href=\"https://ex.example/b.jpg\"><img src=\"https://ex.example/b.jpg\" alt=\"A\" width=\"640\" height=\"480\" class=\"size-full wp-image-612\" /></a><figcaption>Caption <em>text</em></figcaption></figure>\n<p>Next</p>\n"
    );
    assert!(c.unknown_shortcodes.is_empty());
}

#[test]
fn makes_figure_when_caption_has_bare_image_or_attribute() {
    let c = post(
        "[caption align=\"alignleft\" width=\"150\"]<IMG src=\"s.jpg\" alt=\"\"> Small[/caption]",
    );
    assert_eq!(
        c.html,
        "<figure class=\"wp-caption alignleft\"><IMG src=\"s.jpg\" alt=\"\"><figcaption>Small</figcaption></figure>\n"
    );
    let c = post(
        "[caption id=\"attachment_1\" width=\"300\" caption=\"From the &quot;attribute&quot;\"]<a href=\"l.jpg\"><img src=\"l.jpg\" /></a>[/caption]",
    );
    assert_eq!(
        c.html,
        "<figure id=\"attachment_1\" class=\"wp-caption alignnone\"><a href=\"l.jpg\"><img src=\"l.jpg\" /></a><figcaption>From the &quot;attribute&quot;</figcaption></figure>\n"
    );
    let c = post("[wp_caption]<img src=\"x.jpg\" />[/wp_caption]");
    assert_eq!(
        c.html, "<p><img src=\"x.jpg\" /></p>\n",
        "no caption, no figure"
    );
}

#[test]
fn lists_gallery_images_when_resolver_knows_them() {
    let asked = std::cell::RefCell::new(Vec::new());
    let resolve = |ids: &[i64]| {
        asked.borrow_mut().extend_from_slice(ids);
        ids.iter()
            .filter(|&&id| id != 3)
            .map(|id| GalleryImage {
                src: format!("https://ex.example/{id}.jpg?a=1&b=2"),
                alt: format!("Bild \"{id}\""),
                caption: if *id == 1 {
                    "<em>Eins</em>".into()
                } else {
                    String::new()
                },
            })
            .collect()
    };
    let c = convert_post(
        "Before\n\n[gallery columns=\"2\" ids=\"1, 2,3,x\" link=\"file\"]\n\nAfter",
        &resolve,
    );
    assert_eq!(*asked.borrow(), vec![1, 2, 3]);
    assert_eq!(
        c.html,
        concat!(
            "<p>Before</p>\n",
            "<figure class=\"wp-block-gallery columns-2\">\n<ul class=\"blocks-gallery-grid\">\n",
            "<li class=\"blocks-gallery-item\">\n<figure><img src=\"https://ex.example/1.jpg?a=1&amp;b=2\" alt=\"Bild &quot;1&quot;\"><figcaption><em>Eins</em></figcaption></figure>\n</li>\n",
            "<li class=\"blocks-gallery-item\">\n<figure><img src=\"https://ex.example/2.jpg?a=1&amp;b=2\" alt=\"Bild &quot;2&quot;\"></figure>\n</li>\n",
            "</ul>\n</figure>\n",
            "<p>After</p>\n"
        )
    );
    assert!(c.unknown_shortcodes.is_empty());
}

#[test]
fn removes_gallery_when_nothing_resolves() {
    let c = post("A\n\n[gallery]\n\n[gallery ids=\"4,5\"]\n\nB");
    assert_eq!(c.html, "<p>A</p>\n<p>B</p>\n");
    assert!(c.unknown_shortcodes.is_empty());
}

#[test]
fn links_url_when_embed() {
    let c = post("[embed width=\"500\"]https://youtu.be/x?a=1&amp;b=2[/embed]");
    assert_eq!(
        c.html,
        "<p><a href=\"https://youtu.be/x?a=1&amp;b=2\">https://youtu.be/x?a=1&amp;b=2</a></p>\n"
    );
    assert_eq!(
        post("[embed https://vimeo.com/1]").html,
        "<p><a href=\"https://vimeo.com/1\">https://vimeo.com/1</a></p>\n"
    );
    assert_eq!(
        post("[embed url=\"http://ex.example/\" /]").html,
        "<p><a href=\"http://ex.example/\">http://ex.example/</a></p>\n"
    );
    assert_eq!(
        post("[embed]javascript:alert(\"1\")[/embed]").html,
        "<p>javascript:alert(&quot;1&quot;)</p>\n"
    );
}

#[test]
fn makes_audio_and_video_when_sources_given() {
    let c = post("[audio mp3=\"https://ex.example/a.mp3\" ogg=\"a.ogg\" loop=\"on\"]");
    assert_eq!(
        c.html,
        "<p><audio controls src=\"https://ex.example/a.mp3\"></audio></p>\n"
    );
    assert_eq!(
        post("[audio src=\"s.m4a\" mp3=\"a.mp3\"][/audio]").html,
        "<p><audio controls src=\"s.m4a\"></audio></p>\n"
    );
    let c = post(
        "[video width=\"640\" height=\"36O\" webm=\"v.webm\" mp4=\"v.mp4\" poster=\"p.jpg\"][/video]",
    );
    assert_eq!(
        c.html,
        "<p><video controls src=\"v.mp4\" width=\"640\" poster=\"p.jpg\"></video></p>\n"
    );
    assert_eq!(
        post("[audio https://ex.example/b.ogg] [video v.webm]").html,
        "<p><audio controls src=\"https://ex.example/b.ogg\"></audio> <video controls src=\"v.webm\"></video></p>\n"
    );
    assert_eq!(post("x [audio] [video/] y").html, "<p>x   y</p>\n");
}

#[test]
fn unescapes_when_shortcode_doubled() {
    let c = post("Write [[gallery ids=\"1\"]] or [[foo]] or [[caption]x[/caption]].");
    assert_eq!(
        c.html,
        "<p>Write [gallery ids=\"1\"] or [foo] or [caption]x[/caption].</p>\n"
    );
    assert!(c.unknown_shortcodes.is_empty());
}

#[test]
fn keeps_and_lists_unknown_shortcodes_when_not_ours() {
    let c = post(
        "[contact-form-7 id=\"1\"]\n\n[toc/] [foo]x[/foo] [foo bar] [B_2 z=\"[\"]\nfootnote[1], box [ ], [Note: prose] [x]",
    );
    assert_eq!(
        c.html,
        "<p>[contact-form-7 id=\"1\"]</p>\n<p>[toc/] [foo]x[/foo] [foo bar] [B_2 z=\"[\"]<br />\nfootnote[1], box [ ], [Note: prose] [x]</p>\n"
    );
    assert_eq!(c.unknown_shortcodes, ["contact-form-7", "toc", "foo", "x"]);
}

#[test]
fn leaves_shortcodes_alone_when_in_pre_code_or_tags() {
    let c = post(
        "<pre>[embed]https://a.example/[/embed]\n[foo]</pre>\n<code class=\"x\">[audio src=\"a.mp3\"]</code> <CODE>[bar]</CODE>\n<a title=\"[baz]\" href=\"#\">l</a> <code>[caption]</code>",
    );
    assert_eq!(
        c.html,
        "<pre>[embed]https://a.example/[/embed]\n[foo]</pre>\n<p><code class=\"x\">[audio src=\"a.mp3\"]</code> <CODE>[bar]</CODE><br />\n<a title=\"[baz]\" href=\"#\">l</a> <code>[caption]</code></p>\n"
    );
    assert!(
        c.unknown_shortcodes.is_empty(),
        "{:?}",
        c.unknown_shortcodes
    );
}

#[test]
fn treats_unclosed_caption_as_self_closing() {
    let c = post("[caption caption=\"C\"]<img src=\"a.jpg\"> text after");
    assert_eq!(
        c.html,
        "<figure class=\"wp-caption alignnone\"><figcaption>C</figcaption></figure>\n<p><img src=\"a.jpg\"> text after</p>\n"
    );
}
