//! `/admin/menu`: the navigation menu as one form — pages, categories and
//! custom links, each with its label and an optional parent (one level),
//! moved up and down among its siblings or removed; saved as a whole list
//! through the theme service.

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use beitrag_core::message::texts;
use beitrag_core::model::{MenuItem, MenuKind, Taxonomy};
use beitrag_core::service::theme;
use serde::Serialize;

use super::design::{Action, Refused, denied, neighbour};
use super::form::Fields;
use super::render;
use crate::auth::AdminSession;
use crate::error::WebError;
use crate::state::{AppState, Site};

/// Rows read from one form at most: past the service's limit it refuses
/// the list anyway, and a forged form must not make us read forever.
const MAX_ROWS: usize = theme::MAX_MENU_ITEMS + 1;

#[derive(Debug, Serialize)]
struct Row {
    n: usize,
    kind: &'static str,
    target: Option<i64>,
    /// The page's title, the category's path, or empty for custom links.
    target_name: String,
    url: String,
    label: String,
    parent: Option<usize>,
    /// Top-level items it may be nested under.
    parents: Vec<Choice>,
    first: bool,
    last: bool,
    /// The field refused, when the error names this row.
    error: Option<String>,
}

#[derive(Debug, Serialize)]
struct Choice {
    value: String,
    label: String,
}

#[derive(Debug, Default, Serialize)]
struct Page {
    rows: Vec<Row>,
    pages: Vec<Choice>,
    categories: Vec<Choice>,
    notice: Option<&'static str>,
    error: Option<String>,
    new_url: String,
    new_label: String,
}

fn name_of(site: &Site, item: &MenuItem) -> String {
    let id = item.target.unwrap_or_default();
    match item.kind {
        MenuKind::Page => site
            .pages
            .iter()
            .find(|p| p.id.0 == id)
            .map(|p| p.title.clone())
            .unwrap_or_default(),
        MenuKind::Category => site
            .directory
            .category_names(beitrag_core::model::TermId(id)),
        MenuKind::Custom => String::new(),
    }
}

fn page(site: &Site, items: &[MenuItem], refused: Option<&Refused>) -> Page {
    let title = |item: &MenuItem| {
        if item.label.is_empty() {
            match item.kind {
                MenuKind::Custom => item.url.clone(),
                _ => name_of(site, item),
            }
        } else {
            item.label.clone()
        }
    };
    let rows = items
        .iter()
        .enumerate()
        .map(|(n, item)| Row {
            n,
            kind: item.kind.as_str(),
            target: item.target,
            target_name: name_of(site, item),
            url: item.url.clone(),
            label: item.label.clone(),
            parent: item.parent,
            parents: items
                .iter()
                .enumerate()
                .filter(|(j, p)| *j != n && p.parent.is_none())
                .map(|(j, p)| Choice {
                    value: j.to_string(),
                    label: title(p),
                })
                .collect(),
            first: neighbour(items.len(), n, true, |j| items[j].parent == item.parent).is_none(),
            last: neighbour(items.len(), n, false, |j| items[j].parent == item.parent).is_none(),
            error: refused
                .filter(|r| r.row == Some(n))
                .map(|r| r.field.clone()),
        })
        .collect();
    let mut categories: Vec<Choice> = site
        .directory
        .terms()
        .iter()
        .filter(|t| t.taxonomy == Taxonomy::Category)
        .map(|t| Choice {
            value: format!("category:{}", t.id.0),
            label: site.directory.category_names(t.id),
        })
        .collect();
    categories.sort_by(|a, b| a.label.cmp(&b.label));
    Page {
        rows,
        pages: site
            .pages
            .iter()
            .map(|p| Choice {
                value: format!("page:{}", p.id.0),
                label: p.title.clone(),
            })
            .collect(),
        categories,
        ..Page::default()
    }
}

/// `GET /admin/menu`
pub(crate) async fn show(
    State(state): State<AppState>,
    me: AdminSession,
    RawQuery(query): RawQuery,
) -> Result<Response, WebError> {
    if let Some(denied) = denied(&state, &me, "menu").await? {
        return Ok(denied);
    }
    let site = state.site().await?;
    let mut p = page(&site, &site.menu, None);
    if Fields::query(query.as_deref()).has("saved") {
        p.notice = Some("admin-design-saved");
    }
    render(&state, &me, StatusCode::OK, "menu.html", "menu", p).await
}

/// The rows as sent; a value no form of ours sends is an error naming it.
fn rows(f: &Fields) -> Result<Vec<MenuItem>, beitrag_core::Error> {
    let mut items = Vec::new();
    for n in 0..MAX_ROWS {
        let Some(kind) = f.get(&format!("kind-{n}")) else {
            break;
        };
        let field = |name: &str| format!("items.{n}.{name}");
        let kind = theme::menu_kind(&field("kind"), kind)?;
        let number = |name: &str| -> Result<Option<i64>, beitrag_core::Error> {
            match f.non_empty(&format!("{name}-{n}")) {
                None => Ok(None),
                Some(v) => v
                    .parse()
                    .map(Some)
                    .map_err(|_| beitrag_core::Error::invalid(field(name), texts::NOT_A_NUMBER)),
            }
        };
        let parent = number("parent")?
            .map(|p| {
                usize::try_from(p)
                    .map_err(|_| beitrag_core::Error::invalid(field("parent"), texts::NOT_AN_ITEM))
            })
            .transpose()?;
        items.push(MenuItem {
            parent,
            kind,
            target: number("target")?,
            url: f.text(&format!("url-{n}")).trim().to_owned(),
            label: f.text(&format!("label-{n}")).trim().to_owned(),
        });
    }
    if f.has(&format!("kind-{MAX_ROWS}")) {
        return Err(beitrag_core::Error::invalid("items", texts::TOO_MANY_ITEMS));
    }
    Ok(items)
}

/// The entry the `new-…` fields describe.
fn new_item(f: &Fields, n: usize) -> Result<MenuItem, beitrag_core::Error> {
    let field = format!("items.{n}.target");
    let target = f.get("new-target").unwrap_or_default();
    let (kind, id) = match target.split_once(':') {
        Some((kind, id)) => (
            theme::menu_kind(&format!("items.{n}.kind"), kind)?,
            Some(
                id.parse::<i64>()
                    .map_err(|_| beitrag_core::Error::invalid(&field, texts::NOT_A_NUMBER))?,
            ),
        ),
        None => (theme::menu_kind(&format!("items.{n}.kind"), target)?, None),
    };
    Ok(MenuItem {
        parent: None,
        kind,
        target: id,
        url: f.text("new-url").trim().to_owned(),
        label: f.text("new-label").trim().to_owned(),
    })
}

/// Applies the action, then puts every top-level item before its
/// children, as the menu shows them.
fn apply(
    mut items: Vec<MenuItem>,
    action: Action,
    f: &Fields,
) -> Result<Vec<MenuItem>, beitrag_core::Error> {
    let len = items.len();
    match action {
        Action::Save => {}
        Action::Add => {
            let item = new_item(f, len)?;
            items.push(item);
        }
        Action::Up(n) | Action::Down(n) if n < len => {
            let up = matches!(action, Action::Up(_));
            let parent = items[n].parent;
            if let Some(j) = neighbour(len, n, up, |j| items[j].parent == parent) {
                items.swap(n, j);
                for item in &mut items {
                    item.parent = item.parent.map(|p| match p {
                        p if p == n => j,
                        p if p == j => n,
                        p => p,
                    });
                }
            }
        }
        Action::Remove(n) if n < len => {
            items.remove(n);
            // Its children move up a level, as in WordPress.
            for item in &mut items {
                item.parent = match item.parent {
                    Some(p) if p == n => None,
                    Some(p) if p > n => Some(p - 1),
                    other => other,
                };
            }
        }
        Action::Up(_) | Action::Down(_) | Action::Remove(_) => {}
    }
    Ok(tree_order(items))
}

/// Top-level items in order, each followed by its children; references
/// that point nowhere are left for the service to refuse.
fn tree_order(items: Vec<MenuItem>) -> Vec<MenuItem> {
    let valid =
        |p: Option<usize>| p.is_some_and(|p| items.get(p).is_some_and(|i| i.parent.is_none()));
    let mut order: Vec<usize> = Vec::with_capacity(items.len());
    for (n, item) in items.iter().enumerate() {
        if item.parent.is_none() || !valid(item.parent) {
            order.push(n);
            if item.parent.is_none() {
                order.extend((0..items.len()).filter(|&c| items[c].parent == Some(n) && c != n));
            }
        }
    }
    let mut new_index = vec![0; items.len()];
    for (new, old) in order.iter().enumerate() {
        new_index[*old] = new;
    }
    let remapped = |p: Option<usize>| match p {
        Some(p) if valid(Some(p)) => Some(new_index[p]),
        other => other,
    };
    order
        .iter()
        .map(|&old| {
            let mut item = items[old].clone();
            item.parent = remapped(item.parent);
            item
        })
        .collect()
}

/// `POST /admin/menu`
pub(crate) async fn save(
    State(state): State<AppState>,
    me: AdminSession,
    body: Bytes,
) -> Result<Response, WebError> {
    let f = Fields::parse(&body);
    f.check_csrf(&me)?;
    if let Some(denied) = denied(&state, &me, "menu").await? {
        return Ok(denied);
    }
    let action = Action::parse(f.get("action"))?;
    let items = rows(&f);
    let result = match items {
        Ok(items) => match apply(items.clone(), action, &f) {
            Ok(applied) => match theme::save_menu(state.core(), &me.actor(), &applied).await {
                Ok(()) => return Ok(Redirect::to("/admin/menu?saved=1").into_response()),
                Err(e) => (applied, e),
            },
            Err(e) => (items, e),
        },
        Err(e) => (Vec::new(), e),
    };
    let (shown, error) = result;
    let beitrag_core::Error::Invalid { field, .. } = &error else {
        return Err(error.into());
    };
    let site = state.site().await?;
    let refused = Refused::of(field);
    let mut p = page(&site, &shown, Some(&refused));
    p.error = Some(refused.text(&state, &me, &site));
    if action == Action::Add {
        p.new_url = f.text("new-url");
        p.new_label = f.text("new-label");
    }
    render(
        &state,
        &me,
        StatusCode::UNPROCESSABLE_ENTITY,
        "menu.html",
        "menu",
        p,
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(parent: Option<usize>, label: &str) -> MenuItem {
        MenuItem {
            parent,
            kind: MenuKind::Custom,
            target: None,
            url: "https://e.org/".into(),
            label: label.into(),
        }
    }

    fn labels(items: &[MenuItem]) -> Vec<(String, Option<usize>)> {
        items.iter().map(|i| (i.label.clone(), i.parent)).collect()
    }

    #[test]
    fn moves_children_with_their_parent_when_reordering() {
        let items = vec![item(None, "a"), item(Some(0), "a1"), item(None, "b")];
        let moved = apply(items.clone(), Action::Up(2), &Fields::default()).unwrap();
        assert_eq!(
            labels(&moved),
            vec![
                ("b".into(), None),
                ("a".into(), None),
                ("a1".into(), Some(1))
            ]
        );
        let removed = apply(items, Action::Remove(0), &Fields::default()).unwrap();
        assert_eq!(
            labels(&removed),
            vec![("a1".into(), None), ("b".into(), None)]
        );
    }
}
