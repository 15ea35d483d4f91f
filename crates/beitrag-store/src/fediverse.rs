//! `fediverse_keys`, `fediverse_followers`, `fediverse_actors`, and the
//! lookups of fediverse replies in `comments`.

use beitrag_core::model::{
    ActorKey, Comment, FollowStatus, Follower, KnownActor, PostId, ReactionKind,
};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::exec::{Db, query};
use crate::rows::{comment_from_row, secs, time};
use crate::sql::comment_columns;

fn key_from_row(r: &AnyRow) -> Result<ActorKey, sqlx::Error> {
    Ok(ActorKey {
        actor: r.try_get("actor")?,
        private_pem: r.try_get("private_pem")?,
        public_pem: r.try_get("public_pem")?,
        created_at: time(r, "created_at")?,
    })
}

pub(crate) async fn actor_key(
    db: &mut Db<'_>,
    actor: &str,
) -> Result<Option<ActorKey>, sqlx::Error> {
    db.optional(
        query("select actor, private_pem, public_pem, created_at from fediverse_keys where actor = $1")
            .bind(actor.to_owned()),
    )
    .await?
    .as_ref()
    .map(key_from_row)
    .transpose()
}

pub(crate) async fn insert_actor_key(
    db: &mut Db<'_>,
    k: &ActorKey,
) -> Result<ActorKey, sqlx::Error> {
    db.execute(
        query(
            "insert into fediverse_keys (actor, private_pem, public_pem, created_at) \
             values ($1, $2, $3, $4) on conflict (actor) do nothing",
        )
        .bind(k.actor.clone())
        .bind(k.private_pem.clone())
        .bind(k.public_pem.clone())
        .bind(secs(k.created_at)),
    )
    .await?;
    actor_key(db, &k.actor)
        .await?
        .ok_or(sqlx::Error::RowNotFound)
}

macro_rules! follower_columns {
    () => {
        "id, actor, remote, inbox, shared_inbox, handle, follow_id, status, created_at"
    };
}

fn follower_from_row(r: &AnyRow) -> Result<Follower, sqlx::Error> {
    let status: String = r.try_get("status")?;
    Ok(Follower {
        id: r.try_get("id")?,
        actor: r.try_get("actor")?,
        remote: r.try_get("remote")?,
        inbox: r.try_get("inbox")?,
        shared_inbox: r.try_get("shared_inbox")?,
        handle: r.try_get("handle")?,
        follow_id: r.try_get("follow_id")?,
        status: FollowStatus::parse(&status).ok_or_else(|| sqlx::Error::ColumnDecode {
            index: "status".into(),
            source: format!("unknown value {status:?}").into(),
        })?,
        created_at: time(r, "created_at")?,
    })
}

pub(crate) async fn followers(
    db: &mut Db<'_>,
    actor: &str,
    status: FollowStatus,
    after_id: i64,
    limit: i64,
) -> Result<Vec<Follower>, sqlx::Error> {
    let sql = concat!(
        "select ",
        follower_columns!(),
        " from fediverse_followers where actor = $1 and status = $2 and id > $3 order by id limit $4 + 0"
    );
    db.all(
        query(sql)
            .bind(actor.to_owned())
            .bind(status.as_str())
            .bind(after_id)
            .bind(limit),
    )
    .await?
    .iter()
    .map(follower_from_row)
    .collect()
}

pub(crate) async fn follower_count(db: &mut Db<'_>, actor: &str) -> Result<i64, sqlx::Error> {
    db.one(
        query("select count(*) as n from fediverse_followers where actor = $1 and status = 'accepted'")
            .bind(actor.to_owned()),
    )
    .await?
    .try_get("n")
}

pub(crate) async fn follower(
    db: &mut Db<'_>,
    actor: &str,
    remote: &str,
) -> Result<Option<Follower>, sqlx::Error> {
    let sql = concat!(
        "select ",
        follower_columns!(),
        " from fediverse_followers where actor = $1 and remote = $2"
    );
    db.optional(query(sql).bind(actor.to_owned()).bind(remote.to_owned()))
        .await?
        .as_ref()
        .map(follower_from_row)
        .transpose()
}

pub(crate) async fn put_follower(db: &mut Db<'_>, f: &Follower) -> Result<(), sqlx::Error> {
    db.execute(
        query(
            "insert into fediverse_followers \
             (actor, remote, inbox, shared_inbox, handle, follow_id, status, created_at) \
             values ($1, $2, $3, $4, $5, $6, $7, $8) \
             on conflict (actor, remote) do update set inbox = excluded.inbox, \
             shared_inbox = excluded.shared_inbox, handle = excluded.handle, \
             follow_id = excluded.follow_id, status = excluded.status",
        )
        .bind(f.actor.clone())
        .bind(f.remote.clone())
        .bind(f.inbox.clone())
        .bind(f.shared_inbox.clone())
        .bind(f.handle.clone())
        .bind(f.follow_id.clone())
        .bind(f.status.as_str())
        .bind(secs(f.created_at)),
    )
    .await?;
    Ok(())
}

pub(crate) async fn remove_follower(
    db: &mut Db<'_>,
    actor: &str,
    remote: &str,
) -> Result<bool, sqlx::Error> {
    let n = db
        .execute(
            query("delete from fediverse_followers where actor = $1 and remote = $2")
                .bind(actor.to_owned())
                .bind(remote.to_owned()),
        )
        .await?;
    Ok(n > 0)
}

macro_rules! actor_columns {
    () => {
        "id, key_id, public_pem, inbox, shared_inbox, handle, name, url, icon, fetched_at"
    };
}

fn actor_from_row(r: &AnyRow) -> Result<KnownActor, sqlx::Error> {
    Ok(KnownActor {
        id: r.try_get("id")?,
        key_id: r.try_get("key_id")?,
        public_pem: r.try_get("public_pem")?,
        inbox: r.try_get("inbox")?,
        shared_inbox: r.try_get("shared_inbox")?,
        handle: r.try_get("handle")?,
        name: r.try_get("name")?,
        url: r.try_get("url")?,
        icon: r.try_get("icon")?,
        fetched_at: time(r, "fetched_at")?,
    })
}

pub(crate) async fn known_actor(
    db: &mut Db<'_>,
    id: &str,
) -> Result<Option<KnownActor>, sqlx::Error> {
    let sql = concat!(
        "select ",
        actor_columns!(),
        " from fediverse_actors where id = $1"
    );
    db.optional(query(sql).bind(id.to_owned()))
        .await?
        .as_ref()
        .map(actor_from_row)
        .transpose()
}

pub(crate) async fn known_actor_by_key(
    db: &mut Db<'_>,
    key_id: &str,
) -> Result<Option<KnownActor>, sqlx::Error> {
    let sql = concat!(
        "select ",
        actor_columns!(),
        " from fediverse_actors where key_id = $1 order by fetched_at desc limit 1"
    );
    db.optional(query(sql).bind(key_id.to_owned()))
        .await?
        .as_ref()
        .map(actor_from_row)
        .transpose()
}

pub(crate) async fn put_known_actor(db: &mut Db<'_>, a: &KnownActor) -> Result<(), sqlx::Error> {
    db.execute(
        query(
            "insert into fediverse_actors \
             (id, key_id, public_pem, inbox, shared_inbox, handle, name, url, icon, fetched_at) \
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
             on conflict (id) do update set key_id = excluded.key_id, \
             public_pem = excluded.public_pem, inbox = excluded.inbox, \
             shared_inbox = excluded.shared_inbox, handle = excluded.handle, \
             name = excluded.name, url = excluded.url, icon = excluded.icon, \
             fetched_at = excluded.fetched_at",
        )
        .bind(a.id.clone())
        .bind(a.key_id.clone())
        .bind(a.public_pem.clone())
        .bind(a.inbox.clone())
        .bind(a.shared_inbox.clone())
        .bind(a.handle.clone())
        .bind(a.name.clone())
        .bind(a.url.clone())
        .bind(a.icon.clone())
        .bind(secs(a.fetched_at)),
    )
    .await?;
    Ok(())
}

pub(crate) async fn fediverse_comment(
    db: &mut Db<'_>,
    note_id: &str,
) -> Result<Option<Comment>, sqlx::Error> {
    let sql = concat!(
        "select ",
        comment_columns!(),
        " from comments c where c.source_url = $1 and c.kind = 'fediverse' limit 1"
    );
    db.optional(query(sql).bind(note_id.to_owned()))
        .await?
        .as_ref()
        .map(comment_from_row)
        .transpose()
}

pub(crate) async fn known_fediverse_author(
    db: &mut Db<'_>,
    actor: &str,
) -> Result<bool, sqlx::Error> {
    Ok(db
        .optional(
            query(
                "select 1 as one from comments where kind = 'fediverse' and status = 'approved' \
                 and author_url = $1 limit 1",
            )
            .bind(actor.to_owned()),
        )
        .await?
        .is_some())
}

/// Adds `delta` to one count of a post (never below zero).
async fn count(
    db: &mut Db<'_>,
    post: PostId,
    kind: ReactionKind,
    delta: i64,
) -> Result<(), sqlx::Error> {
    let sql = match kind {
        ReactionKind::Like => {
            "update posts set like_count = case when like_count + $2 < 0 then 0 \
             else like_count + $2 end where id = $1"
        }
        ReactionKind::Announce => {
            "update posts set announce_count = case when announce_count + $2 < 0 then 0 \
             else announce_count + $2 end where id = $1"
        }
    };
    db.execute(query(sql).bind(post.0).bind(delta)).await?;
    Ok(())
}

pub(crate) async fn add_reaction(
    db: &mut Db<'_>,
    post: PostId,
    actor: &str,
    kind: ReactionKind,
    activity_id: &str,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<bool, sqlx::Error> {
    let n = db
        .execute(
            query(
                "insert into fediverse_reactions (post_id, actor, kind, activity_id, created_at) \
                 values ($1, $2, $3, $4, $5) on conflict do nothing",
            )
            .bind(post.0)
            .bind(actor.to_owned())
            .bind(kind.as_str())
            .bind(activity_id.to_owned())
            .bind(secs(at)),
        )
        .await?;
    if n > 0 {
        count(db, post, kind, 1).await?;
    }
    Ok(n > 0)
}

pub(crate) async fn remove_reaction(
    db: &mut Db<'_>,
    actor: &str,
    kind: ReactionKind,
    activity_id: &str,
    post: Option<PostId>,
) -> Result<Option<PostId>, sqlx::Error> {
    let row = db
        .optional(
            query(
                "select post_id from fediverse_reactions where actor = $1 and kind = $2 \
                 and ((activity_id = $3 and activity_id <> '') or post_id = $4) limit 1",
            )
            .bind(actor.to_owned())
            .bind(kind.as_str())
            .bind(activity_id.to_owned())
            .bind(post.map_or(-1, |p| p.0)),
        )
        .await?;
    let Some(row) = row else { return Ok(None) };
    let post = PostId(row.try_get("post_id")?);
    db.execute(
        query("delete from fediverse_reactions where post_id = $1 and actor = $2 and kind = $3")
            .bind(post.0)
            .bind(actor.to_owned())
            .bind(kind.as_str()),
    )
    .await?;
    count(db, post, kind, -1).await?;
    Ok(Some(post))
}
