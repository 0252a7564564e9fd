-- A WeChat user may be at most one employee or partner, and at most one prospect who shares: an
-- employee who once shared onwards as a prospect (a prospect sharer was made for them) can still
-- be bound to their employee record, and keeps the prospect's links and branch as they were.
alter table sharer drop constraint sharer_contact_unique;
create unique index sharer_contact_of_staff on sharer (contact_id) where kind in ('EMPLOYEE', 'PARTNER');
create unique index sharer_contact_of_prospect on sharer (contact_id) where kind = 'PROSPECT';
