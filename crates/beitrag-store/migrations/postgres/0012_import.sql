-- Imports from other blog engines.
--
-- A post's source is Markdown (written here) or HTML (brought from
-- WordPress or Ghost, kept as sanitised HTML rather than converted).
alter table posts add column format text not null default 'markdown';
-- The feed id a post had before it moved here (WordPress's guid), so feed
-- readers do not show old posts as new; empty: the permalink-based id.
alter table posts add column guid text not null default '';

-- Which local row an item of another engine became (`origin` names the
-- engine, `kind` the item type: post, comment, user), so a second run of
-- the same import recognises every item and changes nothing.
create table import_origins (
    origin text not null,
    kind text not null,
    external_id text not null,
    local_id bigint not null,
    primary key (origin, kind, external_id)
);

-- Recording a redirect points every redirect to the old path at the new
-- one (no chains): that looks redirects up by target, and an import
-- records two or three per post.
create index redirects_target_idx on redirects (target);

-- IndieAuth authorization codes: one use each, ten minutes; only the
-- code's hash is kept, with what it was issued for (PKCE challenge too).
create table auth_codes (
    code_hash text primary key,
    user_id bigint not null references users (id) on delete cascade,
    client_id text not null,
    redirect_uri text not null,
    scope text not null,
    challenge text not null,
    expires_at bigint not null
);
