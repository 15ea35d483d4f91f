-- Comment counts kept on the post, so a card or a post page costs the same
-- with 5 comments as with 100,000. `thread_count` counts the top-level
-- conversation (comment pages are made of threads). Triggers keep them
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

-- Statement triggers over transition tables: one update per post and
-- statement, however many rows it wrote. (Row triggers would update the
-- post's row once per comment; inside one transaction PostgreSQL cannot
-- prune those row versions, so a bulk write of n comments to one post
-- would cost O(n²).)
create function comments_count_insert() returns trigger language plpgsql as $$
begin
    update posts p set
        comment_count = p.comment_count + d.talk,
        ping_count = p.ping_count + d.pings,
        thread_count = p.thread_count + d.threads
    from (select post_id,
            count(*) filter (where kind in ('comment', 'fediverse')) as talk,
            count(*) filter (where kind not in ('comment', 'fediverse')) as pings,
            count(*) filter (where kind in ('comment', 'fediverse') and parent_id is null) as threads
          from new_rows where status = 'approved' group by post_id) d
    where p.id = d.post_id;
    return null;
end
$$;

create function comments_count_delete() returns trigger language plpgsql as $$
begin
    update posts p set
        comment_count = p.comment_count - d.talk,
        ping_count = p.ping_count - d.pings,
        thread_count = p.thread_count - d.threads
    from (select post_id,
            count(*) filter (where kind in ('comment', 'fediverse')) as talk,
            count(*) filter (where kind not in ('comment', 'fediverse')) as pings,
            count(*) filter (where kind in ('comment', 'fediverse') and parent_id is null) as threads
          from old_rows where status = 'approved' group by post_id) d
    where p.id = d.post_id;
    return null;
end
$$;

-- why all three columns: a reply detached by its parent's deletion
-- (`set null`) becomes a thread of its own.
create function comments_count_update() returns trigger language plpgsql as $$
begin
    update posts p set
        comment_count = p.comment_count + d.talk,
        ping_count = p.ping_count + d.pings,
        thread_count = p.thread_count + d.threads
    from (select post_id, sum(talk) as talk, sum(pings) as pings, sum(threads) as threads
          from (select post_id, delta,
                  case when kind in ('comment', 'fediverse') then delta else 0 end as talk,
                  case when kind in ('comment', 'fediverse') then 0 else delta end as pings,
                  case when kind in ('comment', 'fediverse') and parent_id is null then delta else 0 end as threads
                from (select post_id, kind, parent_id, 1 as delta from new_rows where status = 'approved'
                      union all
                      select post_id, kind, parent_id, -1 from old_rows where status = 'approved') moved
               ) signed
          group by post_id) d
    where p.id = d.post_id and (d.talk <> 0 or d.pings <> 0 or d.threads <> 0);
    return null;
end
$$;

create trigger comments_count_insert after insert on comments
    referencing new table as new_rows
    for each statement execute function comments_count_insert();
create trigger comments_count_delete after delete on comments
    referencing old table as old_rows
    for each statement execute function comments_count_delete();
create trigger comments_count_update after update on comments
    referencing old table as old_rows new table as new_rows
    for each statement execute function comments_count_update();

-- Comment pages: the threads of one post in order, their replies, and
-- the linkbacks of one post in order.
create index comments_thread_idx on comments (post_id, status, parent_id, created_at, id);
create index comments_parent_idx on comments (parent_id);
create index comments_kind_idx on comments (post_id, status, kind, created_at, id);
