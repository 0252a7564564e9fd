-- How a contact can be reached outside WeChat, as they wrote it on a form (a registration, a lead):
-- one row per contact and combination of phone and e-mail ('' where the form had none). The first
-- form to give a combination is its source; giving it again only moves last_seen_at. Personal data:
-- exported and erased with the contact.
create table contact_identity (
    id            bigserial primary key,
    contact_id    bigint not null references contact (id),
    phone         text not null default '',
    email         text not null default '',
    name          text,
    company       text,
    ref           text,
    source_key    text not null unique,
    identified_at timestamptz not null,
    last_seen_at  timestamptz not null,
    unique (contact_id, phone, email),
    check (phone <> '' or email <> '')
);

-- New behaviours: a contact identified (a new phone / e-mail), and what the CRM reported of their lead.
alter table behaviour drop constraint behaviour_kind_check;
alter table behaviour add constraint behaviour_kind_check
    check (kind in ('FOLLOW', 'SCAN', 'UNFOLLOW', 'REGISTRATION', 'ATTENDANCE', 'REPLAY', 'ARTICLE_READ', 'DOWNLOAD',
                    'FORWARD', 'LEAD', 'IDENTIFIED', 'CRM_ACCEPTED', 'CRM_REJECTED', 'CRM_OPPORTUNITY', 'CRM_WON', 'CRM_LOST'));
