-- The navigation menu and the sidebar, each saved as a whole list (delete,
-- then insert, in one transaction), so `position` is the key and a child
-- names its parent by the parent's position.
create table menu_items (
    position bigint primary key,
    -- one level of nesting only; the service checks that the parent is a
    -- top-level item
    parent bigint null,
    -- page | category | custom
    kind text not null,
    -- the page's or category's id (kind page, category)
    target_id bigint null,
    -- http(s) address (kind custom)
    url text not null default '',
    -- empty: the page's title or the category's name
    label text not null default ''
);

create table widgets (
    position bigint primary key,
    -- search | recent-posts | recent-comments | categories | tag-cloud |
    -- archives | pages | links | subscribe
    kind text not null,
    -- empty: the theme's heading for the kind
    title text not null default '',
    -- how many items (recent posts and comments, tags, months); 0 = default
    count bigint not null default 0,
    -- the links widget's blogroll, one "URL label" per line
    links text not null default ''
);

-- WordPress's default sidebar, for new sites and for sites upgrading.
insert into widgets (position, kind) values
    (0, 'search'), (1, 'recent-posts'), (2, 'categories'), (3, 'tag-cloud'),
    (4, 'archives'), (5, 'subscribe');
