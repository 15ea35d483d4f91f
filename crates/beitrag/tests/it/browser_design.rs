//! The "Design" pages in a real browser, in German: a widget and a nested
//! menu item added by clicking, without any script of ours; then the site
//! on a 390 px phone: the sidebar below the posts, the submenu stacked,
//! nothing wider than the screen. SQLite only: this is about the UI.

use anyhow::ensure;
use thirtyfour::components::SelectElement;
use thirtyfour::prelude::*;

use crate::browser::Browser;
use crate::browser_admin::log_in;
use crate::harness::{Backend, Options, TestApp};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn design_pages_arrange_the_site_in_german() {
    let Some(browser) = Browser::start("design").await else {
        return;
    };
    let app = TestApp::start_with(
        Backend::Sqlite,
        Options {
            cache_ttl: 0,
            ..Options::default()
        },
    )
    .await;
    let creds = app.credentials.clone().expect("an admin");
    browser
        .step("log in", async {
            browser.goto(app.url("/admin/login")).await?;
            log_in(&browser, &creds).await?;
            Ok(())
        })
        .await;
    browser
        .step("add a blogroll on the German widgets page", async {
            browser.goto(app.url("/admin/widgets")).await?;
            let h1 = browser.find(By::Css("main h1")).await?.text().await?;
            ensure!(h1 == "Widgets", "{h1}");
            let design = browser
                .find(By::Css(".nav-group-name"))
                .await?
                .text()
                .await?;
            ensure!(design == "Design", "{design}");
            let kind = SelectElement::new(&browser.find(By::Id("new-kind")).await?).await?;
            kind.select_by_value("links").await?;
            submit(&browser, "button[value=add]").await?;
            let notice = browser.find(By::Css("p.notice")).await?.text().await?;
            ensure!(notice == "Gespeichert.", "{notice}");
            browser
                .find(By::Id("links-6"))
                .await?
                .send_keys("https://blog.example/ Ein Nachbarblog")
                .await?;
            browser
                .find(By::Id("title-6"))
                .await?
                .send_keys("Blogroll")
                .await?;
            // Move it above "Abonnieren", then the rest saves with it.
            submit(&browser, "button[value='up-6']").await?;
            let rows = browser
                .find_all(By::Css("li.design-row .row-title"))
                .await?;
            ensure!(rows.len() == 7, "{} widgets", rows.len());
            ensure!(rows[5].text().await? == "Links (Blogroll)", "not moved up");
            Ok(())
        })
        .await;
    browser
        .step("nest a custom link under a page in the menu", async {
            browser.goto(app.url("/admin/menu")).await?;
            let target = SelectElement::new(&browser.find(By::Id("new-target")).await?).await?;
            target.select_by_visible_text("Über uns").await?;
            submit(&browser, "button[value=add]").await?;
            browser
                .find(By::Id("new-url"))
                .await?
                .send_keys("https://example.org/impressum")
                .await?;
            browser
                .find(By::Id("new-label"))
                .await?
                .send_keys("Impressum")
                .await?;
            submit(&browser, "button[value=add]").await?;
            let parent = SelectElement::new(&browser.find(By::Id("parent-1")).await?).await?;
            parent.select_by_value("0").await?;
            submit(&browser, "main button[value=save]:not(.visually-hidden)").await?;
            ensure!(
                browser
                    .find_all(By::Css("li.design-row.child"))
                    .await?
                    .len()
                    == 1,
                "the link is not nested"
            );
            Ok(())
        })
        .await;
    browser
        .step("the submenu opens on keyboard focus", async {
            browser.goto(app.url("/")).await?;
            let sub = browser.find(By::Css("nav .sub-menu")).await?;
            ensure!(!sub.is_displayed().await?, "the submenu starts open");
            browser
                .execute(
                    "document.querySelector('nav .menu > li > a').focus();",
                    Vec::new(),
                )
                .await?;
            ensure!(sub.is_displayed().await?, "focus does not open the submenu");
            let blogroll = browser
                .find(By::Css(".widget-links a"))
                .await?
                .text()
                .await?;
            ensure!(blogroll == "Ein Nachbarblog", "{blogroll}");
            Ok(())
        })
        .await;
    browser.quit().await;

    let Some(phone) = Browser::start_phone("design_phone", 390).await else {
        app.stop().await;
        return;
    };
    phone
        .step("on a phone the sidebar follows the posts", async {
            phone.goto(app.url("/")).await?;
            let ret = phone
                .execute(
                    "const m = document.querySelector('main').getBoundingClientRect(); \
                     const a = document.querySelector('aside.sidebar').getBoundingClientRect(); \
                     const s = document.querySelector('nav .sub-menu'); \
                     return [document.documentElement.scrollWidth, Math.round(m.bottom), Math.round(a.top), \
                             s.getBoundingClientRect().height > 0 ? 1 : 0];",
                    Vec::new(),
                )
                .await?;
            let v: Vec<i64> = serde_json::from_value(ret.json().clone())?;
            ensure!(v[0] <= 390, "the page is {} px wide", v[0]);
            ensure!(v[2] >= v[1], "the sidebar is not below the posts: {v:?}");
            ensure!(v[3] == 1, "the submenu is hidden on a phone");
            Ok(())
        })
        .await;
    phone.quit().await;
    app.stop().await;
}

/// Clicks the form button `css` and waits until the page it leads to has
/// replaced this one: queries right after a click could otherwise still
/// read the old page (or none at all, while the new one loads).
async fn submit(browser: &WebDriver, css: &str) -> anyhow::Result<()> {
    let old = browser.find(By::Tag("html")).await?;
    browser.find(By::Css(css)).await?.click().await?;
    old.wait_until().stale().await?;
    Ok(())
}
