-- Staff of the marketing console (ADMIN, MARKETER): passwords stored as encoder hashes only.
create table staff_user (
    id             bigint generated always as identity primary key,
    username       text        not null,
    display_name   text        not null,
    password_hash  text        not null,
    roles          text[]      not null,
    created_at     timestamptz not null,
    disabled_at    timestamptz,
    constraint staff_user_username_unique unique (username)
);

-- Tokens of integrations such as a CRM: only a SHA-256 of the token is kept; revocable.
create table api_token (
    id            bigint generated always as identity primary key,
    name          text        not null,
    token_hash    text        not null,
    roles         text[]      not null,
    created_by    text        not null,
    created_at    timestamptz not null,
    last_used_at  timestamptz,
    revoked_at    timestamptz,
    constraint api_token_hash_unique unique (token_hash)
);
