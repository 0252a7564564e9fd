package io.yutang.referral.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.yutang.referral.Behaviour;
import io.yutang.referral.BehaviourKind;
import io.yutang.referral.Behaviours;
import io.yutang.referral.Sharer;
import io.yutang.referral.campaign.Campaign;
import io.yutang.referral.report.Funnel.Step;
import io.yutang.referral.testing.Person;
import io.yutang.referral.testing.ReferralFixtures;
import io.yutang.referral.testing.ReferralSlice;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The console's funnel and day-by-day activity, read from real attribution rows in PostgreSQL. */
class CampaignReportsIntegrationTest {

    ReferralFixtures referral;
    CampaignReports reports;
    Campaign campaign;
    Sharer wang;
    Sharer li;

    @BeforeEach
    void twoRepsInTwoDepartments() {
        referral = ReferralFixtures.onSharedSlice();
        reports = new CampaignReports(referral.slice().db(), referral.slice().clock());
        campaign = referral.campaign("公开课推广").clawbackPeriod(Duration.ofDays(7)).create();
        wang = referral.employee("王销售").department("华东大区").create();
        li = referral.employee("李销售").department("华北大区").create();
    }

    @Test
    void theFunnelCountsPeopleAtEachStepWithTheRateFromTheStepBefore() {
        Instant now = referral.slice().clock().instant();
        Person zhang = referral.person("张三");
        zhang.followsThrough(referral.shareLink(campaign, wang), now.minus(Duration.ofHours(3)));
        referral.person("赵四").followsThrough(referral.shareLink(campaign, wang), now.minus(Duration.ofHours(2)));
        Person qian = referral.follower("钱五", now.minus(Duration.ofDays(30)));
        qian.scans(referral.shareLink(campaign, li), now.minus(Duration.ofHours(1)));
        qian.registersFor(campaign, now.minus(Duration.ofMinutes(30)));

        Funnel whole = reports.funnel(campaign.id(), FunnelGrouping.NONE).block(Duration.ofSeconds(5));
        assertThat(whole.groups()).singleElement().satisfies(group -> assertThat(group.steps())
                .extracting(Funnel.StepCount::step, Funnel.StepCount::people, Funnel.StepCount::rateFromPrevious)
                .containsExactly(tuple(Step.SCANNED, 3L, null), tuple(Step.FOLLOWED, 2L, 0.667), tuple(Step.REGISTERED, 1L, 0.5),
                        tuple(Step.ATTENDED, 0L, 0.0), tuple(Step.LEAD, 0L, null), tuple(Step.QUALIFIED_LEAD, 0L, null),
                        tuple(Step.CRM_ACCEPTED, 0L, null), tuple(Step.CRM_OPPORTUNITY, 0L, null), tuple(Step.CRM_WON, 0L, null)));

        Funnel byRep = reports.funnel(campaign.id(), FunnelGrouping.ADVOCATE).block(Duration.ofSeconds(5));
        assertThat(byRep.groups()).extracting(Funnel.Group::key, Funnel.Group::label, group -> people(group, Step.SCANNED),
                        group -> people(group, Step.FOLLOWED), group -> people(group, Step.REGISTERED))
                .containsExactly(tuple(String.valueOf(wang.id()), "王销售", 2L, 2L, 0L), tuple(String.valueOf(li.id()), "李销售", 1L, 0L, 1L));
        Funnel byDepartment = reports.funnel(campaign.id(), FunnelGrouping.DEPARTMENT).block(Duration.ofSeconds(5));
        assertThat(byDepartment.groups()).extracting(Funnel.Group::label).containsExactly("华东大区", "华北大区");

        zhang.unfollows(now);
        assertThat(people(reports.funnel(campaign.id(), FunnelGrouping.NONE).block(Duration.ofSeconds(5)).groups().get(0), Step.FOLLOWED))
                .as("a follow taken back within the clawback no longer counts").isEqualTo(1L);
    }

    @Test
    void theFunnelEndsWithWhatTheCrmReportedOfThePeopleTheCampaignBrought() {
        Instant now = referral.slice().clock().instant();
        Person won = referral.person("吴总");
        won.followsThrough(referral.shareLink(campaign, wang), now.minus(Duration.ofHours(3)));
        Person accepted = referral.person("郑经理");
        accepted.followsThrough(referral.shareLink(campaign, li), now.minus(Duration.ofHours(2)));
        Person elsewhere = referral.person("冯女士");
        elsewhere.followsOrganically(now.minus(Duration.ofHours(2)));
        Behaviours behaviours = referral.slice().bean(Behaviours.class);
        // The CRM reported only the win for one (it counts as accepted and opportunity too), acceptance and then a
        // rejection for the other, and a win for someone this campaign did not bring.
        ReferralFixtures.await(behaviours.record(Behaviour.of(won.contact(), BehaviourKind.CRM_WON, "crm:D-1", now, "outcome:t-" + won.contact().value())));
        ReferralFixtures.await(behaviours.record(Behaviour.of(accepted.contact(), BehaviourKind.CRM_ACCEPTED, "crm:L-2", now,
                "outcome:t-a-" + accepted.contact().value())));
        ReferralFixtures.await(behaviours.record(Behaviour.of(accepted.contact(), BehaviourKind.CRM_REJECTED, "crm:L-2", now,
                "outcome:t-r-" + accepted.contact().value())));
        ReferralFixtures.await(behaviours.record(Behaviour.of(elsewhere.contact(), BehaviourKind.CRM_WON, "crm:D-3", now,
                "outcome:t-" + elsewhere.contact().value())));

        Funnel whole = reports.funnel(campaign.id(), FunnelGrouping.NONE).block(Duration.ofSeconds(5));
        Funnel.Group all = whole.groups().get(0);
        assertThat(List.of(people(all, Step.FOLLOWED), people(all, Step.CRM_ACCEPTED), people(all, Step.CRM_OPPORTUNITY),
                people(all, Step.CRM_WON))).containsExactly(2L, 2L, 1L, 1L);
        Funnel byRep = reports.funnel(campaign.id(), FunnelGrouping.ADVOCATE).block(Duration.ofSeconds(5));
        assertThat(byRep.groups()).extracting(Funnel.Group::label, group -> people(group, Step.CRM_ACCEPTED),
                        group -> people(group, Step.CRM_WON))
                .containsExactlyInAnyOrder(tuple("王销售", 1L, 1L), tuple("李销售", 1L, 0L));
    }

    @Test
    void aCampaignNobodyReachedHasAnEmptyFunnel() {
        Funnel whole = reports.funnel(campaign.id(), FunnelGrouping.NONE).block(Duration.ofSeconds(5));
        assertThat(whole.groups()).singleElement().satisfies(group -> assertThat(group.steps())
                .allSatisfy(step -> assertThat(step.people()).isZero()));
        assertThat(reports.funnel(campaign.id(), FunnelGrouping.ADVOCATE).block(Duration.ofSeconds(5)).groups()).isEmpty();
    }

    @Test
    void theActivityOfTodayCountsScansAndFollowsAndEveryDayIsThere() {
        List<DailyActivity> before = reports.activity(7).collectList().block(Duration.ofSeconds(5));
        Instant now = referral.slice().clock().instant();
        referral.person("孙六").followsThrough(referral.shareLink(campaign, wang), now);
        referral.person("周七").followsThrough(referral.shareLink(campaign, li), now);

        List<DailyActivity> after = reports.activity(7).collectList().block(Duration.ofSeconds(5));
        assertThat(after).hasSize(7);
        assertThat(after.get(6).day()).isEqualTo(now.atZone(CampaignReports.CHINA).toLocalDate());
        assertThat(after.get(0).day()).isEqualTo(after.get(6).day().minusDays(6));
        assertThat(after.get(6).follows() - before.get(6).follows()).isEqualTo(2);
        assertThat(after.get(6).scans() - before.get(6).scans()).isEqualTo(2);
    }

    private static long people(Funnel.Group group, Step step) {
        return group.steps().stream().filter(count -> count.step() == step).findFirst().orElseThrow().people();
    }
}
