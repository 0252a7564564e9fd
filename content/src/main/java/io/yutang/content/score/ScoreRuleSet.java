package io.yutang.content.score;

import java.time.Instant;
import java.util.List;

/**
 * A version of the scoring rules.
 *
 * @param qualifyingScore the score at which a contact becomes a qualified lead ({@code YUTANG_CONTENT_QUALIFIED_LEAD_SCORE})
 * @param createdBy the staff user who set it, or {@code default} for the rules yutang ships
 */
public record ScoreRuleSet(int version, List<ScoreRule> rules, int qualifyingScore, String createdBy, Instant createdAt) {
}
