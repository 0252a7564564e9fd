package io.yutang.content.score;

import static org.assertj.core.api.Assertions.assertThat;

import io.yutang.referral.Behaviour;
import io.yutang.referral.BehaviourKind;
import io.yutang.referral.ContactId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scoring arithmetic: once per thing, repeatable under a cap per period, thresholds, decay, negatives. */
class ScoreCardTest {

    static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");
    static final ContactId LI = new ContactId(7);

    @Test
    void aOnceRuleCountsTheFirstBehaviourOnEachThingOnly() {
        ScoreRule registered = ScoreRule.once(BehaviourKind.REGISTRATION, 10, null, null, "报名");

        ScoreCard card = ScoreCard.of(List.of(
                behaviour(BehaviourKind.REGISTRATION, "live_event:1", 3, null),
                behaviour(BehaviourKind.REGISTRATION, "live_event:1", 2, null),
                behaviour(BehaviourKind.REGISTRATION, "live_event:2", 1, null)), List.of(registered), NOW);

        assertThat(card.total()).isEqualTo(20);
        assertThat(card.lines()).extracting(ScoreLine::ref, ScoreLine::counted, ScoreLine::note).containsExactly(
                org.assertj.core.groups.Tuple.tuple("live_event:1", 10.0, "counted"),
                org.assertj.core.groups.Tuple.tuple("live_event:1", 0.0, "counts once per live_event: already counted"),
                org.assertj.core.groups.Tuple.tuple("live_event:2", 10.0, "counted"));
    }

    @Test
    void aRepeatableRuleStopsAtItsCapInsideAPeriodAndCountsAgainAfterIt() {
        ScoreRule scans = ScoreRule.capped(BehaviourKind.SCAN, 2, 2, Duration.ofDays(7), null, null, null, "扫码");

        ScoreCard card = ScoreCard.of(List.of(
                behaviour(BehaviourKind.SCAN, null, 20, null),
                behaviour(BehaviourKind.SCAN, null, 19, null),
                behaviour(BehaviourKind.SCAN, null, 18, null),
                behaviour(BehaviourKind.SCAN, null, 10, null)), List.of(scans), NOW);

        assertThat(card.lines()).extracting(ScoreLine::counted).containsExactly(2.0, 2.0, 0.0, 2.0);
        assertThat(card.lines().get(2).note()).isEqualTo("cap of 2 per PT168H reached");
        assertThat(card.total()).isEqualTo(6);
    }

    @Test
    void whatTheCrmReportedCountsByItsRulesOncePerCrmReference() {
        ScoreRule lead = ScoreRule.once(BehaviourKind.LEAD, 40, null, null, "留资");
        ScoreRule rejected = ScoreRule.once(BehaviourKind.CRM_REJECTED, -30, null, null, "销售判定无效");
        ScoreRule opportunity = ScoreRule.once(BehaviourKind.CRM_OPPORTUNITY, 50, null, null, "成为商机");

        ScoreCard card = ScoreCard.of(List.of(
                behaviour(BehaviourKind.LEAD, "content:1", 5, null),
                behaviour(BehaviourKind.CRM_REJECTED, "crm:L-1", 4, null),
                behaviour(BehaviourKind.CRM_REJECTED, "crm:L-1", 3, null),
                behaviour(BehaviourKind.CRM_OPPORTUNITY, "crm:O-2", 2, null),
                behaviour(BehaviourKind.CRM_WON, "crm:O-2", 1, null)), List.of(lead, rejected, opportunity), NOW);

        assertThat(card.lines()).extracting(ScoreLine::behaviour, ScoreLine::counted).containsExactly(
                org.assertj.core.groups.Tuple.tuple(BehaviourKind.LEAD, 40.0),
                org.assertj.core.groups.Tuple.tuple(BehaviourKind.CRM_REJECTED, -30.0),
                org.assertj.core.groups.Tuple.tuple(BehaviourKind.CRM_REJECTED, 0.0),
                org.assertj.core.groups.Tuple.tuple(BehaviourKind.CRM_OPPORTUNITY, 50.0),
                org.assertj.core.groups.Tuple.tuple(BehaviourKind.CRM_WON, 0.0));
        assertThat(card.lines().get(4).note()).isEqualTo("no rule scores this behaviour");
        assertThat(card.total()).isEqualTo(60);
    }

    @Test
    void pointsHalveAfterEachHalfLife() {
        ScoreRule download = ScoreRule.once(BehaviourKind.DOWNLOAD, 40, null, Duration.ofDays(30), "下载");

        ScoreCard card = ScoreCard.of(List.of(behaviour(BehaviourKind.DOWNLOAD, "content:1", 60, null),
                behaviour(BehaviourKind.DOWNLOAD, "content:2", 0, null)), List.of(download), NOW);

        assertThat(card.lines()).extracting(ScoreLine::counted).containsExactly(10.0, 40.0);
        assertThat(card.total()).isEqualTo(50);
    }

    @Test
    void watchTimeTiersAndReadDepthAreThresholds() {
        List<ScoreRule> rules = List.of(
                ScoreRule.once(BehaviourKind.ATTENDANCE, 15, 600, null, "10 分钟"),
                ScoreRule.once(BehaviourKind.ATTENDANCE, 10, 1800, null, "30 分钟"),
                new ScoreRule(BehaviourKind.ARTICLE_READ, 3, true, null, null, 30, 50, null, "阅读"));

        ScoreCard card = ScoreCard.of(List.of(
                new Behaviour(LI, BehaviourKind.ATTENDANCE, "live_event:1", 900, null, NOW.minusSeconds(5000), "a:1"),
                new Behaviour(LI, BehaviourKind.ARTICLE_READ, "article:1", 120, 40, NOW.minusSeconds(400), "r:1"),
                new Behaviour(LI, BehaviourKind.ARTICLE_READ, "article:2", 45, 80, NOW.minusSeconds(300), "r:2")), rules, NOW);

        assertThat(card.total()).isEqualTo(18);
        assertThat(card.lines()).extracting(ScoreLine::rule, ScoreLine::counted, ScoreLine::note).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1, 15.0, "counted"),
                org.assertj.core.groups.Tuple.tuple(2, 0.0, "shorter than 1800 s (900 s)"),
                org.assertj.core.groups.Tuple.tuple(3, 0.0, "read less than 50 % (40 %)"),
                org.assertj.core.groups.Tuple.tuple(3, 3.0, "counted"));
    }

    @Test
    void anUnfollowTakesPointsAwayAndABehaviourWithoutARuleIsShownAsSuch() {
        List<ScoreRule> rules = List.of(ScoreRule.once(BehaviourKind.FOLLOW, 5, null, null, null),
                new ScoreRule(BehaviourKind.UNFOLLOW, -30, true, null, null, null, null, null, null));

        ScoreCard card = ScoreCard.of(List.of(behaviour(BehaviourKind.FOLLOW, null, 3, null),
                behaviour(BehaviourKind.UNFOLLOW, null, 2, null), behaviour(BehaviourKind.FORWARD, "campaign:1", 1, null)), rules, NOW);

        assertThat(card.total()).isEqualTo(-25);
        assertThat(card.lines().get(2)).satisfies(line -> {
            assertThat(line.rule()).isNull();
            assertThat(line.note()).isEqualTo("no rule scores this behaviour");
        });
    }

    private static Behaviour behaviour(BehaviourKind kind, String ref, int daysAgo, Integer seconds) {
        return new Behaviour(LI, kind, ref, seconds, null, NOW.minus(Duration.ofDays(daysAgo)), kind + ":" + ref + ":" + daysAgo);
    }
}
