//! Users: create, look up, list, change the password hash.

use beitrag_core::StoreError;
use beitrag_core::model::{Role, UserId};
use beitrag_core::store::prelude::*;
use beitrag_store::SqlStore;

use crate::fixture::{new_user, user};

conformance!(
    creates_and_finds_users,
    rejects_duplicate_login,
    sets_password_hash
);

async fn creates_and_finds_users(store: SqlStore) {
    let mut input = new_user("anna");
    input.role = Role::Administrator;
    input.avatar_url = Some("https://img.example/anna.png".to_owned());
    let anna = store.create_user(&input).await.unwrap();
    assert_eq!(anna.login, "anna");
    assert_eq!(anna.display_name, "anna display");
    assert_eq!(anna.email, "anna@example.org");
    assert_eq!(anna.bio, "about anna");
    assert_eq!(
        anna.avatar_url.as_deref(),
        Some("https://img.example/anna.png")
    );
    assert_eq!(anna.role, Role::Administrator);
    assert_eq!(anna.password_hash, "$argon2id$fake");
    let bert = user(&store, "bert").await;
    assert!(bert.id > anna.id);

    assert_eq!(
        store.user_by_login("anna").await.unwrap(),
        Some(anna.clone())
    );
    assert_eq!(store.user_by_login("nobody").await.unwrap(), None);
    let all = store.users().await.unwrap();
    assert_eq!(all, vec![anna, bert]);
}

async fn rejects_duplicate_login(store: SqlStore) {
    user(&store, "anna").await;
    let err = store.create_user(&new_user("anna")).await.unwrap_err();
    assert!(matches!(err, StoreError::Conflict { .. }), "{err:?}");
    assert_eq!(store.users().await.unwrap().len(), 1);
}

async fn sets_password_hash(store: SqlStore) {
    let anna = user(&store, "anna").await;
    store
        .set_password_hash(anna.id, "$argon2id$new")
        .await
        .unwrap();
    let again = store.user_by_login("anna").await.unwrap().unwrap();
    assert_eq!(again.password_hash, "$argon2id$new");
    let err = store
        .set_password_hash(UserId(anna.id.0 + 100), "x")
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound), "{err:?}");
}
