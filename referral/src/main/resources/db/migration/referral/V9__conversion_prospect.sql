-- Who the prospect said they are on the form that made the conversion (a registration's name and
-- company), so a rep's digest can say who registered rather than "a customer".
alter table conversion add column prospect_name text;
alter table conversion add column prospect_company text;
