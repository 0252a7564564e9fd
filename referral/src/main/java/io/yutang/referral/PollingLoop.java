package io.yutang.referral;

import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs one round of durable work every interval on this instance, one round at a time: a tick
 * that comes while a round still runs is dropped, and a failed round is logged and left to the next.
 * Every module's durable workers (profile fetches, digests, reminders) declare one as a bean, so it
 * starts and stops with the application.
 */
public final class PollingLoop implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PollingLoop.class);

    private final String work;
    private final Duration initialDelay;
    private final Duration interval;
    private final Supplier<Mono<Void>> round;
    private volatile Disposable running;

    /** A loop named {@code work} for logs, running {@code round} every {@code interval} after {@code initialDelay}. */
    public PollingLoop(String work, Duration initialDelay, Duration interval, Supplier<Mono<Void>> round) {
        this.work = work;
        this.initialDelay = initialDelay;
        this.interval = interval;
        this.round = round;
    }

    /** Starts the rounds. */
    @Override
    public void start() {
        running = Flux.interval(initialDelay, interval)
                .onBackpressureDrop()
                .concatMap(tick -> Mono.defer(round).onErrorResume(e -> {
                    log.warn("{} round failed; the next round retries", work, e);
                    return Mono.empty();
                }), 1)
                .subscribe();
    }

    /** Stops after the round in progress, if any. */
    @Override
    public void stop() {
        Disposable loop = running;
        if (loop != null) {
            loop.dispose();
        }
    }

    /** Whether the loop runs. */
    @Override
    public boolean isRunning() {
        Disposable loop = running;
        return loop != null && !loop.isDisposed();
    }
}
