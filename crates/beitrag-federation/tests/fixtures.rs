//! The 263 real documents of `../shared/testdata/activitypub/` (29
//! implementations): every one reads without error, and what we rely on
//! reading (actors' inboxes and keys, replies' parents) is there.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use beitrag_federation::read::{self, Document};

fn fixtures() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/testdata/activitypub");
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "CI=true but {} is missing",
        dir.display()
    );
    eprintln!("skipping: {} is missing", dir.display());
    None
}

fn json_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            json_files(&path, out);
        } else if path
            .extension()
            .is_some_and(|e| e == "json" || e == "jsonld")
        {
            out.push(path);
        }
    }
}

fn read_all() -> Vec<(PathBuf, Document)> {
    let Some(dir) = fixtures() else {
        return Vec::new();
    };
    let mut files = Vec::new();
    json_files(&dir, &mut files);
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let doc = read::parse(&std::fs::read(&p).unwrap())
                .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (p, doc)
        })
        .collect()
}

#[test]
fn every_document_reads() {
    let docs = read_all();
    if docs.is_empty() {
        return;
    }
    assert_eq!(docs.len(), 263);
    let count = |f: fn(&Document) -> bool| docs.iter().filter(|(_, d)| f(d)).count();
    let activities = count(|d| matches!(d, Document::Activity(_)));
    let actors = count(|d| matches!(d, Document::Actor(_)));
    let objects = count(|d| matches!(d, Document::Object(_)));
    eprintln!("activities {activities}, actors {actors}, objects {objects}");
    assert!(activities >= 100 && actors >= 30 && objects >= 40);
}

#[test]
fn actors_name_their_inbox_and_most_their_key() {
    let docs = read_all();
    let actors: Vec<_> = docs
        .iter()
        .filter_map(|(p, d)| match d {
            Document::Actor(a) => Some((p, a)),
            _ => None,
        })
        .collect();
    for (p, a) in &actors {
        assert!(a.id.starts_with("http"), "{}", p.display());
    }
    let with_inbox = actors.iter().filter(|(_, a)| a.inbox.is_some()).count();
    let with_key = actors
        .iter()
        .filter(|(_, a)| {
            a.public_key
                .as_ref()
                .is_some_and(|k| k.pem.contains("BEGIN"))
        })
        .count();
    assert!(
        with_inbox * 10 >= actors.len() * 9,
        "{with_inbox} of {}",
        actors.len()
    );
    assert!(
        with_key * 10 >= actors.len() * 8,
        "{with_key} of {}",
        actors.len()
    );
}

#[test]
fn mastodon_replies_name_their_parent_and_author() {
    let docs = read_all();
    let replies: Vec<_> = docs
        .iter()
        .filter_map(|(p, d)| match d {
            Document::Activity(a) if a.kind == "Create" => {
                let o = a.object.as_ref()?;
                match read::classify(o).ok()? {
                    Document::Object(n) if n.in_reply_to.is_some() => Some((p, n)),
                    _ => None,
                }
            }
            _ => None,
        })
        .collect();
    assert!(replies.len() >= 10, "{}", replies.len());
    for (p, n) in replies {
        assert!(n.attributed_to.is_some(), "{}", p.display());
        assert!(n.id.is_some(), "{}", p.display());
    }
}
