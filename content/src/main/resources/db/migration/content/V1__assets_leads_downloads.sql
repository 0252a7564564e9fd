-- Gated assets (whitepapers, slides, videos): each upload is a new version; a download link names
-- the version it was issued for, so old links keep serving what they promised.
create table asset (
    id bigserial primary key,
    title text not null,
    summary text not null default '',
    status text not null,                       -- DRAFT, PUBLISHED, ARCHIVED
    gate_fields jsonb not null,                 -- [{key, label, required}]
    delivery_consent text not null,             -- required: contact about this download
    marketing_consent text,                     -- optional checkbox, null: not asked
    sharing_consent text,                       -- optional checkbox, null: not asked
    external_url text,                          -- served instead of a file when set
    cover_key text,
    cover_type text,
    current_version int,
    created_at timestamptz not null,
    updated_at timestamptz not null
);

create table asset_version (
    asset_id bigint not null references asset (id),
    version int not null,
    object_key text not null,
    file_name text not null,
    content_type text not null,
    size_bytes bigint not null,
    sha256 text not null,
    uploaded_at timestamptz not null,
    primary key (asset_id, version)
);

-- A lead: the gate passed, once per (asset, contact); credited by referral (credited_at) and
-- retried while that failed.
create table lead (
    id bigserial primary key,
    asset_id bigint not null references asset (id),
    contact_id bigint not null,
    answers jsonb not null,
    share_token text,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    credited_at timestamptz,
    credit_tried_at timestamptz,
    unique (asset_id, contact_id)
);

create index lead_uncredited on lead (credit_tried_at nulls first, id) where credited_at is null;
create index lead_contact on lead (contact_id, updated_at desc);

create table asset_view (
    id bigserial primary key,
    asset_id bigint not null references asset (id),
    contact_id bigint not null,
    share_token text,
    viewed_at timestamptz not null
);

create index asset_view_asset on asset_view (asset_id, contact_id);

create table download (
    id bigserial primary key,
    asset_id bigint not null,
    version int,                                -- null for an external URL
    lead_id bigint not null references lead (id),
    partial boolean not null,                   -- a Range request (a player fetching a part)
    downloaded_at timestamptz not null
);

create index download_asset on download (asset_id, lead_id);

-- The key download links are signed with, made once for all instances.
create table link_key (
    id int primary key check (id = 1),
    secret bytea not null,
    created_at timestamptz not null
);
