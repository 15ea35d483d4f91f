-- The language a user's admin speaks; empty = the site's language, so a
-- site that changes its language takes every account along that never chose.
alter table users add column language text not null default '';
