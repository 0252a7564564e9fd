package io.yutang.livestream.registration;

import static org.assertj.core.api.Assertions.assertThat;

import io.yutang.livestream.event.LiveEvent;
import io.yutang.livestream.testing.LivestreamFixtures;
import io.yutang.livestream.testing.Registrant;
import io.yutang.referral.AttributionDecision;
import io.yutang.referral.Sharer;
import io.yutang.referral.board.BoardDimension;
import io.yutang.referral.board.BoardMetric;
import io.yutang.referral.board.Leaderboard;
import io.yutang.referral.campaign.Campaign;
import io.yutang.referral.testing.ReferralFixtures;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * A cancellation moves the REGISTRATIONS board the way an unfollow moves FOLLOWS: the credit is
 * reversed with its reason, a renewed registration is credited again, and a reversal that failed
 * at the time is made by the credit sweeper.
 */
class CancelledCreditIntegrationTest {

    LivestreamFixtures livestream;
    ReferralFixtures referral;

    @BeforeEach
    void fixtures() {
        livestream = LivestreamFixtures.onSharedSlice();
        referral = livestream.referral();
    }

    @Test
    void aCancellationTakesTheCreditBackAndARenewalCreditsAgain() {
        LiveEvent event = livestream.event("数字化营销公开课").create();
        Campaign campaign = referral.campaign("公开课推广").forLiveEvent(String.valueOf(event.id())).create();
        Sharer wang = referral.employee("王销售").create();
        Registrant zhang = livestream.registrant("张三");
        zhang.person().opens(referral.shareLink(campaign, wang), livestream.clock().instant());
        zhang.registers(event);
        assertThat(registrations(campaign)).as("credited").isEqualTo(1);

        zhang.cancels(event);

        assertThat(registrations(campaign)).as("the board forgets the cancelled registration").isZero();
        assertThat(zhang.person().decisions()).singleElement().satisfies(decision -> {
            assertThat(decision.outcome()).isEqualTo("REVERSED");
            assertThat(decision.reversedAt()).isEqualTo(zhang.registrationFor(event).cancelledAt());
            assertThat(decision.reason()).contains("reversed: withdrawn at " + decision.reversedAt());
        });

        zhang.registers(event);

        assertThat(registrations(campaign)).as("the renewal is credited again").isEqualTo(1);
        assertThat(zhang.person().decisions()).extracting(AttributionDecision::outcome).containsExactly("REVERSED", "CREDITED");
        StepVerifier.create(referral.boards().rebuild(campaign.id())).verifyComplete();
        assertThat(registrations(campaign)).as("PostgreSQL agrees").isEqualTo(1);
    }

    @Test
    void aReversalThatDidNotGoThroughIsMadeByTheSweeper() {
        LiveEvent event = livestream.event("数字化营销公开课").create();
        Campaign campaign = referral.campaign("公开课推广").forLiveEvent(String.valueOf(event.id())).create();
        Sharer wang = referral.employee("王销售").create();
        Registrant zhang = livestream.registrant("张三");
        zhang.person().opens(referral.shareLink(campaign, wang), livestream.clock().instant());
        Registration registration = zhang.registers(event);
        zhang.cancels(event);
        // As if referral had been unreachable at the cancellation: the credit stands, the row waits.
        livestream.db().sql("update referral.conversion set outcome = 'CREDITED', reversed_at = null where source_key = :k")
                .bind("k", "registration:" + registration.id()).then().block(Duration.ofSeconds(5));
        livestream.db().sql("update referral.credit set reversed_at = null where conversion_id ="
                        + " (select id from referral.conversion where source_key = :k)")
                .bind("k", "registration:" + registration.id()).then().block(Duration.ofSeconds(5));
        livestream.db().sql("update livestream.registration set withdrawn_at = null where id = :id")
                .bind("id", registration.id()).then().block(Duration.ofSeconds(5));
        StepVerifier.create(referral.boards().rebuild(campaign.id())).verifyComplete();
        assertThat(registrations(campaign)).isEqualTo(1);
        livestream.clock().advance(Duration.ofMinutes(2));

        CreditRetries sweeper = new CreditRetries(livestream.db(), livestream.registrations(), null, livestream.clock());
        StepVerifier.create(sweeper.withdrawStragglers(livestream.clock().instant().minus(Duration.ofMinutes(1)))).verifyComplete();

        assertThat(registrations(campaign)).isZero();
        assertThat(zhang.person().decisions()).singleElement()
                .satisfies(decision -> assertThat(decision.outcome()).isEqualTo("REVERSED"));
    }

    private long registrations(Campaign campaign) {
        return referral.board(campaign, BoardDimension.EMPLOYEE, BoardMetric.REGISTRATIONS).entries().stream()
                .mapToLong(Leaderboard.Entry::score).sum();
    }
}
