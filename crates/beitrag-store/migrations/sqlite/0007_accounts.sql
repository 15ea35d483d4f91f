-- Accounts for the admin and the API: sessions, personal access tokens,
-- login throttling and post revisions.

-- why: an administrator disables an account without deleting its posts.
alter table users add column disabled bigint not null default 0;

-- Server-side sessions: the cookie carries a random token, the table only
-- its SHA-256, so a leaked database does not log anybody in.
create table sessions (
    id integer primary key,
    token_hash text not null unique,
    user_id bigint not null references users (id) on delete cascade,
    csrf text not null,
    created_at bigint not null,
    last_seen bigint not null,
    expires_at bigint not null,
    ip text not null default '',
    user_agent text not null default ''
);
create index sessions_user_idx on sessions (user_id);

-- Personal access tokens for the JSON API (stored hashed, like sessions).
create table api_tokens (
    id integer primary key,
    user_id bigint not null references users (id) on delete cascade,
    name text not null,
    token_hash text not null unique,
    scope text not null,
    created_at bigint not null,
    last_used_at bigint
);
create index api_tokens_user_idx on api_tokens (user_id);

-- Failed logins by key ("login:NAME" or "ip:ADDRESS"), for backoff that
-- holds across restarts and instances.
create table login_failures (
    key text not null,
    at bigint not null
);
create index login_failures_idx on login_failures (key, at);

-- Every save of a post keeps the version that was written.
create table revisions (
    id integer primary key,
    post_id bigint not null references posts (id) on delete cascade,
    author_id bigint not null references users (id),
    title text not null,
    source text not null,
    excerpt text not null,
    saved_at bigint not null
);
create index revisions_post_idx on revisions (post_id, id);
