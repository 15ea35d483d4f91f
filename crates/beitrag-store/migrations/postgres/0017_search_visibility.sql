-- The index SQLite's search reads instead of the rows (see
-- migrations/sqlite/0017_search_visibility.sql); here it lets the same
-- check of up to 1,000 matches be an index-only scan.
create index posts_visibility_idx on posts (id) include (kind, status, published_at);
