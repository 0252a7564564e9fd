-- Every message or event WeChat pushed, stored once before it is acknowledged. The unique key
-- catches retries even when the Redis dedupe key is missing (Redis down, key expired).
create table inbound_event (
    id            bigint generated always as identity primary key,
    app_id        text        not null,
    dedupe_key    text        not null,
    msg_type      text        not null,
    event         text,
    openid        text        not null,
    event_key     text,
    msg_id        text,
    created_at    timestamptz not null,
    received_at   timestamptz not null,
    xml           text        not null,
    handled_at    timestamptz,
    leased_until  timestamptz,
    attempts      int         not null default 0,
    last_error    text,
    constraint inbound_event_once unique (app_id, dedupe_key)
);

create index inbound_event_unhandled on inbound_event (received_at) where handled_at is null;
create index inbound_event_openid on inbound_event (app_id, openid, created_at);
