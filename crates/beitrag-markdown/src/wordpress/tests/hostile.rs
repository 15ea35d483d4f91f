//! Input no editor writes but an export may hold: the converters must
//! neither panic nor go quadratic.

use std::time::{Duration, Instant};

use super::*;

/// Generous for an unoptimised build on a slow machine; a quadratic scan
/// of these inputs takes minutes.
const LIMIT: Duration = Duration::from_secs(10);

/// Runs our converters on `input` and returns how long they took.
fn run_all(input: &str) -> Duration {
    let start = Instant::now();
    let c = convert_post(input, &|ids: &[i64]| {
        ids.iter()
            .map(|id| GalleryImage {
                src: id.to_string(),
                ..GalleryImage::default()
            })
            .collect()
    });
    let _ = wpautop(input);
    let took = start.elapsed();
    // The sanitisers run on a shorter cut: html5ever's tree builder checks
    // the open elements on every tag, so 10,000 nested tags cost it seconds.
    let cut = input
        .char_indices()
        .nth(20_000)
        .map_or(input, |(i, _)| &input[..i]);
    let _ = crate::render_html(
        &c.html[..c.html.floor_char_boundary(40_000)],
        crate::Trust::Sanitised,
    );
    let _ = convert_comment(cut);
    took
}

#[test]
fn finishes_fast_when_brackets_never_close() {
    for unit in [
        "[",
        "[a",
        "[a ",
        "[[",
        "[caption]",
        "[caption ",
        "[caption]<img src=x> c",
        "[[caption]",
        "[embed]",
        "[gallery ids=\"1\"",
        "[/caption]",
        "[a]",
        "]",
    ] {
        let input = unit.repeat(10_000);
        let took = run_all(&input);
        assert!(took < LIMIT, "{unit:?} × 10000 took {took:?}");
    }
    let distinct: String = (0..10_000).map(|i| format!("[n{i} ")).collect();
    assert!(run_all(&distinct) < LIMIT);
    let listed: String = (0..10_000).map(|i| format!("[n{i}]")).collect();
    assert_eq!(post(&listed).unknown_shortcodes.len(), 10_000);
}

#[test]
fn finishes_fast_when_tags_nest_or_never_close() {
    for unit in [
        "<div>",
        "<blockquote>",
        "<p>",
        "<li>",
        "<",
        "<a",
        "<pre>",
        "<pre",
        "<code>",
        "<!--",
        "<!-- wp:x -->",
        "<script>",
        "<svg>",
        "</pre>",
        "<br>\n",
        "\n",
        "<![CDATA[",
        "<p><li",
        "<option>",
        "<source>",
        "<figcaption>",
    ] {
        let input = unit.repeat(10_000);
        let took = run_all(&input);
        assert!(took < LIMIT, "{unit:?} × 10000 took {took:?}");
    }
    let nested = format!("{}x{}", "<div>".repeat(10_000), "</div>".repeat(10_000));
    assert!(run_all(&nested) < LIMIT);
}

#[test]
fn finishes_fast_when_post_is_two_mebibytes() {
    let para = "Ein Absatz mit Grüßen 😀 und [foo] und <a href=\"https://ex.example/?a=1&amp;b=2\">Link</a>.\nZweite Zeile [caption width=\"1\"]<img src=\"a.jpg\"> Bild[/caption]\n\n<ul>\n<li>Punkt</li>\n</ul>\n<pre>[code]\n\n</pre>\n";
    let input = para.repeat(2 * 1024 * 1024 / para.len() + 1);
    let took = run_all(&input);
    assert!(took < LIMIT, "2 MiB took {took:?}");
}

/// A small deterministic fuzzer: random sequences of the fragments the
/// scanners care about, checked for panics.
#[test]
fn never_panics_when_fragments_are_shuffled() {
    const PIECES: [&str; 40] = [
        "[",
        "]",
        "[[",
        "]]",
        "/",
        "[/caption]",
        "[caption",
        "[caption id=\"a\" caption=\"c\"]",
        "[gallery ids=\"1,2\"]",
        "[embed]",
        "[/embed]",
        "[audio mp3=x]",
        "[video src=",
        "[foo",
        "<",
        ">",
        "<pre>",
        "</pre>",
        "<code>",
        "</code>",
        "<!--",
        "-->",
        "<!-- wp:p -->",
        "<img src=\"a\">",
        "<a href=x>",
        "</a>",
        "<div>",
        "</div>",
        "<p>",
        "</p>",
        "<br />",
        "\n",
        "\n\n",
        "\r",
        " ",
        "é",
        "😀",
        "\u{a0}",
        "&amp;",
        "<script>",
    ];
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..3_000 {
        let len = next() % 40;
        let input: String = (0..len)
            .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
            .collect();
        run_all(&input);
    }
}
