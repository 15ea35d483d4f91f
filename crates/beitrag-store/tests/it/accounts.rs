//! Sessions, tokens, login failures, account updates; the admin's post
//! list, revisions and deletes.

use beitrag_core::StoreError;
use beitrag_core::model::{
    AdminPostQuery, NewSession, NewToken, PostKind, PostStatus, Scope, TermId,
};
use beitrag_core::search::{Analyzer, SearchDocument};
use beitrag_core::store::prelude::*;
use beitrag_store::SqlStore;
use chrono::{Duration, TimeZone, Utc};

use crate::fixture::{post, user};

conformance!(
    keeps_sessions_until_they_expire_or_end,
    finds_tokens_by_hash_and_records_use,
    counts_login_failures_per_key,
    updates_and_disables_users,
    lists_posts_of_any_status_with_filters,
    keeps_a_revision_per_save_and_deletes_with_post,
);

fn session(user: beitrag_core::model::UserId, hash: &str, days: i64) -> NewSession {
    let now = Utc::now();
    NewSession {
        token_hash: hash.to_owned(),
        user_id: user,
        csrf: format!("csrf-{hash}"),
        created_at: now,
        expires_at: now + Duration::days(days),
        ip: "203.0.113.0".into(),
        user_agent: "Test".into(),
    }
}

async fn keeps_sessions_until_they_expire_or_end(store: SqlStore) {
    let anna = user(&store, "anna").await;
    let now = Utc::now();
    let a = store
        .create_session(&session(anna.id, "h1", 14))
        .await
        .unwrap();
    let b = store
        .create_session(&session(anna.id, "h2", 14))
        .await
        .unwrap();
    store
        .create_session(&session(anna.id, "old", -1))
        .await
        .unwrap();
    let (found, who) = store.session_by_token("h1", now).await.unwrap().unwrap();
    assert_eq!(
        (found.id, found.csrf.as_str(), who.id),
        (a, "csrf-h1", anna.id)
    );
    assert!(store.session_by_token("old", now).await.unwrap().is_none());
    assert!(store.session_by_token("nope", now).await.unwrap().is_none());
    let live = store.sessions_of_user(anna.id, now).await.unwrap();
    assert_eq!(live.iter().map(|s| s.id).collect::<Vec<_>>(), vec![b, a]);
    assert_eq!(store.delete_sessions(anna.id, Some(a)).await.unwrap(), 1);
    assert!(store.session_by_token("h1", now).await.unwrap().is_none());
    assert_eq!(store.delete_sessions(anna.id, None).await.unwrap(), 2);
    assert!(store.session_by_token("h2", now).await.unwrap().is_none());
    let dup = store
        .create_session(&session(anna.id, "h3", 1))
        .await
        .unwrap();
    store
        .touch_session(dup, now + Duration::hours(1))
        .await
        .unwrap();
    let err = store
        .create_session(&session(anna.id, "h3", 1))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict { .. }), "{err:?}");
}

async fn finds_tokens_by_hash_and_records_use(store: SqlStore) {
    let anna = user(&store, "anna").await;
    let bert = user(&store, "bert").await;
    let now = Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 5).unwrap();
    let id = store
        .create_token(&NewToken {
            user_id: anna.id,
            name: "Laptop".into(),
            token_hash: "t1".into(),
            scope: Scope::Write,
            created_at: now,
        })
        .await
        .unwrap();
    let (token, owner) = store.use_token("t1", now).await.unwrap().unwrap();
    assert_eq!(
        (token.id, token.scope, owner.id),
        (id, Scope::Write, anna.id)
    );
    assert_eq!(token.last_used_at, None, "the row read before the use");
    let listed = store.tokens_of_user(anna.id).await.unwrap();
    assert_eq!(listed[0].last_used_at, Some(now));
    assert!(store.use_token("t2", now).await.unwrap().is_none());
    assert_eq!(
        store.delete_token(bert.id, id).await.unwrap(),
        0,
        "not bert's"
    );
    assert_eq!(store.delete_token(anna.id, id).await.unwrap(), 1);
    assert!(store.use_token("t1", now).await.unwrap().is_none());
}

async fn counts_login_failures_per_key(store: SqlStore) {
    let now = Utc::now();
    let keys = ["login:anna".to_owned(), "ip:203.0.113.0".to_owned()];
    for i in 0..3 {
        store
            .add_login_failure(&keys, now - Duration::seconds(30 - i))
            .await
            .unwrap();
    }
    let (n, latest) = store
        .login_failures("login:anna", now - Duration::minutes(15))
        .await
        .unwrap();
    assert_eq!(n, 3);
    assert_eq!(
        latest.unwrap().timestamp(),
        (now - Duration::seconds(28)).timestamp()
    );
    assert_eq!(store.login_failures("login:anna", now).await.unwrap().0, 0);
    store.clear_login_failures("login:anna").await.unwrap();
    assert_eq!(
        store
            .login_failures("login:anna", now - Duration::hours(1))
            .await
            .unwrap(),
        (0, None)
    );
    assert_eq!(
        store
            .login_failures("ip:203.0.113.0", now - Duration::hours(1))
            .await
            .unwrap()
            .0,
        3
    );
}

async fn updates_and_disables_users(store: SqlStore) {
    let mut anna = user(&store, "anna").await;
    anna.display_name = "Anna S.".into();
    anna.role = beitrag_core::model::Role::Editor;
    anna.disabled = true;
    store.update_user(&anna).await.unwrap();
    assert_eq!(store.user_by_id(anna.id).await.unwrap(), Some(anna.clone()));
    store
        .create_session(&session(anna.id, "s", 1))
        .await
        .unwrap();
    assert!(
        store
            .session_by_token("s", Utc::now())
            .await
            .unwrap()
            .is_none(),
        "a disabled account has no live session"
    );
    let mut ghost = anna.clone();
    ghost.id.0 += 100;
    assert!(matches!(
        store.update_user(&ghost).await.unwrap_err(),
        StoreError::NotFound
    ));
}

async fn lists_posts_of_any_status_with_filters(store: SqlStore) {
    let anna = user(&store, "anna").await;
    let bert = user(&store, "bert").await;
    let at = Utc.with_ymd_and_hms(2020, 1, 1, 0, 0, 0).unwrap();
    let mut draft = post(&anna, "entwurf-100", at);
    draft.status = PostStatus::Draft;
    draft.title = "Ein Entwurf mit 100% Rabatt".into();
    draft.tags = vec!["Rust".into()];
    draft.search = SearchDocument::of(&Analyzer::new("de"), &draft.title, &draft.html);
    let mut page = post(&bert, "seite", at + Duration::days(1));
    page.kind = PostKind::Page;
    let published = post(&bert, "veroeffentlicht", at + Duration::days(2));
    store.save_posts(&[draft, page, published]).await.unwrap();
    let q = |f: fn(&mut AdminPostQuery)| {
        let mut q = AdminPostQuery {
            limit: 10,
            ..AdminPostQuery::default()
        };
        f(&mut q);
        q
    };
    let slugs = |list: beitrag_core::model::PostList| {
        (
            list.total,
            list.items
                .into_iter()
                .map(|c| c.post.slug)
                .collect::<Vec<_>>(),
        )
    };
    let all = slugs(store.admin_posts(&q(|_| {})).await.unwrap());
    assert_eq!(all.0, 3);
    let drafts = slugs(
        store
            .admin_posts(&q(|q| q.status = Some(PostStatus::Draft)))
            .await
            .unwrap(),
    );
    assert_eq!(drafts, (1, vec!["entwurf-100".to_owned()]));
    let pages = slugs(
        store
            .admin_posts(&q(|q| q.kind = Some(PostKind::Page)))
            .await
            .unwrap(),
    );
    assert_eq!(pages, (1, vec!["seite".to_owned()]));
    let by_bert = store
        .admin_posts(&AdminPostQuery {
            author: Some(bert.id),
            kind: Some(PostKind::Post),
            limit: 10,
            ..AdminPostQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(slugs(by_bert), (1, vec!["veroeffentlicht".to_owned()]));
    // The full-text index: stems match, every word must, drafts included.
    let search = |text: &str| {
        let expr = Analyzer::new("de").parse(text).unwrap();
        AdminPostQuery {
            search: Some(expr),
            limit: 10,
            ..AdminPostQuery::default()
        }
    };
    let found = slugs(store.admin_posts(&search("Entwürfe 100%")).await.unwrap());
    assert_eq!(found, (1, vec!["entwurf-100".to_owned()]));
    let none = slugs(store.admin_posts(&search("Rabatt fehlt")).await.unwrap());
    assert_eq!(none.0, 0);
    let rust = store
        .terms()
        .await
        .unwrap()
        .into_iter()
        .find(|t| t.name == "Rust")
        .unwrap();
    let tagged = store
        .admin_posts(&AdminPostQuery {
            term: Some(rust.id),
            limit: 10,
            ..AdminPostQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(tagged.items[0].terms[0].name, "Rust");
    let nothing = store
        .admin_posts(&AdminPostQuery {
            term: Some(TermId(rust.id.0 + 99)),
            limit: 10,
            offset: 0,
            ..AdminPostQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(nothing.total, 0);
    let paged = store
        .admin_posts(&AdminPostQuery {
            limit: 2,
            offset: 2,
            ..AdminPostQuery::default()
        })
        .await
        .unwrap();
    assert_eq!((paged.total, paged.items.len()), (3, 1));
}

async fn keeps_a_revision_per_save_and_deletes_with_post(store: SqlStore) {
    let anna = user(&store, "anna").await;
    let bert = user(&store, "bert").await;
    let at = Utc.with_ymd_and_hms(2020, 1, 1, 0, 0, 0).unwrap();
    let mut w = post(&anna, "versionen", at);
    let id = store.save_posts(&[w.clone()]).await.unwrap()[0];
    w.id = Some(id);
    w.source = "Zweite Fassung".into();
    w.saved_by = bert.id;
    w.updated_at = at + Duration::hours(1);
    store.save_posts(&[w]).await.unwrap();
    let revs = store.revisions(id).await.unwrap();
    assert_eq!(revs.len(), 2);
    assert_eq!(revs[0].source, "Body of versionen");
    assert_eq!(
        (revs[1].source.as_str(), revs[1].author_id),
        ("Zweite Fassung", bert.id)
    );
    assert_eq!(store.latest_revision(id).await.unwrap(), Some(revs[1].id));
    assert_eq!(store.delete_posts(&[id]).await.unwrap(), 1);
    assert!(store.post_by_id(id).await.unwrap().is_none());
    assert!(store.revisions(id).await.unwrap().is_empty());
    assert_eq!(store.latest_revision(id).await.unwrap(), None);
    assert_eq!(store.delete_posts(&[]).await.unwrap(), 0);
}
