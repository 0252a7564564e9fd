package io.yutang.content.lead;

import java.time.Instant;
import java.util.Map;

/**
 * A lead as marketing sees it.
 *
 * @param answers what the prospect filled in; the phone number masked in lists
 * @param credited whether referral has credited it to the sharers who brought the prospect
 */
public record Lead(long id, long assetId, long contactId, Map<String, String> answers, String shareToken, Instant createdAt,
        Instant updatedAt, boolean credited, long downloads) {
}
