//! A real fediverse server for the tests: the Fedify-based peer of
//! `../shared/interop/`, installed by the test command (npm) into
//! `$BEITRAG_TEST_FEDIFY_PEER` (default `~/.cache/beitrag/fedify-peer`).
//! It prints one JSON line per event, which [`Peer::wait_for`] watches.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;

/// Where the installed peer is; `None` (skip) when missing outside CI.
fn dir() -> Option<PathBuf> {
    let dir = std::env::var_os("BEITRAG_TEST_FEDIFY_PEER")
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache/beitrag/fedify-peer"))
        })?;
    if dir.join("node_modules/@fedify/fedify").is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "CI=true but the Fedify peer is not installed in {}: run the suite through scripts/test",
        dir.display()
    );
    eprintln!(
        "skipping: the Fedify peer is not installed in {}",
        dir.display()
    );
    None
}

/// A running peer.
pub struct Peer {
    pub port: u16,
    child: Child,
    events: Arc<Mutex<Vec<Value>>>,
}

impl Peer {
    /// Starts the peer with `args` (besides `--port`); waits until it listens.
    pub async fn start(args: &[&str]) -> Option<Peer> {
        let dir = dir()?;
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut child = Command::new("node")
            .arg(dir.join("fedify-peer.mjs"))
            .args([
                "--port",
                &port.to_string(),
                "--name",
                "peer",
                "--timeout",
                "120",
            ])
            .args(args)
            .current_dir(&dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start node");
        let events = Arc::new(Mutex::new(Vec::new()));
        let out = child.stdout.take().expect("stdout");
        let sink = Arc::clone(&events);
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                if let Ok(v) = serde_json::from_str::<Value>(&line) {
                    sink.lock().unwrap().push(v);
                } else {
                    eprintln!("peer: {line}");
                }
            }
        });
        let peer = Peer {
            port,
            child,
            events,
        };
        peer.wait_for("listening", |e| e["event"] == "listening")
            .await;
        Some(peer)
    }

    /// The peer's actor id.
    pub fn actor(&self) -> String {
        format!("http://127.0.0.1:{}/users/peer", self.port)
    }

    /// Every event so far.
    pub fn events(&self) -> Vec<Value> {
        self.events.lock().unwrap().clone()
    }

    /// Waits (at most 60 s) for an event matching `f`.
    pub async fn wait_for(&self, what: &str, f: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Some(e) = self.events().into_iter().find(|e| f(e)) {
                return e;
            }
            assert!(
                Instant::now() < deadline,
                "the peer never saw {what}; its events: {:#?}",
                self.events()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

impl Drop for Peer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
