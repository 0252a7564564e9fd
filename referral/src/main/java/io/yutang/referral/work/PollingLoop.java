package io.yutang.referral.work;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Runs rounds of durable work on this instance, one round at a time: every interval, and, for a
 * draining loop, again at once while a round says more is waiting. A tick that comes while a round
 * runs is dropped; a failed round is logged and left to the next. Stopping lets the round in
 * progress finish (so work it took is recorded, not abandoned half-sent) and starts no other.
 * Every module's durable workers (profile fetches, digests, reminders) declare one as a bean, so it
 * starts and stops with the application.
 */
public final class PollingLoop implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PollingLoop.class);

    private final String work;
    private final Duration initialDelay;
    private final Duration interval;
    private final Round round;
    private final AtomicReference<Runnable> whenStopped = new AtomicReference<>();
    private volatile Sinks.Empty<Void> stopping;
    private volatile boolean stopRequested;
    private volatile Disposable running;

    /** One round of work; emits whether more is waiting. */
    @FunctionalInterface
    private interface Round {
        Mono<Boolean> run();
    }

    /** A loop named {@code work} for logs, running {@code round} every {@code interval} after {@code initialDelay}. */
    public PollingLoop(String work, Duration initialDelay, Duration interval, Supplier<Mono<Void>> round) {
        this(work, initialDelay, interval, (Round) () -> round.get().thenReturn(false));
    }

    private PollingLoop(String work, Duration initialDelay, Duration interval, Round round) {
        this.work = work;
        this.initialDelay = initialDelay;
        this.interval = interval;
        this.round = round;
    }

    /**
     * A loop whose rounds each take a bounded batch and emit whether more is waiting: it runs the
     * next round at once then, and waits for the next tick otherwise.
     */
    public static PollingLoop draining(String work, Duration initialDelay, Duration interval, Supplier<Mono<Boolean>> round) {
        return new PollingLoop(work, initialDelay, interval, (Round) round::get);
    }

    /** Starts the rounds. */
    @Override
    public void start() {
        Sinks.Empty<Void> stop = Sinks.empty();
        stopping = stop;
        stopRequested = false;
        running = Flux.interval(initialDelay, interval)
                .takeUntilOther(stop.asMono())
                .onBackpressureDrop()
                .concatMap(tick -> stopRequested ? Mono.<Void>empty() : Mono.defer(round::run)
                        .expand(more -> more && !stopRequested ? Mono.defer(round::run) : Mono.empty())
                        .onErrorResume(e -> {
                            log.warn("{} round failed; the next round retries", work, e);
                            return Mono.empty();
                        })
                        .then(), 1)
                .doFinally(signal -> {
                    Runnable callback = whenStopped.getAndSet(null);
                    if (callback != null) {
                        callback.run();
                    }
                })
                .subscribe();
    }

    /** Starts no further round; {@code callback} runs once the round in progress, if any, has finished. */
    @Override
    public void stop(Runnable callback) {
        Disposable loop = running;
        Sinks.Empty<Void> stop = stopping;
        if (loop == null || loop.isDisposed() || stop == null) {
            callback.run();
            return;
        }
        whenStopped.set(callback);
        stopRequested = true;
        stop.tryEmitEmpty();
    }

    /** Stops at once, abandoning a round in progress (its leased work is taken over when the lease runs out). */
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
