-- why: a commenter may ask to be told by email of replies to their comment.
alter table comments add column notify bigint not null default 0;
-- why: duplicate detection looks a post's comments up by sender; without
-- this it read every comment of a busy post on each submission.
create index comments_dedupe_idx on comments (post_id, author_email);
