package io.yutang.gateway.bench;

import io.yutang.gateway.TestAccount;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Reminders due now, written straight into a benchmark's database as registration leaves them:
 * {@code count} followers ({@code <openids>1…}) registered for one open live event that reminds by
 * template message, each with its one-hour-before reminder due at once.
 */
final class DueReminders {

    private DueReminders() {
    }

    /** Seeds them; returns the event's id. */
    static long seed(Connection jdbc, String openids, int count, String templateId) throws SQLException {
        try (Statement sql = jdbc.createStatement()) {
            sql.execute("""
                    insert into referral.contact (app_id, openid, subscribed, subscribed_at, first_seen_at, last_seen_at)
                    select '%s', '%s' || i, true, now(), now(), now() from generate_series(1, %d) as i"""
                    .formatted(TestAccount.APP_ID, openids, count));
            long event;
            try (ResultSet row = sql.executeQuery("""
                    insert into livestream.live_event (title, starts_at, ends_at, registration_fields, reminder_offsets, channels,
                           template_id, status, created_at, updated_at)
                    values ('数字化营销公开课', now() + interval '1 hour', now() + interval '2 hours', '[]', '{3600}', '{TEMPLATE}',
                            '%s', 'OPEN', now(), now())
                    returning id""".formatted(templateId))) {
                row.next();
                event = row.getLong(1);
            }
            sql.execute("""
                    insert into livestream.registration (event_id, contact_id, app_id, openid, status, answers, queued_at,
                           registered_at, attributed_at, updated_at)
                    select %d, c.id, c.app_id, c.openid, 'REGISTERED', '{}', now(), now(), now(), now()
                      from referral.contact c where c.openid like '%s%%'""".formatted(event, openids));
            sql.execute("""
                    insert into livestream.reminder (registration_id, purpose, offset_seconds, due_at, state, updated_at)
                    select id, 'BEFORE_START:3600', 3600, now(), 'PENDING', now()
                      from livestream.registration where event_id = %d""".formatted(event));
            return event;
        }
    }
}
