package io.yutang.gateway.bench;

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
 * Reminders at scale, exactly once across a crash: 100,000 registrations whose reminder is due
 * now, a fake WeChat answering template messages after 20 ms (deduplicating {@code client_msg_id}
 * as WeChat does), two yutang instances as separate processes; when half the reminders have been
 * delivered one instance is killed with SIGKILL and started again. Reports the wall time, the
 * deliveries counted at the fake, and the resends the take-over made.
 *
 * <pre>
 * ./mvnw -q -pl gateway -am install -DskipTests
 * ./mvnw -q -pl gateway exec:exec -Dexec.classpathScope=test -Dexec.executable=java \
 *     -Dexec.args="-cp %classpath io.yutang.gateway.bench.ReminderBenchmark"
 * </pre>
 */
public final class ReminderBenchmark {

    private static final Pattern CLIENT_MSG_ID = Pattern.compile("\"client_msg_id\"\\s*:\\s*\"([^\"]+)\"");

    private ReminderBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int registrations = Integer.getInteger("bench.registrations", 100_000);
        Duration latency = Duration.ofMillis(Long.getLong("bench.latency-millis", 20));
        FakeTemplateApi wechat = new FakeTemplateApi(latency);

        TestStores.Database database = BenchInstance.migrated();
        long seeding = System.nanoTime();
        seed(database, registrations);
        System.out.printf("seeded %,d registrations with a due reminder in %.1f s%n", registrations, BenchInstance.seconds(seeding));

        List<String> settings = settings(wechat.port());
        long started = System.nanoTime();
        BenchInstance a = BenchInstance.start("reminders", "a", settings);
        BenchInstance b = BenchInstance.start("reminders", "b", settings);
        a.awaitReady();
        b.awaitReady();
        System.out.printf("both instances ready %.1f s after launch%n", BenchInstance.seconds(started));

        awaitDelivered(wechat, registrations / 2, Duration.ofMinutes(5));
        long killedAt = System.nanoTime();
        b.kill();
        long inFlight = BenchInstance.scalar(database, "select count(*) from livestream.reminder where state = 'SENDING'");
        System.out.printf("SIGKILL to instance b at %,d deliveries, %.1f s after the first; %,d reminders were in flight%n",
                wechat.delivered(), (killedAt - wechat.firstAt()) / 1e9, inFlight);
        BenchInstance restarted = BenchInstance.start("reminders", "b2", settings);
        restarted.awaitReady();
        System.out.printf("restarted instance b ready %.1f s after the kill%n", (restarted.readyAt() - killedAt) / 1e9);

        awaitDelivered(wechat, registrations, Duration.ofMinutes(5));
        long lastDelivery = wechat.lastAt();
        awaitSettled(database, Duration.ofMinutes(2));

        long sent = BenchInstance.scalar(database, "select count(*) from livestream.reminder where state = 'SENT'");
        long other = BenchInstance.scalar(database, "select count(*) from livestream.reminder where state <> 'SENT'");
        System.out.printf("%n| registrations | delivered at the fake | template calls | resent (same client_msg_id) "
                + "| rows SENT | rows not SENT | wall time (first → last delivery) |%n|---|---|---|---|---|---|---|%n");
        System.out.printf("| %,d | %,d | %,d | %,d | %,d | %,d | %.1f s |%n", registrations, wechat.delivered(), wechat.calls(),
                wechat.calls() - wechat.delivered(), sent, other, (lastDelivery - wechat.firstAt()) / 1e9);
        a.kill();
        restarted.kill();
        wechat.stop();
        System.exit(wechat.delivered() == registrations && sent == registrations && other == 0 ? 0 : 1);
    }

    private static List<String> settings(int wechatPort) {
        return BenchInstance.settings("reminders", wechatPort,
                "--yutang.referral.profile-fetch-poll-interval=1h",
                "--yutang.livestream.send-rate-per-second=" + Integer.getInteger("bench.rate", 100_000),
                "--yutang.livestream.dispatch-batch=" + Integer.getInteger("bench.batch", 500),
                "--yutang.livestream.dispatch-concurrency=" + Integer.getInteger("bench.concurrency", 64),
                "--yutang.livestream.dispatch-poll-interval=200ms",
                "--yutang.livestream.send-lease=" + System.getProperty("bench.lease", "5s"));
    }

    private static void seed(TestStores.Database database, int registrations) throws SQLException {
        try (Connection jdbc = DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
                Statement sql = jdbc.createStatement()) {
            DueReminders.seed(jdbc, "o-bench-", registrations, "tmpl-bench");
            sql.execute("vacuum analyze livestream.reminder");
        }
    }

    private static void awaitDelivered(FakeTemplateApi wechat, int count, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (wechat.delivered() < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + wechat.delivered() + " of " + count + " delivered");
            }
            wechat.awaitNext(Duration.ofMillis(100));
        }
    }

    private static void awaitSettled(TestStores.Database database, Duration patience) throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        while (BenchInstance.scalar(database, "select count(*) from livestream.reminder where state in ('PENDING', 'SENDING')") > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("reminders still pending or in flight");
            }
            Mono.delay(Duration.ofMillis(200)).block();
        }
    }

    /** WeChat's token and template-message endpoints, answering after a fixed latency. */
    private static final class FakeTemplateApi {

        private final DisposableServer server;
        private final AtomicLong calls = new AtomicLong();
        private final Set<String> delivered = ConcurrentHashMap.newKeySet();
        private final AtomicLong firstAt = new AtomicLong();
        private final AtomicLong lastAt = new AtomicLong();
        private final Object progress = new Object();

        FakeTemplateApi(Duration latency) {
            server = HttpServer.create().host("127.0.0.1").port(0)
                    .route(routes -> routes
                            .post("/cgi-bin/stable_token", (request, response) -> response.header("Content-Type", "application/json")
                                    .sendString(Mono.just("{\"access_token\":\"bench-token\",\"expires_in\":7200}")))
                            .post("/cgi-bin/message/template/send", (request, response) -> response
                                    .header("Content-Type", "application/json")
                                    .sendString(request.receive().aggregate().asString()
                                            .delayElement(latency)
                                            .map(body -> {
                                                deliver(body);
                                                return "{\"errcode\":0,\"errmsg\":\"ok\",\"msgid\":" + calls.get() + "}";
                                            }))))
                    .bindNow();
        }

        private void deliver(String body) {
            calls.incrementAndGet();
            Matcher key = CLIENT_MSG_ID.matcher(body);
            if (key.find() && delivered.add(key.group(1))) {
                long now = System.nanoTime();
                firstAt.compareAndSet(0, now);
                lastAt.set(now);
                synchronized (progress) {
                    progress.notifyAll();
                }
            }
        }

        void awaitNext(Duration most) throws InterruptedException {
            synchronized (progress) {
                progress.wait(most.toMillis());
            }
        }

        int port() {
            return server.port();
        }

        long delivered() {
            return delivered.size();
        }

        long calls() {
            return calls.get();
        }

        long firstAt() {
            return firstAt.get();
        }

        long lastAt() {
            return lastAt.get();
        }

        void stop() {
            server.disposeNow();
        }
    }
}
