package io.yutang.referral;

import java.time.Instant;

/**
 * What referral decided about one conversion, and why.
 *
 * @param outcome {@code CREDITED}, {@code NO_TOUCH}, {@code SELF_REFERRAL} or {@code REVERSED}
 * @param reason a sentence a marketer can read: the model, the touch, the window, or what prevented credit
 * @param referrerSharerId the direct referrer credited, when credited (or reversed)
 * @param advocateSharerId the owning employee or partner credited, when credited (or reversed)
 * @param referrer the direct referrer as marketing reads them (name, kind, title, department or
 *     company), when credited (or reversed); null otherwise
 * @param advocate the owning advocate likewise, when credited (or reversed); null otherwise
 */
public record AttributionDecision(long conversionId, Long campaignId, ContactId contact, ConversionKind kind,
        Instant occurredAt, String outcome, String reason, Long touchId, Long referrerSharerId,
        Long advocateSharerId, Instant reversedAt, Sharer referrer, Sharer advocate) {

    /** Whether the conversion is credited (and not reversed). */
    public boolean credited() {
        return "CREDITED".equals(outcome);
    }
}
