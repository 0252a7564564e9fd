-- What contacts did, from every module, for lead scoring (content) and later exports: one row per
-- behaviour, idempotent on the reporter's source key. A behaviour that grows (watch time, an
-- article's dwell and scroll depth) is reported again with the same key and keeps its maxima.
create table behaviour (
    id          bigserial primary key,
    contact_id  bigint not null references contact (id),
    kind        text not null check (kind in ('FOLLOW', 'SCAN', 'UNFOLLOW', 'REGISTRATION', 'ATTENDANCE', 'REPLAY',
                                              'ARTICLE_READ', 'DOWNLOAD', 'FORWARD', 'LEAD')),
    ref         text,
    seconds     integer,
    percent     integer check (percent between 0 and 100),
    occurred_at timestamptz not null,
    source_key  text not null unique,
    recorded_at timestamptz not null
);
create index behaviour_of_contact on behaviour (contact_id, occurred_at, id);

-- The contacts whose behaviour changed since the listeners (content's scoring) last saw it: a
-- queue of the one durable-work mechanism, one row per contact. A new behaviour while a row is in
-- flight makes it pending again under a new fence, so the stale claim cannot finish it.
create table behaviour_change (
    contact_id   bigint primary key references contact (id),
    state        text not null default 'PENDING' check (state in ('PENDING', 'LEASED', 'DONE', 'FAILED')),
    due_at       timestamptz not null,
    leased_until timestamptz,
    attempts     integer not null default 0,
    fence        bigint not null default 0,
    reason       text
);
create index behaviour_change_due on behaviour_change (due_at) where state = 'PENDING';
create index behaviour_change_in_flight on behaviour_change (leased_until) where state = 'LEASED';
create index behaviour_change_failed on behaviour_change (contact_id) where state = 'FAILED';

-- A conversion may carry a short summary for the rep's digest (a qualified lead: its score and what the prospect did).
alter table conversion add column detail text;

-- A qualified lead (content's scoring crossed the threshold) is a conversion of its own, on the QUALIFIED_LEADS board.
alter table conversion drop constraint conversion_kind_check;
alter table conversion add constraint conversion_kind_check
    check (kind in ('FOLLOW', 'REGISTRATION', 'ATTENDANCE', 'LEAD', 'QUALIFIED_LEAD'));
