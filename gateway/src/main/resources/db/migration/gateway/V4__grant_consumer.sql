-- Which message used a grant, so a retry of that message reuses its grant instead of spending another.
alter table subscription_grant add column consumed_by text;
create unique index subscription_grant_consumer on subscription_grant (consumed_by) where consumed_by is not null;
