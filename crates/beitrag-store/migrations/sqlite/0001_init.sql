-- beitrag schema, SQLite flavour. Keep it column-for-column identical to
-- migrations/postgres/0001_init.sql: the conformance suite compares both.
--
-- Conventions shared by both trees:
--   * ids and integers are 64-bit (`integer primary key` is SQLite's rowid alias);
--   * timestamps are unix seconds (UTC) declared bigint (integer affinity, the
--     same word as in PostgreSQL), because the Any driver has no portable
--     timestamp type;
--   * booleans are integers 0/1, for the same reason;
--   * enum words are text holding `as_str()`; no check constraints on them, so a
--     new variant needs no table rebuild (SQLite cannot alter a check in place);
--     the store rejects unknown words when decoding.

-- site settings; the core parses and validates the values
create table settings (
    key text primary key,
    value text not null
);

create table users (
    id integer primary key,
    login text not null unique,
    display_name text not null,
    email text not null,
    bio text not null default '',
    avatar_url text,
    role text not null,
    password_hash text not null,
    created_at bigint not null
);

create table posts (
    id integer primary key,
    kind text not null,
    status text not null,
    slug text not null,
    title text not null,
    source text not null,
    html text not null,
    excerpt text not null default '',
    author_id integer not null references users (id),
    -- null for drafts that were never published
    published_at bigint,
    updated_at bigint not null,
    created_at bigint not null,
    comment_status text not null,
    ping_status text not null,
    sticky integer not null default 0,
    -- slugs are unique per kind: a page and a post may share one
    unique (kind, slug)
);
-- archives filter on kind + visibility and sort by date, id
create index posts_listing_idx on posts (kind, status, published_at, id);
create index posts_author_idx on posts (author_id);

create table terms (
    id integer primary key,
    taxonomy text not null,
    slug text not null,
    name text not null,
    -- parent category; always null for tags
    parent_id integer references terms (id),
    unique (taxonomy, slug)
);

-- without rowid: the table is nothing but its composite key, so SQLite can
-- store it as the primary-key b-tree alone
create table post_terms (
    post_id integer not null references posts (id) on delete cascade,
    term_id integer not null references terms (id) on delete cascade,
    primary key (post_id, term_id)
) without rowid;
-- tag and category archives look posts up by term
create index post_terms_term_idx on post_terms (term_id);

-- comments, trackbacks, pingbacks, webmentions and fediverse replies
create table comments (
    id integer primary key,
    post_id integer not null references posts (id) on delete cascade,
    -- deleting a comment keeps its replies, detached
    parent_id integer references comments (id) on delete set null,
    kind text not null,
    status text not null,
    author_name text not null default '',
    author_email text not null default '',
    author_url text not null default '',
    html text not null default '',
    source_url text not null default '',
    source_title text not null default '',
    author_ip text not null default '',
    created_at bigint not null
);
-- the single-post page: approved responses of one post, oldest first
create index comments_post_idx on comments (post_id, status, created_at);
-- comment feeds and moderation queues: newest by status
create index comments_status_idx on comments (status, created_at);

-- old path -> current path; chains are collapsed when written
create table redirects (
    source text primary key,
    target text not null,
    created_at bigint not null
);
