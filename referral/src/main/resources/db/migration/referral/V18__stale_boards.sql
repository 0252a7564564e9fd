-- Campaigns whose leaderboards in Redis missed a move: a credit, reversal or scan was committed in
-- PostgreSQL while its board move failed (Redis down, a Redis Cluster master failing over). The
-- boards of such a campaign are rebuilt from PostgreSQL before they are read next; the row goes
-- once a rebuild that started after it was marked has been swapped in.
create table stale_board (
    campaign_id bigint primary key references campaign (id),
    marked_at   timestamptz not null
);
