//! Interface strings from Fluent catalogs, one file per language under
//! `locales/`, embedded in the binary: the theme's (`de.ftl`) and the
//! admin's (`admin.de.ftl`) and the core's error messages (`core.de.ftl`,
//! worded by [`I18n::message`]), loaded into one bundle per language. Adding
//! a language is adding the three files and one line in `CATALOGS`,
//! `ADMIN_CATALOGS` and `CORE_CATALOGS`.

use std::collections::HashMap;

use beitrag_core::message::{Arg, Message};
use chrono::DateTime;
use chrono_tz::Tz;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

use crate::error::WebError;

/// Language code, catalog source, and chrono locale for dates.
const CATALOGS: &[(&str, &str, chrono::Locale)] = &[
    (
        "de",
        include_str!("../locales/de.ftl"),
        chrono::Locale::de_DE,
    ),
    (
        "en",
        include_str!("../locales/en.ftl"),
        chrono::Locale::en_US,
    ),
];

/// Language code and the admin's catalog source. Kept apart from the
/// theme's so the two grow without touching each other.
const ADMIN_CATALOGS: &[(&str, &str)] = &[
    ("de", include_str!("../locales/admin.de.ftl")),
    ("en", include_str!("../locales/admin.en.ftl")),
];

/// Language code and the catalog of the core's messages
/// (`beitrag_core::message::texts`, ids `core-…`).
const CORE_CATALOGS: &[(&str, &str)] = &[
    ("de", include_str!("../locales/core.de.ftl")),
    ("en", include_str!("../locales/core.en.ftl")),
];

/// The catalog sources of a language: the theme's, the admin's, the core's.
fn sources(lang: &str) -> impl Iterator<Item = &'static str> + '_ {
    let theme = CATALOGS
        .iter()
        .filter(move |(c, _, _)| *c == lang)
        .map(|(_, s, _)| *s);
    let admin = ADMIN_CATALOGS
        .iter()
        .filter(move |(c, _)| *c == lang)
        .map(|(_, s)| *s);
    let core = CORE_CATALOGS
        .iter()
        .filter(move |(c, _)| *c == lang)
        .map(|(_, s)| *s);
    theme.chain(admin).chain(core)
}

/// The message keys of a catalog source.
fn keys_of(source: &str) -> impl Iterator<Item = &str> {
    source
        .lines()
        .filter_map(|l| l.split_once(" = "))
        .filter(|(k, _)| !k.starts_with('#') && !k.starts_with(' '))
        .map(|(k, _)| k.trim())
}

/// All catalogs, parsed once at start.
pub struct I18n {
    bundles: HashMap<&'static str, (FluentBundle<FluentResource>, chrono::Locale)>,
}

impl std::fmt::Debug for I18n {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("I18n")
            .field("languages", &self.bundles.keys())
            .finish()
    }
}

impl I18n {
    /// Parses the embedded catalogs. A broken catalog is a build defect,
    /// reported as an error at start rather than at the first request.
    pub fn load() -> Result<Self, WebError> {
        let mut bundles = HashMap::new();
        for (code, _, locale) in CATALOGS {
            let lang: LanguageIdentifier = code
                .parse()
                .map_err(|_| WebError::Startup(format!("bad language code {code}")))?;
            let mut bundle = FluentBundle::new_concurrent(vec![lang]);
            // Isolation marks (U+2068/U+2069) would show up in HTML attributes.
            bundle.set_use_isolating(false);
            for source in sources(code) {
                let resource = FluentResource::try_new(source.to_owned())
                    .map_err(|_| WebError::Startup(format!("catalog {code} does not parse")))?;
                bundle
                    .add_resource(resource)
                    .map_err(|_| WebError::Startup(format!("catalog {code} has duplicate keys")))?;
            }
            bundles.insert(*code, (bundle, *locale));
        }
        Ok(Self { bundles })
    }

    /// Languages with a catalog.
    pub fn languages(&self) -> Vec<&'static str> {
        let mut v: Vec<_> = self.bundles.keys().copied().collect();
        v.sort_unstable();
        v
    }

    fn bundle(&self, lang: &str) -> Option<&(FluentBundle<FluentResource>, chrono::Locale)> {
        self.bundles.get(lang).or_else(|| self.bundles.get("en"))
    }

    /// [`I18n::t`] with text arguments (for callers without Fluent types).
    pub fn text(&self, lang: &str, key: &str, args: &[(&str, String)]) -> String {
        let args: Vec<(&str, FluentValue<'_>)> = args
            .iter()
            .map(|(k, v)| (*k, FluentValue::from(v.as_str())))
            .collect();
        self.t(lang, key, &args)
    }

    /// Translates `key` with named arguments. A missing key yields the key
    /// itself, which tests catch, rather than failing a reader's request.
    pub fn t(&self, lang: &str, key: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        let Some((bundle, _)) = self.bundle(lang) else {
            return key.to_owned();
        };
        let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
            return key.to_owned();
        };
        let mut fargs = FluentArgs::new();
        for (k, v) in args {
            fargs.set(*k, v.clone());
        }
        let mut errors = Vec::new();
        bundle
            .format_pattern(pattern, Some(&fargs), &mut errors)
            .into_owned()
    }

    /// A core message (an error's reason) in `lang`; the core's English
    /// wording where the catalog lacks it, which the tests rule out.
    pub fn message(&self, lang: &str, message: &Message) -> String {
        let Some((bundle, _)) = self.bundle(lang) else {
            return message.to_string();
        };
        let Some(pattern) = bundle.get_message(message.id()).and_then(|m| m.value()) else {
            return message.to_string();
        };
        let mut args = FluentArgs::new();
        for (name, value) in message.args() {
            match value {
                Arg::Text(s) => args.set(*name, FluentValue::from(s.as_str())),
                Arg::Number(n) => args.set(*name, FluentValue::from(*n)),
            }
        }
        let mut errors = Vec::new();
        bundle
            .format_pattern(pattern, Some(&args), &mut errors)
            .into_owned()
    }

    /// Every message value of the theme's catalog of a language, for tests
    /// that look for strings of the wrong language on the site.
    pub fn messages(&self, lang: &str) -> Vec<String> {
        let theme = CATALOGS.iter().filter(|(c, _, _)| *c == lang);
        theme
            .flat_map(|(_, source, _)| keys_of(source))
            .map(|k| self.t(lang, k, &[]))
            .collect()
    }

    /// [`I18n::messages`] of the admin's catalog.
    pub fn admin_messages(&self, lang: &str) -> Vec<String> {
        let admin = ADMIN_CATALOGS.iter().filter(|(c, _)| *c == lang);
        admin
            .flat_map(|(_, source)| keys_of(source))
            .map(|k| self.t(lang, k, &[]))
            .collect()
    }

    /// "26. Januar 2011" / "January 26, 2011".
    pub fn long_date(&self, lang: &str, t: DateTime<Tz>) -> String {
        let locale = self
            .bundle(lang)
            .map(|b| b.1)
            .unwrap_or(chrono::Locale::en_US);
        let fmt = if lang == "de" {
            "%-d. %B %Y"
        } else {
            "%B %-d, %Y"
        };
        t.format_localized(fmt, locale).to_string()
    }

    /// A point in time as the admin lists it: "26. Januar 2011, 10:00" /
    /// "January 26, 2011, 10:00", with seconds where edits minutes apart
    /// must be told apart (revisions).
    pub fn date_time(&self, lang: &str, t: DateTime<Tz>, seconds: bool) -> String {
        let time = if seconds { "%H:%M:%S" } else { "%H:%M" };
        format!("{}, {}", self.long_date(lang, t), t.format(time))
    }

    /// "Januar 2011" for month archives.
    pub fn month_year(&self, lang: &str, t: DateTime<Tz>) -> String {
        let locale = self
            .bundle(lang)
            .map(|b| b.1)
            .unwrap_or(chrono::Locale::en_US);
        t.format_localized("%B %Y", locale).to_string()
    }

    /// The abbreviated month for the date badge ("Jan", "Mär").
    pub fn short_month(&self, lang: &str, t: DateTime<Tz>) -> String {
        let locale = self
            .bundle(lang)
            .map(|b| b.1)
            .unwrap_or(chrono::Locale::en_US);
        t.format_localized("%b", locale)
            .to_string()
            .trim_end_matches('.')
            .to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn formats_dates_when_language_is_german_or_english() {
        let i = I18n::load().unwrap();
        let t = chrono_tz::Europe::Berlin
            .with_ymd_and_hms(2011, 1, 26, 10, 0, 0)
            .unwrap();
        assert_eq!(i.long_date("de", t), "26. Januar 2011");
        assert_eq!(i.long_date("en", t), "January 26, 2011");
        assert_eq!(i.short_month("de", t), "Jan");
    }

    fn sorted_keys(src: &str) -> Vec<&str> {
        let mut k: Vec<&str> = keys_of(src).collect();
        k.sort_unstable();
        k
    }

    #[test]
    fn has_same_keys_when_comparing_catalogs() {
        assert_eq!(sorted_keys(CATALOGS[0].1), sorted_keys(CATALOGS[1].1));
    }

    #[test]
    fn has_same_keys_when_comparing_admin_catalogs() {
        let (de, en) = (
            sorted_keys(ADMIN_CATALOGS[0].1),
            sorted_keys(ADMIN_CATALOGS[1].1),
        );
        assert!(de.len() > 300, "{} admin keys", de.len());
        assert_eq!(de, en);
        // Every admin language is a theme language, and the other way round.
        let theme: Vec<&str> = CATALOGS.iter().map(|c| c.0).collect();
        let admin: Vec<&str> = ADMIN_CATALOGS.iter().map(|c| c.0).collect();
        assert_eq!(theme, admin);
    }

    #[test]
    fn keeps_admin_keys_apart_when_loading_both_catalogs() {
        // A key in both files would fail `load` ("duplicate keys").
        for (_, src) in ADMIN_CATALOGS {
            assert!(
                keys_of(src).all(|k| k.starts_with("admin-") || k.starts_with("setting-")),
                "admin keys start with admin- or setting-"
            );
        }
        let i = I18n::load().unwrap();
        assert_eq!(i.t("de", "admin-nav-settings", &[]), "Einstellungen");
        assert_eq!(
            i.t("en", "admin-posts-count", &[("count", 1.into())]),
            "1 entry"
        );
        assert_eq!(
            i.t("de", "admin-comments-done-approve", &[("count", 3.into())]),
            "3 Antworten freigegeben."
        );
    }

    #[test]
    fn formats_date_and_time_when_listing_in_the_admin() {
        let i = I18n::load().unwrap();
        let t = chrono_tz::Europe::Berlin
            .with_ymd_and_hms(2011, 1, 26, 9, 5, 7)
            .unwrap();
        assert_eq!(i.date_time("de", t, false), "26. Januar 2011, 09:05");
        assert_eq!(i.date_time("en", t, true), "January 26, 2011, 09:05:07");
    }

    #[test]
    fn interpolates_arguments_when_given() {
        let i = I18n::load().unwrap();
        let s = i.t("de", "comments-heading", &[("count", 3.into())]);
        assert_eq!(s, "Kommentare (3)");
        assert_eq!(
            i.t("de", "author-of-article", &[("name", "Anna".into())]),
            "Autor des Artikels: Anna"
        );
    }

    /// A message of `text` whose every argument is the placeholder's name
    /// in brackets, so a wording shows where it puts each.
    fn sample(text: beitrag_core::Text) -> Message {
        text.placeholders()
            .into_iter()
            .fold(Message::from(text), |m, name| {
                m.with(name, format!("<{name}>"))
            })
    }

    #[test]
    fn words_every_core_message_when_rendering_either_language() {
        use beitrag_core::message::texts::ALL;
        let i = I18n::load().unwrap();
        for (lang, source) in CORE_CATALOGS {
            // Exactly the core's ids: none missing, none left over.
            let mut ids: Vec<&str> = ALL.iter().map(|t| t.id).collect();
            ids.sort_unstable();
            assert_eq!(sorted_keys(source), ids, "{lang}: core ids");
            let (bundle, _) = i.bundle(lang).unwrap();
            for text in ALL {
                let message = sample(*text);
                let pattern = bundle.get_message(text.id).and_then(|m| m.value()).unwrap();
                let mut errors = Vec::new();
                let mut args = FluentArgs::new();
                for (name, value) in message.args() {
                    args.set(*name, FluentValue::from(value.to_string()));
                }
                let worded = bundle.format_pattern(pattern, Some(&args), &mut errors);
                // A variable the core does not pass is an error here.
                assert!(errors.is_empty(), "{lang} {}: {errors:?}", text.id);
                if *lang == "en" {
                    assert_eq!(worded, message.to_string(), "{}", text.id);
                } else if !worded.contains("->") {
                    for name in text.placeholders() {
                        assert!(
                            worded.contains(&format!("<{name}>")) || text.id == "core-no-term",
                            "{lang} {} drops {name}: {worded}",
                            text.id
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn words_a_core_error_in_the_readers_language() {
        use beitrag_core::message::texts::{NO_TERM, NUMBER_RANGE};
        let i = I18n::load().unwrap();
        let range = NUMBER_RANGE.with("min", 1_u32).with("max", 100_u32);
        assert_eq!(i.message("de", &range), "muss eine Zahl von 1 bis 100 sein");
        assert_eq!(i.message("en", &range), "must be a number from 1 to 100");
        let tag = NO_TERM.with("taxonomy", "tag").with("id", 7_i64);
        assert_eq!(i.message("de", &tag), "kein Schlagwort 7");
        assert_eq!(i.message("en", &tag), "no tag 7");
    }
}
