//! Accounts: creation with validated fields and Argon2id hashes, password
//! changes, generated passwords.

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use rand::RngExt;
use rand::distr::Alphanumeric;

use crate::model::{NewUser, Role, User};
use crate::{Error, Result, Store, StoreError};

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
        return Err(Error::invalid(
            "login",
            "use 1-60 lowercase letters, digits, . _ -",
        ));
    }
    if input.display_name.trim().is_empty() || input.display_name.chars().count() > 100 {
        return Err(Error::invalid("name", "must be 1 to 100 characters"));
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
            format!("`{email}` is not an email address"),
        ));
    }
    if input.bio.chars().count() > 5000 {
        return Err(Error::invalid("bio", "must be at most 5000 characters"));
    }
    Ok(())
}

/// Creates an account with the given password.
pub async fn create(store: &dyn Store, input: UserInput, password: &str) -> Result<User> {
    validate(&input)?;
    if password.chars().count() < 8 {
        return Err(Error::invalid("password", "must be at least 8 characters"));
    }
    let new = NewUser {
        login: input.login.clone(),
        display_name: input.display_name.trim().to_owned(),
        email: input.email.trim().to_owned(),
        bio: input.bio,
        avatar_url: None,
        role: input.role,
        password_hash: hash_password(password)?,
    };
    store.create_user(&new).await.map_err(|e| match e {
        StoreError::Conflict { .. } => Error::LoginTaken(input.login),
        other => other.into(),
    })
}

/// Sets a new password for `login`.
pub async fn set_password(store: &dyn Store, login: &str, password: &str) -> Result<()> {
    if password.chars().count() < 8 {
        return Err(Error::invalid("password", "must be at least 8 characters"));
    }
    let user = store.user_by_login(login).await?.ok_or(Error::NotFound)?;
    store
        .set_password_hash(user.id, &hash_password(password)?)
        .await?;
    Ok(())
}

/// What users may change about themselves; `None` keeps the value.
#[derive(Debug, Clone, Default)]
pub struct ProfilePatch {
    /// Name shown to readers.
    pub display_name: Option<String>,
    /// Contact address.
    pub email: Option<String>,
    /// Biography (plain text).
    pub bio: Option<String>,
}

/// Changes a user's name, email and biography, validated like a new
/// account's (errors name `name`, `email` or `bio`), and returns the
/// stored user.
pub async fn update_profile(store: &dyn Store, user: &User, patch: ProfilePatch) -> Result<User> {
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
            return Err(Error::invalid(field, "contains control characters"));
        }
    }
    validate(&UserInput {
        login: updated.login.clone(),
        display_name: updated.display_name.clone(),
        email: updated.email.clone(),
        role: updated.role,
        bio: updated.bio.clone(),
    })?;
    store.update_user(&updated).await?;
    Ok(updated)
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
