-- A cancelled registration's credit is withdrawn in referral after the cancellation commits;
-- withdrawn_at records that referral confirmed it, so the credit sweeper retries the ones that did
-- not go through. Registrations cancelled before this column existed start without it: the sweeper
-- withdraws their credits too (they used to stay on the REGISTRATIONS leaderboard).
alter table registration add column withdrawn_at timestamptz;
create index registration_unwithdrawn on registration (cancelled_at) where status = 'CANCELLED' and withdrawn_at is null;
