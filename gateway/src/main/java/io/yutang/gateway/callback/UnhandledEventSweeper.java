package io.yutang.gateway.callback;

import io.yutang.gateway.GatewayProperties;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Finishes stored events whose effects were not applied (the handler failed, the instance
 * stopped or crashed, or it was overloaded): on every instance, it leases such events from the store (skipping those another instance holds)
 * and runs their handler again. Handlers are idempotent, so a second run changes nothing.
 */
@Component
class UnhandledEventSweeper implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(UnhandledEventSweeper.class);
    private static final int MAX_ATTEMPTS = 10;
    private static final int BATCH = 50;
    private static final Duration LEASE = Duration.ofSeconds(60);

    private final InboundEvents events;
    private final EventHandling handling;
    private final Duration graceBeforeSweep;
    private final Repeating sweeping;

    UnhandledEventSweeper(InboundEvents events, EventHandling handling, GatewayProperties properties) {
        this.events = events;
        this.handling = handling;
        this.graceBeforeSweep = properties.sweepAfter();
        this.sweeping = new Repeating(properties.sweepInterval(), this::sweep, log,
                "Sweep of unhandled events failed; the next one retries");
    }

    @Override
    public void start() {
        sweeping.start();
    }

    /** One sweep over the events that are due. */
    Mono<Void> sweep() {
        return events.leaseUnhandled(graceBeforeSweep, MAX_ATTEMPTS, BATCH, LEASE)
                .concatMap(this::finish)
                .then();
    }

    private Mono<Void> finish(InboundEvents.Unhandled unhandled) {
        return Mono.fromCallable(() -> InboundXml.parse(unhandled.xml()))
                .flatMap(message -> handling.apply(unhandled.id(), unhandled.appId(), message))
                .onErrorResume(failure -> events.failed(unhandled.id(), failure));
    }

    @Override
    public void stop() {
        sweeping.stop();
    }

    @Override
    public boolean isRunning() {
        return sweeping.isRunning();
    }
}
