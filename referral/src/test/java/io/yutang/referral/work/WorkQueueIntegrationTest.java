package io.yutang.referral.work;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.yutang.referral.testing.TestClock;
import io.yutang.referral.testing.TestStores;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The durable-work mechanism on a queue table of its own in a real PostgreSQL. */
class WorkQueueIntegrationTest {

    static final Duration LEASE = Duration.ofSeconds(30);
    static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(5), 2, Duration.ofMinutes(10), 3);
    static DatabaseClient db;

    final TestClock clock = new TestClock(Instant.parse("2026-12-01T02:00:00Z"));
    WorkQueue<WorkState> queue;

    @BeforeAll
    static void aQueueTable() {
        TestStores.migrate("referral");
        db = TestStores.databaseClient();
        db.sql("""
                        create table if not exists referral.work_test_item (
                            id bigint generated always as identity primary key,
                            state text not null default 'PENDING',
                            due_at timestamptz not null,
                            leased_until timestamptz,
                            attempts int not null default 0,
                            fence bigint not null default 0,
                            reason text,
                            outcome text)""").then().block();
    }

    @BeforeEach
    void anEmptyQueue() {
        db.sql("truncate referral.work_test_item").then().block();
        queue = new WorkQueue<>(db, QueueTable.of("referral.work_test_item", "id"), clock);
    }

    @Test
    void twoClaimersNeverGetTheSameItem() {
        add(500, clock.instant());

        List<Claim> first = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Claim> second = new java.util.concurrent.CopyOnWriteArrayList<>();
        Mono.when(drain(first), drain(second)).block(Duration.ofSeconds(30));

        Set<Long> ids = new HashSet<>();
        first.forEach(claim -> ids.add(claim.id()));
        second.forEach(claim -> assertThat(ids.add(claim.id())).as("item %d claimed twice", claim.id()).isTrue());
        assertThat(ids).hasSize(500);
        assertThat(count("state = 'LEASED'")).isEqualTo(500);
    }

    private Mono<Void> drain(List<Claim> into) {
        return queue.claim(clock.instant(), 20, LEASE).collectList()
                .expand(batch -> batch.isEmpty() ? Mono.empty() : queue.claim(clock.instant(), 20, LEASE).collectList())
                .doOnNext(into::addAll)
                .then();
    }

    @Test
    void anItemNotYetDueIsNotClaimed() {
        add(1, clock.instant().plusSeconds(60));

        assertThat(queue.claim(clock.instant(), 10, LEASE).collectList().block()).isEmpty();
    }

    @Test
    void aStaleFenceChangesNothing() {
        add(1, clock.instant());
        Claim stale = queue.claim(clock.instant(), 10, LEASE).blockFirst();

        clock.advance(LEASE.plusSeconds(1));
        Claim takenOver = queue.claim(clock.instant(), 10, LEASE).blockFirst();
        assertThat(takenOver.recovered()).as("taken over when the lease ran out").isTrue();
        assertThat(takenOver.fence()).isGreaterThan(stale.fence());

        assertThat(queue.renew(stale, LEASE).block()).isFalse();
        assertThat(queue.finish(stale, WorkState.DONE, null, Column.of("outcome", "stale")).block()).isFalse();
        queue.retry(stale, "stale", BACKOFF).block();
        queue.giveUp(stale, "stale").block();
        queue.finishAll(List.of(stale), WorkState.DONE).block();
        assertThat(count("state = 'LEASED' and outcome is null and reason is null")).isEqualTo(1);

        assertThat(queue.renew(takenOver, LEASE).block()).isTrue();
        assertThat(queue.finish(takenOver, WorkState.DONE, null, Column.of("outcome", "current")).block()).isTrue();
        assertThat(count("state = 'DONE' and outcome = 'current'")).isEqualTo(1);
    }

    @Test
    void aFailedItemIsRetriedAfterTheBackoffAndCountsItsAttempts() {
        add(1, clock.instant());
        Claim first = queue.claim(clock.instant(), 10, LEASE).blockFirst();
        assertThat(queue.retry(first, "IllegalStateException: busy", BACKOFF).block()).isTrue();
        assertThat(count("state = 'PENDING' and reason = 'IllegalStateException: busy'")).isEqualTo(1);

        clock.advance(Duration.ofSeconds(4));
        assertThat(queue.claim(clock.instant(), 10, LEASE).collectList().block()).as("5 s after the first attempt").isEmpty();
        clock.advance(Duration.ofSeconds(1));
        Claim second = queue.claim(clock.instant(), 10, LEASE).blockFirst();
        assertThat(second.attempts()).isEqualTo(2);
        assertThat(second.recovered()).isFalse();

        queue.retry(second, "busy again", BACKOFF).block();
        clock.advance(Duration.ofSeconds(9));
        assertThat(queue.claim(clock.instant(), 10, LEASE).collectList().block()).as("10 s after the second").isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(queue.claim(clock.instant(), 10, LEASE).blockFirst().attempts()).isEqualTo(3);
    }

    @Test
    void givingUpRecordsTheReason() {
        add(1, clock.instant());
        Claim claim = null;
        for (int attempt = 1; attempt <= BACKOFF.attempts(); attempt++) {
            claim = queue.claim(clock.instant(), 10, LEASE).blockFirst();
            queue.retry(claim, "TimeoutException: no answer", BACKOFF).block();
            clock.advance(Duration.ofMinutes(10));
        }

        assertThat(claim.attempts()).isEqualTo(3);
        assertThat(reasons("FAILED")).containsExactly("gave up after 3 attempts: TimeoutException: no answer");
        assertThat(queue.claim(clock.instant(), 10, LEASE).collectList().block()).isEmpty();

        add(1, clock.instant());
        queue.giveUp(queue.claim(clock.instant(), 10, LEASE).blockFirst(), "no such user").block();
        assertThat(reasons("FAILED")).contains("no such user");
    }

    @Test
    void manyItemsAreFinishedInOneStatement() {
        add(30, clock.instant());
        List<Claim> claims = queue.claim(clock.instant(), 30, LEASE).collectList().block();

        queue.finishAll(claims, WorkState.DONE, Column.of("outcome", "batched")).block();

        assertThat(count("state = 'DONE' and outcome = 'batched' and leased_until is null")).isEqualTo(30);
    }

    @Test
    void postponedItemsComeBackAtTheirNewTimeWithoutSpendingAnAttempt() {
        add(3, clock.instant());
        List<Claim> claims = queue.claim(clock.instant(), 10, LEASE).collectList().block();

        queue.postponeAll(claims, clock.instant().plusSeconds(60), "paused: errcode 45009").block();

        assertThat(count("state = 'PENDING' and attempts = 0 and reason = 'paused: errcode 45009'")).isEqualTo(3);
        clock.advance(Duration.ofSeconds(59));
        assertThat(queue.claim(clock.instant(), 10, LEASE).collectList().block()).as("before the new time").isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(queue.claim(clock.instant(), 10, LEASE).collectList().block())
                .hasSize(3).allSatisfy(claim -> assertThat(claim.attempts()).isEqualTo(1));
    }

    @Test
    void metricsShowDueInFlightAndFailed() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        WorkMetrics metrics = new WorkMetrics(List.of(queue), registry, clock);
        add(5, clock.instant().minusSeconds(90));
        add(2, clock.instant().plusSeconds(60));
        List<Claim> claimed = queue.claim(clock.instant(), 2, LEASE).collectList().block();
        queue.giveUp(claimed.get(0), "broken").block();

        metrics.refresh().block();

        assertThat(gauge(registry, "yutang.work.due")).as("five due, two claimed").isEqualTo(3);
        assertThat(gauge(registry, "yutang.work.in.flight")).isEqualTo(1);
        assertThat(gauge(registry, "yutang.work.failed")).isEqualTo(1);
        assertThat(gauge(registry, "yutang.work.oldest.due.age")).isEqualTo(90);
    }

    private static double gauge(SimpleMeterRegistry registry, String name) {
        return registry.get(name).tag("queue", "referral.work_test_item").gauge().value();
    }

    private void add(int items, Instant due) {
        db.sql("insert into referral.work_test_item (due_at) select :due from generate_series(1, :n)")
                .bind("due", due).bind("n", items).then().block();
    }

    private long count(String condition) {
        return db.sql("select count(*) as n from referral.work_test_item where " + condition)
                .map(row -> row.get("n", Long.class)).one().block();
    }

    private List<String> reasons(String state) {
        return Flux.from(db.sql("select reason from referral.work_test_item where state = :state order by id")
                .bind("state", state).map(row -> row.get("reason", String.class)).all()).collectList().block();
    }
}
