package io.yutang.gateway.bench;

import io.yutang.gateway.TestAccount;
import io.yutang.referral.testing.TestStores;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * A yutang instance in its own JVM on the benchmark's classpath, as the multi-instance benchmarks
 * (profiles, reminders, rescoring) run them against the test stores; its output goes to
 * {@code target/bench-<bench>-<name>.log}.
 */
final class BenchInstance {

    private final String log;
    private final String name;
    private final Process process;
    private final int port;
    private volatile long readyAt;

    private BenchInstance(String log, String name, Process process, int port) {
        this.log = log;
        this.name = name;
        this.process = process;
        this.port = port;
    }

    /**
     * The settings every benchmark instance shares: the test stores (under a Redis prefix of the
     * benchmark's own), the test account, WeChat's API on {@code wechatPort}, logs at WARN; then {@code more}.
     */
    static List<String> settings(String bench, int wechatPort, String... more) {
        TestStores.Database database = TestStores.database();
        List<String> settings = new ArrayList<>(List.of(
                "--logging.level.root=warn",
                "--yutang.admin.password=" + TestAccount.ADMIN_PASSWORD,
                "--yutang.database.url=" + database.url(),
                "--yutang.database.username=" + database.username(),
                "--yutang.redis.url=" + TestStores.redis().url(),
                "--yutang.redis.key-prefix=" + TestStores.redisKeyPrefix() + "bench-" + bench + ":",
                "--yutang.rate-limits.factor=0",
                "--yutang.wechat.app-id=" + TestAccount.APP_ID,
                "--yutang.wechat.secret=" + TestAccount.SECRET,
                "--yutang.wechat.token=" + TestAccount.TOKEN,
                "--yutang.wechat.aes-key=" + TestAccount.AES_KEY,
                "--yutang.wechat.api-host=http://127.0.0.1:" + wechatPort));
        settings.addAll(List.of(more));
        return settings;
    }

    /** Applies every module's migrations to the test database, as an instance would on start. */
    static TestStores.Database migrated() {
        for (String module : List.of("referral", "livestream", "content", "gateway")) {
            TestStores.migrate(module);
        }
        return TestStores.database();
    }

    static BenchInstance start(String bench, String name, List<String> settings) throws IOException {
        new File("target/bench-" + bench + "-" + name + ".log").delete();
        return start(bench, name, freePort(), List.of("-Xmx768m"), settings);
    }

    /** A port nothing listens on now. */
    static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        }
    }

    /**
     * An instance on a given port (a restart takes its predecessor's place behind a load balancer);
     * its output is appended to the log of the name's earlier runs.
     */
    static BenchInstance start(String bench, String name, int port, List<String> jvmOptions, List<String> settings)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(new File(System.getProperty("java.home"), "bin/java").getPath()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.yutang.YutangApplication",
                "--server.port=" + port));
        command.addAll(settings);
        String log = "target/bench-" + bench + "-" + name + ".log";
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(new File(log))).start();
        return new BenchInstance(log, name, process, port);
    }

    void awaitReady() throws InterruptedException {
        await("readiness");
    }

    /** Until it serves at all (its liveness UP), which it does while a store it needs is still down. */
    void awaitLive() throws InterruptedException {
        await("liveness");
    }

    private void await(String probe) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/" + probe))
                .timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    if ("readiness".equals(probe)) {
                        readyAt = System.nanoTime();
                    }
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("instance " + name + " exited; see " + log);
            }
            Mono.delay(Duration.ofMillis(100)).block();
        }
        throw new IllegalStateException("instance " + name + " not " + ("readiness".equals(probe) ? "ready" : "live") + " in time");
    }

    /** When {@link #awaitReady} saw it ready ({@link System#nanoTime}). */
    long readyAt() {
        return readyAt;
    }

    int port() {
        return port;
    }

    String name() {
        return name;
    }

    String log() {
        return log;
    }

    boolean alive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hooks, no graceful drain. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    static long scalar(TestStores.Database database, String query) throws SQLException {
        try (Connection jdbc = DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
                Statement sql = jdbc.createStatement(); ResultSet row = sql.executeQuery(query)) {
            row.next();
            return row.getLong(1);
        }
    }

    /** Waits until {@code query} (a count) reaches {@code expected}; fails after {@code patience}. Emits the count. */
    static long awaitCount(TestStores.Database database, String query, long expected, Duration patience) throws SQLException {
        long deadline = System.nanoTime() + patience.toNanos();
        long count;
        while ((count = scalar(database, query)) < expected) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + count + " of " + expected + " after " + patience + ": " + query);
            }
            Mono.delay(Duration.ofMillis(100)).block();
        }
        return count;
    }

    static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
