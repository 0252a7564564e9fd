-- The console's overview reads the last days of touches, behaviours and qualified leads; a funnel
-- reads one campaign's touches.
create index touch_by_time on touch (occurred_at);
create index touch_by_campaign on touch (campaign_id);
create index behaviour_by_time on behaviour (occurred_at, kind);
create index conversion_by_time on conversion (kind, occurred_at);
