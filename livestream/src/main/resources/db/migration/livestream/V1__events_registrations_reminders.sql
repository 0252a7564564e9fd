-- Live events marketing runs, the people registered for them, and every message planned for a
-- registrant (confirmation, reminders, change notices, replay, survey): one row per message,
-- written in the same transaction as the fact that caused it, sent exactly once by a dispatcher.
create table live_event (
    id                    bigint generated always as identity primary key,
    title                 text        not null,
    description           text,
    starts_at             timestamptz not null,
    ends_at               timestamptz not null,
    capacity              int,
    registration_fields   jsonb       not null,
    consent_text          text,
    reminder_offsets      bigint[]    not null,
    channels              text[]      not null,
    template_id           text,
    subscribe_template_id text,
    watch_url             text,
    replay_url            text,
    survey_url            text,
    status                text        not null,
    schedule_version      int         not null default 1,
    created_at            timestamptz not null,
    updated_at            timestamptz not null,
    constraint live_event_times check (ends_at > starts_at),
    constraint live_event_capacity check (capacity is null or capacity > 0)
);

create table registration (
    id             bigint generated always as identity primary key,
    event_id       bigint      not null references live_event (id),
    contact_id     bigint      not null,
    -- where messages go: the contact's WeChat address, captured at registration
    app_id         text        not null,
    openid         text        not null,
    status         text        not null,
    answers        jsonb       not null,
    consented_at   timestamptz,
    share_token    text,
    queued_at      timestamptz not null,
    registered_at  timestamptz not null,
    promoted_at    timestamptz,
    cancelled_at   timestamptz,
    -- counts registrations of this contact for this event (a cancelled one may be renewed); notices carry it
    round          int         not null default 1,
    attributed_at  timestamptz,
    credit_tried_at timestamptz,
    updated_at     timestamptz not null,
    constraint registration_once unique (event_id, contact_id)
);

create index registration_queue on registration (event_id, queued_at, id) where status = 'WAITLISTED';
create index registration_of_contact on registration (contact_id, updated_at desc);
create index registration_uncredited on registration (registered_at) where status = 'REGISTERED' and attributed_at is null;

create table reminder (
    id               bigint generated always as identity primary key,
    registration_id  bigint      not null references registration (id),
    purpose          text        not null,
    offset_seconds   bigint,
    due_at           timestamptz not null,
    state            text        not null,
    generation       int         not null default 1,
    channel          text,
    -- attempts of the current generation (reset when re-armed); fence only ever grows, and every
    -- write of a dispatcher names the fence it claimed with, so a stale one changes nothing
    attempts         int         not null default 0,
    fence            bigint      not null default 0,
    leased_until     timestamptz,
    reason           text,
    sent_at          timestamptz,
    updated_at       timestamptz not null,
    constraint reminder_once unique (registration_id, purpose),
    constraint reminder_state check (state in ('PENDING', 'SENDING', 'SENT', 'FAILED', 'SKIPPED'))
);

create index reminder_due on reminder (due_at) where state = 'PENDING';
create index reminder_in_flight on reminder (leased_until) where state = 'SENDING';
