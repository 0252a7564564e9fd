package io.yutang.livestream.event;

/** Where a live event stands: registration is open while it is OPEN or LIVE. */
public enum EventStatus {
    DRAFT,
    OPEN,
    CLOSED,
    LIVE,
    ENDED;

    /** Whether prospects may register now. */
    public boolean takesRegistrations() {
        return this == OPEN || this == LIVE;
    }
}
