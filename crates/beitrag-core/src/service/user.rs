//! Accounts: creation with validated fields and Argon2id hashes, password
//! changes, generated passwords.

use crate::message::texts;
use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use rand::RngExt;
use rand::distr::Alphanumeric;

use crate::actor::Actor;
use crate::change::Change;
use crate::model::{NewUser, Role, SessionId, User, UserId};
use crate::service::access::Capability;
use crate::{Core, Error, Result, StoreError};

/// What an administrator enters for a new account.
#[derive(Debug, Clone)]
pub struct UserInput {
    /// Login: lowercase letters, digits, `.`, `_`, `-`.
    pub login: String,
    /// Display name.
    pub display_name: String,
    /// Email address.
    pub email: String,
    /// Role.
    pub role: Role,
    /// Biography.
    pub bio: String,
}

/// A random 20-character password for new accounts.
pub fn generate_password() -> String {
    rand::rng()
        .sample_iter(Alphanumeric)
        .take(20)
        .map(char::from)
        .collect()
}

/// Hashes a password with Argon2id and a random salt.
pub fn hash_password(password: &str) -> Result<String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| Error::Password(e.to_string()))
}

/// Checks a password against a stored hash.
pub fn verify_password(password: &str, hash: &str) -> bool {
    Argon2::default()
        .verify_password(password.as_bytes(), hash)
        .is_ok()
}

fn validate(input: &UserInput) -> Result<()> {
    let login_ok = (1..=60).contains(&input.login.len())
        && input
            .login
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b));
    if !login_ok {
        return Err(Error::invalid("login", texts::LOGIN_CHARS));
    }
    if input.display_name.trim().is_empty() || input.display_name.chars().count() > 100 {
        return Err(Error::invalid("name", texts::LENGTH.with("max", 100_usize)));
    }
    let email = input.email.trim();
    let email_ok = email.len() <= 254
        && email
            .split_once('@')
            .is_some_and(|(l, d)| !l.is_empty() && d.contains('.') && !d.starts_with('.'))
        && !email.contains(char::is_whitespace);
    if !email_ok {
        return Err(Error::invalid(
            "email",
            texts::NOT_AN_EMAIL.with("email", email),
        ));
    }
    if input.bio.chars().count() > 5000 {
        return Err(Error::invalid(
            "bio",
            texts::AT_MOST.with("max", 5000_usize),
        ));
    }
    Ok(())
}

/// [`hash_password`] off the async threads: Argon2 is deliberately slow.
pub async fn hash_password_blocking(password: &str) -> Result<String> {
    let password = password.to_owned();
    tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|e| Error::Password(e.to_string()))?
}

/// [`verify_password`] off the async threads.
pub async fn verify_password_blocking(password: &str, hash: &str) -> bool {
    let (password, hash) = (password.to_owned(), hash.to_owned());
    tokio::task::spawn_blocking(move || verify_password(&password, &hash))
        .await
        .unwrap_or(false)
}

fn check_new_password(password: &str) -> Result<()> {
    if password.chars().count() < 8 {
        return Err(Error::invalid("password", texts::PASSWORD_SHORT));
    }
    Ok(())
}

/// Creates an account (administrators and the operator).
pub async fn create(core: &Core, actor: &Actor, input: UserInput, password: &str) -> Result<User> {
    actor.require(Capability::ManageUsers)?;
    validate(&input)?;
    check_new_password(password)?;
    let new = NewUser {
        login: input.login.clone(),
        display_name: input.display_name.trim().to_owned(),
        email: input.email.trim().to_owned(),
        bio: input.bio,
        avatar_url: None,
        role: input.role,
        password_hash: hash_password_blocking(password).await?,
    };
    let user = core.store().create_user(&new).await.map_err(|e| match e {
        StoreError::Conflict { .. } => Error::LoginTaken(input.login),
        other => other.into(),
    })?;
    core.publish(&[Change::Site]).await;
    Ok(user)
}

/// Sets a new password for `login` (an administrator, the operator, or the
/// user themself) and ends every session of that account.
pub async fn set_password(core: &Core, actor: &Actor, login: &str, password: &str) -> Result<()> {
    let store = core.store();
    let user = store.user_by_login(login).await?.ok_or(Error::NotFound)?;
    if !actor.is(user.id) {
        actor.require(Capability::ManageUsers)?;
    }
    check_new_password(password)?;
    store
        .set_password_hash(user.id, &hash_password_blocking(password).await?)
        .await?;
    store.delete_sessions(user.id, None).await?;
    Ok(())
}

/// A signed-in user changes their own password: the current one must be
/// right (`Invalid` on `current`); every other session of the account ends,
/// `keep` (the one they are using) stays.
pub async fn change_password(
    core: &Core,
    actor: &Actor,
    current: &str,
    new: &str,
    keep: Option<SessionId>,
) -> Result<()> {
    let Some(me) = actor.user() else {
        return Err(Error::Forbidden(texts::PASSWORD_BY_USERS.into()));
    };
    if !verify_password_blocking(current, &me.password_hash).await {
        return Err(Error::invalid("current", texts::PASSWORD_WRONG));
    }
    check_new_password(new).map_err(|_| Error::invalid("new", texts::PASSWORD_SHORT))?;
    let store = core.store();
    store
        .set_password_hash(me.id, &hash_password_blocking(new).await?)
        .await?;
    let others: Vec<SessionId> = store
        .sessions_of_user(me.id, chrono::Utc::now())
        .await?
        .into_iter()
        .map(|s| s.id)
        .filter(|id| Some(*id) != keep)
        .collect();
    for id in others {
        store.delete_sessions(me.id, Some(id)).await?;
    }
    Ok(())
}

/// Changes of a profile; `None` keeps a field.
#[derive(Debug, Clone, Default)]
pub struct ProfilePatch {
    /// Display name.
    pub display_name: Option<String>,
    /// Email address.
    pub email: Option<String>,
    /// Biography.
    pub bio: Option<String>,
    /// Admin language: one of [`crate::settings::LANGUAGES`], or empty for
    /// the site's language.
    pub language: Option<String>,
}

/// Changes the name, email, biography or admin language of `id` (the user
/// themself, or an administrator).
pub async fn update_profile(
    core: &Core,
    actor: &Actor,
    id: UserId,
    patch: ProfilePatch,
) -> Result<User> {
    if !actor.is(id) {
        actor.require(Capability::ManageUsers)?;
    }
    let user = core.store().user_by_id(id).await?.ok_or(Error::NotFound)?;
    let mut updated = user.clone();
    if let Some(name) = patch.display_name {
        updated.display_name = name.trim().to_owned();
    }
    if let Some(email) = patch.email {
        updated.email = email.trim().to_owned();
    }
    if let Some(bio) = patch.bio {
        updated.bio = bio;
    }
    if let Some(language) = patch.language {
        let language = language.trim();
        if !language.is_empty() && !crate::settings::LANGUAGES.contains(&language) {
            return Err(Error::invalid(
                "language",
                texts::EMPTY_OR_ONE_OF.with("choices", crate::settings::LANGUAGES.join(", ")),
            ));
        }
        updated.language = language.to_owned();
    }
    // PostgreSQL refuses NUL in text; other control characters have no
    // place in a name or address either (a biography keeps its line breaks).
    let control =
        |s: &str, allowed: &[char]| s.chars().any(|c| c.is_control() && !allowed.contains(&c));
    for (field, value, allowed) in [
        ("name", &updated.display_name, &[][..]),
        ("email", &updated.email, &[][..]),
        ("bio", &updated.bio, &['\n', '\r', '\t'][..]),
    ] {
        if control(value, allowed) {
            return Err(Error::invalid(field, texts::CONTROL_CHARS));
        }
    }
    validate(&UserInput {
        login: updated.login.clone(),
        display_name: updated.display_name.clone(),
        email: updated.email.clone(),
        role: updated.role,
        bio: updated.bio.clone(),
    })?;
    core.store().update_user(&updated).await?;
    core.publish(&[Change::Site]).await;
    Ok(updated)
}

/// Gives account `id` a role and enables or disables it (administrators).
/// Nobody changes their own role or disables themself, so a site always
/// keeps an administrator; a disabled account's sessions end at once.
pub async fn set_role(
    core: &Core,
    actor: &Actor,
    id: UserId,
    role: Role,
    disabled: bool,
) -> Result<User> {
    actor.require(Capability::ManageUsers)?;
    if actor.is(id) {
        return Err(Error::invalid("role", texts::OWN_ROLE));
    }
    let store = core.store();
    let mut target = store.user_by_id(id).await?.ok_or(Error::NotFound)?;
    target.role = role;
    target.disabled = disabled;
    store.update_user(&target).await?;
    if disabled {
        store.delete_sessions(id, None).await?;
    }
    core.publish(&[Change::Site]).await;
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verifies_password_when_hashed() {
        let h = hash_password("geheim123").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("geheim123", &h));
        assert!(!verify_password("falsch", &h));
    }

    #[test]
    fn rejects_input_when_fields_are_bad() {
        let ok = UserInput {
            login: "anna".into(),
            display_name: "Anna".into(),
            email: "anna@example.org".into(),
            role: Role::Author,
            bio: String::new(),
        };
        assert!(validate(&ok).is_ok());
        assert!(
            validate(&UserInput {
                login: "Anna Schmidt".into(),
                ..ok.clone()
            })
            .is_err()
        );
        assert!(
            validate(&UserInput {
                email: "nope".into(),
                ..ok.clone()
            })
            .is_err()
        );
        assert!(
            validate(&UserInput {
                display_name: " ".into(),
                ..ok
            })
            .is_err()
        );
    }
}
