-- A tag or category archive walks the term's own posts by date instead of
-- the whole timeline: each post_terms row carries its post's date and
-- whether the post is in the timeline (kind `post`, published or
-- scheduled), so a page and its total are read from one index range of
-- the term, the same at 1,000 posts as at 100,000. Triggers keep the
-- copies right: a new row takes its post's values, a post's change is
-- copied to its rows.
alter table post_terms add column published_at integer;
alter table post_terms add column listed integer not null default 0;

update post_terms set
    published_at = (select p.published_at from posts p where p.id = post_terms.post_id),
    listed = (select case when p.kind = 'post' and p.status in ('published', 'scheduled') then 1 else 0 end
              from posts p where p.id = post_terms.post_id);

create index post_terms_timeline_idx on post_terms (term_id, listed, published_at, post_id);

create trigger post_terms_listing after insert on post_terms
begin
    update post_terms set
        published_at = (select p.published_at from posts p where p.id = new.post_id),
        listed = (select case when p.kind = 'post' and p.status in ('published', 'scheduled') then 1 else 0 end
                  from posts p where p.id = new.post_id)
    where post_id = new.post_id and term_id = new.term_id;
end;

create trigger posts_term_listing after update of kind, status, published_at on posts
when old.kind is not new.kind or old.status is not new.status or old.published_at is not new.published_at
begin
    update post_terms set
        published_at = new.published_at,
        listed = case when new.kind = 'post' and new.status in ('published', 'scheduled') then 1 else 0 end
    where post_id = new.id;
end;
