//! The navigation menu and the sidebar's widgets: who may arrange them
//! (whoever may change the site's settings), what a valid list is, and
//! saving a whole list at once, so a reader never sees half of an edit.
//! Both are part of every page, so a save is a [`Change::Site`].

use crate::message::texts;
use chrono::Utc;

use crate::actor::Actor;
use crate::change::Change;
use crate::model::{MenuItem, MenuKind, PostKind, Taxonomy, Widget, WidgetKind};
use crate::service::access::Capability;
use crate::{Core, Error, Result};

/// Most items a menu may have.
pub const MAX_MENU_ITEMS: usize = 50;
/// Most widgets a sidebar may have.
pub const MAX_WIDGETS: usize = 20;
/// Most links one links widget may have.
pub const MAX_LINKS: usize = 50;
/// Longest label or title, in characters.
pub const MAX_LABEL: usize = 100;
/// Longest address, in bytes.
pub const MAX_URL: usize = 2000;

/// The menu kind a form sent, or why it is none (`field` names it).
pub fn menu_kind(field: &str, value: &str) -> Result<MenuKind> {
    value
        .parse()
        .map_err(|()| Error::invalid(field, texts::MENU_KIND))
}

/// The widget kind a form sent, or why it is none (`field` names it).
pub fn widget_kind(field: &str, value: &str) -> Result<WidgetKind> {
    value
        .parse()
        .map_err(|()| Error::invalid(field, texts::WIDGET_KIND))
}

/// Replaces the whole menu. An invalid item (the error's field is
/// `items.N.FIELD`) and nothing is written.
pub async fn save_menu(core: &Core, actor: &Actor, items: &[MenuItem]) -> Result<()> {
    actor.require(Capability::ManageSettings)?;
    if items.len() > MAX_MENU_ITEMS {
        return Err(Error::invalid(
            "items",
            texts::MENU_MAX.with("max", MAX_MENU_ITEMS),
        ));
    }
    let store = core.read();
    let needs = |kind| items.iter().any(|i| i.kind == kind);
    let pages = if needs(MenuKind::Page) {
        store.public_pages(Utc::now()).await?
    } else {
        Vec::new()
    };
    let terms = if needs(MenuKind::Category) {
        store.terms().await?
    } else {
        Vec::new()
    };
    for (n, item) in items.iter().enumerate() {
        let field = |name: &str| format!("items.{n}.{name}");
        label(&field("label"), &item.label)?;
        match item.kind {
            MenuKind::Custom => url(&field("url"), &item.url)?,
            MenuKind::Page => {
                let found = item.target.is_some_and(|id| {
                    pages
                        .iter()
                        .any(|p| p.id.0 == id && p.kind == PostKind::Page)
                });
                if !found {
                    return Err(Error::invalid(field("target"), texts::NOT_A_PAGE));
                }
            }
            MenuKind::Category => {
                let found = item.target.is_some_and(|id| {
                    terms
                        .iter()
                        .any(|t| t.id.0 == id && t.taxonomy == Taxonomy::Category)
                });
                if !found {
                    return Err(Error::invalid(field("target"), texts::NOT_A_CATEGORY));
                }
            }
        }
        if let Some(parent) = item.parent {
            let top_level = parent != n && items.get(parent).is_some_and(|p| p.parent.is_none());
            if !top_level {
                return Err(Error::invalid(field("parent"), texts::MENU_NEST));
            }
        }
    }
    core.store().put_menu(items).await?;
    core.publish(&[Change::Site]).await;
    Ok(())
}

/// Replaces every widget. An invalid widget (the error's field is
/// `widgets.N.FIELD`) and nothing is written.
pub async fn save_widgets(core: &Core, actor: &Actor, widgets: &[Widget]) -> Result<()> {
    actor.require(Capability::ManageSettings)?;
    if widgets.len() > MAX_WIDGETS {
        return Err(Error::invalid(
            "widgets",
            texts::WIDGETS_MAX.with("max", MAX_WIDGETS),
        ));
    }
    for (n, w) in widgets.iter().enumerate() {
        let field = |name: &str| format!("widgets.{n}.{name}");
        label(&field("title"), &w.title)?;
        match w.kind.count_range() {
            Some((min, max, _)) if w.count != 0 && !(min..=max).contains(&w.count) => {
                return Err(Error::invalid(
                    field("count"),
                    texts::BETWEEN.with("min", min).with("max", max),
                ));
            }
            None if w.count != 0 => {
                return Err(Error::invalid(field("count"), texts::NOT_AN_OPTION));
            }
            _ => {}
        }
        if w.kind != WidgetKind::Links && !w.links.is_empty() {
            return Err(Error::invalid(field("links"), texts::LINKS_ONLY));
        }
        if w.links.len() > MAX_LINKS {
            return Err(Error::invalid(
                field("links"),
                texts::LINKS_MAX.with("max", MAX_LINKS),
            ));
        }
        for link in &w.links {
            url(&field("links"), &link.url)?;
            label(&field("links"), &link.label)?;
        }
    }
    core.store().put_widgets(widgets).await?;
    core.publish(&[Change::Site]).await;
    Ok(())
}

fn label(field: &str, text: &str) -> Result<()> {
    if text.chars().count() > MAX_LABEL {
        return Err(Error::invalid(
            field,
            texts::LONGER_THAN.with("max", MAX_LABEL),
        ));
    }
    if text.chars().any(char::is_control) {
        return Err(Error::invalid(field, texts::CONTROL_CHARS));
    }
    Ok(())
}

/// Only absolute http(s) addresses: a `javascript:` or `data:` link in the
/// navigation would run in every reader's browser.
fn url(field: &str, text: &str) -> Result<()> {
    if text.len() > MAX_URL {
        return Err(Error::invalid(
            field,
            texts::LONGER_THAN.with("max", MAX_URL),
        ));
    }
    match url::Url::parse(text) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => Ok(()),
        _ => Err(Error::invalid(field, texts::HTTP_ADDRESS)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_scripts_when_checking_addresses() {
        assert!(url("u", "https://example.org/a?b").is_ok());
        assert!(url("u", "javascript:alert(1)").is_err());
        assert!(url("u", "data:text/html,x").is_err());
        assert!(url("u", "/relative").is_err());
        assert!(url("u", &format!("https://e.org/{}", "a".repeat(MAX_URL))).is_err());
        assert!(label("l", &"ä".repeat(MAX_LABEL)).is_ok());
        assert!(label("l", &"ä".repeat(MAX_LABEL + 1)).is_err());
        assert!(label("l", "a\u{0}b").is_err());
    }
}
