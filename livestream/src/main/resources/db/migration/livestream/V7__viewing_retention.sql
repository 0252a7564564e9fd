-- Retention (yutang.retention.viewings): each instance finds the next batch of sessions past the window by this index.
create index viewing_by_last_seen on viewing (last_seen_at);
