//! The cache's rules: tags, epochs, single flight, stale copies, the byte
//! bound and the choice of encoding.

use std::io::Read;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::http::{HeaderMap, HeaderValue, header};
use beitrag_core::Change;
use beitrag_core::model::PostId;

use super::*;

fn page(tags: &[&str]) -> CachedPage {
    CachedPage::new("x".into(), "text/html", None).tagged(tags.iter().map(|t| t.to_string()))
}

/// A page of `n` bytes that compresses well.
fn big(text: &str, n: usize) -> CachedPage {
    let body: String = text.chars().cycle().take(n).collect();
    CachedPage::new(body, "text/html", None).tagged(["post:1".to_owned()])
}

fn cache() -> PageCache {
    PageCache::new(Duration::from_secs(60), 1 << 20)
}

fn accepting(value: &str) -> HeaderMap {
    let mut h = HeaderMap::new();
    h.insert(
        header::ACCEPT_ENCODING,
        HeaderValue::from_str(value).unwrap(),
    );
    h
}

#[test]
fn drops_only_tagged_pages_when_a_post_changes() {
    let cache = cache();
    let e = cache.epoch();
    cache.put("/a/".into(), page(&["post:1", "comments:1", "timeline"]), e);
    cache.put("/b/".into(), page(&["post:2", "comments:2", "timeline"]), e);
    cache.put(
        "/".into(),
        page(&["post:1", "post:2", "comments:1", "comments:2", "timeline"]),
        e,
    );
    cache.put("/comments/feed/".into(), page(&["comments"]), e);
    cache.apply(&[Change::Comments(PostId(2))]);
    assert!(cache.get("/a/").is_some());
    assert!(cache.get("/b/").is_none());
    assert!(cache.get("/").is_none());
    assert!(cache.get("/comments/feed/").is_none());
    cache.apply(&[Change::Media, Change::Jobs]);
    assert!(cache.get("/a/").is_some());
    cache.apply(&[Change::Timeline]);
    assert!(cache.get("/a/").is_none());
}

#[test]
fn drops_everything_when_the_site_changes() {
    let cache = cache();
    let e = cache.epoch();
    cache.put("/a/".into(), page(&["post:1"]), e);
    cache.put("/x/".into(), page(&[]), e);
    cache.apply(&[Change::Site]);
    assert!(cache.get("/a/").is_none());
    assert!(cache.get("/x/").is_none());
}

#[test]
fn refuses_a_page_rendered_before_a_change_that_touched_it() {
    let cache = cache();
    let started = cache.epoch();
    // A comment arrives while the two pages render.
    cache.apply(&[Change::Comments(PostId(1))]);
    assert!(!cache.put("/one/".into(), page(&["post:1", "comments:1"]), started));
    assert!(cache.put("/two/".into(), page(&["post:2", "comments:2"]), started));
    assert!(cache.get("/one/").is_none(), "stale render not kept");
    assert!(cache.get("/two/").is_some(), "untouched render kept");
    let started = cache.epoch();
    cache.apply(&[Change::Site]);
    cache.put("/two/".into(), page(&["post:2"]), started);
    assert!(cache.get("/two/").is_none());
    assert!(cache.site_changed_since(started));
}

/// Many readers of a missing page, each rendering when told to: counts renders.
async fn readers(cache: Arc<PageCache>, n: usize, render_for: Duration) -> (usize, usize) {
    let renders = Arc::new(AtomicUsize::new(0));
    let hits = Arc::new(AtomicUsize::new(0));
    let mut tasks = Vec::new();
    for _ in 0..n {
        let (cache, renders, hits) = (cache.clone(), renders.clone(), hits.clone());
        tasks.push(tokio::spawn(async move {
            let since = cache.epoch();
            match cache.lookup("/hot/").await {
                Lookup::Hit(_) => {
                    hits.fetch_add(1, Ordering::SeqCst);
                }
                Lookup::Render(render) => {
                    renders.fetch_add(1, Ordering::SeqCst);
                    tokio::time::sleep(render_for).await;
                    render.put(page(&["post:1"]), since);
                }
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    (renders.load(Ordering::SeqCst), hits.load(Ordering::SeqCst))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn renders_a_missing_page_once_for_a_thousand_readers() {
    let cache = Arc::new(cache());
    let (renders, hits) = readers(cache.clone(), 1000, Duration::from_millis(50)).await;
    assert_eq!(renders, 1, "one render for concurrent readers");
    assert_eq!(hits, 999);
    assert!(cache.read().flights.is_empty(), "no flight left behind");
}

#[tokio::test(start_paused = true)]
async fn a_failed_render_wakes_its_waiters_at_once() {
    let cache = Arc::new(cache());
    let started = tokio::time::Instant::now();
    let Lookup::Render(leader) = cache.lookup("/hot/").await else {
        panic!("first reader renders");
    };
    let waiters: Vec<_> = (0..10)
        .map(|_| {
            let cache = cache.clone();
            tokio::spawn(async move { matches!(cache.lookup("/hot/").await, Lookup::Render(_)) })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(10)).await;
    // An error page, a redirect: the render ends without a page.
    drop(leader);
    for w in waiters {
        assert!(w.await.unwrap(), "a waiter without a page renders");
    }
    // With paused time a hang would jump to the 2 s bound.
    assert!(started.elapsed() < FLIGHT_WAIT, "{:?}", started.elapsed());
}

#[tokio::test(start_paused = true)]
async fn an_outdated_render_is_handed_to_its_waiters_but_never_fresh() {
    let cache = Arc::new(cache());
    let since = cache.epoch();
    let Lookup::Render(leader) = cache.lookup("/hot/").await else {
        panic!("first reader renders");
    };
    let waiter = {
        let cache = cache.clone();
        tokio::spawn(async move { matches!(cache.lookup("/hot/").await, Lookup::Hit(_)) })
    };
    tokio::time::sleep(Duration::from_millis(10)).await;
    cache.apply(&[Change::Post(PostId(1))]);
    leader.put(page(&["post:1"]), since);
    assert!(
        waiter.await.unwrap(),
        "the waiter gets the render it waited for"
    );
    assert!(cache.get("/hot/").is_none(), "outdated render not fresh");
    // The next reader re-renders; meanwhile the others get the outdated
    // copy, and never after its grace.
    let Lookup::Render(next) = cache.lookup("/hot/").await else {
        panic!("the next reader re-renders");
    };
    assert!(matches!(cache.lookup("/hot/").await, Lookup::Hit(_)));
    tokio::time::sleep(STALE_GRACE + Duration::from_millis(10)).await;
    let late = {
        let cache = cache.clone();
        tokio::spawn(async move { matches!(cache.lookup("/hot/").await, Lookup::Hit(_)) })
    };
    tokio::time::sleep(Duration::from_millis(10)).await;
    // A fresh render stored now is what the late reader waited for.
    next.put(page(&["post:1"]), cache.epoch());
    assert!(late.await.unwrap());
    assert!(cache.get("/hot/").is_some(), "a current render is fresh");
}

#[tokio::test(start_paused = true)]
async fn waiters_give_up_on_a_stuck_render_after_the_bound() {
    let cache = Arc::new(cache());
    let Lookup::Render(_stuck) = cache.lookup("/hot/").await else {
        panic!("first reader renders");
    };
    let started = tokio::time::Instant::now();
    let Lookup::Render(alone) = cache.lookup("/hot/").await else {
        panic!("nothing to hit");
    };
    assert!(started.elapsed() >= FLIGHT_WAIT);
    assert!(started.elapsed() < FLIGHT_WAIT + Duration::from_millis(100));
    assert!(alone.flight.is_none(), "renders alone, nobody waits for it");
}

#[tokio::test(start_paused = true)]
async fn serves_the_stale_copy_while_one_request_re_renders() {
    let cache = Arc::new(cache());
    let since = cache.epoch();
    cache.put("/hot/".into(), big("old ", 2000), since);
    cache.apply(&[Change::Post(PostId(1))]);
    let since = cache.epoch();
    let Lookup::Render(leader) = cache.lookup("/hot/").await else {
        panic!("the first reader after the change re-renders");
    };
    for _ in 0..100 {
        match cache.lookup("/hot/").await {
            Lookup::Hit(p) => assert!(p.body.starts_with(b"old ")),
            Lookup::Render(_) => panic!("only one re-render"),
        }
    }
    leader.put(big("new ", 2000), since);
    let Lookup::Hit(p) = cache.lookup("/hot/").await else {
        panic!("fresh page stored");
    };
    assert!(p.body.starts_with(b"new "));
}

#[tokio::test(start_paused = true)]
async fn never_serves_a_stale_copy_after_its_grace() {
    let cache = Arc::new(cache());
    let since = cache.epoch();
    cache.put("/hot/".into(), big("old ", 2000), since);
    cache.apply(&[Change::Post(PostId(1))]);
    let since = cache.epoch();
    let Lookup::Render(leader) = cache.lookup("/hot/").await else {
        panic!("the first reader after the change re-renders");
    };
    // Within the grace the others get the stale copy…
    assert!(matches!(cache.lookup("/hot/").await, Lookup::Hit(_)));
    tokio::time::sleep(STALE_GRACE + Duration::from_millis(10)).await;
    // …after it they wait for the render.
    let waiter = {
        let cache = cache.clone();
        tokio::spawn(async move {
            match cache.lookup("/hot/").await {
                Lookup::Hit(p) => p.body.clone(),
                Lookup::Render(_) => panic!("the render succeeds"),
            }
        })
    };
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(!waiter.is_finished(), "no stale copy after the grace");
    leader.put(big("new ", 2000), since);
    assert!(waiter.await.unwrap().starts_with(b"new "));
}

#[tokio::test(start_paused = true)]
async fn an_outdated_re_render_replaces_the_stale_copy_for_the_next_try() {
    let cache = Arc::new(cache());
    cache.put("/hot/".into(), big("old ", 2000), cache.epoch());
    cache.apply(&[Change::Post(PostId(1))]);
    let since = cache.epoch();
    let Lookup::Render(leader) = cache.lookup("/hot/").await else {
        panic!("re-render");
    };
    cache.apply(&[Change::Post(PostId(1))]);
    leader.put(big("mid ", 2000), since);
    // Nobody renders now, so the next reader re-renders; while it does,
    // the others get the newer of the two outdated copies.
    let Lookup::Render(_next) = cache.lookup("/hot/").await else {
        panic!("a new re-render after the outdated one");
    };
    let Lookup::Hit(p) = cache.lookup("/hot/").await else {
        panic!("stale copy while the second re-render runs");
    };
    assert!(p.body.starts_with(b"mid "));
}

#[tokio::test(start_paused = true)]
async fn an_outdated_render_never_replaces_a_fresh_one() {
    let cache = Arc::new(cache());
    let before = cache.epoch();
    cache.apply(&[Change::Post(PostId(1))]);
    cache.put("/hot/".into(), big("new ", 2000), cache.epoch());
    assert!(!cache.put("/hot/".into(), big("old ", 2000), before));
    let fresh = cache.get("/hot/").unwrap();
    assert!(fresh.body.starts_with(b"new "));
}

#[test]
fn stays_within_its_byte_bound_evicting_the_oldest() {
    let cache = PageCache::new(Duration::from_secs(60), 64 * 1024);
    let e = cache.epoch();
    for i in 0..100 {
        let body = format!("{i:04}").repeat(500);
        cache.put(
            format!("/p/{i}/"),
            CachedPage::new(body, "text/html", None),
            e,
        );
        assert!(cache.bytes() <= 64 * 1024, "{} bytes", cache.bytes());
    }
    assert!(cache.get("/p/99/").is_some(), "newest kept");
    assert!(cache.get("/p/0/").is_none(), "oldest evicted");
    assert!(
        cache.len() > 5,
        "the bound holds many pages: {}",
        cache.len()
    );
    // Replacing a page does not count it twice.
    let before = cache.bytes();
    let body = "0099".repeat(500);
    cache.put("/p/99/".into(), CachedPage::new(body, "text/html", None), e);
    assert_eq!(cache.bytes(), before);
    // A page too large for its share is served but not kept.
    let huge: String = (0..40_000u32)
        .map(|i| char::from(b'a' + (i * 7 % 26) as u8))
        .collect();
    assert!(!cache.put("/huge/".into(), CachedPage::new(huge, "text/html", None), e));
    assert!(cache.get("/p/99/").is_some());
}

#[test]
fn evicts_stale_copies_before_fresh_pages() {
    let cache = PageCache::new(Duration::from_secs(60), 64 * 1024);
    let e = cache.epoch();
    cache.put("/fresh/".into(), big("a", 4000), e);
    let mut n = 0;
    while cache.bytes() < 50 * 1024 {
        let p = CachedPage::new(format!("{n:05}").repeat(400), "text/html", None)
            .tagged(["post:2".to_owned()]);
        cache.put(format!("/{n}/"), p, e);
        n += 1;
    }
    cache.apply(&[Change::Post(PostId(2))]);
    let e = cache.epoch();
    cache.put(
        "/new/".into(),
        CachedPage::new("z".repeat(12_000), "text/html", None),
        e,
    );
    assert!(
        cache.get("/fresh/").is_some(),
        "oldest but fresh, kept over stale copies"
    );
    assert!(cache.get("/new/").is_some());
}

#[test]
fn compresses_once_and_negotiates_br_then_gzip_then_identity() {
    let p = big("<p>Hallo Welt</p>\n", 8000).compressed();
    assert!(p.has_encodings());
    let pick = |ae: &str| p.negotiate(&accepting(ae)).0;
    assert_eq!(pick("gzip, deflate, br"), Encoding::Brotli);
    assert_eq!(pick("gzip"), Encoding::Gzip);
    assert_eq!(pick("x-gzip"), Encoding::Gzip);
    assert_eq!(pick("br;q=0, gzip;q=0.5"), Encoding::Gzip);
    assert_eq!(pick("BR;Q=0, GZIP"), Encoding::Gzip);
    assert_eq!(pick("*"), Encoding::Brotli);
    assert_eq!(pick("*;q=0, gzip"), Encoding::Gzip);
    assert_eq!(pick("br;q=0, *"), Encoding::Gzip);
    assert_eq!(pick("*;q=0"), Encoding::Identity);
    assert_eq!(pick("identity"), Encoding::Identity);
    assert_eq!(pick("deflate, zstd"), Encoding::Identity);
    assert_eq!(p.negotiate(&HeaderMap::new()).0, Encoding::Identity);

    let (_, br, br_tag) = p.negotiate(&accepting("br"));
    let (_, gz, gz_tag) = p.negotiate(&accepting("gzip"));
    let (_, plain, plain_tag) = p.negotiate(&HeaderMap::new());
    assert!(br.len() < plain.len() && gz.len() < plain.len());
    let mut unbr = Vec::new();
    brotli::Decompressor::new(&br[..], 4096)
        .read_to_end(&mut unbr)
        .unwrap();
    let mut ungz = Vec::new();
    flate2::read::GzDecoder::new(&gz[..])
        .read_to_end(&mut ungz)
        .unwrap();
    assert_eq!(unbr, plain.to_vec());
    assert_eq!(ungz, plain.to_vec());
    let tags = [
        br_tag.to_str().unwrap(),
        gz_tag.to_str().unwrap(),
        plain_tag.to_str().unwrap(),
    ];
    assert_eq!(tags[0], format!("{}-br\"", p.etag.trim_end_matches('"')));
    assert_eq!(tags[1], format!("{}-gz\"", p.etag.trim_end_matches('"')));
    assert_eq!(tags[2], p.etag);
    for t in tags {
        assert!(p.matches(t), "{t}");
        assert!(p.matches(&format!("W/{t}")), "{t}");
    }
    assert!(!p.matches("\"nope\""));
    assert!(!p.matches(&format!("{}-zz\"", p.etag.trim_end_matches('"'))));
}

#[test]
fn leaves_small_or_incompressible_bodies_plain() {
    let small = CachedPage::new("<p>kurz</p>".repeat(50), "text/html", None).compressed();
    assert!(!small.has_encodings());
    assert_eq!(
        small.negotiate(&accepting("br, gzip")).0,
        Encoding::Identity
    );
    // Pseudo-random text: compressed forms are not smaller.
    let mut x: u32 = 12345;
    let noise: String = (0..4000)
        .map(|_| {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
            char::from(b'!' + ((x >> 16) % 94) as u8)
        })
        .collect();
    let noisy = CachedPage::new(noise, "text/html", None).compressed();
    assert!(noisy.encoded_len() <= 2, "kept only if smaller");
    for v in noisy.variants() {
        assert!(v.body.len() < noisy.body.len());
    }
}

#[test]
fn counts_compressed_forms_in_its_size() {
    let plain = big("<p>Hallo Welt</p>\n", 8000);
    let before = plain.size();
    let packed = plain.compressed();
    let extra: usize = packed.variants().iter().map(|v| v.body.len()).sum();
    assert!(extra > 0);
    assert!(packed.size() >= before + extra);
}
