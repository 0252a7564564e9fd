package io.yutang.gateway.bench;

import io.yutang.YutangApplication;
import io.yutang.gateway.GatewayProperties.EncryptionMode;
import io.yutang.gateway.TestAccount;
import io.yutang.gateway.sandbox.WeChatEvents;
import io.yutang.gateway.sandbox.WeChatServerSide;
import io.yutang.referral.testing.TestStores;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Benchmark of the callback's hot path, beside a bare endpoint, in one run on one machine:
 * safe-mode {@code subscribe} events with a scene from many distinct openids, 64 connections,
 * each one verified, decrypted, parsed, deduped in Redis, stored in PostgreSQL, routed (contact
 * upsert + profile-fetch row) and answered with an encrypted welcome. Load comes from wrk.
 *
 * <p>Run: {@code ./mvnw -q -pl gateway -am test-compile -DskipTests && ./mvnw -q -pl gateway
 * exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.yutang.gateway.bench.CallbackBenchmark}
 * (system properties {@code bench.seconds}, {@code bench.connections}, {@code bench.events}).
 */
public final class CallbackBenchmark {

    private CallbackBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = Integer.getInteger("bench.seconds", 15);
        int connections = Integer.getInteger("bench.connections", 64);
        int events = Integer.getInteger("bench.events", 200_000);
        String run = UUID.randomUUID().toString().substring(0, 8);

        Path requests = Files.createTempFile("yutang-bench-", ".tsv");
        Path script = Files.createTempFile("yutang-bench-", ".lua");
        writeEvents(requests, events, run);
        Files.writeString(script, Wrk.REPLAY);

        List<String> settings = new ArrayList<>(List.of("--server.port=0",
                "--yutang.admin.password=" + TestAccount.ADMIN_PASSWORD,
                        "--logging.level.root=warn",
                        "--yutang.database.url=" + TestStores.database().url(),
                        "--yutang.redis.url=" + TestStores.redis().url(),
                        "--yutang.redis.key-prefix=" + TestStores.redisKeyPrefix() + "bench:",
                        "--yutang.wechat.secret=",
                        "--yutang.wechat.app-id=" + TestAccount.APP_ID,
                        "--yutang.wechat.token=" + TestAccount.TOKEN,
                        "--yutang.wechat.aes-key=" + TestAccount.AES_KEY,
                        "--yutang.referral.profile-fetch-poll-interval=" + System.getProperty("bench.profile-poll", "1h")));
        settings.addAll(List.of(System.getProperty("bench.args", "").split(" ")).stream().filter(a -> !a.isBlank()).toList());
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(YutangApplication.class, BareEndpoint.class)
                .run(settings.toArray(String[]::new))) {
            String base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
            int warmUp = Integer.getInteger("bench.warmup-seconds", 40);
            Wrk.run(connections, warmUp, List.of(base + "/bench/bare"));
            Wrk.run(connections, warmUp, List.of("-s", script.toString(), base, "--", requests.toString(), "/wechat/callback", "warm"));

            Wrk.Result bare = Wrk.run(connections, seconds, List.of(base + "/bench/bare"));
            Wrk.Result callback = Wrk.run(connections, seconds, List.of("-s", script.toString(), base, "--", requests.toString(), "/wechat/callback"));
            if (Boolean.getBoolean("bench.server-metrics")) {
                String scrape = org.springframework.web.reactive.function.client.WebClient.create(base)
                        .get().uri("/actuator/prometheus").retrieve().bodyToMono(String.class).block();
                scrape.lines().filter(l -> l.startsWith("http_server_requests_seconds_") && !l.contains("actuator"))
                        .forEach(System.out::println);
            }
            DatabaseClient database = app.getBean(DatabaseClient.class);
            long loadEnded = System.nanoTime();
            long unhandled = Flux.interval(Duration.ZERO, Duration.ofMillis(200))
                    .onBackpressureDrop()
                    .concatMap(tick -> counting(database, "handled_at is null", run))
                    .takeUntil(left -> left == 0 || System.nanoTime() - loadEnded > Duration.ofMinutes(3).toNanos())
                    .blockLast();
            double drainSeconds = (System.nanoTime() - loadEnded) / 1e9;
            long stored = count(database, "true", run);
            long contacts = database.sql("select count(*) as n from referral.contact where openid like :prefix")
                    .bind("prefix", "o-bench-" + run + "-%")
                    .map(row -> row.get("n", Long.class)).one().block(Duration.ofSeconds(30));

            System.out.printf("%n| endpoint | requests/s | p50 | p99 | requests | non-2xx |%n|---|---|---|---|---|---|%n");
            System.out.println(bare.row("bare WebFlux (fixed string)"));
            System.out.println(callback.row("callback: safe-mode subscribe → PostgreSQL"));
            System.out.printf("%ncallback / bare = %.2f×; events stored = %d, contacts = %d (warm-up included);"
                    + " every stored event applied %.1f s after the load ended (%d left)%n",
                    callback.rate() / bare.rate(), stored, contacts, drainSeconds, unhandled);
        } finally {
            Files.deleteIfExists(requests);
            Files.deleteIfExists(script);
        }
    }

    private static long count(DatabaseClient database, String condition, String run) {
        return counting(database, condition, run).block(Duration.ofSeconds(30));
    }

    private static Mono<Long> counting(DatabaseClient database, String condition, String run) {
        return database.sql("select count(*) as n from gateway.inbound_event where openid like :prefix and " + condition)
                .bind("prefix", "o-bench-" + run + "-%")
                .map(row -> row.get("n", Long.class)).one();
    }

    private static void writeEvents(Path file, int count, String run) throws IOException {
        WeChatServerSide wechat = new WeChatServerSide(TestAccount.APP_ID, TestAccount.TOKEN, TestAccount.AES_KEY,
                EncryptionMode.SAFE);
        long now = System.currentTimeMillis() / 1000;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < count; i++) {
                String event = WeChatEvents.subscribe(TestAccount.GH_ID, "o-bench-" + run + "-" + i, now, "c1-r" + (i % 500));
                WeChatServerSide.SignedCallback signed = wechat.push(event);
                out.write(signed.query());
                out.write('\t');
                out.write(signed.body());
                out.write('\n');
            }
        }
    }
}
