-- When the subscription state last changed, so late or retried events never undo newer ones.
alter table contact add column subscription_changed_at timestamptz;

-- Durable work: fetch a contact's profile (unionid, subscribe scene) from WeChat after the event
-- that revealed them. Written in the same transaction as the contact; leased by one worker at a
-- time across all instances.
create table profile_fetch (
    contact_id    bigint      primary key references contact (id),
    due_at        timestamptz not null,
    leased_until  timestamptz,
    attempts      int         not null default 0,
    last_error    text,
    done_at       timestamptz
);

create index profile_fetch_due on profile_fetch (due_at) where done_at is null;
