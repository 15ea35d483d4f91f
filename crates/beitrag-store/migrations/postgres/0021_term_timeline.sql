-- A tag or category archive walks the term's own posts by date instead of
-- the whole timeline: each post_terms row carries its post's date and
-- whether the post is in the timeline (kind `post`, published or
-- scheduled), so a page and its total are read from one index range of
-- the term, the same at 1,000 posts as at 100,000. (Filtering the
-- timeline by `id in (select … where term_id = …)` hash-joined every
-- post on PostgreSQL.) Triggers keep the copies right: a new row takes
-- its post's values, a post's change is copied to its rows.
alter table post_terms add column published_at bigint;
alter table post_terms add column listed bigint not null default 0;

update post_terms f set
    published_at = p.published_at,
    listed = case when p.kind = 'post' and p.status in ('published', 'scheduled') then 1 else 0 end
from posts p where p.id = f.post_id;

create index post_terms_timeline_idx on post_terms (term_id, listed, published_at, post_id);

create function post_terms_listing() returns trigger language plpgsql as $$
begin
    select p.published_at,
           case when p.kind = 'post' and p.status in ('published', 'scheduled') then 1 else 0 end
    into new.published_at, new.listed
    from posts p where p.id = new.post_id;
    return new;
end
$$;

create function posts_term_listing() returns trigger language plpgsql as $$
begin
    update post_terms set
        published_at = new.published_at,
        listed = case when new.kind = 'post' and new.status in ('published', 'scheduled') then 1 else 0 end
    where post_id = new.id;
    return null;
end
$$;

create trigger post_terms_listing before insert on post_terms
    for each row execute function post_terms_listing();
create trigger posts_term_listing after update of kind, status, published_at on posts
    for each row
    when (old.kind is distinct from new.kind or old.status is distinct from new.status
          or old.published_at is distinct from new.published_at)
    execute function posts_term_listing();
