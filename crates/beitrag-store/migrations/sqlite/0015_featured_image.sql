-- What an image shows, for readers who cannot see it; uploads through the
-- admin must say it, older ones and API uploads may leave it empty.
alter table media add column alt text not null default '';
-- The image a post is shown with (theme, OpenGraph, feeds); deleting the
-- upload leaves the post without one rather than failing.
alter table posts add column featured_media bigint references media (id) on delete set null;
create index posts_featured_media_idx on posts (featured_media);
