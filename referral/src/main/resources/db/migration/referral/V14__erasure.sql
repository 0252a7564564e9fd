-- Erasure (PIPL): a person's request to be forgotten, worked off as durable work on any instance.
-- The contact row stays as an anonymous node (so counts and other people's paths stay right): its
-- openid becomes 'erased:<id>', which WeChat never sends, so the same person scanning again is a
-- new contact.
alter table contact add column erased_at timestamptz;

create table erasure (
    id            bigint generated always as identity primary key,
    contact_id    bigint      not null references contact (id),
    requested_by  text        not null,   -- staff username, token name, or 'self' (from 我的隐私)
    source        text        not null,   -- 'api', 'page:/my/privacy'
    requested_at  timestamptz not null,
    state         text        not null default 'PENDING' check (state in ('PENDING', 'LEASED', 'DONE', 'FAILED')),
    due_at        timestamptz not null,
    leased_until  timestamptz,
    attempts      int         not null default 0,
    fence         bigint      not null default 0,
    reason        text,
    done_at       timestamptz,
    receipt       jsonb                   -- per part, what was removed: no personal data
);

-- One open request per person: asking twice (a retried form, two admins) is one erasure.
create unique index erasure_one_open on erasure (contact_id) where state in ('PENDING', 'LEASED');
create index erasure_contact on erasure (contact_id, id);
create index erasure_due on erasure (due_at) where state = 'PENDING';
create index erasure_in_flight on erasure (leased_until) where state = 'LEASED';
create index erasure_failed on erasure (id) where state = 'FAILED';
