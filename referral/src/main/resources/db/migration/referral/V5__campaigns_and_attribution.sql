-- Prospects who share onwards become sharers too, tied to their contact.
alter table sharer drop constraint sharer_kind_check;
alter table sharer add constraint sharer_kind_check check (kind in ('EMPLOYEE', 'PARTNER', 'PROSPECT'));

-- A campaign: what prospects are sent to, and how their signups are credited.
create table campaign (
    id                          bigint generated always as identity primary key,
    name                        text        not null,
    target_kind                 text        not null check (target_kind in ('FOLLOW', 'LIVE_EVENT', 'CONTENT')),
    target_ref                  text,
    target_url                  text,
    starts_at                   timestamptz not null,
    ends_at                     timestamptz,
    attribution_model           text        not null check (attribution_model in ('FIRST_TOUCH', 'LAST_TOUCH')),
    attribution_window_seconds  bigint      not null check (attribution_window_seconds > 0),
    clawback_seconds            bigint      not null check (clawback_seconds >= 0),
    welcome_reply               text,
    poster_template             text,
    created_at                  timestamptz not null,
    updated_at                  timestamptz not null,
    check (ends_at is null or ends_at > starts_at)
);
create index campaign_target on campaign (target_kind, target_ref);

-- One share link per sharer per campaign. A prospect's link carries the link they came through;
-- advocate_sharer_id is the employee or partner at the root of that chain.
create table share_link (
    id                  bigint generated always as identity primary key,
    campaign_id         bigint      not null references campaign (id),
    sharer_id           bigint      not null references sharer (id),
    parent_link_id      bigint      references share_link (id),
    advocate_sharer_id  bigint      not null references sharer (id),
    token               text        not null unique,
    scene_ticket        text,
    scene_url           text,
    scene_expires_at    timestamptz,
    created_at          timestamptz not null,
    constraint share_link_per_sharer unique (campaign_id, sharer_id)
);

-- Every scan and link open, keyed by what identifies its delivery, so a retry records nothing more.
create table touch (
    id               bigint generated always as identity primary key,
    campaign_id      bigint      references campaign (id),
    share_link_id    bigint      references share_link (id),
    contact_id       bigint      not null references contact (id),
    channel          text        not null check (channel in ('QR_FOLLOW', 'QR_SCAN', 'LINK_OPEN')),
    self_referral    boolean     not null,
    source_key       text        not null unique,
    occurred_at      timestamptz not null
);
create index touch_by_contact on touch (contact_id, campaign_id, occurred_at);
create index touch_by_link on touch (share_link_id);

-- The referral tree: how each contact was first brought into a campaign. path lists the contacts
-- above this one (depth 1 first), so a prospect's subtree is one index lookup.
create table tree_edge (
    campaign_id          bigint      not null references campaign (id),
    contact_id           bigint      not null references contact (id),
    parent_contact_id    bigint      references contact (id),
    referrer_sharer_id   bigint      not null references sharer (id),
    advocate_sharer_id   bigint      not null references sharer (id),
    depth                int         not null check (depth >= 1),
    path                 bigint[]    not null,
    channel              text        not null,
    touch_id             bigint      not null references touch (id),
    created_at           timestamptz not null,
    primary key (campaign_id, contact_id)
);
create index tree_edge_by_advocate on tree_edge (campaign_id, advocate_sharer_id, depth) include (referrer_sharer_id);
create index tree_edge_by_parent on tree_edge (campaign_id, parent_contact_id);
create index tree_edge_by_path on tree_edge using gin (path);

-- A conversion (follow, registration, attendance, lead) and the decision taken on it, with its reason.
create table conversion (
    id               bigint generated always as identity primary key,
    campaign_id      bigint      references campaign (id),
    contact_id       bigint      not null references contact (id),
    kind             text        not null check (kind in ('FOLLOW', 'REGISTRATION', 'ATTENDANCE', 'LEAD')),
    source_key       text        not null unique,
    occurred_at      timestamptz not null,
    touch_id         bigint      references touch (id),
    outcome          text        not null check (outcome in ('CREDITED', 'NO_TOUCH', 'SELF_REFERRAL', 'REVERSED')),
    reason           text        not null,
    decided_at       timestamptz not null,
    reversed_at      timestamptz
);
create index conversion_by_contact on conversion (contact_id, kind);
create index conversion_by_campaign on conversion (campaign_id, kind);

-- Credits of a conversion: to the direct referrer and to the owning advocate.
create table credit (
    conversion_id    bigint      not null references conversion (id),
    role             text        not null check (role in ('REFERRER', 'ADVOCATE')),
    sharer_id        bigint      not null references sharer (id),
    campaign_id      bigint      not null references campaign (id),
    kind             text        not null,
    reversed_at      timestamptz,
    primary key (conversion_id, role)
);
create index credit_by_sharer on credit (campaign_id, sharer_id, role, kind);

-- Sales signals: a prospect owned by an employee registered, attended or left a lead. They reach
-- the employee batched into digests, at most one per rep per digest interval.
create table rep_signal (
    id             bigint generated always as identity primary key,
    sharer_id      bigint      not null references sharer (id),
    conversion_id  bigint      not null unique references conversion (id),
    digest_id      bigint,
    created_at     timestamptz not null
);
create index rep_signal_pending on rep_signal (sharer_id) where digest_id is null;

create table rep_digest (
    id            bigint generated always as identity primary key,
    sharer_id     bigint      not null references sharer (id),
    state         text        not null check (state in ('PENDING', 'SENT', 'FAILED')),
    not_before    timestamptz not null,
    leased_until  timestamptz,
    attempts      int         not null default 0,
    items         int,
    sent_at       timestamptz,
    last_error    text,
    created_at    timestamptz not null
);
create unique index rep_digest_one_open on rep_digest (sharer_id) where state = 'PENDING';
create index rep_digest_due on rep_digest (not_before) where state = 'PENDING';
