package io.yutang.gateway.stores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.R2dbcException;
import io.yutang.gateway.PgBouncerInTransactionMode;
import io.yutang.gateway.ThroughPgBouncer;
import io.yutang.gateway.YutangIntegrationTest;
import io.yutang.gateway.signin.H5Visitor;
import io.yutang.referral.testing.TestStores;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The app with its PostgreSQL connections through PgBouncer in transaction mode: its statements
 * are unnamed, so any server connection PgBouncer hands a transaction can run them; Flyway went
 * straight to PostgreSQL. The journeys run through PgBouncer in the {@code *ThroughPgBouncerIntegrationTest}
 * classes; this one shows the traffic really passes PgBouncer, on no more server connections than
 * its pool has, and why the statements must be unnamed.
 */
@ThroughPgBouncer
@YutangIntegrationTest
class PgBouncerIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Autowired
    WebTestClient web;

    @Autowired
    Environment environment;

    @Test
    void theAppsTransactionsPassPgBouncerOnItsFewServerConnections() {
        PgBouncerInTransactionMode.Bouncer bouncer = PgBouncerInTransactionMode.running();
        assertThat(environment.getProperty("spring.r2dbc.url"))
                .isEqualTo("r2dbc:postgresql://127.0.0.1:" + bouncer.port() + "/" + TestStores.database().name()
                        + "?preparedStatementCacheQueries=0");
        long before = transactions(bouncer);

        String run = UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 10; i++) {
            String openid = "o-pgbouncer-" + run + "-" + i;
            String session = H5Visitor.signIn(web, openid);
            web.get().uri("/wechat/oauth/viewer").cookie("YUTANG_SESSION", session).exchange()
                    .expectStatus().isOk()
                    .expectBody().jsonPath("$.openid").isEqualTo(openid);
        }

        assertThat(transactions(bouncer) - before).as("transactions PgBouncer passed on for ten sign-ins").isGreaterThanOrEqualTo(10);
        Map<String, String> pool = pool(bouncer);
        assertThat(pool.get("pool_mode")).isEqualTo("transaction");
        long servers = Stream.of("sv_active", "sv_idle", "sv_used", "sv_tested", "sv_login")
                .mapToLong(column -> Long.parseLong(pool.get(column))).sum();
        assertThat(servers).as("server connections of the pool").isBetween(1L, (long) PgBouncerInTransactionMode.SERVER_POOL);
    }

    @Test
    void namedPreparedStatementsWouldCollideWhereUnnamedOnesDoNot() {
        PgBouncerInTransactionMode.Bouncer bouncer = PgBouncerInTransactionMode.running();
        String solo = "r2dbc:postgresql://" + TestStores.database().username() + "@127.0.0.1:" + bouncer.port() + "/"
                + PgBouncerInTransactionMode.SOLO;

        // The driver's default: each connection names its first statement S_0 and keeps it prepared on the
        // server it ran on. Two client connections taking turns on PgBouncer's one server connection collide.
        Throwable collision = catchThrowable(() -> takeTurns(ConnectionFactories.get(solo)));
        assertThat(collision).isInstanceOf(R2dbcException.class);
        assertThat(((R2dbcException) collision).getSqlState()).as("duplicate prepared statement").isEqualTo("42P05");

        // What the app runs with behind a transaction pooler: unnamed statements, parsed for each execution.
        assertThat(takeTurns(ConnectionFactories.get(solo + "?preparedStatementCacheQueries=0"))).containsExactly(2, 3, 4, 5);
    }

    /** Two connections run the same parameterised statement in turn, twice each; what they read. */
    private static List<Integer> takeTurns(ConnectionFactory factory) {
        Connection first = Mono.from(factory.create()).block(WAIT);
        Connection second = Mono.from(factory.create()).block(WAIT);
        try {
            return Flux.concat(plusOne(first, 1), plusOne(second, 2), plusOne(first, 3), plusOne(second, 4))
                    .collectList().block(WAIT);
        } finally {
            Mono.from(first.close()).block(WAIT);
            Mono.from(second.close()).block(WAIT);
        }
    }

    private static Flux<Integer> plusOne(Connection connection, int value) {
        return Flux.from(connection.createStatement("select $1::int + 1 as n").bind("$1", value).execute())
                .flatMap(result -> result.map((row, metadata) -> row.get("n", Integer.class)));
    }

    private static long transactions(PgBouncerInTransactionMode.Bouncer bouncer) {
        return bouncer.show("STATS").stream().filter(row -> TestStores.database().name().equals(row.get("database")))
                .mapToLong(row -> Long.parseLong(row.get("total_xact_count"))).sum();
    }

    private static Map<String, String> pool(PgBouncerInTransactionMode.Bouncer bouncer) {
        return bouncer.show("POOLS").stream().filter(row -> TestStores.database().name().equals(row.get("database")))
                .findFirst().orElseThrow(() -> new AssertionError("PgBouncer has no pool for the test database"));
    }
}
