package io.yutang.gateway.stores;

import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Runs each module's own Flyway migrations into the module's own schema, with the history kept
 * in that schema, before the app accepts traffic. JDBC is used here and nowhere on a request path.
 */
@Component
class ModuleMigrations implements InitializingBean {

    /** Modules in dependency order; each keeps its scripts under {@code db/migration/<module>}. */
    static final List<String> MODULES = List.of("referral", "livestream", "content", "gateway");

    private static final Logger log = LoggerFactory.getLogger(ModuleMigrations.class);

    private final String url;
    private final String username;
    private final String password;

    ModuleMigrations(@Value("${" + StoreLocator.JDBC_URL + "}") String url,
            @Value("${" + StoreLocator.JDBC_USERNAME + "}") String username,
            @Value("${" + StoreLocator.JDBC_PASSWORD + ":}") String password) {
        this.url = url;
        this.username = username;
        this.password = password;
    }

    @Override
    public void afterPropertiesSet() {
        for (String module : MODULES) {
            MigrateResult result = Flyway.configure()
                    .dataSource(url, username, password)
                    .schemas(module)
                    .defaultSchema(module)
                    .createSchemas(true)
                    .locations("classpath:db/migration/" + module)
                    .failOnMissingLocations(false)
                    .load()
                    .migrate();
            log.info("Schema {} at version {} ({} migrations applied)", module,
                    result.targetSchemaVersion == null ? "unchanged" : result.targetSchemaVersion,
                    result.migrationsExecuted);
        }
    }
}
