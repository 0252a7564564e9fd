-- Everyone yutang knows through WeChat, one row per (service account, openid).
create table contact (
    id                  bigint generated always as identity primary key,
    app_id              text        not null,
    openid              text        not null,
    unionid             text,
    subscribed          boolean     not null default false,
    subscribed_at       timestamptz,
    unsubscribed_at     timestamptz,
    subscribe_scene     text,
    qr_scene_str        text,
    profile_fetched_at  timestamptz,
    first_seen_at       timestamptz not null,
    last_seen_at        timestamptz not null,
    constraint contact_openid_unique unique (app_id, openid)
);

create index contact_unionid on contact (unionid) where unionid is not null;
