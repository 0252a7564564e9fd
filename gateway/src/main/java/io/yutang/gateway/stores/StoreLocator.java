package io.yutang.gateway.stores;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.apache.commons.logging.Log;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Decides, before any bean exists, which PostgreSQL and Redis the app talks to: the ones named
 * by {@code YUTANG_DATABASE_URL} / {@code YUTANG_REDIS_URL}, or embedded real servers whose data
 * lives under {@code YUTANG_DATA_DIR} (default {@code ~/.yutang}). It then sets Spring's R2DBC,
 * Redis and migration properties from that one decision. {@code YUTANG_REDIS_URL} names one Redis
 * ({@code redis://}) or the seed nodes of a Redis Cluster ({@code redis-cluster://h1:p1,h2:p2,h3:p3}).
 */
public class StoreLocator implements EnvironmentPostProcessor {

    private final Log log;

    /** Boot hands in a log that prints once logging is configured. */
    public StoreLocator(DeferredLogFactory logs) {
        this.log = logs.getLog(StoreLocator.class);
    }

    static final String JDBC_URL = "yutang.stores.jdbc-url";
    static final String JDBC_USERNAME = "yutang.stores.jdbc-username";
    static final String JDBC_PASSWORD = "yutang.stores.jdbc-password";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.getPropertySources().contains("yutangStores")) {
            return;
        }
        String prefix = environment.getProperty("yutang.redis.key-prefix", "yutang:");
        if (prefix.contains("{") || prefix.contains("}")) {
            // Keys that must share a Redis Cluster slot carry a {hash tag} after the prefix; braces in the prefix would be the tag.
            throw new IllegalArgumentException("YUTANG_REDIS_KEY_PREFIX must not contain { or }");
        }
        Path dataDirectory = Path.of(environment.getProperty("yutang.data-dir",
                System.getProperty("user.home") + "/.yutang"));
        EmbeddedStores embedded = new EmbeddedStores(log);
        application.addListeners(event -> {
            if (event instanceof ContextClosedEvent) {
                embedded.close();
            }
        });
        DatabaseCoordinates database = database(environment, dataDirectory, embedded);
        RedisCoordinates redis = redis(environment, dataDirectory, embedded);

        Map<String, Object> properties = new LinkedHashMap<>();
        boolean transactionPooler = Boolean.parseBoolean(environment.getProperty("yutang.database.transaction-pooler", "false"));
        // Behind PgBouncer in transaction mode each transaction may get another server connection, so a
        // statement prepared under a name on one is unknown on the next: unnamed statements only.
        properties.put("spring.r2dbc.url", transactionPooler ? database.r2dbcUrl() + "?preparedStatementCacheQueries=0"
                : database.r2dbcUrl());
        properties.put("spring.r2dbc.username", database.username());
        properties.put("spring.r2dbc.password", database.password());
        // Flyway holds a session-level advisory lock while it migrates: it goes straight to PostgreSQL when told where.
        DatabaseCoordinates migrations = migrations(environment, database);
        properties.put(JDBC_URL, migrations.jdbcUrl());
        properties.put(JDBC_USERNAME, migrations.username());
        properties.put(JDBC_PASSWORD, migrations.password());
        if (redis.cluster()) {
            properties.put("spring.data.redis.cluster.nodes", String.join(",", redis.nodes()));
            // Follow failovers and resharding: a MOVED/ASK or a lost node refreshes the slot map at once.
            properties.put("spring.data.redis.lettuce.cluster.refresh.adaptive", true);
            properties.put("spring.data.redis.lettuce.cluster.refresh.period", "30s");
        } else {
            properties.put("spring.data.redis.host", redis.host());
            properties.put("spring.data.redis.port", redis.port());
            properties.put("spring.data.redis.database", redis.database());
        }
        if (!redis.password().isEmpty()) {
            properties.put("spring.data.redis.password", redis.password());
        }
        properties.put("yutang.stores.summary", database + (transactionPooler ? " (through a transaction pooler)" : "")
                + " and " + redis);
        environment.getPropertySources().addFirst(new MapPropertySource("yutangStores", properties));
    }

    private static DatabaseCoordinates database(ConfigurableEnvironment environment, Path dataDirectory,
            EmbeddedStores embedded) {
        String url = environment.getProperty("yutang.database.url");
        if (url == null || url.isBlank()) {
            return embedded.postgres(dataDirectory.resolve("postgres"));
        }
        return DatabaseCoordinates.parse(url,
                environment.getProperty("yutang.database.username", "postgres"),
                environment.getProperty("yutang.database.password", ""));
    }

    private static DatabaseCoordinates migrations(ConfigurableEnvironment environment, DatabaseCoordinates database) {
        String url = environment.getProperty("yutang.database.migration-url");
        if (url == null || url.isBlank()) {
            return database;
        }
        return DatabaseCoordinates.parse(url, database.username(), database.password());
    }

    private static RedisCoordinates redis(ConfigurableEnvironment environment, Path dataDirectory,
            EmbeddedStores embedded) {
        String url = environment.getProperty("yutang.redis.url");
        if (url == null || url.isBlank()) {
            return embedded.redis(dataDirectory.resolve("redis"));
        }
        return RedisCoordinates.parse(url);
    }
}
