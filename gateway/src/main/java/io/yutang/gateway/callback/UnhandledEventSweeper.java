package io.yutang.gateway.callback;

import io.yutang.gateway.GatewayProperties;
import io.yutang.referral.work.Backoff;
import io.yutang.referral.work.Claim;
import io.yutang.referral.work.PollingLoop;
import io.yutang.referral.work.QueueTable;
import io.yutang.referral.work.WorkQueue;
import io.yutang.referral.work.WorkState;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Finishes stored events whose effects were not applied (the handler failed, the instance
 * stopped or crashed, or it was overloaded): on every instance, it claims such events from
 * {@code gateway.inbound_event} (a {@link WorkQueue}; an event is due {@code sweepAfter} after its
 * receipt) and runs their handler again, which marks them handled, sixteen at a time, batch after
 * batch while a backlog lasts. Handlers are idempotent, so a second run changes nothing. A failure is retried at the next sweep, and given up with its reason
 * after ten attempts.
 */
@Component
class UnhandledEventSweeper {

    private static final QueueTable<WorkState> TABLE = QueueTable.of("gateway.inbound_event", "id");
    private static final int MAX_ATTEMPTS = 10;
    private static final int BATCH = 200;
    private static final int CONCURRENCY = 16;
    private static final Duration LEASE = Duration.ofSeconds(60);

    private final InboundEvents events;
    private final EventHandling handling;
    private final GatewayProperties properties;
    private final Clock clock;
    private final WorkQueue<WorkState> queue;
    private final Backoff backoff;

    UnhandledEventSweeper(DatabaseClient db, InboundEvents events, EventHandling handling, GatewayProperties properties,
            Clock clock) {
        this.events = events;
        this.handling = handling;
        this.properties = properties;
        this.clock = clock;
        this.queue = new WorkQueue<>(db, TABLE, clock);
        this.backoff = new Backoff(properties.sweepInterval(), 1, properties.sweepInterval(), MAX_ATTEMPTS);
    }

    /** One sweep over a batch of the events that are due; emits whether more may be waiting (a full batch). */
    Mono<Boolean> sweep() {
        return queue.claim(clock.instant(), BATCH, LEASE)
                .collectList()
                .filter(claims -> !claims.isEmpty())
                .flatMap(claims -> events.byIds(claims.stream().map(Claim::id).toList())
                        .flatMap(found -> finishAll(claims, found).then())
                        .thenReturn(claims.size() == BATCH))
                .defaultIfEmpty(false);
    }

    /** A backlog (an overload left events to the sweeper) drains many at a time, like fresh events. */
    private Flux<Void> finishAll(List<Claim> claims, Map<Long, InboundEvents.Unhandled> events) {
        return Flux.fromIterable(claims).flatMap(claim -> finish(claim, events.get(claim.id())), CONCURRENCY);
    }

    private Mono<Void> finish(Claim claim, InboundEvents.Unhandled event) {
        return Mono.fromCallable(() -> InboundXml.parse(event.xml()))
                .flatMap(message -> handling.handle(claim.id(), event.appId(), message))
                .onErrorResume(failure -> queue.retry(claim, failure.getClass().getSimpleName() + ": " + failure.getMessage(),
                        backoff).then());
    }

    /** The queue, for its metrics. */
    @Bean
    WorkQueue<WorkState> inboundEventQueue() {
        return queue;
    }

    /** The sweeps, started and stopped with the application. */
    @Bean
    PollingLoop unhandledEventSweepLoop() {
        return PollingLoop.draining("Unhandled event sweep", properties.sweepInterval(), properties.sweepInterval(), this::sweep);
    }
}
