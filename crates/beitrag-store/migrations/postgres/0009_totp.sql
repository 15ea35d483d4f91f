-- Optional two-factor authentication (TOTP, RFC 6238): the shared secret
-- in base32 (empty = off) and the last time step used, so a code cannot be
-- replayed.
alter table users add column totp_secret text not null default '';
alter table users add column totp_last_step bigint not null default 0;
