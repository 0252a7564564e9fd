package io.yutang.gateway.stores;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.commons.logging.Log;
import org.springframework.util.ClassUtils;
import redis.embedded.RedisServer;

/**
 * Real PostgreSQL and Redis servers started inside the app's process tree when no URL is
 * configured. Their data lives under a directory that survives restarts; the servers stop when
 * the application context closes (or, at the latest, when the JVM exits).
 */
final class EmbeddedStores implements AutoCloseable {

    private static final String DATABASE = "yutang";
    private final List<AutoCloseable> running = new CopyOnWriteArrayList<>();
    private final Log log;

    EmbeddedStores(Log log) {
        this.log = log;
    }

    DatabaseCoordinates postgres(Path dataDirectory) {
        requireBundled("io.zonky.test.db.postgres.embedded.EmbeddedPostgres", "PostgreSQL", "YUTANG_DATABASE_URL");
        Path directory = dataDirectory.toAbsolutePath();
        try {
            Files.createDirectories(directory);
            long started = System.nanoTime();
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(false)
                    .setPort(freePort())
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setRegisterShutdownHook(true)
                    .start();
            running.add(postgres);
            createDatabaseIfMissing(postgres.getJdbcUrl("postgres", "postgres"));
            log.info("Embedded PostgreSQL on 127.0.0.1:%d with data in %s (started in %d ms)".formatted(
                    postgres.getPort(), directory, (System.nanoTime() - started) / 1_000_000));
            return new DatabaseCoordinates("127.0.0.1", postgres.getPort(), DATABASE, "postgres", "");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + directory, e);
        }
    }

    private static void createDatabaseIfMissing(String adminJdbcUrl) {
        try (Connection connection = DriverManager.getConnection(adminJdbcUrl);
                PreparedStatement exists = connection.prepareStatement(
                        "select 1 from pg_database where datname = ?")) {
            exists.setString(1, DATABASE);
            try (ResultSet rows = exists.executeQuery()) {
                if (!rows.next()) {
                    try (Statement create = connection.createStatement()) {
                        create.execute("create database " + DATABASE);
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create the embedded database " + DATABASE, e);
        }
    }

    RedisCoordinates redis(Path dataDirectory) {
        requireBundled("redis.embedded.RedisServer", "Redis", "YUTANG_REDIS_URL");
        Path directory = dataDirectory.toAbsolutePath();
        try {
            Files.createDirectories(directory);
            int port = freePort();
            RedisServer redis = RedisServer.newRedisServer()
                    .port(port)
                    .bind("127.0.0.1")
                    .setting("dir " + directory)
                    .setting("appendonly yes")
                    .setting("save 60 1")
                    .build();
            redis.start();
            running.add(redis::stop);
            Runtime.getRuntime().addShutdownHook(new Thread(this::close, "embedded-stores-stop"));
            log.info("Embedded Redis on 127.0.0.1:%d with data in %s".formatted(port, directory));
            return new RedisCoordinates("127.0.0.1", port, 0, "");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded Redis in " + directory, e);
        }
    }

    /** Stops every server this instance started; safe to call more than once. */
    @Override
    public void close() {
        for (AutoCloseable server : running) {
            try {
                server.close();
            } catch (Exception e) {
                log.warn("An embedded store did not stop cleanly", e);
            }
            running.remove(server);
        }
    }

    /** The production jar (built with {@code -Pproduction}, as the Docker image is) carries no embedded stores. */
    private static void requireBundled(String className, String store, String variable) {
        if (!ClassUtils.isPresent(className, EmbeddedStores.class.getClassLoader())) {
            throw new IllegalStateException("This build of yutang carries no embedded " + store + " (it is the production jar):"
                    + " set " + variable + " to the " + store + " it should use");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
