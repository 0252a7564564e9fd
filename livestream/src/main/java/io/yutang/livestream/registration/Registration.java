package io.yutang.livestream.registration;

import java.time.Instant;
import java.util.Map;

/**
 * A contact's registration for a live event, as the registrant sees it.
 *
 * @param answers what the form asked, by field key; personal data
 * @param waitlistPosition 1 for the next to be promoted, while {@code WAITLISTED}; else null
 */
public record Registration(long id, long eventId, RegistrationStatus status, Map<String, String> answers,
        Instant registeredAt, Instant promotedAt, Instant cancelledAt, Integer waitlistPosition) {

    @Override
    public String toString() {
        return "Registration[id=" + id + ", event=" + eventId + ", status=" + status + "]";
    }
}
