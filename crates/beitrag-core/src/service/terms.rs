//! Managing tags and categories: renaming, re-parenting and merging, for
//! the API and (later) the admin.
//!
//! A term's slug follows its name. Posts name their terms, and saving a
//! post finds each term by the slug of that name (`find_or_create` in
//! `beitrag-store`), so a slug of its own would split the term in two the
//! next time a tagged post is saved. Renaming therefore changes the slug.
//!
//! Every change that moves a public URL — the term's archive, the archives
//! of its sub-categories, and posts whose permalink pattern holds
//! `%category%` — records a `301` redirect in the same transaction as the
//! change itself.

use crate::message::texts;
use beitrag_markdown::slugify;
use chrono::Utc;

use crate::actor::Actor;
use crate::change::Change;
use crate::model::{PostKind, Taxonomy, Term, TermId};
use crate::service::access::Capability;
use crate::service::links::Directory;
use crate::store::Reads;
use crate::{Core, Error, Result, StoreError};

/// Longest term name: the bound posts' tag and category names have.
const MAX_NAME: usize = 100;

/// Changes to a term; `None` keeps the current value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TermPatch {
    /// New name; the slug follows it.
    pub name: Option<String>,
    /// Expected slug. Accepted only when it is the slug of the (new) name,
    /// so a client that sends both learns when they disagree.
    pub slug: Option<String>,
    /// New parent category; `Some(None)` makes a top-level category.
    pub parent: Option<Option<TermId>>,
}

/// Creates a tag or category before any post has it (clients such as
/// MarsEdit do). Errors: `Forbidden` without [`Capability::ManageTerms`],
/// `Invalid` (`name`, `parent_id`), `SlugTaken` when the taxonomy has a term
/// of that name's slug.
pub async fn create(
    core: &Core,
    actor: &Actor,
    taxonomy: Taxonomy,
    name: &str,
    parent: Option<TermId>,
) -> Result<Term> {
    actor.require(Capability::ManageTerms)?;
    let name = name.trim();
    let slug = slugify(name);
    if slug.is_empty() || name.chars().count() > MAX_NAME || name.chars().any(char::is_control) {
        return Err(Error::invalid(
            "name",
            texts::TERM_NAME_RESERVED.with("name", name),
        ));
    }
    if let Some(p) = parent {
        let ok = core
            .read()
            .terms()
            .await?
            .iter()
            .any(|t| t.id == p && t.taxonomy == Taxonomy::Category);
        if taxonomy != Taxonomy::Category || !ok {
            return Err(Error::invalid("parent_id", texts::NOT_A_CATEGORY));
        }
    }
    let mut term = Term {
        id: TermId(0),
        taxonomy,
        slug: slug.clone(),
        name: name.to_owned(),
        parent,
    };
    term.id = core.store().create_term(&term).await.map_err(|e| match e {
        StoreError::Conflict { .. } => Error::SlugTaken(slug),
        other => other.into(),
    })?;
    core.publish(&[Change::Site]).await;
    Ok(term)
}

/// Renames or re-parents a term of `taxonomy`. Errors: `Forbidden` without
/// [`Capability::ManageTerms`], `NotFound`, `Invalid` (`name`, `slug`,
/// `parent_id`), `SlugTaken` when another term already has the new slug
/// (merge them instead).
pub async fn update(
    core: &Core,
    actor: &Actor,
    taxonomy: Taxonomy,
    id: TermId,
    patch: TermPatch,
) -> Result<Term> {
    let store = core.store();
    actor.require(Capability::ManageTerms)?;
    let before = store.terms().await?;
    let current = find(&before, taxonomy, id).ok_or(Error::NotFound)?.clone();
    let mut changed = current.clone();
    if let Some(name) = &patch.name {
        changed.name = checked_name(taxonomy, name)?;
        changed.slug = slugify(&changed.name);
    }
    if let Some(slug) = &patch.slug {
        let expected = slugify(&changed.name);
        if slug.trim() != expected {
            return Err(Error::invalid(
                "slug",
                texts::SLUG_FOLLOWS_NAME.with("expected", expected),
            ));
        }
    }
    if let Some(parent) = patch.parent {
        changed.parent = checked_parent(&before, &current, parent)?;
    }
    if changed == current {
        return Ok(current);
    }
    let after: Vec<Term> = before
        .iter()
        .map(|t| {
            if t.id == id {
                changed.clone()
            } else {
                t.clone()
            }
        })
        .collect();
    let redirects = moved_paths(core.read(), &before, &after, None).await?;
    store
        .update_term(&changed, &redirects)
        .await
        .map_err(|e| match e {
            StoreError::Conflict { .. } => Error::SlugTaken(changed.slug.clone()),
            StoreError::NotFound => Error::NotFound,
            other => other.into(),
        })?;
    core.publish(&[Change::Site]).await;
    Ok(changed)
}

/// Merges the term `from` into `into` (both of `taxonomy`): its posts get
/// `into`, its sub-categories move under `into`, and it is deleted, all in
/// one transaction. Returns `into` and how many posts gained it. Errors:
/// `Forbidden`, `NotFound` (no `from`), `Invalid` (`into`: missing, the
/// same term, or a sub-category of `from`, which would make a cycle).
pub async fn merge(
    core: &Core,
    actor: &Actor,
    taxonomy: Taxonomy,
    from: TermId,
    into: TermId,
) -> Result<(Term, u64)> {
    let store = core.store();
    actor.require(Capability::ManageTerms)?;
    let before = store.terms().await?;
    find(&before, taxonomy, from).ok_or(Error::NotFound)?;
    if from == into {
        return Err(Error::invalid("into", texts::MERGE_SELF));
    }
    let target = find(&before, taxonomy, into)
        .ok_or_else(|| {
            Error::invalid(
                "into",
                texts::NO_TERM
                    .with("taxonomy", taxonomy.as_str())
                    .with("id", into.0),
            )
        })?
        .clone();
    if taxonomy == Taxonomy::Category
        && Directory::new(before.clone(), &[])
            .with_descendants(from)
            .contains(&into)
    {
        return Err(Error::invalid("into", texts::MERGE_INTO_CHILD));
    }
    let after: Vec<Term> = before
        .iter()
        .filter(|t| t.id != from)
        .map(|t| {
            let mut t = t.clone();
            if t.parent == Some(from) {
                t.parent = Some(into);
            }
            t
        })
        .collect();
    let redirects = moved_paths(core.read(), &before, &after, Some((from, into))).await?;
    let moved = store
        .merge_terms(from, into, &redirects)
        .await
        .map_err(|e| match e {
            StoreError::NotFound => Error::NotFound,
            other => other.into(),
        })?;
    core.publish(&[Change::Site]).await;
    Ok((target, moved))
}

fn find(terms: &[Term], taxonomy: Taxonomy, id: TermId) -> Option<&Term> {
    terms.iter().find(|t| t.id == id && t.taxonomy == taxonomy)
}

/// A trimmed name that posts can use: 1–100 characters, no control
/// characters, a non-empty slug, and no `/` in categories (posts write a
/// category as its path of names, `Social Media/Strategie`).
fn checked_name(taxonomy: Taxonomy, name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME {
        return Err(Error::invalid("name", texts::LENGTH.with("max", MAX_NAME)));
    }
    if name.chars().any(char::is_control) {
        return Err(Error::invalid("name", texts::CONTROL_CHARS));
    }
    if slugify(name).is_empty() {
        return Err(Error::invalid("name", texts::NAME_NEEDS_LETTER));
    }
    if taxonomy == Taxonomy::Category && name.contains('/') {
        return Err(Error::invalid("name", texts::CATEGORY_SLASH));
    }
    Ok(name.to_owned())
}

/// The new parent of `term`, refusing tags, unknown categories and cycles.
fn checked_parent(terms: &[Term], term: &Term, parent: Option<TermId>) -> Result<Option<TermId>> {
    let Some(parent) = parent else {
        return Ok(None);
    };
    if term.taxonomy == Taxonomy::Tag {
        return Err(Error::invalid("parent_id", texts::TAGS_NO_PARENT));
    }
    if find(terms, Taxonomy::Category, parent).is_none() {
        return Err(Error::invalid(
            "parent_id",
            texts::NO_CATEGORY.with("id", parent.0),
        ));
    }
    if Directory::new(terms.to_vec(), &[])
        .with_descendants(term.id)
        .contains(&parent)
    {
        return Err(Error::invalid("parent_id", texts::MOVE_UNDER_ITSELF));
    }
    Ok(Some(parent))
}

/// Old path → new path of every public URL that moves when the terms go
/// from `before` to `after`; `merged` is `(from, into)` for a merge, whose
/// archive then leads to the target's.
async fn moved_paths(
    store: &dyn Reads,
    before: &[Term],
    after: &[Term],
    merged: Option<(TermId, TermId)>,
) -> Result<Vec<(String, String)>> {
    let users = store.users().await?;
    let old = Directory::new(before.to_vec(), &users);
    let new = Directory::new(after.to_vec(), &users);
    let mut redirects = Vec::new();
    for term in before {
        let now_at = match (new.term(term.id), merged) {
            (Some(t), _) => t,
            (None, Some((from, into))) if from == term.id => match new.term(into) {
                Some(t) => t,
                None => continue,
            },
            (None, _) => continue,
        };
        let (from, to) = (old.term_path(term), new.term_path(now_at));
        if from != to {
            redirects.push((from, to));
        }
    }
    let settings = super::settings::load(store).await?;
    if !settings.permalink.as_str().contains("%category%") {
        return Ok(redirects);
    }
    // Post URLs name their primary (lowest-id) category's path.
    let now = Utc::now();
    for p in store.all_posts().await? {
        if p.post.kind != PostKind::Post || !p.post.is_public_at(now) {
            continue;
        }
        let mut moved = p.post.clone();
        if let Some((from, into)) = merged {
            let categories = p
                .terms
                .iter()
                .filter(|t| t.taxonomy == Taxonomy::Category)
                .map(|t| if t.id == from { into } else { t.id });
            moved.primary_category = categories.min();
        }
        let (from, to) = (
            old.post_path(&settings, &p.post),
            new.post_path(&settings, &moved),
        );
        if from != to {
            redirects.push((from, to));
        }
    }
    Ok(redirects)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(id: i64, taxonomy: Taxonomy, name: &str, parent: Option<i64>) -> Term {
        Term {
            id: TermId(id),
            taxonomy,
            slug: slugify(name),
            name: name.into(),
            parent: parent.map(TermId),
        }
    }

    #[test]
    fn rejects_names_when_posts_could_not_use_them() {
        assert_eq!(checked_name(Taxonomy::Tag, "  Rust ").unwrap(), "Rust");
        assert_eq!(checked_name(Taxonomy::Tag, "A/B").unwrap(), "A/B");
        for bad in ["", "   ", "???", "a\u{0}b", &"x".repeat(101)] {
            assert!(checked_name(Taxonomy::Tag, bad).is_err(), "{bad:?}");
        }
        assert!(checked_name(Taxonomy::Category, "A/B").is_err());
    }

    #[test]
    fn refuses_parents_when_they_would_make_a_cycle() {
        let terms = vec![
            term(1, Taxonomy::Category, "A", None),
            term(2, Taxonomy::Category, "B", Some(1)),
            term(3, Taxonomy::Category, "C", Some(2)),
            term(4, Taxonomy::Tag, "T", None),
        ];
        let a = &terms[0];
        assert!(checked_parent(&terms, a, Some(TermId(1))).is_err());
        assert!(checked_parent(&terms, a, Some(TermId(3))).is_err());
        assert!(checked_parent(&terms, a, Some(TermId(4))).is_err(), "a tag");
        assert!(
            checked_parent(&terms, a, Some(TermId(9))).is_err(),
            "missing"
        );
        assert_eq!(
            checked_parent(&terms, &terms[2], Some(TermId(1))).unwrap(),
            Some(TermId(1))
        );
        assert_eq!(checked_parent(&terms, &terms[2], None).unwrap(), None);
        assert!(checked_parent(&terms, &terms[3], Some(TermId(1))).is_err());
    }
}
