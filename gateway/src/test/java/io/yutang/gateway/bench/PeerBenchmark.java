package io.yutang.gateway.bench;

import io.yutang.gateway.GatewayProperties.EncryptionMode;
import io.yutang.gateway.TestAccount;
import io.yutang.gateway.sandbox.WeChatEvents;
import io.yutang.gateway.sandbox.WeChatServerSide;
import io.yutang.referral.testing.TestStores;
import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import me.chanjar.weixin.common.util.crypto.SHA1;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * yutang's WeChat callback beside a peer server (WxJava's demo), measured interleaved in one run on
 * one machine. It starts yutang from its jar as a user runs it (default settings apart from the
 * addresses of the stores and of WeChat's API), and a WeChat API stub on a fixed port that the peer
 * is pointed at too; it warms both with alternating bursts, then alternates measured runs: safe-mode
 * {@code subscribe} events with a scene (fresh openids every run), and the signed {@code GET}
 * verification. Every subscribe carries the QR scene of one of 500 sharers' links in a running
 * follow campaign the harness seeds, so each follow takes yutang's credit path (touch through the
 * link, tree edge, attribution decision, leaderboards). Load from wrk. After each yutang run it
 * waits until every stored event is applied and every new follower's profile fetched, and reports
 * how long that took.
 *
 * <p>Run (needs wrk; the jar from {@code ./mvnw -q -pl gateway -am package -DskipTests}):
 * {@code ./mvnw -q -pl gateway exec:exec -Dexec.classpathScope=test -Dexec.executable=java
 * "-Dexec.args=-cp %classpath io.yutang.gateway.bench.PeerBenchmark --peer-url=http://127.0.0.1:8081/wx/portal/<appId>"}.
 * Options: {@code --jar=}, {@code --peer-url=} (the peer's callback URL; without it yutang runs alone),
 * {@code --peer-pid=} (to report its memory), {@code --stub-port=} (default 18090), {@code --rounds=}
 * (3), {@code --seconds=} (15), {@code --warmups=} (7), {@code --connections=} (64), {@code --heap=} (512m),
 * {@code --jvm-options=} (more options for yutang's JVM, comma-separated: {@code -XX:+UseSerialGC,-Xss512k}),
 * {@code --env=} (more environment variables for yutang's process, comma-separated: {@code MALLOC_ARENA_MAX=2}),
 * {@code --database=} (an existing database on the machine's PostgreSQL instead of a fresh one; with
 * {@code --peer-is-yutang}, another yutang jar started on that same database is the peer, and its
 * runs are drained and reported like yutang's: an A/B of two builds), {@code --legacy-scenes} (the
 * scenes in the format builds before 2026-12-03 read, {@code c<campaign>l<link>}, for the links whose
 * ids read one way in it).
 */
public final class PeerBenchmark {

    private static final int EVENTS_PER_RUN = 80_000;
    private static final int SHARERS = 500;

    private final Map<String, String> options;
    private final int seconds;
    private final int connections;
    private final Path script;
    private final String prefix = "o-peer-" + UUID.randomUUID().toString().substring(0, 6) + "-";
    private final AtomicLong runs = new AtomicLong();
    private final AtomicLong highestRss = new AtomicLong();
    private volatile long yutangPid;
    private volatile String lastCpu = "";
    private final List<String> cpuRows = new ArrayList<>();
    private List<String> scenes = List.of();

    private PeerBenchmark(Map<String, String> options) throws IOException {
        this.options = options;
        this.seconds = Integer.parseInt(options.getOrDefault("seconds", "15"));
        this.connections = Integer.parseInt(options.getOrDefault("connections", "64"));
        this.script = Files.createTempFile("yutang-peer-", ".lua");
        Files.writeString(script, Wrk.REPLAY);
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            String[] pair = arg.replaceFirst("^--", "").split("=", 2);
            options.put(pair[0], pair.length > 1 ? pair[1] : "true");
        }
        new PeerBenchmark(options).run();
    }

    private void run() throws Exception {
        int stubPort = Integer.parseInt(options.getOrDefault("stub-port", "18090"));
        String peer = options.get("peer-url");
        String heap = options.getOrDefault("heap", "512m");
        BenchInstance.migrated();
        try (FaultWeChatApi stub = new FaultWeChatApi(stubPort)) {
            int port = BenchInstance.freePort();
            Process yutang = startYutang(port, stub.baseUrl(), heap);
            yutangPid = yutang.pid();
            try {
                awaitReady(port, yutang);
                scenes = seed();
                String ours = "http://127.0.0.1:" + port + "/wechat/callback";
                System.out.printf("yutang on %s (jar %s, heap %s); WeChat API stub on %s%n", ours, jar(), heap, stub.baseUrl());
                System.out.println(peer == null ? "no --peer-url: yutang alone" : "peer on " + peer);
                int warmups = Integer.parseInt(options.getOrDefault("warmups", "7"));
                for (int i = 1; i <= warmups; i++) {
                    System.out.printf("warm-up %d/%d%n", i, warmups);
                    subscribes(ours);
                    pause();
                    if (peer != null) {
                        subscribes(peer);
                        pause();
                    }
                    verifications(ours, 5);
                    if (peer != null) {
                        verifications(peer, 5);
                    }
                }
                highestRss.set(0);
                List<String> rows = new ArrayList<>();
                List<Double> postRatios = new ArrayList<>();
                List<Double> getRatios = new ArrayList<>();
                int rounds = Integer.parseInt(options.getOrDefault("rounds", "3"));
                for (int round = 1; round <= rounds; round++) {
                    Measured post = subscribes(ours);
                    cpuRows.add("| yutang | safe-mode subscribe | " + round + " | " + post.cpu() + " |");
                    String drained = drained(drain(post.openidPrefix()));
                    rows.add(post.result().row("yutang", "safe-mode subscribe", Integer.toString(round))
                            + " " + post.result().socketErrors() + " | " + drained + " |");
                    pause();
                    if (peer != null) {
                        Measured peerPost = subscribes(peer);
                        String peerDrained = options.containsKey("peer-is-yutang") ? drained(drain(peerPost.openidPrefix())) : "";
                        pause();
                        rows.add(peerPost.result().row("peer", "safe-mode subscribe", Integer.toString(round)) + " " + peerPost.result().socketErrors() + " | " + peerDrained + " |");
                        cpuRows.add("| peer | safe-mode subscribe | " + round + " | " + peerPost.cpu() + " |");
                        postRatios.add(post.result().rate() / peerPost.result().rate());
                    }
                    Wrk.Result get = verifications(ours, seconds);
                    rows.add(get.row("yutang", "GET verification", Integer.toString(round)) + " " + get.socketErrors() + " | |");
                    cpuRows.add("| yutang | GET verification | " + round + " | " + lastCpu + " |");
                    if (peer != null) {
                        Wrk.Result peerGet = verifications(peer, seconds);
                        rows.add(peerGet.row("peer", "GET verification", Integer.toString(round)) + " " + peerGet.socketErrors() + " | |");
                        cpuRows.add("| peer | GET verification | " + round + " | " + lastCpu + " |");
                        getRatios.add(get.rate() / peerGet.rate());
                    }
                }
                System.out.printf("%n%s, %d connections, %d s runs, load average %s%n", Instant.now(), connections, seconds,
                        Files.readString(Path.of("/proc/loadavg")).trim());
                System.out.println("| app | request | round | requests/s | p50 | p99 | requests | non-2xx | socket errors | after the load |");
                System.out.println("|---|---|---|---|---|---|---|---|---|---|");
                rows.forEach(System.out::println);
                System.out.println("\nCPU time during each measured run, by process (/proc, user + system, all threads):\n");
                System.out.println("| app | request | round | CPU seconds |");
                System.out.println("|---|---|---|---|");
                cpuRows.forEach(System.out::println);
                System.out.printf("%nyutang RSS, highest sampled during the measured subscribe runs (yutang's and the peer's): %d MB", highestRss.get() / 1024);
                if (options.containsKey("peer-pid")) {
                    System.out.printf("; peer RSS now: %d MB", rssOf(Long.parseLong(options.get("peer-pid"))) / 1024);
                }
                System.out.println();
                if (peer != null) {
                    System.out.printf("yutang / peer, subscribe: %s (median %.2f×)%n", ratios(postRatios), median(postRatios));
                    System.out.printf("yutang / peer, GET verification: %s (median %.2f×)%n", ratios(getRatios), median(getRatios));
                }
            } finally {
                yutang.destroy();
                yutang.waitFor();
            }
        } finally {
            Files.deleteIfExists(script);
        }
    }

    private static String drained(Drain drain) {
        return "%,d stored, %,d contacts, %,d credited; all applied %.1f s and all profiles fetched %.1f s after the load"
                .formatted(drain.stored(), drain.contacts(), drain.credited(), drain.applied(), drain.profiles())
                + (drain.unapplied() + drain.unfetched() > 0
                        ? " (%d unapplied, %d unfetched after 3 min)".formatted(drain.unapplied(), drain.unfetched())
                        : "");
    }

    /** The database both apps use: {@code --database=} on the machine's PostgreSQL, or a fresh one. */
    private TestStores.Database database() {
        String name = options.get("database");
        return name == null ? TestStores.database() : new TestStores.Database("127.0.0.1", 5432, name, "postgres", "");
    }

    /** The campaign and the sharers' links whose scenes the subscribes carry. */
    private List<String> seed() throws SQLException {
        TestStores.Database database = database();
        try (Connection jdbc = DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password())) {
            BenchCampaign seeded = BenchCampaign.seed(jdbc, prefix + "rep", "基准活动 " + prefix, SHARERS);
            System.out.printf("campaign %d with %d sharers' links (scenes %s…)%n", seeded.campaignId(), seeded.scenes().size(),
                    seeded.scenes().get(0));
            if (options.containsKey("legacy-scenes")) {
                // Builds before 2026-12-03 read c<campaign>l<link>, and misread ids whose base-36 digits hold an l.
                return seeded.scenes().stream().filter(scene -> !scene.substring(1).contains("l"))
                        .map(scene -> scene.replace('_', 'l')).toList();
            }
            return seeded.scenes();
        }
    }

    private String jar() {
        return options.getOrDefault("jar", "target/yutang.jar");
    }

    /** yutang from its jar, configured as an operator would: addresses only, everything else default. */
    private Process startYutang(int port, String wechat, String heap) throws IOException {
        if (!new File(jar()).isFile()) {
            throw new IllegalStateException("no jar at " + jar() + ": run ./mvnw -q -pl gateway -am package -DskipTests");
        }
        TestStores.Database database = database();
        List<String> command = new ArrayList<>(List.of(new File(System.getProperty("java.home"), "bin/java").getPath(),
                "-Xms" + heap, "-Xmx" + heap));
        String jvmOptions = options.getOrDefault("jvm-options", "");
        if (!jvmOptions.isBlank()) {
            command.addAll(List.of(jvmOptions.split(",")));
        }
        command.addAll(List.of("-jar", jar(), "--server.port=" + port));
        ProcessBuilder process = new ProcessBuilder(command);
        Map<String, String> env = process.environment();
        env.put("YUTANG_DATABASE_URL", database.url());
        env.put("YUTANG_DATABASE_USERNAME", database.username());
        env.put("YUTANG_REDIS_URL", TestStores.redis().url());
        env.put("YUTANG_ADMIN_PASSWORD", TestAccount.ADMIN_PASSWORD);
        env.put("YUTANG_WECHAT_APP_ID", TestAccount.APP_ID);
        env.put("YUTANG_WECHAT_SECRET", TestAccount.SECRET);
        env.put("YUTANG_WECHAT_TOKEN", TestAccount.TOKEN);
        env.put("YUTANG_WECHAT_AES_KEY", TestAccount.AES_KEY);
        env.put("YUTANG_WECHAT_API_HOST", wechat);
        for (String variable : options.getOrDefault("env", "").split(",")) {
            if (!variable.isBlank()) {
                env.put(variable.substring(0, variable.indexOf('=')), variable.substring(variable.indexOf('=') + 1));
            }
        }
        File log = new File("target/bench-peer-yutang.log");
        log.delete();
        return process.redirectErrorStream(true).redirectOutput(log).start();
    }

    private static void awaitReady(int port, Process process) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("yutang exited; see target/bench-peer-yutang.log");
            }
            Mono.delay(Duration.ofMillis(200)).block();
        }
        throw new IllegalStateException("yutang not ready after 3 minutes; see target/bench-peer-yutang.log");
    }

    /**
     * One run of signed safe-mode subscribes from openids never used before;
     * yutang's resident memory is sampled every 200 ms during the run.
     */
    private Measured subscribes(String url) throws IOException, InterruptedException {
        Disposable sampling = Flux.interval(Duration.ofMillis(200))
                .subscribe(tick -> highestRss.accumulateAndGet(rssOf(yutangPid), Math::max));
        try {
            return subscribesSampled(url);
        } finally {
            sampling.dispose();
        }
    }

    private Measured subscribesSampled(String url) throws IOException, InterruptedException {
        String openids = prefix + runs.incrementAndGet() + "-";
        Path requests = Files.createTempFile("yutang-peer-", ".tsv");
        try {
            writeSubscribes(requests, openids, scenes);
            URI target = URI.create(url);
            CpuTime cpu = CpuTime.start(roles());
            Wrk.Result result = Wrk.run(connections, seconds, List.of("-s", script.toString(), target.getScheme() + "://" + target.getAuthority(), "--",
                    requests.toString(), target.getPath()));
            return new Measured(result, openids, cpu.since());
        } finally {
            Files.deleteIfExists(requests);
        }
    }

    /** Lets the machine settle between runs (and both JITs catch up) the same way for both apps. */
    private static void pause() {
        Mono.delay(Duration.ofSeconds(5)).block();
    }

    /** One run of the same signed GET verification WeChat sends when the callback URL is saved. */
    private Wrk.Result verifications(String url, int runSeconds) throws IOException, InterruptedException {
        String timestamp = Long.toString(System.currentTimeMillis() / 1000);
        String nonce = Long.toString(runs.incrementAndGet() * 7919 + 1_000_000);
        String query = "signature=" + SHA1.gen(TestAccount.TOKEN, timestamp, nonce) + "&timestamp=" + timestamp
                + "&nonce=" + nonce + "&echostr=" + nonce;
        CpuTime cpu = CpuTime.start(roles());
        Wrk.Result result = Wrk.run(connections, runSeconds, List.of(url + "?" + query));
        lastCpu = cpu.since();
        Mono.delay(Duration.ofSeconds(2)).block();
        return result;
    }

    private static void writeSubscribes(Path file, String openids, List<String> scenes) throws IOException {
        WeChatServerSide wechat = new WeChatServerSide(TestAccount.APP_ID, TestAccount.TOKEN, TestAccount.AES_KEY,
                EncryptionMode.SAFE);
        long now = System.currentTimeMillis() / 1000;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < EVENTS_PER_RUN; i++) {
                String openid = openids + i;
                WeChatServerSide.SignedCallback signed = wechat.push(
                        WeChatEvents.subscribe(TestAccount.GH_ID, openid, now, scenes.get(i % scenes.size())));
                out.write(signed.query() + "&openid=" + openid);
                out.write('\t');
                out.write(signed.body());
                out.write('\n');
            }
        }
    }

    /** Waits until every event of the run is applied and every follower's profile fetched (3 minutes at most). */
    private Drain drain(String openids) throws SQLException {
        TestStores.Database database = database();
        long start = System.nanoTime();
        double applied = -1;
        double profiles = -1;
        long unapplied = 0;
        long unfetched = 0;
        try (Connection sql = DriverManager.getConnection("jdbc:postgresql://" + database.host() + ":" + database.port()
                + "/" + database.name(), database.username(), database.password())) {
            while (System.nanoTime() - start < Duration.ofMinutes(3).toNanos()) {
                // Through the work queues' partial indexes: a scan of every event and contact each poll would
                // cost PostgreSQL more than the work being waited for.
                unapplied = count(sql, """
                        select count(*) from gateway.inbound_event where state in ('PENDING', 'LEASED') and openid like ?""", openids);
                unfetched = count(sql, """
                        select count(*) from referral.profile_fetch f join referral.contact c on c.id = f.contact_id
                         where f.state in ('PENDING', 'LEASED') and c.openid like ?""", openids);
                double now = (System.nanoTime() - start) / 1e9;
                if (unapplied == 0 && applied < 0) {
                    applied = now;
                }
                if (unapplied == 0 && unfetched == 0) {
                    profiles = now;
                    break;
                }
                Mono.delay(Duration.ofMillis(250)).block();
            }
            long stored = count(sql, "select count(*) from gateway.inbound_event where openid like ?", openids);
            long contacts = count(sql, "select count(*) from referral.contact where openid like ?", openids);
            long credited = count(sql, """
                    select count(*) from referral.conversion v join referral.contact c on c.id = v.contact_id
                     where c.openid like ? and v.kind = 'FOLLOW' and v.outcome = 'CREDITED'""", openids);
            return new Drain(stored, contacts, credited, applied, profiles, unapplied, unfetched);
        }
    }

    private static long count(Connection sql, String query, String openids) throws SQLException {
        try (PreparedStatement statement = sql.prepareStatement(query)) {
            statement.setString(1, openids + "%");
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** Resident memory of a process in KB, from {@code /proc}. */
    /** The processes known by pid, for {@link CpuTime}: yutang, the peer (with {@code --peer-pid}), this JVM (wrk's driver and the stub). */
    private Map<Long, String> roles() {
        Map<Long, String> roles = new HashMap<>();
        roles.put(yutangPid, "yutang");
        roles.put(ProcessHandle.current().pid(), "harness and stub");
        if (options.containsKey("peer-pid")) {
            roles.put(Long.parseLong(options.get("peer-pid")), "peer");
        }
        return roles;
    }

    private static long rssOf(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                    .filter(line -> line.startsWith("VmRSS:"))
                    .map(line -> Long.parseLong(line.replaceAll("\\D", "")))
                    .findFirst().orElse(0L);
        } catch (IOException gone) {
            return 0;
        }
    }

    private static String ratios(List<Double> ratios) {
        return String.join(" / ", ratios.stream().map(r -> "%.2f×".formatted(r)).toList());
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private record Measured(Wrk.Result result, String openidPrefix, String cpu) {
    }

    private record Drain(long stored, long contacts, long credited, double applied, double profiles, long unapplied, long unfetched) {
    }
}
