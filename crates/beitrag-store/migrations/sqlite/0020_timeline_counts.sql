-- Posts (kind `post`, published or scheduled, dated) per sticky flag and
-- 30-day slice of `published_at`, so an archive page number is placed by
-- summing about 120 slice counts (ten years) instead of counting and
-- skipping every newer post. Scheduled posts are counted from the start;
-- readers subtract the few dated after now (an indexed range). The slice
-- is floor(published_at / 2592000), written without `floor` so both
-- engines compute it alike, before 1970 too. Triggers keep the counts
-- whatever writes a post.
create table timeline_counts (
    sticky integer not null,
    slice integer not null,
    posts integer not null,
    primary key (sticky, slice)
) without rowid;

insert into timeline_counts (sticky, slice, posts)
select sticky, (published_at - ((published_at % 2592000) + 2592000) % 2592000) / 2592000, count(*)
from posts
where kind = 'post' and status in ('published', 'scheduled') and published_at is not null
group by 1, 2;

create trigger timeline_counts_insert after insert on posts
when new.kind = 'post' and new.status in ('published', 'scheduled') and new.published_at is not null
begin
    insert into timeline_counts (sticky, slice, posts)
    values (new.sticky, (new.published_at - ((new.published_at % 2592000) + 2592000) % 2592000) / 2592000, 1)
    on conflict (sticky, slice) do update set posts = posts + 1;
end;

create trigger timeline_counts_delete after delete on posts
when old.kind = 'post' and old.status in ('published', 'scheduled') and old.published_at is not null
begin
    update timeline_counts set posts = posts - 1
    where sticky = old.sticky
      and slice = (old.published_at - ((old.published_at % 2592000) + 2592000) % 2592000) / 2592000;
end;

create trigger timeline_counts_update_old after update of kind, status, published_at, sticky on posts
when old.kind = 'post' and old.status in ('published', 'scheduled') and old.published_at is not null
begin
    update timeline_counts set posts = posts - 1
    where sticky = old.sticky
      and slice = (old.published_at - ((old.published_at % 2592000) + 2592000) % 2592000) / 2592000;
end;

create trigger timeline_counts_update_new after update of kind, status, published_at, sticky on posts
when new.kind = 'post' and new.status in ('published', 'scheduled') and new.published_at is not null
begin
    insert into timeline_counts (sticky, slice, posts)
    values (new.sticky, (new.published_at - ((new.published_at % 2592000) + 2592000) % 2592000) / 2592000, 1)
    on conflict (sticky, slice) do update set posts = posts + 1;
end;
