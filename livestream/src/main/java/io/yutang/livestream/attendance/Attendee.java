package io.yutang.livestream.attendance;

/**
 * A registrant or viewer of one event, with their watch time (sessions merged).
 *
 * @param name and {@code company}: as registered; personal data
 */
public record Attendee(long contactId, String status, String name, String company, long liveSeconds, long replaySeconds) {

    @Override
    public String toString() {
        return "Attendee[contact=" + contactId + ", status=" + status + "]";
    }
}
