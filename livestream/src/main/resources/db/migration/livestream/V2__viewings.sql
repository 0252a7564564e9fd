-- Who watched, when and how long: one row per viewing session, from yutang's own live page (join,
-- heartbeats, leave), from the watch redirect, or from a live platform's viewing log. Sessions of
-- one attendee are merged when watch time is computed, so overlaps are not counted twice.
create table viewing (
    id              bigint generated always as identity primary key,
    event_id        bigint      not null references live_event (id),
    registration_id bigint      references registration (id),
    contact_id      bigint      not null,
    mode            text        not null check (mode in ('LIVE', 'REPLAY')),
    source          text        not null check (source in ('PAGE', 'REDIRECT', 'PLATFORM')),
    session_key     text        not null,
    started_at      timestamptz not null,
    last_seen_at    timestamptz not null,
    ended_at        timestamptz,
    -- set on the attendee's first live session once referral has credited the attendance
    credited_at     timestamptz,
    credit_tried_at timestamptz,
    constraint viewing_once unique (event_id, session_key),
    constraint viewing_times check (last_seen_at >= started_at)
);

create index viewing_of_attendee on viewing (event_id, contact_id, mode);
create index viewing_uncredited on viewing (started_at) where mode = 'LIVE' and credited_at is null;
