-- Outbound webhooks (Standard Webhooks): the endpoints an ADMIN registers, the messages yutang
-- publishes (one per fact, idempotent on the fact's key), a delivery per (message, endpoint) as
-- durable work, and every attempt's outcome.
create table webhook_endpoint (
    id                     bigint generated always as identity primary key,
    url                    text        not null,
    description            text,
    event_types            text[]      not null,
    enabled                boolean     not null default true,
    secret                 text        not null,
    previous_secret        text,
    previous_secret_until  timestamptz,
    created_by             text        not null,
    created_at             timestamptz not null,
    updated_at             timestamptz not null,
    last_success_at        timestamptz,
    disabled_at            timestamptz,
    disabled_reason        text
);

create table webhook_message (
    id           text        primary key,
    type         text        not null,
    source_key   text        not null unique,
    contact_id   bigint,
    body         text        not null,
    occurred_at  timestamptz not null,
    created_at   timestamptz not null
);
create index webhook_message_by_time on webhook_message (created_at);
create index webhook_message_by_contact on webhook_message (contact_id, type);

create table webhook_delivery (
    id            bigint generated always as identity primary key,
    message_id    text        not null references webhook_message (id),
    endpoint_id   bigint      not null references webhook_endpoint (id),
    state         text        not null default 'PENDING' check (state in ('PENDING', 'LEASED', 'DONE', 'FAILED')),
    due_at        timestamptz not null,
    leased_until  timestamptz,
    attempts      integer     not null default 0,
    fence         bigint      not null default 0,
    reason        text,
    done_at       timestamptz,
    constraint webhook_delivery_once unique (message_id, endpoint_id)
);
create index webhook_delivery_due on webhook_delivery (endpoint_id, due_at) where state = 'PENDING';
create index webhook_delivery_in_flight on webhook_delivery (leased_until) where state = 'LEASED';

create table webhook_attempt (
    id            bigint generated always as identity primary key,
    endpoint_id   bigint      not null references webhook_endpoint (id),
    message_id    text        not null references webhook_message (id),
    attempted_at  timestamptz not null,
    status        integer,
    latency_ms    integer     not null,
    response      text,
    error         text
);
create index webhook_attempt_by_endpoint on webhook_attempt (endpoint_id, attempted_at desc);
