package io.yutang.referral;

import java.time.Instant;

/**
 * A decision as the ledger holds it.
 *
 * @param textHash SHA-256 (hex) of the exact text the person was shown
 * @param source where it was given ({@code page:/c/assets/12}, {@code api})
 */
public record ConsentRecord(ContactId contact, ConsentPurpose purpose, String scope, String text, String textHash,
        boolean given, String source, Instant recordedAt) {
}
