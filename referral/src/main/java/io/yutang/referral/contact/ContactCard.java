package io.yutang.referral.contact;

import io.yutang.referral.Disclosure;
import java.time.Instant;

/**
 * A contact as a staff lookup shows it; {@code nickname}, {@code formName} and {@code phone}
 * are masked for everyone but ADMIN (see {@link Disclosure}).
 *
 * @param formName the name written on a registration form, when the lookup found one
 * @param phone the phone written on a registration form, when the lookup found one
 */
public record ContactCard(long id, String openid, String nickname, boolean subscribed, Instant firstSeenAt,
        Instant lastSeenAt, String formName, String phone) {

    ContactCard shownTo(Disclosure disclosure) {
        return new ContactCard(id, openid, disclosure.name(nickname), subscribed, firstSeenAt, lastSeenAt,
                disclosure.name(formName), disclosure.phone(phone));
    }

    @Override
    public String toString() {
        return "ContactCard[id=" + id + "]";
    }
}
