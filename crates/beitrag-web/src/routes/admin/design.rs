//! What the two "Design" pages (menu, widgets) share: every button of the
//! one form sends the whole list, so typed edits survive an "up" or a
//! "remove"; the action names what to do with it before it is saved.
//! Errors of the theme service (`items.N.FIELD`, `widgets.N.FIELD`) become
//! a message in the viewer's language that names the entry.

use axum::response::Response;
use beitrag_core::service::access::Capability;
use fluent_bundle::FluentValue;

use super::tr;
use crate::auth::AdminSession;
use crate::error::WebError;
use crate::state::AppState;

/// What a submission asks for besides saving the list as sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Action {
    /// Save as it is.
    Save,
    /// Append the entry described by the `new-…` fields.
    Add,
    /// Move entry N before its previous sibling.
    Up(usize),
    /// Move entry N after its next sibling.
    Down(usize),
    /// Remove entry N.
    Remove(usize),
}

impl Action {
    /// The `action` button's value; anything else is a forged form.
    pub(crate) fn parse(value: Option<&str>) -> Result<Self, WebError> {
        let bad = || WebError::BadRequest("unknown action".into());
        let value = value.unwrap_or("save");
        let at = |rest: &str| rest.parse::<usize>().map_err(|_| bad());
        Ok(match value.split_once('-') {
            None if value == "save" => Self::Save,
            None if value == "add" => Self::Add,
            Some(("up", n)) => Self::Up(at(n)?),
            Some(("down", n)) => Self::Down(at(n)?),
            Some(("remove", n)) => Self::Remove(at(n)?),
            _ => return Err(bad()),
        })
    }
}

/// Where entry `n` goes when moved up or down among the entries `sibling`
/// calls its siblings: the index of the nearest one before or after it.
pub(crate) fn neighbour(
    len: usize,
    n: usize,
    up: bool,
    sibling: impl Fn(usize) -> bool,
) -> Option<usize> {
    if up {
        (0..n.min(len)).rev().find(|&j| sibling(j))
    } else {
        (n + 1..len).find(|&j| sibling(j))
    }
}

/// The 403 page of both, unless the viewer may change the site's design
/// (the settings' capability, which the service checks again).
pub(crate) async fn denied(
    state: &AppState,
    me: &AdminSession,
    section: &str,
) -> Result<Option<Response>, WebError> {
    super::require(
        state,
        me,
        Capability::ManageSettings,
        section,
        "admin-design-forbidden",
    )
    .await
}

/// A refused entry: its position (when the error names one) and the field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Refused {
    /// The entry, from 0.
    pub(crate) row: Option<usize>,
    /// `label`, `url`, `target`, `parent`, `kind`, `title`, `count`,
    /// `links`; or the list's own name when it is too long.
    pub(crate) field: String,
}

impl Refused {
    /// Reads the service's field name (`items.3.url`).
    pub(crate) fn of(field: &str) -> Self {
        let mut parts = field.splitn(3, '.');
        let list = parts.next().unwrap_or_default();
        match (parts.next().and_then(|n| n.parse().ok()), parts.next()) {
            (Some(row), Some(name)) => Self {
                row: Some(row),
                field: name.to_owned(),
            },
            _ => Self {
                row: None,
                field: list.to_owned(),
            },
        }
    }

    /// The message for the viewer: which entry, and what is wrong with it.
    pub(crate) fn text(
        &self,
        state: &AppState,
        me: &AdminSession,
        site: &crate::state::Site,
    ) -> String {
        let known = [
            "label", "url", "target", "parent", "kind", "title", "count", "links", "items",
            "widgets",
        ];
        let field = if known.contains(&self.field.as_str()) {
            self.field.as_str()
        } else {
            "other"
        };
        let what = tr(state, me, site, &format!("admin-design-error-{field}"), &[]);
        match self.row {
            Some(n) => tr(
                state,
                me,
                site,
                "admin-design-error-entry",
                &[
                    ("n", FluentValue::from(n as i64 + 1)),
                    ("error", FluentValue::from(what)),
                ],
            ),
            None => what,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_buttons_and_fields_when_parsing() {
        assert_eq!(Action::parse(None).unwrap(), Action::Save);
        assert_eq!(Action::parse(Some("up-3")).unwrap(), Action::Up(3));
        assert_eq!(Action::parse(Some("remove-0")).unwrap(), Action::Remove(0));
        assert!(Action::parse(Some("up-x")).is_err());
        assert!(Action::parse(Some("explode")).is_err());
        assert_eq!(
            Refused::of("items.2.url"),
            Refused {
                row: Some(2),
                field: "url".into()
            }
        );
        assert_eq!(Refused::of("items").row, None);
        assert_eq!(neighbour(5, 3, true, |j| j % 2 == 1), Some(1));
        assert_eq!(neighbour(5, 1, false, |j| j % 2 == 1), Some(3));
        assert_eq!(neighbour(5, 0, true, |_| true), None);
    }
}
