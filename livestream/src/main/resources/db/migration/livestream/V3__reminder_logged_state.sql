-- A message the SMS port only wrote to the log (no provider configured) is LOGGED, never SENT;
-- failed rows get the partial index every queue table of the durable-work mechanism has.
alter table reminder drop constraint reminder_state;
alter table reminder add constraint reminder_state
    check (state in ('PENDING', 'SENDING', 'SENT', 'LOGGED', 'FAILED', 'SKIPPED'));
create index reminder_failed on reminder (id) where state = 'FAILED';
