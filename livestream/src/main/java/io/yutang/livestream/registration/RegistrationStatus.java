package io.yutang.livestream.registration;

/** Where a registration stands. */
public enum RegistrationStatus {
    REGISTERED,
    WAITLISTED,
    CANCELLED
}
