//! The editor's scripts in a real browser, in the German admin: the
//! Markdown toolbar wraps the selection, "wird geplant" appears for
//! Published with a future date, autosave offers nothing when the stored
//! draft says what the form says (and does offer a different one), and an
//! image pasted or dropped into the text is uploaded with the alt text
//! asked for (a cancelled one uploads nothing). SQLite only: this is about
//! the UI.

use std::time::{Duration, Instant};

use anyhow::ensure;
use thirtyfour::prelude::*;

use crate::browser::Browser;
use crate::harness::{Backend, Options, TestApp};

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

/// The textarea's value.
async fn source(browser: &Browser) -> anyhow::Result<String> {
    Ok(browser
        .find(By::Id("source"))
        .await?
        .prop("value")
        .await?
        .unwrap_or_default())
}

/// Pastes a small PNG built in the page into the textarea, as a browser
/// does for a screenshot from the clipboard.
const PASTE_IMAGE: &str = r##"
const canvas = document.createElement("canvas");
canvas.width = 40; canvas.height = 30;
const ctx = canvas.getContext("2d");
ctx.fillStyle = "#c33"; ctx.fillRect(0, 0, 40, 30);
canvas.toBlob(function (blob) {
  const data = new DataTransfer();
  data.items.add(new File([blob], "bildschirmfoto.png", { type: "image/png" }));
  const source = document.getElementById("source");
  source.focus();
  source.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
}, "image/png");
"##;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn editor_toolbar_schedule_hint_autosave_and_paste() {
    let Some(browser) = Browser::start("editor_tools").await else {
        return;
    };
    let app = TestApp::start_with(Backend::Sqlite, Options::default()).await;
    let creds = app
        .credentials
        .clone()
        .expect("first start created an admin");

    browser
        .step("log in to the German admin", async {
            browser.goto(app.url("/admin/login")).await?;
            crate::browser_admin::log_in(&browser, &creds).await?;
            browser.goto(app.url("/admin/posts/new")).await?;
            browser.query(By::Css("form#editor")).first().await?;
            let lang = browser.find(By::Tag("html")).await?.attr("lang").await?;
            ensure!(lang.as_deref() == Some("de"), "html lang {lang:?}");
            Ok(())
        })
        .await;

    browser
        .step("the toolbar's Fett wraps the selection in **", async {
            let bar = browser.find(By::Id("toolbar")).await?;
            ensure!(
                bar.is_displayed().await?,
                "the toolbar is shown with scripts"
            );
            let bold = browser
                .find(By::Css("#toolbar button[aria-label='Fett']"))
                .await?;
            let textarea = browser.find(By::Id("source")).await?;
            textarea.send_keys("Ein wichtiges Wort").await?;
            browser
                .execute(
                    "const s = document.getElementById('source'); s.setSelectionRange(4, 13);",
                    vec![],
                )
                .await?;
            bold.click().await?;
            let text = source(&browser).await?;
            ensure!(text == "Ein **wichtiges** Wort", "after bold: {text:?}");
            // Keyboard: the toolbar is one tab stop; arrows move along it
            // and Enter presses the button.
            browser
                .execute(
                    "const s = document.getElementById('source'); s.setSelectionRange(0, 3);",
                    vec![],
                )
                .await?;
            bold.focus().await?;
            bold.send_keys(Key::Right).await?;
            let active = browser.active_element().await?;
            ensure!(
                active.attr("aria-label").await?.as_deref() == Some("Kursiv"),
                "arrow right moves to Kursiv"
            );
            active.send_keys(Key::Enter).await?;
            let text = source(&browser).await?;
            ensure!(text == "_Ein_ **wichtiges** Wort", "after italic: {text:?}");
            let quote = browser
                .find(By::Css("#toolbar button[aria-label='Zitat']"))
                .await?;
            quote.click().await?;
            let text = source(&browser).await?;
            ensure!(text.starts_with("> _Ein_"), "after quote: {text:?}");
            Ok(())
        })
        .await;

    browser
        .step(
            "Veröffentlicht with a future date says it will be scheduled",
            async {
                let hint = browser.find(By::Id("schedule-hint")).await?;
                ensure!(!hint.is_displayed().await?, "no hint for a draft");
                browser
                    .find(By::Id("status-published"))
                    .await?
                    .click()
                    .await?;
                ensure!(!hint.is_displayed().await?, "no hint without a date");
                let date = browser.find(By::Id("published_at")).await?;
                for (value, shown) in [("2099-05-01T08:00", true), ("2001-05-01T08:00", false)] {
                    browser
                        .execute(
                            "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input'));",
                            vec![date.to_json()?, value.into()],
                        )
                        .await?;
                    ensure!(hint.is_displayed().await? == shown, "{value}: shown {shown}");
                }
                browser
                    .execute(
                        "arguments[0].value = '2099-05-01T08:00'; arguments[0].dispatchEvent(new Event('input'));",
                        vec![date.to_json()?],
                    )
                    .await?;
                let text = hint.text().await?;
                ensure!(text.contains("wird geplant"), "hint: {text}");
                browser.find(By::Id("status-draft")).await?.click().await?;
                ensure!(!hint.is_displayed().await?, "a draft is not scheduled");
                Ok(())
            },
        )
        .await;

    browser
        .step(
            "an image pasted into the text asks for its alt text first",
            async {
                let before = source(&browser).await?;
                // Cancelled: nothing is uploaded.
                browser.execute(PASTE_IMAGE, vec![]).await?;
                let cancel = browser.query(By::Id("alt-cancel")).first().await?;
                cancel.wait_until().displayed().await?;
                cancel.click().await?;
                let status = browser.find(By::Id("upload-status")).await?;
                eventually(Duration::from_secs(5), "the refusal is said", || async {
                    Ok(status.text().await?.contains("Alternativtext"))
                })
                .await?;
                ensure!(
                    app.store.media_list(10, 0).await?.1 == 0,
                    "nothing uploaded"
                );
                ensure!(source(&browser).await? == before, "nothing inserted");
                // Described: uploaded and inserted with the description.
                browser.execute(PASTE_IMAGE, vec![]).await?;
                let alt = browser.query(By::Id("alt-input")).first().await?;
                alt.wait_until().displayed().await?;
                alt.send_keys("Ein rotes Rechteck").await?;
                browser.find(By::Id("alt-ok")).await?.click().await?;
                eventually(
                    Duration::from_secs(20),
                    "the Markdown is inserted",
                    || async {
                        Ok(source(&browser)
                            .await?
                            .contains("![Ein rotes Rechteck](/media/"))
                    },
                )
                .await?;
                let (items, _) = app.store.media_list(10, 0).await?;
                ensure!(items.len() == 1 && items[0].alt == "Ein rotes Rechteck");
                // It can be chosen as the featured image right away.
                let choice = format!("featured-{}", items[0].id.0);
                browser.find(By::Id(choice)).await?;
                // Dropped works the same way.
                browser
                    .execute(
                        &PASTE_IMAGE.replace(
                            "ClipboardEvent(\"paste\", { clipboardData",
                            "DragEvent(\"drop\", { dataTransfer",
                        ),
                        vec![],
                    )
                    .await?;
                let alt = browser.query(By::Id("alt-input")).first().await?;
                alt.wait_until().displayed().await?;
                alt.send_keys("Noch ein Rechteck").await?;
                browser.find(By::Id("alt-ok")).await?.click().await?;
                eventually(
                    Duration::from_secs(20),
                    "the dropped image is inserted",
                    || async {
                        Ok(source(&browser)
                            .await?
                            .contains("![Noch ein Rechteck](/media/"))
                    },
                )
                .await?;
                ensure!(app.store.media_list(10, 0).await?.1 == 2, "two uploads");
                Ok(())
            },
        )
        .await;

    browser
        .step(
            "autosave offers nothing when the stored draft equals the form",
            async {
                browser.goto(app.url("/admin/posts/new")).await?;
                browser.query(By::Css("form#editor")).first().await?;
                // What the form holds, stored as a draft from just now (with
                // CRLF line ends, as a textarea may give them).
                browser
                    .execute(
                        r#"const form = document.getElementById("editor");
                        const pairs = [];
                        new FormData(form).forEach(function (v, k) {
                          if (k !== "csrf" && k !== "base_revision") { pairs.push([k, String(v).replace(/\n/g, "\r\n")]); }
                        });
                        localStorage.setItem(form.dataset.autosaveKey, JSON.stringify({ savedAt: Date.now(), pairs: pairs }));"#,
                        vec![],
                    )
                    .await?;
                browser.refresh().await?;
                browser.query(By::Css("form#editor")).first().await?;
                tokio::time::sleep(Duration::from_millis(300)).await;
                let offers = browser.find_all(By::Id("autosave-offer")).await?;
                ensure!(offers.is_empty(), "no offer for an identical draft");
                // A draft that differs is offered.
                browser
                    .execute(
                        r#"const form = document.getElementById("editor");
                        localStorage.setItem(form.dataset.autosaveKey, JSON.stringify({ savedAt: Date.now(), pairs: [["title", "Anders"]] }));"#,
                        vec![],
                    )
                    .await?;
                browser.refresh().await?;
                browser.query(By::Id("autosave-offer")).first().await?;
                Ok(())
            },
        )
        .await;

    browser.quit().await;
    app.stop().await;
}
