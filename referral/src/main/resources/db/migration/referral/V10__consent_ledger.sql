-- The consent ledger (PIPL): every decision a person made about one purpose of using their data,
-- with the exact text they were shown. Appended to, never updated; the latest row per
-- (contact, purpose, scope) is the state now.
create table consent_text (
    hash text primary key,             -- SHA-256, hex, of the exact text
    text text not null,
    first_shown_at timestamptz not null
);

create table consent (
    id bigserial primary key,
    contact_id bigint not null references contact (id),
    purpose text not null,             -- ConsentPurpose
    scope text not null default '',    -- what it is about ('asset:12'); '' for the person as a whole
    text_hash text not null references consent_text (hash),
    given boolean not null,
    source text not null,              -- where it was given: 'page:/c/assets/12', 'keyword:退订', 'api'
    recorded_at timestamptz not null
);

create index consent_latest on consent (contact_id, purpose, scope, recorded_at desc, id desc);
