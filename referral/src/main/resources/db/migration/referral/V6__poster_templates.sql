-- Poster templates uploaded by marketing: a background image and where the sharer's avatar, name,
-- title, QR code and the campaign's text go. Versions are immutable; an upload under an existing
-- name adds the next version, and posters use the latest.
create table poster_template (
    id          bigint generated always as identity primary key,
    name        text        not null,
    version     int         not null check (version >= 1),
    background  bytea       not null,
    width       int         not null check (width between 1 and 4096),
    height      int         not null check (height between 1 and 4096),
    layout      jsonb       not null,
    created_at  timestamptz not null,
    created_by  text        not null,
    constraint poster_template_version unique (name, version)
);
