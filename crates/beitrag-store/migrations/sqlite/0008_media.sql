-- Uploaded images and files. The bytes live in the object store; this row
-- names them. `variants` lists the resized copies as "path width height"
-- lines (one per variant, widest last), so a post's images get srcset
-- without touching the object store.
create table media (
    id integer primary key,
    path text not null unique,
    name text not null,
    mime text not null,
    size bigint not null,
    width bigint,
    height bigint,
    variants text not null default '',
    uploaded_by bigint not null references users (id),
    created_at bigint not null
);
create index media_created_idx on media (created_at, id);
