package io.yutang.livestream.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.yutang.livestream.event.EventStatus;
import io.yutang.livestream.event.LiveEvent;
import io.yutang.livestream.testing.LivestreamFixtures;
import io.yutang.livestream.testing.Registrant;
import io.yutang.referral.ConversionKind;
import io.yutang.referral.Sharer;
import io.yutang.referral.campaign.Campaign;
import io.yutang.referral.testing.ReferralFixtures;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * Registration rules on livestream's beans over the real PostgreSQL: one registration per event
 * and contact, renewal after a cancellation, closed events, and the waitlist behind a capacity.
 */
class RegistrationsIntegrationTest {

    LivestreamFixtures livestream;

    @BeforeEach
    void fixtures() {
        livestream = LivestreamFixtures.onSharedSlice();
    }

    @Test
    void registeringAgainGivesBackTheSameRegistration() {
        LiveEvent event = livestream.event("数字化营销公开课").create();
        Registrant zhang = livestream.registrant("张三");
        Registration first = zhang.registers(event);

        StepVerifier.create(zhang.register(event))
                .assertNext(again -> {
                    assertThat(again.id()).isEqualTo(first.id());
                    assertThat(again.status()).isEqualTo(RegistrationStatus.REGISTERED);
                    assertThat(again.registeredAt()).isEqualTo(first.registeredAt());
                })
                .verifyComplete();
        assertThat(rowsOf(event)).isEqualTo(1);
    }

    @Test
    void aCancelledRegistrantMayRegisterAgainAndIsConfirmedAgain() {
        LiveEvent event = livestream.event("数字化营销公开课").create();
        Registrant zhang = livestream.registrant("张三");
        Registration first = zhang.registers(event);
        assertThat(zhang.cancels(event).status()).isEqualTo(RegistrationStatus.CANCELLED);

        StepVerifier.create(zhang.register(event))
                .assertNext(renewed -> {
                    assertThat(renewed.id()).isEqualTo(first.id());
                    assertThat(renewed.status()).isEqualTo(RegistrationStatus.REGISTERED);
                    assertThat(renewed.cancelledAt()).isNull();
                    assertThat(renewed.registeredAt()).isAfter(first.registeredAt());
                })
                .verifyComplete();
        assertThat(rowsOf(event)).isEqualTo(1);
        assertThat(reminderState(first.id(), "CONFIRMATION:2")).as("a second confirmation").isEqualTo("PENDING");
    }

    @Test
    void anEventThatIsNotOpenRefusesRegistrations() {
        LiveEvent closed = livestream.event("已结束报名").status(EventStatus.CLOSED).create();
        LiveEvent draft = livestream.event("还没发布").status(EventStatus.DRAFT).create();
        Registrant zhang = livestream.registrant("张三");

        StepVerifier.create(zhang.register(closed)).expectError(RegistrationClosed.class).verify(Duration.ofSeconds(10));
        StepVerifier.create(zhang.register(draft)).expectError(RegistrationClosed.class).verify(Duration.ofSeconds(10));
        assertThat(rowsOf(closed)).isZero();
    }

    @Test
    void cancellingWithoutARegistrationIsRefused() {
        LiveEvent event = livestream.event("数字化营销公开课").create();

        StepVerifier.create(livestream.registrant("张三").cancel(event)).expectError(NotRegistered.class)
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void registrantsPastTheCapacityWaitInTheOrderTheyRegistered() {
        LiveEvent event = livestream.event("小班课").capacity(2).create();
        List<Registrant> people = registrants("张三", "李四", "王五", "赵六");

        List<Registration> registrations = people.stream().map(person -> person.registers(event)).toList();

        assertThat(registrations).extracting(Registration::status, Registration::waitlistPosition).containsExactly(
                tuple(RegistrationStatus.REGISTERED, null),
                tuple(RegistrationStatus.REGISTERED, null),
                tuple(RegistrationStatus.WAITLISTED, 1),
                tuple(RegistrationStatus.WAITLISTED, 2));
        assertThat(reminderState(registrations.get(2).id(), "WAITLISTED")).as("told they wait").isEqualTo("PENDING");
    }

    @Test
    void aCancellationPromotesTheLongestWaiting() {
        LiveEvent event = livestream.event("小班课").capacity(2).create();
        List<Registrant> people = registrants("张三", "李四", "王五", "赵六");
        people.forEach(person -> person.registers(event));

        people.get(0).cancels(event);

        assertThat(people.get(2).registrationFor(event)).satisfies(promoted -> {
            assertThat(promoted.status()).isEqualTo(RegistrationStatus.REGISTERED);
            assertThat(promoted.promotedAt()).isEqualTo(livestream.clock().instant());
            assertThat(reminderState(promoted.id(), "PROMOTED")).as("told they have a place").isEqualTo("PENDING");
        });
        assertThat(people.get(3).registrationFor(event)).extracting(Registration::status, Registration::waitlistPosition)
                .containsExactly(RegistrationStatus.WAITLISTED, 1);
    }

    @Test
    void cancellingAWaitlistPlacePromotesNobody() {
        LiveEvent event = livestream.event("小班课").capacity(1).create();
        List<Registrant> people = registrants("张三", "李四", "王五");
        people.forEach(person -> person.registers(event));

        people.get(1).cancels(event);

        assertThat(people.get(2).registrationFor(event)).extracting(Registration::status, Registration::waitlistPosition)
                .containsExactly(RegistrationStatus.WAITLISTED, 1);
    }

    @Test
    void raisingTheCapacityPromotesTheWaitlistInRegistrationOrder() {
        LiveEvent event = livestream.event("小班课").capacity(1).create();
        List<Registrant> people = registrants("张三", "李四", "王五", "赵六");
        people.forEach(person -> person.registers(event));

        livestream.changeCapacity(event, 3);

        assertThat(people).extracting(person -> person.registrationFor(event).status()).containsExactly(
                RegistrationStatus.REGISTERED, RegistrationStatus.REGISTERED, RegistrationStatus.REGISTERED,
                RegistrationStatus.WAITLISTED);
        assertThat(people.get(3).registrationFor(event).waitlistPosition()).isEqualTo(1);
    }

    @Test
    void aLateComerQueuesBehindThoseAlreadyWaitingAndARenewalJoinsTheEnd() {
        LiveEvent event = livestream.event("小班课").capacity(1).create();
        List<Registrant> people = registrants("张三", "李四", "王五");
        people.get(0).registers(event);
        people.get(1).registers(event);
        people.get(1).cancels(event);
        people.get(2).registers(event);

        Registration renewed = people.get(1).registers(event);

        assertThat(renewed.status()).isEqualTo(RegistrationStatus.WAITLISTED);
        assertThat(renewed.waitlistPosition()).isEqualTo(2);
        assertThat(people.get(2).registrationFor(event).waitlistPosition()).isEqualTo(1);
    }

    @Test
    void aPromotedRegistrantIsCreditedToTheRepWhoBroughtThem() {
        LiveEvent event = livestream.event("小班课").capacity(1).create();
        ReferralFixtures referral = livestream.referral();
        Campaign campaign = referral.campaign("小班课推广").forLiveEvent(String.valueOf(event.id())).create();
        Sharer wang = referral.employee("王销售").create();
        List<Registrant> people = registrants("张三", "李四");
        people.get(1).person().opens(referral.shareLink(campaign, wang), livestream.clock().instant());
        people.forEach(person -> person.registers(event));
        assertThat(people.get(1).person().decisions()).as("waiting is no registration yet").isEmpty();

        people.get(0).cancels(event);

        assertThat(people.get(1).person().decisions()).singleElement().satisfies(decision -> {
            assertThat(decision.kind()).isEqualTo(ConversionKind.REGISTRATION);
            assertThat(decision.campaignId()).isEqualTo(campaign.id());
            assertThat(decision.referrerSharerId()).isEqualTo(wang.id());
            assertThat(decision.occurredAt()).as("credited when promoted").isEqualTo(livestream.clock().instant());
        });
    }

    private List<Registrant> registrants(String... names) {
        return java.util.Arrays.stream(names).map(livestream::registrant).toList();
    }

    private long rowsOf(LiveEvent event) {
        return livestream.db().sql("select count(*) as n from livestream.registration where event_id = :e")
                .bind("e", event.id()).map(row -> row.get("n", Long.class)).one().block(Duration.ofSeconds(5));
    }

    private String reminderState(long registration, String purpose) {
        return livestream.db().sql("select state from livestream.reminder where registration_id = :r and purpose = :p")
                .bind("r", registration).bind("p", purpose)
                .map(row -> row.get("state", String.class)).one().block(Duration.ofSeconds(5));
    }
}
