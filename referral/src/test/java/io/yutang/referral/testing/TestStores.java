package io.yutang.referral.testing;

import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.springframework.r2dbc.core.DatabaseClient;
import redis.embedded.RedisServer;

/**
 * The real PostgreSQL and Redis every test uses: the machine's (127.0.0.1:5432 and :6379) when
 * they answer, embedded real servers otherwise. Each test JVM works in a fresh database of its
 * own, dropped when the JVM exits, and under a Redis key prefix of its own, so runs never see
 * each other's data or leftovers.
 */
public final class TestStores {

    private static final String RUN = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private static Database database;
    private static Redis redis;

    private TestStores() {
    }

    /** Where the test database is; created on first use. */
    public static synchronized Database database() {
        if (database == null) {
            database = createDatabase();
        }
        return database;
    }

    /** A client of the test database, one connection a statement (no pool). */
    public static DatabaseClient databaseClient() {
        Database db = database();
        return DatabaseClient.create(ConnectionFactories.get(ConnectionFactoryOptions.parse(db.r2dbcUrl())
                .mutate().option(ConnectionFactoryOptions.USER, db.username()).build()));
    }

    /** Where the test Redis is; started on first use when the machine has none. */
    public static synchronized Redis redis() {
        if (redis == null) {
            redis = answersPing("127.0.0.1", 6379) ? new Redis("127.0.0.1", 6379) : startRedis();
        }
        return redis;
    }

    /** The prefix under which this test JVM keeps all its Redis keys. */
    public static String redisKeyPrefix() {
        return "yutang-test-" + RUN + ":";
    }

    /** Applies a module's migrations to its schema in the test database. */
    public static void migrate(String module) {
        Database db = database();
        Flyway.configure()
                .dataSource(db.jdbcUrl(), db.username(), db.password())
                .schemas(module)
                .defaultSchema(module)
                .createSchemas(true)
                .locations("classpath:db/migration/" + module)
                .load()
                .migrate();
    }

    private static Database createDatabase() {
        Database admin = reachable("127.0.0.1", 5432)
                ? new Database("127.0.0.1", 5432, "postgres", "postgres", "")
                : startPostgres();
        String name = "yutang_test_" + RUN;
        execute(admin, "create database " + name);
        Runtime.getRuntime().addShutdownHook(new Thread(
                () -> execute(admin, "drop database if exists " + name + " with (force)"),
                "drop-test-database"));
        return new Database(admin.host(), admin.port(), name, admin.username(), admin.password());
    }

    private static void execute(Database on, String sql) {
        try (Connection connection = DriverManager.getConnection(on.jdbcUrl(), on.username(), on.password());
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Test database statement failed: " + sql, e);
        }
    }

    private static Database startPostgres() {
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().setPort(freePort()).start();
            return new Database("127.0.0.1", postgres.getPort(), "postgres", "postgres", "");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start an embedded PostgreSQL for tests", e);
        }
    }

    private static Redis startRedis() {
        try {
            int port = freePort();
            RedisServer server = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
                    .setting("save \"\"").setting("appendonly no").build();
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.stop();
                } catch (IOException ignored) {
                    // the JVM is exiting; the process dies with it
                }
            }, "stop-test-redis"));
            return new Redis("127.0.0.1", port);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start an embedded Redis for tests", e);
        }
    }

    private static boolean reachable(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean answersPing(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 300);
            socket.setSoTimeout(500);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = in.readNBytes(5);
            return "+PONG".equals(new String(reply, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A PostgreSQL database's coordinates. */
    public record Database(String host, int port, String name, String username, String password) {

        public String jdbcUrl() {
            return "jdbc:postgresql://" + host + ":" + port + "/" + name;
        }

        public String r2dbcUrl() {
            return "r2dbc:postgresql://" + host + ":" + port + "/" + name;
        }

        /** The form {@code YUTANG_DATABASE_URL} takes. */
        public String url() {
            return "postgresql://" + host + ":" + port + "/" + name;
        }
    }

    /** A Redis server's coordinates. */
    public record Redis(String host, int port) {

        /** The form {@code YUTANG_REDIS_URL} takes. */
        public String url() {
            return "redis://" + host + ":" + port;
        }
    }
}
