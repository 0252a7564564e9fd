package io.yutang.gateway;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.test.context.TestPropertySource;

/**
 * Runs a {@link YutangIntegrationTest} class's journeys with the app's PostgreSQL connections going
 * through PgBouncer in transaction mode ({@link PgBouncerInTransactionMode}), configured as an
 * operator would: {@code YUTANG_DATABASE_URL} at PgBouncer, {@code YUTANG_DATABASE_TRANSACTION_POOLER=true},
 * and {@code YUTANG_DATABASE_MIGRATION_URL} straight at PostgreSQL for Flyway.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(PgBouncerInTransactionMode.class)
@TestPropertySource(properties = {
        "yutang.database.url=${" + PgBouncerInTransactionMode.URL_PROPERTY + "}",
        "yutang.database.migration-url=${" + PgBouncerInTransactionMode.DIRECT_URL_PROPERTY + "}",
        "yutang.database.transaction-pooler=true"})
public @interface ThroughPgBouncer {
}
