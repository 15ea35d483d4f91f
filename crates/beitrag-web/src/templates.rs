//! The theme: minijinja templates embedded in the binary, each overridable
//! by a same-named file in the configured theme directory. Strict about
//! undefined values and HTML-escaping by default.

use std::path::PathBuf;
use std::sync::Arc;

use fluent_bundle::FluentValue;
use minijinja::value::{Kwargs, Value};
use minijinja::{AutoEscape, Environment, State, UndefinedBehavior};
use serde::Serialize;

use crate::error::WebError;
use crate::i18n::I18n;

/// Built-in templates: name and source.
const BUILT_IN: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    ("macros.html", include_str!("../templates/macros.html")),
    ("list.html", include_str!("../templates/list.html")),
    ("post.html", include_str!("../templates/post.html")),
    ("page.html", include_str!("../templates/page.html")),
    ("404.html", include_str!("../templates/404.html")),
    ("message.html", include_str!("../templates/message.html")),
    ("search.html", include_str!("../templates/search.html")),
    ("sidebar.html", include_str!("../templates/sidebar.html")),
    // The admin's templates have a `/` in their names, so a theme can never
    // replace them.
    (
        "admin/base.html",
        include_str!("../templates/admin/base.html"),
    ),
    (
        "admin/login.html",
        include_str!("../templates/admin/login.html"),
    ),
    (
        "admin/dashboard.html",
        include_str!("../templates/admin/dashboard.html"),
    ),
    (
        "admin/settings.html",
        include_str!("../templates/admin/settings.html"),
    ),
    (
        "admin/users.html",
        include_str!("../templates/admin/users.html"),
    ),
    (
        "admin/reset.html",
        include_str!("../templates/admin/reset.html"),
    ),
    (
        "admin/menu.html",
        include_str!("../templates/admin/menu.html"),
    ),
    (
        "admin/widgets.html",
        include_str!("../templates/admin/widgets.html"),
    ),
    (
        "admin/followers.html",
        include_str!("../templates/admin/followers.html"),
    ),
    (
        "admin/terms.html",
        include_str!("../templates/admin/terms.html"),
    ),
    (
        "admin/subscribers.html",
        include_str!("../templates/admin/subscribers.html"),
    ),
    (
        "admin/profile.html",
        include_str!("../templates/admin/profile.html"),
    ),
    (
        "admin/message.html",
        include_str!("../templates/admin/message.html"),
    ),
    (
        "admin/indieauth.html",
        include_str!("../templates/admin/indieauth.html"),
    ),
    (
        "admin/posts.html",
        include_str!("../templates/admin/posts.html"),
    ),
    (
        "admin/editor.html",
        include_str!("../templates/admin/editor.html"),
    ),
    (
        "admin/revisions.html",
        include_str!("../templates/admin/revisions.html"),
    ),
    (
        "admin/media.html",
        include_str!("../templates/admin/media.html"),
    ),
    (
        "admin/comments.html",
        include_str!("../templates/admin/comments.html"),
    ),
    (
        "admin/pagination.html",
        include_str!("../templates/admin/pagination.html"),
    ),
    (
        "admin/comment_edit.html",
        include_str!("../templates/admin/comment_edit.html"),
    ),
];

/// The template environment.
#[derive(Debug)]
pub struct Templates {
    env: Environment<'static>,
}

fn translate(
    i18n: &I18n,
    state: &State,
    key: &str,
    kwargs: Kwargs,
) -> Result<String, minijinja::Error> {
    let lang = state
        .lookup("lang")
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_else(|| "en".to_owned());
    let mut args: Vec<(String, FluentValue<'static>)> = Vec::new();
    for name in kwargs.args() {
        let v: Value = kwargs.get(name)?;
        let fv = match v.as_i64() {
            Some(n) => FluentValue::from(n),
            None => FluentValue::from(v.to_string()),
        };
        args.push((name.to_owned(), fv));
    }
    let borrowed: Vec<(&str, FluentValue<'_>)> =
        args.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
    Ok(i18n.t(&lang, key, &borrowed))
}

/// minijinja's HTML escaping also escapes `/`, which turns every URL into
/// `http:&#x2f;&#x2f;…`: valid, but three times longer. Text content and
/// quoted attribute values only need `& < > " '` escaped.
fn html_formatter(
    out: &mut minijinja::Output,
    state: &mut State,
    value: &Value,
) -> Result<(), minijinja::Error> {
    if !matches!(state.auto_escape(), AutoEscape::Html)
        || value.is_safe()
        || value.as_str().is_none()
    {
        return minijinja::escape_formatter(out, state, value);
    }
    let text = value.as_str().unwrap_or_default();
    let write = |out: &mut minijinja::Output, s: &str| {
        out.write_str(s).map_err(|e| {
            minijinja::Error::new(minijinja::ErrorKind::WriteFailure, "cannot write").with_source(e)
        })
    };
    // Runs between the five characters are written as they are: no copy
    // of the text per value.
    let mut start = 0;
    for (i, byte) in text.bytes().enumerate() {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        // `i` is a character boundary: all five are ASCII.
        write(out, &text[start..i])?;
        write(out, entity)?;
        start = i + 1;
    }
    write(out, &text[start..])
}

impl Templates {
    /// Sets up the environment; `theme_dir` files win over built-ins.
    pub fn new(theme_dir: Option<PathBuf>, i18n: Arc<I18n>) -> Result<Self, WebError> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_auto_escape_callback(|_| AutoEscape::Html);
        env.set_loader(move |name| {
            if let Some(dir) = &theme_dir {
                // Only plain file names: a template name never walks out of the theme.
                if !name.contains(['/', '\\']) && !name.starts_with('.') {
                    let path = dir.join(name);
                    if path.is_file() {
                        return std::fs::read_to_string(&path).map(Some).map_err(|e| {
                            minijinja::Error::new(
                                minijinja::ErrorKind::InvalidOperation,
                                "cannot read theme file",
                            )
                            .with_source(e)
                        });
                    }
                }
            }
            Ok(BUILT_IN
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, src)| (*src).to_owned()))
        });
        env.set_formatter(html_formatter);
        env.add_function("t", move |state: &State, key: &str, kwargs: Kwargs| {
            translate(&i18n, state, key, kwargs)
        });
        let templates = Self { env };
        // Compile every template now so a broken override fails at start, not per request.
        for (name, _) in BUILT_IN {
            templates.env.get_template(name)?;
        }
        Ok(templates)
    }

    /// Renders a public page: `ctx` plus the site (`lang`, `site`) and,
    /// when given, the sidebar (`sidebar`, `sidebar_html`), each made into
    /// template values once per snapshot rather than once per page.
    pub fn render_page(
        &self,
        name: &str,
        site: &crate::state::Site,
        sidebar: Option<&crate::sidebar::Sidebar>,
        ctx: impl Serialize,
    ) -> Result<String, WebError> {
        let chrome = match sidebar {
            Some(s) => minijinja::context! {
                lang => site.settings.language.as_str(),
                site => site.view(),
                sidebar => s.value(),
                sidebar_html => s.html(),
            },
            None => minijinja::context! {
                lang => site.settings.language.as_str(),
                site => site.view(),
            },
        };
        Ok(self.env.get_template(name)?.render(
            minijinja::context! { ..chrome, ..Value::from(minijinja::value::Serde(ctx)) },
        )?)
    }

    /// Renders a template with a serialisable context.
    pub fn render(&self, name: &str, ctx: impl Serialize) -> Result<String, WebError> {
        Ok(self
            .env
            .get_template(name)?
            .render(minijinja::value::Serde(ctx))?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_but_not_slashes_when_rendering() {
        let i18n = Arc::new(I18n::load().unwrap());
        let mut t = Templates::new(None, i18n).unwrap();
        t.env
            .add_template_owned("x.html", "<a href=\"{{ u }}\">{{ s }}</a>{{ h | safe }}")
            .unwrap();
        let out = t
            .render("x.html", serde_json::json!({"u": "http://a/b?c=1&d=\"2\"", "s": "<b>'x'</b>", "h": "<i>ok</i>"}))
            .unwrap();
        assert_eq!(
            out,
            "<a href=\"http://a/b?c=1&amp;d=&quot;2&quot;\">&lt;b&gt;&#39;x&#39;&lt;/b&gt;</a><i>ok</i>"
        );
    }
}
