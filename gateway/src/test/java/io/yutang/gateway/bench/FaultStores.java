package io.yutang.gateway.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.flywaydb.core.Flyway;
import redis.embedded.RedisServer;

/**
 * The fault suite's own PostgreSQL (the embedded binaries the project ships for tests) and Redis
 * (embedded-redis), each on a free port of its own, so the suite can stop and start them while
 * other tests use the machine's. PostgreSQL keeps its data directory across a stop; Redis keeps
 * nothing (as a Redis without persistence comes back empty).
 */
final class FaultStores implements AutoCloseable {

    private final Path pgData;
    private final int pgPort;
    private final int redisPort;
    private EmbeddedPostgres postgres;
    private RedisServer redis;

    FaultStores(Path dir) throws IOException {
        this.pgData = dir.resolve("pgdata");
        this.pgPort = BenchInstance.freePort();
        this.redisPort = BenchInstance.freePort();
        startPostgres();
        startRedis();
        for (String module : List.of("referral", "livestream", "content", "gateway")) {
            Flyway.configure().dataSource(jdbcUrl(), "postgres", "").schemas(module).defaultSchema(module)
                    .createSchemas(true).locations("classpath:db/migration/" + module).load().migrate();
        }
    }

    /** The form {@code yutang.database.url} takes. */
    String databaseUrl() {
        return "postgresql://127.0.0.1:" + pgPort + "/postgres";
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres";
    }

    String redisUrl() {
        return "redis://127.0.0.1:" + redisPort;
    }

    synchronized void startPostgres() throws IOException {
        postgres = EmbeddedPostgres.builder().setPort(pgPort).setDataDirectory(pgData).setCleanDataDirectory(false)
                .setRegisterShutdownHook(false).setServerConfig("max_connections", "60")
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(pgData.resolveSibling("postgres.log").toFile()))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(pgData.resolveSibling("postgres.log").toFile()))
                .setPGStartupWait(Duration.ofSeconds(60)).start();
    }

    /** A fast shutdown: the server ends its sessions and exits; the data stays. */
    synchronized void stopPostgres() throws IOException {
        postgres.close();
        postgres = null;
    }

    synchronized void startRedis() throws IOException {
        redis = RedisServer.newRedisServer().port(redisPort).bind("127.0.0.1")
                .setting("save \"\"").setting("appendonly no").build();
        redis.start();
    }

    synchronized void stopRedis() throws IOException {
        redis.stop();
        redis = null;
    }

    long scalar(String query) throws SQLException {
        try (Connection jdbc = DriverManager.getConnection(jdbcUrl(), "postgres", "");
                Statement sql = jdbc.createStatement(); ResultSet row = sql.executeQuery(query)) {
            row.next();
            return row.getLong(1);
        }
    }

    void execute(String statement) throws SQLException {
        try (Connection jdbc = DriverManager.getConnection(jdbcUrl(), "postgres", "");
                Statement sql = jdbc.createStatement()) {
            sql.execute(statement);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (redis != null) {
            stopRedis();
        }
        if (postgres != null) {
            stopPostgres();
        }
        // The logs stay beside it; the data directory (~100 MB) goes.
        org.springframework.util.FileSystemUtils.deleteRecursively(pgData);
    }
}
