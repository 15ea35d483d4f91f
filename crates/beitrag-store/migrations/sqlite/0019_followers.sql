-- Followers by every channel: WebSub subscriptions (beitrag as its own
-- hub) and email subscribers (double opt-in).

-- A WebSub subscription (W3C WebSub §5.1) whose intent was verified: a
-- request only becomes a row once its callback echoed the challenge, so an
-- unanswered one leaves nothing behind. One per topic and callback; a new
-- verified request replaces the lease and secret.
create table websub_subscriptions (
    id integer primary key autoincrement,
    -- the feed's absolute URL
    topic text not null,
    callback text not null,
    -- HMAC key for X-Hub-Signature; empty: deliveries are not signed
    secret text not null default '',
    lease_seconds bigint not null,
    -- Unix seconds; past it the subscription receives nothing
    expires_at bigint not null,
    created_at bigint not null,
    unique (topic, callback)
);
create index websub_subscriptions_active on websub_subscriptions (topic, expires_at);

-- An email subscriber. `autoincrement`: signed confirmation and
-- unsubscribe links name the id, which must never be given to someone else
-- after a removal.
create table subscribers (
    id integer primary key autoincrement,
    -- lowercased
    email text not null unique,
    created_at bigint not null,
    -- when the subscriber followed the confirmation link (their consent);
    -- null while pending: nothing is mailed to them but that link
    confirmed_at bigint null
);

-- Posts already announced to followers: each post is mailed once, however
-- often it is saved, unpublished and published again.
create table follower_announcements (
    post_id bigint primary key references posts (id) on delete cascade,
    created_at bigint not null
);
