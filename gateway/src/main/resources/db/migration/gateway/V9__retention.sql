-- Retention (yutang.retention.*): the raw XML of a handled event is cleared after its window while
-- the row stays, so its unique key keeps deduplicating; delivery reports and the webhook delivery
-- log are deleted after theirs. The indexes let every instance find the next batch past its window.
alter table inbound_event alter column xml drop not null;
create index inbound_event_raw_kept on inbound_event (received_at) where xml is not null and state = 'DONE';
create index delivery_report_by_time on delivery_report (reported_at);
create index webhook_attempt_by_time on webhook_attempt (attempted_at);
