-- Comment counts kept on the post, so a card or a post page costs the same
-- with 5 comments as with 100,000. `thread_count` counts the top-level
-- conversation (comment pages are made of threads). A trigger keeps them
-- right whatever writes a comment: every path, every process.
alter table posts add column comment_count bigint not null default 0;
alter table posts add column ping_count bigint not null default 0;
alter table posts add column thread_count bigint not null default 0;

update posts set
    comment_count = (select count(*) from comments c where c.post_id = posts.id
        and c.status = 'approved' and c.kind in ('comment', 'fediverse')),
    ping_count = (select count(*) from comments c where c.post_id = posts.id
        and c.status = 'approved' and c.kind not in ('comment', 'fediverse')),
    thread_count = (select count(*) from comments c where c.post_id = posts.id
        and c.status = 'approved' and c.kind in ('comment', 'fediverse') and c.parent_id is null);

create function comments_count() returns trigger language plpgsql as $$
begin
    if tg_op in ('UPDATE', 'DELETE') and old.status = 'approved' then
        update posts set
            comment_count = comment_count - (case when old.kind in ('comment', 'fediverse') then 1 else 0 end),
            ping_count = ping_count - (case when old.kind in ('comment', 'fediverse') then 0 else 1 end),
            thread_count = thread_count - (case when old.kind in ('comment', 'fediverse') and old.parent_id is null then 1 else 0 end)
        where id = old.post_id;
    end if;
    if tg_op in ('UPDATE', 'INSERT') and new.status = 'approved' then
        update posts set
            comment_count = comment_count + (case when new.kind in ('comment', 'fediverse') then 1 else 0 end),
            ping_count = ping_count + (case when new.kind in ('comment', 'fediverse') then 0 else 1 end),
            thread_count = thread_count + (case when new.kind in ('comment', 'fediverse') and new.parent_id is null then 1 else 0 end)
        where id = new.post_id;
    end if;
    return null;
end
$$;

create trigger comments_count_insert after insert or delete on comments
    for each row execute function comments_count();
-- why `is distinct from`: a reply detached by its parent's deletion
-- (`set null`) becomes a thread of its own.
create trigger comments_count_update after update on comments
    for each row
    when (old.status is distinct from new.status or old.kind is distinct from new.kind
        or old.parent_id is distinct from new.parent_id or old.post_id is distinct from new.post_id)
    execute function comments_count();

-- Comment pages: the threads of one post in order, their replies, and
-- the linkbacks of one post in order.
create index comments_thread_idx on comments (post_id, status, parent_id, created_at, id);
create index comments_parent_idx on comments (parent_id);
create index comments_kind_idx on comments (post_id, kind, status, created_at, id);
