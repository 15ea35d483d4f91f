//! Real-browser tests: Debian's `chromedriver` driving headless Chromium
//! against the real server, through `thirtyfour` (W3C WebDriver).
//!
//! [`Browser`] owns one chromedriver process and one browser session per
//! test. [`Browser::step`] names each part of a scenario; a failing step
//! leaves a screenshot and the page source in `target/browser-screenshots/`
//! before the test fails. These tests are about the UI, so they run on SQLite
//! only; the HTTP tests cover both database engines.
//!
//! Chromium and chromedriver come from Debian (`chromium`, `chromium-driver`);
//! `scripts/test` installs them. Without them the tests skip, except under
//! `CI=true`, where that is a failure.

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::task::Poll;
use std::time::{Duration, Instant};

use anyhow::{Context, ensure};
use thirtyfour::extensions::query::ElementPollerWithTimeout;
use thirtyfour::prelude::*;

use crate::harness::{Backend, Options, TestApp};

/// Where Debian installs the browser; chromedriver starts this wrapper script.
const CHROMIUM: &str = "/usr/bin/chromium";
/// Where Debian installs the driver; `BEITRAG_TEST_CHROMEDRIVER` overrides it.
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// `--no-sandbox`: tests may run as root, where Chromium refuses its sandbox.
/// `--disable-dev-shm-usage`: containers often have a tiny `/dev/shm`.
/// `--disable-background-networking`: no update checks or other traffic.
const CHROMIUM_ARGS: &[&str] = &[
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-dev-shm-usage",
    "--window-size=1280,1000",
];

/// How long element queries wait, and how often they look.
const QUERY_TIMEOUT: Duration = Duration::from_secs(15);
const QUERY_INTERVAL: Duration = Duration::from_millis(50);
/// A step that takes longer than this has hung; it fails with a screenshot.
const STEP_TIMEOUT: Duration = Duration::from_secs(60);

/// A headless Chromium session driven through its own chromedriver.
/// Dereferences to the [`WebDriver`]; chromedriver is stopped on drop.
pub struct Browser {
    driver: Option<WebDriver>,
    chromedriver: Child,
    test: String,
}

impl Browser {
    /// Starts chromedriver and a browser session for the test named `test`
    /// (used in screenshot names). `None` means skip: chromedriver or
    /// Chromium is missing outside CI. Under `CI=true` that panics instead.
    pub async fn start(test: &str) -> Option<Self> {
        Self::start_with(test, None).await
    }

    /// [`Browser::start`] as a phone: Chromium's device emulation with a
    /// viewport `width` CSS pixels wide (touch, device pixel ratio 3).
    pub async fn start_phone(test: &str, width: u32) -> Option<Self> {
        Self::start_with(test, Some(width)).await
    }

    async fn start_with(test: &str, phone: Option<u32>) -> Option<Self> {
        let (chromedriver, chromium) = match (find_chromedriver(), find_chromium()) {
            (Some(driver), Some(chromium)) => (driver, chromium),
            (driver, _) => {
                let missing = if driver.is_none() {
                    "chromedriver (Debian package chromium-driver)"
                } else {
                    "chromium (Debian package chromium)"
                };
                if std::env::var("CI").as_deref() == Ok("true") {
                    panic!("CI=true but {missing} is missing: scripts/test installs it");
                }
                eprintln!("skipping browser test {test}: {missing} is missing");
                return None;
            }
        };
        let (child, url) = spawn_chromedriver(&chromedriver).await;
        // From here on, a failure must not leave chromedriver running.
        let mut browser = Self {
            driver: None,
            chromedriver: child,
            test: test.to_owned(),
        };
        let mut caps = DesiredCapabilities::chrome();
        caps.set_binary(&chromium.to_string_lossy())
            .expect("chromium binary capability");
        for arg in CHROMIUM_ARGS {
            caps.add_arg(arg).expect("chromium argument");
        }
        if let Some(width) = phone {
            caps.add_experimental_option(
                "mobileEmulation",
                serde_json::json!({
                    "deviceMetrics": {"width": width, "height": 844, "pixelRatio": 3.0, "touch": true}
                }),
            )
            .expect("mobile emulation");
        }
        let driver = WebDriver::builder(url, caps)
            .poller(Arc::new(ElementPollerWithTimeout::new(
                QUERY_TIMEOUT,
                QUERY_INTERVAL,
            )))
            .request_timeout(STEP_TIMEOUT)
            .await
            .unwrap_or_else(|e| panic!("chromedriver could not start Chromium: {e}"));
        browser.driver = Some(driver);
        Some(browser)
    }

    /// Runs one named step of the scenario. When it returns an error,
    /// panics or hangs, a screenshot and the page source are saved as
    /// `target/browser-screenshots/<test>-<step>.{png,html}` and the test
    /// fails naming the step.
    pub async fn step<T>(&self, name: &str, fut: impl Future<Output = anyhow::Result<T>>) -> T {
        let mut fut = std::pin::pin!(fut);
        // Panics (a failed `assert!` inside the step) are caught only to
        // take the screenshot first; they are re-raised unchanged.
        let caught = std::future::poll_fn(|cx| {
            match std::panic::catch_unwind(AssertUnwindSafe(|| fut.as_mut().poll(cx))) {
                Ok(Poll::Pending) => Poll::Pending,
                Ok(Poll::Ready(result)) => Poll::Ready(Ok(result)),
                Err(panic) => Poll::Ready(Err(panic)),
            }
        });
        let outcome = tokio::time::timeout(STEP_TIMEOUT, caught).await;
        let error = match outcome {
            Ok(Ok(Ok(value))) => return value,
            Ok(Ok(Err(e))) => format!("{e:#}"),
            Ok(Err(panic)) => {
                let saved = self.save_artifacts(name).await;
                eprintln!("browser step {:?} panicked; {saved}", name);
                std::panic::resume_unwind(panic);
            }
            Err(_) => format!("timed out after {STEP_TIMEOUT:?}"),
        };
        let saved = self.save_artifacts(name).await;
        panic!("browser step {name:?} failed: {error}\n{saved}");
    }

    /// Saves a screenshot and the page source of the current page, and says
    /// where (or why not).
    async fn save_artifacts(&self, step: &str) -> String {
        let dir = screenshot_dir();
        if let Err(e) = std::fs::create_dir_all(&dir) {
            return format!("no screenshot: cannot create {}: {e}", dir.display());
        }
        let stem = format!("{}-{}", file_part(&self.test), file_part(step));
        let png = dir.join(format!("{stem}.png"));
        let html = dir.join(format!("{stem}.html"));
        let mut report = match self.screenshot(&png).await {
            Ok(()) => format!("screenshot: {}", png.display()),
            Err(e) => format!("no screenshot: {e}"),
        };
        if let Ok(source) = self.source().await
            && std::fs::write(&html, source).is_ok()
        {
            report.push_str(&format!("\npage source: {}", html.display()));
        }
        if let Ok(url) = self.current_url().await {
            report.push_str(&format!("\npage: {url}"));
        }
        report
    }

    /// Ends the browser session and stops chromedriver. Prefer this to a
    /// plain drop, which has to end the session synchronously.
    pub async fn quit(mut self) {
        if let Some(driver) = self.driver.take()
            && let Err(e) = driver.quit().await
        {
            eprintln!("browser session did not end cleanly: {e}");
        }
    }
}

impl std::ops::Deref for Browser {
    type Target = WebDriver;

    fn deref(&self) -> &WebDriver {
        self.driver.as_ref().expect("browser session is open")
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Dropping the driver ends the session (closing Chromium) while
        // chromedriver still runs; only then is chromedriver stopped.
        drop(self.driver.take());
        let _ = self.chromedriver.kill();
        let _ = self.chromedriver.wait();
    }
}

/// `target/browser-screenshots` in the workspace root, wherever cargo builds
/// (`CARGO_TARGET_DIR` may point elsewhere; one fixed place is easier to find).
pub fn screenshot_dir() -> PathBuf {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let workspace = crate_dir.ancestors().nth(2).unwrap_or(crate_dir);
    workspace.join("target").join("browser-screenshots")
}

fn file_part(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect()
}

fn find_chromedriver() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("BEITRAG_TEST_CHROMEDRIVER").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(path));
    }
    Some(PathBuf::from(CHROMEDRIVER))
        .filter(|p| p.is_file())
        .or_else(|| on_path("chromedriver"))
}

fn find_chromium() -> Option<PathBuf> {
    Some(PathBuf::from(CHROMIUM))
        .filter(|p| p.is_file())
        .or_else(|| on_path("chromium"))
}

fn on_path(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

/// Starts chromedriver on a free loopback port and waits until it reports
/// ready. The port is free when picked but could be taken before
/// chromedriver binds it; then chromedriver exits and another port is tried.
async fn spawn_chromedriver(path: &Path) -> (Child, String) {
    let http = reqwest::Client::new();
    for _attempt in 0..5 {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("pick a free port")
            .port();
        let mut child = Command::new(path)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", path.display()));
        let url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if child.try_wait().ok().flatten().is_some() {
                break; // exited: most likely the port was taken
            }
            if is_ready(&http, &url).await {
                return (child, url);
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                panic!("{} did not answer on {url} within 20 s", path.display());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    panic!("{} exited at start five times", path.display());
}

/// chromedriver's `GET /status` says `"ready": true`.
async fn is_ready(http: &reqwest::Client, url: &str) -> bool {
    let Ok(res) = http.get(format!("{url}/status")).send().await else {
        return false;
    };
    res.json::<serde_json::Value>()
        .await
        .is_ok_and(|v| v["value"]["ready"] == true)
}

/// A visitor finds an open post from the home page, comments through the
/// real form, sees the comment marked as awaiting moderation, still sees it
/// after a reload (the signed cookie), and no longer once cookies are gone.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn visitor_comments_and_sees_own_pending_comment() {
    let Some(browser) = Browser::start("visitor_comments").await else {
        return;
    };
    // No caching: the server's job worker loads the settings snapshot at
    // start, racing the setting below; with a TTL it would keep the old one.
    let options = Options {
        cache_ttl: 0,
        ..Options::default()
    };
    let app = TestApp::start_with(Backend::Sqlite, options).await;
    // A person needs seconds for the form; the test does not wait them out.
    beitrag_core::service::settings::set(
        &app.core,
        &beitrag_core::Actor::Operator,
        "comment_min_seconds",
        "0",
    )
    .await
    .unwrap();
    const TEXT: &str = "Im Browser geschrieben: schöne Grüße aus Chromium!";

    browser
        .step("open home page", async {
            browser.goto(app.url("/")).await?;
            browser.query(By::Css("article.post-card")).first().await?;
            Ok(())
        })
        .await;

    let title = browser
        .step("click through to a post with open comments", async {
            // Cards of posts with open comments link their comment count.
            let link = browser
                .query(By::Css("article.post-card:has(a.comment-state) h2 a.u-url"))
                .first()
                .await?;
            let title = link.text().await?;
            link.click().await?;
            let heading = browser.query(By::Css("h1.entry-title")).single().await?;
            ensure!(heading.text().await? == title, "opened another post");
            Ok(title)
        })
        .await;

    browser
        .step("fill in and send the comment form", async {
            let form = browser.query(By::Css("form.comment-form")).single().await?;
            form.find(By::Id("author"))
                .await?
                .send_keys("Petra Schulz")
                .await?;
            form.find(By::Id("email"))
                .await?
                .send_keys("petra.schulz@example.net")
                .await?;
            form.find(By::Id("comment")).await?.send_keys(TEXT).await?;
            form.find(By::Css("button[type=submit]"))
                .await?
                .click()
                .await?;
            Ok(())
        })
        .await;

    let comment_id = browser
        .step("the new comment is shown as awaiting moderation", async {
            let li = browser
                .query(By::Css("li.comment.pending"))
                .single()
                .await?;
            let note = li
                .find(By::Css(".awaiting-moderation"))
                .await?
                .text()
                .await?;
            ensure!(
                note == "Ihr Kommentar wartet auf Freischaltung.",
                "note: {note:?}"
            );
            let shown = li.find(By::Css(".e-content")).await?.text().await?;
            ensure!(shown == TEXT, "comment text: {shown:?}");
            let id = li.id().await?.context("comment has no id")?;
            let url = browser.current_url().await?;
            ensure!(url.fragment() == Some(id.as_str()), "landed on {url}");
            ensure!(
                browser.title().await?.contains(&title),
                "not back on the post"
            );
            let cookie = browser.get_named_cookie("beitrag_pending").await?;
            ensure!(cookie.http_only == Some(true), "cookie: {cookie:?}");
            Ok(id)
        })
        .await;

    browser
        .step("after a reload it is still shown to its author", async {
            browser.refresh().await?;
            let li = browser.find(By::Css("li.comment.pending")).await?;
            ensure!(li.id().await?.as_deref() == Some(comment_id.as_str()));
            ensure!(li.find(By::Css(".e-content")).await?.text().await? == TEXT);
            Ok(())
        })
        .await;

    browser
        .step("without the cookie nobody else sees it", async {
            browser.delete_all_cookies().await?;
            browser.refresh().await?;
            browser.query(By::Css("form.comment-form")).single().await?;
            let pending = browser.find_all(By::Css("li.comment.pending")).await?;
            ensure!(pending.is_empty(), "{} pending shown", pending.len());
            let source = browser.source().await?;
            ensure!(!source.contains("schöne Grüße aus Chromium"));
            Ok(())
        })
        .await;

    browser.quit().await;
    app.stop().await;
}
