package io.yutang.referral.behaviour;

import io.yutang.referral.BehaviourListener;
import io.yutang.referral.ContactId;
import io.yutang.referral.work.Backoff;
import io.yutang.referral.work.Claim;
import io.yutang.referral.work.PollingLoop;
import io.yutang.referral.work.QueueTable;
import io.yutang.referral.work.WorkQueue;
import io.yutang.referral.work.WorkState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Hands changed contacts ({@code referral.behaviour_change}, a {@link WorkQueue}) to every
 * {@link BehaviourListener}, in batches, on every instance. A batch the listeners fail on is
 * retried after a backoff; one whose contacts changed again meanwhile stays pending (its fence moved).
 */
@Component
public class BehaviourChanges {

    private static final QueueTable<WorkState> TABLE = QueueTable.of("referral.behaviour_change", "contact_id");
    private static final int BATCH = 500;
    private static final Duration LEASE = Duration.ofMinutes(2);
    private static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(5), 2, Duration.ofMinutes(10), 50);

    private final DatabaseClient db;
    private final WorkQueue<WorkState> queue;
    private final List<BehaviourListener> listeners;
    private final Clock clock;

    /** Hands changes to {@code listeners} (in the app: every {@link BehaviourListener} bean). */
    public BehaviourChanges(DatabaseClient db, List<BehaviourListener> listeners, Clock clock) {
        this.db = db;
        this.queue = new WorkQueue<>(db, TABLE, clock);
        this.listeners = listeners;
        this.clock = clock;
    }

    /** One batch of due changes; emits whether a full batch was taken (more may be waiting). */
    public Mono<Boolean> handOver() {
        return queue.claim(clock.instant(), BATCH, LEASE).collectList().flatMap(claims -> {
            if (claims.isEmpty()) {
                return Mono.just(false);
            }
            List<ContactId> contacts = claims.stream().map(claim -> new ContactId(claim.id())).toList();
            return Flux.fromIterable(listeners).concatMap(listener -> listener.changed(contacts)).then()
                    .then(queue.finishAll(claims, WorkState.DONE))
                    .then(dueAgainNow(contacts))
                    .onErrorResume(failure -> Flux.fromIterable(claims)
                            .concatMap(claim -> queue.retry(claim, failure.getClass().getSimpleName() + ": " + failure.getMessage(),
                                    BACKOFF))
                            .then())
                    .thenReturn(claims.size() >= BATCH);
        });
    }

    /**
     * Contacts that changed again while this batch held them were left pending until the lease's
     * end (so no other instance read them meanwhile); the batch is done, so they are due now.
     */
    private Mono<Void> dueAgainNow(List<ContactId> contacts) {
        Instant now = clock.instant();
        return db.sql("""
                        update referral.behaviour_change set due_at = :now
                         where contact_id = any(:contacts) and state = 'PENDING' and due_at > :now""")
                .bind("now", now)
                .bind("contacts", contacts.stream().map(ContactId::value).toArray(Long[]::new))
                .then();
    }

    /** The queue, for its metrics. */
    @Bean
    WorkQueue<WorkState> behaviourChangeQueue() {
        return queue;
    }

    /** The rounds, started and stopped with the application. */
    @Bean
    PollingLoop behaviourChangeLoop() {
        return PollingLoop.draining("Behaviour changes", INTERVAL, INTERVAL, this::handOver);
    }
}
