package io.yutang.content.score;

import io.yutang.referral.BehaviourKind;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.Duration;

/**
 * One rule of lead scoring: what a behaviour is worth.
 *
 * @param behaviour the behaviour it scores
 * @param points what it adds (negative: takes away), before decay
 * @param repeatable false: counts once per thing (each event, asset or article; once per contact
 *     for follows and the like); true: counts every time, at most {@code cap} times per {@code period}
 * @param cap with {@code period}: how often a repeatable rule counts inside any such period; null for no cap
 * @param minSeconds counts only behaviours at least this long (watch or dwell time), or null
 * @param minPercent counts only reads scrolled at least this deep, or null
 * @param halfLife the points halve after each such time since the behaviour; null: they keep
 * @param label what marketing calls the rule, shown in explanations; null: none
 */
public record ScoreRule(
        @NotNull BehaviourKind behaviour,
        @NotNull @Min(-1000) @Max(1000) Integer points,
        Boolean repeatable,
        @Positive @Max(10_000) Integer cap,
        Duration period,
        @Min(0) @Max(86_400) Integer minSeconds,
        @Min(0) @Max(100) Integer minPercent,
        Duration halfLife,
        @Size(max = 100) String label) {

    public ScoreRule {
        // Left out of the JSON: not repeatable (Jackson 3 refuses a missing primitive).
        repeatable = Boolean.TRUE.equals(repeatable);
    }

    static ScoreRule once(BehaviourKind behaviour, int points, Integer minSeconds, Duration halfLife, String label) {
        return new ScoreRule(behaviour, points, false, null, null, minSeconds, null, halfLife, label);
    }

    static ScoreRule capped(BehaviourKind behaviour, int points, int cap, Duration period, Integer minSeconds, Integer minPercent,
            Duration halfLife, String label) {
        return new ScoreRule(behaviour, points, true, cap, period, minSeconds, minPercent, halfLife, label);
    }
}
