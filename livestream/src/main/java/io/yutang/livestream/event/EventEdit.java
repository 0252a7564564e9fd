package io.yutang.livestream.event;

/** An edit of a live event: the event before and after it. */
record EventEdit(LiveEvent before, LiveEvent after) {

    /** The start or the reminder plan changed: reminders take their new times. */
    boolean rescheduled() {
        return !before.startsAt().equals(after.startsAt()) || !before.reminderOffsets().equals(after.reminderOffsets());
    }

    /** The start itself moved: registrants are told. */
    boolean startMoved() {
        return !before.startsAt().equals(after.startsAt());
    }

    /** There is more room than before (a higher capacity, or none): the waitlist moves up. */
    boolean moreRoom() {
        return before.capacity() != null && (after.capacity() == null || after.capacity() > before.capacity());
    }

    /** The event has just ended: the replay and the survey follow. */
    boolean justEnded() {
        return after.status() == EventStatus.ENDED && before.status() != EventStatus.ENDED;
    }
}
