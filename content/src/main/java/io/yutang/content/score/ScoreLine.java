package io.yutang.content.score;

import io.yutang.referral.BehaviourKind;
import java.time.Instant;

/**
 * How one behaviour fared against one rule (or that no rule scores it).
 *
 * @param rule the rule's position in its set, from 1; null when no rule scores the behaviour
 * @param points the rule's points; {@code counted} what they are worth now, after decay (0 when not counted)
 * @param note why it counted or not, in words
 */
public record ScoreLine(BehaviourKind behaviour, String ref, Instant occurredAt, Integer seconds, Integer percent,
        Integer rule, String ruleLabel, int points, double counted, String note) {
}
