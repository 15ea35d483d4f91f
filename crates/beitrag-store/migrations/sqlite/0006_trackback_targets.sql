-- why: TrackBack has no discovery from links alone; an author lists the
-- trackback URLs to ping (WordPress's `to_ping`), one URL per line.
alter table posts add column trackbacks text not null default '';
