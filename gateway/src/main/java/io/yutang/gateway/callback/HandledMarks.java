package io.yutang.gateway.callback;

import io.yutang.referral.work.PollingLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Marks handled events in batches, one statement per batch instead of one per event, off the
 * reply path. A mark lost to a crash only means the sweeper runs that (idempotent) handler again.
 */
@Component
class HandledMarks implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(HandledMarks.class);
    private static final Duration EVERY = Duration.ofMillis(20);
    private static final int BATCH = 500;

    private final InboundEvents events;
    private final Queue<Long> pending = new ConcurrentLinkedQueue<>();
    private final PollingLoop flushing;

    HandledMarks(InboundEvents events) {
        this.events = events;
        this.flushing = new PollingLoop("Marking handled events (the sweeper applies unmarked ones again)", EVERY, EVERY,
                this::flush);
    }

    void add(long eventId) {
        pending.add(eventId);
    }

    /** Writes the marks collected so far. */
    Mono<Void> flush() {
        return Flux.defer(() -> Flux.fromIterable(drain()))
                .concatMap(events::handled)
                .then();
    }

    private List<List<Long>> drain() {
        List<List<Long>> batches = new ArrayList<>();
        List<Long> batch = new ArrayList<>();
        for (Long id = pending.poll(); id != null; id = pending.poll()) {
            batch.add(id);
            if (batch.size() == BATCH) {
                batches.add(batch);
                batch = new ArrayList<>();
            }
        }
        if (!batch.isEmpty()) {
            batches.add(batch);
        }
        return batches;
    }

    @Override
    public void start() {
        flushing.start();
    }

    @Override
    public void stop() {
        flushing.stop();
    }

    /** Stops polling and writes the marks still pending before the context goes on shutting down. */
    @Override
    public void stop(Runnable callback) {
        flushing.stop(() -> flush().timeout(Duration.ofSeconds(5))
                .doFinally(signal -> callback.run())
                .subscribe(done -> { }, e -> log.warn("Final handled marks not written; the sweeper applies them again", e)));
    }

    @Override
    public boolean isRunning() {
        return flushing.isRunning();
    }
}
