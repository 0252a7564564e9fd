package io.yutang.gateway.webhook;

import java.util.Arrays;
import java.util.Optional;

/** The events a webhook endpoint may subscribe to, by their names in the payload's {@code type}. */
enum EventType {
    CONTACT_FOLLOWED("contact.followed"),
    CONTACT_UNFOLLOWED("contact.unfollowed"),
    CONTACT_IDENTIFIED("contact.identified"),
    REGISTRATION_CREATED("registration.created"),
    REGISTRATION_CANCELLED("registration.cancelled"),
    ATTENDANCE_RECORDED("attendance.recorded"),
    LEAD_CAPTURED("lead.captured"),
    LEAD_QUALIFIED("lead.qualified"),
    CONTACT_ERASED("contact.erased");

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    String wireName() {
        return wireName;
    }

    static Optional<EventType> named(String wireName) {
        return Arrays.stream(values()).filter(type -> type.wireName.equals(wireName)).findFirst();
    }
}
