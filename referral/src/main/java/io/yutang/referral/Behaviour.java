package io.yutang.referral;

import java.time.Instant;
import java.util.Objects;

/**
 * One thing a contact did, as the module that saw it reports it.
 *
 * @param ref what it was done on, in the reporter's terms ({@code event:12}, {@code asset:3},
 *     {@code article:7}), or null when it is about the account as a whole (a follow)
 * @param seconds how long (watch or dwell time), or null when that does not apply
 * @param percent how deep (an article's scroll depth, 0–100), or null
 * @param sourceKey what identifies it in the reporter across retries and growth: a behaviour reported
 *     again with the same key is the same behaviour, keeping the larger {@code seconds} and {@code percent}
 */
public record Behaviour(ContactId contact, BehaviourKind kind, String ref, Integer seconds, Integer percent,
        Instant occurredAt, String sourceKey) {

    public Behaviour {
        Objects.requireNonNull(contact, "contact");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(occurredAt, "occurredAt");
        if (sourceKey == null || sourceKey.isBlank() || sourceKey.length() > 200) {
            throw new IllegalArgumentException("sourceKey must be 1–200 characters");
        }
        if (seconds != null && seconds < 0 || percent != null && (percent < 0 || percent > 100)) {
            throw new IllegalArgumentException("seconds must be ≥ 0 and percent 0–100");
        }
    }

    /** A behaviour without a duration or depth. */
    public static Behaviour of(ContactId contact, BehaviourKind kind, String ref, Instant at, String sourceKey) {
        return new Behaviour(contact, kind, ref, null, null, at, sourceKey);
    }
}
