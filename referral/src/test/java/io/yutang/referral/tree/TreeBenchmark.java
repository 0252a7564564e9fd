package io.yutang.referral.tree;

import io.yutang.referral.ReferralProperties;
import io.yutang.referral.campaign.CampaignStore;
import io.yutang.referral.campaign.CampaignWelcomes;
import io.yutang.referral.tree.ReferralTree;
import io.yutang.referral.tree.Subtree;

import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.yutang.referral.testing.TestStores;
import java.io.StringReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.util.unit.DataSize;

/**
 * The referral tree at scale: a synthetic campaign of 1,000,000 contacts under 200 reps, depth up
 * to 12 (each newcomer is brought in by a random earlier contact, or by a rep when that would go
 * deeper than 12). Measures a rep's subtree stats, a prospect's branch and the streamed export's
 * time and heap. Run:
 * {@code ./mvnw -q -pl referral test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.yutang.referral.TreeBenchmark}
 * (optional {@code -Dcontacts=…}).
 */
public final class TreeBenchmark {

    private static final int REPS = 200;
    private static final int MAX_DEPTH = 12;

    private TreeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int contacts = Integer.getInteger("contacts", 1_000_000);
        TestStores.migrate("referral");
        TestStores.Database database = TestStores.database();
        long loadStarted = System.nanoTime();
        long campaign = load(database, contacts);
        System.out.printf("loaded %,d contacts in %.1f s%n", contacts, (System.nanoTime() - loadStarted) / 1e9);

        // A pooled connection factory, as the app has: the query is measured, not connection set-up.
        DatabaseClient db = DatabaseClient.create(ConnectionFactories.get(ConnectionFactoryOptions
                .parse(database.r2dbcUrl().replaceFirst("^r2dbc:", "r2dbc:pool:"))
                .mutate().option(ConnectionFactoryOptions.USER, database.username()).build()));
        ReferralProperties properties = new ReferralProperties(URI.create("http://localhost:8080"), Duration.ofDays(30),
                Duration.ofDays(7), Duration.ofSeconds(2), 8, Duration.ofSeconds(4), 4, Duration.ofMinutes(1), Duration.ofMinutes(5),
                Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(2), DataSize.ofMegabytes(1),
                Duration.ofDays(1), List.of("thirdwx.qlogo.cn"));
        ReferralTree tree = new ReferralTree(db, new CampaignStore(db, properties, Clock.systemUTC(), new CampaignWelcomes(db)),
                tools.jackson.databind.json.JsonMapper.builder().build());

        List<Long> reps = db.sql("select id from referral.sharer where kind = 'EMPLOYEE' order by id")
                .map(row -> row.get("id", Long.class)).all().collectList().block();
        for (int i = 0; i < 50; i++) {
            tree.subtreeOfSharer(campaign, reps.get(i % reps.size())).block();
        }
        double[] repTimes = new double[reps.size()];
        long biggest = 0;
        for (int i = 0; i < reps.size(); i++) {
            long started = System.nanoTime();
            Subtree subtree = tree.subtreeOfSharer(campaign, reps.get(i)).block();
            repTimes[i] = (System.nanoTime() - started) / 1e6;
            biggest = Math.max(biggest, subtree.total());
        }
        report("rep subtree (per-depth counts)", repTimes);
        System.out.printf("  largest rep subtree: %,d contacts%n", biggest);

        List<Long> branchRoots = db.sql("""
                        select parent_contact_id as id from referral.tree_edge
                         where campaign_id = :c and parent_contact_id is not null and depth = 2
                         group by parent_contact_id order by count(*) desc limit 100""")
                .bind("c", campaign).map(row -> row.get("id", Long.class)).all().collectList().block();
        List<Long> prospectSharers = new ArrayList<>();
        for (Long contact : branchRoots) {
            prospectSharers.add(db.sql("""
                            insert into referral.sharer (kind, external_id, name, contact_id, created_at, updated_at)
                            values ('PROSPECT', 'contact:' || :c, 'p', :c, now(), now()) returning id""")
                    .bind("c", contact).map(row -> row.get("id", Long.class)).one().block());
        }
        double[] branchTimes = new double[prospectSharers.size()];
        for (int i = 0; i < prospectSharers.size(); i++) {
            long started = System.nanoTime();
            tree.subtreeOfSharer(campaign, prospectSharers.get(i)).block();
            branchTimes[i] = (System.nanoTime() - started) / 1e6;
        }
        report("prospect branch (depth-2 sharers, GIN on path)", branchTimes);

        exportRun(tree, campaign, "export CSV, whole tree");
    }

    private static void exportRun(ReferralTree tree, long campaign, String label) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long baseline = memory.getHeapMemoryUsage().getUsed();
        List<String> live = new ArrayList<>();
        AtomicLong bytes = new AtomicLong();
        AtomicLong lines = new AtomicLong();
        long started = System.nanoTime();
        tree.exportCsv(campaign)
                .doOnNext(line -> {
                    bytes.addAndGet(line.length());
                    if (lines.incrementAndGet() % 200_000 == 0) {
                        // Live heap mid-stream (after a collection): flat if it does not grow with the lines read.
                        System.gc();
                        live.add(lines.get() / 1000 + "k: " + memory.getHeapMemoryUsage().getUsed() / 1_000_000 + " MB");
                    }
                })
                .blockLast();
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("%s: %,d lines, %,d MB in %.1f s (%.0f lines/s, including %d forced GCs)%n"
                        + "  live heap before %d MB, during the stream %s%n",
                label, lines.get(), bytes.get() / 1_000_000, seconds, lines.get() / seconds, live.size(),
                baseline / 1_000_000, live);
    }

    private static void report(String label, double[] millis) {
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        System.out.printf("%s over %d calls: p50 %.1f ms, p95 %.1f ms, max %.1f ms%n", label, sorted.length,
                sorted[sorted.length / 2], sorted[(int) Math.floor(sorted.length * 0.95) - 1 < 0 ? 0 : (int) Math.floor(sorted.length * 0.95) - 1],
                sorted[sorted.length - 1]);
    }

    /** Loads the synthetic campaign with COPY; returns its id. */
    private static long load(TestStores.Database database, int contacts) throws Exception {
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
                Statement statement = connection.createStatement()) {
            statement.execute("set search_path to referral");
            var rs = statement.executeQuery("""
                    insert into campaign (name, target_kind, starts_at, attribution_model, attribution_window_seconds,
                        clawback_seconds, created_at, updated_at)
                    values ('bench', 'FOLLOW', now() - interval '30 days', 'LAST_TOUCH', 2592000, 604800, now(), now())
                    returning id""");
            rs.next();
            long campaign = rs.getLong(1);
            statement.execute("""
                    insert into sharer (kind, external_id, name, department, created_at, updated_at)
                    select 'EMPLOYEE', 'bench-' || g, '销售' || g, '大区' || (g %% 10), now(), now() from generate_series(1, %d) g"""
                    .formatted(REPS));
            rs = statement.executeQuery("select min(id) from sharer where external_id like 'bench-%'");
            rs.next();
            long firstRep = rs.getLong(1);
            statement.execute("select setval(pg_get_serial_sequence('contact', 'id'), 1, false)");
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();

            StringBuilder contactRows = new StringBuilder();
            for (int i = 1; i <= contacts; i++) {
                contactRows.append("wxbench\to").append(i).append("\t2026-11-01 00:00:00+00\t2026-11-01 00:00:00+00\n");
                if (i % 100_000 == 0 || i == contacts) {
                    copy.copyIn("copy contact (app_id, openid, first_seen_at, last_seen_at) from stdin", new StringReader(contactRows.toString()));
                    contactRows.setLength(0);
                }
            }
            rs = statement.executeQuery("select min(id) from contact where app_id = 'wxbench'");
            rs.next();
            long firstContact = rs.getLong(1);

            StringBuilder touchRows = new StringBuilder();
            for (int i = 0; i < contacts; i++) {
                touchRows.append(campaign).append('\t').append(firstContact + i).append("\tQR_FOLLOW\tf\tbench:").append(i)
                        .append("\t2026-11-01 00:00:00+00\n");
                if ((i + 1) % 100_000 == 0 || i == contacts - 1) {
                    copy.copyIn("copy touch (campaign_id, contact_id, channel, self_referral, source_key, occurred_at) from stdin",
                            new StringReader(touchRows.toString()));
                    touchRows.setLength(0);
                }
            }
            rs = statement.executeQuery("select min(id) from touch where source_key like 'bench:%'");
            rs.next();
            long firstTouch = rs.getLong(1);

            SplittableRandom random = new SplittableRandom(42);
            int[] parent = new int[contacts];
            int[] depth = new int[contacts];
            int[] advocate = new int[contacts];
            StringBuilder edgeRows = new StringBuilder();
            for (int i = 0; i < contacts; i++) {
                int candidate = i < REPS * 10 ? -1 : random.nextInt(i);
                if (candidate >= 0 && depth[candidate] >= MAX_DEPTH) {
                    candidate = -1;
                }
                parent[i] = candidate;
                depth[i] = candidate < 0 ? 1 : depth[candidate] + 1;
                advocate[i] = candidate < 0 ? random.nextInt(REPS) : advocate[candidate];
                long advocateId = firstRep + advocate[i];
                edgeRows.append(campaign).append('\t').append(firstContact + i).append('\t')
                        .append(candidate < 0 ? "\\N" : String.valueOf(firstContact + candidate)).append('\t')
                        .append(advocateId).append('\t').append(advocateId).append('\t').append(depth[i]).append('\t')
                        .append('{');
                List<Long> path = new ArrayList<>();
                for (int p = candidate; p >= 0; p = parent[p]) {
                    path.add(0, firstContact + p);
                }
                for (int k = 0; k < path.size(); k++) {
                    edgeRows.append(k == 0 ? "" : ",").append(path.get(k));
                }
                edgeRows.append("}\tQR_FOLLOW\t").append(firstTouch + i).append("\t2026-11-01 00:00:00+00\n");
                if ((i + 1) % 100_000 == 0 || i == contacts - 1) {
                    copy.copyIn("""
                            copy tree_edge (campaign_id, contact_id, parent_contact_id, referrer_sharer_id, advocate_sharer_id,
                                            depth, path, channel, touch_id, created_at) from stdin""", new StringReader(edgeRows.toString()));
                    edgeRows.setLength(0);
                }
            }
            int deepest = Arrays.stream(depth).max().orElse(0);
            System.out.printf("tree: %,d contacts, %d reps, depth up to %d%n", contacts, REPS, deepest);
            statement.execute("vacuum analyze contact");
            statement.execute("vacuum analyze touch");
            statement.execute("vacuum analyze tree_edge");
            statement.execute("vacuum analyze sharer");
            return campaign;
        }
    }
}
