package io.yutang.referral;

import java.time.Instant;
import java.util.List;

/**
 * A request to forget a person, and once done its receipt.
 *
 * @param requestedBy who asked: a staff username or token name, or {@code self} for the person
 * @param source where: {@code api}, {@code page:/my/privacy}
 * @param receipt per part, what was removed (empty until done)
 */
public record Erasure(long id, ContactId contact, State state, String requestedBy, String source, Instant requestedAt,
        Instant doneAt, String reason, List<ErasedData> receipt) {

    /** Where the request stands. */
    public enum State { PENDING, LEASED, DONE, FAILED }
}
