package io.yutang.gateway.integration;

import io.yutang.gateway.ThroughPgBouncer;

/** {@link IntegrationApiIntegrationTest} again, with the app's PostgreSQL connections through PgBouncer in transaction mode: the change feed's snapshot functions (pg_current_snapshot) within one statement. */
@ThroughPgBouncer
class IntegrationApiThroughPgBouncerIntegrationTest extends IntegrationApiIntegrationTest {
}
