//! Managing terms: post counts, renaming and re-parenting with redirects,
//! merging in one transaction; and the API's filtered comment list.

use beitrag_core::StoreError;
use beitrag_core::model::{CommentKind, CommentStatus, PostId, PostStatus, Taxonomy, Term};
use beitrag_core::store::CommentFilter;
use beitrag_core::store::prelude::*;
use beitrag_store::SqlStore;

use crate::fixture::{add_comment, day, now, post, save, user};

conformance!(
    counts_visible_posts_per_term,
    renames_and_moves_terms_with_redirects,
    refuses_a_taken_slug_and_writes_nothing,
    merges_posts_children_and_redirects,
    leaves_everything_when_a_merge_fails,
    lists_comments_by_status_and_post,
);

/// Two visible posts tagged Rust (one also SQL) in Technik/Datenbanken and
/// Technik, plus a draft tagged Rust.
async fn seed(store: &SqlStore) -> (PostId, PostId) {
    let anna = user(store, "anna").await;
    let mut a = post(&anna, "a", day(-2));
    a.tags = vec!["Rust".into(), "SQL".into()];
    a.categories = vec![vec!["Technik".into(), "Datenbanken".into()]];
    let mut b = post(&anna, "b", day(-1));
    b.tags = vec!["Rust".into()];
    b.categories = vec![vec!["Technik".into()]];
    let mut draft = post(&anna, "d", day(-1));
    draft.status = PostStatus::Draft;
    draft.tags = vec!["Rust".into()];
    let a = save(store, a).await;
    let b = save(store, b).await;
    save(store, draft).await;
    (a, b)
}

async fn term(store: &SqlStore, taxonomy: Taxonomy, slug: &str) -> Term {
    store
        .terms()
        .await
        .unwrap()
        .into_iter()
        .find(|t| t.taxonomy == taxonomy && t.slug == slug)
        .unwrap_or_else(|| panic!("no {slug}"))
}

async fn slugs_of(store: &SqlStore, post: PostId) -> Vec<String> {
    let mut s: Vec<String> = store
        .terms_of_post(post)
        .await
        .unwrap()
        .into_iter()
        .map(|t| t.slug)
        .collect();
    s.sort();
    s
}

async fn counts_visible_posts_per_term(store: SqlStore) {
    seed(&store).await;
    let rust = term(&store, Taxonomy::Tag, "rust").await;
    let sql = term(&store, Taxonomy::Tag, "sql").await;
    let technik = term(&store, Taxonomy::Category, "technik").await;
    let counts = store.term_post_counts(now()).await.unwrap();
    let count = |id| counts.iter().find(|(t, _)| *t == id).map(|(_, n)| *n);
    assert_eq!(count(rust.id), Some(2), "the draft does not count");
    assert_eq!(count(sql.id), Some(1));
    assert_eq!(count(technik.id), Some(1), "sub-categories are not added");
    let before_any = store.term_post_counts(day(-3)).await.unwrap();
    assert!(before_any.is_empty(), "{before_any:?}");
}

async fn renames_and_moves_terms_with_redirects(store: SqlStore) {
    let (a, _) = seed(&store).await;
    let mut rust = term(&store, Taxonomy::Tag, "rust").await;
    rust.name = "Rust-Sprache".into();
    rust.slug = "rust-sprache".into();
    store
        .update_term(&rust, &[("/tag/rust/".into(), "/tag/rust-sprache/".into())])
        .await
        .unwrap();
    assert_eq!(term(&store, Taxonomy::Tag, "rust-sprache").await, rust);
    assert_eq!(
        slugs_of(&store, a).await,
        vec!["datenbanken", "rust-sprache", "sql"]
    );
    assert_eq!(
        store.redirect_for("/tag/rust/").await.unwrap().as_deref(),
        Some("/tag/rust-sprache/")
    );
    // A category moves to the top level.
    let mut db = term(&store, Taxonomy::Category, "datenbanken").await;
    assert!(db.parent.is_some());
    db.parent = None;
    store.update_term(&db, &[]).await.unwrap();
    assert_eq!(
        term(&store, Taxonomy::Category, "datenbanken").await.parent,
        None
    );
    // The id must name a term of that taxonomy.
    let mut ghost = rust.clone();
    ghost.taxonomy = Taxonomy::Category;
    assert!(matches!(
        store.update_term(&ghost, &[]).await,
        Err(StoreError::NotFound)
    ));
}

async fn refuses_a_taken_slug_and_writes_nothing(store: SqlStore) {
    seed(&store).await;
    let mut sql = term(&store, Taxonomy::Tag, "sql").await;
    sql.name = "Rust".into();
    sql.slug = "rust".into();
    let err = store
        .update_term(&sql, &[("/tag/sql/".into(), "/tag/rust/".into())])
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict { .. }), "{err:?}");
    assert_eq!(term(&store, Taxonomy::Tag, "sql").await.name, "SQL");
    assert_eq!(store.redirect_for("/tag/sql/").await.unwrap(), None);
}

async fn merges_posts_children_and_redirects(store: SqlStore) {
    let (a, b) = seed(&store).await;
    let sql = term(&store, Taxonomy::Tag, "sql").await;
    let rust = term(&store, Taxonomy::Tag, "rust").await;
    // `a` has both tags already: it keeps one link; `b` gains nothing.
    let gained = store
        .merge_terms(
            rust.id,
            sql.id,
            &[("/tag/rust/".into(), "/tag/sql/".into())],
        )
        .await
        .unwrap();
    assert_eq!(gained, 2, "b and the draft gain sql");
    assert!(store.terms().await.unwrap().iter().all(|t| t.id != rust.id));
    assert!(slugs_of(&store, a).await.contains(&"sql".to_owned()));
    assert!(slugs_of(&store, b).await.contains(&"sql".to_owned()));
    assert!(!slugs_of(&store, a).await.contains(&"rust".to_owned()));
    assert_eq!(
        store.redirect_for("/tag/rust/").await.unwrap().as_deref(),
        Some("/tag/sql/")
    );
    // A category with a child: the child moves under the target.
    let anna = store.user_by_login("anna").await.unwrap().unwrap();
    let mut c = post(&anna, "c", day(-1));
    c.categories = vec![vec!["Leben".into()]];
    let c = save(&store, c).await;
    let technik = term(&store, Taxonomy::Category, "technik").await;
    let leben = term(&store, Taxonomy::Category, "leben").await;
    store.merge_terms(technik.id, leben.id, &[]).await.unwrap();
    assert_eq!(
        term(&store, Taxonomy::Category, "datenbanken").await.parent,
        Some(leben.id)
    );
    assert_eq!(slugs_of(&store, b).await, vec!["leben", "sql"]);
    assert_eq!(slugs_of(&store, c).await, vec!["leben"]);
}

async fn leaves_everything_when_a_merge_fails(store: SqlStore) {
    let (a, _) = seed(&store).await;
    let rust = term(&store, Taxonomy::Tag, "rust").await;
    let before = store.terms().await.unwrap();
    let missing = beitrag_core::model::TermId(rust.id.0 + 10_000);
    for (from, into) in [(rust.id, missing), (missing, rust.id)] {
        let err = store
            .merge_terms(from, into, &[("/tag/rust/".into(), "/tag/x/".into())])
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::NotFound), "{err:?}");
    }
    assert_eq!(store.terms().await.unwrap(), before);
    assert_eq!(
        slugs_of(&store, a).await,
        vec!["datenbanken", "rust", "sql"]
    );
    assert_eq!(store.redirect_for("/tag/rust/").await.unwrap(), None);
}

async fn lists_comments_by_status_and_post(store: SqlStore) {
    let (a, b) = seed(&store).await;
    let approved = add_comment(
        &store,
        a,
        CommentKind::Comment,
        CommentStatus::Approved,
        day(-1),
    )
    .await;
    let pending = add_comment(
        &store,
        a,
        CommentKind::Comment,
        CommentStatus::Pending,
        now(),
    )
    .await;
    let ping = add_comment(
        &store,
        b,
        CommentKind::Trackback,
        CommentStatus::Approved,
        day(-2),
    )
    .await;
    let ids = |page: &(Vec<beitrag_core::model::Comment>, i64)| {
        (page.0.iter().map(|c| c.id).collect::<Vec<_>>(), page.1)
    };
    let all = CommentFilter {
        limit: 10,
        ..Default::default()
    };
    assert_eq!(
        ids(&store.comments_page(&all).await.unwrap()),
        (vec![pending, approved, ping], 3),
        "newest first"
    );
    let approved_only = CommentFilter {
        status: Some(CommentStatus::Approved),
        ..all.clone()
    };
    assert_eq!(
        ids(&store.comments_page(&approved_only).await.unwrap()),
        (vec![approved, ping], 2)
    );
    let of_a = CommentFilter {
        status: Some(CommentStatus::Approved),
        post: Some(a),
        ..all.clone()
    };
    assert_eq!(
        ids(&store.comments_page(&of_a).await.unwrap()),
        (vec![approved], 1)
    );
    let second_page = CommentFilter {
        limit: 1,
        offset: 1,
        ..all
    };
    assert_eq!(
        ids(&store.comments_page(&second_page).await.unwrap()),
        (vec![approved], 3),
        "the total counts every page"
    );
}
