-- why: duplicate detection and "approve commenters with an approved comment"
-- look comments up by sender.
create index comments_sender_idx on comments (author_email, status);
create index comments_source_idx on comments (post_id, source_url);

-- The spam classifier's memory: per token, how many spam and ham messages
-- contained it. The row with token '' holds the message totals.
create table spam_tokens (
    token text primary key,
    spam bigint not null default 0,
    ham bigint not null default 0
);
