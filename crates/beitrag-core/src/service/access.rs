//! Who may do what, with WordPress's roles: contributors write drafts and
//! submit them for review, authors publish their own posts, editors publish
//! and moderate everything, administrators also manage users and settings.
//! Every entry point (admin, API, CLI) asks here.

use crate::message::texts;
use crate::model::{Post, PostStatus, Role, User};
use crate::{Error, Result};

/// One thing a role may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Capability {
    /// Write and edit one's own drafts.
    EditOwnPosts,
    /// Publish or schedule one's own posts.
    PublishOwnPosts,
    /// Edit, publish and delete everybody's posts and pages.
    EditOthersPosts,
    /// Approve, spam, trash, edit and delete comments.
    ModerateComments,
    /// Rename, merge and re-parent tags and categories.
    ManageTerms,
    /// Upload and delete media.
    UploadMedia,
    /// Create, change and disable accounts.
    ManageUsers,
    /// Change site settings.
    ManageSettings,
}

impl Capability {
    /// Every capability, for listings.
    pub const ALL: &'static [Self] = &[
        Self::EditOwnPosts,
        Self::PublishOwnPosts,
        Self::EditOthersPosts,
        Self::ModerateComments,
        Self::ManageTerms,
        Self::UploadMedia,
        Self::ManageUsers,
        Self::ManageSettings,
    ];
}

/// Whether `role` has `cap`.
pub fn can(role: Role, cap: Capability) -> bool {
    use Capability as C;
    match role {
        Role::Administrator => true,
        Role::Editor => !matches!(cap, C::ManageUsers | C::ManageSettings),
        Role::Author => matches!(cap, C::EditOwnPosts | C::PublishOwnPosts | C::UploadMedia),
        Role::Contributor => matches!(cap, C::EditOwnPosts),
    }
}

/// `Ok` when `user` has `cap`, else [`Error::Forbidden`].
pub fn require(user: &User, cap: Capability) -> Result<()> {
    if can(user.role, cap) {
        Ok(())
    } else {
        Err(Error::Forbidden(
            texts::ROLE_MAY_NOT.with("role", user.role.to_string()),
        ))
    }
}

/// Whether the status makes the post public (now or later).
fn publishes(status: PostStatus) -> bool {
    matches!(
        status,
        PostStatus::Published | PostStatus::Scheduled | PostStatus::Private
    )
}

/// Whether `role` may give its own posts `status`: contributors only
/// draft and submit for review.
pub fn may_choose(role: Role, status: PostStatus) -> bool {
    !publishes(status) || can(role, Capability::PublishOwnPosts)
}

/// The statuses `role` may choose, in WordPress's order (the editor's
/// status control is built from it).
pub fn statuses(role: Role) -> Vec<PostStatus> {
    PostStatus::ALL
        .iter()
        .copied()
        .filter(|s| may_choose(role, *s))
        .collect()
}

/// Whether `user` may open and change `post` at all.
pub fn can_edit(user: &User, post: &Post) -> bool {
    if post.author_id == user.id {
        // A contributor's post is out of their hands once it is published.
        can(user.role, Capability::EditOwnPosts)
            && (can(user.role, Capability::PublishOwnPosts) || !publishes(post.status))
    } else {
        can(user.role, Capability::EditOthersPosts)
    }
}

/// Checks a save: `existing` is the stored post (none for a new one),
/// `author` the author the post will have, `status` its new status.
pub fn check_save(
    user: &User,
    existing: Option<&Post>,
    author: &User,
    status: PostStatus,
) -> Result<()> {
    if let Some(post) = existing
        && !can_edit(user, post)
    {
        return Err(Error::Forbidden(texts::MAY_NOT_EDIT.into()));
    }
    if author.id != user.id {
        require(user, Capability::EditOthersPosts)?;
    } else {
        require(user, Capability::EditOwnPosts)?;
    }
    if !may_choose(user.role, status) {
        return Err(Error::Forbidden(texts::CONTRIBUTOR_PUBLISH.into()));
    }
    Ok(())
}

/// Checks a delete.
pub fn check_delete(user: &User, post: &Post) -> Result<()> {
    if can_edit(user, post) {
        Ok(())
    } else {
        Err(Error::Forbidden(texts::MAY_NOT_DELETE.into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{OpenClosed, PostId, PostKind, UserId};

    fn user(id: i64, role: Role) -> User {
        User {
            id: UserId(id),
            login: format!("u{id}"),
            display_name: String::new(),
            email: String::new(),
            bio: String::new(),
            avatar_url: None,
            role,
            password_hash: String::new(),
            disabled: false,
            totp_secret: String::new(),
            language: String::new(),
            created_at: chrono::Utc::now(),
        }
    }

    fn post(author: i64, status: PostStatus) -> Post {
        Post {
            id: PostId(1),
            kind: PostKind::Post,
            status,
            slug: "p".into(),
            title: "P".into(),
            source: String::new(),
            format: crate::model::SourceFormat::Markdown,
            html: String::new(),
            excerpt: String::new(),
            author_id: UserId(author),
            published_at: None,
            updated_at: chrono::Utc::now(),
            comment_status: OpenClosed::Open,
            ping_status: OpenClosed::Open,
            sticky: false,
            trackbacks: Vec::new(),
            primary_category: None,
            guid: String::new(),
            featured_media: None,
        }
    }

    #[test]
    fn grants_capabilities_like_wordpress_roles() {
        use Capability as C;
        let table = [
            (Role::Administrator, C::ALL.to_vec()),
            (
                Role::Editor,
                vec![
                    C::EditOwnPosts,
                    C::PublishOwnPosts,
                    C::EditOthersPosts,
                    C::ModerateComments,
                    C::ManageTerms,
                    C::UploadMedia,
                ],
            ),
            (
                Role::Author,
                vec![C::EditOwnPosts, C::PublishOwnPosts, C::UploadMedia],
            ),
            (Role::Contributor, vec![C::EditOwnPosts]),
        ];
        for (role, granted) in table {
            for cap in C::ALL {
                assert_eq!(can(role, *cap), granted.contains(cap), "{role} {cap:?}");
            }
        }
    }

    #[test]
    fn lets_contributors_submit_but_not_publish() {
        let c = user(1, Role::Contributor);
        assert!(check_save(&c, None, &c, PostStatus::Draft).is_ok());
        assert!(check_save(&c, None, &c, PostStatus::Pending).is_ok());
        for s in [
            PostStatus::Published,
            PostStatus::Scheduled,
            PostStatus::Private,
        ] {
            assert!(matches!(
                check_save(&c, None, &c, s),
                Err(Error::Forbidden(_))
            ));
        }
        // Once an editor published it, the contributor cannot change it.
        let published = post(1, PostStatus::Published);
        assert!(check_save(&c, Some(&published), &c, PostStatus::Draft).is_err());
        assert!(check_delete(&c, &published).is_err());
    }

    #[test]
    fn keeps_authors_to_their_own_posts() {
        let a = user(1, Role::Author);
        let other = user(2, Role::Author);
        assert!(check_save(&a, None, &a, PostStatus::Published).is_ok());
        assert!(
            check_save(
                &a,
                Some(&post(2, PostStatus::Draft)),
                &other,
                PostStatus::Draft
            )
            .is_err()
        );
        assert!(check_save(&a, None, &other, PostStatus::Draft).is_err());
        let e = user(3, Role::Editor);
        assert!(
            check_save(
                &e,
                Some(&post(2, PostStatus::Draft)),
                &other,
                PostStatus::Published
            )
            .is_ok()
        );
        assert!(check_delete(&e, &post(2, PostStatus::Published)).is_ok());
    }
}
