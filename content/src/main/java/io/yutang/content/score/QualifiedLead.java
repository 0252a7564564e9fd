package io.yutang.content.score;

import java.time.Instant;

/**
 * A qualification as the API shows it.
 *
 * @param handOver where the hand-off to sales stands: PENDING, LEASED (in progress), DONE or FAILED
 */
public record QualifiedLead(long id, long contactId, int ruleVersion, double score, String detail, Instant qualifiedAt,
        String handOver) {
}
