-- The integration API's change feed is the webhook messages, in commit order: each row carries the
-- id of the transaction that wrote it, so a reader pages by (transaction, sequence) and only over
-- transactions that have finished; no row is skipped or repeated across pages however writes interleave.
alter table webhook_message add column seq bigint generated always as identity;
alter table webhook_message add column txid xid8 not null default pg_current_xact_id();
create index webhook_message_feed on webhook_message (txid, seq);

-- What an integration token may read or write, on top of its INTEGRATION role.
alter table api_token add column scopes text[] not null default '{}';

-- What the CRM says became of a lead: idempotent per (contact, CRM reference, status).
create table lead_outcome (
    id             bigint generated always as identity primary key,
    contact_id     bigint      not null,
    crm_reference  text        not null,
    status         text        not null check (status in ('ACCEPTED', 'REJECTED', 'OPPORTUNITY', 'WON', 'LOST')),
    reason         text,
    amount         numeric(14, 2),
    occurred_at    timestamptz not null,
    recorded_by    text        not null,
    recorded_at    timestamptz not null,
    constraint lead_outcome_once unique (contact_id, crm_reference, status)
);
create index lead_outcome_by_contact on lead_outcome (contact_id);
