package io.yutang.content.score;

import java.time.Instant;
import java.util.List;

/**
 * A contact's score now, explained: every behaviour against the rules in force, and when they
 * qualified as a lead.
 *
 * @param storedScore the score as last stored (when their behaviour last changed or the rules did); {@code score} is now's, after decay
 */
public record ContactScore(long contactId, double score, int ruleVersion, int qualifyingScore, Double storedScore,
        Instant storedAt, List<Qualified> qualified, List<ScoreLine> lines) {

    /** One qualification: the rule version it was under, the score then, and where the hand-off to sales stands. */
    public record Qualified(int ruleVersion, double score, String detail, Instant qualifiedAt, String handOver) {
    }
}
