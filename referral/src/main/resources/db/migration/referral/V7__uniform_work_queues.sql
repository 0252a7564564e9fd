-- Durable work has one mechanism (io.yutang.referral.work.WorkQueue), so every queue table has the
-- same columns: state, due_at, leased_until, attempts, fence, reason; and the same partial indexes
-- (pending by due time, in flight by lease end, failed).

-- Profile fetches: a state instead of done_at alone (done_at stays: when it finished). The new
-- column's default is DONE, so adding it does not rewrite the table; the unfinished rows are
-- then set: a fetch given up ("gave up: ...") is FAILED, the rest PENDING (a lease held during
-- the migration becomes the due time).
alter table profile_fetch rename column last_error to reason;
alter table profile_fetch add column state text not null default 'DONE';
alter table profile_fetch add column fence bigint not null default 0;
update profile_fetch set state = 'FAILED' where done_at is not null and reason like 'gave up:%';
update profile_fetch set state = 'PENDING', due_at = greatest(due_at, coalesce(leased_until, due_at)), leased_until = null
 where done_at is null;
alter table profile_fetch alter column state set default 'PENDING';
alter table profile_fetch add constraint profile_fetch_state check (state in ('PENDING', 'LEASED', 'DONE', 'FAILED'));
drop index profile_fetch_due;
create index profile_fetch_due on profile_fetch (due_at) where state = 'PENDING';
create index profile_fetch_in_flight on profile_fetch (leased_until) where state = 'LEASED';
create index profile_fetch_failed on profile_fetch (contact_id) where state = 'FAILED';

-- Rep digests: not_before is the due time, last_error the reason, SENT is DONE; a digest in
-- flight is LEASED and still the rep's one open digest. A retry used to wait in leased_until: it
-- becomes the due time.
alter table rep_digest rename column not_before to due_at;
alter table rep_digest rename column last_error to reason;
alter table rep_digest add column fence bigint not null default 0;
alter table rep_digest drop constraint rep_digest_state_check;
update rep_digest set state = 'DONE' where state = 'SENT';
update rep_digest set due_at = greatest(due_at, coalesce(leased_until, due_at)), leased_until = null where state = 'PENDING';
alter table rep_digest add constraint rep_digest_state check (state in ('PENDING', 'LEASED', 'DONE', 'FAILED'));
drop index rep_digest_one_open;
create unique index rep_digest_one_open on rep_digest (sharer_id) where state in ('PENDING', 'LEASED');
drop index rep_digest_due;
create index rep_digest_due on rep_digest (due_at) where state = 'PENDING';
create index rep_digest_in_flight on rep_digest (leased_until) where state = 'LEASED';
create index rep_digest_failed on rep_digest (id) where state = 'FAILED';
