-- Full-text search, SQLite flavour (migrations/postgres/0013_search.sql
-- holds the same index as a tsvector). The words stored are the core's
-- index words (stemmed in the site's language, diacritics folded, see
-- beitrag_core::search), so the tokenizer only has to split at spaces.
-- Contentless: the index never returns its text, and snippets are cut from
-- the post itself; contentless_delete lets a saved post replace its row.
-- The rowid is the post's id; deleting a post deletes its row (the store
-- does it, a virtual table takes no foreign key).
create virtual table post_search using fts5(
    title,
    body,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 0',
    prefix = '2 3'
);

-- The language the index words are in: a changed site language means
-- every post is analysed again (one row, id 1; none before the first build).
create table search_state (
    id integer primary key,
    language text not null
);
