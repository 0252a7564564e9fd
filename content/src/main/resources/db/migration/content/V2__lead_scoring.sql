-- Lead scoring: marketing's rule sets, each change a new version (the old ones stay, so a score
-- and a qualification say which rules made them).
create table score_rules (
    version    int primary key,
    rules      jsonb not null,
    created_by text not null,
    created_at timestamptz not null
);

-- Each contact's score as last computed from their whole behaviour history (referral's log).
create table score (
    contact_id   bigint primary key,
    score        double precision not null,
    rule_version int not null,
    scored_at    timestamptz not null
);
create index score_highest on score (score desc);

-- A contact whose score crossed the threshold: once per contact and rule version (the key makes a
-- second, racing instance's insert a no-op). Each is also a queue item of the one durable-work
-- mechanism: handing it to sales (referral's credit, the rep's nudge, the LeadQualified event).
create table qualified_lead (
    id           bigserial primary key,
    contact_id   bigint not null,
    rule_version int not null,
    score        double precision not null,
    detail       text not null,
    qualified_at timestamptz not null,
    state        text not null default 'PENDING' check (state in ('PENDING', 'LEASED', 'DONE', 'FAILED')),
    due_at       timestamptz not null,
    leased_until timestamptz,
    attempts     integer not null default 0,
    fence        bigint not null default 0,
    reason       text,
    unique (contact_id, rule_version)
);
create index qualified_lead_due on qualified_lead (due_at) where state = 'PENDING';
create index qualified_lead_in_flight on qualified_lead (leased_until) where state = 'LEASED';
create index qualified_lead_failed on qualified_lead (id) where state = 'FAILED';
