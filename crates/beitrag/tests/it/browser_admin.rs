//! The admin in a real browser (headless Chromium through chromedriver,
//! see `browser.rs`): log in through the form, write a post with the live
//! preview, upload and insert an image, schedule the post a few seconds
//! ahead and watch the worker publish it, moderate comments with the
//! keyboard and with a button, log out. SQLite only: this is about the UI.

use std::time::{Duration, Instant};

use anyhow::{Context, ensure};
use beitrag_core::model::{CommentKind, CommentStatus, NewComment, PostStatus};
use thirtyfour::components::SelectElement;
use thirtyfour::prelude::*;

use crate::browser::Browser;
use crate::harness::{Backend, Options, TestApp};

const TITLE: &str = "Geplant aus dem Browser";
/// Where `admin.js` keeps the unsaved form of a new post.
const AUTOSAVE_KEY: &str = "beitrag-autosave:new-post";

/// A real PNG in a temporary file, for the file input.
fn png_file(dir: &std::path::Path) -> std::path::PathBuf {
    let img = image::RgbImage::from_fn(1000, 600, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, ((x + 2 * y) % 256) as u8])
    });
    let path = dir.join("abendlicht.png");
    img.save_with_format(&path, image::ImageFormat::Png)
        .unwrap();
    path
}

/// Polls `check` every 100 ms until it holds or `timeout` has passed.
async fn eventually<F, Fut>(timeout: Duration, what: &str, mut check: F) -> anyhow::Result<()>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<bool>>,
{
    let deadline = Instant::now() + timeout;
    loop {
        if check().await? {
            return Ok(());
        }
        ensure!(Instant::now() < deadline, "timed out waiting until {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Two held comments on a demo post, to moderate.
async fn pending_comments(app: &TestApp) -> Vec<beitrag_core::model::CommentId> {
    let post = app
        .store
        .admin_posts(&beitrag_core::model::AdminPostQuery {
            status: Some(PostStatus::Published),
            limit: 1,
            ..Default::default()
        })
        .await
        .unwrap()
        .items[0]
        .post
        .id;
    let mut ids = Vec::new();
    for (name, text) in [
        ("Rita", "Ein wartender Kommentar"),
        ("Theo", "Noch ein wartender Kommentar"),
    ] {
        let id = app
            .store
            .add_comment(&NewComment {
                post_id: post,
                parent: None,
                kind: CommentKind::Comment,
                status: CommentStatus::Pending,
                author_name: name.into(),
                author_email: format!("{}@example.net", name.to_lowercase()),
                author_url: String::new(),
                html: format!("<p>{text}</p>\n"),
                source_url: String::new(),
                source_title: String::new(),
                author_ip: String::new(),
                notify: false,
                created_at: chrono::Utc::now(),
            })
            .await
            .unwrap();
        ids.push(id);
    }
    ids
}

/// Fills in the login form on the current page and waits for the dashboard.
pub(crate) async fn log_in(
    browser: &Browser,
    creds: &beitrag::server::Credentials,
) -> anyhow::Result<()> {
    browser
        .find(By::Id("login"))
        .await?
        .send_keys(&creds.login)
        .await?;
    browser
        .find(By::Id("password"))
        .await?
        .send_keys(&creds.password)
        .await?;
    browser
        .find(By::Css("form button[type=submit]"))
        .await?
        .click()
        .await?;
    // Only the dashboard has this button; the login page's elements may
    // still answer while the next page loads.
    browser
        .query(By::Css("a.button[href='/admin/posts/new']"))
        .first()
        .await?;
    Ok(())
}

/// The whole round: writing, uploading, scheduling, moderating, leaving.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn editor_writes_schedules_and_moderates() {
    let Some(browser) = Browser::start("admin_round").await else {
        return;
    };
    let started = Instant::now();
    let app = TestApp::start_with(Backend::Sqlite, Options::default()).await;
    let creds = app
        .credentials
        .clone()
        .expect("first start created an admin");
    let comments = pending_comments(&app).await;
    let files = tempfile::tempdir().unwrap();
    let image = png_file(files.path());
    let tz = beitrag_core::service::settings::load(app.store.as_ref())
        .await
        .unwrap()
        .timezone;

    browser
        .step("log in through the form", async {
            browser.goto(app.url("/admin/")).await?;
            log_in(&browser, &creds).await?;
            let h1 = browser.find(By::Tag("h1")).await?.text().await?;
            ensure!(h1 == "Übersicht", "landed on {h1:?}");
            let lang = browser.find(By::Tag("html")).await?.attr("lang").await?;
            ensure!(lang.as_deref() == Some("de"), "html lang {lang:?}");
            Ok(())
        })
        .await;

    browser
        .step("open a new post", async {
            browser
                .find(By::Css("a.button[href='/admin/posts/new']"))
                .await?
                .click()
                .await?;
            browser.query(By::Css("form#editor")).first().await?;
            let h1 = browser.find(By::Tag("h1")).await?.text().await?;
            ensure!(h1 == "Neuer Beitrag", "heading {h1:?}");
            Ok(())
        })
        .await;

    browser
        .step(
            "type a title and Markdown; the live preview renders it",
            async {
                browser
                    .find(By::Id("title"))
                    .await?
                    .send_keys(TITLE)
                    .await?;
                browser
                    .find(By::Id("source"))
                    .await?
                    .send_keys("Geschrieben im *Browser*, mit **Vorschau**.\n\n")
                    .await?;
                let em = browser.query(By::Css("#preview em")).first().await?;
                ensure!(
                    em.text().await? == "Browser",
                    "preview: {:?}",
                    em.text().await?
                );
                browser.query(By::Css("#preview strong")).first().await?;
                Ok(())
            },
        )
        .await;

    browser
        .step(
            "autosave keeps the unsaved text and offers it back after a reload",
            async {
                let stored = || async {
                    let ret = browser
                        .execute(
                            "return localStorage.getItem(arguments[0]);",
                            vec![AUTOSAVE_KEY.into()],
                        )
                        .await?;
                    Ok::<_, anyhow::Error>(ret.json().as_str().map(str::to_owned))
                };
                eventually(
                    Duration::from_secs(10),
                    "the form is kept in localStorage",
                    || async { Ok(stored().await?.is_some_and(|s| s.contains("Vorschau"))) },
                )
                .await?;
                browser.refresh().await?;
                browser
                    .query(By::Id("autosave-restore"))
                    .first()
                    .await?
                    .click()
                    .await?;
                let title = browser.find(By::Id("title")).await?.prop("value").await?;
                ensure!(title.as_deref() == Some(TITLE), "restored title: {title:?}");
                let em = browser.query(By::Css("#preview em")).first().await?;
                ensure!(em.text().await? == "Browser", "preview after restoring");
                Ok(())
            },
        )
        .await;

    browser
        .step("upload an image and insert it", async {
            let input = browser.find(By::Id("upload-file")).await?;
            input.send_keys(image.to_string_lossy().as_ref()).await?;
            browser.find(By::Id("upload-button")).await?.click().await?;
            // An image is described before it is uploaded.
            let alt = browser.query(By::Id("alt-input")).first().await?;
            alt.wait_until().displayed().await?;
            alt.send_keys("Abendlicht über den Dächern").await?;
            browser.find(By::Id("alt-ok")).await?.click().await?;
            let source = browser.find(By::Id("source")).await?;
            eventually(
                Duration::from_secs(20),
                "the Markdown is inserted",
                || async {
                    Ok(source
                        .prop("value")
                        .await?
                        .unwrap_or_default()
                        .contains("![Abendlicht über den Dächern](/media/"))
                },
            )
            .await?;
            let status = browser.find(By::Id("upload-status")).await?.text().await?;
            ensure!(
                status.contains("hochgeladen und eingefügt"),
                "status: {status}"
            );
            // The preview renders what a save stores: the image with srcset.
            let img = browser
                .query(By::Css("#preview img[srcset]"))
                .first()
                .await?;
            let srcset = img.attr("srcset").await?.unwrap_or_default();
            ensure!(
                srcset.contains(" 320w") && srcset.contains(" 1000w"),
                "srcset: {srcset}"
            );
            Ok(())
        })
        .await;

    let view_url = browser
        .step(
            "schedule it a few seconds ahead in the site's time zone",
            async {
                let at = (chrono::Utc::now() + chrono::Duration::seconds(12))
                    .with_timezone(&tz)
                    .format("%Y-%m-%dT%H:%M:%S")
                    .to_string();
                let date = browser.find(By::Id("published_at")).await?;
                browser
                    .execute(
                        "arguments[0].value = arguments[1];",
                        vec![date.to_json()?, at.clone().into()],
                    )
                    .await?;
                browser
                    .find(By::Id("status-published"))
                    .await?
                    .click()
                    .await?;
                browser.find(By::Id("save")).await?.click().await?;
                let notice = browser
                    .query(By::Id("saved-notice"))
                    .first()
                    .await?
                    .text()
                    .await?;
                ensure!(notice.contains("erscheint am"), "notice: {notice}");
                let kept = browser
                    .execute(
                        "return localStorage.getItem(arguments[0]);",
                        vec![AUTOSAVE_KEY.into()],
                    )
                    .await?;
                ensure!(kept.json().is_null(), "autosave is cleared after saving");
                let link = browser.find(By::Id("view-link")).await?;
                link.attr("href").await?.context("no permalink")
            },
        )
        .await;

    browser
        .step(
            "the worker publishes it; the post page shows the image with srcset",
            async {
                eventually(Duration::from_secs(45), "the post is public", || async {
                    Ok(app.client.get(&view_url).send().await?.status() == 200)
                })
                .await?;
                browser.goto(&view_url).await?;
                let heading = browser.query(By::Css("h1.entry-title")).first().await?;
                ensure!(heading.text().await? == TITLE);
                let img = browser
                    .query(By::Css("article img[srcset]"))
                    .first()
                    .await?;
                let srcset = img.attr("srcset").await?.unwrap_or_default();
                ensure!(
                    srcset.contains("/media/") && srcset.contains(" 768w"),
                    "srcset: {srcset}"
                );
                Ok(())
            },
        )
        .await;

    browser
        .step("approve one comment with the keyboard", async {
            browser.goto(app.url("/admin/comments/")).await?;
            let rows = browser
                .query(By::Css("tr.comment-row"))
                .all_from_selector_required()
                .await?;
            ensure!(rows.len() == 2, "{} pending rows", rows.len());
            let selected = || async {
                let row = browser.find(By::Css("tr.comment-row.selected")).await?;
                Ok::<_, anyhow::Error>(row.attr("data-id").await?.unwrap_or_default())
            };
            let first = selected().await?;
            // A real key press moves the selection to the next row.
            browser.action_chain().send_keys("j").perform().await?;
            let second = selected().await?;
            ensure!(first != second, "j did not move the selection");
            // `a` submits the page. chromedriver sends a key event that a
            // navigation interrupted once more, to the next page (approving
            // a second response), so this key is dispatched by the page
            // itself, after the WebDriver command has ended.
            browser
                .execute(
                    "setTimeout(function () { document.body.dispatchEvent(\
                     new KeyboardEvent('keydown', {key: 'a', bubbles: true})); }, 50);",
                    Vec::new(),
                )
                .await?;
            let notice = browser
                .query(By::Id("notice"))
                .first()
                .await?
                .text()
                .await?;
            ensure!(notice == "1 Antwort freigegeben.", "notice: {notice}");
            let id = beitrag_core::model::CommentId(second.parse()?);
            let status = app.store.comment(id).await?.map(|c| c.status);
            ensure!(
                status == Some(CommentStatus::Approved),
                "selected one: {status:?}"
            );
            Ok(())
        })
        .await;

    browser
        .step("approve the other with its button", async {
            let rows = browser
                .query(By::Css("tr.comment-row"))
                .all_from_selector_required()
                .await?;
            ensure!(rows.len() == 1, "{} pending rows left", rows.len());
            rows[0]
                .find(By::Css("button[data-verb=approve]"))
                .await?
                .click()
                .await?;
            eventually(
                Duration::from_secs(10),
                "both comments are approved",
                || async {
                    let mut all = true;
                    for id in &comments {
                        let status = app
                            .store
                            .comment(*id)
                            .await?
                            .context("comment gone")?
                            .status;
                        all &= status == CommentStatus::Approved;
                    }
                    Ok(all)
                },
            )
            .await?;
            // The reloaded page counts none left (elements of the page
            // before the reload may still answer, so ask afresh each time).
            eventually(
                Duration::from_secs(10),
                "the pending tab counts 0",
                || async {
                    let count = match browser.find(By::Css("#tab-pending .count")).await {
                        Ok(el) => el.text().await.unwrap_or_default(),
                        Err(_) => String::new(),
                    };
                    Ok(count == "(0)")
                },
            )
            .await?;
            Ok(())
        })
        .await;

    browser
        .step(
            "change settings with the typed controls: a radio, selects, a number, a preset",
            async {
                browser.goto(app.url("/admin/settings/")).await?;
                let legend = browser.find(By::Css("#group-discussion > legend")).await?;
                ensure!(legend.text().await? == "Diskussion");
                browser
                    .find(By::Id("s-comment_moderation-all"))
                    .await?
                    .click()
                    .await?;
                let zone = browser.find(By::Id("s-timezone")).await?;
                SelectElement::new(&zone)
                    .await?
                    .select_by_value("Europe/Vienna")
                    .await?;
                let open = browser.find(By::Id("s-default_comment_status")).await?;
                SelectElement::new(&open)
                    .await?
                    .select_by_value("closed")
                    .await?;
                let per_page = browser.find(By::Id("s-posts_per_page")).await?;
                per_page.clear().await?;
                per_page.send_keys("12").await?;
                browser
                    .find(By::Id("s-permalink-name"))
                    .await?
                    .click()
                    .await?;
                browser
                    .find(By::Css(".settings-form > p > button[type=submit]"))
                    .await?
                    .click()
                    .await?;
                let notice = browser
                    .query(By::Css(".notice[role=status]"))
                    .first()
                    .await?
                    .text()
                    .await?;
                ensure!(notice == "Einstellungen gespeichert.", "notice: {notice}");
                let s = beitrag_core::service::settings::load(app.store.as_ref()).await?;
                ensure!(s.get("comment_moderation").as_deref() == Some("all"));
                ensure!(
                    s.timezone.name() == "Europe/Vienna",
                    "{}",
                    s.timezone.name()
                );
                ensure!(s.get("default_comment_status").as_deref() == Some("closed"));
                ensure!(s.posts_per_page == 12 && s.permalink.as_str() == "/%postname%/");
                // The browser itself refuses a number out of range.
                let per_page = browser.find(By::Id("s-posts_per_page")).await?;
                per_page.clear().await?;
                per_page.send_keys("500").await?;
                let valid = browser
                    .execute(
                        "return arguments[0].checkValidity();",
                        vec![per_page.to_json()?],
                    )
                    .await?;
                ensure!(
                    valid.json() == &serde_json::Value::Bool(false),
                    "500 accepted"
                );
                Ok(())
            },
        )
        .await;

    browser
        .step("log out; the admin asks for a login again", async {
            browser
                .find(By::Css(".admin-user button[type=submit]"))
                .await?
                .click()
                .await?;
            browser.query(By::Id("password")).first().await?;
            browser.goto(app.url("/admin/")).await?;
            browser.query(By::Id("password")).first().await?;
            let url = browser.current_url().await?;
            ensure!(url.path() == "/admin/login", "at {url}");
            Ok(())
        })
        .await;

    eprintln!(
        "browser_admin: the round took {:.1} s",
        started.elapsed().as_secs_f64()
    );
    browser.quit().await;
    app.stop().await;
}

/// Every admin page on a phone 390 CSS pixels wide: nothing wider than the
/// screen (no sideways scrolling), the header's menu folded until asked.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_admin_page_fits_a_phone() {
    const WIDTH: i64 = 390;
    let Some(browser) = Browser::start_phone("admin_phone", 390).await else {
        return;
    };
    let app = TestApp::start_with(Backend::Sqlite, Options::default()).await;
    let creds = app.credentials.clone().expect("an admin");
    pending_comments(&app).await;
    let admin = crate::session::Admin::admin(&app).await;
    let pages = crate::admin_i18n::admin_pages(&admin).await;
    let width = || async {
        let ret = browser
            .execute(
                "return [document.documentElement.scrollWidth, document.body.scrollWidth, window.innerWidth];",
                Vec::new(),
            )
            .await?;
        let v: Vec<i64> = serde_json::from_value(ret.json().clone())?;
        Ok::<_, anyhow::Error>(v)
    };

    browser
        .step("the login page fits", async {
            browser.goto(app.url("/admin/login")).await?;
            let w = width().await?;
            ensure!(w[2] == WIDTH, "viewport {w:?}");
            ensure!(w[0] <= WIDTH && w[1] <= WIDTH, "login page is {w:?} wide");
            log_in(&browser, &creds).await?;
            Ok(())
        })
        .await;

    browser
        .step("the header is folded and opens on a tap", async {
            let nav = browser.find(By::Css(".admin-header nav")).await?;
            ensure!(
                !nav.is_displayed().await?,
                "the menu starts open on a phone"
            );
            browser
                .find(By::Css(".admin-menu > summary"))
                .await?
                .click()
                .await?;
            ensure!(nav.is_displayed().await?, "the menu does not open");
            let w = width().await?;
            ensure!(w[0] <= WIDTH, "open menu makes the page {w:?} wide");
            Ok(())
        })
        .await;

    for path in &pages {
        browser
            .step(&format!("{path} fits 390 px"), async {
                browser.goto(app.url(path)).await?;
                browser.query(By::Css("main#main")).first().await?;
                let w = width().await?;
                ensure!(w[0] <= WIDTH && w[1] <= WIDTH, "{path} is {w:?} wide");
                // Scrolling sideways moves nothing.
                let moved = browser
                    .execute(
                        "window.scrollTo(200, 0); return window.scrollX;",
                        Vec::new(),
                    )
                    .await?;
                ensure!(
                    moved.json() == &serde_json::json!(0),
                    "{path} scrolls sideways"
                );
                Ok(())
            })
            .await;
    }
    browser.quit().await;
    app.stop().await;
}
