package io.yutang.referral.mine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.yutang.referral.Sharer;
import io.yutang.referral.board.BoardMetric;
import io.yutang.referral.board.Leaderboards;
import io.yutang.referral.campaign.Campaign;
import io.yutang.referral.campaign.CampaignStore;
import io.yutang.referral.campaign.UnknownCampaign;
import io.yutang.referral.sharelink.ShareLinks;
import io.yutang.referral.sharer.SharerStore;
import io.yutang.referral.testing.Person;
import io.yutang.referral.testing.ReferralFixtures;
import io.yutang.referral.testing.ReferralSlice;
import io.yutang.referral.tree.ReferralTree;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * What a sharer's own pages read, from real follows and registrations: a rep's prospects' steps
 * (newest first, named as their form named them), a partner company's (masked), a prospect's own
 * branch, and which campaigns each may share.
 *
 * <pre>
 *   林销售 ─┬─ 张三 ── 王五        别的销售 ── 赵六
 *           └─ 李四
 * </pre>
 */
class MySharingIntegrationTest {

    static final Instant NOW = ReferralSlice.START;

    ReferralFixtures referral;
    MySharing mine;
    Campaign campaign;
    Sharer lin;
    Sharer other;
    Person zhang;
    Person li;
    Person wangWu;
    Person zhao;

    @BeforeEach
    void aRepsBranchAndSomeoneElses() {
        referral = ReferralFixtures.onSharedSlice();
        ReferralSlice slice = referral.slice();
        mine = new MySharing(slice.bean(SharerStore.class), slice.bean(CampaignStore.class), slice.bean(ShareLinks.class),
                slice.bean(ReferralTree.class), slice.bean(Leaderboards.class), new ProspectSteps(slice.db()), slice.clock());
        campaign = referral.campaign("直播课推广").forALiveEvent().create();
        lin = referral.employee("林销售").department("华东大区").create();
        other = referral.employee("别的销售").create();
        zhang = referral.person("张三");
        li = referral.person("李四");
        wangWu = referral.person("王五");
        zhao = referral.person("赵六");
        zhang.followsThrough(referral.shareLink(campaign, lin), NOW.minus(Duration.ofDays(4)));
        li.followsThrough(referral.shareLink(campaign, lin), NOW.minus(Duration.ofDays(3)));
        wangWu.followsThrough(referral.shareLinkOf(campaign, zhang), NOW.minus(Duration.ofDays(2)));
        zhao.followsThrough(referral.shareLink(campaign, other), NOW.minus(Duration.ofDays(2)));
        zhang.registersFor(campaign, NOW.minus(Duration.ofDays(1)), "张先生", "星海科技");
    }

    @Test
    void aRepSeesTheStepsOfEveryoneInHerChainNewestFirstNamedAsTheFormNamedThem() {
        StepVerifier.create(mine.prospects(campaign.id(), lin).collectList())
                .assertNext(steps -> {
                    assertThat(steps)
                            .extracting(ProspectStep::contactId, ProspectStep::step, ProspectStep::at)
                            .containsExactly(
                                    tuple(zhang.contact().value(), ProspectStep.Step.REGISTRATION, NOW.minus(Duration.ofDays(1))),
                                    tuple(zhang.contact().value(), ProspectStep.Step.FORWARD, NOW.minus(Duration.ofDays(2))),
                                    tuple(wangWu.contact().value(), ProspectStep.Step.FOLLOW, NOW.minus(Duration.ofDays(2))),
                                    tuple(li.contact().value(), ProspectStep.Step.FOLLOW, NOW.minus(Duration.ofDays(3))),
                                    tuple(zhang.contact().value(), ProspectStep.Step.FOLLOW, NOW.minus(Duration.ofDays(4))));
                    assertThat(steps).as("the rep sees the name the prospect gave, as her digest does")
                            .filteredOn(step -> step.contactId() == zhang.contact().value())
                            .extracting(ProspectStep::name).containsOnly("张先生");
                })
                .verifyComplete();
    }

    @Test
    void aProspectSharingOnwardsSeesOnlyTheirOwnBranchMaskedAndNoRank() {
        Sharer zhangSharing = referral.sharerOf(zhang);
        wangWu.registersFor(campaign, NOW.minus(Duration.ofHours(1)), "王五", null);

        StepVerifier.create(mine.prospects(campaign.id(), zhangSharing).collectList())
                .assertNext(steps -> assertThat(steps).extracting(ProspectStep::contactId, ProspectStep::step, ProspectStep::name)
                        .containsExactly(tuple(wangWu.contact().value(), ProspectStep.Step.REGISTRATION, "王**"),
                                tuple(wangWu.contact().value(), ProspectStep.Step.FOLLOW, "王**")))
                .verifyComplete();
        StepVerifier.create(mine.subtree(campaign.id(), zhangSharing))
                .assertNext(subtree -> assertThat(subtree.total()).isEqualTo(1))
                .verifyComplete();
        assertThat(MySharing.ranked(zhangSharing)).isFalse();
    }

    @Test
    void aRepMayShareEveryRunningCampaignAndAProspectOnlyThoseTheySharedOnwards() {
        Campaign ended = referral.campaign("已结束").running(NOW.minus(Duration.ofDays(30)), NOW.minus(Duration.ofDays(1))).create();
        Campaign later = referral.campaign("新活动").create();
        Sharer zhangSharing = referral.sharerOf(zhang);

        StepVerifier.create(mine.campaigns(lin).map(Campaign::id).collectList())
                .assertNext(ids -> assertThat(ids).contains(later.id(), campaign.id()).doesNotContain(ended.id())
                        .as("newest first").containsSubsequence(later.id(), campaign.id()))
                .verifyComplete();
        StepVerifier.create(mine.campaigns(zhangSharing).map(Campaign::id).collectList())
                .assertNext(ids -> assertThat(ids).containsExactly(campaign.id()))
                .verifyComplete();
        StepVerifier.create(mine.shareable(later.id(), zhangSharing)).expectError(UnknownCampaign.class).verify();
        StepVerifier.create(mine.shareable(ended.id(), lin)).expectError(UnknownCampaign.class).verify();
    }

    @Test
    void aRepsStandingIsHerRankAndScoreOnEachBoardSheIsOn() {
        StepVerifier.create(mine.standing(campaign.id(), lin))
                .assertNext(standing -> {
                    assertThat(standing.get(BoardMetric.FOLLOWS).score()).isEqualTo(3);
                    assertThat(standing.get(BoardMetric.FOLLOWS).rank()).isEqualTo(1);
                    assertThat(standing.get(BoardMetric.FOLLOWS).label()).isEqualTo(lin.name());
                    assertThat(standing.get(BoardMetric.REGISTRATIONS).score()).isEqualTo(1);
                    assertThat(standing).doesNotContainKey(BoardMetric.LEADS);
                })
                .verifyComplete();
    }
}
