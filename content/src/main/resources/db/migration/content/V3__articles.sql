-- Articles (带名片的文章): Markdown as marketing wrote it, and the sanitised HTML rendered from it
-- at save time, which is all a page ever shows.
create table article (
    id bigserial primary key,
    title text not null,
    summary text not null default '',
    cover_url text,                             -- one of the article's own images, or an https address
    body_markdown text not null,
    body_html text not null,                    -- rendered and sanitised when saved
    status text not null,                       -- DRAFT, PUBLISHED, ARCHIVED
    cta_kind text,                              -- LIVE_EVENT, ASSET; null: no call to action
    cta_ref bigint,
    cta_label text,
    created_at timestamptz not null,
    updated_at timestamptz not null
);

-- Images uploaded for an article, served publicly at /c/articles/<article>/images/<name>.
create table article_image (
    article_id bigint not null references article (id),
    name text not null,                         -- random, with the sniffed type's extension
    file_name text not null,                    -- as uploaded
    object_key text not null,
    content_type text not null,
    size_bytes bigint not null,
    uploaded_at timestamptz not null,
    primary key (article_id, name)
);

-- Each opening of an article's page.
create table article_view (
    id bigserial primary key,
    article_id bigint not null references article (id),
    contact_id bigint not null,
    share_token text,
    viewed_at timestamptz not null
);

create index article_view_article on article_view (article_id, contact_id);

-- One row per visit (a page load, its id made by the page): the reading beacons of a visit are
-- merged into it, dwell and scroll depth the largest reported; only the visit's contact updates it.
create table article_read (
    id bigserial primary key,
    visit_id text not null unique,
    article_id bigint not null references article (id),
    contact_id bigint not null,
    share_token text,
    dwell_seconds int not null check (dwell_seconds >= 0),
    scroll_percent int not null check (scroll_percent between 0 and 100),
    opened_at timestamptz not null,
    updated_at timestamptz not null
);

create index article_read_article on article_read (article_id);
create index article_read_contact on article_read (contact_id, opened_at);
