-- The change log: each write names what it touched, so every process that
-- caches pages (other instances, a server while the CLI writes) drops
-- exactly those. Rows older than an hour are pruned.
create table changes (
    id integer primary key,
    topic text not null,
    at bigint not null
);
create index changes_at_idx on changes (at);

-- why: failed and cancelled jobs stay for inspection; `done_at` alone
-- cannot tell them from finished ones.
alter table jobs add column outcome text not null default '';
update jobs set outcome = 'done' where done_at is not null;

-- Typed jobs: payloads become versioned JSON (`beitrag_core::job::Job`).
update jobs set payload = json_object('v', 1, 'kind', kind, 'post', cast(payload as integer))
    where kind in ('post.publish', 'linkback.send-post') and payload glob '[0-9]*';
update jobs set payload = json_object('v', 1, 'kind', kind, 'comment', cast(payload as integer))
    where kind in ('mail.comment', 'mail.reply') and payload glob '[0-9]*';
update jobs set payload = json_object('v', 1, 'kind', kind, 'user', cast(payload as integer))
    where kind = 'mail.password-reset' and payload glob '[0-9]*';
-- `post\nsource\ntarget`
update jobs set payload = json_object(
        'v', 1,
        'kind', kind,
        'post', cast(substr(payload, 1, instr(payload, char(10)) - 1) as integer),
        'source', substr(substr(payload, instr(payload, char(10)) + 1), 1,
            instr(substr(payload, instr(payload, char(10)) + 1), char(10)) - 1),
        'target', substr(substr(payload, instr(payload, char(10)) + 1),
            instr(substr(payload, instr(payload, char(10)) + 1), char(10)) + 1))
    where kind in ('webmention.verify', 'linkback.ping', 'linkback.trackback')
      and payload glob '[0-9]*'
      and instr(substr(payload, instr(payload, char(10)) + 1), char(10)) > 0;
