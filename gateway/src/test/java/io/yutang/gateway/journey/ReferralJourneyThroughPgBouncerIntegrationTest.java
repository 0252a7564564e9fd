package io.yutang.gateway.journey;

import io.yutang.gateway.ThroughPgBouncer;

/** {@link ReferralJourneyIntegrationTest} again, with the app's PostgreSQL connections through PgBouncer in transaction mode: credits at every depth in transactions, the boards rebuilt from PostgreSQL. */
@ThroughPgBouncer
class ReferralJourneyThroughPgBouncerIntegrationTest extends ReferralJourneyIntegrationTest {
}
