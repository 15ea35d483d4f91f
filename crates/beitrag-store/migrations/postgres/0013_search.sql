-- Full-text search, PostgreSQL flavour (see migrations/sqlite/0013_search.sql).
-- The words are the core's index words, already stemmed and folded, so the
-- 'simple' configuration only lowercases and splits; the title's words
-- carry weight A, the body's B.
create table post_search (
    post_id bigint primary key references posts (id) on delete cascade,
    document tsvector not null
);
create index post_search_document_idx on post_search using gin (document);

create table search_state (
    id bigint primary key,
    language text not null
);
