-- Comment counts kept on the post, so a card or a post page costs the same
-- with 5 comments as with 100,000. `thread_count` counts the top-level
-- conversation (comment pages are made of threads). Triggers keep them
-- right whatever writes a comment: every path, every process.
alter table posts add column comment_count integer not null default 0;
alter table posts add column ping_count integer not null default 0;
alter table posts add column thread_count integer not null default 0;

update posts set
    comment_count = (select count(*) from comments c where c.post_id = posts.id
        and c.status = 'approved' and c.kind in ('comment', 'fediverse')),
    ping_count = (select count(*) from comments c where c.post_id = posts.id
        and c.status = 'approved' and c.kind not in ('comment', 'fediverse')),
    thread_count = (select count(*) from comments c where c.post_id = posts.id
        and c.status = 'approved' and c.kind in ('comment', 'fediverse') and c.parent_id is null);

create trigger comments_count_insert after insert on comments
when new.status = 'approved'
begin
    update posts set
        comment_count = comment_count + (new.kind in ('comment', 'fediverse')),
        ping_count = ping_count + (new.kind not in ('comment', 'fediverse')),
        thread_count = thread_count + (new.kind in ('comment', 'fediverse') and new.parent_id is null)
    where id = new.post_id;
end;

create trigger comments_count_delete after delete on comments
when old.status = 'approved'
begin
    update posts set
        comment_count = comment_count - (old.kind in ('comment', 'fediverse')),
        ping_count = ping_count - (old.kind not in ('comment', 'fediverse')),
        thread_count = thread_count - (old.kind in ('comment', 'fediverse') and old.parent_id is null)
    where id = old.post_id;
end;

-- why `is not`: a reply detached by its parent's deletion (`set null`)
-- becomes a thread of its own.
create trigger comments_count_update after update on comments
when old.status is not new.status or old.kind is not new.kind
    or old.parent_id is not new.parent_id or old.post_id is not new.post_id
begin
    update posts set
        comment_count = comment_count - (old.kind in ('comment', 'fediverse')),
        ping_count = ping_count - (old.kind not in ('comment', 'fediverse')),
        thread_count = thread_count - (old.kind in ('comment', 'fediverse') and old.parent_id is null)
    where id = old.post_id and old.status = 'approved';
    update posts set
        comment_count = comment_count + (new.kind in ('comment', 'fediverse')),
        ping_count = ping_count + (new.kind not in ('comment', 'fediverse')),
        thread_count = thread_count + (new.kind in ('comment', 'fediverse') and new.parent_id is null)
    where id = new.post_id and new.status = 'approved';
end;

-- Comment pages: the threads of one post in order, their replies, and
-- the linkbacks of one post in order.
create index comments_thread_idx on comments (post_id, status, parent_id, created_at, id);
create index comments_parent_idx on comments (parent_id);
create index comments_kind_idx on comments (post_id, status, kind, created_at, id);
