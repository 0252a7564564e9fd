package io.yutang.livestream.reminder;

import java.time.Instant;

/**
 * What happened to one message planned for a registrant, as marketing sees it.
 *
 * @param purpose CONFIRMATION, WAITLISTED, PROMOTED, BEFORE_START, RESCHEDULED, REPLAY_ATTENDED, REPLAY_MISSED or SURVEY
 * @param offsetSeconds for a reminder before the start, how long before it
 * @param state PENDING, SENDING, SENT, LOGGED (SMS written to the log only), FAILED or SKIPPED
 * @param channel the channel that carried it (or was trying to), null before a send
 * @param reason why it was skipped or failed, or the last failure of a retried one, as recorded
 * @param explanation the state and the reason in a sentence in the caller's language
 * @param attempts send attempts so far
 */
public record MessageStatus(long id, long registrationId, String purpose, Long offsetSeconds, String state, String channel,
        String reason, String explanation, Instant dueAt, Instant sentAt, int attempts, Instant updatedAt) {
}
