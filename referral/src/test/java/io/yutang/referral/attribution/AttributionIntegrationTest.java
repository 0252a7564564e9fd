package io.yutang.referral.attribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.yutang.referral.AttributionDecision;
import io.yutang.referral.Behaviour;
import io.yutang.referral.BehaviourKind;
import io.yutang.referral.Behaviours;
import io.yutang.referral.ContactIdentity;
import io.yutang.referral.ConversionClaim;
import io.yutang.referral.ConversionKind;
import io.yutang.referral.Sharer;
import io.yutang.referral.SharerKind;
import io.yutang.referral.TargetKind;
import io.yutang.referral.board.BoardDimension;
import io.yutang.referral.board.BoardMetric;
import io.yutang.referral.board.Leaderboard;
import io.yutang.referral.campaign.Campaign;
import io.yutang.referral.sharelink.ShareLink;
import io.yutang.referral.testing.Person;
import io.yutang.referral.testing.ReferralFixtures;
import io.yutang.referral.testing.ReferralSlice;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * Which sharer a conversion is credited to, and why, on referral's own slice over the real
 * PostgreSQL and Redis: the campaign's model and window, self-referrals, followers' scans,
 * clawbacks, the two credits of a chain and idempotent decisions.
 */
class AttributionIntegrationTest {

    static final Instant NOW = ReferralSlice.START;

    ReferralFixtures referral;

    @BeforeEach
    void fixtures() {
        referral = ReferralFixtures.onSharedSlice();
    }

    @Test
    void creditsTheLastTouchByDefault() {
        Campaign webinar = referral.campaign("数字化营销公开课").forALiveEvent().create();
        Sharer wang = referral.employee("王销售").create();
        Sharer li = referral.employee("李销售").create();
        Person prospect = referral.person("张三");
        prospect.opens(referral.shareLink(webinar, wang), NOW.minus(Duration.ofDays(10)));
        prospect.opens(referral.shareLink(webinar, li), NOW.minus(Duration.ofDays(2)));

        AttributionDecision decision = prospect.registersFor(webinar, NOW);

        assertThat(decision.outcome()).isEqualTo("CREDITED");
        assertThat(decision.referrerSharerId()).isEqualTo(li.id());
        assertThat(decision.advocateSharerId()).isEqualTo(li.id());
        assertThat(decision.reason()).startsWith("last touch inside the 30-day window: LINK_OPEN touch #")
                .contains("through " + li.name() + " (employee), advocate themselves").endsWith("one of 2 touches");
        assertThat(decision.referrer().name()).isEqualTo(li.name());
    }

    @Test
    void creditsTheFirstTouchUnderFirstTouchModel() {
        Campaign webinar = referral.campaign("数字化营销公开课").forALiveEvent().firstTouch().create();
        Sharer wang = referral.employee("王销售").create();
        Sharer li = referral.employee("李销售").create();
        Person prospect = referral.person("张三");
        prospect.opens(referral.shareLink(webinar, wang), NOW.minus(Duration.ofDays(10)));
        prospect.opens(referral.shareLink(webinar, li), NOW.minus(Duration.ofDays(2)));

        AttributionDecision decision = prospect.registersFor(webinar, NOW);

        assertThat(decision.outcome()).isEqualTo("CREDITED");
        assertThat(decision.referrerSharerId()).isEqualTo(wang.id());
        assertThat(decision.advocateSharerId()).isEqualTo(wang.id());
        assertThat(decision.reason()).startsWith("first touch inside the 30-day window")
                .contains("through " + wang.name() + " (employee)");
    }

    @Test
    void firstTouchIgnoresATouchOlderThanTheWindow() {
        Campaign webinar = referral.campaign("数字化营销公开课").forALiveEvent().firstTouch().create();
        Sharer tooEarly = referral.employee("周销售").create();
        Sharer first = referral.employee("王销售").create();
        Sharer last = referral.employee("李销售").create();
        Person prospect = referral.person("张三");
        prospect.opens(referral.shareLink(webinar, tooEarly), NOW.minus(Duration.ofDays(30)).minusSeconds(1));
        prospect.opens(referral.shareLink(webinar, first), NOW.minus(Duration.ofDays(20)));
        prospect.opens(referral.shareLink(webinar, last), NOW.minus(Duration.ofDays(5)));

        AttributionDecision decision = prospect.registersFor(webinar, NOW);

        assertThat(decision.referrerSharerId()).isEqualTo(first.id());
        assertThat(decision.reason()).endsWith("one of 2 touches");
    }

    @Test
    void creditsAConversionExactlyAtTheEndOfTheWindow() {
        Campaign webinar = referral.campaign("数字化营销公开课").forALiveEvent().attributionWindow(Duration.ofDays(7)).create();
        Sharer wang = referral.employee("王销售").create();
        Person prospect = referral.person("张三");
        Instant opened = NOW.minus(Duration.ofDays(7));
        prospect.opens(referral.shareLink(webinar, wang), opened);

        AttributionDecision decision = prospect.registersFor(webinar, opened.plus(Duration.ofDays(7)));

        assertThat(decision.outcome()).isEqualTo("CREDITED");
        assertThat(decision.referrerSharerId()).isEqualTo(wang.id());
        assertThat(decision.reason()).startsWith("last touch inside the 7-day window");
    }

    @Test
    void creditsNobodyForAConversionJustPastTheWindow() {
        Campaign webinar = referral.campaign("数字化营销公开课").forALiveEvent().attributionWindow(Duration.ofDays(7)).create();
        Sharer wang = referral.employee("王销售").create();
        Person prospect = referral.person("张三");
        Instant opened = NOW.minus(Duration.ofDays(7)).minusSeconds(1);
        prospect.opens(referral.shareLink(webinar, wang), opened);

        AttributionDecision decision = prospect.registersFor(webinar, NOW);

        assertThat(decision.outcome()).isEqualTo("NO_TOUCH");
        assertThat(decision.referrerSharerId()).isNull();
        assertThat(decision.advocateSharerId()).isNull();
        assertThat(decision.reason()).isEqualTo("no touch in campaign #" + webinar.id() + " inside the 7 days before");
        assertThat(referral.board(webinar, BoardDimension.EMPLOYEE, BoardMetric.REGISTRATIONS).entries()).isEmpty();
    }

    @Test
    void aFollowThroughALinkWhoseIdHoldsAnLInBase36IsCreditedToItsSharerInBothSceneFormats() {
        Campaign campaign = referral.campaign("关注有礼").create();
        Sharer wang = referral.employee("王销售").create();
        Sharer li = referral.employee("李销售").create();
        nextShareLinkIdHoldsAnL();
        ShareLink wangs = referral.shareLink(campaign, wang);
        nextShareLinkIdHoldsAnL();
        ShareLink lis = referral.shareLink(campaign, li);
        assertThat(Long.toString(lis.id(), 36)).matches(".*l[1-9a-z].*");
        Person throughTodaysCode = referral.person("张三");
        Person throughAnOlderCode = referral.person("李四");

        throughTodaysCode.followsThrough(wangs, NOW);
        // Codes issued before the scene's separator changed read c<campaign>l<link>: ambiguous for this link.
        throughAnOlderCode.followsThroughScene("c" + Long.toString(campaign.id(), 36) + "l" + Long.toString(lis.id(), 36), NOW);

        assertThat(throughTodaysCode.decisions()).singleElement().satisfies(decision -> {
            assertThat(decision.outcome()).isEqualTo("CREDITED");
            assertThat(decision.referrerSharerId()).isEqualTo(wang.id());
        });
        assertThat(throughAnOlderCode.decisions()).singleElement().satisfies(decision -> {
            assertThat(decision.outcome()).isEqualTo("CREDITED");
            assertThat(decision.referrerSharerId()).isEqualTo(li.id());
        });
    }

    @Test
    void aSceneNamingNoCampaignOfOursIsAnOrganicFollowNotAnError() {
        Person prospect = referral.person("王五");
        Person another = referral.person("赵六");

        // Campaign 2,176,782,335 (zzzzzz): none such; in the earlier format and in today's.
        prospect.followsThroughScene("czzzzzzl1", NOW);
        another.followsThroughScene("czzzzzz_1", NOW);

        assertThat(prospect.decisions()).as("no campaign, no decision").isEmpty();
        assertThat(referral.slice().db().sql("select count(*) as n from referral.touch where contact_id = :contact and campaign_id is null")
                .bind("contact", prospect.contact().value()).map(row -> row.get("n", Long.class)).one().block())
                .as("one organic touch").isEqualTo(1L);
        assertThat(another.decisions()).isEmpty();
    }

    /**
     * Makes the next share link's id the smallest one past every id so far whose base-36 digits hold
     * an {@code l} followed by a digit other than 0: one that the earlier scene format reads two ways.
     */
    private void nextShareLinkIdHoldsAnL() {
        long next = referral.slice().db().sql("select coalesce(max(id), 0) + 1 as n from referral.share_link")
                .map(row -> row.get("n", Long.class)).one().block();
        while (!Long.toString(next, 36).matches(".*l[1-9a-z].*")) {
            next++;
        }
        referral.slice().db().sql("alter table referral.share_link alter column id restart with " + next).then().block();
    }

    @Test
    void aSharersOwnFollowEarnsNothingAndIsFlagged() {
        Campaign campaign = referral.campaign("关注有礼").create();
        Person zhaoOnWeChat = referral.person("赵销售");
        Sharer zhao = referral.employee("赵销售").department("华北大区").boundTo(zhaoOnWeChat).create();

        zhaoOnWeChat.followsThrough(referral.shareLink(campaign, zhao), NOW);

        assertThat(zhaoOnWeChat.decisions()).singleElement().satisfies(decision -> {
            assertThat(decision.outcome()).isEqualTo("SELF_REFERRAL");
            assertThat(decision.credited()).isFalse();
            assertThat(decision.referrerSharerId()).isNull();
            assertThat(decision.reason()).contains("the sharer's own scan or open (flagged, no credit)");
        });
        assertThat(selfReferralFlags(zhaoOnWeChat)).containsExactly(true);
        assertThat(referral.board(campaign, BoardDimension.EMPLOYEE, BoardMetric.FOLLOWS).entries()).isEmpty();
        assertThat(referral.board(campaign, BoardDimension.EMPLOYEE, BoardMetric.SCANS).entries()).isEmpty();
    }

    @Test
    void aSharersOwnLinkOpenEarnsNoRegistration() {
        Campaign webinar = referral.campaign("数字化营销公开课").forALiveEvent().create();
        Person zhaoOnWeChat = referral.person("赵销售");
        Sharer zhao = referral.employee("赵销售").boundTo(zhaoOnWeChat).create();
        zhaoOnWeChat.opens(referral.shareLink(webinar, zhao), NOW.minus(Duration.ofHours(1)));

        AttributionDecision decision = zhaoOnWeChat.registersFor(webinar, NOW);

        assertThat(decision.outcome()).isEqualTo("SELF_REFERRAL");
        assertThat(decision.advocateSharerId()).isNull();
        assertThat(selfReferralFlags(zhaoOnWeChat)).containsExactly(true);
    }

    @Test
    void anExistingFollowersScanIsATouchButNeverAFollowCredit() {
        Campaign webinar = referral.campaign("数字化营销公开课").forALiveEvent().create();
        Sharer wang = referral.employee("王销售").create();
        Person follower = referral.follower("老粉丝", NOW.minus(Duration.ofDays(200)));
        referral.board(webinar, BoardDimension.EMPLOYEE, BoardMetric.SCANS);

        follower.scans(referral.shareLink(webinar, wang), NOW.minus(Duration.ofHours(2)));

        assertThat(follower.decisions()).as("no follow decision for a follower").isEmpty();
        assertThat(referral.board(webinar, BoardDimension.EMPLOYEE, BoardMetric.FOLLOWS).entries()).isEmpty();
        assertThat(referral.board(webinar, BoardDimension.EMPLOYEE, BoardMetric.SCANS).entries())
                .extracting(Leaderboard.Entry::label, Leaderboard.Entry::score).containsExactly(org.assertj.core.groups.Tuple.tuple("王销售", 1L));

        AttributionDecision registration = follower.registersFor(webinar, NOW);
        assertThat(registration.referrerSharerId()).as("the scan is a touch").isEqualTo(wang.id());
        assertThat(registration.reason()).contains("QR_SCAN touch");
    }

    @Test
    void anUnfollowInsideTheClawbackPeriodReversesTheFollowCredit() {
        Campaign campaign = referral.campaign("关注有礼").clawbackPeriod(Duration.ofDays(7)).create();
        Sharer wang = referral.employee("王销售").create();
        Person prospect = referral.person("张三");
        Instant followed = NOW.minus(Duration.ofDays(8));
        prospect.followsThrough(referral.shareLink(campaign, wang), followed);

        Instant unfollowed = followed.plus(Duration.ofDays(7)).minusSeconds(1);
        prospect.unfollows(unfollowed);

        assertThat(prospect.decisions()).singleElement().satisfies(decision -> {
            assertThat(decision.outcome()).isEqualTo("REVERSED");
            assertThat(decision.reversedAt()).isEqualTo(unfollowed);
            assertThat(decision.advocateSharerId()).as("who had been credited").isEqualTo(wang.id());
            assertThat(decision.reason()).startsWith("last touch inside the 30-day window: QR_FOLLOW touch")
                    .contains("reversed: unfollowed 06d 23h 59m after following, inside the 7-day clawback period");
        });
        assertThat(referral.board(campaign, BoardDimension.EMPLOYEE, BoardMetric.FOLLOWS).entries()).isEmpty();
    }

    @Test
    void anUnfollowAtTheEndOfTheClawbackPeriodKeepsTheFollowCredit() {
        Campaign campaign = referral.campaign("关注有礼").clawbackPeriod(Duration.ofDays(7)).create();
        Sharer wang = referral.employee("王销售").create();
        Person prospect = referral.person("张三");
        Instant followed = NOW.minus(Duration.ofDays(8));
        prospect.followsThrough(referral.shareLink(campaign, wang), followed);

        prospect.unfollows(followed.plus(Duration.ofDays(7)));

        assertThat(prospect.decisions()).singleElement().satisfies(decision -> {
            assertThat(decision.outcome()).isEqualTo("CREDITED");
            assertThat(decision.reversedAt()).isNull();
        });
        assertThat(referral.board(campaign, BoardDimension.EMPLOYEE, BoardMetric.FOLLOWS).entries())
                .extracting(Leaderboard.Entry::score).containsExactly(1L);
    }

    @Test
    void creditsTheDirectReferrerAndTheAdvocateAtTheRootOfTheChain() {
        Campaign webinar = referral.campaign("数字化营销公开课").forALiveEvent().create();
        Sharer wang = referral.employee("王销售").department("华东大区").create();
        Person first = referral.person("张三");
        first.followsThrough(referral.shareLink(webinar, wang), NOW.minus(Duration.ofDays(3)));
        ShareLink firstsLink = referral.shareLinkOf(webinar, first);
        Person second = referral.person("李四");
        second.followsThrough(firstsLink, NOW.minus(Duration.ofDays(1)));

        AttributionDecision decision = second.registersFor(webinar, NOW, "registration:chain-" + second.contact().value());

        Sharer firstAsSharer = referral.sharerOf(first);
        assertThat(decision.referrerSharerId()).isEqualTo(firstAsSharer.id());
        assertThat(decision.advocateSharerId()).isEqualTo(wang.id());
        assertThat(decision.reason()).contains("(prospect), advocate " + wang.name() + " (employee, 华东大区)")
                .doesNotContain("sharer #");
        assertThat(decision.referrer().kind()).isEqualTo(SharerKind.PROSPECT);
        assertThat(decision.advocate().name()).isEqualTo(wang.name());
        assertThat(decision.advocate().department()).isEqualTo("华东大区");
        StepVerifier.create(referral.attribution().creditsOf(List.of("registration:chain-" + second.contact().value())))
                .assertNext(credit -> {
                    assertThat(credit.referrer().kind()).isEqualTo(SharerKind.PROSPECT);
                    assertThat(credit.referrer().contactId()).isEqualTo(first.contact().value());
                    assertThat(credit.advocate().name()).isEqualTo("王销售");
                })
                .verifyComplete();
        assertThat(referral.board(webinar, BoardDimension.EMPLOYEE, BoardMetric.FOLLOWS).entries())
                .as("the advocate owns both follows; prospects are on no board")
                .extracting(Leaderboard.Entry::member, Leaderboard.Entry::score)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(String.valueOf(wang.id()), 2L));
    }

    @Test
    void decidesAConversionOnceWhateverTimesItIsReported() {
        Campaign webinar = referral.campaign("数字化营销公开课").forALiveEvent().create();
        Sharer wang = referral.employee("王销售").create();
        Person prospect = referral.person("张三");
        prospect.opens(referral.shareLink(webinar, wang), NOW.minus(Duration.ofDays(1)));
        ConversionClaim claim = new ConversionClaim(prospect.contact(), ConversionKind.REGISTRATION,
                "registration:once-" + prospect.contact().value(), NOW, TargetKind.LIVE_EVENT, webinar.targetRef(), null);

        AttributionDecision first = referral.attribution().converted(claim).block(Duration.ofSeconds(10));
        StepVerifier.create(referral.attribution().converted(claim))
                .assertNext(again -> assertThat(again).isEqualTo(first))
                .verifyComplete();

        assertThat(prospect.decisions()).hasSize(1);
        assertThat(referral.board(webinar, BoardDimension.EMPLOYEE, BoardMetric.REGISTRATIONS).entries())
                .extracting(Leaderboard.Entry::score).containsExactly(1L);
    }

    @Test
    void aFormWithAPhoneOrEmailIdentifiesTheContactOncePerNewCombination() {
        Campaign webinar = referral.campaign("数字化营销公开课").forALiveEvent().create();
        Person prospect = referral.person("张三");
        long id = prospect.contact().value();
        ConversionClaim registration = new ConversionClaim(prospect.contact(), ConversionKind.REGISTRATION,
                "registration:identity-" + id, NOW, TargetKind.LIVE_EVENT, webinar.targetRef(), null, "张三", "星河制造", null)
                .reachableAt("13800138000", null);

        referral.attribution().converted(registration).block(Duration.ofSeconds(10));
        referral.attribution().converted(registration).block(Duration.ofSeconds(10));
        referral.attribution().converted(new ConversionClaim(prospect.contact(), ConversionKind.LEAD, "lead:identity-" + id,
                NOW.plusSeconds(60), TargetKind.CONTENT, "7", null, "张三", null, null).reachableAt("13800138000", null)).block(Duration.ofSeconds(10));
        referral.attribution().converted(new ConversionClaim(prospect.contact(), ConversionKind.LEAD, "lead:identity2-" + id,
                NOW.plusSeconds(120), TargetKind.CONTENT, "8", null, "张三", null, null)
                .reachableAt("13800138000", "Zhang.San@Example.com")).block(Duration.ofSeconds(10));

        List<Behaviour> identified = referral.slice().bean(Behaviours.class).historyOf(List.of(prospect.contact()))
                .filter(b -> b.kind() == BehaviourKind.IDENTIFIED).collectList().block(Duration.ofSeconds(10));
        assertThat(identified).as("the same phone again is nothing new; the phone with an e-mail address is")
                .extracting(Behaviour::sourceKey, Behaviour::ref)
                .containsExactly(tuple("identified:registration:identity-" + id, "live_event:" + webinar.targetRef()),
                        tuple("identified:lead:identity2-" + id, "content:8"));
        assertThat(referral.contacts().identitiesFrom(List.of("registration:identity-" + id, "lead:identity2-" + id))
                        .collectList().block(Duration.ofSeconds(10)))
                .extracting(ContactIdentity::phone, ContactIdentity::email, ContactIdentity::name, ContactIdentity::company)
                .containsExactlyInAnyOrder(tuple("13800138000", null, "张三", "星河制造"),
                        tuple("13800138000", "zhang.san@example.com", "张三", null));
        assertThat(referral.contacts().latestIdentities(List.of(prospect.contact())).collectList().block(Duration.ofSeconds(10)))
                .extracting(ContactIdentity::email).containsExactly("zhang.san@example.com");
    }

    @Test
    void aRetriedFollowEventMakesOneTouchAndOneCredit() {
        Campaign campaign = referral.campaign("关注有礼").create();
        Sharer wang = referral.employee("王销售").create();
        referral.board(campaign, BoardDimension.EMPLOYEE, BoardMetric.FOLLOWS);
        Person prospect = referral.person("张三");
        ShareLink link = referral.shareLink(campaign, wang);

        prospect.followsThrough(link, NOW, "subscribe:retried-" + prospect.contact().value());
        prospect.followsThrough(link, NOW, "subscribe:retried-" + prospect.contact().value());

        assertThat(prospect.decisions()).singleElement().satisfies(decision -> assertThat(decision.credited()).isTrue());
        assertThat(selfReferralFlags(prospect)).hasSize(1);
        assertThat(referral.board(campaign, BoardDimension.EMPLOYEE, BoardMetric.FOLLOWS).entries())
                .extracting(Leaderboard.Entry::score).containsExactly(1L);
        assertThat(referral.board(campaign, BoardDimension.EMPLOYEE, BoardMetric.SCANS).entries())
                .extracting(Leaderboard.Entry::score).containsExactly(1L);
    }

    @Test
    void aConversionNoCampaignClaimsSaysSo() {
        Person prospect = referral.person("张三");

        StepVerifier.create(referral.attribution().converted(new ConversionClaim(prospect.contact(), ConversionKind.LEAD,
                        "lead:none-" + prospect.contact().value(), NOW, TargetKind.CONTENT, "no-such-asset", null)))
                .assertNext(decision -> {
                    assertThat(decision.outcome()).isEqualTo("NO_TOUCH");
                    assertThat(decision.campaignId()).isNull();
                    assertThat(decision.reason()).isEqualTo("no campaign targets this lead and no share link came with it");
                })
                .verifyComplete();
    }

    private List<Boolean> selfReferralFlags(Person person) {
        return referral.slice().db().sql("select self_referral from referral.touch where contact_id = :c order by id")
                .bind("c", person.contact().value())
                .map(row -> row.get("self_referral", Boolean.class))
                .all().collectList().block(Duration.ofSeconds(5));
    }
}
