-- Who looked at whose personal data (PIPL): every staff read of one person's details, every export
-- of a list of people, every erasure. Append-only for the application: the triggers below refuse
-- UPDATE, DELETE and TRUNCATE from any connection, the application's included. Rows name people by
-- id (subject 'contact:42'), never by their personal data.
create table audit_log (
    id          bigint generated always as identity primary key,
    recorded_at timestamptz not null,
    actor       text        not null,   -- a staff username, 'token:<name>' for an API token, or 'system'
    action      text        not null,   -- AuditAction
    subject     text        not null,   -- what was looked at: 'contact:42', 'campaign:7/tree', 'event:3/attendees'
    people      bigint      not null check (people >= 0),
    detail      text        not null default ''
);

create index audit_log_by_actor on audit_log (actor, id desc);
create index audit_log_by_action on audit_log (action, id desc);
create index audit_log_by_subject on audit_log (subject, id desc);
create index audit_log_by_time on audit_log (recorded_at);

create function audit_log_refuse_change() returns trigger language plpgsql as $$
begin
    raise exception 'referral.audit_log is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
end
$$;

create trigger audit_log_no_update_or_delete before update or delete on audit_log
    for each row execute function audit_log_refuse_change();
create trigger audit_log_no_truncate before truncate on audit_log
    for each statement execute function audit_log_refuse_change();
