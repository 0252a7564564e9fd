package io.yutang.gateway.bench;

import io.yutang.gateway.TestAccount;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * An article's page ({@code /c/articles/{id}?st=…}: the stored sanitised body, the sharer's card
 * resolved through referral, the view recorded) served to 64 concurrent signed-in viewers, beside
 * the live event's registration page ({@code /live/{id}?st=…}) in the same run: each viewer
 * alternates the two pages, so both see the same machine at the same moments. These machines are
 * noisy, so what counts is the ratio of the two p95s.
 *
 * <pre>
 * ./mvnw -q -o test-compile dependency:build-classpath -pl gateway -am -Dmdep.outputFile=/tmp/cp-articles.txt -Dmdep.includeScope=test
 * cd gateway && java -cp target/test-classes:target/classes:$(cat /tmp/cp-articles.txt) io.yutang.gateway.bench.ArticlePageBenchmark
 * </pre>
 * (system properties {@code bench.viewers}, default 64, and {@code bench.rounds}, default 30 per viewer and page).
 */
public final class ArticlePageBenchmark {

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");
    private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");

    private ArticlePageBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int viewers = Integer.getInteger("bench.viewers", 64);
        int rounds = Integer.getInteger("bench.rounds", 30);
        String run = UUID.randomUUID().toString().substring(0, 8);
        try (ConfigurableApplicationContext app = SandboxApp.start("bench-articles:")) {
            String base = SandboxApp.base(app);
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            Staff staff = new Staff(http, base);
            Instant start = Instant.now().plus(Duration.ofDays(3));

            String event = staff.id("/api/events", """
                    {"title":"基准公开课 %s","startsAt":"%s","endsAt":"%s","status":"OPEN","consentText":"我们将按隐私政策使用你的信息发送直播提醒。"}"""
                    .formatted(run, start, start.plus(Duration.ofHours(1))));
            String article = staff.id("/api/articles", """
                    {"title":"基准文章 %s","summary":"一线销售的私域打法","status":"PUBLISHED","body":%s,
                     "callToAction":{"kind":"LIVE_EVENT","id":%s,"label":"报名公开课"}}""".formatted(run, json(body()), event));
            staff.send("/api/sharers", """
                    [{"kind":"EMPLOYEE","externalId":"bench-article-%s","name":"基准销售","title":"客户经理","department":"华东销售部"}]"""
                    .formatted(run));
            String sharer = staff.id("/api/sharers?externalId=bench-article-" + run, null);
            String articleToken = staff.link(campaign(staff, run, "article:" + article, "/c/articles/" + article), sharer);
            String eventToken = staff.link(campaign(staff, run, event, "/live/" + event), sharer);

            List<String> sessions = Collections.synchronizedList(new ArrayList<>());
            for (int i = 0; i < viewers; i++) {
                sessions.add(signIn(http, base, "o-bench-" + run + "-" + i));
            }
            String articlePage = base + "/c/articles/" + article + "?st=" + articleToken;
            String eventPage = base + "/live/" + event + "?st=" + eventToken;
            measure(http, sessions, articlePage, eventPage, 5);
            List<List<Double>> measured = measure(http, sessions, articlePage, eventPage, rounds);

            double articleP95 = percentile(measured.get(0), 0.95);
            double eventP95 = percentile(measured.get(1), 0.95);
            System.out.printf("%n| page (%d concurrent signed-in viewers) | requests | p50 | p95 |%n|---|---|---|---|%n", viewers);
            System.out.printf("| article with the sharer's card | %d | %.1f ms | %.1f ms |%n", measured.get(0).size(),
                    percentile(measured.get(0), 0.50), articleP95);
            System.out.printf("| live event registration | %d | %.1f ms | %.1f ms |%n", measured.get(1).size(),
                    percentile(measured.get(1), 0.50), eventP95);
            System.out.printf("%np95 ratio article / registration: %.2f%n", articleP95 / eventP95);
        }
        System.exit(0);
    }

    /** Every viewer requests both pages {@code rounds} times, alternating which comes first; the latencies of each page. */
    private static List<List<Double>> measure(HttpClient http, List<String> sessions, String articlePage, String eventPage,
            int rounds) throws Exception {
        List<Double> article = Collections.synchronizedList(new ArrayList<>());
        List<Double> event = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(sessions.size());
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int v = 0; v < sessions.size(); v++) {
                int viewer = v;
                boolean articleFirst = v % 2 == 0;
                running.add(pool.submit(() -> {
                    for (int r = 0; r < rounds; r++) {
                        boolean first = articleFirst == (r % 2 == 0);
                        (first ? article : event).add(timed(http, first ? articlePage : eventPage, sessions, viewer));
                        (first ? event : article).add(timed(http, first ? eventPage : articlePage, sessions, viewer));
                    }
                    return null;
                }));
            }
            for (Future<?> viewer : running) {
                viewer.get();
            }
        } finally {
            pool.shutdown();
        }
        return List.of(article, event);
    }

    /** One page request of the viewer's, in milliseconds; a renewed session cookie replaces the viewer's. */
    private static double timed(HttpClient http, String url, List<String> sessions, int viewer) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Cookie", "YUTANG_SESSION=" + sessions.get(viewer))
                .header("Accept", "text/html").GET().build();
        long started = System.nanoTime();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (java.io.IOException | InterruptedException failed) {
            throw new IllegalStateException(url + " failed", failed);
        }
        double millis = (System.nanoTime() - started) / 1e6;
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + response.statusCode());
        }
        session(response).ifPresent(renewed -> sessions.set(viewer, renewed));
        return millis;
    }

    private static java.util.Optional<String> session(HttpResponse<?> response) {
        return response.headers().allValues("Set-Cookie").stream().filter(cookie -> cookie.startsWith("YUTANG_SESSION="))
                .map(cookie -> cookie.substring("YUTANG_SESSION=".length(), cookie.indexOf(';'))).findFirst();
    }

    /** Signs a viewer in the way WeChat's browser does (silent scope, the sandbox's fake WeChat); the session cookie. */
    private static String signIn(HttpClient http, String base, String openid) throws Exception {
        HttpResponse<Void> started = http.send(HttpRequest.newBuilder(URI.create(base + "/wechat/oauth/start?scope=base&return=/"))
                .GET().build(), HttpResponse.BodyHandlers.discarding());
        String location = started.headers().firstValue("Location").orElseThrow();
        Matcher state = Pattern.compile("[?&]state=([^&]+)").matcher(location);
        if (!state.find()) {
            throw new IllegalStateException("no state in " + location);
        }
        String code = URLEncoder.encode(openid + "." + System.nanoTime(), StandardCharsets.UTF_8);
        HttpResponse<Void> back = http.send(HttpRequest.newBuilder(URI.create(base + "/wechat/oauth/callback?code=" + code
                        + "&state=" + state.group(1))).header("Cookie", "YUTANG_SIGNIN_STATE=" + state.group(1)).GET().build(),
                HttpResponse.BodyHandlers.discarding());
        return session(back).orElseThrow(() -> new IllegalStateException("no session for " + openid + ": " + back.statusCode()));
    }

    private static String campaign(Staff staff, String run, String ref, String url) throws Exception {
        return staff.id("/api/campaigns", """
                {"name":"基准推广 %s %s","targetKind":"%s","targetRef":"%s","targetUrl":"%s","startsAt":"%s"}"""
                .formatted(run, ref, ref.startsWith("article:") ? "CONTENT" : "LIVE_EVENT", ref, url,
                        Instant.now().minus(Duration.ofDays(1))));
    }

    /** An article of the usual length: headings, paragraphs, a list and a quote. */
    private static String body() {
        StringBuilder markdown = new StringBuilder();
        for (int section = 1; section <= 6; section++) {
            markdown.append("## 第").append(section).append("部分：从展会名片到长期客户\n\n")
                    .append("展会结束后的七天是跟进的黄金期。**先加企业微信**，再按行业分组，每周分享一篇有用的内容，")
                    .append("把意向客户邀请到直播间现场答疑。\n\n- 备注行业与需求\n- 约定下次联系的时间\n- 记录每次互动\n\n")
                    .append("> 客户记住的不是产品，而是帮过他的人。\n\n");
        }
        return markdown.toString();
    }

    private static String json(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    private static double percentile(List<Double> millis, double p) {
        double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    /** Marketing's side of the set-up, over the staff API (HTTP Basic). */
    private record Staff(HttpClient http, String base) {

        String send(String path, String json) throws Exception {
            String auth = "Basic " + Base64.getEncoder().encodeToString(("admin:" + TestAccount.ADMIN_PASSWORD)
                    .getBytes(StandardCharsets.UTF_8));
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", auth);
            request = json == null ? request.GET()
                    : request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(path + " answered " + response.statusCode() + " " + response.body());
            }
            return response.body();
        }

        String id(String path, String json) throws Exception {
            Matcher id = ID.matcher(send(path, json));
            if (!id.find()) {
                throw new IllegalStateException("no id from " + path);
            }
            return id.group(1);
        }

        String link(String campaign, String sharer) throws Exception {
            Matcher token = TOKEN.matcher(send("/api/campaigns/" + campaign + "/share-links", "{\"sharerId\":" + sharer + "}"));
            if (!token.find()) {
                throw new IllegalStateException("no share link token");
            }
            return token.group(1);
        }
    }
}
