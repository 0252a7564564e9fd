package io.yutang.gateway.bench;

import io.yutang.gateway.TestAccount;
import io.yutang.referral.testing.TestStores;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * Profiles after a viral burst: two yutang instances as separate processes, idle and ready; then
 * 20,000 follows' profile fetches are planned in one transaction (as the callback plans them, a
 * contact row and a due {@code referral.profile_fetch} row each), against a fake WeChat that
 * answers {@code user/info/batchget} (and {@code user/info}) after 20 ms. Reports the wall time
 * from the burst's commit until every profile is stored, and the calls WeChat saw. With
 * {@code -Dbench.refuse-from-call=N} WeChat answers 45009 (daily quota reached) from its N-th batch
 * call on for {@code bench.refuse-seconds} (the instances' quota pause is set to that too): the
 * table then shows how many calls were refused, and that no fetch failed or spent an attempt.
 *
 * <pre>
 * ./mvnw -q test-compile dependency:build-classpath -pl gateway -am -Dmdep.outputFile=/tmp/cp-prof.txt -Dmdep.includeScope=test
 * cd gateway && java -cp target/test-classes:target/classes:$(cat /tmp/cp-prof.txt) io.yutang.gateway.bench.ProfileBenchmark
 * </pre>
 */
public final class ProfileBenchmark {

    private static final Pattern OPENID = Pattern.compile("\"openid\"\\s*:\\s*\"([^\"]+)\"");

    private ProfileBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int follows = Integer.getInteger("bench.follows", 20_000);
        Duration latency = Duration.ofMillis(Long.getLong("bench.latency-millis", 20));
        long refuseFrom = Long.getLong("bench.refuse-from-call", 0);
        Duration refuseFor = Duration.ofSeconds(Long.getLong("bench.refuse-seconds", 5));
        FakeUserApi wechat = new FakeUserApi(latency, refuseFrom, refuseFor);

        TestStores.Database database = BenchInstance.migrated();
        List<String> settings = refuseFrom > 0
                ? BenchInstance.settings("profiles", wechat.port(), "--yutang.referral.profile-fetch-quota-backoff=" + refuseFor.toMillis() + "ms")
                : BenchInstance.settings("profiles", wechat.port());
        BenchInstance a = BenchInstance.start("profiles", "a", settings);
        BenchInstance b = BenchInstance.start("profiles", "b", settings);
        a.awaitReady();
        b.awaitReady();
        System.out.println("both instances ready and idle");

        long burst = System.nanoTime();
        plan(database, follows);
        System.out.printf("planned %,d profile fetches in one transaction (%.2f s)%n", follows, BenchInstance.seconds(burst));
        long committed = System.nanoTime();
        long fetched = BenchInstance.awaitCount(database, "select count(*) from referral.contact where openid like 'o-burst-%' "
                + "and profile_fetched_at is not null", follows, Duration.ofMinutes(10));
        double wall = BenchInstance.seconds(committed);
        long open = BenchInstance.scalar(database, "select count(*) from referral.profile_fetch where state in ('PENDING', 'LEASED')");
        String burstFetches = "from referral.profile_fetch f join referral.contact c on c.id = f.contact_id where c.openid like 'o-burst-%'";
        long failed = BenchInstance.scalar(database, "select count(*) " + burstFetches + " and f.state = 'FAILED'");
        long mostAttempts = BenchInstance.scalar(database, "select coalesce(max(f.attempts), 0) " + burstFetches);

        System.out.printf("%n| follows | wall time (burst committed → every profile stored) | batchget calls | 45009 answers "
                + "| openids asked | asked twice | user/info calls | fetches still open | failed | most attempts |%n"
                + "|---|---|---|---|---|---|---|---|---|---|%n");
        System.out.printf("| %,d | %.1f s | %,d | %,d | %,d | %,d | %,d | %,d | %,d | %d |%n", follows, wall, wechat.batchCalls(),
                wechat.refused(), wechat.asked(), wechat.asked() - wechat.distinct(), wechat.singleCalls(), open, failed, mostAttempts);
        a.kill();
        b.kill();
        wechat.stop();
        System.exit(fetched == follows && wechat.asked() == wechat.distinct() ? 0 : 1);
    }

    /** What a burst of follows leaves behind: each follower's contact and its due profile fetch. */
    private static void plan(TestStores.Database database, int follows) throws SQLException {
        try (Connection jdbc = DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
                Statement sql = jdbc.createStatement()) {
            jdbc.setAutoCommit(false);
            sql.execute("""
                    insert into referral.contact (app_id, openid, subscribed, subscribed_at, first_seen_at, last_seen_at)
                    select '%s', 'o-burst-' || i, true, now(), now(), now() from generate_series(1, %d) as i"""
                    .formatted(TestAccount.APP_ID, follows));
            sql.execute("""
                    insert into referral.profile_fetch (contact_id, due_at)
                    select id, now() from referral.contact where openid like 'o-burst-%'""");
            jdbc.commit();
        }
    }

    /** WeChat's token and user-info endpoints, answering after a fixed latency; refusing for a while if told to. */
    private static final class FakeUserApi {

        private static final String QUOTA_REACHED = "{\"errcode\":45009,\"errmsg\":\"reach max api daily quota limit\"}";

        private final DisposableServer server;
        private final long refuseFrom;
        private final Duration refuseFor;
        private volatile long refusingUntil;
        private final AtomicLong refused = new AtomicLong();
        private final AtomicLong batchCalls = new AtomicLong();
        private final AtomicLong singleCalls = new AtomicLong();
        private final AtomicLong asked = new AtomicLong();
        private final Set<String> distinct = ConcurrentHashMap.newKeySet();

        FakeUserApi(Duration latency, long refuseFrom, Duration refuseFor) {
            this.refuseFrom = refuseFrom;
            this.refuseFor = refuseFor;
            server = HttpServer.create().host("127.0.0.1").port(0)
                    .route(routes -> routes
                            .post("/cgi-bin/stable_token", (request, response) -> response.header("Content-Type", "application/json")
                                    .sendString(Mono.just("{\"access_token\":\"bench-token\",\"expires_in\":7200}")))
                            .post("/cgi-bin/user/info/batchget", (request, response) -> response
                                    .header("Content-Type", "application/json")
                                    .sendString(request.receive().aggregate().asString()
                                            .delayElement(latency)
                                            .map(this::batch)))
                            .get("/cgi-bin/user/info", (request, response) -> response
                                    .header("Content-Type", "application/json")
                                    .sendString(Mono.delay(latency).map(tick -> {
                                        singleCalls.incrementAndGet();
                                        String openid = request.uri().replaceAll(".*[?&]openid=([^&]*).*", "$1");
                                        return user(openid);
                                    }))))
                    .bindNow();
        }

        private String batch(String body) {
            long call = batchCalls.incrementAndGet();
            if (call == refuseFrom) {
                refusingUntil = System.nanoTime() + refuseFor.toNanos();
            }
            if (refuseFrom > 0 && call >= refuseFrom && System.nanoTime() < refusingUntil) {
                refused.incrementAndGet();
                return QUOTA_REACHED;
            }
            StringBuilder users = new StringBuilder("{\"user_info_list\":[");
            Matcher openid = OPENID.matcher(body);
            boolean first = true;
            while (openid.find()) {
                asked.incrementAndGet();
                distinct.add(openid.group(1));
                users.append(first ? "" : ",").append(user(openid.group(1)));
                first = false;
            }
            return users.append("]}").toString();
        }

        private static String user(String openid) {
            return """
                    {"subscribe":1,"openid":"%1$s","unionid":"union-%1$s","subscribe_scene":"ADD_SCENE_QR_CODE",\
                    "qr_scene":0,"qr_scene_str":"bench","subscribe_time":1700000000}""".formatted(openid);
        }

        int port() {
            return server.port();
        }

        long batchCalls() {
            return batchCalls.get();
        }

        long refused() {
            return refused.get();
        }

        long singleCalls() {
            return singleCalls.get();
        }

        long asked() {
            return asked.get();
        }

        long distinct() {
            return distinct.size();
        }

        void stop() {
            server.disposeNow();
        }
    }
}
