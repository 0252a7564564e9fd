package io.yutang.livestream.reminder;

/**
 * Why a message goes to a registrant. Stored as the row's purpose; a reminder before the start
 * carries its offset ({@code BEFORE_START:3600}), a change notice the schedule version
 * ({@code RESCHEDULED:2}), a notice of a renewed registration its round ({@code CONFIRMATION:2}),
 * so each is planned once per registration. The stored form is read and written here only.
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

    /** The purpose of a stored value. */
    static Purpose of(String stored) {
        int colon = stored.indexOf(':');
        return valueOf(colon < 0 ? stored : stored.substring(0, colon));
    }

    /** The stored value of this purpose with nothing to tell it apart. */
    String stored() {
        return name();
    }

    /** The stored value of this purpose told apart by {@code qualifier}. */
    String stored(long qualifier) {
        return prefix() + qualifier;
    }

    /** What every stored value of this purpose with a qualifier starts with, for SQL that builds or matches them. */
    String prefix() {
        return name() + ":";
    }
}
