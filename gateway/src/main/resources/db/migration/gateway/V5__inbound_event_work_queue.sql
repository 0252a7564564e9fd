-- Inbound events are a queue table of the one durable-work mechanism (io.yutang.referral.work):
-- state, due_at (when the sweeper may take an event over: its grace after receipt), leased_until,
-- attempts, fence, reason. handled_at stays: when the event's effects were applied. The new
-- state's default is DONE, so adding it does not rewrite the table; the unhandled rows are then
-- set: those the old sweeper had stopped retrying are FAILED with why, the rest PENDING.
alter table inbound_event rename column last_error to reason;
alter table inbound_event add column state text not null default 'DONE';
alter table inbound_event add column due_at timestamptz not null default now();
alter table inbound_event add column fence bigint not null default 0;
update inbound_event set state = 'FAILED', reason = 'gave up after ' || attempts || ' attempts: ' || coalesce(reason, 'unknown'),
       leased_until = null
 where handled_at is null and attempts >= 10;
update inbound_event set state = 'PENDING', due_at = greatest(received_at, coalesce(leased_until, received_at)), leased_until = null
 where handled_at is null and attempts < 10;
alter table inbound_event alter column state set default 'PENDING';
alter table inbound_event add constraint inbound_event_state check (state in ('PENDING', 'LEASED', 'DONE', 'FAILED'));
drop index inbound_event_unhandled;
create index inbound_event_due on inbound_event (due_at) where state = 'PENDING';
create index inbound_event_in_flight on inbound_event (leased_until) where state = 'LEASED';
create index inbound_event_failed on inbound_event (id) where state = 'FAILED';
