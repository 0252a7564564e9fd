package io.yutang.gateway.bench;

import io.yutang.referral.testing.TestStores;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Webhook delivery at scale, through a crash. A receiver plays three CRM endpoints: one healthy
 * (answers 204 after 20 ms), one slow (2 s), one failing (500). First a baseline: the healthy one
 * alone gets {@code bench.baseline} messages. Then {@code bench.messages} messages (100,000) go to
 * all three, from two yutang instances as separate processes; when half have reached the healthy
 * endpoint one instance is killed with SIGKILL and started again. Reports, per endpoint, what
 * arrived, how fast, the repeats (same {@code webhook-id} again) and bad signatures; the healthy
 * endpoint's rate beside the baseline's; and the failing endpoint's retry waits against the
 * configured schedule.
 *
 * <pre>
 * ./mvnw -q -pl gateway -am install -DskipTests
 * ./mvnw -q -pl gateway exec:exec -Dexec.classpathScope=test -Dexec.executable=java \
 *     -Dexec.args="-cp %classpath io.yutang.gateway.bench.WebhookBenchmark"
 * </pre>
 */
public final class WebhookBenchmark {

    private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString("yutang-webhook-benchmark".getBytes(StandardCharsets.UTF_8));
    private static final List<Duration> RETRY_WAITS = List.of(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(20),
            Duration.ofSeconds(40), Duration.ofSeconds(80));

    private WebhookBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int messages = Integer.getInteger("bench.messages", 100_000);
        int baseline = Integer.getInteger("bench.baseline", 20_000);
        Receiver receiver = new Receiver();
        TestStores.Database database = BenchInstance.migrated();
        try (Connection jdbc = DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
                Statement sql = jdbc.createStatement()) {
            // Endpoints other runs left behind would only be noise here.
            sql.execute("update gateway.webhook_endpoint set enabled = false where enabled");
        }
        String retryWaits = String.join(",", RETRY_WAITS.stream().map(wait -> wait.toSeconds() + "s").toList());
        List<String> settings = BenchInstance.settings("webhooks", receiver.port(),
                "--yutang.referral.profile-fetch-poll-interval=1h",
                "--yutang.webhooks.allowed-hosts=127.0.0.1",
                "--yutang.webhooks.poll-interval=200ms",
                "--yutang.webhooks.timeout=5s",
                "--yutang.webhooks.retry-waits=" + retryWaits);

        long launched = System.nanoTime();
        BenchInstance a = BenchInstance.start("webhooks", "a", settings);
        BenchInstance b = BenchInstance.start("webhooks", "b", settings);
        a.awaitReady();
        b.awaitReady();
        System.out.printf("both instances ready %.1f s after launch%n", BenchInstance.seconds(launched));

        // Baseline: the healthy endpoint on its own.
        Endpoint alone = receiver.endpoint("alone", Duration.ofMillis(20), 204);
        seed(database, "baseline", baseline, List.of(endpointRow(database, receiver, alone)));
        alone.await(baseline, Duration.ofMinutes(10));
        double baselineRate = alone.rate();
        System.out.printf("baseline: %,d messages to the healthy endpoint alone in %.1f s: %.0f/s%n", baseline, alone.span(), baselineRate);

        Endpoint healthy = receiver.endpoint("healthy", Duration.ofMillis(20), 204);
        Endpoint slow = receiver.endpoint("slow", Duration.ofSeconds(2), 204);
        Endpoint failing = receiver.endpoint("failing", Duration.ZERO, 500);
        List<Long> ids = List.of(endpointRow(database, receiver, healthy), endpointRow(database, receiver, slow),
                endpointRow(database, receiver, failing));
        long seeding = System.nanoTime();
        seed(database, "run", messages, ids);
        System.out.printf("seeded %,d messages × 3 endpoints in %.1f s%n", messages, BenchInstance.seconds(seeding));

        healthy.await(messages / 2, Duration.ofMinutes(20));
        long killedAt = System.nanoTime();
        b.kill();
        System.out.printf("SIGKILL to instance b at %,d messages received by the healthy endpoint, %.1f s after its first%n",
                healthy.distinct(), (killedAt - healthy.firstAt.get()) / 1e9);
        BenchInstance restarted = BenchInstance.start("webhooks", "b2", settings);
        restarted.awaitReady();
        System.out.printf("restarted instance b ready %.1f s after the kill%n", (restarted.readyAt() - killedAt) / 1e9);
        healthy.await(messages, Duration.ofMinutes(30));
        double wall = healthy.span();

        System.out.printf("%n| endpoint | answers | messages received (distinct webhook-id) | requests | repeats (same id) "
                + "| bad signatures | rate while the healthy one ran |%n|---|---|---|---|---|---|---|%n");
        for (Endpoint endpoint : List.of(healthy, slow, failing)) {
            System.out.printf("| %s | %s after %d ms | %,d | %,d | %,d | %,d | %.0f/s |%n", endpoint.name, endpoint.status,
                    endpoint.delay.toMillis(), endpoint.distinct(), endpoint.requests.get(), endpoint.requests.get() - endpoint.distinct(),
                    endpoint.badSignatures.get(), endpoint.distinct() / wall);
        }
        System.out.printf("%nhealthy endpoint: all %,d messages in %.1f s (%.0f/s) beside the slow and failing ones and a SIGKILL;"
                + " alone: %.0f/s; ratio %.2f%n", messages, wall, messages / wall, baselineRate, messages / wall / baselineRate);
        retrySchedule(database, ids.get(2));

        boolean complete = healthy.distinct() == messages && healthy.badSignatures.get() == 0 && slow.badSignatures.get() == 0;
        a.kill();
        restarted.kill();
        receiver.stop();
        System.exit(complete ? 0 : 1);
    }

    /** The failing endpoint's waits between attempts k and k+1, median and least, against the configured waits (+0–20 % jitter). */
    private static void retrySchedule(TestStores.Database database, long endpoint) throws SQLException {
        try (Connection jdbc = DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
                PreparedStatement sql = jdbc.prepareStatement("""
                        with a as (
                          select message_id, attempted_at,
                                 row_number() over (partition by message_id order by attempted_at) as n,
                                 lead(attempted_at) over (partition by message_id order by attempted_at) as next_at
                            from gateway.webhook_attempt where endpoint_id = ?)
                        select n, count(*), percentile_cont(0.5) within group (order by extract(epoch from next_at - attempted_at)),
                               min(extract(epoch from next_at - attempted_at))
                          from a where next_at is not null group by n order by n""")) {
            sql.setLong(1, endpoint);
            System.out.printf("%nfailing endpoint's retries | after attempt | messages | configured wait | median wait | least wait |%n"
                    + "|---|---|---|---|---|%n");
            try (ResultSet rows = sql.executeQuery()) {
                while (rows.next()) {
                    int attempt = rows.getInt(1);
                    Duration configured = attempt <= RETRY_WAITS.size() ? RETRY_WAITS.get(attempt - 1) : Duration.ZERO;
                    System.out.printf("| %d | %,d | %d s (+≤20 %%) | %.1f s | %.1f s |%n", attempt, rows.getLong(2), configured.toSeconds(),
                            rows.getDouble(3), rows.getDouble(4));
                }
            }
        }
    }

    /** An endpoint row subscribed to {@code contact.followed}, signing with the benchmark's secret; its id. */
    private static long endpointRow(TestStores.Database database, Receiver receiver, Endpoint endpoint) throws SQLException {
        try (Connection jdbc = DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
                PreparedStatement sql = jdbc.prepareStatement("""
                        insert into gateway.webhook_endpoint (url, description, event_types, secret, created_by, created_at, updated_at)
                        values (?, ?, '{contact.followed}', ?, 'bench', now(), now()) returning id""")) {
            sql.setString(1, "http://127.0.0.1:" + receiver.port() + "/" + endpoint.name);
            sql.setString(2, "benchmark " + endpoint.name);
            sql.setString(3, SECRET);
            try (ResultSet row = sql.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    /** {@code count} messages as the webhook listener writes them, each with a delivery to every one of {@code endpoints}. */
    private static void seed(TestStores.Database database, String run, int count, List<Long> endpoints) throws SQLException {
        String tag = run + "-" + Long.toHexString(System.nanoTime());
        try (Connection jdbc = DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
                Statement sql = jdbc.createStatement()) {
            sql.execute("""
                    insert into gateway.webhook_message (id, type, source_key, contact_id, body, occurred_at, created_at)
                    select 'msg_bench_%1$s_' || i, 'contact.followed', 'bench:%1$s:' || i, null,
                           '{"type":"contact.followed","timestamp":"2026-12-02T00:00:00Z","data":{"contact":{"id":' || i
                               || ',"openid":"o-bench-' || i || '"},"ref":null,"attribution":null}}',
                           now(), now()
                      from generate_series(1, %2$d) as i""".formatted(tag, count));
            sql.execute("""
                    insert into gateway.webhook_delivery (message_id, endpoint_id, due_at)
                    select m.id, e, now() from gateway.webhook_message m, unnest('{%s}'::bigint[]) as e
                     where m.id like 'msg_bench_%s_%%'""".formatted(String.join(",", endpoints.stream().map(String::valueOf).toList()), tag));
            sql.execute("analyze gateway.webhook_delivery");
        }
    }

    /** One CRM endpoint of the receiver: its answer, its delay, what it got. */
    private static final class Endpoint {

        final String name;
        final Duration delay;
        final int status;
        final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
        final AtomicLong requests = new AtomicLong();
        final AtomicLong badSignatures = new AtomicLong();
        final AtomicLong firstAt = new AtomicLong();
        final AtomicLong lastNewAt = new AtomicLong();

        Endpoint(String name, Duration delay, int status) {
            this.name = name;
            this.delay = delay;
            this.status = status;
        }

        Mono<Void> handle(HttpServerRequest request, HttpServerResponse response) {
            return request.receive().aggregate().asString(StandardCharsets.UTF_8).defaultIfEmpty("").flatMap(body -> {
                String id = request.requestHeaders().get("webhook-id");
                requests.incrementAndGet();
                if (!signed(id, request.requestHeaders().get("webhook-timestamp"), body, request.requestHeaders().get("webhook-signature"))) {
                    badSignatures.incrementAndGet();
                }
                Mono<Void> answer = response.status(status).send();
                return (delay.isZero() ? answer : Mono.delay(delay).then(answer)).doOnSuccess(done -> {
                    if (status < 300 && seen.computeIfAbsent(id, key -> new AtomicInteger()).incrementAndGet() == 1) {
                        long now = System.nanoTime();
                        firstAt.compareAndSet(0, now);
                        lastNewAt.set(now);
                    }
                });
            });
        }

        long distinct() {
            return seen.size();
        }

        double span() {
            return (lastNewAt.get() - firstAt.get()) / 1e9;
        }

        double rate() {
            return distinct() / Math.max(span(), 0.001);
        }

        void await(long count, Duration patience) {
            long deadline = System.nanoTime() + patience.toNanos();
            long reported = System.nanoTime();
            while (distinct() < count) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(name + ": only " + distinct() + " of " + count + " after " + patience);
                }
                if (System.nanoTime() - reported > Duration.ofSeconds(15).toNanos()) {
                    System.out.printf("  %s: %,d of %,d%n", name, distinct(), count);
                    reported = System.nanoTime();
                }
                Mono.delay(Duration.ofMillis(100)).block();
            }
        }

        private static boolean signed(String id, String timestamp, String body, String signatures) {
            if (id == null || timestamp == null || signatures == null) {
                return false;
            }
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(Base64.getDecoder().decode(SECRET.substring("whsec_".length())), "HmacSHA256"));
                byte[] expected = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
                for (String signature : signatures.split(" ")) {
                    if (signature.startsWith("v1,") && MessageDigest.isEqual(expected, Base64.getDecoder().decode(signature.substring(3)))) {
                        return true;
                    }
                }
                return false;
            } catch (java.security.GeneralSecurityException | IllegalArgumentException e) {
                return false;
            }
        }
    }

    /** The CRM's side: one HTTP server, an endpoint per path. */
    private static final class Receiver {

        private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();
        private final DisposableServer server;

        Receiver() {
            server = HttpServer.create().host("127.0.0.1").port(0)
                    .handle((request, response) -> {
                        Endpoint endpoint = endpoints.get(request.path());
                        return endpoint == null ? response.status(404).send() : endpoint.handle(request, response);
                    })
                    .bindNow();
        }

        Endpoint endpoint(String name, Duration delay, int status) {
            Endpoint endpoint = new Endpoint(name, delay, status);
            endpoints.put(name, endpoint);
            return endpoint;
        }

        int port() {
            return server.port();
        }

        void stop() {
            server.disposeNow();
        }
    }
}
