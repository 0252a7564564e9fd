package io.yutang.referral.contact;

import static org.assertj.core.api.Assertions.assertThat;

import io.yutang.referral.Contacts;
import io.yutang.referral.ProfileLookup;
import io.yutang.referral.ProfileLookupsThrottled;
import io.yutang.referral.ReferralProperties;
import io.yutang.referral.WeChatProfile;
import io.yutang.referral.WeChatUser;
import io.yutang.referral.testing.ReferralSlice;
import io.yutang.referral.testing.TestClock;
import io.yutang.referral.work.PollingLoop;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The profile fetcher of one account on the real PostgreSQL and Redis, as two instances run it,
 * against a fake WeChat lookup that counts its calls: backlogs drained, refusals pausing everyone.
 */
class ProfileRefresherIntegrationTest {

    static final Duration FIRST_PAUSE = Duration.ofMinutes(1);
    static final Duration WAIT = Duration.ofSeconds(30);
    final ReferralSlice slice = ReferralSlice.shared();
    /** The Redis key prefix the "instances" of one test share, as the instances of one deployment do. */
    final String redisPrefix = "test-" + UUID.randomUUID() + ":";

    @Test
    void aBacklogIsFetchedInRoundAfterRoundWithoutWaitingForTheNextPoll() throws InterruptedException {
        FakeLookup wechat = new FakeLookup();
        List<WeChatUser> users = follow(wechat, 500);
        ProfileRefresher refresher = refresher(wechat, clockAfterTheFollows());
        PollingLoop loop = PollingLoop.draining("Profile fetch (test)", Duration.ZERO, Duration.ofHours(1), refresher::refreshDue);

        loop.start();
        try {
            awaitFetched(wechat, users.size());
        } finally {
            stop(loop);
        }

        assertThat(wechat.calls).as("five batches of 100, all after the one poll (the next is an hour away)").hasSize(5)
                .allSatisfy(call -> assertThat(call).hasSize(100));
        assertThat(wechat.calls.stream().flatMap(List::stream)).as("each follower asked for once").doesNotHaveDuplicates();
    }

    @Test
    void aRefusalSeenByOneInstancePausesTheOtherAndSpendsNoAttempt() {
        FakeLookup wechat = new FakeLookup();
        List<WeChatUser> users = follow(wechat, 30);
        TestClock clock = clockAfterTheFollows();
        ProfileRefresher first = refresher(wechat, clock);
        ProfileRefresher second = refresher(wechat, clock);
        wechat.refuseNext(1);

        first.refreshDue().block(WAIT);
        List<WeChatUser> later = follow(wechat, 20, clock);
        second.refreshDue().block(WAIT);

        assertThat(wechat.calls).as("the refused call only: the second instance made none for its due fetches").hasSize(1);
        assertThat(fetches(wechat)).as("the refused ones put back untried, due when the pause ends").hasSize(50)
                .filteredOn(fetch -> fetch.due().isAfter(clock.instant())).hasSize(30).allSatisfy(fetch -> {
                    assertThat(fetch.state()).isEqualTo("PENDING");
                    assertThat(fetch.attempts()).isZero();
                    assertThat(fetch.due()).isEqualTo(clock.instant().plus(FIRST_PAUSE));
                });
        assertThat(fetches(wechat)).as("nothing claimed or tried meanwhile").allSatisfy(fetch -> {
            assertThat(fetch.state()).isEqualTo("PENDING");
            assertThat(fetch.attempts()).isZero();
        });

        clock.advance(FIRST_PAUSE);
        second.refreshDue().block(WAIT);

        assertThat(wechat.calls).as("one batch for all 50 once the pause is over").hasSize(2);
        assertThat(fetched(wechat)).isEqualTo(users.size() + later.size());
        assertThat(fetches(wechat)).allSatisfy(fetch -> assertThat(fetch.state()).isEqualTo("DONE"));
    }

    @Test
    void refusalsInARowPauseTwiceAsLongEachAndALookupThatSucceedsStartsOver() {
        FakeLookup wechat = new FakeLookup();
        follow(wechat, 10);
        TestClock clock = clockAfterTheFollows();
        ProfileRefresher first = refresher(wechat, clock);
        ProfileRefresher second = refresher(wechat, clock);

        wechat.refuseNext(2);
        first.refreshDue().block(WAIT);
        clock.advance(FIRST_PAUSE);
        second.refreshDue().block(WAIT);
        assertThat(fetches(wechat)).as("the second refusal in a row").allSatisfy(fetch ->
                assertThat(fetch.due()).isEqualTo(clock.instant().plus(FIRST_PAUSE.multipliedBy(2))));

        clock.advance(FIRST_PAUSE.multipliedBy(2));
        first.refreshDue().block(WAIT);
        assertThat(fetched(wechat)).isEqualTo(10);

        follow(wechat, 10, clock);
        wechat.refuseNext(1);
        second.refreshDue().block(WAIT);
        assertThat(fetches(wechat).stream().filter(fetch -> fetch.state().equals("PENDING")))
                .as("after a success, the first pause again").hasSize(10)
                .allSatisfy(fetch -> assertThat(fetch.due()).isEqualTo(clock.instant().plus(FIRST_PAUSE)));
        assertThat(wechat.calls).hasSize(4);
    }

    private ProfileRefresher refresher(FakeLookup wechat, TestClock clock) {
        ReferralProperties defaults = ReferralSlice.properties();
        ReferralProperties properties = new ReferralProperties(defaults.publicBaseUrl(), defaults.attributionWindow(),
                defaults.clawbackPeriod(), Duration.ofHours(1), 8, Duration.ofSeconds(4), 2, FIRST_PAUSE,
                defaults.repDigestInterval(), defaults.repDigestSettle(), defaults.repDigestPollInterval(),
                defaults.posterAvatarTimeout(), defaults.posterAvatarMaxSize(), defaults.posterCacheTtl(),
                defaults.posterAvatarHosts());
        return new ProfileRefresher(slice.db(), slice.bean(ContactStore.class), wechat, properties, clock, slice.redis(),
                redisPrefix);
    }

    /** A clock a little after the slice's, so every fetch planned so far is due. */
    private TestClock clockAfterTheFollows() {
        return new TestClock(slice.clock().instant().plusSeconds(1));
    }

    private List<WeChatUser> follow(FakeLookup wechat, int count) {
        return follow(wechat, count, slice.clock());
    }

    private List<WeChatUser> follow(FakeLookup wechat, int count, TestClock at) {
        String prefix = "o-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        List<WeChatUser> users = IntStream.rangeClosed(1, count).mapToObj(i -> new WeChatUser(wechat.appId(), prefix + i)).toList();
        Instant now = slice.clock().instant();
        Flux.fromIterable(users).flatMap(user -> slice.bean(Contacts.class).followed(user, now), 64).then().block(WAIT);
        if (at != slice.clock()) {
            slice.db().sql("""
                            update referral.profile_fetch f set due_at = :due from referral.contact c
                             where c.id = f.contact_id and c.app_id = :app and c.openid like :prefix""")
                    .bind("due", at.instant()).bind("app", wechat.appId()).bind("prefix", prefix + "%")
                    .then().block(WAIT);
        }
        return users;
    }

    private void awaitFetched(FakeLookup wechat, long count) {
        Flux.interval(Duration.ofMillis(100)).onBackpressureDrop()
                .concatMap(i -> fetchedCount(wechat))
                .filter(n -> n == count)
                .blockFirst(WAIT);
    }

    private long fetched(FakeLookup wechat) {
        return fetchedCount(wechat).block(WAIT);
    }

    private Mono<Long> fetchedCount(FakeLookup wechat) {
        return db().sql("select count(*) as n from referral.contact where app_id = :app and profile_fetched_at is not null")
                .bind("app", wechat.appId())
                .map(row -> row.get("n", Long.class)).one();
    }

    private List<Fetch> fetches(FakeLookup wechat) {
        return db().sql("""
                        select f.state, f.attempts, f.due_at from referral.profile_fetch f
                          join referral.contact c on c.id = f.contact_id where c.app_id = :app""")
                .bind("app", wechat.appId())
                .map(row -> new Fetch(row.get("state", String.class), row.get("attempts", Integer.class),
                        row.get("due_at", Instant.class)))
                .all().collectList().block(WAIT);
    }

    private DatabaseClient db() {
        return slice.db();
    }

    private static void stop(PollingLoop loop) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        loop.stop(stopped::countDown);
        assertThat(stopped.await(10, TimeUnit.SECONDS)).as("the loop stopped").isTrue();
    }

    private record Fetch(String state, int attempts, Instant due) {
    }

    /** WeChat's batch lookup for an account of its own: every user known, unless told to refuse. */
    private static final class FakeLookup implements ProfileLookup {

        private final String appId = "wxfetch" + UUID.randomUUID().toString().replace("-", "").substring(0, 11);
        private final List<List<WeChatUser>> calls = new CopyOnWriteArrayList<>();
        private final AtomicInteger refusals = new AtomicInteger();

        void refuseNext(int count) {
            refusals.set(count);
        }

        @Override
        public String appId() {
            return appId;
        }

        @Override
        public Mono<WeChatProfile> lookUp(WeChatUser user) {
            return Mono.error(new AssertionError("profiles are fetched in batches"));
        }

        @Override
        public Mono<Map<WeChatUser, WeChatProfile>> lookUpAll(List<WeChatUser> users) {
            return Mono.defer(() -> {
                calls.add(users);
                if (refusals.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                    return Mono.error(new ProfileLookupsThrottled("errcode 45009 (reach max api daily quota limit)"));
                }
                return Mono.just(users.stream().collect(Collectors.toMap(Function.identity(),
                        user -> new WeChatProfile(true, "union-" + user.openid(), "ADD_SCENE_QR_CODE", null))));
            });
        }
    }
}
