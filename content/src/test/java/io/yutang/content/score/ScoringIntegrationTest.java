package io.yutang.content.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.yutang.content.LeadQualified;
import io.yutang.content.article.Article;
import io.yutang.content.asset.Asset;
import io.yutang.content.lead.LeadForm;
import io.yutang.content.read.ReadingBeacon;
import io.yutang.content.testing.ContentFixtures;
import io.yutang.referral.Attribution;
import io.yutang.referral.Behaviour;
import io.yutang.referral.BehaviourKind;
import io.yutang.referral.Behaviours;
import io.yutang.referral.ConversionKind;
import io.yutang.referral.Sharer;
import io.yutang.referral.Viewer;
import io.yutang.referral.behaviour.BehaviourChanges;
import io.yutang.referral.board.BoardDimension;
import io.yutang.referral.board.BoardMetric;
import io.yutang.referral.campaign.Campaign;
import io.yutang.referral.sharelink.ShareLink;
import io.yutang.referral.testing.Person;
import io.yutang.referral.testing.ReferralFixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Lead scoring over the real PostgreSQL: behaviour reported by every module reaches the score
 * through referral's durable queue, the score is explained line by line, new rules rescore
 * everyone, and crossing the qualifying score makes one qualified lead, credited and told to the
 * rep once, even with two instances racing.
 */
class ScoringIntegrationTest {

    static final Duration WAIT = Duration.ofSeconds(20);
    static ContentFixtures content;
    static BehaviourChanges changes;

    @BeforeAll
    static void slice() {
        content = ContentFixtures.onSliceWith(ScoreRuleBook.class, Scores.class, ScoreDetails.class, Scoring.class,
                ScoreEndpoints.class);
        changes = new BehaviourChanges(content.db(), List.of(content.bean(Scoring.class)), content.clock());
    }

    @Test
    void whatAProspectDidInEveryModuleAddsUpToAScoreExplainedLineByLine() {
        Person li = content.referral().follower("李女士", content.clock().instant().minus(Duration.ofDays(1)));
        Asset asset = content.whitepaper("评分白皮书");
        Instant now = content.clock().instant();
        behaviours().record(new Behaviour(li.contact(), BehaviourKind.ATTENDANCE, "live_event:9", 700, null,
                now.minusSeconds(3600), "attendance:9:" + li.contact().value())).block(WAIT);
        ReferralFixtures.await(content.leads().submit(asset.id(), new Viewer(li.contact(), li.user()),
                new LeadForm(Map.of("name", "李女士", "company", "鱼塘科技", "phone", "13800138000"), true, false, false, null)));
        Article article = content.article("私域增长手记", "## 第一章\n\n正文");
        String visit = "visit-" + li.contact().value() + "-0123456789";
        // The page's beacons of one visit: the read grows past the rule's 30 s and 50 %.
        ReferralFixtures.await(content.reads().merge(article.id(), li.contact(), new ReadingBeacon(visit, 12, 40, null)));
        ReferralFixtures.await(content.reads().merge(article.id(), li.contact(), new ReadingBeacon(visit, 45, 80, null)));

        drain();

        ContactScore score = endpoints().score(li.contact().value(), STAFF).block(WAIT);
        assertThat(score.lines()).extracting(ScoreLine::behaviour, ScoreLine::ruleLabel, ScoreLine::note).containsExactly(
                tuple(BehaviourKind.FOLLOW, "关注公众号", "counted"),
                tuple(BehaviourKind.ATTENDANCE, "观看直播 10 分钟以上", "counted, decayed with a half-life of PT2160H"),
                tuple(BehaviourKind.ATTENDANCE, "观看直播 30 分钟以上", "shorter than 1800 s (700 s)"),
                tuple(BehaviourKind.LEAD, "留资", "counted, decayed with a half-life of PT2160H"),
                // The phone on the lead form identified her: a behaviour the shipped rules leave unscored.
                tuple(BehaviourKind.IDENTIFIED, null, "no rule scores this behaviour"),
                tuple(BehaviourKind.ARTICLE_READ, "阅读文章", "counted, decayed with a half-life of PT720H"));
        assertThat(score.lines().get(5)).satisfies(read -> {
            assertThat(read.seconds()).isEqualTo(45);
            assertThat(read.percent()).isEqualTo(80);
        });
        assertThat(score.score()).isEqualTo(38.0);
        assertThat(score.storedScore()).as("the stored score is the one the queue computed").isEqualTo(38.0);
        assertThat(score.qualified()).isEmpty();
    }

    @Test
    void newRulesRescoreEveryoneFromTheirStoredBehaviour() {
        Person wang = content.referral().follower("王先生", content.clock().instant().minus(Duration.ofDays(2)));
        Person zhao = content.referral().follower("赵女士", content.clock().instant().minus(Duration.ofDays(3)));
        drain();
        assertThat(stored(wang)).isEqualTo(5.0);

        ScoreEndpoints.RulesChanged changed = endpoints().replace(new ScoreRuleDraft(List.of(
                ScoreRule.once(BehaviourKind.FOLLOW, 12, null, null, "关注"))), () -> "marketer").block(WAIT);
        assertThat(changed.rules().version()).isGreaterThan(1);
        assertThat(changed.rules().createdBy()).isEqualTo("marketer");
        assertThat(changed.contactsToRescore()).isGreaterThanOrEqualTo(2);
        drain();

        assertThat(stored(wang)).isEqualTo(12.0);
        assertThat(stored(zhao)).isEqualTo(12.0);
        restoreDefaultRules();
    }

    @Test
    void crossingTheQualifyingScoreMakesOneQualifiedLeadEvenWithTwoInstancesRacing() {
        ReferralFixtures referral = content.referral();
        Person repPerson = referral.person("陈销售");
        Sharer rep = referral.employee("陈销售").boundTo(repPerson).create();
        Asset asset = content.whitepaper("合格线索白皮书");
        Campaign campaign = referral.campaign("合格线索推广").forAsset(asset.id()).create();
        ShareLink link = referral.shareLink(campaign, rep);
        Person sun = referral.follower("孙女士", content.clock().instant().minus(Duration.ofHours(2)));
        sun.opens(link, content.clock().instant().minus(Duration.ofHours(1)));
        Instant now = content.clock().instant();
        for (String event : List.of("1", "2", "3")) {
            behaviours().record(new Behaviour(sun.contact(), BehaviourKind.ATTENDANCE, "live_event:" + event, 2400, null,
                    now.minusSeconds(600), "attendance:" + event + ":" + sun.contact().value())).block(WAIT);
        }
        Scoring scoring = content.bean(Scoring.class);

        // Two instances score the same change at once: both see the score cross the threshold.
        Mono.when(scoring.changed(List.of(sun.contact())).subscribeOn(Schedulers.parallel()),
                scoring.changed(List.of(sun.contact())).subscribeOn(Schedulers.parallel())).block(WAIT);
        List<LeadQualified> published = new CopyOnWriteArrayList<>();
        QualifiedLeads first = qualifiedLeads(published);
        QualifiedLeads second = qualifiedLeads(published);
        Mono.when(first.handOver().subscribeOn(Schedulers.parallel()), second.handOver().subscribeOn(Schedulers.parallel()))
                .block(WAIT);
        scoring.changed(List.of(sun.contact())).block(WAIT);
        first.handOver().block(WAIT);

        assertThat(endpoints().score(sun.contact().value(), STAFF).block(WAIT).qualified()).singleElement().satisfies(qualified -> {
            assertThat(qualified.score()).isEqualTo(80.0);
            assertThat(qualified.detail()).isEqualTo("得分 80：观看直播 ×6、关注公众号 ×1");
            assertThat(qualified.handOver()).isEqualTo("DONE");
        });
        assertThat(published).singleElement().satisfies(event -> assertThat(event.contact()).isEqualTo(sun.contact()));
        assertThat(sun.decisions()).filteredOn(decision -> decision.kind() == ConversionKind.QUALIFIED_LEAD).singleElement()
                .satisfies(decision -> {
                    assertThat(decision.credited()).isTrue();
                    assertThat(decision.referrerSharerId()).isEqualTo(rep.id());
                });
        assertThat(referral.board(campaign, BoardDimension.EMPLOYEE, BoardMetric.QUALIFIED_LEADS).entries())
                .extracting(entry -> entry.label(), entry -> entry.score()).containsExactly(tuple("陈销售", 1L));
        assertThat(content.db().sql("""
                        select v.detail from referral.rep_signal g join referral.conversion v on v.id = g.conversion_id
                         where g.sharer_id = :rep and v.kind = 'QUALIFIED_LEAD'""")
                .bind("rep", rep.id()).map(row -> row.get("detail", String.class)).all().collectList().block(WAIT))
                .as("the rep's nudge says what the prospect did").containsExactly("得分 80：观看直播 ×6、关注公众号 ×1");
    }

    @Test
    void rulesThatContradictThemselvesAreRefusedWithTheReason() {
        assertThatThrownBy(() -> endpoints().replace(new ScoreRuleDraft(List.of(
                new ScoreRule(BehaviourKind.SCAN, 2, false, 3, null, null, null, null, null))), () -> "marketer").block(WAIT))
                .isInstanceOfSatisfying(InvalidScoreRules.class, invalid -> assertThat(invalid.getBody().getProperties().get("errors"))
                        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                        .extracting("field", "reason")
                        .containsExactly(
                                tuple("rules[0].cap", "a cap needs a period (and a period a cap): e.g. cap 3, period P7D"),
                                tuple("rules[0].cap", "only a repeatable rule has a cap; a rule that is not repeatable counts once")));
    }

    private static void drain() {
        while (Boolean.TRUE.equals(changes.handOver().block(WAIT))) {
            // another full batch was taken: more may be waiting
        }
    }

    private static QualifiedLeads qualifiedLeads(List<LeadQualified> published) {
        return new QualifiedLeads(content.db(), content.bean(Attribution.class), content.leads(),
                event -> published.add((LeadQualified) event), List.of(), content.clock());
    }

    private static void restoreDefaultRules() {
        endpoints().replace(new ScoreRuleDraft(ScoreRuleBook.DEFAULTS), () -> "default").block(WAIT);
        drain();
    }

    private static Double stored(Person person) {
        return content.db().sql("select score from content.score where contact_id = :c").bind("c", person.contact().value())
                .map(row -> row.get("score", Double.class)).one().block(WAIT);
    }

    private static Behaviours behaviours() {
        return content.bean(Behaviours.class);
    }

    /** The staff member the endpoints are called as, named in the audit log. */
    private static final java.security.Principal STAFF = () -> "scoring-test";

    private static ScoreEndpoints endpoints() {
        return content.bean(ScoreEndpoints.class);
    }
}
