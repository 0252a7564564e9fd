package io.yutang.gateway.callback;

import io.yutang.gateway.ThroughPgBouncer;

/** {@link CallbackIntegrationTest} again, with the app's PostgreSQL connections through PgBouncer in transaction mode: events stored once under concurrent retries (unique keys, transactions) and the work queue's FOR UPDATE SKIP LOCKED. */
@ThroughPgBouncer
class CallbackThroughPgBouncerIntegrationTest extends CallbackIntegrationTest {
}
