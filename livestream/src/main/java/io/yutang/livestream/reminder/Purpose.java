package io.yutang.livestream.reminder;

/**
 * Why a message goes to a registrant. Stored as the row's purpose; a reminder before the start
 * carries its offset ({@code BEFORE_START:3600}), a change notice the schedule version
 * ({@code RESCHEDULED:2}), so each is planned once per registration.
 */
enum Purpose {
    CONFIRMATION,
    WAITLISTED,
    PROMOTED,
    BEFORE_START,
    RESCHEDULED,
    REPLAY_ATTENDED,
    REPLAY_MISSED,
    SURVEY;

    static Purpose of(String stored) {
        int colon = stored.indexOf(':');
        return valueOf(colon < 0 ? stored : stored.substring(0, colon));
    }
}
