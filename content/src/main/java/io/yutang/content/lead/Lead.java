package io.yutang.content.lead;

import io.yutang.referral.Disclosure;
import java.time.Instant;
import java.util.Map;

/**
 * A lead as marketing sees it.
 *
 * @param answers what the prospect filled in; phone and e-mail masked in lists for everyone but ADMIN
 * @param credited whether referral has credited it to the sharers who brought the prospect
 */
public record Lead(long id, long assetId, long contactId, Map<String, String> answers, String shareToken, Instant createdAt,
        Instant updatedAt, boolean credited, long downloads) {

    /** The lead with its answers as {@code disclosure} may see them. */
    Lead shownTo(Disclosure disclosure) {
        return new Lead(id, assetId, contactId, disclosure.answers(answers), shareToken, createdAt, updatedAt, credited, downloads);
    }

    @Override
    public String toString() {
        return "Lead[id=" + id + ", asset=" + assetId + ", contact=" + contactId + "]";
    }
}
