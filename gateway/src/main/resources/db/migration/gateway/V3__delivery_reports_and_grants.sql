-- WeChat's reports on messages yutang sent: template messages (TEMPLATESENDJOBFINISH) and
-- subscription messages (subscribe_msg_sent_event). One row per (message id, openid).
create table delivery_report (
    app_id       text        not null,
    msg_id       text        not null,
    openid       text        not null,
    kind         text        not null check (kind in ('TEMPLATE', 'SUBSCRIPTION')),
    status       text        not null,
    delivered    boolean     not null,
    reported_at  timestamptz not null,
    primary key (app_id, msg_id, openid)
);

-- One-time subscription grants (订阅通知): each acceptance in a subscribe_msg_popup_event allows
-- one message of that template to that user; a reminder consumes one. Rejections are recorded too.
create table subscription_grant (
    id           bigint generated always as identity primary key,
    app_id       text        not null,
    openid       text        not null,
    template_id  text        not null,
    accepted     boolean     not null,
    decided_at   timestamptz not null,
    consumed_at  timestamptz,
    constraint subscription_grant_once unique (app_id, openid, template_id, decided_at)
);

create index subscription_grant_open on subscription_grant (app_id, openid, template_id)
    where accepted and consumed_at is null;
