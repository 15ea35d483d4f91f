//! The admin in the site's language and in each user's own: catalogs,
//! `<html lang>`, `lang` on content of the other language, dates in the
//! site's time zone, the grouped settings with typed controls, the
//! contrast of status labels.

use beitrag_core::model::{Role, Scope};
use scraper::{Html, Selector};

use crate::harness::{Backend, Options, TestApp};
use crate::session::{Admin, make_user, token};

fn opts(language: &'static str) -> Options {
    Options {
        language,
        cache_ttl: 0,
        ..Options::default()
    }
}

fn select<'a>(doc: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    let sel = Selector::parse(css).unwrap();
    doc.select(&sel).collect()
}

/// An admin page, parsed.
async fn admin_page(admin: &Admin<'_>, path: &str) -> Html {
    Html::parse_document(&admin.get(path).await.text().await.unwrap())
}

fn html_lang(doc: &Html) -> String {
    select(doc, "html")[0]
        .value()
        .attr("lang")
        .unwrap_or_default()
        .to_owned()
}

/// Every admin page a logged-in administrator can open, with real ids
/// (also walked by the phone test in `browser_admin.rs`).
pub async fn admin_pages(admin: &Admin<'_>) -> Vec<String> {
    let mut pages: Vec<String> = [
        "/admin/",
        "/admin/posts/",
        "/admin/posts/?kind=page",
        "/admin/posts/new",
        "/admin/posts/new?kind=page",
        "/admin/comments/",
        "/admin/comments/?status=approved",
        "/admin/media/",
        "/admin/terms/",
        "/admin/users/",
        "/admin/settings/",
        "/admin/menu",
        "/admin/widgets",
        "/admin/followers",
        "/admin/profile/",
    ]
    .map(str::to_owned)
    .to_vec();
    let list = admin_page(admin, "/admin/posts/").await;
    let edit = select(&list, "a.row-title")[0]
        .value()
        .attr("href")
        .unwrap();
    pages.push(edit.to_owned());
    pages.push(edit.replace("/edit", "/revisions"));
    let comments = admin_page(admin, "/admin/comments/?status=approved").await;
    if let Some(row) = select(&comments, "tr.comment-row").first() {
        let id = row.value().attr("data-id").unwrap();
        pages.push(format!("/admin/comments/{id}/edit"));
        pages.push(format!("/admin/comments/{id}/reply"));
    }
    pages
}

/// The text of a page without the time zone names (`Mexico/General` is
/// no English interface string).
fn interface_text(doc: &Html) -> String {
    doc.root_element()
        .descendants()
        .filter_map(|n| n.value().as_text().map(|t| (n, t)))
        .filter(|(n, _)| {
            !n.ancestors().any(|a| {
                a.value()
                    .as_element()
                    .is_some_and(|e| e.id() == Some("s-timezone"))
            })
        })
        .map(|(_, t)| t.to_string())
        .collect()
}

/// Catalog strings (theme and admin) of `lang` that `other` does not have
/// too and long enough not to be a word of the content.
fn only_in(lang: &str, other: &str) -> Vec<String> {
    let i18n = beitrag_web::i18n::I18n::load().unwrap();
    let all = |l| [i18n.messages(l), i18n.admin_messages(l)].concat();
    let theirs = all(other);
    all(lang)
        .into_iter()
        .filter(|m| m.len() > 6 && !theirs.contains(m))
        .collect()
}

async fn admin_speaks_the_site_language_and_each_users_own(backend: Backend) {
    let app = TestApp::start_with(backend, opts("de")).await;
    // Logged out: login and password pages in the site's language.
    let login = app.page("/admin/login").await;
    assert_eq!(html_lang(&login), "de");
    assert!(login.root_element().html().contains("Anmelden"));
    assert!(
        app.page("/admin/forgot")
            .await
            .root_element()
            .html()
            .contains("Passwort vergessen?")
    );

    let admin = Admin::admin(&app).await;
    let english = only_in("en", "de");
    for path in admin_pages(&admin).await {
        let res = admin.get(&path).await;
        assert_eq!(res.status(), 200, "GET {path}");
        let doc = Html::parse_document(&res.text().await.unwrap());
        assert_eq!(html_lang(&doc), "de", "{path}");
        let text = interface_text(&doc);
        for e in &english {
            assert!(
                !text.contains(e.as_str()),
                "English {e:?} on the German {path}"
            );
        }
        // Content is in the admin's language: no `lang` needed on it.
        assert!(
            select(&doc, "main [lang]")
                .iter()
                .all(|e| e.value().name() == "option"),
            "{path}"
        );
    }
    let dashboard = admin.get("/admin/").await.text().await.unwrap();
    assert!(dashboard.contains("Übersicht") && dashboard.contains("Neuen Beitrag schreiben"));
    // The JavaScript's texts ride along in the page's language.
    let doc = Html::parse_document(&dashboard);
    let texts = select(&doc, "body")[0].value().attr("data-texts").unwrap();
    let texts: serde_json::Value = serde_json::from_str(texts).unwrap();
    assert_eq!(texts["admin-js-uploading"], "{name} wird hochgeladen …");

    // The profile offers the languages; a bad one is refused precisely.
    let profile = admin_page(&admin, "/admin/profile/").await;
    let options: Vec<&str> = select(&profile, "select#language option")
        .iter()
        .map(|o| o.value().attr("value").unwrap())
        .collect();
    assert_eq!(options, ["", "de", "en"]);
    let form = |language: &'static str| {
        [
            ("display_name", "Admin"),
            ("email", "admin@example.org"),
            ("bio", ""),
            ("language", language),
        ]
    };
    let res = admin.post("/admin/profile/", &form("fr")).await;
    assert_eq!(res.status(), 422);
    let page = Html::parse_document(&res.text().await.unwrap());
    let error = select(&page, "#e-language");
    assert!(
        error[0].text().collect::<String>().contains("de, en"),
        "{}",
        error[0].html()
    );

    // English for this user: frame, messages and dates in English, German
    // content marked as German.
    let res = admin.post("/admin/profile/", &form("en")).await;
    assert_eq!(res.status(), 303);
    let profile = admin
        .get("/admin/profile/?done=profile")
        .await
        .text()
        .await
        .unwrap();
    assert!(profile.contains("Profile saved."), "{profile}");
    let doc = admin_page(&admin, "/admin/").await;
    assert_eq!(html_lang(&doc), "en");
    assert!(doc.root_element().html().contains("Write a new post"));
    let posts = admin_page(&admin, "/admin/posts/").await;
    let titles = select(&posts, "a.row-title");
    assert!(!titles.is_empty());
    assert!(titles.iter().all(|a| a.value().attr("lang") == Some("de")));
    let comments = admin_page(&admin, "/admin/comments/?status=approved").await;
    for cell in select(&comments, "td.excerpt") {
        assert_eq!(cell.value().attr("lang"), Some("de"));
    }
    // Another user keeps the site's language.
    let password = make_user(&app, "redakteurin", Role::Editor).await;
    let editor = Admin::login(&app, "redakteurin", &password).await;
    let doc = admin_page(&editor, "/admin/").await;
    assert_eq!(html_lang(&doc), "de");

    // The API shows and changes the same field, through the same rule.
    let login = app.credentials.as_ref().unwrap().login.clone();
    let bearer = format!("Bearer {}", token(&app, &login, Scope::Write).await);
    let patch = |body: serde_json::Value| {
        app.client
            .patch(app.url("/api/v1/users/me"))
            .header("authorization", &bearer)
            .json(&body)
            .send()
    };
    let res = patch(serde_json::json!({"language": "xx"})).await.unwrap();
    assert_eq!(res.status(), 400);
    let problem: serde_json::Value = res.json().await.unwrap();
    assert_eq!(problem["field"], "language", "{problem}");
    let res = patch(serde_json::json!({"language": ""})).await.unwrap();
    assert_eq!(res.status(), 200);
    let me: serde_json::Value = res.json().await.unwrap();
    assert_eq!(me["language"], "");
    let doc = admin_page(&admin, "/admin/").await;
    assert_eq!(html_lang(&doc), "de", "empty: the site's language again");
    app.stop().await;
}

async fn english_site_speaks_english_and_marks_nothing(backend: Backend) {
    let app = TestApp::start_with(backend, opts("en")).await;
    let login = app.page("/admin/login").await;
    assert_eq!(html_lang(&login), "en");
    assert!(login.root_element().html().contains("Log in"));
    let admin = Admin::admin(&app).await;
    let german = only_in("de", "en");
    for path in [
        "/admin/",
        "/admin/posts/",
        "/admin/settings/",
        "/admin/menu",
        "/admin/widgets",
        "/admin/followers",
        "/admin/profile/",
    ] {
        let doc = admin_page(&admin, path).await;
        assert_eq!(html_lang(&doc), "en", "{path}");
        // The interface, not the content (the admin's name is "Administrator").
        let text: String = select(&doc, "nav, h1, h2, label, legend, th, button")
            .iter()
            .flat_map(|e| e.text())
            .collect();
        for g in &german {
            assert!(
                !text.contains(g.as_str()),
                "German {g:?} on the English {path}"
            );
        }
    }
    app.stop().await;
}

async fn admin_dates_are_in_the_site_time_zone(backend: Backend) {
    let app = TestApp::start_with(backend, opts("de")).await;
    let admin = Admin::admin(&app).await;
    let res = admin
        .post("/admin/settings/", &[("timezone", "America/New_York")])
        .await;
    assert_eq!(res.status(), 303);
    // 02:30 UTC on 2 January is still 1 January in New York.
    let res = admin
        .post(
            "/admin/posts/new",
            &[
                ("kind", "post"),
                ("title", "Zeitzonentest"),
                ("slug", ""),
                ("source", "Text"),
                ("excerpt", ""),
                ("tags", ""),
                ("new_categories", ""),
                ("status", "published"),
                ("published_at", "2031-01-01T21:30:00"),
                ("trackbacks", ""),
                ("intent", "save"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303, "{}", res.text().await.unwrap());
    let dashboard = admin.get("/admin/").await.text().await.unwrap();
    assert!(dashboard.contains("1. Januar 2031, 21:30"), "{dashboard}");
    let posts = admin
        .get("/admin/posts/?q=Zeitzonentest")
        .await
        .text()
        .await
        .unwrap();
    assert!(posts.contains("1. Januar 2031, 21:30"), "{posts}");
    // The profile's sessions are no longer listed in UTC.
    let profile = admin.get("/admin/profile/").await.text().await.unwrap();
    assert!(!profile.contains(" UTC<"), "{profile}");
    app.stop().await;
}

async fn settings_are_grouped_with_typed_controls(backend: Backend) {
    let app = TestApp::start_with(backend, opts("de")).await;
    let admin = Admin::admin(&app).await;
    let doc = admin_page(&admin, "/admin/settings/").await;
    let groups: Vec<String> = select(&doc, "fieldset.settings-group > legend")
        .iter()
        .map(|l| l.text().collect())
        .collect();
    assert_eq!(
        groups,
        [
            "Allgemein",
            "Schreiben",
            "Lesen",
            "Diskussion",
            "Medien",
            "Permalinks"
        ]
    );
    // Selects for language, time zone and open/closed.
    for key in [
        "language",
        "timezone",
        "default_comment_status",
        "webmention_status",
    ] {
        assert_eq!(select(&doc, &format!("select#s-{key}")).len(), 1, "{key}");
    }
    assert!(select(&doc, "select#s-timezone option").len() > 300);
    assert_eq!(
        select(&doc, "select#s-language option[selected]")[0]
            .value()
            .attr("value"),
        Some("de")
    );
    // Radio buttons for the moderation mode, one checked.
    let radios = select(&doc, "input[type=radio][name=comment_moderation]");
    assert_eq!(radios.len(), 3);
    assert_eq!(
        radios
            .iter()
            .filter(|r| r.value().attr("checked").is_some())
            .count(),
        1
    );
    // Numbers with the core's ranges.
    let n = &select(&doc, "input#s-posts_per_page")[0];
    assert_eq!(
        (
            n.value().attr("type"),
            n.value().attr("min"),
            n.value().attr("max")
        ),
        (Some("number"), Some("1"), Some("100"))
    );
    let depth = &select(&doc, "input#s-comment_thread_depth")[0];
    assert_eq!(depth.value().attr("max"), Some("10"));
    // Help beside every field, from the German catalog.
    let help = select(&doc, "#d-posts_per_page")[0]
        .text()
        .collect::<String>();
    assert_eq!(help, "Beiträge auf jeder Archivseite, 1 bis 100.");
    for input in select(&doc, ".settings-form [name]") {
        let name = input.value().attr("name").unwrap();
        if name == "csrf"
            || name == "permalink_preset"
            || input.value().attr("type") == Some("radio")
        {
            continue;
        }
        let described = input.value().attr("aria-describedby").unwrap_or_default();
        assert!(described.starts_with("d-"), "{name} has no help");
    }
    // Permalink presets: WordPress's structures, the current one checked.
    let presets: Vec<(&str, bool)> = select(&doc, "input[name=permalink_preset]")
        .iter()
        .map(|r| {
            (
                r.value().attr("value").unwrap(),
                r.value().attr("checked").is_some(),
            )
        })
        .collect();
    assert_eq!(
        presets,
        [
            ("day", false),
            ("month", true),
            ("numeric", false),
            ("name", false),
            ("category", false),
            ("custom", false)
        ]
    );
    // A preset wins over the pattern field; the moderation radio is stored.
    let res = admin
        .post(
            "/admin/settings/",
            &[
                ("permalink_preset", "name"),
                ("permalink", "/ignored/%postname%/"),
                ("comment_moderation", "all"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let stored = beitrag_core::service::settings::load(app.store.as_ref())
        .await
        .unwrap();
    assert_eq!(stored.permalink.as_str(), "/%postname%/");
    assert_eq!(stored.get("comment_moderation").as_deref(), Some("all"));
    // A custom pattern is taken from the field.
    let res = admin
        .post(
            "/admin/settings/",
            &[
                ("permalink_preset", "custom"),
                ("permalink", "/blog/%postname%/"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let doc = admin_page(&admin, "/admin/settings/").await;
    let custom = &select(&doc, "#s-permalink-custom")[0];
    assert!(custom.value().attr("checked").is_some());
    // Out of range: a precise message next to the field, in the form kept.
    let res = admin
        .post("/admin/settings/", &[("comment_thread_depth", "11")])
        .await;
    assert_eq!(res.status(), 422);
    let doc = Html::parse_document(&res.text().await.unwrap());
    let error = select(&doc, "#e-comment_thread_depth")[0]
        .text()
        .collect::<String>();
    assert!(error.contains("1 to 10"), "{error}");
    let notice = select(&doc, ".notice.error")[0].text().collect::<String>();
    assert!(notice.contains("Antworttiefe"), "{notice}");
    app.stop().await;
}

/// WCAG 2.x contrast of two `#rrggbb` colours.
fn contrast(a: &str, b: &str) -> f64 {
    let lum = |hex: &str| {
        let c = |i: usize| {
            let v = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
            if v <= 0.039_28 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * c(1) + 0.7152 * c(3) + 0.0722 * c(5)
    };
    let (x, y) = (lum(a), lum(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

async fn status_labels_have_enough_contrast(backend: Backend) {
    let app = TestApp::start_with(backend, opts("de")).await;
    let css = app
        .get("/admin/static/admin.css")
        .await
        .text()
        .await
        .unwrap();
    let var = |name: &str| {
        let at = css.find(&format!("--{name}: ")).unwrap() + name.len() + 4;
        css[at..at + 7].to_owned()
    };
    let rule = |selector: &str| {
        let at = css
            .find(&format!("{selector} {{"))
            .unwrap_or_else(|| panic!("{selector}"));
        css[at..at + css[at..].find('}').unwrap()].to_owned()
    };
    assert!(rule(".status").contains("color: var(--fg)"));
    let fg = var("fg");
    for selector in [".status-published", ".status-scheduled", ".status-pending"] {
        let r = rule(selector);
        let at = r.find("background: #").unwrap() + 12;
        let bg = &r[at..at + 7];
        assert!(
            contrast(&fg, bg) >= 4.5,
            "{selector}: {}",
            contrast(&fg, bg)
        );
    }
    let base = rule(".status");
    let at = base.find("background: var(--").unwrap() + 18;
    let bg = var(&base[at..base[at..].find(')').unwrap() + at]);
    assert!(contrast(&fg, &bg) >= 4.5);
    // Muted text stays readable on the page and on cards.
    for bg in [var("bg"), "#ffffff".into()] {
        assert!(contrast(&var("muted"), &bg) >= 4.5, "muted on {bg}");
    }
    app.stop().await;
}

crate::on_both_backends!(
    admin_speaks_the_site_language_and_each_users_own,
    english_site_speaks_english_and_marks_nothing,
    admin_dates_are_in_the_site_time_zone,
    settings_are_grouped_with_typed_controls,
    status_labels_have_enough_contrast,
);
