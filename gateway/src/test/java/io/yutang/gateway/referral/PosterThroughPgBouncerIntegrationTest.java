package io.yutang.gateway.referral;

import io.yutang.gateway.ThroughPgBouncer;

/** {@link PosterIntegrationTest} again, with the app's PostgreSQL connections through PgBouncer in transaction mode: template versions numbered under a transaction-scoped advisory lock. */
@ThroughPgBouncer
class PosterThroughPgBouncerIntegrationTest extends PosterIntegrationTest {
}
