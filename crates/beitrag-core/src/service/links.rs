//! URLs of posts, pages and archives, derived from settings and an in-memory
//! directory of terms and authors (so building a link costs no query).

use std::collections::HashMap;

use crate::Settings;
use crate::model::{Post, PostKind, Taxonomy, Term, TermId, User, UserId};
use crate::permalink::LinkParts;

/// Terms and author logins by id, loaded once and shared by every request
/// until content changes.
#[derive(Debug, Clone, Default)]
pub struct Directory {
    terms: Vec<Term>,
    index: HashMap<TermId, usize>,
    logins: HashMap<UserId, String>,
}

impl Directory {
    /// Indexes terms and users.
    pub fn new(terms: Vec<Term>, users: &[User]) -> Self {
        let index = terms.iter().enumerate().map(|(i, t)| (t.id, i)).collect();
        let logins = users.iter().map(|u| (u.id, u.login.clone())).collect();
        Self {
            terms,
            index,
            logins,
        }
    }

    /// A term by id.
    pub fn term(&self, id: TermId) -> Option<&Term> {
        self.index.get(&id).map(|i| &self.terms[*i])
    }

    /// Every term.
    pub fn terms(&self) -> &[Term] {
        &self.terms
    }

    /// The login of a user.
    pub fn login(&self, id: UserId) -> &str {
        self.logins.get(&id).map(String::as_str).unwrap_or("")
    }

    /// The chain from the root category down to `id`. Cycles cannot be
    /// stored, but the walk is bounded anyway.
    pub fn ancestry(&self, id: TermId) -> Vec<&Term> {
        let mut chain = Vec::new();
        let mut next = Some(id);
        while let Some(cur) = next {
            let Some(t) = self.term(cur) else { break };
            chain.push(t);
            next = t.parent;
            if chain.len() > 32 {
                break;
            }
        }
        chain.reverse();
        chain
    }

    /// `social-media/strategie` for a sub-category.
    pub fn category_path(&self, id: TermId) -> String {
        self.ancestry(id)
            .iter()
            .map(|t| t.slug.as_str())
            .collect::<Vec<_>>()
            .join("/")
    }

    /// `Social Media/Strategie`: the path of names, as front matter writes it.
    pub fn category_names(&self, id: TermId) -> String {
        self.ancestry(id)
            .iter()
            .map(|t| t.name.as_str())
            .collect::<Vec<_>>()
            .join("/")
    }

    /// A category and all its descendants.
    pub fn with_descendants(&self, id: TermId) -> Vec<TermId> {
        let mut out = vec![id];
        let mut i = 0;
        while i < out.len() && out.len() < 10_000 {
            let cur = out[i];
            out.extend(
                self.terms
                    .iter()
                    .filter(|t| t.parent == Some(cur))
                    .map(|t| t.id),
            );
            i += 1;
        }
        out
    }

    /// A tag by slug.
    pub fn tag(&self, slug: &str) -> Option<&Term> {
        self.terms
            .iter()
            .find(|t| t.taxonomy == Taxonomy::Tag && t.slug == slug)
    }

    /// A category by its slug path (`social-media/strategie`).
    pub fn category_by_path(&self, path: &str) -> Option<&Term> {
        let leaf = path.rsplit('/').next()?;
        self.terms
            .iter()
            .filter(|t| t.taxonomy == Taxonomy::Category && t.slug == leaf)
            .find(|t| self.category_path(t.id) == path)
    }

    /// Path of a post or page (without the base URL).
    pub fn post_path(&self, settings: &Settings, post: &Post) -> String {
        if post.kind == PostKind::Page {
            return format!("/{}/", post.slug);
        }
        let local = post
            .published_at
            .unwrap_or(post.updated_at)
            .with_timezone(&settings.timezone)
            .naive_local();
        let category_path = post
            .primary_category
            .map(|c| self.category_path(c))
            .unwrap_or_default();
        settings.permalink.build(&LinkParts {
            id: post.id.0,
            slug: &post.slug,
            local_time: local,
            author: self.login(post.author_id),
            category_path: &category_path,
        })
    }

    /// Path of a term's archive.
    pub fn term_path(&self, term: &Term) -> String {
        match term.taxonomy {
            Taxonomy::Tag => format!("/tag/{}/", term.slug),
            Taxonomy::Category => format!("/category/{}/", self.category_path(term.id)),
        }
    }
}

/// Path of an author's archive.
pub fn author_path(login: &str) -> String {
    format!("/author/{login}/")
}
