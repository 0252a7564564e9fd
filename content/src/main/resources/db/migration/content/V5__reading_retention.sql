-- Retention (yutang.retention.reading-beacons): each instance finds the next batch of openings and reads past the window.
create index article_view_by_time on article_view (viewed_at);
create index article_read_by_time on article_read (updated_at);
