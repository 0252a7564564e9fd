package io.yutang.livestream.reminder;

/** Where a planned message stands, stored by name in {@code livestream.reminder.state}. */
enum ReminderState {
    /** Waiting for its time, or due. */
    PENDING,
    /** Claimed by an instance under a lease. */
    SENDING,
    /** Delivered through a channel. */
    SENT,
    /** Written to the log only: no SMS provider is configured, so nobody received it. */
    LOGGED,
    /** Given up, with the reason. */
    FAILED,
    /** Not sent, with the reason (cancelled, time passed, no channel reaches the registrant). */
    SKIPPED
}
