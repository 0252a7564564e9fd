package io.yutang.referral.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import io.yutang.referral.AttributionDecision;
import io.yutang.referral.ConversionClaim;
import io.yutang.referral.ConversionKind;
import io.yutang.referral.Sharer;
import io.yutang.referral.TargetKind;
import io.yutang.referral.board.BoardDimension;
import io.yutang.referral.board.BoardMetric;
import io.yutang.referral.campaign.Campaign;
import io.yutang.referral.sharelink.ShareLink;
import io.yutang.referral.testing.Person;
import io.yutang.referral.testing.ReferralFixtures;
import io.yutang.referral.testing.ReferralSlice;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * The campaign's run decides whether a touch counts: a scan, an open or a share token used after
 * the campaign's end (or before its start) is organic, and the decision says so; a conversion
 * inside the window of a touch made while the campaign ran is still credited.
 */
class CampaignWindowIntegrationTest {

    static final Instant NOW = ReferralSlice.START;
    static final Instant ENDED = NOW.minus(Duration.ofDays(1));

    ReferralFixtures referral;

    @BeforeEach
    void fixtures() {
        referral = ReferralFixtures.onSharedSlice();
    }

    @Test
    void aFollowThroughAnEndedCampaignsCodeIsOrganic() {
        Campaign campaign = referral.campaign("关注有礼").running(NOW.minus(Duration.ofDays(30)), ENDED).create();
        Sharer wang = referral.employee("王销售").create();
        Person prospect = referral.person("张三");

        prospect.followsThrough(referral.shareLink(campaign, wang), NOW);

        assertThat(prospect.decisions()).singleElement().satisfies(decision -> {
            assertThat(decision.outcome()).isEqualTo("NO_TOUCH");
            assertThat(decision.referrerSharerId()).isNull();
            assertThat(decision.reason()).contains("campaign ended at " + ENDED + ", before this touch at " + NOW);
        });
        assertThat(referral.board(campaign, BoardDimension.EMPLOYEE, BoardMetric.FOLLOWS).entries()).isEmpty();
        assertThat(referral.board(campaign, BoardDimension.EMPLOYEE, BoardMetric.SCANS).entries()).isEmpty();
    }

    @Test
    void aScanBeforeTheCampaignStartsIsOrganic() {
        Instant starts = NOW.plus(Duration.ofDays(1));
        Campaign campaign = referral.campaign("关注有礼").running(starts, starts.plus(Duration.ofDays(30))).create();
        Sharer wang = referral.employee("王销售").create();
        Person prospect = referral.person("张三");

        prospect.followsThrough(referral.shareLink(campaign, wang), NOW);

        assertThat(prospect.decisions()).singleElement().satisfies(decision -> {
            assertThat(decision.outcome()).isEqualTo("NO_TOUCH");
            assertThat(decision.reason()).contains("campaign starts at " + starts + ", after this touch at " + NOW);
        });
        assertThat(referral.board(campaign, BoardDimension.EMPLOYEE, BoardMetric.FOLLOWS).entries()).isEmpty();
    }

    @Test
    void anEndedCampaignsLinkLandsOnTheFollowPageWithoutTheToken() {
        Campaign webinar = referral.campaign("数字化营销公开课").forALiveEvent()
                .running(NOW.minus(Duration.ofDays(30)), ENDED).create();
        Sharer wang = referral.employee("王销售").create();
        Person prospect = referral.person("张三");

        var landing = prospect.opens(referral.shareLink(webinar, wang), NOW);

        assertThat(landing.target()).as("no redirect carrying ?st=").isNull();
        assertThat(landing.ended()).isTrue();
        assertThat(landing.campaignName()).isEqualTo(webinar.name());
    }

    @Test
    void aRegistrationThroughAnEndedCampaignsTokenIsOrganic() {
        Campaign webinar = referral.campaign("数字化营销公开课").forALiveEvent()
                .running(NOW.minus(Duration.ofDays(30)), ENDED).create();
        Sharer wang = referral.employee("王销售").create();
        Person prospect = referral.person("张三");
        ShareLink link = referral.shareLink(webinar, wang);

        StepVerifier.create(referral.attribution().converted(claim(prospect, webinar, link, NOW)))
                .assertNext(decision -> {
                    assertThat(decision.outcome()).isEqualTo("NO_TOUCH");
                    assertThat(decision.campaignId()).isEqualTo(webinar.id());
                    assertThat(decision.reason()).contains("campaign ended at " + ENDED + ", before this touch at " + NOW);
                })
                .verifyComplete();
        assertThat(referral.board(webinar, BoardDimension.EMPLOYEE, BoardMetric.REGISTRATIONS).entries()).isEmpty();
    }

    @Test
    void aConversionAfterTheEndInsideTheWindowOfATouchWhileItRanIsCredited() {
        Campaign webinar = referral.campaign("数字化营销公开课").forALiveEvent()
                .running(NOW.minus(Duration.ofDays(30)), ENDED).create();
        Sharer wang = referral.employee("王销售").create();
        Person prospect = referral.person("张三");
        ShareLink link = referral.shareLink(webinar, wang);
        prospect.opens(link, ENDED.minus(Duration.ofDays(2)));

        AttributionDecision decision = referral.attribution().converted(claim(prospect, webinar, link, NOW))
                .block(Duration.ofSeconds(10));

        assertThat(decision.outcome()).isEqualTo("CREDITED");
        assertThat(decision.referrerSharerId()).isEqualTo(wang.id());
        assertThat(referral.board(webinar, BoardDimension.EMPLOYEE, BoardMetric.REGISTRATIONS).entries())
                .singleElement().satisfies(entry -> assertThat(entry.score()).isEqualTo(1));
    }

    private static ConversionClaim claim(Person prospect, Campaign campaign, ShareLink link, Instant at) {
        return new ConversionClaim(prospect.contact(), ConversionKind.REGISTRATION, "registration:" + UUID.randomUUID(), at,
                TargetKind.LIVE_EVENT, campaign.targetRef(), link.token());
    }
}
