-- ActivityPub: our actors' keys, who follows them, and what we know of
-- other servers' actors (the signing keys that verify their requests).

-- one row per local actor ('blog', or an author's login), made on first use
create table fediverse_keys (
    actor text primary key,
    private_pem text not null,
    public_pem text not null,
    created_at bigint not null
);

create table fediverse_followers (
    id integer primary key,
    -- our actor followed
    actor text not null,
    -- the follower's actor id
    remote text not null,
    inbox text not null,
    -- the follower's server's shared inbox; empty when it has none
    shared_inbox text not null default '',
    -- @user@host, for lists
    handle text not null default '',
    -- the Follow activity's id, which Undo names
    follow_id text not null default '',
    -- pending (held for approval) | accepted
    status text not null default 'accepted',
    created_at bigint not null,
    unique (actor, remote)
);
create index fediverse_followers_actor_idx on fediverse_followers (actor, status, id);

-- the actors of other servers we have heard from, refetched when stale
-- or when their key stops verifying
create table fediverse_actors (
    id text primary key,
    key_id text not null default '',
    public_pem text not null default '',
    inbox text not null default '',
    shared_inbox text not null default '',
    handle text not null default '',
    name text not null default '',
    url text not null default '',
    icon text not null default '',
    fetched_at bigint not null
);
create index fediverse_actors_key_idx on fediverse_actors (key_id);

-- a fediverse reply is found again (Update, Delete, a reply to it) by its
-- Note's id, kept in source_url
create index comments_remote_idx on comments (source_url) where kind = 'fediverse';

-- Likes and boosts (Announce) of our posts, one per actor and kind; their
-- counts are kept on the post beside the comment counts, so the post page
-- reads them with the post (one row, however many there are)
create table fediverse_reactions (
    post_id bigint not null references posts (id) on delete cascade,
    actor text not null,
    -- like | announce
    kind text not null,
    activity_id text not null default '',
    created_at bigint not null,
    primary key (post_id, actor, kind)
);
create index fediverse_reactions_activity_idx on fediverse_reactions (activity_id);
alter table posts add column like_count integer not null default 0;
alter table posts add column announce_count integer not null default 0;
