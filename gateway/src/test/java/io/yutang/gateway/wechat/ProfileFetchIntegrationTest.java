package io.yutang.gateway.wechat;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.yutang.YutangApplication;
import io.yutang.gateway.FakeWeChat;
import io.yutang.gateway.OwnNettyResources;
import io.yutang.gateway.TestAccount;
import io.yutang.referral.Contact;
import io.yutang.referral.Contacts;
import io.yutang.referral.WeChatUser;
import io.yutang.referral.testing.TestStores;
import io.yutang.referral.work.PollingLoop;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import me.chanjar.weixin.mp.api.WxMpService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;

/**
 * Profile fetches after a burst of follows, on two instances of one account, through WeChat's
 * batch user-info API (the fake WeChat): what staff then see on each contact, and what WeChat saw.
 */
class ProfileFetchIntegrationTest {

    static final String APP_ID = "wxbatch" + UUID.randomUUID().toString().replace("-", "").substring(0, 11);
    static final String BATCHGET = "/cgi-bin/user/info/batchget";
    static final Duration QUOTA_PAUSE = Duration.ofSeconds(3);
    static final Pattern OPENID = Pattern.compile("\"openid\"\\s*:\\s*\"([^\"]+)\"");
    static final WireMockServer WECHAT = FakeWeChat.server();
    static ConfigurableApplicationContext first;
    static ConfigurableApplicationContext second;

    @BeforeAll
    static void startTwoInstances() {
        first = start();
        second = start();
    }

    @AfterAll
    static void stopThem() {
        first.close();
        second.close();
    }

    @Test
    void aBurstOfFollowsIsFetchedInOneBatchCallPerHundred() {
        String prefix = prefix("burst");
        List<WeChatUser> users = users(prefix, 250);
        stopFetching(first);
        stopFetching(second);
        follow(users);

        loop(first).start();
        List<Contact> fetched = awaitFetched(users);
        loop(second).start();

        assertThat(fetched).allSatisfy(contact -> {
            assertThat(contact.unionid()).isEqualTo("union-" + contact.user().openid());
            assertThat(contact.qrSceneStr()).isEqualTo("scene-of-" + contact.user().openid());
        });
        List<LoggedRequest> calls = batchCalls(prefix);
        assertThat(calls).as("ceil(250 / 100) batch calls").hasSize(3);
        assertThat(calls).allSatisfy(call -> assertThat(openids(call, prefix).size()).isLessThanOrEqualTo(100));
        assertThat(WECHAT.findAll(postRequestedFor(urlPathEqualTo("/cgi-bin/user/info"))
                .withRequestBody(containing(prefix)))).as("no call per person").isEmpty();
    }

    @Test
    void twoInstancesNeverFetchTheSameFollowerTwice() {
        String prefix = prefix("shared");
        List<WeChatUser> users = users(prefix, 1_000);
        WECHAT.stubFor(batch(prefix).willReturn(FakeWeChat.userBatch().withFixedDelay(20)));

        Flux.fromIterable(users).index()
                .flatMap(user -> contacts(user.getT1() % 2 == 0 ? first : second).followed(user.getT2(), Instant.now()), 64)
                .then().block(Duration.ofSeconds(60));
        List<Contact> fetched = awaitFetched(users);

        assertThat(fetched).allSatisfy(contact -> assertThat(contact.unionid()).isEqualTo("union-" + contact.user().openid()));
        List<String> asked = batchCalls(prefix).stream().flatMap(call -> openids(call, prefix).stream()).toList();
        assertThat(asked).as("each follower asked for once, by either instance").hasSize(1_000).doesNotHaveDuplicates();
    }

    @Test
    void aQuotaRefusalPausesEveryInstancesCallsUntilTheBackoffHasPassedAndThenFetchesThem() {
        String prefix = prefix("quota");
        List<WeChatUser> users = users(prefix, 30);
        String scenario = "quota-" + prefix;
        WECHAT.stubFor(batch(prefix).inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json("{\"errcode\":45009,\"errmsg\":\"reach max api daily quota limit\"}"))
                .willSetStateTo("quota renewed"));
        stopFetching(first);
        stopFetching(second);
        follow(users);
        loop(first).start();
        awaitPutBack(prefix, users.size());
        List<WeChatUser> later = users(prefix + "-later", 20);
        follow(later);
        loop(second).start();

        List<WeChatUser> all = new ArrayList<>(users);
        all.addAll(later);
        List<Contact> fetched = awaitFetched(all);

        assertThat(fetched).allSatisfy(contact -> assertThat(contact.unionid()).isEqualTo("union-" + contact.user().openid()));
        List<LoggedRequest> calls = batchCalls(prefix);
        Instant refused = calls.get(0).getLoggedDate().toInstant();
        assertThat(calls.subList(1, calls.size())).as("the other instance, with fetches due, made no call during the pause either")
                .isNotEmpty().hasSizeLessThanOrEqualTo(2)
                .allSatisfy(call -> assertThat(Duration.between(refused, call.getLoggedDate().toInstant()))
                        .isGreaterThanOrEqualTo(QUOTA_PAUSE.minusMillis(50)));
        assertThat(attempts(prefix)).as("the pause spent no attempt").containsOnly(1);
    }

    @Test
    void aFollowerWeChatDoesNotReturnEndsWithTheReasonAndIsNotAskedForAgain() {
        String prefix = prefix("gone");
        List<WeChatUser> kept = users(prefix + "-kept", 2);
        WeChatUser gone = new WeChatUser(APP_ID, prefix + "-unfollowed");
        WECHAT.stubFor(batch(gone.openid()).atPriority(1).willReturn(json("{\"user_info_list\":["
                + kept.stream().map(user -> "{\"subscribe\":1,\"openid\":\"" + user.openid() + "\",\"unionid\":\"union-"
                        + user.openid() + "\"}").reduce((a, b) -> a + "," + b).orElseThrow() + "]}")));
        stopFetching(first);
        stopFetching(second);
        List<WeChatUser> all = new ArrayList<>(kept);
        all.add(gone);
        follow(all);
        loop(first).start();
        loop(second).start();

        assertThat(awaitFetched(kept)).allSatisfy(contact -> assertThat(contact.unionid()).isNotNull());
        String reason = Flux.interval(Duration.ofMillis(100)).onBackpressureDrop()
                .concatMap(i -> database().sql("""
                                select f.reason from referral.profile_fetch f join referral.contact c on c.id = f.contact_id
                                 where c.app_id = :app and c.openid = :openid and f.state = 'DONE'""")
                        .bind("app", APP_ID).bind("openid", gone.openid())
                        .map(row -> row.get("reason", String.class)).all())
                .blockFirst(Duration.ofSeconds(20));

        assertThat(reason).contains("WeChat returned no profile");
        assertThat(contacts(first).find(gone).block(Duration.ofSeconds(5)).profileFetchedAt()).as("nothing to show").isNull();
        assertThat(batchCalls(gone.openid())).as("asked for once").hasSize(1);
    }

    @Test
    void anOpenidWeChatRejectsInABatchOfAHundredDoesNotKeepTheOther99FromTheirProfiles() {
        String prefix = prefix("invalid");
        List<WeChatUser> good = users(prefix, 99);
        WeChatUser invalid = new WeChatUser(APP_ID, prefix + "-rejected");
        WECHAT.stubFor(batch(invalid.openid()).atPriority(1)
                .willReturn(json("{\"errcode\":40003,\"errmsg\":\"invalid openid\"}")));
        stopFetching(first);
        stopFetching(second);
        List<WeChatUser> all = new ArrayList<>(good.subList(0, 50));
        all.add(invalid);
        all.addAll(good.subList(50, 99));
        follow(all);
        loop(first).start();

        assertThat(awaitFetched(good)).allSatisfy(contact ->
                assertThat(contact.unionid()).isEqualTo("union-" + contact.user().openid()));
        Fetch rejected = awaitFinished(invalid);
        loop(second).start();

        assertThat(rejected.state()).as("done, not failed: WeChat has no profile to give").isEqualTo("DONE");
        assertThat(rejected.reason()).contains("WeChat returned no profile");
        assertThat(rejected.attempts()).as("found out in one attempt").isEqualTo(1);
        assertThat(batchCalls(prefix)).as("the batch, then halves until the rejected openid stands alone (at most 7 halvings)")
                .hasSizeLessThanOrEqualTo(15);
        assertThat(batchCalls(prefix).stream().filter(call -> openids(call, prefix).size() == 100)).as("one call for all 100")
                .hasSize(1);
    }

    @Test
    void aLookupThatOutlastsTheCallTimeoutIsWaitedForAndNotAskedForAgainWhileItRuns() {
        String prefix = prefix("slow");
        List<WeChatUser> users = users(prefix, 3);
        // The token has to be renewed first: 3.5 s for the token, then 3 s for the profiles, each within the
        // HTTP client's 5 s read timeout, together past the 5 s call timeout.
        StubMapping slowToken = WECHAT.stubFor(post(urlPathEqualTo("/cgi-bin/stable_token")).atPriority(1)
                .willReturn(json("{\"access_token\":\"test-access-token\",\"expires_in\":7200}").withFixedDelay(3_500)));
        WECHAT.stubFor(batch(prefix).willReturn(FakeWeChat.userBatch().withFixedDelay(3_000)));
        stopFetching(first);
        stopFetching(second);
        follow(users);
        first.getBean(WxMpService.class).getWxMpConfigStorage().expireAccessToken();
        try {
            loop(first).start();
            loop(second).start();

            assertThat(awaitFetched(users)).allSatisfy(contact ->
                    assertThat(contact.unionid()).isEqualTo("union-" + contact.user().openid()));
            assertThat(batchCalls(prefix)).as("asked once: the late answer is used, not abandoned and asked for again").hasSize(1);
        } finally {
            WECHAT.removeStub(slowToken);
        }
    }

    private static void awaitPutBack(String prefix, long count) {
        Flux.interval(Duration.ofMillis(100)).onBackpressureDrop()
                .concatMap(i -> database().sql("""
                                select count(*) as n from referral.profile_fetch f join referral.contact c on c.id = f.contact_id
                                 where c.app_id = :app and c.openid like :prefix and f.state = 'PENDING' and f.reason like 'not tried%'""")
                        .bind("app", APP_ID).bind("prefix", prefix + "%")
                        .map(row -> row.get("n", Long.class)).one())
                .filter(n -> n == count)
                .blockFirst(Duration.ofSeconds(30));
    }

    private static Fetch awaitFinished(WeChatUser user) {
        return Flux.interval(Duration.ofMillis(100)).onBackpressureDrop()
                .concatMap(i -> database().sql("""
                                select f.state, f.reason, f.attempts from referral.profile_fetch f
                                  join referral.contact c on c.id = f.contact_id
                                 where c.app_id = :app and c.openid = :openid and f.state in ('DONE', 'FAILED')""")
                        .bind("app", APP_ID).bind("openid", user.openid())
                        .map(row -> new Fetch(row.get("state", String.class), row.get("reason", String.class),
                                row.get("attempts", Integer.class)))
                        .all())
                .blockFirst(Duration.ofSeconds(30));
    }

    private record Fetch(String state, String reason, int attempts) {
    }

    private static List<Contact> awaitFetched(List<WeChatUser> users) {
        String[] openids = users.stream().map(WeChatUser::openid).toArray(String[]::new);
        Flux.interval(Duration.ofMillis(100)).onBackpressureDrop()
                .concatMap(i -> database().sql("""
                                select count(*) as n from referral.contact
                                 where app_id = :app and openid = any(:openids) and profile_fetched_at is not null""")
                        .bind("app", APP_ID).bind("openids", openids)
                        .map(row -> row.get("n", Long.class)).one())
                .filter(n -> n == users.size())
                .blockFirst(Duration.ofSeconds(30));
        return Flux.fromIterable(users).concatMap(user -> contacts(first).find(user)).collectList().block(Duration.ofSeconds(30));
    }

    private static List<Integer> attempts(String prefix) {
        return database().sql("""
                        select f.attempts from referral.profile_fetch f join referral.contact c on c.id = f.contact_id
                         where c.app_id = :app and c.openid like :prefix""")
                .bind("app", APP_ID).bind("prefix", prefix + "%")
                .map(row -> row.get("attempts", Integer.class)).all().collectList().block(Duration.ofSeconds(5));
    }

    private static void follow(List<WeChatUser> users) {
        Flux.fromIterable(users).flatMap(user -> contacts(first).followed(user, Instant.now()), 64)
                .then().block(Duration.ofSeconds(30));
    }

    private static void stopFetching(ConfigurableApplicationContext app) {
        CountDownLatch stopped = new CountDownLatch(1);
        loop(app).stop(stopped::countDown);
        try {
            assertThat(stopped.await(10, TimeUnit.SECONDS)).as("the fetcher stopped").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<LoggedRequest> batchCalls(String openidPart) {
        return WECHAT.findAll(postRequestedFor(urlPathEqualTo(BATCHGET)).withRequestBody(containing(openidPart))).stream()
                .sorted(Comparator.comparing(LoggedRequest::getLoggedDate))
                .toList();
    }

    private static List<String> openids(LoggedRequest call, String prefix) {
        List<String> openids = new ArrayList<>();
        Matcher matcher = OPENID.matcher(call.getBodyAsString());
        while (matcher.find()) {
            if (matcher.group(1).startsWith(prefix)) {
                openids.add(matcher.group(1));
            }
        }
        return openids;
    }

    private static MappingBuilder batch(String openidPart) {
        return post(urlPathEqualTo(BATCHGET)).withRequestBody(containing(openidPart)).atPriority(2);
    }

    private static List<WeChatUser> users(String prefix, int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> new WeChatUser(APP_ID, prefix + "-" + i)).toList();
    }

    private static String prefix(String what) {
        return "o-" + what + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static PollingLoop loop(ConfigurableApplicationContext app) {
        return app.getBean("profileFetchLoop", PollingLoop.class);
    }

    private static Contacts contacts(ConfigurableApplicationContext app) {
        return app.getBean(Contacts.class);
    }

    private static DatabaseClient database() {
        return first.getBean(DatabaseClient.class);
    }

    private static ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }

    private static ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(YutangApplication.class, OwnNettyResources.class).run(
                "--server.port=0",
                "--yutang.admin.password=" + TestAccount.ADMIN_PASSWORD,
                "--yutang.database.url=" + TestStores.database().url(),
                "--yutang.redis.url=" + TestStores.redis().url(),
                "--yutang.redis.key-prefix=" + TestStores.redisKeyPrefix() + "batch:",
                "--yutang.wechat.api-host=" + FakeWeChat.baseUrl(),
                "--yutang.wechat.app-id=" + APP_ID,
                "--yutang.wechat.secret=" + TestAccount.SECRET,
                "--yutang.wechat.token=" + TestAccount.TOKEN,
                "--yutang.wechat.aes-key=" + TestAccount.AES_KEY,
                "--yutang.referral.profile-fetch-poll-interval=200ms",
                "--yutang.referral.profile-fetch-first-backoff=100ms",
                "--yutang.referral.profile-fetch-quota-backoff=" + QUOTA_PAUSE.toMillis() + "ms");
    }
}
