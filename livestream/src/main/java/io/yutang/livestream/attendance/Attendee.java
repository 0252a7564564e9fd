package io.yutang.livestream.attendance;

import io.yutang.referral.Disclosure;

/**
 * A registrant or viewer of one event, with their watch time (sessions merged).
 *
 * @param name and {@code company}, {@code phone}, {@code email}: as registered; personal data (phone and e-mail
 *     masked for everyone but ADMIN)
 */
public record Attendee(long contactId, String status, String name, String company, String phone, String email,
        long liveSeconds, long replaySeconds) {

    /** The attendee with phone and e-mail as {@code disclosure} may see them. */
    Attendee shownTo(Disclosure disclosure) {
        return new Attendee(contactId, status, name, company, disclosure.phone(phone), disclosure.email(email), liveSeconds,
                replaySeconds);
    }

    @Override
    public String toString() {
        return "Attendee[contact=" + contactId + ", status=" + status + "]";
    }
}
