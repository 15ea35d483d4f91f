-- The durable job queue: linkbacks to send, Webmentions to verify, mail.
-- A worker claims a due job by setting locked_until (a lease); a crashed
-- worker's job becomes due again when the lease runs out.
create table jobs (
    id integer primary key,
    kind text not null,
    payload text not null,
    -- why: enqueueing the same work twice (a re-saved post) is a no-op
    dedupe_key text unique,
    run_at bigint not null,
    attempts bigint not null default 0,
    max_attempts bigint not null default 8,
    locked_until bigint,
    last_error text not null default '',
    done_at bigint,
    created_at bigint not null
);
create index jobs_due_idx on jobs (done_at, run_at);
