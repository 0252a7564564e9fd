package io.yutang.gateway.bench;

import io.yutang.gateway.TestAccount;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Benchmark of {@code GET /api/campaigns/{id}/sharers/{sid}/poster} on the whole app (sandbox
 * WeChat, test stores): the first request of each sharer (share link, scene code, built-in
 * poster rendered and cached) and then warm requests served from Redis, one at a time, beside
 * {@code GET /api/me}, which costs the same HTTP Basic (bcrypt) check and nothing else.
 *
 * <p>Run: {@code ./mvnw -q -pl gateway -am install -DskipTests && ./mvnw -q -pl gateway exec:java
 * -Dexec.classpathScope=test -Dexec.mainClass=io.yutang.gateway.bench.PosterBenchmark} (system
 * properties {@code bench.sharers}, {@code bench.requests}).
 */
public final class PosterBenchmark {

    private PosterBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int sharers = Integer.getInteger("bench.sharers", 40);
        int requests = Integer.getInteger("bench.requests", 500);
        String run = UUID.randomUUID().toString().substring(0, 8);
        try (ConfigurableApplicationContext app = SandboxApp.start("bench:")) {
            String base = SandboxApp.base(app);
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            String auth = "Basic " + Base64.getEncoder().encodeToString(("admin:" + TestAccount.ADMIN_PASSWORD)
                    .getBytes(StandardCharsets.UTF_8));

            String campaign = send(http, auth, HttpRequest.newBuilder(URI.create(base + "/api/campaigns"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"海报基准 " + run + "\",\"targetKind\":\"FOLLOW\","
                            + "\"startsAt\":\"" + Instant.now().minus(Duration.ofDays(1)) + "\"}"))
                    .header("Content-Type", "application/json")).replaceAll("(?s).*\"id\":(\\d+).*", "$1");
            StringBuilder rows = new StringBuilder("[");
            for (int i = 0; i < sharers; i++) {
                rows.append(i == 0 ? "" : ",").append("{\"kind\":\"EMPLOYEE\",\"externalId\":\"bench-").append(run).append('-')
                        .append(i).append("\",\"name\":\"基准销售").append(i).append("\",\"title\":\"客户经理\",\"department\":\"基准部 ")
                        .append(run).append("\"}");
            }
            send(http, auth, HttpRequest.newBuilder(URI.create(base + "/api/sharers"))
                    .POST(HttpRequest.BodyPublishers.ofString(rows.append(']').toString()))
                    .header("Content-Type", "application/json"));
            List<Long> ids = app.getBean(DatabaseClient.class)
                    .sql("select id from referral.sharer where external_id like :p order by id")
                    .bind("p", "bench-" + run + "-%").map(row -> row.get("id", Long.class)).all().collectList()
                    .block(Duration.ofSeconds(10));

            List<Double> cold = new ArrayList<>();
            for (long id : ids) {
                cold.add(timed(http, auth, base + "/api/campaigns/" + campaign + "/sharers/" + id + "/poster"));
            }
            for (int i = 0; i < 200; i++) {
                timed(http, auth, base + "/api/campaigns/" + campaign + "/sharers/" + ids.get(i % ids.size()) + "/poster");
            }
            List<Double> warm = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                warm.add(timed(http, auth, base + "/api/campaigns/" + campaign + "/sharers/" + ids.get(i % ids.size()) + "/poster"));
            }
            List<Double> baseline = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                baseline.add(timed(http, auth, base + "/api/me"));
            }
            System.out.printf("%n| poster request | requests | p50 | p95 | max |%n|---|---|---|---|---|%n");
            System.out.println(row("cold: first of each sharer (link, scene code, render, cache)", cold));
            System.out.println(row("warm: cached in Redis", warm));
            System.out.println(row("baseline: GET /api/me (the same HTTP Basic check, bcrypt)", baseline));
        }
    }

    private static String send(HttpClient http, String auth, HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = http.send(request.header("Authorization", auth).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    private static double timed(HttpClient http, String auth, String url) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", auth).GET().build();
        long started = System.nanoTime();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        double millis = (System.nanoTime() - started) / 1e6;
        if (response.statusCode() != 200) {
            throw new IllegalStateException("poster request failed: " + response.statusCode());
        }
        return millis;
    }

    private static String row(String name, List<Double> millis) {
        double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return "| %s | %d | %.1f ms | %.1f ms | %.1f ms |".formatted(name, sorted.length, percentile(sorted, 0.50),
                percentile(sorted, 0.95), sorted[sorted.length - 1]);
    }

    private static double percentile(double[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

}
