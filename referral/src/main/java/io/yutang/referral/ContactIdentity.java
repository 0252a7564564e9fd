package io.yutang.referral;

import java.time.Instant;

/**
 * How a contact said they can be reached outside WeChat: one combination of phone and e-mail address
 * (either may be null, not both), with the name and company given beside it. Personal data: never
 * logged ({@link #toString} leaves it out).
 *
 * @param ref what the form was on ({@code live_event:12}, {@code content:3})
 * @param sourceKey the conversion whose form first gave this combination ({@code registration:42}, {@code lead:7})
 */
public record ContactIdentity(ContactId contact, String phone, String email, String name, String company, String ref,
        String sourceKey, Instant identifiedAt, Instant lastSeenAt) {

    @Override
    public String toString() {
        return "ContactIdentity[contact=" + contact.value() + ", source=" + sourceKey + "]";
    }
}
