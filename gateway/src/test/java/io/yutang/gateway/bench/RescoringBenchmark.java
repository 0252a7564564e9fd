package io.yutang.gateway.bench;

import io.yutang.gateway.TestAccount;
import io.yutang.referral.testing.TestStores;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * Rescoring after a rule change: 100,000 contacts with 10 stored behaviours each (1,000,000
 * rows of referral's behaviour log: follows, scans, registrations, watch time, reads, downloads,
 * forwards, unfollows over 90 days), every contact already scored. Marketing saves new rules on
 * instance a; the wall time runs from that PUT until every contact's score is stored under the new
 * version. Measured with two instances sharing the queue, then again (new rules) with one, in the
 * same run, so the ratio says what the second instance buys on this machine.
 *
 * <pre>
 * ./mvnw -q test-compile dependency:build-classpath -pl gateway -am -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * cd gateway && java -cp target/test-classes:target/classes:$(cat /tmp/cp.txt) io.yutang.gateway.bench.RescoringBenchmark
 * </pre>
 */
public final class RescoringBenchmark {

    private RescoringBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int contacts = Integer.getInteger("bench.contacts", 100_000);
        TestStores.Database database = BenchInstance.migrated();
        long seeding = System.nanoTime();
        seed(database, contacts);
        long behaviours = BenchInstance.scalar(database, "select count(*) from referral.behaviour where source_key like 'bench:%'");
        System.out.printf("seeded %,d contacts with %,d behaviours in %.1f s%n", contacts, behaviours, BenchInstance.seconds(seeding));

        List<String> settings = BenchInstance.settings("rescoring", 9, "--yutang.referral.profile-fetch-poll-interval=1h");
        BenchInstance a = BenchInstance.start("rescoring", "a", settings);
        BenchInstance b = BenchInstance.start("rescoring", "b", settings);
        a.awaitReady();
        b.awaitReady();
        awaitScored(database, contacts, version(database), Duration.ofMinutes(30));
        System.out.println("both instances ready; every contact scored under the rules in force");

        double two = rescore(database, a, contacts, 7);
        b.kill();
        double one = rescore(database, a, contacts, 9);
        a.kill();

        System.out.printf("%n| behaviours | contacts | instances | wall time (rules saved → every score stored) | contacts/s |%n"
                + "|---|---|---|---|---|%n");
        System.out.printf("| %,d | %,d | 2 | %.1f s | %,.0f |%n", behaviours, contacts, two, contacts / two);
        System.out.printf("| %,d | %,d | 1 | %.1f s | %,.0f |%n", behaviours, contacts, one, contacts / one);
        System.out.printf("two instances: %.2f× the speed of one%n", one / two);
        System.exit(0);
    }

    /** Saves rules whose follow is worth {@code followPoints} on {@code on}; emits the wall time until all are rescored. */
    private static double rescore(TestStores.Database database, BenchInstance on, int contacts, int followPoints) throws Exception {
        long saved = System.nanoTime();
        String rules = """
                {"rules":[{"behaviour":"FOLLOW","points":%d},
                          {"behaviour":"SCAN","points":1,"repeatable":true,"cap":3,"period":"P7D","halfLife":"P30D"},
                          {"behaviour":"REGISTRATION","points":10,"halfLife":"P90D"},
                          {"behaviour":"ATTENDANCE","points":15,"minSeconds":600,"halfLife":"P90D"},
                          {"behaviour":"ARTICLE_READ","points":3,"repeatable":true,"cap":5,"period":"P7D","minSeconds":30,"minPercent":50},
                          {"behaviour":"DOWNLOAD","points":10,"halfLife":"P90D"},
                          {"behaviour":"FORWARD","points":5,"repeatable":true,"cap":3,"period":"P7D"},
                          {"behaviour":"UNFOLLOW","points":-30,"repeatable":true}]}""".formatted(followPoints);
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + on.port() + "/api/scoring/rules"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        ("admin:" + TestAccount.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .PUT(HttpRequest.BodyPublishers.ofString(rules)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("rules refused: " + response.statusCode() + " " + response.body());
        }
        awaitScored(database, contacts, version(database), Duration.ofMinutes(30));
        return BenchInstance.seconds(saved);
    }

    private static int version(TestStores.Database database) throws SQLException {
        return (int) BenchInstance.scalar(database, "select coalesce(max(version), 1) from content.score_rules");
    }

    private static void awaitScored(TestStores.Database database, int contacts, int version, Duration patience) throws SQLException {
        BenchInstance.awaitCount(database, "select count(*) from content.score s join referral.contact c on c.id = s.contact_id"
                + " where c.openid like 'o-scored-%' and s.rule_version = " + version, contacts, patience);
    }

    /** The stored history: ten behaviours per contact over 90 days, and each contact due to be scored. */
    private static void seed(TestStores.Database database, int contacts) throws SQLException {
        try (Connection jdbc = DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
                Statement sql = jdbc.createStatement()) {
            jdbc.setAutoCommit(false);
            sql.execute("""
                    insert into referral.contact (app_id, openid, subscribed, subscribed_at, first_seen_at, last_seen_at)
                    select '%s', 'o-scored-' || i, true, now(), now(), now() from generate_series(1, %d) as i"""
                    .formatted(TestAccount.APP_ID, contacts));
            sql.execute("""
                    insert into referral.behaviour (contact_id, kind, ref, seconds, percent, occurred_at, source_key, recorded_at)
                    select c.id, (array['FOLLOW','SCAN','SCAN','REGISTRATION','ATTENDANCE','ARTICLE_READ','ARTICLE_READ',
                                        'DOWNLOAD','FORWARD','UNFOLLOW'])[n],
                           'thing:' || (c.id % 7), case when n in (5, 6, 7) then ((c.id * n) % 3600)::int end,
                           case when n in (6, 7) then ((c.id * n) % 101)::int end,
                           now() - make_interval(days => ((c.id + n * 13) % 90)::int), 'bench:' || c.id || ':' || n, now()
                      from referral.contact c cross join generate_series(1, 10) as n
                     where c.openid like 'o-scored-%'""");
            sql.execute("""
                    insert into referral.behaviour_change (contact_id, due_at)
                    select id, now() from referral.contact where openid like 'o-scored-%'""");
            jdbc.commit();
        }
    }
}
