-- Employees and channel partners who share campaigns. Imported from HR / partner lists,
-- idempotent on (kind, external_id); bound to their WeChat (a contact) through a one-time link.
create table sharer (
    id                   bigint generated always as identity primary key,
    kind                 text        not null check (kind in ('EMPLOYEE', 'PARTNER')),
    external_id          text        not null,
    name                 text        not null,
    title                text,
    department           text,
    company              text,
    manager_external_id  text,
    avatar_url           text,
    contact_id           bigint references contact (id),
    bound_at             timestamptz,
    created_at           timestamptz not null,
    updated_at           timestamptz not null,
    constraint sharer_external_unique unique (kind, external_id),
    constraint sharer_contact_unique unique (contact_id)
);

-- One-time links that bind a sharer to the WeChat user who opens them. Only a hash is kept.
create table binding_link (
    id          bigint generated always as identity primary key,
    sharer_id   bigint      not null references sharer (id),
    token_hash  text        not null unique,
    expires_at  timestamptz not null,
    used_at     timestamptz,
    created_at  timestamptz not null
);
