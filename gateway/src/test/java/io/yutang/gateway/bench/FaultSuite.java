package io.yutang.gateway.bench;

import io.yutang.gateway.TestAccount;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The fault suite: two yutang instances (each its own JVM) behind Debian's nginx configured with
 * {@code docker/nginx.conf}, on a PostgreSQL, a Redis and a WeChat API of the suite's own, while a
 * WeChat-like sender pushes signed follows through one share link at a steady rate and retries as
 * WeChat does. One after the other: an instance is SIGKILLed and restarted, PostgreSQL is stopped
 * and started, WeChat's API stays silent and then refuses (45009) while a live event's reminders
 * fall due, Redis is stopped and started; then faults at once (Redis down, WeChat's API silent, and
 * the other instance SIGKILLed and started again in the middle of both); sessions and the access
 * token are tried across both instances. Each scenario's events are counted: sent, answered, stored, applied (contact, touch,
 * credited follow), duplicated, lost; the reminders must each reach their person once.
 *
 * <p>The short profile runs in CI ({@code FaultSuiteIntegrationTest}); the long one gives the
 * README's figures:
 * <pre>
 * ./mvnw -q -o test-compile dependency:build-classpath -pl gateway -am -Dmdep.outputFile=/tmp/cp-faults.txt -Dmdep.includeScope=test
 * cd gateway &amp;&amp; java -cp target/test-classes:target/classes:$(cat /tmp/cp-faults.txt) io.yutang.gateway.bench.FaultSuite
 * </pre>
 * (its instances are started on this JVM's class path, so it runs in a JVM of its own, not in Maven's)
 * ({@code -Dfaults.rate=}, {@code -Dfaults.outage-seconds=}, {@code -Dfaults.steady-seconds=} change the long profile).
 */
public final class FaultSuite {

    /** How hard and how long: events per second, each outage's length, the calm before and after each fault. */
    record Profile(String name, int rate, Duration warmUp, Duration outage, Duration apiOutage, Duration steady,
            List<String> jvmOptions) {

        /** CI's: the instances start faster (C1 only, serial GC), which is all a modest load needs. */
        static Profile shortOne() {
            return new Profile("short", 25, Duration.ofSeconds(3), Duration.ofSeconds(8), Duration.ofSeconds(8), Duration.ofSeconds(3),
                    List.of("-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        }

        static Profile longOne() {
            return new Profile("long", Integer.getInteger("faults.rate", 40),
                    Duration.ofSeconds(Long.getLong("faults.warmup-seconds", 60)),
                    Duration.ofSeconds(Long.getLong("faults.outage-seconds", 20)),
                    Duration.ofSeconds(Long.getLong("faults.api-outage-seconds", 60)),
                    Duration.ofSeconds(Long.getLong("faults.steady-seconds", 30)), List.of("-Xmx512m"));
        }
    }

    /** One scenario's count. Lost: answered but not stored, or stored but not applied. */
    record Tally(String scenario, long sent, long answered, long givenUp, long storedAnyway, long stored, long applied,
            long duplicated, long lost, long profiles, long profilesDoubled, Map<Integer, Long> answers) {

        static String header() {
            return "| scenario | sent | answered 200 | WeChat gave up | of those stored | stored | applied | duplicated | lost "
                    + "| profiles fetched | profiles asked twice | deliveries by answer (0: none in 5 s) |\n"
                    + "|---|---|---|---|---|---|---|---|---|---|---|---|";
        }

        String row() {
            return "| %s | %,d | %,d | %,d | %,d | %,d | %,d | %d | %d | %,d | %d | %s |".formatted(scenario, sent, answered, givenUp,
                    storedAnyway, stored, applied, duplicated, lost, profiles, profilesDoubled, answers);
        }
    }

    /** A check other than counting events: what was tried, what was seen, whether it held. */
    record Check(String scenario, String what, String seen, boolean held) {

        String row() {
            return "| %s | %s | %s | %s |".formatted(scenario, what, seen, held ? "held" : "FAILED");
        }
    }

    record Result(List<Tally> tallies, List<Check> checks, long tokenCalls, long ticketCalls, long refusedCalls,
            long unansweredCalls, double seconds) {

        void print() {
            System.out.println();
            System.out.println(Tally.header());
            tallies.forEach(t -> System.out.println(t.row()));
            System.out.println();
            System.out.println("| scenario | check | seen | |\n|---|---|---|---|");
            checks.forEach(c -> System.out.println(c.row()));
            System.out.printf("%nWeChat API: %d token calls, %d jsapi ticket calls, %d calls refused with 45009, %d left unanswered;"
                    + " %.0f s in all%n", tokenCalls, ticketCalls, refusedCalls, unansweredCalls, seconds);
        }
    }

    static final List<String> SCENARIOS = List.of("warmup", "sessions", "sigkill", "postgres", "wechat-api", "redis",
            "combined");
    private static final String ADMIN = "Basic " + Base64.getEncoder().encodeToString(
            ("admin:" + TestAccount.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
    private static final Pattern SCORE = Pattern.compile("\"score\"\\s*:\\s*(\\d+)");

    private final Profile profile;
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Check> checks = new ArrayList<>();
    private FaultStores stores;
    private FaultWeChatApi api;
    private Nginx nginx;
    private final BenchInstance[] instances = new BenchInstance[2];
    private List<String> settings;
    private long campaignId;
    private long reminderEvent;
    private int signInRetries;

    private FaultSuite(Profile profile) {
        this.profile = profile;
    }

    public static void main(String[] args) throws Exception {
        Result result = run(Profile.longOne());
        result.print();
        boolean held = result.tallies().stream().allMatch(t -> t.lost() == 0 && t.duplicated() == 0 && t.profilesDoubled() == 0)
                && result.checks().stream().allMatch(Check::held);
        System.exit(held ? 0 : 1);
    }

    static Result run(Profile profile) throws Exception {
        return new FaultSuite(profile).runAll();
    }

    private Result runAll() throws Exception {
        long began = System.nanoTime();
        Path dir = Files.createDirectories(Path.of("target", "faults-" + run).toAbsolutePath());
        int[] ports = {BenchInstance.freePort(), BenchInstance.freePort()};
        try (FaultStores stores = new FaultStores(dir); FaultWeChatApi api = new FaultWeChatApi()) {
            this.stores = stores;
            this.api = api;
            String scene = seedCampaign();
            settings = List.of("--logging.level.root=warn",
                    "--yutang.admin.password=" + TestAccount.ADMIN_PASSWORD,
                    "--yutang.database.url=" + stores.databaseUrl(),
                    "--yutang.database.username=postgres",
                    "--yutang.redis.url=" + stores.redisUrl(),
                    "--yutang.redis.key-prefix=faults:",
                    "--yutang.rate-limits.factor=0",
                    "--yutang.data-dir=" + dir.resolve("data"),
                    "--yutang.wechat.app-id=" + TestAccount.APP_ID,
                    "--yutang.wechat.secret=" + TestAccount.SECRET,
                    "--yutang.wechat.token=" + TestAccount.TOKEN,
                    "--yutang.wechat.aes-key=" + TestAccount.AES_KEY,
                    "--yutang.wechat.api-host=" + api.baseUrl(),
                    "--yutang.wechat.sweep-after=5s",
                    "--yutang.wechat.sweep-interval=1s",
                    "--yutang.referral.profile-fetch-first-backoff=1s",
                    "--yutang.referral.profile-fetch-quota-backoff=2s");
            instances[0] = BenchInstance.start("faults-" + run, "a", ports[0], profile.jvmOptions(), settings);
            instances[1] = BenchInstance.start("faults-" + run, "b", ports[1], profile.jvmOptions(), settings);
            try {
                instances[0].awaitReady();
                instances[1].awaitReady();
                nginx = Nginx.start(dir, List.of(ports[0], ports[1]));
                try (WeChatSender sender = new WeChatSender(nginx.baseUrl(), scene, run)) {
                    sender.start(profile.rate());
                    hold(profile.warmUp());
                    log("both instances ready behind nginx; load at " + profile.rate() + " events/s");
                    sender.phase("sessions");
                    sessionsAndToken();
                    calm();
                    sender.phase("sigkill");
                    sigkill(ports[0]);
                    sender.phase("postgres");
                    calm();
                    postgresOutage();
                    calm();
                    sender.phase("wechat-api");
                    apiOutage();
                    calm();
                    sender.phase("redis");
                    redisOutage();
                    calm();
                    sender.phase("combined");
                    combined(ports[1]);
                    calm();
                    sender.phase("after");
                    calm();
                    sender.stopAndSettle();
                    log("load stopped; every delivery answered or given up");
                    awaitApplied(sender);
                    boardRebuilt();
                    remindersSent();
                    List<Tally> tallies = new ArrayList<>();
                    for (String scenario : SCENARIOS) {
                        tallies.add(tally(scenario, sender.sent(scenario)));
                    }
                    return new Result(tallies, List.copyOf(checks), api.tokenCalls(), api.ticketCalls(), api.refused(),
                            api.unanswered(), BenchInstance.seconds(began));
                } finally {
                    nginx.close();
                }
            } finally {
                for (BenchInstance instance : instances) {
                    if (instance != null) {
                        instance.kill();
                    }
                }
            }
        }
    }

    private static void log(String what) {
        System.out.printf("%s faults: %s%n", Instant.now(), what);
    }

    private void calm() {
        hold(profile.steady());
    }

    private static void hold(Duration period) {
        Mono.delay(period).block();
    }

    /** A sharer, a running follow campaign and the sharer's link; returns the link's QR scene. */
    private String seedCampaign() throws SQLException {
        try (Connection jdbc = DriverManager.getConnection(stores.jdbcUrl(), "postgres", "")) {
            BenchCampaign seeded = BenchCampaign.seed(jdbc, "fault-rep", "故障演练", 1);
            campaignId = seeded.campaignId();
            return seeded.scenes().get(0);
        }
    }

    // ---- scenarios -------------------------------------------------------------------------------------------

    /** Signed in through one instance, known to the other; one access token and one jsapi ticket for both. */
    private void sessionsAndToken() throws Exception {
        String openid = "o-visitor-" + run + "-a";
        String session = signIn(base(0), openid);
        int other = status(base(1) + "/my", session);
        checks.add(new Check("sessions", "signed in through instance a, GET /my through instance b",
                "HTTP %d (sign-in retried %d× after a 503 or no answer)".formatted(other, signInRetries), other == 200));
        String page = URLEncoder.encode("http://localhost:8080/", StandardCharsets.UTF_8);
        int a = status(base(0) + "/wechat/jssdk/config?url=" + page, null);
        int b = status(base(1) + "/wechat/jssdk/config?url=" + page, null);
        long tokens = api.tokenCalls();
        long tickets = api.ticketCalls();
        checks.add(new Check("sessions", "JS-SDK config from both instances (and both fetching profiles)",
                "HTTP %d / %d; %d access-token call(s), %d ticket call(s) at WeChat".formatted(a, b, tokens, tickets),
                a == 200 && b == 200 && tokens == 1 && tickets == 1));
    }

    /** SIGKILL one instance under load, start it again on its port, and let nginx find it. */
    private void sigkill(int port) throws Exception {
        calm();
        instances[0].kill();
        log("instance a killed");
        hold(Duration.ofSeconds(2));
        long restarting = System.nanoTime();
        instances[0] = BenchInstance.start("faults-" + run, "a", port, profile.jvmOptions(), settings);
        instances[0].awaitReady();
        log("instance a ready again");
        checks.add(new Check("sigkill", "instance a killed (SIGKILL) under load and started again",
                "ready again %.1f s after its start".formatted(BenchInstance.seconds(restarting)), true));
    }

    private void postgresOutage() throws IOException {
        stores.stopPostgres();
        log("PostgreSQL stopped");
        hold(profile.outage());
        stores.startPostgres();
        log("PostgreSQL started");
    }

    /**
     * WeChat's API answers nothing at all for half the period, then 45009 for the other half; the
     * reminders of a live event fall due as the silence begins.
     */
    private void apiOutage() throws SQLException {
        Duration half = profile.apiOutage().dividedBy(2);
        api.mode(FaultWeChatApi.Mode.SILENT);
        try (Connection jdbc = DriverManager.getConnection(stores.jdbcUrl(), "postgres", "")) {
            reminderEvent = DueReminders.seed(jdbc, remindedPrefix(), reminders(), "tmpl-fault");
        }
        log("WeChat API answers nothing; " + reminders() + " reminders due");
        hold(half);
        api.mode(FaultWeChatApi.Mode.QUOTA_REACHED);
        log("WeChat API answers 45009");
        hold(half);
        api.mode(FaultWeChatApi.Mode.NORMAL);
        log("WeChat API answers again");
    }

    private int reminders() {
        return profile.rate() * 4;
    }

    private String remindedPrefix() {
        return "o-remind-" + run + "-";
    }

    /** The reminders that fell due while WeChat's API failed: each sent once, to everyone, in the end. */
    private void remindersSent() throws SQLException {
        String rows = "from livestream.reminder r join livestream.registration g on g.id = r.registration_id where g.event_id = "
                + reminderEvent;
        long sent = stores.scalar("select count(*) " + rows + " and r.state = 'SENT'");
        long attempts = stores.scalar("select coalesce(max(r.attempts), 0) " + rows);
        long people = api.remindedPeople(remindedPrefix());
        long twice = api.remindedTwice(remindedPrefix());
        checks.add(new Check("wechat-api", "reminders due as WeChat's API went silent, then answered 45009",
                "%d of %d SENT; %d people reminded, %d twice; at most %d attempts".formatted(sent, reminders(), people, twice, attempts),
                sent == reminders() && people == reminders() && twice == 0));
    }

    /** Redis gone: sessions fail closed (no 500), callbacks still stored; back empty: sign in again. */
    private void redisOutage() throws Exception {
        String session = signIn(nginx.baseUrl(), "o-visitor-" + run + "-b");
        stores.stopRedis();
        log("Redis stopped");
        long until = System.nanoTime() + profile.outage().toNanos();
        Set<Integer> statuses = new HashSet<>();
        Set<Integer> signInStatuses = new HashSet<>();
        while (System.nanoTime() < until) {
            statuses.add(status(nginx.baseUrl() + "/my", session));
            signInStatuses.add(status(nginx.baseUrl() + "/wechat/oauth/start?scope=base&return=/", null));
            hold(Duration.ofMillis(500));
        }
        checks.add(new Check("redis", "GET /my with a session while Redis is down", "HTTP " + statuses,
                !statuses.contains(200) && statuses.stream().noneMatch(s -> s >= 500 && s != 503)));
        checks.add(new Check("redis", "starting a sign-in while Redis is down", "HTTP " + signInStatuses,
                signInStatuses.stream().noneMatch(s -> s >= 500 && s != 503)));
        stores.startRedis();
        log("Redis started (empty)");
        long started = System.nanoTime();
        int after = Flux.interval(Duration.ZERO, Duration.ofMillis(250)).onBackpressureDrop()
                .concatMap(tick -> Mono.fromCallable(() -> status(nginx.baseUrl() + "/my", session)), 1)
                .filter(status -> status != 503 || System.nanoTime() - started > Duration.ofSeconds(15).toNanos())
                .next().block(Duration.ofSeconds(60));
        double back = BenchInstance.seconds(started);
        try {
            String again = signIn(nginx.baseUrl(), "o-visitor-" + run + "-b");
            int signedInAgain = status(nginx.baseUrl() + "/my", again);
            checks.add(new Check("redis", "the old session after Redis came back empty; then signing in again",
                    "HTTP %d %.1f s after Redis was up; then HTTP %d".formatted(after, back, signedInAgain),
                    after == 302 && back < 5 && signedInAgain == 200));
        } catch (IllegalStateException failed) {
            checks.add(new Check("redis", "the old session after Redis came back empty; then signing in again",
                    "HTTP %d; then %s".formatted(after, failed.getMessage()), false));
        }
    }

    /**
     * Faults at once: Redis down and WeChat's API silent, and while both last instance b is
     * SIGKILLed and started again, so it starts without Redis (it must serve callbacks all the
     * same) and has to find Redis by itself once it is back.
     */
    private void combined(int port) throws Exception {
        stores.stopRedis();
        api.mode(FaultWeChatApi.Mode.SILENT);
        log("Redis stopped and WeChat API silent");
        hold(profile.steady());
        instances[1].kill();
        log("instance b killed");
        long restarting = System.nanoTime();
        instances[1] = BenchInstance.start("faults-" + run, "b", port, profile.jvmOptions(), settings);
        instances[1].awaitLive();
        double live = BenchInstance.seconds(restarting);
        log("instance b serving again, Redis still down");
        hold(profile.steady());
        stores.startRedis();
        api.mode(FaultWeChatApi.Mode.NORMAL);
        log("Redis started (empty) and WeChat API answering");
        long back = System.nanoTime();
        instances[1].awaitReady();
        double ready = BenchInstance.seconds(back);
        checks.add(new Check("combined", "instance b killed and started again while Redis was down and WeChat's API silent",
                "serving %.1f s after its start, Redis still down; ready %.1f s after Redis was back".formatted(live, ready),
                ready < 10));
    }

    /** After Redis came back empty, the follows board is rebuilt from PostgreSQL with every credited follow. */
    private void boardRebuilt() throws Exception {
        long credited = stores.scalar("select count(*) from referral.conversion where campaign_id = " + campaignId
                + " and kind = 'FOLLOW' and outcome = 'CREDITED'");
        HttpResponse<String> board = http.send(HttpRequest.newBuilder(URI.create(nginx.baseUrl() + "/api/campaigns/" + campaignId
                + "/leaderboards/EMPLOYEE/FOLLOWS")).header("Authorization", ADMIN).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher score = SCORE.matcher(board.body());
        long shown = score.find() ? Long.parseLong(score.group(1)) : -1;
        checks.add(new Check("redis", "the follows board after Redis came back empty",
                "HTTP %d, score %d; %d credited follows in PostgreSQL".formatted(board.statusCode(), shown, credited),
                board.statusCode() == 200 && shown == credited));
    }

    // ---- counting --------------------------------------------------------------------------------------------

    /** Waits until every stored event of the run is handled and every profile fetch is settled. */
    private void awaitApplied(WeChatSender sender) {
        String like = "'" + "o-fault-" + run + "-" + "%'";
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        Flux.interval(Duration.ofMillis(500)).onBackpressureDrop()
                .map(tick -> {
                    try {
                        return stores.scalar("select count(*) from gateway.inbound_event where openid like " + like
                                + " and state <> 'DONE'")
                                + stores.scalar("select count(*) from referral.profile_fetch f join referral.contact c"
                                + " on c.id = f.contact_id where c.openid like " + like + " and f.state in ('PENDING', 'LEASED')")
                                + stores.scalar("select count(*) from livestream.reminder r join livestream.registration g"
                                + " on g.id = r.registration_id where g.event_id = " + reminderEvent
                                + " and r.state in ('PENDING', 'SENDING')");
                    } catch (SQLException e) {
                        return 1L;
                    }
                })
                .filter(open -> open == 0 || System.nanoTime() > deadline)
                .next().block(Duration.ofSeconds(130));
    }

    private Tally tally(String scenario, Map<String, WeChatSender.Fate> sent) throws SQLException {
        String prefix = "o-fault-" + run + "-" + scenario + "-";
        String like = "'" + prefix + "%'";
        Set<String> stored = new HashSet<>();
        Set<String> applied = new HashSet<>();
        try (Connection jdbc = DriverManager.getConnection(stores.jdbcUrl(), "postgres", "");
                Statement sql = jdbc.createStatement()) {
            try (ResultSet rows = sql.executeQuery("select openid from gateway.inbound_event where openid like " + like)) {
                while (rows.next()) {
                    stored.add(rows.getString(1));
                }
            }
            try (ResultSet rows = sql.executeQuery("""
                    select c.openid from referral.contact c
                    where c.openid like %s
                      and exists (select 1 from gateway.inbound_event e where e.openid = c.openid and e.state = 'DONE')
                      and exists (select 1 from referral.touch t where t.contact_id = c.id)
                      and exists (select 1 from referral.conversion v join referral.credit r on r.conversion_id = v.id
                                  where v.contact_id = c.id and v.kind = 'FOLLOW' and v.outcome = 'CREDITED')""".formatted(like))) {
                while (rows.next()) {
                    applied.add(rows.getString(1));
                }
            }
        }
        long storedRows = stores.scalar("select count(*) from gateway.inbound_event where openid like " + like);
        long contactRows = stores.scalar("select count(*) from referral.contact where openid like " + like);
        long touchRows = stores.scalar("select count(*) from referral.touch t join referral.contact c on c.id = t.contact_id"
                + " where c.openid like " + like);
        long conversionRows = stores.scalar("select count(*) from referral.conversion v join referral.contact c"
                + " on c.id = v.contact_id where c.openid like " + like);
        long creditRows = stores.scalar("select count(*) from referral.credit r join referral.conversion v on v.id = r.conversion_id"
                + " join referral.contact c on c.id = v.contact_id where c.openid like " + like);
        long creditedConversions = stores.scalar("select count(distinct v.id) from referral.credit r join referral.conversion v"
                + " on v.id = r.conversion_id join referral.contact c on c.id = v.contact_id where c.openid like " + like);
        long profiles = stores.scalar("select count(*) from referral.contact where openid like " + like
                + " and profile_fetched_at is not null");
        long contacts = stores.scalar("select count(distinct openid) from referral.contact where openid like " + like);
        long touched = stores.scalar("select count(distinct t.contact_id) from referral.touch t join referral.contact c"
                + " on c.id = t.contact_id where c.openid like " + like);
        long converted = stores.scalar("select count(distinct v.contact_id) from referral.conversion v join referral.contact c"
                + " on c.id = v.contact_id where c.openid like " + like);
        long creditsPerConversion = creditedConversions == 0 ? 0 : creditRows / creditedConversions;
        long duplicated = (storedRows - stored.size()) + (contactRows - contacts) + (touchRows - touched)
                + (conversionRows - converted) + (creditRows - creditedConversions * Math.max(1, creditsPerConversion));
        long answered = sent.values().stream().filter(f -> f.answered).count();
        long lost = 0;
        long givenUp = 0;
        long storedAnyway = 0;
        for (Map.Entry<String, WeChatSender.Fate> event : sent.entrySet()) {
            boolean isStored = stored.contains(event.getKey());
            if (event.getValue().answered && !isStored) {
                lost++;
            }
            if (isStored && !applied.contains(event.getKey())) {
                lost++;
            }
            if (!event.getValue().answered) {
                givenUp++;
                storedAnyway += isStored ? 1 : 0;
            }
        }
        return new Tally(scenario, sent.size(), answered, givenUp, storedAnyway, stored.size(), applied.size(), duplicated, lost,
                profiles, api.profilesGivenTwice(prefix), new java.util.TreeMap<>(sent.values().stream()
                        .flatMap(fate -> fate.statuses.stream())
                        .collect(java.util.stream.Collectors.groupingBy(status -> status, java.util.stream.Collectors.counting()))));
    }

    // ---- HTTP ------------------------------------------------------------------------------------------------

    private String base(int instance) {
        return "http://127.0.0.1:" + instances[instance].port();
    }

    private HttpResponse<String> get(String url, String session) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15));
        if (session != null) {
            request.header("Cookie", "YUTANG_SESSION=" + session);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The answer's status, or 0 when none came within 15 s. */
    private int status(String url, String session) throws IOException, InterruptedException {
        try {
            return get(url, session).statusCode();
        } catch (java.net.http.HttpTimeoutException none) {
            return 0;
        }
    }

    /**
     * The H5 sign-in as a browser does it (silent scope, WeChat's code exchanged at the suite's API);
     * the session cookie. A 503 (a store too slow on the loaded machine) or no answer in 15 s is
     * retried, as the person would; how often is counted.
     */
    private String signIn(String base, String openid) throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return signInOnce(base, openid);
            } catch (RetryableAnswer | java.net.http.HttpTimeoutException busy) {
                signInRetries++;
                if (attempt == 5) {
                    throw new IllegalStateException("sign-in answered 503 or nothing five times");
                }
                hold(Duration.ofSeconds(1));
            }
        }
    }

    private static final class RetryableAnswer extends RuntimeException {
        RetryableAnswer() {
            super(null, null, false, false);
        }
    }

    private String signInOnce(String base, String openid) throws IOException, InterruptedException {
        HttpResponse<String> started = get(base + "/wechat/oauth/start?scope=base&return=/", null);
        if (started.statusCode() == 503) {
            throw new RetryableAnswer();
        }
        String location = started.headers().firstValue("Location").orElseThrow(
                () -> new IllegalStateException("sign-in start answered " + started.statusCode()));
        Matcher state = Pattern.compile("[?&]state=([^&#]+)").matcher(location);
        if (!state.find()) {
            throw new IllegalStateException("no state in " + location);
        }
        String value = URLDecoder.decode(state.group(1), StandardCharsets.UTF_8);
        HttpResponse<String> back = http.send(HttpRequest.newBuilder(URI.create(base + "/wechat/oauth/callback?code="
                        + openid + "." + System.nanoTime() + "&state=" + URLEncoder.encode(value, StandardCharsets.UTF_8)))
                .header("Cookie", "YUTANG_SIGNIN_STATE=" + value).timeout(Duration.ofSeconds(15)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (back.statusCode() == 503) {
            throw new RetryableAnswer();
        }
        return back.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("YUTANG_SESSION="))
                .map(c -> c.substring("YUTANG_SESSION=".length(), c.indexOf(';') < 0 ? c.length() : c.indexOf(';')))
                .findFirst().orElseThrow(() -> new IllegalStateException("no session after sign-in: " + back.statusCode()));
    }
}
