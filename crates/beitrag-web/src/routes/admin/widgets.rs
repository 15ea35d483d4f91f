//! `/admin/widgets`: the sidebar as one form — each widget with its title,
//! its "how many" where it has one, the links widget's blogroll (one link
//! per line); added, moved, removed and saved as a whole list through the
//! theme service.

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use beitrag_core::message::texts;
use beitrag_core::model::{Widget, WidgetKind, WidgetLink};
use beitrag_core::service::theme;
use serde::Serialize;

use super::design::{Action, Refused, denied, neighbour};
use super::form::Fields;
use super::render;
use crate::auth::AdminSession;
use crate::error::WebError;
use crate::state::AppState;

/// Rows read from one form at most (see the menu's).
const MAX_ROWS: usize = theme::MAX_WIDGETS + 1;

#[derive(Debug, Serialize)]
struct Row {
    n: usize,
    kind: &'static str,
    title: String,
    /// The "how many" option, when the kind has one: value, min, max, default.
    count: Option<(i64, i64, i64, i64)>,
    /// The blogroll, one link per line (links widget only).
    links: Option<String>,
    first: bool,
    last: bool,
    error: Option<String>,
}

#[derive(Debug, Default, Serialize)]
struct Page {
    rows: Vec<Row>,
    kinds: Vec<&'static str>,
    notice: Option<&'static str>,
    error: Option<String>,
}

fn page(widgets: &[Widget], refused: Option<&Refused>) -> Page {
    let len = widgets.len();
    Page {
        rows: widgets
            .iter()
            .enumerate()
            .map(|(n, w)| Row {
                n,
                kind: w.kind.as_str(),
                title: w.title.clone(),
                count: w
                    .kind
                    .count_range()
                    .map(|(min, max, default)| (w.count, min, max, default)),
                links: (w.kind == WidgetKind::Links).then(|| WidgetLink::lines(&w.links)),
                first: n == 0,
                last: n + 1 == len,
                error: refused
                    .filter(|r| r.row == Some(n))
                    .map(|r| r.field.clone()),
            })
            .collect(),
        kinds: WidgetKind::ALL.iter().map(|k| k.as_str()).collect(),
        ..Page::default()
    }
}

/// `GET /admin/widgets`
pub(crate) async fn show(
    State(state): State<AppState>,
    me: AdminSession,
    RawQuery(query): RawQuery,
) -> Result<Response, WebError> {
    if let Some(denied) = denied(&state, &me, "widgets").await? {
        return Ok(denied);
    }
    let site = state.site().await?;
    let mut p = page(&site.widgets, None);
    if Fields::query(query.as_deref()).has("saved") {
        p.notice = Some("admin-design-saved");
    }
    render(&state, &me, StatusCode::OK, "widgets.html", "widgets", p).await
}

/// The widgets as sent; a value no form of ours sends is an error naming it.
fn rows(f: &Fields) -> Result<Vec<Widget>, beitrag_core::Error> {
    let mut widgets = Vec::new();
    for n in 0..MAX_ROWS {
        let Some(kind) = f.get(&format!("kind-{n}")) else {
            break;
        };
        let field = |name: &str| format!("widgets.{n}.{name}");
        let kind = theme::widget_kind(&field("kind"), kind)?;
        let count = match f.non_empty(&format!("count-{n}")) {
            None => 0,
            Some(v) => v
                .parse()
                .map_err(|_| beitrag_core::Error::invalid(field("count"), texts::NOT_A_NUMBER))?,
        };
        widgets.push(Widget {
            kind,
            title: f.text(&format!("title-{n}")).trim().to_owned(),
            count,
            links: WidgetLink::parse_lines(&f.text(&format!("links-{n}"))),
        });
    }
    if f.has(&format!("kind-{MAX_ROWS}")) {
        return Err(beitrag_core::Error::invalid(
            "widgets",
            texts::TOO_MANY_WIDGETS,
        ));
    }
    Ok(widgets)
}

fn apply(
    mut widgets: Vec<Widget>,
    action: Action,
    f: &Fields,
) -> Result<Vec<Widget>, beitrag_core::Error> {
    let len = widgets.len();
    match action {
        Action::Save => {}
        Action::Add => {
            let kind = theme::widget_kind(
                &format!("widgets.{len}.kind"),
                f.get("new-kind").unwrap_or_default(),
            )?;
            widgets.push(Widget {
                kind,
                title: String::new(),
                count: 0,
                links: Vec::new(),
            });
        }
        Action::Up(n) | Action::Down(n) if n < len => {
            if let Some(j) = neighbour(len, n, matches!(action, Action::Up(_)), |_| true) {
                widgets.swap(n, j);
            }
        }
        Action::Remove(n) if n < len => {
            widgets.remove(n);
        }
        Action::Up(_) | Action::Down(_) | Action::Remove(_) => {}
    }
    Ok(widgets)
}

/// `POST /admin/widgets`
pub(crate) async fn save(
    State(state): State<AppState>,
    me: AdminSession,
    body: Bytes,
) -> Result<Response, WebError> {
    let f = Fields::parse(&body);
    f.check_csrf(&me)?;
    if let Some(denied) = denied(&state, &me, "widgets").await? {
        return Ok(denied);
    }
    let action = Action::parse(f.get("action"))?;
    let (shown, error) = match rows(&f) {
        Ok(widgets) => match apply(widgets.clone(), action, &f) {
            Ok(applied) => match theme::save_widgets(state.core(), &me.actor(), &applied).await {
                Ok(()) => return Ok(Redirect::to("/admin/widgets?saved=1").into_response()),
                Err(e) => (applied, e),
            },
            Err(e) => (widgets, e),
        },
        Err(e) => (Vec::new(), e),
    };
    let beitrag_core::Error::Invalid { field, .. } = &error else {
        return Err(error.into());
    };
    let site = state.site().await?;
    let refused = Refused::of(field);
    let mut p = page(&shown, Some(&refused));
    p.error = Some(refused.text(&state, &me, &site));
    render(
        &state,
        &me,
        StatusCode::UNPROCESSABLE_ENTITY,
        "widgets.html",
        "widgets",
        p,
    )
    .await
}
