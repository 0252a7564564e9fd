package io.yutang.content;

import io.yutang.referral.ContactId;
import java.time.Instant;

/**
 * A contact's lead score crossed the qualifying score under one version of the rules: published
 * as a Spring application event once the hand-off to sales is recorded. Delivered at least once
 * (again after a crash mid-hand-off); {@code id} is the same each time, so a listener can deduplicate.
 *
 * @param detail what the prospect did, in words, as the rep's nudge says it
 */
public record LeadQualified(long id, ContactId contact, int ruleVersion, double score, String detail, Instant qualifiedAt) {
}
