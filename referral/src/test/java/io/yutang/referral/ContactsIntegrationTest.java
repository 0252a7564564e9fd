package io.yutang.referral;

import io.yutang.referral.behaviour.BehaviourLog;
import io.yutang.referral.contact.ContactRecorder;
import io.yutang.referral.contact.ContactIdentities;
import io.yutang.referral.contact.ContactStore;

import static org.assertj.core.api.Assertions.assertThat;

import io.yutang.referral.testing.TestStores;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** Contacts on referral's own schema in a real PostgreSQL: idempotent, order-independent, durable work planned. */
class ContactsIntegrationTest {

    static final Instant NOW = Instant.parse("2026-11-22T08:00:00Z");
    static DatabaseClient db;
    static Contacts contacts;

    @BeforeAll
    static void migrate() {
        TestStores.migrate("referral");
        db = TestStores.databaseClient();
        ContactStore store = new ContactStore(db);
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        contacts = new Contacts(store, new ContactRecorder(store, clock), new BehaviourLog(db, clock), new ContactIdentities(db, clock));
    }

    @Test
    void recordingTheSameFollowTwiceLeavesOneContactAndOneProfileFetch() {
        WeChatUser user = newUser();
        Instant followed = NOW.minusSeconds(60);

        ContactId first = contacts.followed(user, followed).block(Duration.ofSeconds(5));
        ContactId again = contacts.followed(user, followed).block(Duration.ofSeconds(5));

        assertThat(again).isEqualTo(first);
        assertThat(count("select count(*) as n from referral.contact where openid = :o", user)).isEqualTo(1);
        assertThat(count("select count(*) as n from referral.profile_fetch f join referral.contact c on c.id = f.contact_id"
                + " where c.openid = :o and f.state = 'PENDING'", user)).isEqualTo(1);
        assertThat(count("select count(*) as n from referral.behaviour b join referral.contact c on c.id = b.contact_id"
                + " where c.openid = :o and b.kind = 'FOLLOW'", user)).isEqualTo(1);
    }

    @Test
    void newerSubscriptionFactsWinWhateverOrderTheyArriveIn() {
        WeChatUser user = newUser();
        contacts.unfollowed(user, NOW.minusSeconds(10)).block(Duration.ofSeconds(5));
        contacts.followed(user, NOW.minusSeconds(20)).block(Duration.ofSeconds(5));
        contacts.seen(user, NOW.minusSeconds(30)).block(Duration.ofSeconds(5));

        StepVerifier.create(contacts.find(user))
                .assertNext(contact -> {
                    assertThat(contact.subscribed()).isFalse();
                    assertThat(contact.unsubscribedAt()).isEqualTo(NOW.minusSeconds(10));
                    assertThat(contact.firstSeenAt()).isEqualTo(NOW.minusSeconds(30));
                    assertThat(contact.lastSeenAt()).isEqualTo(NOW.minusSeconds(10));
                })
                .verifyComplete();
    }

    @Test
    void factsArrivingTogetherEndAsIfAppliedOneByOne() {
        WeChatUser user = newUser();
        List<ContactId> ids = Flux.merge(
                        contacts.unfollowed(user, NOW.minusSeconds(10)),
                        contacts.followed(user, NOW.minusSeconds(20)),
                        contacts.seen(user, NOW.minusSeconds(30)),
                        contacts.followed(user, NOW.minusSeconds(40)))
                .collectList().block(Duration.ofSeconds(5));

        assertThat(ids).hasSize(4).containsOnly(ids.get(0));
        StepVerifier.create(contacts.find(user))
                .assertNext(contact -> {
                    assertThat(contact.subscribed()).isFalse();
                    assertThat(contact.subscribedAt()).isEqualTo(NOW.minusSeconds(20));
                    assertThat(contact.unsubscribedAt()).isEqualTo(NOW.minusSeconds(10));
                    assertThat(contact.firstSeenAt()).isEqualTo(NOW.minusSeconds(40));
                    assertThat(contact.lastSeenAt()).isEqualTo(NOW.minusSeconds(10));
                })
                .verifyComplete();
    }

    @Test
    void aSightingOfAKnownContactPlansNoNewProfileFetch() {
        WeChatUser user = newUser();
        ContactId id = contacts.followed(user, NOW.minusSeconds(60)).block(Duration.ofSeconds(5));
        db.sql("update referral.profile_fetch set state = 'DONE', done_at = :now where contact_id = :id")
                .bind("now", NOW).bind("id", id.value()).then().block(Duration.ofSeconds(5));

        contacts.seen(user, NOW).block(Duration.ofSeconds(5));
        assertThat(count("select count(*) as n from referral.profile_fetch f join referral.contact c on c.id = f.contact_id"
                + " where c.openid = :o and f.state = 'PENDING'", user)).isZero();

        contacts.followed(user, NOW.plusSeconds(1)).block(Duration.ofSeconds(5));
        assertThat(count("select count(*) as n from referral.profile_fetch f join referral.contact c on c.id = f.contact_id"
                + " where c.openid = :o and f.state = 'PENDING'", user)).as("a new follow re-arms it").isEqualTo(1);
    }

    @Test
    void theSameFollowAppliedAgainAfterItsProfileWasFetchedPlansNoSecondFetch() {
        WeChatUser user = newUser();
        ContactId id = contacts.followed(user, NOW.minusSeconds(60)).block(Duration.ofSeconds(5));
        db.sql("update referral.profile_fetch set state = 'DONE', done_at = :now where contact_id = :id")
                .bind("now", NOW).bind("id", id.value()).then().block(Duration.ofSeconds(5));

        contacts.followed(user, NOW.minusSeconds(60)).block(Duration.ofSeconds(5));
        assertThat(count("select count(*) as n from referral.profile_fetch f join referral.contact c on c.id = f.contact_id"
                + " where c.openid = :o and f.state = 'PENDING'", user)).as("the follow's profile is already fetched").isZero();
    }

    @Test
    void signInKeepsTheProfileWithoutLosingWhatWasKnown() {
        WeChatUser user = newUser();
        contacts.signedIn(user, new SignInProfile("union-1", "王芳", "https://thirdwx.qlogo.cn/a/132"), NOW)
                .block(Duration.ofSeconds(5));
        contacts.signedIn(user, new SignInProfile(null, null, null), NOW.plusSeconds(5)).block(Duration.ofSeconds(5));

        StepVerifier.create(contacts.find(user))
                .assertNext(contact -> {
                    assertThat(contact.nickname()).isEqualTo("王芳");
                    assertThat(contact.unionid()).isEqualTo("union-1");
                    assertThat(contact.toString()).doesNotContain("王芳");
                })
                .verifyComplete();
    }

    private static long count(String sql, WeChatUser user) {
        return db.sql(sql).bind("o", user.openid()).map(row -> row.get("n", Long.class)).one().block(Duration.ofSeconds(5));
    }

    private static WeChatUser newUser() {
        return new WeChatUser("wx-referral-test", "o-" + UUID.randomUUID());
    }
}
