//! Role × operation → allowed or refused, for every service that writes,
//! on a real database: the services check the actor themselves, so no
//! entry point can forget to. Each case builds what it acts on afresh
//! (as the operator), then runs the operation as the actor.

use std::sync::Arc;

use beitrag_core::model::{
    CommentStatus, Media, MediaId, PostId, PostKind, PostStatus, Role, Taxonomy, User, UserId,
};
use beitrag_core::service::comment::{self, Action, Submission};
use beitrag_core::service::post::{self, PostInput, PostPatch};
use beitrag_core::service::{jobs, media, settings, terms, theme, user};
use beitrag_core::store::JobFilter;
use beitrag_core::{Actor, Core, CoreOptions, Error, Result};
use beitrag_store::SqlStore;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    ChangeSettings,
    CreateUser,
    ChangeRole,
    RenameTerm,
    Moderate,
    EditComment,
    ReplyAsStaff,
    Upload,
    RemoveOthersUpload,
    DescribeOthersUpload,
    PublishOwn,
    DraftOwn,
    EditOthers,
    DeleteOthers,
    ListJobs,
    ArrangeTheme,
    ListSubscribers,
}

const OPS: [Op; 17] = [
    Op::ChangeSettings,
    Op::CreateUser,
    Op::ChangeRole,
    Op::RenameTerm,
    Op::Moderate,
    Op::EditComment,
    Op::ReplyAsStaff,
    Op::Upload,
    Op::RemoveOthersUpload,
    Op::DescribeOthersUpload,
    Op::PublishOwn,
    Op::DraftOwn,
    Op::EditOthers,
    Op::DeleteOthers,
    Op::ListJobs,
    Op::ArrangeTheme,
    Op::ListSubscribers,
];

/// Which roles may do what, as WordPress users know it.
fn allowed(role: Option<Role>, op: Op) -> bool {
    use Op::*;
    match role {
        None => false,
        Some(Role::Administrator) => true,
        Some(Role::Editor) => !matches!(
            op,
            ChangeSettings | CreateUser | ChangeRole | ListJobs | ArrangeTheme | ListSubscribers
        ),
        Some(Role::Author) => matches!(op, Upload | PublishOwn | DraftOwn),
        Some(Role::Contributor) => matches!(op, DraftOwn),
    }
}

fn input(author: &str, title: &str, status: PostStatus) -> PostInput {
    PostInput {
        id: None,
        kind: PostKind::Post,
        status,
        title: title.into(),
        slug: None,
        source: "Text".into(),
        format: beitrag_core::model::SourceFormat::Markdown,
        excerpt: String::new(),
        author: author.into(),
        published_at: None,
        updated_at: None,
        comment_status: None,
        ping_status: None,
        sticky: false,
        trackbacks: Vec::new(),
        tags: vec![format!("tag {title}")],
        categories: Vec::new(),
        featured_media: None,
    }
}

async fn account(core: &Core, login: &str, role: Role) -> User {
    user::create(
        core,
        &Actor::Operator,
        user::UserInput {
            login: login.into(),
            display_name: login.into(),
            email: format!("{login}@example.org"),
            role,
            bio: String::new(),
        },
        "geheim123",
    )
    .await
    .unwrap()
}

/// Builds what `op` acts on (as the operator), then runs it as `actor`.
async fn run(core: &Core, actor: &Actor, owner: &User, op: Op, n: usize) -> Result<()> {
    let me = actor.user().map_or("owner", |u| u.login.as_str());
    let title = format!("{op:?} {n}");
    let others_post = || async {
        post::save(
            core,
            &Actor::Operator,
            input(&owner.login, &title, PostStatus::Published),
            None,
        )
        .await
        .unwrap()
    };
    let held_comment = || async {
        let post = others_post().await;
        let s = settings::load(core.read()).await.unwrap();
        let c = comment::submit(
            core,
            &Actor::Import,
            &s,
            Submission {
                post_id: Some(post),
                author_name: "Leser".into(),
                author_email: format!("leser{n}@example.net"),
                text: format!("Kommentar {n}"),
                status: Some(CommentStatus::Approved),
                ..Submission::default()
            },
            chrono::Utc::now(),
        )
        .await
        .unwrap();
        c.id
    };
    let upload = |by: UserId, path: String| Media {
        id: MediaId(0),
        path,
        name: "foto.jpg".into(),
        alt: String::new(),
        mime: "image/jpeg".into(),
        size: 3,
        width: None,
        height: None,
        variants: Vec::new(),
        uploaded_by: by,
        created_at: chrono::Utc::now(),
    };
    match op {
        Op::ChangeSettings => settings::set(core, actor, "tagline", &title)
            .await
            .map(drop),
        Op::CreateUser => user::create(
            core,
            actor,
            user::UserInput {
                login: format!("new{n}"),
                display_name: "Neu".into(),
                email: format!("new{n}@example.org"),
                role: Role::Author,
                bio: String::new(),
            },
            "geheim123",
        )
        .await
        .map(drop),
        Op::ChangeRole => {
            let target = account(core, &format!("target{n}"), Role::Author).await;
            user::set_role(core, actor, target.id, Role::Editor, false)
                .await
                .map(drop)
        }
        Op::RenameTerm => {
            others_post().await;
            let tag = core
                .read()
                .terms()
                .await
                .unwrap()
                .into_iter()
                .find(|t| t.name == format!("tag {title}"))
                .unwrap();
            let patch = terms::TermPatch {
                name: Some(format!("renamed {n}")),
                ..terms::TermPatch::default()
            };
            terms::update(core, actor, Taxonomy::Tag, tag.id, patch)
                .await
                .map(drop)
        }
        Op::Moderate => {
            let c = held_comment().await;
            comment::moderate(core, actor, &[c], Action::Trash)
                .await
                .map(drop)
        }
        Op::EditComment => {
            let c = held_comment().await;
            comment::edit(core, actor, c, "Geändert").await
        }
        Op::ReplyAsStaff => {
            let c = held_comment().await;
            let s = settings::load(core.read()).await.unwrap();
            comment::reply_as_staff(core, actor, &s, c, "Danke!", chrono::Utc::now())
                .await
                .map(drop)
        }
        Op::Upload => media::record(core, actor, &upload(owner.id, format!("a/{n}.jpg")))
            .await
            .map(drop),
        Op::RemoveOthersUpload => {
            let m = media::record(
                core,
                &Actor::Operator,
                &upload(owner.id, format!("b/{n}.jpg")),
            )
            .await
            .unwrap();
            media::remove(core, actor, m.id).await.map(drop)
        }
        Op::DescribeOthersUpload => {
            let m = media::record(
                core,
                &Actor::Operator,
                &upload(owner.id, format!("c/{n}.pdf")),
            )
            .await
            .unwrap();
            media::set_alt(core, actor, m.id, "").await.map(drop)
        }
        Op::PublishOwn => post::save(core, actor, input(me, &title, PostStatus::Published), None)
            .await
            .map(drop),
        Op::DraftOwn => post::save(core, actor, input(me, &title, PostStatus::Draft), None)
            .await
            .map(drop),
        Op::EditOthers => {
            let id = others_post().await;
            let patch = PostPatch {
                title: Some(format!("{title} geändert")),
                ..PostPatch::default()
            };
            post::update(core, actor, id, patch, None).await.map(drop)
        }
        Op::DeleteOthers => {
            let id: PostId = others_post().await;
            post::delete(core, actor, &[id]).await.map(drop)
        }
        Op::ListJobs => jobs::list(
            core,
            actor,
            &JobFilter {
                status: None,
                limit: 10,
            },
        )
        .await
        .map(drop),
        Op::ArrangeTheme => {
            let widgets = core.read().widgets().await?;
            theme::save_widgets(core, actor, &widgets).await?;
            theme::save_menu(core, actor, &[]).await
        }
        Op::ListSubscribers => {
            beitrag_core::service::subscribers::list(core, actor).await?;
            // Removing someone who is not there: allowed means NotFound.
            match beitrag_core::service::subscribers::remove(
                core,
                actor,
                beitrag_core::model::SubscriberId(0),
            )
            .await
            {
                Err(Error::NotFound) => Ok(()),
                other => other,
            }
        }
    }
}

async fn every_service_checks_its_actor(store: SqlStore) {
    let core = Core::new(
        Arc::new(store),
        CoreOptions {
            secret: "s".repeat(32),
            ..CoreOptions::default()
        },
    );
    let owner = account(&core, "owner", Role::Editor).await;
    let mut actors = Vec::new();
    for role in [
        Role::Administrator,
        Role::Editor,
        Role::Author,
        Role::Contributor,
    ] {
        let user = account(&core, &format!("as-{role}"), role).await;
        actors.push((Some(role), Actor::User(Box::new(user))));
    }
    actors.push((None, Actor::Remote));
    let mut n = 0;
    let mut wrong = Vec::new();
    for (role, actor) in &actors {
        for op in OPS {
            n += 1;
            let result = run(&core, actor, &owner, op, n).await;
            let ok = matches!(
                (&result, allowed(*role, op)),
                (Ok(()), true) | (Err(Error::Forbidden(_)), false)
            );
            if !ok {
                wrong.push(format!("{role:?} {op:?}: {result:?}"));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

async fn disabled_accounts_may_do_nothing(store: SqlStore) {
    let core = Core::new(
        Arc::new(store),
        CoreOptions {
            secret: "s".repeat(32),
            ..CoreOptions::default()
        },
    );
    let owner = account(&core, "owner", Role::Editor).await;
    let mut admin = account(&core, "boss", Role::Administrator).await;
    admin.disabled = true;
    let actor = Actor::User(Box::new(admin));
    for (n, op) in OPS.into_iter().enumerate() {
        let result = run(&core, &actor, &owner, op, n).await;
        assert!(
            matches!(result, Err(Error::Forbidden(_))),
            "{op:?}: {result:?}"
        );
    }
}

conformance!(
    every_service_checks_its_actor,
    disabled_accounts_may_do_nothing
);
