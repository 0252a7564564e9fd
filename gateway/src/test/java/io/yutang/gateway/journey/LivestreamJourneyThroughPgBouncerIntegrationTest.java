package io.yutang.gateway.journey;

import io.yutang.gateway.ThroughPgBouncer;

/** {@link LivestreamJourneyIntegrationTest} again, with the app's PostgreSQL connections through PgBouncer in transaction mode: registrations in transactions, the waitlist race, reminders claimed with FOR UPDATE SKIP LOCKED. */
@ThroughPgBouncer
class LivestreamJourneyThroughPgBouncerIntegrationTest extends LivestreamJourneyIntegrationTest {
}
